"""The print book's pages in the EPUB: page-break markers in the text and the page-list that leads to them.

The print book records where each of its pages begins (``publish.pagemap``:
an article block, or a bibliography entry, and an offset in its text). Here
each article (and the bibliography) is rendered block by block, and a marker
(``epub:type="pagebreak"``, ``role="doc-pagebreak"``, ``id="page-N"``) goes into
the block at that offset, counted by the page map's own rule
(``pagemap.TextCount``) over the block's markup. A page that begins inside a
word (broken with a hyphen in print) is marked before the next word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from markupsafe import Markup

from publish import pagemap
from publish.pagemap import TextCount
from publish.diagnostics import Report
from publish.render import HtmlWriter
from publish.templates import environment

TOKENS = re.compile(r"(<[^>]*>)")
CHARACTERS = re.compile(r"&[#\w]+;|.", re.S)
TAG_NAME = re.compile(r"</?(\w+)")
INLINE = {"a", "em", "strong", "u", "del", "sup", "sub", "span", "code", "small", "abbr", "cite", "q"}
CLASS = re.compile(r'\sclass="([^"]*)"')


@dataclass(frozen=True)
class PageBreak:
    label: str
    block: int       #: index of the top-level block (pagemap.TITLE_BLOCK: before the article's title)
    offset: int      #: non-blank characters of the block before the page's first

    @property
    def id(self) -> str:
        return f"page-{self.label}"


def page_breaks(job, report: Report) -> dict[str, list[PageBreak]] | None:
    """The page breaks of every article, from the print book of this build or the last; None if none."""
    found, changed = pagemap.load(job)
    if found is None or changed:
        names = ["the bibliography" if key == pagemap.BIBLIOGRAPHY else key for key in changed
                 if key != pagemap.SETTINGS]
        why = "no print book has been laid out yet" if found is None else \
            "the series' settings or the print book's styles changed after it was laid out" \
            if pagemap.SETTINGS in changed else \
            f"the text of {', '.join(names)} changed after the print book was laid out"
        report.warn("epub-no-page-list", f"the EPUB has no page-list: {why}",
                    hint="build the PDF as well (--format pdf,epub): the EPUB then lists the print pages")
        return None
    return {slug: [PageBreak(str(label), int(block), int(offset)) for label, block, offset in entries]
            for slug, entries in found.items()}


def marker(page: PageBreak) -> Markup:
    return environment().get_template("epub/pagebreak.xhtml").module.pagebreak(page)


def marked_blocks(writer: HtmlWriter, blocks: list, breaks: list[PageBreak]) -> Markup:
    """The blocks (of an article, or the bibliography's entries), each with the markers of the pages
    that begin in it."""
    parts = []
    for index, block in enumerate(_element_blocks(writer, blocks)):
        inside = [page for page in breaks if page.block == index]
        parts.append(insert_markers(block, inside) if inside else block)
    return Markup("".join(parts))


def _element_blocks(writer: HtmlWriter, blocks: list) -> list[str]:
    """The rendered top-level blocks that are elements (what the print book counts); text with the one before."""
    rendered: list[str] = []
    for block in blocks:
        html = writer.block(block)
        if html.startswith("<") or not rendered:
            rendered.append(html)
        else:
            rendered[-1] += html
    return rendered


def insert_markers(html: str, pages: list[PageBreak]) -> str:
    """``html`` with a marker before the character at each page's offset (moved on to a word's start)."""
    pending = sorted(pages, key=lambda page: page.offset)
    out: list[str] = []
    seen, word_start, count = 0, True, TextCount()
    for token in TOKENS.split(html):
        if token.startswith("<"):
            follow_tag(count, token)
            name = TAG_NAME.match(token)
            word_start = word_start or not name or name.group(1) not in INLINE  # a block starts a word
            out.append(token)
            continue
        for char in CHARACTERS.findall(token):
            text = unescape(char)
            if count.counting:
                if text.isspace():
                    word_start = True
                else:
                    while pending and pending[0].offset <= seen and word_start:
                        out.append(marker(pending.pop(0)))
                    seen, word_start = seen + 1, False
            out.append(char)
    at = len(out) - 1 if out and out[-1].startswith("</") else len(out)  # still inside the block
    out[at:at] = [marker(page) for page in pending]
    return "".join(out)


def follow_tag(count: TextCount, tag: str) -> None:
    """Follow one tag of well-formed markup: an element opens or closes (an empty one, or a comment, does
    neither)."""
    if tag.endswith("/>") or tag.startswith(("<!", "<?")):
        return
    if tag.startswith("</"):
        count.leave()
    else:
        found = CLASS.search(tag)
        count.enter(found.group(1) if found else None)
