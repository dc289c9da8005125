"""The print book's index and cross-references: the index in the back matter, the pages after references.

Both print pages of the book itself, which are known only once the parts are laid out
(``layout/book.py``): the places (``xref.place_key``) are named by the ids they have in
the print book (``place_ids``), and where each id landed gives its page (``pages_of``).
"""
from __future__ import annotations

from markupsafe import Markup

from publish.adapters.pdf.parts.words import words_of
from publish.index import letter_groups, printed
from publish.model import Series
from publish.pagemap import page_label
from publish.scripts import list_marks
from publish.templates import render
from publish.xref import XrefLinks, xref_words

INDEX_ANCHOR = "book-index"
PLACEHOLDER = "999"  #: a page not known yet: as wide as most


def article_id(slug: str) -> str:
    """The id of an article's opening in the print book (its section, the contents' and the index's target)."""
    return f"article-{slug}"


def heading_prefix(slug: str) -> str:
    return f"{slug}--"


def pdf_id(kind: str, slug: str, ident: str) -> str:
    """The id a place has in the print book: an article's section, a heading (prefixed with its article's slug,
    as every article shares the book), a note or an index mark (unique already)."""
    if kind == "article" or (kind == "heading" and not ident):
        return article_id(slug)
    return heading_prefix(slug) + ident if kind == "heading" else ident


def place_ids(series: Series) -> dict[str, str]:
    """The print book's id of every place whose page an output shows, and its ``place_key``."""
    headings = {(a.slug, h.id) for a in series.articles for h in a.headings}
    found = {}
    for key in series.paged:
        slug, ident = key.split("#", 1)
        kind = "article" if not ident else "heading" if (slug, ident) in headings else "mark"
        found[pdf_id(kind, slug, ident)] = key
    return found


def pages_of(series: Series, parts: list, results: list, starts: dict[str, int]) -> dict[str, str]:
    """The print page of every place whose page an output shows (``place_key``: page label), from where its
    id landed in its part (``PartResult.anchors``) and where the part begins."""
    ids, found = place_ids(series), {}
    for part, result in zip(parts, results):
        for ident, page in sorted(result.anchors.items()):
            if ident in ids:
                found[ids[ident]] = page_label(starts[part.key] + page - 1)
    return found


def placeholder_pages(series: Series) -> dict[str, str]:
    """Before the parts are laid out: every page to print as wide as most will be."""
    return {key: PLACEHOLDER for key in series.paged}


def pdf_xrefs(series: Series, pages: dict[str, str] | None) -> XrefLinks:
    return XrefLinks(lambda kind, slug, ident: "#" + pdf_id(kind, slug, ident), pages,
                     xref_words(words_of(series.config)))


def index_section(series: Series, pages: dict[str, str] | None) -> Markup | None:
    """The index of the back matter, its locators printed with their pages (None: the series has none)."""
    if not series.index:
        return None
    messages = words_of(series.config)
    words = {"index": messages["index"], "see": messages["see"], "see_also": messages["see-also"]}
    groups = letter_groups(printed(series.index, pages or {}, {}), series.config.language)
    return Markup(render("pdf/index.html", groups=groups, words=words,
                         marks=list_marks(messages)))

