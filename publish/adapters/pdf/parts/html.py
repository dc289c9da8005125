"""The print book's HTML: each article with its notes at their calls, the bibliography, the imprint's facts.

Each note is written once, inline at its first call, where WeasyPrint floats it
to the foot of the page (``float: footnote``); later calls only link to it.
Heading ids are prefixed with the article's slug, as every article shares the
one book (its parts are joined into one PDF).
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from publish.adapters.pdf.parts.index import article_id, pdf_xrefs, placeholder_pages
from publish.adapters.pdf.parts.words import language_context, words_of
from publish.ast import nodes
from publish.isbn import isbn_of
from publish.model import Article, Note, Series
from publish.render import HtmlWriter
from publish.scripts import font_names, note_direction
from publish.templates import environment, render

NOTES_TEMPLATE = "pdf/notes.html"
MEASURE_TEMPLATE = "pdf/measure.html"

#: The fonts print.css sets text in: the book face always, the monospace face where the book has code.
BOOK_FONT = "Linux Libertine"
CODE_FONT = "DejaVu Sans Mono"
BIBLIOGRAPHY_ANCHOR = "bibliography"


@dataclass(frozen=True)
class ArticleEntry:
    """What the book template shows of one article."""

    article: Article
    anchor: str          #: the id of the article's section: the target of its line in the contents
    title: Markup
    body: Markup


def article_anchor(article: Article) -> str:
    """The id of an article's section in the print book: the target of its line in the contents."""
    return article_id(article.slug)


def heading_prefix(article: Article) -> str:
    return f"{article.slug}--"


@dataclass(frozen=True)
class BackEntry:
    """A section after the articles (the bibliography)."""

    anchor: str
    title: str
    body: Markup


def heading_ids(node) -> set[str]:
    """The ids of the headings in pandoc blocks."""
    return {header["c"][1][0] for header in nodes(node) if header["t"] == "Header"} - {""}


def with_local_links(node, prefix: str, ids: set[str]):
    """A copy of ``node`` whose links to the article's own headings point at their prefixed ids."""
    if isinstance(node, list):
        return [with_local_links(n, prefix, ids) for n in node]
    if not isinstance(node, dict) or "c" not in node:
        return node
    if node["t"] == "Link":
        attr, inlines, (url, title) = node["c"]
        if url.startswith("#") and url[1:] in ids:
            url = f"#{prefix}{url[1:]}"
        return {"t": "Link", "c": [attr, with_local_links(inlines, prefix, ids), [url, title]]}
    return {"t": node["t"], "c": with_local_links(node["c"], prefix, ids)}


def local_blocks(blocks: list, article: Article, ids: set[str] | None = None) -> list:
    """``blocks`` of ``article`` with its internal links made to fit the prefixed heading ids
    (``ids``: the article's heading ids, when already known)."""
    ids = heading_ids(article.blocks) if ids is None else ids
    if not any(node["t"] == "Link" and node["c"][2][0][1:] in ids and node["c"][2][0].startswith("#")
               for node in nodes(blocks)):
        return blocks  # nothing to change: no copy
    return with_local_links(blocks, heading_prefix(article), ids)


def note_macros():
    return environment().get_template(NOTES_TEMPLATE).module


def note_text(note: Note, article: Article, ids: set[str] | None = None, xrefs=None) -> Markup:
    """A note's body as inline markup (its blocks as spans), to sit at its call; ``xrefs``: how its
    cross-references are written (``parts/index.py``)."""
    blocks = local_blocks(note.blocks, article, ids)
    return HtmlWriter(flat=True, id_prefix=heading_prefix(article), xrefs=xrefs).blocks(blocks)


class NoteCalls:
    """The ``note_call`` of one article's HtmlWriter: the call markup, plus the note at its first call."""

    def __init__(self, article: Article, language: str = "en", xrefs=None):
        self.article, self.language, self.xrefs = article, language, xrefs
        self.ids = heading_ids(article.blocks)
        self.macro = note_macros().note_call

    def __call__(self, note_id: str, call_index: int) -> str:
        note = self.article.note(note_id)
        call = note.calls[call_index - 1]
        body = note_text(note, self.article, self.ids, self.xrefs) if call_index == 1 else None
        return str(self.macro(note, call, body, note_direction(note, self.language)))


def article_entry(article: Article, language: str = "en", xrefs=None) -> ArticleEntry:
    """An article as the book shows it; ``xrefs``: how its cross-references are written (``parts/index.py``)."""
    calls = NoteCalls(article, language, xrefs)
    writer = HtmlWriter(calls, id_prefix=heading_prefix(article), xrefs=xrefs)
    return ArticleEntry(article, article_anchor(article), HtmlWriter().inlines(article.title_inlines),
                        writer.blocks(local_blocks(article.blocks, article, calls.ids)))


def bibliography_entry(series: Series) -> BackEntry | None:
    if not series.bibliography:
        return None
    return BackEntry(BIBLIOGRAPHY_ANCHOR, words_of(series.config)["bibliography"],
                     HtmlWriter().blocks(series.bibliography))


def book_authors(series: Series) -> list[str]:
    """The authors named in the PDF's metadata: the series', else every article's, each once."""
    names = series.config.authors or [name for article in series.articles for name in article.authors]
    return list(dict.fromkeys(names))


def printed_identifier(identifier: str) -> str:
    """The identifier as the imprint prints it: 'ISBN 978…' for an ISBN URN; nothing for any other (a
    ``urn:uuid:`` means nothing to a reader)."""
    isbn = isbn_of(identifier)
    return f"ISBN {isbn}" if isbn else ""


def colophon_text(config, entries: list[ArticleEntry]) -> str:
    """Names the fonts the book is set in (the code face only when some article shows code, and the fonts of
    the scripts it shows besides Latin)."""
    fonts = [BOOK_FONT, *font_names(config.scripts)] + [CODE_FONT] * any("<code" in entry.body for entry in entries)
    return words_of(config).format("set-in", fonts=" & ".join(fonts))


def measure_html(series: Series, notes: list[Note]) -> str:
    """A document of ``notes`` alone, one below the other in the book's text column."""
    article_of = {note.id: article for article in series.articles for note in article.notes}
    body = note_macros().note_body
    xrefs = pdf_xrefs(series, placeholder_pages(series))
    items = [body(note, note_text(note, article_of[note.id], xrefs=xrefs), note_direction(note, series.config.language))
             for note in notes]
    return render(MEASURE_TEMPLATE, series=series.config, notes=items, **language_context(series.config))
