"""The words the print book adds around the text (contents, imprint, colophon), in the series language: from
the one catalogue of the toolchain's words (``publish.messages``), with the series' own ``labels:`` in front."""
from __future__ import annotations

from markupsafe import Markup

from publish.messages import Messages, is_rtl, messages_for
from publish.scripts import book_css

RTL_SHEETS = ("rtl.css", "rtl-print.css")  #: what a book read right to left adds (scripts.book_css)
NOTES_SHEETS = ("rtl-notes-print.css",)  #: what a book read left to right with notes read right to left adds


def words_of(config) -> Messages:
    return messages_for(config)


def publisher_line(config) -> str | None:
    """'Published by Harrow & Lane, 1 March 2025' (the date as the language writes it)."""
    words = words_of(config)
    if not config.publisher:
        return None
    if config.date:
        return words.format("published-by-on", publisher=config.publisher, date=words.date(config.date))
    return words.format("published-by", publisher=config.publisher)


def language_context(config) -> dict:
    """What a part's HTML says of its language: its direction (``dir``, only for one written right to left)
    and the CSS its scripts and direction add (``scripts.book_css``; the fonts are named by their files)."""
    return {"dir": "rtl" if is_rtl(config.language) else None,
            "book_css": Markup(book_css(config, lambda path: path.as_uri(), RTL_SHEETS, own_families=True,
                                        notes_sheets=NOTES_SHEETS))}
