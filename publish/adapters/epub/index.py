"""The EPUB's index (EPUB Indexes 1.1) and where its cross-references lead.

The index is a document of its own after the articles (``epub:type="index"``, in the
spine, the contents and the landmarks): each locator leads to the marked words in
their article, labelled with the print page they are on (``pagemap.load_places``);
with no print book known, with the title of the article instead, once per article.
"""
from __future__ import annotations

from publish.adapters.epub.edition import Edition
from publish.adapters.epub.labels import Labels
from publish.adapters.epub.package import Document
from publish.index import printed
from publish.messages import is_rtl
from publish.scripts import list_marks
from publish.adapters.epub.documents import render_page
from publish.xref import XrefLinks, xref_words

INDEX_DOCUMENT = "text/book-index.xhtml"


def document_of(slug: str) -> str:
    """An article's document, relative to the other documents (``text/``)."""
    return f"{slug}.xhtml"


def epub_xrefs(edition: Edition, labels: Labels, places: dict[str, str] | None) -> XrefLinks:
    """Cross-references in this book: a link to the place in its article's document, when the book holds
    that article (an article's own EPUB does not hold the others)."""
    slugs = {article.slug for article in edition.articles}

    def href(kind: str, slug: str, ident: str) -> str | None:
        if slug not in slugs:
            return None
        return document_of(slug) + (f"#{ident}" if ident else "")

    return XrefLinks(href, places, xref_words(labels.messages))


def index_page(edition: Edition, entries: tuple, labels: Labels, places: dict[str, str] | None) -> Document:
    titles = {article.slug: article.title for article in edition.articles}
    content = render_page("index.xhtml", edition, labels.index, "backmatter", "index", labels=labels,
                          entries=printed(entries, places, titles), document_of=document_of,
                          rtl=is_rtl(edition.config.language),
                          marks=list_marks(labels.messages))
    return Document("book-index", INDEX_DOCUMENT, content)
