"""The few words the EPUB adds around the text, in the series language, from the one catalogue of the
toolchain's words (``publish.messages``), with the series' own ``labels:`` in front."""
from __future__ import annotations

from dataclasses import astuple, dataclass

from publish.messages import Messages, messages_for
from publish.xref import xref_words


@dataclass(frozen=True)
class Labels:
    cover: str
    title_page: str
    contents: str
    landmarks: str
    notes: str
    bibliography: str
    back_to_reference: str  #: with {k} (which call) and {n} (the note's number)
    pages: str              #: the page-list: the pages of the print book
    index: str              #: the back-of-book index
    see: str                #: an index entry that sends the reader to another
    see_also: str
    page_ref: str           #: a print page after a cross-reference, with {page}
    note_ref: str           #: a note referred to by its number, with {number}
    messages: Messages


def labels_for(config) -> Labels:
    """The labels of a book (its ``SeriesConfig``)."""
    words = messages_for(config)
    return Labels(*(words[key] for key in ("cover", "title-page", "contents", "landmarks", "notes", "bibliography",
                                           "back-to-reference", "print-pages", "index", "see", "see-also")),
                  *astuple(xref_words(words))[:2], words)
