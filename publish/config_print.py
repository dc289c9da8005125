"""The ``print:`` section of ``series.yml``: trim size, bleed, crop marks, PDF/X, a list of the series' other books.

```yaml
print:
  trim: 6x9in          # 6x9in (default), 5.5x8.5in, 5x8in, a5, royal, demy, or e.g. 150x230mm
  bleed: 3mm           # default 3mm; 0 for a printer that trims nothing
  marks: crop          # crop marks outside the bleed; default none
  also: [Title One, Title Two]   # other books of the series, listed on an "Also in this series" page
  pdfx: x-1a           # PDF/X-1a:2001 (CMYK only, no transparency) or x-4 (PDF/X-4); default: neither
  paper: white         # the cover's spine: white (0.002252 in a page) or cream (0.0025 in)
  spine_per_page: 0.0025in   # or the paper's own thickness a page (overrides paper)
  gutter_bleed: no     # no bleed at the spine side of each page, as KDP and IngramSpark ask; default yes
```
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ValidationInfo

from publish.schema import Item, Schema, as_list, filled, refuse, scalar

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
NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
EXPLICIT_SIZE = re.compile(rf"^\s*{NUMBER}\s*x\s*{NUMBER}\s*(mm|cm|in|pt)\s*$")
LENGTH = re.compile(rf"^\s*{NUMBER}\s*(mm|cm|in|pt)?\s*$")
MARKS = ("none", "crop")
MAX_BLEED_MM = 10.0
TRIM_MM = (70.0, 600.0)  #: the narrowest and the widest side of a page the print book can be laid out on
PRINT_KEYS = {"trim", "bleed", "marks", "also", "pdfx", "paper", "spine_per_page", "gutter_bleed"}
PDFX = ("x-1a", "x-4")
PAPER_IN = {"white": 0.002252, "cream": 0.0025}  #: the thickness of a page (a leaf is two pages), KDP's figures
MAX_PAGE_MM = 0.5  #: no paper is thicker a page


@dataclass(frozen=True)
class PrintSettings:
    """Page geometry of the print PDF."""

    trim: str = "6x9in"            #: a name from TRIM_SIZES or 'WxHunit', e.g. '150x230mm'
    width_mm: float = 152.4
    height_mm: float = 228.6
    bleed_mm: float = 3.0          #: printed beyond the trim on every side (TrimBox inside BleedBox)
    marks: str = "none"            #: 'crop': crop marks outside the bleed
    also: tuple[str, ...] = ()     #: other books of the series, for an "Also in this series" page
    pdfx: str | None = None        #: 'x-1a' or 'x-4': the print book and cover claim PDF/X (``pdf/pdfx``)
    page_mm: float = PAPER_IN["white"] * 25.4  #: the cover's spine grows by this much a page
    gutter_bleed: bool = True      #: False: the print book's pages bleed on their three outer sides only

    @property
    def media_bleed_mm(self) -> float:
        """How far the sheet reaches beyond the trim: the bleed, plus room for the marks outside it."""
        return self.bleed_mm + (2 * max(self.bleed_mm, 3.0) + 4.0 if self.marks == "crop" else 0.0)


def parse_trim(value, info: ValidationInfo) -> tuple[str, float, float]:
    written = scalar(value, info, "a trim size")
    name = written.lower().replace(" ", "")
    if name in TRIM_SIZES:
        return (name, *TRIM_SIZES[name])
    match = EXPLICIT_SIZE.match(written.lower())
    if match:
        factor = UNITS_MM[match.group(3)]
        width, height = float(match.group(1)) * factor, float(match.group(2)) * factor
        if TRIM_MM[0] <= min(width, height) and max(width, height) <= TRIM_MM[1]:
            return name, width, height
        raise refuse("config-trim", f"trim size '{written}' is not from {TRIM_MM[0]:g} to {TRIM_MM[1]:g} mm a side",
                     "a book page is e.g. '6x9in' or '150x230mm'")
    raise refuse("config-trim", f"unknown trim size '{written}'",
                 f"use one of {', '.join(TRIM_SIZES)} or a size such as '150x230mm'")


def parse_bleed(value, info: ValidationInfo) -> float:
    """A length such as '3mm' or '0.125in' (a bare number is millimetres)."""
    written = scalar(value, info, "a length")
    match = LENGTH.match(written.lower())
    if match:
        millimetres = float(match.group(1)) * UNITS_MM[match.group(2) or "mm"]
        if millimetres <= MAX_BLEED_MM:
            return millimetres
    raise refuse("config-bleed", f"'bleed: {written}' is not a bleed of 0 to {MAX_BLEED_MM:g} mm",
                 "write e.g. 'bleed: 3mm' or 'bleed: 0.125in' (0 for no bleed)")


def parse_marks(value, info: ValidationInfo) -> str:
    written = "none" if value in (None, False) else scalar(value, info, "'crop' or 'none'").lower()
    if written in MARKS:
        return written
    raise refuse("config-marks", f"unknown printer's marks '{value}'",
                 "use 'marks: crop' for crop marks, or leave it out")


def parse_pdfx(value, info: ValidationInfo) -> str | None:
    if value is None:
        return None
    written = scalar(value, info, "'x-1a' or 'x-4'").lower().replace("pdf/", "")
    if written in PDFX:
        return written
    raise refuse("config-pdfx", f"unknown PDF/X variant '{value}'",
                 "use 'pdfx: x-1a' (PDF/X-1a:2001, what IngramSpark asks for) or 'pdfx: x-4', or leave it out")


def parse_paper(value, info: ValidationInfo) -> float | None:
    if value is None:
        return None
    written = scalar(value, info, "'white' or 'cream'").lower()
    if written in PAPER_IN:
        return PAPER_IN[written] * 25.4
    raise refuse("config-paper", f"unknown paper '{value}'",
                 "use 'paper: white' or 'paper: cream', or give the thickness of a page: 'spine_per_page: 0.0025in'")


def parse_page_thickness(value, info: ValidationInfo) -> float | None:
    """The thickness of one page, e.g. '0.0025in' or '0.06mm' (a bare number is inches, as printers give it)."""
    if value is None:
        return None
    written = scalar(value, info, "a length")
    match = LENGTH.match(written.lower())
    if match:
        millimetres = float(match.group(1)) * UNITS_MM[match.group(2) or "in"]
        if 0 < millimetres <= MAX_PAGE_MM:
            return millimetres
    raise refuse("config-paper", f"'spine_per_page: {written}' is not the thickness of a page",
                 "write e.g. 'spine_per_page: 0.0025in' (what the printer gives for its paper)")


def parse_switch(value, info: ValidationInfo) -> bool:
    if isinstance(value, bool):
        return value
    written = scalar(value, info, "yes or no").lower()
    if written in ("yes", "true", "on"):
        return True
    if written in ("no", "false", "off"):
        return False
    raise refuse("config-gutter-bleed", f"'gutter_bleed: {written}' is neither yes nor no",
                 "write 'gutter_bleed: no' for pages that bleed only at head, foot and fore-edge, as KDP and "
                 "IngramSpark ask; leave it out for a bleed on every side")


class PrintSection(Schema):
    """The ``print:`` mapping, as written (unknown keys are reported by the caller)."""

    trim: Annotated[tuple[str, float, float], BeforeValidator(parse_trim)] = \
        ("6x9in", *TRIM_SIZES["6x9in"])
    bleed: Annotated[float, BeforeValidator(parse_bleed)] = 3.0
    marks: Annotated[str, BeforeValidator(parse_marks)] = "none"
    also: Annotated[tuple[Item, ...], as_list("a list of titles"), AfterValidator(filled)] = ()
    pdfx: Annotated[str | None, BeforeValidator(parse_pdfx)] = None
    paper: Annotated[float | None, BeforeValidator(parse_paper)] = None
    spine_per_page: Annotated[float | None, BeforeValidator(parse_page_thickness)] = None
    gutter_bleed: Annotated[bool, BeforeValidator(parse_switch)] = True

    def settings(self) -> PrintSettings:
        name, width, height = self.trim
        page = self.spine_per_page or self.paper or PAPER_IN["white"] * 25.4
        return PrintSettings(name, width, height, self.bleed, self.marks, self.also, self.pdfx, page,
                             self.gutter_bleed)
