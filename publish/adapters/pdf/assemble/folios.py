"""The book's folios, laid over its pages from a sheet numbered through the book.

Each part of the print book is laid out from page 1, wherever it falls in the
book (``layout/typeset.py``): its layout then depends on nothing but its own content,
so it is laid out once, on any core, and kept in the cache however the parts
before it grow or shrink. Only the folios depend on where a part falls. They are
laid out apart, on a sheet of empty pages, one per page of the book, each named
for the folio its page takes (``folio_kind``, read from the part's laid-out
page); print.css sets each kind of folio, and WeasyPrint numbers the sheet's
pages as it would the book's. When the parts are put together, each page of the
sheet is laid over its page of the book as an artifact of pagination, as
folios are in a tagged PDF (``lay_over``). Each part has its own sheet, numbered
from its first page, laid out in parallel and cached like the parts.
"""
from __future__ import annotations

from io import BytesIO

import pikepdf
from markupsafe import Markup, escape

FOLIO, OPENING, NONE = "folio", "folio-opening", "no-folio"


def folio_kind(page) -> str:
    """The folio of a laid-out page: none on the front matter's pages and on blank pages, at the foot of an
    article's first page, else at the head (the named pages of print.css)."""
    page_type = page._page_box.page_type  # WeasyPrint keeps the laid-out page box here
    if page_type.blank or page_type.name != "article":
        return NONE
    return OPENING if ("article", 0) in page_type.groups else FOLIO


def sheet_body(kinds: list[str]) -> Markup:
    """The sheet's pages, one empty block each, named for the folio of the book's page at that place."""
    return Markup("\n").join(Markup('<div class="folio-sheet {}"></div>').format(escape(kind)) for kind in kinds)


def lay_over(book: pikepdf.Pdf, sheet: bytes, kinds: list[str], start: int) -> None:
    """Lay each page of ``sheet`` over the book's page at its place, from page index ``start``
    (``kinds``: the folio of each; pages with none are left alone)."""
    folios = pikepdf.open(BytesIO(sheet))
    if start + len(folios.pages) > len(book.pages):
        raise RuntimeError(f"a folio sheet of {len(folios.pages)} pages from page {start + 1} "
                           f"overruns the book's {len(book.pages)}")
    for index, (folio, kind) in enumerate(zip(folios.pages, kinds), start):
        if kind == NONE:
            continue
        page = book.pages[index]
        form = book.copy_foreign(folio.as_form_xobject())
        name = pikepdf.Name(f"/Folio{index + 1}")  # the pages of a part share their resources
        page.add_resource(form, pikepdf.Name.XObject, name)
        # the page's own content leaves its transformation in place: it is wrapped in q/Q first
        page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(book, b"\nQ\n/Artifact <</Type /Pagination>> BDC q " + name.unparse()
                                         + b" Do Q EMC\n"), prepend=False)
