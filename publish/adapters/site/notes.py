"""The site's note markup: calls in the text, endnotes at the end of each article page.

Numbers, ids and text come from the model (``publish.notes``); this module only
decides where the site puts them. A note's text is what ``HtmlWriter`` writes
for its blocks; the number (a backlink to the first call) is set in front of
its first paragraph and a backlink to every further call after its last one.
Blocks are written one to a line, so the text reads with a space between them.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from publish.model import Article, Note
from publish.render import HtmlWriter
from publish.scripts import back_arrow, note_direction
from publish.templates import environment

MACROS = "site/notes.html"
PARA_OPEN, PARA_CLOSE = "<p>", "</p>"


@dataclass(frozen=True)
class Endnote:
    """One note as the endnotes list shows it."""

    number: int
    id: str
    first_call: str                         #: the id the number links back to
    further_calls: tuple[tuple[int, str], ...]  #: (k, call id) for the 2nd, 3rd... call
    lead: Markup                            #: the note's text up to where its first paragraph begins
    text: Markup                            #: the rest, up to where its last paragraph ends
    tail: Markup                            #: what follows the last paragraph's end
    opens_paragraph: bool                   #: the note begins with a paragraph the number can join
    closes_paragraph: bool                  #: the note ends with a paragraph the backlinks can join
    dir: str | None = None                  #: its own direction, when it runs the other way from the book's
    arrow: str = "\u21a9"                   #: its further backlinks' arrow, pointing back the way it reads


def block_lines(writer: HtmlWriter, blocks: list) -> Markup:
    """What ``writer`` writes for ``blocks``, one block to a line (readable source, same markup)."""
    return Markup("\n").join(writer.blocks([block]) for block in blocks)


def macros():
    return environment().get_template(MACROS).module


def call_renderer(article: Article):
    """``note_call(note_id, call_index)`` for ``HtmlWriter``: the superscript link to a note."""
    noteref = macros().noteref

    def note_call(note_id: str, call_index: int) -> str:
        note = article.note(note_id)
        return str(noteref(note.id, note.calls[call_index - 1].id, note.number))

    return note_call


def endnote(note: Note, writer: HtmlWriter, language: str = "en") -> Endnote:
    html = str(block_lines(writer, note.blocks))
    opens = html.startswith(PARA_OPEN)
    closes = html.endswith(PARA_CLOSE)
    start = len(PARA_OPEN) if opens else 0
    end = len(html) - len(PARA_CLOSE) if closes and len(html) - len(PARA_CLOSE) >= start else len(html)
    closes = closes and end < len(html)
    further = tuple((k, call.id) for k, call in enumerate(note.calls[1:], start=2))
    return Endnote(note.number, note.id, note.calls[0].id if note.calls else note.id, further,
                   Markup(html[:start]), Markup(html[start:end]), Markup(html[end:]), opens, closes,
                   note_direction(note, language), back_arrow(note, language))


def endnotes(article: Article, writer: HtmlWriter, language: str = "en") -> list[Endnote]:
    """Every note of the article once, in number order."""
    return [endnote(note, writer, language) for note in sorted(article.notes, key=lambda n: n.number)]
