"""The print PDF: the book laid out part by part by WeasyPrint with base.css and print.css.

The recipe:
  1. write the book as HTML documents, one per part (``pdf_parts``): the front
     matter (title page, imprint, contents), each article (opening on a recto,
     each note inline at its first call), the back matter;
  2. lay out each part, fetching only files of the series and ``styles/``, and where
     WeasyPrint deferred a note to the next page, move the paragraph squeezed in at
     the foot of its page instead and lay out again (``pdf_typeset.repair_part``,
     ``pdf_pagination``): this gives each part's number of pages, so each part's
     first page, and the page numbers of the contents;
  3. lay out each part from its first page and read it back: every note whole and on
     the page of its first call (``pdf_layout_check``, ``pdf_measure``), words sticking
     out of the text block (``pdf_overflow``), images under 300 ppi (``pdf_images``),
     where each page begins (``pagemap``); write it as a tagged PDF (PDF/UA-1) with
     the series' metadata, dated from the series, its BleedBox exactly the trim plus
     ``print.bleed`` (``pdf_press``); lay it out once more with ``pdf-screen.css`` (no
     bleed, no marks, links in colour) for the screen edition (``pdf_typeset.typeset_part``);
  4. put the parts together into ``<name>.pdf`` and ``<name>-screen.pdf`` (``pdf_merge``).

Steps 2 and 3 run on two processes, and each part's result is kept in
``build/.cache/pdf/`` by everything it depends on (``pdf_cache``), so a rebuild
lays out only the parts that changed, and gives the same bytes as a clean build.
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
from pathlib import Path

from publish import pagemap
from publish.adapters.pdf_cache import PartCache, key
from publish.adapters.pdf_merge import merge
from publish.adapters.pdf_parts import BACK, FRONT, book_parts, part_html, starts_of
from publish.adapters.pdf_press import press_css
from publish.adapters.pdf_typeset import PDF_VARIANT, Typesetter, repair_part, typeset_part  # noqa: F401
from publish.adapters.pdf_weasyprint import LocalFetcher, report_log, report_refused
from publish.job import Job
from publish.model import Series

WORKERS = 2
PLACEHOLDER_PAGE = 999  #: the contents' page numbers while the parts' lengths are not known
CACHE_DIR = Path(".cache") / "pdf"


def quiet_worker() -> None:
    """A worker leaves Ctrl-C to the build and ends quietly when the build stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_all(function, tasks: list[tuple]) -> list:
    """``function(*task)`` for every task, on ``WORKERS`` processes when there are several, in order."""
    if len(tasks) < 2:
        return [function(*task) for task in tasks]
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i][1]))  # the longest parts first
    pool = multiprocessing.get_context("fork").Pool(min(WORKERS, len(tasks)), initializer=quiet_worker)
    try:
        done = pool.starmap(function, [tasks[i] for i in order], chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    results = [None] * len(tasks)
    for index, result in zip(order, done):
        results[index] = result
    return results


def cached(cache: PartCache, function, tasks: dict[str, tuple]) -> dict[str, object]:
    """``function(*task)`` for each key of ``tasks``, from the cache where it was computed before."""
    found = {name: cache.get(name) for name in tasks}
    todo = [name for name, value in found.items() if value is None]
    for name, value in zip(todo, run_all(function, [tasks[name] for name in todo])):
        cache.put(name, value)
        found[name] = value
    return found


class BookLayout:
    """The parts of one series' book, laid out through the cache."""

    def __init__(self, series: Series, cache: PartCache):
        self.series, self.cache = series, cache
        self.press = press_css(series.config.print)
        self.folder = str(series.config.folder)

    def sources(self, part) -> list[Path]:
        return [part.article.file] if part.article else [a.file for a in self.series.articles]

    def depends(self, part) -> tuple:
        """What a part's layout depends on besides its HTML: settings, files shown, notes' places."""
        images = sorted(part.article.images) if part.article else []
        notes = [(n.id, n.number, n.line, n.calls) for n in part.series(self.series).all_notes]
        return self.press, self.folder, images, self.sources(part), repr(notes)

    def repairs(self, parts) -> dict[str, tuple]:
        """(moved paragraphs, pages) of the front matter and each article."""
        tasks = {}
        for index, part in enumerate(parts[:-1]):
            html = part_html(self.series, parts, index)
            tasks[key("repair", html, *self.depends(part))] = (part.series(self.series), html)
        results = cached(self.cache, repair_part, tasks)
        return {part.key: results[name] for part, name in zip(parts, tasks)}

    def typeset(self, starts: dict[str, int], repaired: dict[str, tuple]) -> list:
        """Every part laid out from its first page: ``PartResult``s in book order."""
        parts = book_parts(self.series, starts)
        tasks = {}
        for index, part in enumerate(parts):
            html = part_html(self.series, parts, index)
            pushes = repaired[part.key][0] if part.key in repaired else []
            task = (part.series(self.series), html, pushes, starts[part.key], part.key != BACK, self.sources(part))
            tasks[key("part", *task[1:5], *self.depends(part))] = task
        results = cached(self.cache, typeset_part, tasks)
        return [results[name] for name in tasks]

    def lay_out(self) -> list:
        placeholder = {part.key: PLACEHOLDER_PAGE for part in book_parts(self.series)}
        parts = book_parts(self.series, placeholder)
        repaired = self.repairs(parts)
        lengths = {name: pages for name, (_, pages) in repaired.items()}
        front = lengths[FRONT]
        for _ in range(3):  # the contents, with their real numbers, may take another page
            results = self.typeset(starts_of(parts, lengths, front), repaired)
            if results[0].pages == front:
                return results
            front = results[0].pages
        raise RuntimeError("the front matter does not settle on a number of pages")


def report(job: Job, results: list, missing: list[str]) -> None:
    """What the parts found, reported in book order, as one layout of the book would have."""
    sources = [article.file for article in job.series.articles]
    fetcher = LocalFetcher([])
    records, misplaced = [], set()
    for result in results:
        job.report.extend(result.diagnostics)
        misplaced |= result.misplaced
        fetcher.refused += [url for url in result.refused if url not in fetcher.refused]
        records += [logging.makeLogRecord({"levelno": level, "msg": message, "args": None})
                    for level, message in result.log]
    records += [logging.makeLogRecord({"levelno": logging.WARNING, "args": None,
                                       "msg": f"No anchor #{target} for internal URI reference"})
                for target in missing]
    if not all(result.same_pages for result in results):
        job.report.warn("pdf-screen-pages", "the screen edition's pages break differently from the print book's",
                        hint="report this as a bug in the toolchain, with the series")
    report_refused(fetcher, job.report, sources)
    report_log(records, fetcher, job.report, misplaced, sources)


def record_page_map(job: Job, results: list) -> None:
    """Where each page of the print book begins, for the EPUB's page-list (``pagemap``)."""
    pages: pagemap.PageMap = {name: [] for name in pagemap.parts(job.series)}
    for result in results:
        for name, entries in result.page_map.items():
            pages[name] += entries
    job.page_map = pages
    pagemap.write(pages, job.series, job.stage / pagemap.FILE_NAME)


def build(job: Job) -> list[Path]:
    series = job.series
    target, screen_target = job.stage / f"{series.name}.pdf", job.stage / f"{series.name}-screen.pdf"
    results = BookLayout(series, PartCache(job.final.parent / CACHE_DIR)).lay_out()
    record_page_map(job, results)
    missing = merge([result.print_pdf for result in results], target)
    merge([result.screen_pdf for result in results], screen_target)
    report(job, results, missing)
    return [target, screen_target]
