"""The full-wrap cover for the press (``<name>-cover.pdf``): back, spine and front on one sheet.

The sheet is the book's trim twice plus the spine wide, the trim high, with the book's bleed all round
(TrimBox and BleedBox set, no printer's marks: print-on-demand services place their own). The spine is
as thick as the print book's pages make it: ``pages × print.page_mm`` (``paper: white`` 0.002252 in a
page, ``cream`` 0.0025 in, or ``spine_per_page``). Its text (title, authors, publisher, running top to
bottom) is set only when the spine is SPINE_TEXT_MM wide or more, what 80 pages of white paper make:
KDP allows no text on a narrower spine, as a spine that thin cannot hold a line safely. Its type is
SPINE_TEXT_PT, or smaller on a spine too thin to keep the line SPINE_MARGIN_IN from each fold (``spine_type``).

The front is the series' own ``cover.jpg``/``cover.png`` (``publish.cover``), covering the front and its
bleed, or the drawn cover's design set in type (its colours and lines of text, in the book's font). The
back carries the ``description`` and, for an ``urn:isbn:`` identifier, its EAN-13 barcode (python-barcode,
an SVG: bars as vectors, at 100 % magnification, 0.33 mm a module), in a white box BARCODE_IN large at
the lower right, BARCODE_GAP_IN from the trim and the spine.

A book written right to left (``messages.is_rtl``) is bound on the right, and its sheet is the mirror: the
front on the left, the back on the right with its barcode at the lower left (by the spine, as the lower right
is on a Latin book's back), the description set from the right, and the spine's text running bottom to top
(upright when the book lies face up, front cover on top, as the top-to-bottom line of a Latin book is: the
spine of a book bound on the right is on the reader's right). With ``print: pdfx`` the cover is made PDF/X
as the book is (``pdfx``).
"""
from __future__ import annotations

import base64
import io
from math import ceil
from dataclasses import dataclass
from pathlib import Path

import barcode
from barcode.writer import SVGWriter
from PIL import Image
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.checks.images import MIN_PPI
from publish.adapters.pdf.layout.fence import LocalFetcher, captured_log
from publish.adapters.pdf.press import exact_bleed_box
from publish.config import SeriesConfig
from publish.cover import INK, ITALIC, PAPER, ROMAN, RULE, SUPPLIED, supplied_cover
from publish.diagnostics import Report
from publish.isbn import isbn13, isbn_of
from publish.messages import is_rtl
from publish.paths import FONTS, STYLES
from publish.templates import render

TEMPLATE = "pdf/cover.html"
IN_MM = 25.4
PX_PER_MM = 96 / IN_MM
SPINE_TEXT_MM = 80 * 0.002252 * IN_MM  #: 4.58 mm: the narrowest spine that carries text (80 white pages)
SPINE_TEXT_PT = 10.0                    #: the spine's type, smaller on a spine too thin for it
SPINE_MARGIN_IN = 1 / 16                #: the spine's text keeps this far from each fold (KDP's figure)
TYPE_HEIGHT_EM = 1.14                   #: Libertine's ascent and descent (894 + 246 units of 1000): its line's height
SAFE_IN = 0.5                           #: text keeps this far from the trim, the spine and the folds
BARCODE_IN = (2.0, 1.2)
BARCODE_GAP_IN = 0.5                    #: from the trim and from the spine (0.25 in at least)
MODULE_MM, BARS_MM, QUIET_MM = 0.33, 18.0, 3.63  #: EAN-13 at 100 %: 11 modules of quiet zone on the left


@dataclass(frozen=True)
class CoverBox:
    """The cover's geometry, in mm, measured from the trim's top left corner."""

    side: float     #: the book's trim width: the back and the front
    spine: float
    height: float
    bleed: float
    safe: float = SAFE_IN * IN_MM
    barcode_width: float = BARCODE_IN[0] * IN_MM
    barcode_height: float = BARCODE_IN[1] * IN_MM
    barcode_gap: float = BARCODE_GAP_IN * IN_MM

    @property
    def width(self) -> float:
        return 2 * self.side + self.spine

    @property
    def frame(self) -> float:
        return self.side * 85 / 1600  #: the drawn cover's frame, where publish.cover draws it


@dataclass(frozen=True)
class Barcode:
    uri: str        #: the SVG, as a data: URL
    digits: str     #: the 13 digits, printed under the bars
    width: float    #: mm
    height: float


def cover_box(config: SeriesConfig, pages: int) -> CoverBox:
    settings = config.print
    return CoverBox(settings.width_mm, pages * settings.page_mm, settings.height_mm, settings.bleed_mm)


def ean13(isbn: str) -> Barcode:
    """The EAN-13 barcode of ``isbn`` (13 digits), as an SVG of its bars alone."""
    code = barcode.get("ean13", isbn[:12], writer=SVGWriter())
    out = io.BytesIO()
    code.write(out, options={"module_width": MODULE_MM, "module_height": BARS_MM, "quiet_zone": QUIET_MM,
                             "write_text": False, "margin_top": 0, "margin_bottom": 0, "compress": False,
                             "background": "white", "foreground": "black"})
    uri = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    return Barcode(uri, code.get_fullcode(), 2 * QUIET_MM + 95 * MODULE_MM, BARS_MM)


def _css_colour(rgb: tuple[int, int, int]) -> str:
    return "rgb({}, {}, {})".format(*rgb)


def cover_html(config: SeriesConfig, box: CoverBox, image: str | None) -> str:
    isbn = isbn_of(config.identifier)
    digits = isbn13(isbn) if isbn else None
    return render(TEMPLATE, series=config, box=box, image=image, mm=lambda value: f"{value:.3f}mm",
                  fonts=FONTS.as_uri(), roman=ROMAN, italic=ITALIC, paper=_css_colour(PAPER),
                  ink=_css_colour(INK), rule=_css_colour(RULE), isbn=isbn,
                  barcode=ean13(digits) if digits else None, spine_text=box.spine >= SPINE_TEXT_MM,
                  spine_pt=spine_type(box), rtl=is_rtl(config.language))


def spine_type(box: CoverBox) -> float:
    """The spine's type size (pt): SPINE_TEXT_PT, or what keeps its line SPINE_MARGIN_IN from each fold (none on a
    spine too thin for any)."""
    room = (box.spine - 2 * SPINE_MARGIN_IN * IN_MM) * 72 / IN_MM
    return max(0.0, min(SPINE_TEXT_PT, room / TYPE_HEIGHT_EM))


def write_cover(config: SeriesConfig, pages: int, target: Path, report: Report) -> None:
    """Write the cover of a print book of ``pages`` pages to ``target``."""
    box = cover_box(config, pages)
    image = report_cover_image(config, box, report)
    fetcher = LocalFetcher([config.folder, STYLES])
    records: list = []
    with captured_log(records):
        html = cover_html(config, box, image.as_uri() if image else None)
        document = HTML(string=html, url_fetcher=fetcher, base_url=config.folder.as_uri() + "/").render()
        document.write_pdf(target, finisher=exact_bleed_box(config.print))
    where = config.folder / "series.yml"
    for record in records:
        report.warn("pdf-cover-log", f"the cover: {record.getMessage()}", file=where)
    for problem in crowded(document.pages[0], box, barcode="class=\"barcode\"" in html):
        report.add("pdf-cover-overflow", f"the cover: {problem}", file=where,
                   hint="shorten the description (or the title, authors and publisher on the spine)")


def _boxes_of(box, name: str):
    """The laid-out boxes of the elements of class ``name``."""
    element = getattr(box, "element", None)
    if element is not None and name in (element.get("class") or "").split() and box.element_tag != "span":
        yield box
        return
    for child in getattr(box, "children", ()) or ():
        yield from _boxes_of(child, name)


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


def crowded(page, box: CoverBox, barcode: bool) -> list[str]:
    """What does not fit on the cover: the description running down into the barcode (or past the safe
    area), the spine's text longer than the spine."""
    found = []
    floor = box.height - (box.barcode_gap + box.barcode_height + 3 if barcode else box.safe)
    for description in _boxes_of(page._page_box, "description"):
        bottom = (description.position_y + description.margin_height()) / PX_PER_MM
        if bottom > floor + 0.1:
            found.append(f"the description runs {bottom - floor:.0f} mm too far down the back")
    for spine in _boxes_of(page._page_box, "spine"):
        length = sum(text.width for text in _text_boxes(spine)) / PX_PER_MM
        if length > spine.width / PX_PER_MM + 0.1:
            found.append(f"the spine's text is {length - spine.width / PX_PER_MM:.0f} mm longer than the spine")
    return found


def report_cover_image(config: SeriesConfig, box: CoverBox, report: Report) -> Path | None:
    """The series' own cover file, whole (the EPUB may carry it scaled down), if it is usable. What is wrong
    with it is reported as the EPUB reports it (once in a build of both), and a file with too few pixels for
    the front and its bleed at MIN_PPI is a warning."""
    found = Report()
    usable = supplied_cover(config, found)
    report.extend([problem for problem in found.items if problem not in report.items])  # (the EPUB's, once)
    if not usable:
        return None
    refused = {problem.file for problem in found.errors}
    path = next(config.folder / name for name in SUPPLIED
                if (config.folder / name).is_file() and str(config.folder / name) not in refused)
    with Image.open(path) as picture:
        pixels = picture.size
    inches = ((box.side + box.bleed) / IN_MM, (box.height + 2 * box.bleed) / IN_MM)
    ppi = min(pixels[0] / inches[0], pixels[1] / inches[1])  # (it covers the front: the shorter way decides)
    if ppi < MIN_PPI - 0.5:
        report.warn("pdf-cover-resolution", f"{path.name} is {pixels[0]} x {pixels[1]} px: it prints at {ppi:.0f} "
                    f"dpi on the front ({inches[0]:.2f} x {inches[1]:.2f} in with its bleed), under {MIN_PPI}",
                    file=path, hint=f"export the cover at {ceil(inches[0] * MIN_PPI)} x "
                                    f"{ceil(inches[1] * MIN_PPI)} px or more")
    return path
