"""The print book in parts: the front matter, each article, the back matter, each its own HTML document.

Every article opens on a recto, so the book can be laid out part by part: a part
is given the side of its first page (``opening_css``) and ends with an
empty block that breaks to the side the next part opens on (``pad``), which
gives the blank verso a part may need before the next; the page that block
opens is left out of the book. Links to an id in another part are written
``book-part:<id>`` (``XREF``) and made internal links again when the parts are
put together (``assemble/merge.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markupsafe import Markup

from publish.adapters.pdf.parts.html import (BIBLIOGRAPHY_ANCHOR, BackEntry, article_anchor, article_entry,
                                             bibliography_entry, book_authors, colophon_text, printed_identifier)
from publish.adapters.pdf.parts.index import INDEX_ANCHOR, index_section
from publish.adapters.pdf.parts.words import language_context, publisher_line, words_of
from publish.model import Article, Series
from publish.templates import render

BOOK_TEMPLATE = "pdf/book.html"
XREF = "book-part:"
FRONT, BACK = "#front", "#back"
INDEX = "#index"  #: in ``starts``: the page the index begins on (within the back matter), once known
LINK = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class Part:
    key: str                 #: FRONT, an article's slug, or BACK
    body: str                #: the part's sections, as HTML
    opens: str               #: 'recto' or 'verso': the side its first page is on
    article: Article | None = None

    def series(self, series: Series) -> Series:
        """The series as far as this part shows it: its article's notes, the bibliography in the back."""
        articles = (self.article,) if self.article else ()
        return replace(series, articles=articles, bibliography=series.bibliography if self.key == BACK else [])


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,;:-_'!?()" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def contents_pages(series: Series, starts: dict[str, int] | None) -> dict[str, str]:
    """The page printed after each line of the contents ('' before the pages are known)."""
    anchors = [article_anchor(a) for a in series.articles] + [BIBLIOGRAPHY_ANCHOR, INDEX_ANCHOR]
    keys = [a.slug for a in series.articles] + [BACK, INDEX]
    return {anchor: str((starts or {}).get(key) or "") for anchor, key in zip(anchors, keys)}


def front_body(series: Series, entries, bibliography: BackEntry | None, starts=None) -> str:
    words = words_of(series.config)
    return render("pdf/front.html", series=series.config, articles=entries, words=words,
                  publisher_line=publisher_line(series.config), date=words.date(series.config.date),
                  bibliography=bibliography, contents_title=words["contents"],
                  identifier=printed_identifier(series.config.identifier), pages=contents_pages(series, starts),
                  index_title=words["index"] if series.index else None, index_anchor=INDEX_ANCHOR)


def back_body(series: Series, entries, bibliography: BackEntry | None, index: Markup | None = None) -> str:
    return render("pdf/back.html", series=series.config, bibliography=bibliography, words=words_of(series.config),
                  colophon=colophon_text(series.config, entries), index=index)


def book_parts(series: Series, starts: dict[str, int] | None = None, entries: list | None = None,
               pages: dict[str, str] | None = None) -> list[Part]:
    """The parts of the book in order; ``starts`` (part key -> first page) numbers the contents, ``pages``
    (``xref.place_key`` -> page) the index; ``entries``: the articles' ``article_entry``, when already written."""
    language = series.config.language
    entries = [article_entry(a, language) for a in series.articles] if entries is None else entries
    bibliography = bibliography_entry(series)
    index = index_section(series, pages)
    back_opens = "recto" if bibliography or series.config.print.also or index else "verso"
    return ([Part(FRONT, front_body(series, entries, bibliography, starts), "recto")]
            + [Part(e.article.slug, render("pdf/article.html", entry=e,
                                           separator=words_of(series.config)["list-separator"]), "recto", e.article)
               for e in entries]
            + [Part(BACK, back_body(series, entries, bibliography, index), back_opens)])


def with_cross_links(body: str) -> str:
    """``body`` with its links to ids outside it written as ``book-part:`` links."""
    ids = set(ID.findall(body))
    return LINK.sub(lambda m: m[0] if m[1] in ids else f'href="{XREF}{m[1]}"', body)


def document_html(series: Series, body: str, pad: str | None) -> str:
    """A part (or the whole book) as an HTML document; ``pad``: the side the next part opens on."""
    return render(BOOK_TEMPLATE, series=series.config, authors=book_authors(series), body=Markup(body),
                  pad=pad, series_title_css=css_string(series.config.title), **language_context(series.config))


def part_html(series: Series, parts: list[Part], index: int) -> str:
    pad = parts[index + 1].opens if index + 1 < len(parts) else None
    return document_html(series, with_cross_links(parts[index].body), pad)


def side_of(first: int) -> str:
    """The side of page ``first``: page 1, the title page, is a recto."""
    return "right" if first % 2 else "left"


def opening_css(side: str, rtl: bool = False) -> str:
    """Opens the part on a page of ``side`` (the side of a left-to-right book: a book written right to left
    opens on the left, and each of its pages is on the other side)."""
    if rtl:
        side = {"right": "left", "left": "right"}[side]
    return f"html {{ break-before: {side}; }}"


def first_page_number(first: int) -> str:
    """Numbers the pages from ``first``."""
    return f"@page :first {{ counter-reset: page {first}; }}"


def starts_of(parts: list[Part], lengths: dict[str, int], front_pages: int) -> dict[str, int]:
    """The first page of every part, from the number of pages of each (as laid out, without the pad's)."""
    starts, page = {}, 1
    for part in parts:
        starts[part.key] = page
        page += front_pages if part.key == FRONT else lengths.get(part.key, 0)
    return starts
