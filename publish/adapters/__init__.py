"""The format adapters, in the order a full build runs them.

Each is a module with one entry point, ``build(job) -> list[Path]``, that renders
``job.series`` into ``job.stage``. The PDF comes first: the EPUB's page-list
follows its pages (``publish.pagemap``). The site comes last so it can offer
the EPUB and the PDF for download.
"""
from __future__ import annotations

from publish.adapters import epub, html, pdf

ADAPTERS = {"pdf": pdf.build, "epub": epub.build, "html": html.build}
FORMATS = tuple(ADAPTERS)
