"""How tall is a note? Laid out alone in the book's text column, on demand.

A note that WeasyPrint could not place with its call (deferred to a later page,
or not printed at all) is measured here: taller than a page's text area less
the call's line and the rule above the notes, it can never sit at the foot of
its call's page, and WeasyPrint 70 does not continue a note on the next page.
"""
from __future__ import annotations

from typing import Callable

from publish.adapters.pdf.parts.html import measure_html
from publish.model import Note, Series

PX_PER_PT = 96 / 72
#: what the foot of a page needs besides the note: the line holding the call,
#: and the space and rule above the notes (see @footnote in print.css)
SPARE_PT = 13.5 + 10 + 5 + 4


def _boxes_with_ids(box, ids: set[str]):
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get("id") in ids:
        yield element.get("id"), box
        return
    for child in getattr(box, "children", ()) or ():
        yield from _boxes_with_ids(child, ids)


def text_area_height(document) -> float:
    """The height of a body page's text area (CSS px), from the laid-out book."""
    pages = document.pages
    page = pages[-1] if pages else None
    return page._page_box.height if page is not None else 0.0


class NoteHeights:
    """Heights of notes (CSS px) laid out alone, each measured once."""

    def __init__(self, series: Series, render_html: Callable[[str], object]):
        self.series = series
        self.render_html = render_html
        self.heights: dict[str, float] = {}

    def measure(self, notes: list[Note]) -> None:
        todo = [note for note in notes if note.id not in self.heights]
        if not todo:
            return
        ids = {note.id for note in todo}
        document = self.render_html(measure_html(self.series, todo))
        for page in document.pages:
            for note_id, box in _boxes_with_ids(page._page_box, ids):
                self.heights[note_id] = self.heights.get(note_id, 0.0) + box.margin_height()
        for note in todo:
            self.heights.setdefault(note.id, 0.0)

    def too_long(self, notes: list[Note], document) -> dict[str, float]:
        """Of ``notes``, those taller than the foot of a page can hold: id -> height in pt."""
        self.measure(notes)
        limit = text_area_height(document) - SPARE_PT * PX_PER_PT
        return {note.id: self.heights[note.id] / PX_PER_PT for note in notes if self.heights[note.id] > limit}

    def limit_pt(self, document) -> float:
        return text_area_height(document) / PX_PER_PT - SPARE_PT
