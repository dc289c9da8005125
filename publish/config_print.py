"""The ``print:`` section of ``series.yml``: trim size, bleed, crop marks, PDF/X, a list of the series' other books.

```yaml
print:
  trim: 6x9in          # 6x9in (default), 5.5x8.5in, 5x8in, a5, royal, demy, or e.g. 150x230mm
  bleed: 3mm           # default 3mm; 0 for a printer that trims nothing
  marks: crop          # crop marks outside the bleed; default none
  also: [Title One, Title Two]   # other books of the series, listed on an "Also in this series" page
```
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from publish.diagnostics import Report

# Trim sizes by name, in millimetres (width, height).
TRIM_SIZES = {
    "6x9in": (152.4, 228.6),
    "5.5x8.5in": (139.7, 215.9),
    "5x8in": (127.0, 203.2),
    "a5": (148.0, 210.0),
    "royal": (156.0, 234.0),
    "demy": (138.0, 216.0),
}
UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
EXPLICIT_SIZE = re.compile(r"^\s*([\d.]+)\s*x\s*([\d.]+)\s*(mm|cm|in|pt)\s*$")
LENGTH = re.compile(r"^\s*([\d.]+)\s*(mm|cm|in|pt)?\s*$")
MARKS = ("none", "crop")
MAX_BLEED_MM = 10.0
PRINT_KEYS = {"trim", "bleed", "marks", "also"}


@dataclass(frozen=True)
class PrintSettings:
    """Page geometry of the print PDF."""

    trim: str = "6x9in"            #: a name from TRIM_SIZES or 'WxHunit', e.g. '150x230mm'
    width_mm: float = 152.4
    height_mm: float = 228.6
    bleed_mm: float = 3.0          #: printed beyond the trim on every side (TrimBox inside BleedBox)
    marks: str = "none"            #: 'crop': crop marks outside the bleed
    also: tuple[str, ...] = ()     #: other books of the series, for an "Also in this series" page

    @property
    def media_bleed_mm(self) -> float:
        """How far the sheet reaches beyond the trim: the bleed, plus room for the marks outside it."""
        return self.bleed_mm + (2 * max(self.bleed_mm, 3.0) + 4.0 if self.marks == "crop" else 0.0)


def parse_trim(value, report: Report, path: Path, line: int | None) -> tuple[str, float, float] | None:
    text = str(value).strip().lower().replace(" ", "")
    if text in TRIM_SIZES:
        return (text, *TRIM_SIZES[text])
    match = EXPLICIT_SIZE.match(str(value).lower())
    if match and float(match.group(1)) > 0 and float(match.group(2)) > 0:
        factor = UNITS_MM[match.group(3)]
        return text, float(match.group(1)) * factor, float(match.group(2)) * factor
    report.add("config-trim", f"unknown trim size '{value}'", file=path, line=line,
               hint=f"use one of {', '.join(TRIM_SIZES)} or a size such as '150x230mm'")
    return None


def parse_bleed(value, report: Report, path: Path, line: int | None) -> float | None:
    """A length such as '3mm' or '0.125in' (a bare number is millimetres)."""
    match = LENGTH.match(str(value).lower())
    if match:
        millimetres = float(match.group(1)) * UNITS_MM[match.group(2) or "mm"]
        if millimetres <= MAX_BLEED_MM:
            return millimetres
    report.add("config-bleed", f"'bleed: {value}' is not a bleed of 0 to {MAX_BLEED_MM:g} mm", file=path,
               line=line, hint="write e.g. 'bleed: 3mm' or 'bleed: 0.125in' (0 for no bleed)")
    return None


def parse_marks(value, report: Report, path: Path, line: int | None) -> str | None:
    text = "none" if value in (None, False) else str(value).strip().lower()
    if text in MARKS:
        return text
    report.add("config-marks", f"unknown printer's marks '{value}'", file=path, line=line,
               hint="use 'marks: crop' for crop marks, or leave it out")
    return None


def parse_print(section: dict, report: Report, path: Path, line: int | None) -> PrintSettings:
    """The settings of a ``print:`` mapping (unknown keys are reported by the caller)."""
    default = PrintSettings()
    trim = parse_trim(section["trim"], report, path, line) if "trim" in section else None
    bleed = parse_bleed(section["bleed"], report, path, line) if "bleed" in section else None
    marks = parse_marks(section.get("marks"), report, path, line)
    also = section.get("also") or []
    if not isinstance(also, list):
        report.add("config-type", "'also' under 'print' must be a list of titles", file=path, line=line)
        also = []
    name, width, height = trim or (default.trim, default.width_mm, default.height_mm)
    return PrintSettings(name, width, height, default.bleed_mm if bleed is None else bleed, marks or "none",
                         tuple(str(title).strip() for title in also if str(title).strip()))
