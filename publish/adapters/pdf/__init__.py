"""The print PDF: the book laid out part by part by WeasyPrint with base.css and print.css.

The recipe, one folder a step:
  1. ``parts/``: write the book as HTML documents, one per part: the front matter
     (title page, imprint, contents), each article (opening on a recto, each note
     inline at its first call), the back matter;
  2. ``layout/``: lay out each part from page 1, wherever it falls in the book (its
     folios come later), on the build's workers (``typeset.set_part``): where
     WeasyPrint deferred a note to the next page, move the paragraph squeezed in at
     the foot of its page instead and lay out again (``pagination``); read the pages
     back (notes whole and on their call's page, words sticking out of the text block,
     images under 300 ppi: ``checks/``; where each page begins: ``pages``; which folio
     each page takes) and write the part as a tagged PDF (PDF/UA-1), its BleedBox the
     trim plus ``print.bleed``, with a copy whose links are in colour for the screen
     edition (``press``). From the parts' lengths, lay out the front matter again with
     the page numbers of its contents, the back matter on its side, and each part's
     folio sheet numbered from its first page (``book.BookLayout``);
  3. ``checks/``: report what the parts found, at the pages of the book;
  4. ``assemble/``: put the parts together with their folios into ``<name>.pdf``, and,
     at the same time, the parts with their links in colour, cut at the trim, into
     ``<name>-screen.pdf``;
  5. ``cover.py``: the full-wrap cover, its spine as thick as the book's pages, into
     ``<name>-cover.pdf``; with ``print: pdfx``, the book and the cover made PDF/X (``pdfx/``).

Each part's result is kept in ``build/.cache/pdf/`` by everything it depends on
(``publish.cache``), its place in the book not among them: a rebuild lays out only
the parts that changed, and gives the same bytes as a clean build.
"""
from __future__ import annotations

import logging
from pathlib import Path

from publish import pagemap
from publish.adapters.pdf.assemble.merge import merge
from publish.config import SERIES_FILE
from publish.messages import is_rtl, report_hyphenation
from publish.adapters.pdf.checks.images import report_low_resolution
from publish.adapters.pdf.checks.log import report_log, report_refused
from publish.adapters.pdf.checks.notes import check_layout
from publish.adapters.pdf.checks.overflow import report_overflows
from publish.adapters.pdf.cover import write_cover
from publish.adapters.pdf.layout.book import BookLayout
from publish.adapters.pdf.layout.fence import LocalFetcher
from publish.adapters.pdf.layout.pages import mapped_sections
from publish.adapters.pdf.parts.index import pages_of
from publish.adapters.pdf.pdfx import make_pdfx
from publish.adapters.pdf.pdfx.profile import cmyk_profile
from publish.cache import PartCache
from publish.engine import Task
from publish.job import Job
from publish.outputs import cover_pdf, print_pdf, screen_pdf

CACHE_DIR = Path(".cache") / "pdf"
PROFILE_DIR = Path(".cache") / "icc"


def build(job: Job) -> list[Path]:
    series = job.series
    report_hyphenation(series.config, job.report, series.config.folder / SERIES_FILE)
    target, screen_target = job.stage / print_pdf(series.name), job.stage / screen_pdf(series.name)
    done = iter(range(1, len(series.articles) + 3))  # the front matter, each article, the back matter
    layout = BookLayout(series, PartCache(job.final.parent / CACHE_DIR),
                        lambda label: job.progress.step("pdf", next(done), len(series.articles) + 2, label),
                        job.engine)
    results, sheets, starts = layout.lay_out()
    record_page_map(job, layout, results, starts)
    size = sum(result.pages for result in results)
    rtl = is_rtl(series.config.language)
    missing, _ = job.engine.run_all(  # (on this machine: they write the PDFs)
        [Task(merge, ([result.pdf for result in results], sheets, target, False, rtl,
                      series.config.print.gutter_bleed), size, "the print PDF"),
         Task(merge, ([result.screen_pdf for result in results], sheets, screen_target, True, rtl), size,
              "the screen PDF")], remote=False)
    report_findings(job, layout, results, starts, missing)
    layout.cache.settle(series.name)
    cover = job.stage / cover_pdf(series.name)
    write_cover(series.config, size, cover, job.report)
    finish_for_press(job, [target, cover])
    return [target, screen_target, cover]


def finish_for_press(job: Job, outputs: list[Path]) -> None:
    """With ``print: pdfx``, the print book and its cover made PDF/X (``pdfx/``)."""
    config = job.series.config
    if config.print.pdfx:
        profile = cmyk_profile(job.final.parent / PROFILE_DIR)
        for path in outputs:
            make_pdfx(path, config.print.pdfx, profile, f"{config.identifier} {config.modified} {path.name}")


def record_page_map(job: Job, layout: BookLayout, results: list, starts: dict[str, int]) -> None:
    """Where each page of the print book begins, for the EPUB's page-list (``publish.pagemap``)."""
    pages: pagemap.PageMap = {name: [] for name in mapped_sections(job.series)}
    for part, result in zip(layout.parts(starts), results):
        for name, entries in result.page_map.items():
            pages[name] += pagemap.shift_entries(entries, starts[part.key] - 1)
    parts = layout.parts(starts)[1:-1]
    job.page_map, job.places = pages, pages_of(job.series, parts, results[1:-1], starts)
    pagemap.write(pages, job.series, job.stage / pagemap.FILE_NAME, job.places)


def report_findings(job: Job, layout: BookLayout, results: list, starts: dict[str, int],
                    missing: list[str]) -> None:
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
