"""What WeasyPrint logged and refused while the book was laid out, reported as diagnostics at their lines.

Refused URLs (``layout/fence.py``) are errors; WeasyPrint's warnings are
warnings and its errors (unusable resources) errors, repeats counted once.
``find_in_sources`` locates a piece of text in the manuscript, for these and the
other checks of the laid-out book.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish.adapters.pdf.layout.fence import LocalFetcher
from publish.diagnostics import Report

NO_ANCHOR = re.compile(r"No anchor #(?P<id>\S+) for internal URI reference")


def report_refused(fetcher: LocalFetcher, report: Report, sources: list[Path]) -> None:
    """One error per refused URL, located in the article that names it when it can be found."""
    for url in fetcher.refused:
        file, line = find_in_sources(url, sources)
        report.add("pdf-remote-resource", f"the print book cannot use {url}: only files in the series "
                   "folder are included", file=file, line=line,
                   hint="copy the file into the series folder and refer to it by a relative path")


def find_in_sources(url: str, sources: list[Path]) -> tuple[Path | None, int | None]:
    needles = {url, unquote(url)}
    if url.startswith("file:"):
        needles.add(Path(unquote(urlsplit(url).path)).name)
    for source in sources:
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, 1):
            if any(needle and needle in text for needle in needles):
                return source, number
    return None, None


def report_log(records: list[logging.LogRecord], fetcher: LocalFetcher, report: Report,
               reported_ids: set[str] = frozenset(), sources: list[Path] = ()) -> None:
    """WeasyPrint's warnings as warnings, its errors (unusable resources) as errors; repeats counted once.

    Messages about refused URLs, or about ids in ``reported_ids`` (notes already
    reported as not printed), are left out: they are reported already. A link to
    an id that is nowhere in the book is a ``pdf-broken-link`` warning, located
    in ``sources`` when it can be found there.
    """
    counts = Counter((r.levelno >= logging.ERROR, r.getMessage().strip()) for r in records)
    for (is_error, message), count in counts.items():
        anchor = NO_ANCHOR.search(message)
        if any(url in message for url in fetcher.refused) or (anchor and anchor["id"] in reported_ids):
            continue
        if anchor:
            file, line = find_in_sources(f"#{anchor['id'].split('--')[-1]})", list(sources))
            report.warn("pdf-broken-link", f"a link to #{anchor['id']} leads nowhere in the print book",
                        file=file, line=line, hint="link to a heading's id, e.g. [text](#section-title)")
            continue
        text = f"WeasyPrint: {message}" + (f" ({count} times)" if count > 1 else "")
        if is_error:
            report.add("pdf-weasyprint", text, hint="the print book would be missing this resource")
        else:
            report.warn("pdf-weasyprint", text)
