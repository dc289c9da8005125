"""WeasyPrint, fenced in: it fetches only our own files, and what it logs is kept for the checks.

WeasyPrint would fetch ``http://`` images and stylesheets, and it logs problems
and carries on. Here a ``LocalFetcher`` refuses every URL outside the allowed
folders (the series and ``styles/``) and reads the files it allows through
``publish.files`` (from the disk, or on a cluster's worker from what the task
carried), and ``captured_log`` collects its log records while a book is laid out
and written (``checks/log.py`` reports them).
"""
from __future__ import annotations

import logging
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import Request

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse, iri_to_uri

from publish import files


LOGGER_NAME = "weasyprint"


class LocalFetcher(URLFetcher):
    """Fetches ``file:`` URLs below the allowed folders and ``data:`` URLs; refuses the rest."""

    def __init__(self, folders: list[Path]):
        super().__init__(allowed_protocols=("file", "data"))
        self.folders = [Path(folder).resolve() for folder in folders]
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(folder) for folder in self.folders)

    def fetch(self, url, headers=None):
        if not self.allows(url):
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused to fetch {url}: outside the series and styles folders")
        if urlsplit(url).scheme != "file":
            return super().fetch(url, headers)
        url = iri_to_uri(url.split("?")[0])
        path = Path(unquote(urlsplit(url).path))
        kind = mimetypes.guess_type(url)[0] or "text/plain"  # (what urllib's file handler says)
        return URLFetcherResponse("file://" + Request(url).selector, files.read_bytes(path),
                                  {"Content-Type": kind})


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]):
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_log(records: list[logging.LogRecord]):
    """Collect WeasyPrint's warnings and errors into ``records`` (and keep them off the console)."""
    logger = logging.getLogger(LOGGER_NAME)
    handler = _Collect(records)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
