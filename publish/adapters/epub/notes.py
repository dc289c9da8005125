"""Footnotes in the EPUB: the call, and the note as an aside at the end of its article.

Numbers, ids and text come from the model; the markup comes from
``styles/templates/epub/notes.xhtml``. A note's number, a link back to its first
call, opens its first paragraph (reading apps that run notes together, and
apps with no popups, both need it there); a note cited more than once ends
with one more backlink per further call.
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from publish.adapters.epub.labels import Labels
from publish.model import Article, Note
from publish.render import HtmlWriter
from publish.scripts import back_arrow, note_direction
from publish.templates import environment

PARAGRAPHS = ("Para", "Plain")


def _macros():
    return environment().get_template("epub/notes.xhtml").module


class ArticleNotes:
    """Renders the calls and the notes of one article."""

    def __init__(self, article: Article, labels: Labels, on_raw: Callable[[str, str], None] | None = None,
                 xrefs=None):
        self.article, self.labels, self.on_raw, self.xrefs = article, labels, on_raw, xrefs
        self.macros = _macros()

    def call(self, note_id: str, call_index: int) -> str:
        """``HtmlWriter``'s ``note_call``: the markup of call ``call_index`` (1-based) of a note."""
        note = self.article.note(note_id)
        return str(self.macros.noteref(note, note.calls[call_index - 1]))

    def writer(self) -> HtmlWriter:
        return HtmlWriter(self.call, on_raw=self.on_raw, xrefs=self.xrefs)

    def asides(self) -> list[Markup]:
        writer = self.writer()
        language = self.labels.messages.language
        return [self.macros.aside(note, self.body(note, writer), note_direction(note, language))
                for note in self.article.notes]

    def body(self, note: Note, writer: HtmlWriter) -> Markup:
        """The note's blocks, its number at the start and its further backlinks at the end."""
        number = self.macros.number(note)
        backlinks = self.macros.backlinks(note, self.labels, back_arrow(note, self.labels.messages.language))
        blocks = list(note.blocks)
        opens_with_text = bool(blocks) and blocks[0]["t"] in PARAGRAPHS
        ends_with_text = bool(blocks) and blocks[-1]["t"] in PARAGRAPHS
        parts = [] if opens_with_text else [_paragraph(number)]
        last = len(blocks) - 1
        for index, block in enumerate(blocks):
            if block["t"] not in PARAGRAPHS:
                parts.append(Markup(writer.block(block)))
                continue
            before = number if index == 0 else Markup()
            after = backlinks if index == last else Markup()
            parts.append(_paragraph(before + writer.inlines(block["c"]) + after))
        if backlinks and not ends_with_text:
            parts.append(_paragraph(Markup(backlinks.lstrip())))
        return Markup("\n").join(parts)


def _paragraph(inner: Markup) -> Markup:
    return Markup("<p>%s</p>") % inner
