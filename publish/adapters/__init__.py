"""The format adapters, in the order a full build runs them.

Each is a module with one entry point, ``build(job) -> list[Path]``, that renders
``job.series`` into ``job.stage``. The site comes last so it can offer the
EPUB and the PDF for download.
"""
from __future__ import annotations

from publish.adapters import epub, html, pdf

ADAPTERS = {"epub": epub.build, "pdf": pdf.build, "html": html.build}
FORMATS = tuple(ADAPTERS)
