"""The print PDF: the book laid out part by part by WeasyPrint with base.css and print.css.

The recipe:
  1. write the book as HTML documents, one per part (``pdf_parts``): the front
     matter (title page, imprint, contents), each article (opening on a recto,
     each note inline at its first call), the back matter;
  2. lay out each article from page 1, wherever it falls in the book (its folios
     come later), on a pool of two processes (``pdf_typeset.set_part``): where
     WeasyPrint deferred a note to the next page, move the paragraph squeezed in at
     the foot of its page instead and lay out again (``pdf_pagination``); read the
     pages back (notes whole and on their call's page, words sticking out of the
     text block, images under 300 ppi, where each page begins, which folio each
     page takes) and write the part as a tagged PDF (PDF/UA-1) with the series'
     metadata, dated from the series, its BleedBox the trim plus ``print.bleed``
     (``pdf_press``), and a copy with its links in colour for the screen edition.
     The front matter is laid out too, to count its pages;
  3. from the parts' lengths, each part's first page: lay out the front matter
     again with the page numbers of its contents, and the back matter on its side;
     lay out each part's folio sheet, numbered from its first page (``pdf_folios``);
     report what the parts found, at the pages of the book;
  4. put the parts together with their folios (``pdf_folios``) into ``<name>.pdf``
     (``pdf_merge``), and, at the same time, the parts with their links in colour,
     cut at the trim, into ``<name>-screen.pdf`` (``pdf_press``).

Each part's result is kept in ``build/.cache/pdf/`` by everything it depends on
(``publish.cache``), its place in the book not among them: a rebuild lays out only
the parts that changed, and gives the same bytes as a clean build.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from publish import pagemap
from publish.cache import PartCache, cached, key, run_all
from publish.adapters.pdf_document import article_entry
from publish.adapters.pdf_folios import NONE
from publish.adapters.pdf_images import report_low_resolution
from publish.adapters.pdf_layout_check import check_layout
from publish.adapters.pdf_merge import merge
from publish.adapters.pdf_overflow import report_overflows
from publish.adapters.pdf_parts import BACK, FRONT, book_parts, part_html, side_of, starts_of
from publish.adapters.pdf_press import press_css
from publish.adapters.pdf_typeset import PDF_VARIANT, Typesetter, set_folios, set_part  # noqa: F401
from publish.adapters.pdf_weasyprint import LocalFetcher, report_log, report_refused
from publish.job import Job
from publish.model import Series

NONE_ONLY = {NONE}
PLACEHOLDER_PAGE = 999  #: the contents' page numbers while the parts' lengths are not known
CACHE_DIR = Path(".cache") / "pdf"


class BookLayout:
    """The parts of one series' book, laid out through the cache."""

    def __init__(self, series: Series, cache: PartCache, step=None):
        self.series, self.cache = series, cache
        self.step = step or (lambda label: None)  #: called as each part is laid out, with its name
        self.bare = replace(series, articles=(), bibliography=[])  #: all a folio sheet needs: the settings
        self.press = press_css(series.config.print)
        self.folder = str(series.config.folder)
        self.entries = [article_entry(article) for article in series.articles]

    def parts(self, starts: dict[str, int]) -> list:
        return book_parts(self.series, starts, self.entries)

    def sources(self, part) -> list[Path]:
        return [part.article.file] if part.article else [a.file for a in self.series.articles]

    def depends(self, part) -> tuple:
        """What a part's layout depends on besides its HTML: settings, images shown, notes' places.
        (What it finds is reported, at the lines of the manuscript, from the series as it is now.)"""
        images = sorted(part.article.images) if part.article else []
        notes = [(n.id, n.number, n.line, n.calls) for n in part.series(self.series).all_notes]
        return self.press, self.folder, images, repr(notes)

    def part_task(self, parts, index: int, side: str) -> tuple[str, tuple]:
        """The cache key and task of laying out ``parts[index]`` with its first page on ``side``."""
        part, html = parts[index], part_html(self.series, parts, index)
        args = (part.series(self.series), html, index + 1 < len(parts), side)
        return key("part", *args[1:], *self.depends(part)), (set_part, args, len(html))

    def folio_task(self, result, first: int) -> tuple[str, tuple]:
        """The cache key and task of the folio sheet of a part laid out as ``result``, from page ``first``."""
        args = (self.bare, result.folios, first)
        return key("folios", *args[1:], self.press, self.folder), (set_folios, args, len(result.folios))

    def lay_out(self) -> tuple[list, list, dict[str, int]]:
        """Every part laid out (``PartResult``s in book order), the folio sheet of each (None: it has no
        folio), and the first page of each part."""
        parts = self.parts({part.key: PLACEHOLDER_PAGE for part in book_parts(self.series, {}, self.entries)})
        first = dict(self.part_task(parts, index, "right") for index in range(len(parts) - 1))
        names = {name: part.key.lstrip("#") for part, name in zip(parts, first)}
        found = cached(self.cache, first, lambda name: self.step(names[name]))
        results = {part.key: found[name] for part, name in zip(parts, first)}
        front = results[FRONT].pages
        for _ in range(3):  # the contents, with their real numbers, may take another page
            starts = starts_of(parts, {name: result.pages for name, result in results.items()}, front)
            parts = self.parts(starts)
            tasks = dict([self.part_task(parts, 0, "right"), self.part_task(parts, len(parts) - 1,
                                                                             side_of(starts[BACK]))])
            folios = {part.key: self.folio_task(results[part.key], starts[part.key])
                      for part in parts[1:-1] if NONE_ONLY != set(results[part.key].folios)}
            found = cached(self.cache, tasks | dict(folios.values()))
            results[FRONT], results[BACK] = (found[name] for name in tasks)
            if results[FRONT].pages == front:
                self.step(BACK.lstrip("#"))
                sheets = {name: found[task_key] for name, (task_key, _) in folios.items()}
                if NONE_ONLY != set(results[BACK].folios):
                    back_key, back_task = self.folio_task(results[BACK], starts[BACK])
                    sheets[BACK] = cached(self.cache, {back_key: back_task})[back_key]
                return ([results[part.key] for part in parts],
                        [(sheets[part.key], results[part.key].folios) if part.key in sheets else None
                         for part in parts], starts)
            front = results[FRONT].pages
        raise RuntimeError("the front matter does not settle on a number of pages")


def report(job: Job, layout: BookLayout, results: list, starts: dict[str, int], missing: list[str]) -> None:
    """What the parts found, reported in book order at the pages of the book, as one layout of it would have."""
    sources = [article.file for article in job.series.articles]
    fetcher = LocalFetcher([])
    records, misplaced = [], set()
    for part, result in zip(layout.parts(starts), results):
        first, part_sources = starts[part.key], layout.sources(part)
        misplaced |= check_layout(result.notes, part.series(job.series), job.report, first)
        report_overflows(result.overflows, job.report, part_sources, first)
        report_low_resolution(result.images, job.report, part_sources, first)
        fetcher.refused += [url for url in result.refused if url not in fetcher.refused]
        records += [logging.makeLogRecord({"levelno": level, "msg": message, "args": None})
                    for level, message in result.log]
    records += [logging.makeLogRecord({"levelno": logging.WARNING, "args": None,
                                       "msg": f"No anchor #{target} for internal URI reference"})
                for target in missing]
    report_refused(fetcher, job.report, sources)
    report_log(records, fetcher, job.report, misplaced, sources)


def record_page_map(job: Job, layout: BookLayout, results: list, starts: dict[str, int]) -> None:
    """Where each page of the print book begins, for the EPUB's page-list (``pagemap``)."""
    pages: pagemap.PageMap = {name: [] for name in pagemap.parts(job.series)}
    for part, result in zip(layout.parts(starts), results):
        for name, entries in result.page_map.items():
            pages[name] += pagemap.shifted(entries, starts[part.key] - 1)
    job.page_map = pages
    pagemap.write(pages, job.series, job.stage / pagemap.FILE_NAME)


def build(job: Job) -> list[Path]:
    series = job.series
    target, screen_target = job.stage / f"{series.name}.pdf", job.stage / f"{series.name}-screen.pdf"
    done = iter(range(1, len(series.articles) + 3))  # the front matter, each article, the back matter
    layout = BookLayout(series, PartCache(job.final.parent / CACHE_DIR),
                        lambda label: job.progress.step("pdf", next(done), len(series.articles) + 2, label))
    results, sheets, starts = layout.lay_out()
    record_page_map(job, layout, results, starts)
    size = sum(result.pages for result in results)
    missing, _ = run_all([(merge, ([result.pdf for result in results], sheets, target), size),
                          (merge, ([result.screen_pdf for result in results], sheets, screen_target, True), size)])
    report(job, layout, results, starts, missing)
    layout.cache.settle(series.name)
    return [target, screen_target]
