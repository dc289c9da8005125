"""Laying out one part of the print book: what each worker of the PDF adapter's pool does.

``set_part`` lays a part out until every note sits on its call's page
(``pagination.py``), reads the laid-out pages back (notes, overflowing lines,
images, where each page begins, which folio each page takes) and writes the part
as a tagged PDF. A part is laid out from page 1 whatever its place in the book:
its folios are laid over it when the book is put together (``assemble/folios.py``), so
its layout depends only on its own content. It takes and returns plain data, so
that it can run in another process, on another machine, and be cached; what it
reads besides (``reads_of``: the part's images, the stylesheets, fonts and
templates) it reads through ``publish.files``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from publish import files
from publish.adapters.pdf.assemble.folios import folio_kind, sheet_body
from publish.adapters.pdf.checks.images import PlacedImage, placed_images
from publish.adapters.pdf.checks.notes import LayoutFindings
from publish.adapters.pdf.checks.overflow import Overflow, overflows
from publish.adapters.pdf.layout.fence import LocalFetcher, captured_log
from publish.adapters.pdf.layout.measure import NoteHeights
from publish.adapters.pdf.layout.pages import read_page_map
from publish.adapters.pdf.layout.pagination import lay_out_keeping_notes
from publish.adapters.pdf.layout.tags import tag_notes
from publish.adapters.pdf.parts.book import document_html, first_page_number, opening_css, side_of
from publish.adapters.pdf.press import exact_bleed_box, press_css, screen_part
from publish.config import ARTICLES_DIR
from publish.messages import is_rtl
from publish.model import Series
from publish.paths import CSS as CSS_DIR
from publish.paths import STYLES
from publish.adapters.pdf.parts.words import NOTES_SHEETS, RTL_SHEETS
from publish.scripts import added_sheets, font_files

STYLESHEETS = ("base.css", "print.css")
PDF_VARIANT = "pdf/ua-1"


#: what laying out a part reads of ``styles/`` (its stylesheets name the fonts; its templates write the
#: notes measured and the folio sheets)
STYLE_READS = ("css/base.css", "css/print.css", "fonts/*.otf", "templates/pdf/*")


def reads_of(article, config=None) -> tuple[Path, ...]:
    """The files laying out a part (of ``article``, None for the front or back matter or a folio sheet)
    reads: ``STYLE_READS``, the fonts of the series' scripts and direction (``config``) and the article's images."""
    styles = sorted(path for pattern in STYLE_READS for path in STYLES.glob(pattern))
    sheets = added_sheets(config, RTL_SHEETS, NOTES_SHEETS) if config else ()
    extra = font_files(config.scripts) + tuple(CSS_DIR / name for name in sheets) if config else ()
    return tuple(styles) + extra + tuple(sorted(article.images if article else ()))


class Typesetter:
    """WeasyPrint set up for one series: our stylesheets and fonts, and only our files."""

    def __init__(self, series: Series):
        folder = series.config.folder
        self.fetcher = LocalFetcher([folder, STYLES, *{path.parent for path in font_files(series.config.scripts)}])
        self.rtl = is_rtl(series.config.language)
        self.base_url = (folder / ARTICLES_DIR).as_uri() + "/"  # images are relative to the articles
        self.fonts = FontConfiguration()  # @font-face rules apply only through a shared font configuration
        self.stylesheets = [CSS(url=(CSS_DIR / name).as_uri(), url_fetcher=self.fetcher, font_config=self.fonts)
                            for name in STYLESHEETS]
        self.press = CSS(string=press_css(series.config.print), font_config=self.fonts)

    def parse(self, html: str) -> HTML:
        return HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)

    def render(self, document: HTML, extra: str = ""):
        """The print book's layout of ``document``; ``extra``: more CSS."""
        sheets = [*self.stylesheets, self.press] + ([CSS(string=extra, font_config=self.fonts)] if extra else [])
        return document.render(stylesheets=sheets, font_config=self.fonts)


_setters: dict[tuple, Typesetter] = {}


def typesetter(series: Series) -> Typesetter:
    """One Typesetter per series and process, reused by the parts it lays out."""
    key = (str(series.config.folder), press_css(series.config.print), series.config.scripts,
           series.config.language,
           tuple(files.stamp(CSS_DIR / name) for name in STYLESHEETS))
    if key not in _setters:
        _setters[key] = Typesetter(series)
    return _setters[key]


@dataclass
class PartResult:
    """One part laid out, its pages numbered from 1 (the book shifts them to their place)."""
    pdf: bytes
    screen_pdf: bytes                            #: the same with its links in colour (``press.py``)
    pages: int                                   #: pages of the part in the book
    folios: list[str]                            #: the folio each page takes (``assemble/folios.py``)
    notes: LayoutFindings
    overflows: list[Overflow]
    images: list[PlacedImage]
    page_map: dict = field(default_factory=dict)  #: the part's page map (``pages.read_page_map``)
    log: list = field(default_factory=list)      #: WeasyPrint's warnings: (level, message)
    refused: list = field(default_factory=list)  #: URLs the fetcher refused
    anchors: dict = field(default_factory=dict)  #: the page (from 1) each id of the part landed on first


def set_part(series: Series, html: str, padded: bool, side: str) -> PartResult:
    """The part laid out with its first page on ``side`` ('right' or 'left') and written;
    ``padded``: its last page is the pad's (``parts/book.py``), left out of the book."""
    setter = typesetter(series)
    setter.fetcher.refused = []
    records: list[logging.LogRecord] = []
    with captured_log(records):
        book = setter.parse(html)
        heights = NoteHeights(series, lambda text: setter.render(setter.parse(text)))

        def render():
            records.clear()  # what an earlier pass logged is logged again by the last
            return setter.render(book, extra=opening_css(side, setter.rtl))

        document, notes = lay_out_keeping_notes(book, render, series, heights)
        if padded:  # (the pad's page holds no note)
            document = document.copy(document.pages[:-1])
        pdf = tag_notes(document.write_pdf(pdf_variant=PDF_VARIANT, finisher=exact_bleed_box(series.config.print)),
                        [note_ids(page) for page in document.pages])
    return PartResult(pdf, screen_part(pdf), len(document.pages), [folio_kind(page) for page in document.pages], notes,
                      overflows(document), placed_images(document),
                      read_page_map(document, series) if document.pages else {},
                      [(r.levelno, r.getMessage()) for r in records], list(setter.fetcher.refused),
                      anchor_pages(document))


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) on which each id of a laid-out part first lands: where an index mark or a heading
    prints (``parts/index.py``)."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in sorted(page.anchors):
            found.setdefault(anchor, number)
    return found


def note_ids(page) -> list[str]:
    """The ids of the notes (and pieces of notes) at the foot of a laid-out page, in order."""
    area = next((child for child in page._page_box.children if isinstance(child, boxes.FootnoteAreaBox)), None)
    return [child.element.get("id") or "" for child in (area.children if area is not None else [])
            if child.element is not None]


def set_folios(series: Series, kinds: list[str], first: int) -> bytes:
    """The folio sheet of a part whose pages take the folios ``kinds``, numbered from ``first``
    (``assemble/folios.py``), as a PDF."""
    setter = typesetter(series)
    html = document_html(series, sheet_body(kinds), None)
    document = setter.render(setter.parse(html), extra=opening_css(side_of(first), setter.rtl)
                             + first_page_number(first))
    if len(document.pages) != len(kinds):
        raise RuntimeError(f"the folio sheet has {len(document.pages)} pages for {len(kinds)} folios")
    return document.write_pdf()
