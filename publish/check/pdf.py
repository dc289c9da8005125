"""PDF checks: structure (qpdf), fonts (pdffonts), page boxes (pikepdf), images (pdfimages), text (pdftotext),
and a PDF/X claim (``pdfx.py``).

The print edition (``<name>.pdf``) is preflighted as a print shop would: one trim size,
a bleed of at least 3 mm, every font embedded and subset, images of 300 ppi or more at
their printed size, an even page count. The screen edition (``<name>-screen.pdf``) has
no bleed by design, and its images need not be print-sharp.
"""
from __future__ import annotations

import re
from pathlib import Path

from publish.diagnostics import WARNING, Diagnostic

from .pdfx import check_pdfx
from .tools import ValidatorProblem, failed, first_error_line, require_command, run

TIMEOUT = 300
EPSILON = 0.01  # points
MM_PT = 72 / 25.4
MIN_BLEED_MM = 3.0
MIN_PPI = 300
SCREEN_SUFFIX = "-screen.pdf"


def is_screen_edition(pdf: Path) -> bool:
    return pdf.name.endswith(SCREEN_SUFFIX)


def check_pdf(pdf: Path) -> list[Diagnostic]:
    damage = unreadable(pdf)
    if damage:
        return [damage]  # the other checks would only fail on it
    found = []
    checks = (qpdf, pdffonts, page_boxes, pdftotext, check_pdfx) + (() if is_screen_edition(pdf) else
                                                                    (press, pdfimages))
    for check in checks:
        try:
            found += check(pdf)
        except ValidatorProblem as problem:
            found.append(problem.diagnostic())
    return found


def unreadable(pdf: Path) -> Diagnostic | None:
    """A ``pdf-damaged`` error when the file cannot be opened as a PDF at all (truncated, overwritten)."""
    try:
        import pikepdf
    except ImportError:
        return None  # page_boxes reports it
    try:
        with pikepdf.open(pdf) as doc:
            len(doc.pages)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return Diagnostic("pdf-damaged", f"the PDF cannot be read: {str(exc).removeprefix(str(pdf) + ': ')}",
                          str(pdf), hint="build it again (make pdf); if it was copied, copy it again")
    return None


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
        if font["emb"] == "yes" and font["sub"] != "yes" and not font["type"].startswith("Type 3"):
            found.append(Diagnostic("pdf-font-not-subset", f"font {name} is embedded whole, not subset",
                                    str(pdf), severity=WARNING,
                                    hint="a subset carries only the glyphs the book uses"))
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


# ------------------------------------------------------------------ the press: trim, bleed, page count

def press(pdf: Path) -> list[Diagnostic]:
    """One trim size on every page, a bleed of at least 3 mm at the head, the foot and the fore-edge, an even
    number of pages."""
    try:
        import pikepdf
    except ImportError:
        return []  # page_boxes reports it
    try:
        with pikepdf.open(pdf) as doc:
            trims = [_size(page.obj.TrimBox) for page in doc.pages if "/TrimBox" in page.obj]
            bleeds = [_margin(page.obj.TrimBox, page.obj.BleedBox) for page in doc.pages
                      if "/TrimBox" in page.obj and "/BleedBox" in page.obj]
            count = len(doc.pages)
    except pikepdf.PdfError:
        return []  # page_boxes reports what cannot be read
    found = []
    sizes = sorted({(round(w / MM_PT, 1), round(h / MM_PT, 1)) for w, h in trims})
    if len(sizes) > 1:
        found.append(Diagnostic("pdf-trim-mixed", "pages of different trim sizes: " + ", ".join(
            f"{w:g}×{h:g} mm" for w, h in sizes), str(pdf), hint="a book has one trim size: print: trim"))
    thinnest = min(bleeds, default=0.0) / MM_PT
    if thinnest < MIN_BLEED_MM - 0.05:
        found.append(Diagnostic("pdf-bleed", f"a bleed of {thinnest:.1f} mm; print shops ask for "
                                f"{MIN_BLEED_MM:g} mm beyond the trim", str(pdf), severity=WARNING,
                                hint="leave out 'bleed:' under 'print' for the default 3 mm"))
    if count % 2 and count > 1:  # a single sheet (a flyer, a cover) is printed on one side
        found.append(Diagnostic("pdf-page-count", f"{count} pages: a printed book has an even number of pages",
                                str(pdf), severity=WARNING, hint="the printer will add a blank page at the end"))
    return found


def _size(box) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return abs(x1 - x0), abs(y1 - y0)


def _margin(inner, outer) -> float:
    """The narrowest distance from ``inner`` out to ``outer`` at the head, the foot and the fore-edge (the wider
    of the two sides: a page may have no bleed at the spine, as print-on-demand services ask)."""
    a = [float(v) for v in inner]
    b = [float(v) for v in outer]
    return min(max(min(a[0], a[2]) - min(b[0], b[2]), max(b[0], b[2]) - max(a[0], a[2])),
               min(a[1], a[3]) - min(b[1], b[3]), max(b[1], b[3]) - max(a[1], a[3]))


# ------------------------------------------------------------------ images at their printed size

def pdfimages(pdf: Path) -> list[Diagnostic]:
    """Images under 300 ppi at the size they are printed (``pdfimages -list`` measures it)."""
    proc = run("pdfimages", [require_command("pdfimages", "pdfimages", pdf), "-list", str(pdf)], TIMEOUT, file=pdf)
    if proc.returncode != 0:
        raise failed("pdfimages", f"exit status {proc.returncode}: {first_error_line(proc.stderr)}", pdf)
    found = []
    for row in proc.stdout.splitlines()[2:]:
        cells = row.split()
        if len(cells) < 14 or cells[2] == "smask":
            continue
        page, ppi = int(cells[0]), min(float(cells[12]), float(cells[13]))
        if ppi < MIN_PPI:
            found.append(Diagnostic("pdf-image-resolution", f"an image of {cells[3]}×{cells[4]} pixels on page "
                                    f"{page} prints at {ppi:.0f} ppi, under {MIN_PPI}", str(pdf), severity=WARNING,
                                    hint=f"use an image of at least {MIN_PPI} pixels per inch of its printed width, "
                                    "or print it smaller"))
    return found
