"""The one model every adapter renders: Series, Article, Note.

Article bodies and note bodies are pandoc AST blocks (JSON-shaped lists and
dicts). In an article body each note call is a ``NoteCall`` inline
(``{"t": "NoteCall", "c": [note_id, call_index]}``): the adapters decide only
the markup around a note, never its number, id or text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publish.config import SeriesConfig


@dataclass(frozen=True)
class NoteCall:
    id: str                 #: the id of the call's anchor, e.g. 'siege-socialism-noteref-1'
    line: int | None        #: where the call is written in the manuscript


@dataclass(frozen=True)
class Note:
    number: int             #: the number readers see, the same in every output
    id: str                 #: e.g. 'siege-socialism-note-1', the same in every output
    label: str | None       #: '[^label]' in the manuscript; None for an inline note ^[...]
    blocks: list = field(hash=False, compare=False)  #: the note's text as pandoc blocks
    calls: tuple[NoteCall, ...] = ()
    file: Path | None = None
    line: int | None = None  #: where the note is defined


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Locator:
    slug: str               #: the article where the place is
    id: str                 #: the id of the marked words, the same in every output
    line: int | None = field(default=None, compare=False)  #: where the mark is written


@dataclass(frozen=True)
class IndexEntry:
    """One entry of the back-of-book index (``publish.index``), its subentries sorted under it."""
    term: str
    locators: tuple[Locator, ...] = ()
    see: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    subentries: tuple["IndexEntry", ...] = ()


@dataclass(frozen=True)
class Article:
    slug: str               #: from the file name: '01-siege-socialism.md' -> 'siege-socialism'
    index: int              #: 1-based position in the series
    file: Path
    title: str              #: plain text
    title_inlines: list = field(hash=False, compare=False)
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    blocks: list = field(default_factory=list, hash=False, compare=False)
    notes: tuple[Note, ...] = ()
    headings: tuple[Heading, ...] = ()
    images: tuple[Path, ...] = ()  #: the image files the article shows, checked to be inside the series

    def note(self, note_id: str) -> Note:
        for note in self.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)


@dataclass(frozen=True)
class Series:
    config: SeriesConfig
    articles: tuple[Article, ...]
    bibliography: list = field(default_factory=list, hash=False, compare=False)  #: pandoc blocks, one Div per entry
    index: tuple[IndexEntry, ...] = ()  #: the back-of-book index (``publish.index``); empty: the series marks none
    paged: tuple[str, ...] = ()  #: the places whose print page an output shows (``publish.xref.place_key``)

    @property
    def title(self) -> str:
        return self.config.title

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def all_notes(self) -> list[Note]:
        return [note for article in self.articles for note in article.notes]
