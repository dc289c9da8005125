"""The print PDF: one HTML document laid out by WeasyPrint with base.css and print.css.

The recipe:
  1. write the book as one HTML document (``pdf_document``): title page, imprint,
     contents, articles, each note inline at its first call;
  2. lay it out with WeasyPrint, fetching only files of the series and ``styles/``
     (``pdf_weasyprint``);
  3. where WeasyPrint deferred a note to the next page, move the paragraph squeezed in
     at the foot of its page instead and lay out again (``pdf_pagination``);
  4. read the laid-out pages back: every note whole and on the page of its first call,
     notes no page can hold reported as too long (``pdf_layout_check``, ``pdf_measure``);
  5. find words sticking out of the text block (``pdf_overflow``) and images that
     would print under 300 ppi (``pdf_images``);
  6. write a tagged PDF (PDF/UA-1) with the series' metadata, dated from the series
     (``config.modified``), so that two builds of the same sources are byte-identical,
     its BleedBox exactly the trim plus ``print.bleed`` (``pdf_press``);
  7. lay the repaired book out once more with ``pdf-screen.css`` (no bleed, no marks,
     links in colour) and write it as the screen edition, ``<name>-screen.pdf``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from publish import pagemap
from publish.adapters.pdf_document import book_html
from publish.adapters.pdf_images import report_low_resolution
from publish.adapters.pdf_layout_check import check_layout
from publish.adapters.pdf_measure import NoteHeights
from publish.adapters.pdf_overflow import report_overflows
from publish.adapters.pdf_pagination import lay_out_keeping_notes
from publish.adapters.pdf_press import SCREEN_STYLESHEET, exact_bleed_box, press_css, same_pages
from publish.adapters.pdf_weasyprint import LocalFetcher, captured_log, report_log, report_refused
from publish.config import ARTICLES_DIR
from publish.job import Job
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

    def render(self, document: HTML, screen: bool = False):
        """The print edition's layout, or with ``screen`` the screen edition's."""
        edition = self.screen if screen else self.press
        return document.render(stylesheets=[*self.stylesheets, edition], font_config=self.fonts)


def typeset(series: Series, setter: Typesetter, report):
    """The book (HTML, as repaired), laid out and checked, and the ids of the notes found misplaced or too long."""
    book = setter.parse(book_html(series))
    heights = NoteHeights(series, lambda html: setter.render(setter.parse(html)))
    document = lay_out_keeping_notes(book, lambda: setter.render(book), series, heights)
    return book, document, check_layout(document, series, heights, report)


def build(job: Job) -> list[Path]:
    series = job.series
    target, screen_target = job.stage / f"{series.name}.pdf", job.stage / f"{series.name}-screen.pdf"
    setter = Typesetter(series)
    sources = [article.file for article in series.articles]
    records: list[logging.LogRecord] = []
    with captured_log(records):
        book, document, misplaced = typeset(series, setter, job.report)
        pagemap.record(job, document)  # where each page begins, for the EPUB's page-list
        report_overflows(document, job.report, sources)
        report_low_resolution(document, job.report, sources)
        document.write_pdf(target, pdf_variant=PDF_VARIANT, finisher=exact_bleed_box(series.config.print))
        screen = setter.render(book, screen=True)
        screen.write_pdf(screen_target, pdf_variant=PDF_VARIANT)
    if not same_pages(document, screen):
        job.report.warn("pdf-screen-pages", "the screen edition's pages break differently from the print book's",
                        hint="report this as a bug in the toolchain, with the series")
    report_refused(setter.fetcher, job.report, sources)
    report_log(records, setter.fetcher, job.report, misplaced, sources)
    return [target, screen_target]
