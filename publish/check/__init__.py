"""Run the real validators on built outputs and report what they find as diagnostics.

    EPUB  EPUBCheck (errors and warnings), DAISY Ace (accessibility)
    site  Nu HTML checker (HTML and CSS), axe-core (accessibility)
    PDF   qpdf --check, pdffonts, page boxes (pikepdf), pdftotext

The validators are installed by ``tools/install-deps.sh all`` (``make deps``)
under ``tools_home()``. One that cannot run gives a ``validator-missing`` or
``validator-failed`` error: a check never passes by not running.

Independent validators run side by side (``PUBLISH_CHECK_JOBS``, default: the
number of CPUs); the result keeps a fixed order whatever finishes first.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from publish.diagnostics import Diagnostic

from . import epub, pdf, web
from .tools import Tools, ValidatorProblem, tools_home

__all__ = ["check_outputs", "tools_home"]

Job = Callable[[], list[Diagnostic]]


def check_outputs(epubs: Iterable[Path] = (), site_dirs: Iterable[Path] = (),
                  pdfs: Iterable[Path] = (), accessibility: bool = True) -> list[Diagnostic]:
    """Validate built EPUBs, site folders and PDFs; ``accessibility=False`` skips Ace and axe."""
    epubs, site_dirs, pdfs = (list(map(Path, xs)) for xs in (epubs, site_dirs, pdfs))
    found = [_missing_output(p) for p in (*epubs, *site_dirs, *pdfs) if not p.exists()]
    epubs, site_dirs, pdfs = ([p for p in xs if p.exists()] for xs in (epubs, site_dirs, pdfs))
    damaged = {book: epub.unreadable(book) for book in epubs}
    found += [damage for damage in damaged.values() if damage]
    epubs = [book for book in epubs if not damaged[book]]  # EPUBCheck and Ace would only fail on them
    tools = Tools.find()
    jobs: list[Job] = []
    for book in epubs:
        jobs.append(_guarded(lambda book=book: epub.epubcheck(tools, book)))
        if accessibility:
            jobs.append(_guarded(lambda book=book: epub.ace(tools, book)))
    if site_dirs:
        jobs.append(_guarded(lambda: web.vnu(tools, site_dirs)))
        jobs.append(_guarded(lambda: web.vnu_css(tools, site_dirs)))
        if accessibility:
            jobs.append(_guarded(lambda: web.axe(tools, site_dirs)))
    for document in pdfs:
        jobs.append(_guarded(lambda document=document: pdf.check_pdf(document)))
    return found + _run_all(jobs)


def _guarded(job: Job) -> Job:
    def run() -> list[Diagnostic]:
        try:
            return job()
        except ValidatorProblem as problem:
            return [problem.diagnostic()]
    return run


def _run_all(jobs: list[Job]) -> list[Diagnostic]:
    workers = max(1, min(len(jobs), _jobs_setting()))
    if workers == 1:
        results = [job() for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda job: job(), jobs))
    return [d for result in results for d in result]


def _jobs_setting() -> int:
    try:
        return int(os.environ.get("PUBLISH_CHECK_JOBS", "0")) or (os.cpu_count() or 1)
    except ValueError:
        return os.cpu_count() or 1


def _missing_output(path: Path) -> Diagnostic:
    return Diagnostic("output-missing", "nothing to check: the file or folder does not exist",
                      str(path), hint="build it first: python -m publish build SERIES")
