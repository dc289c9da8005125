"""PDF checks: structure (qpdf), fonts (pdffonts), page boxes (pikepdf) and text (pdftotext)."""
from __future__ import annotations

import re
from pathlib import Path

from publish.diagnostics import WARNING, Diagnostic

from .tools import ValidatorProblem, failed, first_error_line, require_command, run

TIMEOUT = 300
EPSILON = 0.01  # points


def check_pdf(pdf: Path) -> list[Diagnostic]:
    found = []
    for check in (qpdf, pdffonts, page_boxes, pdftotext):
        try:
            found += check(pdf)
        except ValidatorProblem as problem:
            found.append(problem.diagnostic())
    return found


def qpdf(pdf: Path) -> list[Diagnostic]:
    proc = run("qpdf", [require_command("qpdf", "qpdf", pdf), "--check", str(pdf)], TIMEOUT, file=pdf)
    output = proc.stdout + proc.stderr
    if proc.returncode == 0:
        return []
    lines = [line.strip() for line in output.splitlines() if "warning" in line.lower()
             or "error" in line.lower() or "damaged" in line.lower()]
    summary = "; ".join(lines[:3]) or first_error_line(output)
    if proc.returncode == 3 and "damaged" not in output.lower():
        return [Diagnostic("pdf-qpdf", f"qpdf warnings: {summary}", str(pdf), severity=WARNING)]
    if proc.returncode in (2, 3):
        return [Diagnostic("pdf-qpdf", f"damaged PDF: {summary}", str(pdf))]
    raise failed("qpdf", f"exit status {proc.returncode}: {summary}", pdf)


def pdffonts(pdf: Path) -> list[Diagnostic]:
    proc = run("pdffonts", [require_command("pdffonts", "pdffonts", pdf), str(pdf)], TIMEOUT, file=pdf)
    if proc.returncode != 0:
        raise failed("pdffonts", f"exit status {proc.returncode}: {first_error_line(proc.stderr)}", pdf)
    found = []
    for font in parse_pdffonts(proc.stdout):
        name = font["name"] or "(unnamed)"
        if font["emb"] != "yes":
            found.append(Diagnostic("pdf-font-not-embedded", f"font {name} ({font['type']}) is not embedded",
                                    str(pdf), hint="every font of a print PDF must be embedded"))
        if font["type"].startswith("Type 3"):
            found.append(Diagnostic("pdf-font-type3", f"font {name} is a Type 3 font", str(pdf),
                                    severity=WARNING))
        if font["uni"] != "yes":
            found.append(Diagnostic("pdf-font-no-tounicode",
                                    f"font {name} has no ToUnicode map: its text cannot be copied or searched",
                                    str(pdf), severity=WARNING))
    return found


def parse_pdffonts(output: str) -> list[dict]:
    """Rows of ``pdffonts`` as dicts (read from the right: long names shift the columns)."""
    lines = output.splitlines()
    if len(lines) < 2 or not lines[1].startswith("-"):
        raise failed("pdffonts", "unexpected output: " + (lines[0] if lines else "nothing"))
    rows = []
    for line in filter(str.strip, lines[2:]):
        match = _FONT_ROW.match(line)
        if not match:
            raise failed("pdffonts", f"unexpected line: {line.strip()}")
        left = match["left"]
        name = "" if left[:1].isspace() else left.split()[0]
        kind = _FONT_TYPE.search(left[len(name):])
        rows.append({"name": name, "type": kind.group(0) if kind else "unknown",
                     "emb": match["emb"], "sub": match["sub"], "uni": match["uni"]})
    return rows


_FONT_ROW = re.compile(r"^(?P<left>.*?)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)\s+(?P<uni>yes|no)"
                       r"\s+\d+\s+\d+\s*$")
_FONT_TYPE = re.compile(r"(CID )?(Type 1C|Type 1|Type 3|Type 0C|Type 0|TrueType)( \(OT\))?|unknown")


def pdftotext(pdf: Path) -> list[Diagnostic]:
    cmd = [require_command("pdftotext", "pdftotext", pdf), "-q", "-enc", "UTF-8", str(pdf), "-"]
    proc = run("pdftotext", cmd, TIMEOUT, file=pdf)
    if proc.returncode != 0:
        raise failed("pdftotext", f"exit status {proc.returncode}: {first_error_line(proc.stderr)}", pdf)
    if not proc.stdout.split():
        return [Diagnostic("pdf-no-text", "no extractable text: the text may be drawn as outlines or images",
                           str(pdf))]
    bad = proc.stdout.count("\ufffd")
    if bad:
        return [Diagnostic("pdf-text-unmappable", f"{bad} characters cannot be mapped to Unicode",
                           str(pdf), severity=WARNING)]
    return []


# ------------------------------------------------------------------ page boxes

def page_boxes(pdf: Path) -> list[Diagnostic]:
    """Every page has a TrimBox, inside its BleedBox, inside its MediaBox."""
    try:
        import pikepdf
    except ImportError:
        raise ValidatorProblem("validator-missing", "pikepdf", "not installed (Python package)",
                               pdf, hint="run: make venv") from None
    problems: dict[str, list[int]] = {}
    try:
        with pikepdf.open(pdf) as doc:
            for number, page in enumerate(doc.pages, 1):
                for problem in _box_problems(page.obj, [float(x) for x in page.mediabox]):
                    problems.setdefault(problem, []).append(number)
    except pikepdf.PdfError as exc:
        return [Diagnostic("pdf-boxes", f"cannot read the pages: {exc}", str(pdf))]
    return [Diagnostic("pdf-boxes", f"{problem} on {_pages(numbers)}", str(pdf),
                       hint="set the trim size and bleed with @page { size; bleed }")
            for problem, numbers in problems.items()]


def _box_problems(page, media: list[float]) -> list[str]:
    if "/TrimBox" not in page:
        return ["no TrimBox"]
    trim = [float(x) for x in page.TrimBox]
    bleed = [float(x) for x in page.BleedBox] if "/BleedBox" in page else _crop(page, media)
    problems = []
    if not _inside(trim, bleed):
        problems.append(f"TrimBox {_box(trim)} is not inside BleedBox {_box(bleed)}")
    if not _inside(bleed, media):
        problems.append(f"BleedBox {_box(bleed)} is not inside MediaBox {_box(media)}")
    return problems


def _crop(page, media: list[float]) -> list[float]:
    return [float(x) for x in page.CropBox] if "/CropBox" in page else media


def _inside(inner: list[float], outer: list[float]) -> bool:
    x0, y0, x1, y1 = min(inner[0], inner[2]), min(inner[1], inner[3]), max(inner[0], inner[2]), max(inner[1], inner[3])
    a0, b0, a1, b1 = min(outer[0], outer[2]), min(outer[1], outer[3]), max(outer[0], outer[2]), max(outer[1], outer[3])
    return x0 >= a0 - EPSILON and y0 >= b0 - EPSILON and x1 <= a1 + EPSILON and y1 <= b1 + EPSILON


def _box(box: list[float]) -> str:
    return "[" + " ".join(f"{v:g}" for v in (round(x, 2) for x in box)) + "]"


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:8]))
    more = f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"
