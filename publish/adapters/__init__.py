"""The format adapters, one package each, in the order a full build runs them.

Each package's ``build(job) -> list[Path]`` renders ``job.series`` into ``job.stage``.
The PDF comes first: the EPUB's page-list follows its pages (``publish.pagemap``).
The site comes last so it can offer the EPUB and the PDF for download. A format
never imports another's modules: what two of them share lives below ``adapters/``.
"""
from __future__ import annotations

from publish.adapters import epub, pdf, site

ADAPTERS = {"pdf": pdf.build, "epub": epub.build, "site": site.build}
FORMATS = tuple(ADAPTERS)
ALIASES = {"html": "site"}  #: older names of a format, still accepted
