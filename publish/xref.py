"""Cross-references, resolved once: links to another article, its headings, or a note, in every output.

What the manuscript writes, and what each output prints:

- ``[the barricades](01-the-commune.md#barricades)``: a link to that heading (``01-the-commune.md`` alone:
  to the article); with the class ``.page`` (``[…](01-the-commune.md#barricades){.page}``) it is followed
  by the print page, "the barricades (p. 10)". An empty text (``[](01-the-commune.md#barricades)``) takes
  the heading's (or the article's title);
- ``[](#note:varlin)``: "n. 14", the number ``publish.notes`` gave the note ``[^varlin]`` of the same article
  (``[](02-the-fall.md#note:varlin)``: of another one); with a text, "the text (n. 14)"; with ``.page``, also
  the page the note begins on, "n. 14, p. 9";
- ``[](#barricades){.page}``, ``[](#barricades)``: a heading of the same article, as above (a plain
  ``[text](#barricades)`` stays a plain link).

Each such link becomes an ``XRef`` inline, ``[attr, inlines, [kind, slug, id, paged, number]]`` (kind:
``heading``, ``article`` or ``note``), which every output writes through ``XrefLinks`` with its own hrefs;
the print page comes from the laid-out book (``place_key`` names a place for the page map). A link whose
article, heading or note does not exist is an error at its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import PurePosixPath
from typing import Callable

from publish.ast import nodes
from publish.diagnostics import Report
from publish.model import Article
from publish.parse import line_of
from publish.source import SourceText

ARTICLE_FILE = re.compile(r"^(?:\./)?(?:\.\./)?(?:articles/)?([^/#?:]+\.(?:md|html))(?:#(.*))?$")
NOTE_PREFIX = "note:"
PAGE_CLASS = "page"


@dataclass(frozen=True)
class XrefWords:
    page: str = "p. {page}"    #: a print page, after a reference
    note: str = "n. {number}"  #: a note by its number
    separator: str = ", "      #: between a note's number and its page


def xref_words(messages) -> XrefWords:
    """The words of references in a book's language (its ``messages.Messages``): 'p. 12', 'n. 14'."""
    def escaped(key: str) -> str:
        return messages[key].replace("{", "{{").replace("}", "}}")
    return XrefWords(escaped("page-abbrev") + " {page}", escaped("note-abbrev") + " {number}",
                     messages["list-separator"])


def place_key(slug: str, ident: str = "") -> str:
    """The name of a place of the book whose print page an output may show: an id in an article (its
    heading's, or an index mark's), or the article's opening (no id)."""
    return f"{slug}#{ident}"


def article_names(articles: list[Article]) -> dict[str, Article]:
    """An article by each name a link may give it: its file name, its stem, its slug, its page."""
    names: dict[str, Article] = {}
    for article in articles:
        for name in (article.file.name, article.file.stem, article.slug, f"{article.slug}.html",
                     f"{article.slug}.md"):
            names.setdefault(name, article)
    return names


class Resolver:
    """Turns the cross-reference links of one article into ``XRef`` inlines."""

    def __init__(self, article: Article, source: SourceText | None, names: dict[str, Article], report: Report):
        self.article, self.source, self.names, self.report = article, source, names, report
        self.paged: list[str] = []
        self.count = 0

    def rewrite(self, node):
        if isinstance(node, list):
            return [self.rewrite(item) for item in node]
        if not isinstance(node, dict) or "c" not in node:
            return node
        if node["t"] == "Link":
            found = self._resolve(node)
            if found is not None:
                return found
        return {**node, "c": self.rewrite(node["c"])}

    def target(self, url: str) -> tuple[str | None, str] | None:
        """(file name or None for this article, fragment) of a cross-reference link; None: another link."""
        if url.startswith("#" + NOTE_PREFIX):
            return None, url[1:]
        found = ARTICLE_FILE.match(url)
        if not found or PurePosixPath(found[1]).suffix not in (".md", ".html"):
            return None
        return found[1], found[2] or ""

    def local_heading(self, node) -> bool:
        """A link to a heading of this article (``#id``) that asks for what a cross-reference gives: its page
        (``.page``) or its words (an empty text). A plain ``[text](#id)`` stays a link."""
        (_ident, classes, _pairs), inlines, (url, _title) = node["c"]
        return (url.startswith("#") and (PAGE_CLASS in classes or not inlines)
                and any(h.id == url[1:] for h in self.article.headings))

    def _resolve(self, node) -> dict | None:
        (ident, classes, pairs), inlines, (url, _title) = node["c"]
        target = (None, url[1:]) if self.local_heading(node) else self.target(url)
        if target is None:
            return None
        name, fragment = target
        article = self.names.get(name) if name else self.article
        line = line_of(self.source.body, f"]({url}")[0] if self.source else None
        where = {"file": self.article.file, "line": line}
        if article is None:
            self.report.add("xref-no-article", f"'{url}' leads to no article of this series", **where,
                            hint="link to an article file of articles/, e.g. 02-slug.md#heading")
            return {"t": "Span", "c": [["", [], []], self.rewrite(inlines)]}
        paged = PAGE_CLASS in classes
        attr = [ident, [c for c in classes if c != PAGE_CLASS], pairs]
        if fragment.startswith(NOTE_PREFIX):
            return self._note(article, fragment[len(NOTE_PREFIX):], attr, inlines, url, where, paged)
        if fragment:
            heading = next((h for h in article.headings if h.id == fragment), None)
            if heading is None:
                self.report.add("xref-no-heading", f"'{url}': the article '{article.slug}' has no heading "
                                f"with the id '{fragment}'", **where,
                                hint="use the id of one of its headings (pandoc makes it from the heading's "
                                "words: '## The Barricades' is #the-barricades), or give one: ## … {#id}")
                return {"t": "Span", "c": [["", [], []], self.rewrite(inlines)]}
            text = inlines or [{"t": "Str", "c": heading.text}]
            kind = "heading"
        else:
            text, kind = inlines or article.title_inlines, "article"
        self.count += 1
        if paged:
            self.paged.append(place_key(article.slug, fragment))
        return {"t": "XRef", "c": [attr, self.rewrite(text), [kind, article.slug, fragment, paged, 0]]}

    def _note(self, article: Article, label: str, attr, inlines, url: str, where: dict, paged: bool) -> dict:
        note = next((n for n in article.notes if n.label == label), None)
        if note is None:
            self.report.add("xref-no-note", f"'{url}': the article '{article.slug}' has no note [^{label}]",
                            **where, hint="refer to the label of a note written [^label]: … in that article")
            return {"t": "Span", "c": [["", [], []], self.rewrite(inlines)]}
        self.count += 1
        if paged:
            self.paged.append(place_key(article.slug, note.id))
        return {"t": "XRef", "c": [attr, self.rewrite(inlines), ["note", article.slug, note.id, paged, note.number]]}


def resolve_xrefs(articles: list[Article], sources: list[SourceText | None],
                  report: Report) -> tuple[list[Article], list[str]]:
    """The articles with their cross-references resolved, and the places whose print page they show."""
    names = article_names(articles)
    resolved, paged = [], []
    for article, source in zip(articles, sources):
        resolver = Resolver(article, source, names, report)
        links = [node for node in nodes([article.blocks, [note.blocks for note in article.notes]])
                 if node["t"] == "Link"]
        if not any(resolver.target(link["c"][2][0]) is not None or resolver.local_heading(link) for link in links):
            resolved.append(article)  # no cross-reference: no copy
            continue
        blocks = resolver.rewrite(article.blocks)
        notes = tuple(replace(note, blocks=resolver.rewrite(note.blocks)) for note in article.notes)
        resolved.append(replace(article, blocks=blocks, notes=notes) if resolver.count or report.errors else article)
        paged += resolver.paged
    return resolved, list(dict.fromkeys(paged))


class XrefLinks:
    """How one output writes a cross-reference: ``href(kind, slug, id)`` gives where the target is in it
    (None: not in this book, the text is written without a link), ``pages`` the print page of each place
    (``place_key``; None: no print book is known, no page is printed)."""

    def __init__(self, href: Callable[[str, str, str], str | None], pages: dict[str, str] | None = None,
                 words: XrefWords = XrefWords()):
        self.href, self.pages, self.words = href, pages, words

    def suffix(self, kind: str, slug: str, ident: str, paged: bool, number: int) -> str:
        label = (self.pages or {}).get(place_key(slug, ident)) if paged else None
        page = self.words.page.format(page=label) if label else ""
        if kind == "note":  # with .page, the page the note begins on: "n. 14, p. 9"
            note = self.words.note.format(number=number)
            return f"{note}{self.words.separator}{page}" if page else note
        return page

    def render(self, content: list, inner: str, attributes: Callable) -> str:
        attr, _inlines, (kind, slug, ident, paged, number) = content
        extra = self.suffix(kind, slug, ident, paged, number)
        if extra:
            extra = f'<span class="xref-page">{escape(extra, quote=False)}</span>'
            extra = f"({extra})" if inner else extra
        text = f"{inner} {extra}" if inner and extra else inner or extra
        href = self.href(kind, slug, ident)
        ident_, classes, pairs = attr
        attr = [ident_, ["xref", *classes], pairs]
        if href is None:
            return f"<span{attributes(attr)}>{text}</span>"
        return f"<a{attributes(attr, href=href)}>{text}</a>"
