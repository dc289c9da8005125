"""Laying out one part of the print book: what each worker of the PDF adapter's pool does.

``repair_part`` lays a part out until every note sits on its call's page
(``pdf_pagination``) and returns where it moved paragraphs to the next page;
``typeset_part`` lays the repaired part out from its first page, checks it
(notes, overflowing lines, images, the screen edition's pages), and returns its
print and screen PDFs with everything the book needs of it (``PartResult``).
Both take and return plain data, so that they can run in other processes.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import SimpleNamespace

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from publish import pagemap
from publish.adapters.pdf_images import report_low_resolution
from publish.adapters.pdf_layout_check import check_layout
from publish.adapters.pdf_measure import NoteHeights
from publish.adapters.pdf_overflow import report_overflows
from publish.adapters.pdf_pagination import PUSH_STYLE, lay_out_keeping_notes, push_to_next_page
from publish.adapters.pdf_parts import first_page_css
from publish.adapters.pdf_press import SCREEN_STYLESHEET, exact_bleed_box, press_css, same_pages
from publish.adapters.pdf_weasyprint import LocalFetcher, captured_log
from publish.config import ARTICLES_DIR
from publish.diagnostics import Report
from publish.model import Series
from publish.paths import CSS as CSS_DIR
from publish.paths import STYLES

STYLESHEETS = ("base.css", "print.css")
PDF_VARIANT = "pdf/ua-1"


class Typesetter:
    """WeasyPrint set up for one series: our stylesheets and fonts, and only our files."""

    def __init__(self, series: Series):
        folder = series.config.folder
        self.fetcher = LocalFetcher([folder, STYLES])
        self.base_url = (folder / ARTICLES_DIR).as_uri() + "/"  # images are relative to the articles
        self.fonts = FontConfiguration()  # @font-face rules apply only through a shared font configuration
        self.stylesheets = [CSS(filename=str(CSS_DIR / name), url_fetcher=self.fetcher, font_config=self.fonts)
                            for name in STYLESHEETS]
        self.press = CSS(string=press_css(series.config.print), font_config=self.fonts)
        self.screen = CSS(filename=str(CSS_DIR / SCREEN_STYLESHEET), font_config=self.fonts)

    def parse(self, html: str) -> HTML:
        return HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)

    def render(self, document: HTML, screen: bool = False, extra: str = ""):
        """The print edition's layout, or with ``screen`` the screen edition's; ``extra``: more CSS."""
        edition = [self.screen if screen else self.press]
        if extra:
            edition.append(CSS(string=extra, font_config=self.fonts))
        return document.render(stylesheets=[*self.stylesheets, *edition], font_config=self.fonts)


_setters: dict[tuple, Typesetter] = {}


def typesetter(series: Series) -> Typesetter:
    """One Typesetter per series and process, reused by the parts it lays out."""
    key = (str(series.config.folder), press_css(series.config.print))
    if key not in _setters:
        _setters[key] = Typesetter(series)
    return _setters[key]


def _paths(root) -> dict:
    """Every element below ``root`` -> its path of child indices."""
    found, todo = {}, [(root, ())]
    while todo:
        element, path = todo.pop()
        found[element] = path
        todo.extend((child, path + (i,)) for i, child in enumerate(element))
    return found


def pushed_paths(root) -> list[tuple]:
    """Where ``pdf_pagination`` moved elements to the next page, as paths that survive a new parse."""
    return sorted(path for element, path in _paths(root).items()
                  if (element.get("style") or "").endswith(PUSH_STYLE))


def apply_pushes(root, paths: list[tuple]) -> None:
    """Move the elements at ``paths`` (from ``pushed_paths``) to the next page again."""
    for path in paths:
        element = root
        for index in path:
            element = element[index]
        push_to_next_page(element)


def repair_part(series: Series, html: str) -> tuple[list[tuple], int]:
    """Where paragraphs must move to the next page to keep every note of the part with its call,
    and how many pages the part then takes (its padded HTML's last page left out)."""
    setter = typesetter(series)
    with captured_log([]):  # what is logged is reported when the part is laid out for good
        book = setter.parse(html)
        heights = NoteHeights(series, lambda text: setter.render(setter.parse(text)))
        document = lay_out_keeping_notes(book, lambda: setter.render(book), series, heights)
    return pushed_paths(book.etree_element), len(document.pages) - 1


@dataclass
class PartResult:
    print_pdf: bytes
    screen_pdf: bytes
    pages: int                                  #: pages of the part in the book
    diagnostics: list = field(default_factory=list)
    misplaced: set = field(default_factory=set)  #: notes reported as misplaced or too long
    log: list = field(default_factory=list)      #: WeasyPrint's warnings: (level, message)
    refused: list = field(default_factory=list)  #: URLs the fetcher refused
    page_map: dict = field(default_factory=dict)
    same_pages: bool = True


class _Padded:
    """The part's pages preceded by empty stand-ins for the pages before it, for ``pagemap``."""

    def __init__(self, document, first: int):
        root = document.pages[0]._page_box.children[0].element if document.pages else None
        blank = SimpleNamespace(_page_box=SimpleNamespace(children=[SimpleNamespace(element=root, children=())]))
        self.pages = [blank] * (first - 1) + list(document.pages)


def lay_out(setter: Typesetter, book: HTML, first: int, padded: bool, screen: bool = False):
    document = setter.render(book, screen=screen, extra=first_page_css(first))
    return document.copy(document.pages[:-1]) if padded else document


def typeset_part(series: Series, html: str, pushes: list[tuple], first: int, padded: bool,
                 sources: list) -> PartResult:
    """The part laid out from page ``first`` (``padded``: its last page is the pad's, left out)."""
    setter = typesetter(series)
    setter.fetcher.refused = []
    records: list[logging.LogRecord] = []
    report = Report()
    with captured_log(records):
        book = setter.parse(html)
        apply_pushes(book.etree_element, pushes)
        document = lay_out(setter, book, first, padded)
        heights = NoteHeights(series, lambda text: setter.render(setter.parse(text)))
        misplaced = check_layout(document, series, heights, report, first)
        report_overflows(document, report, sources, first)
        report_low_resolution(document, report, sources, first)
        pages = pagemap.page_map(_Padded(document, first), series) if document.pages else {}
        print_pdf = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=exact_bleed_box(series.config.print))
        screen = lay_out(setter, book, first, padded, screen=True)
        screen_pdf = screen.write_pdf(pdf_variant=PDF_VARIANT)
    return PartResult(print_pdf, screen_pdf, len(document.pages), list(report.items), misplaced,
                      [(r.levelno, r.getMessage()) for r in records], list(setter.fetcher.refused), pages,
                      same_pages(document, screen))
