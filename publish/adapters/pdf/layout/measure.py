"""How tall is a note, and where do its lines end? Laid out alone in the book's text column, on demand.

A note that WeasyPrint could not place with its call (deferred to a later page,
or not printed at all) is measured here: taller than the foot of a page can hold,
it is continued on the next pages (``continued``), cut between two of its lines.
A note laid out alone breaks into the same lines as at the foot of a page (the
same column, the same text), so each line's end is a place it can be cut.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.parts.html import measure_html
from publish.model import Note, Series
from publish.pagemap import letters

HYPHENS = ("-", "\u2010", "\u00ad")


@dataclass(frozen=True)
class NoteLine:
    """One line of a note laid out alone."""
    bottom: float      #: CSS px from the top of the note
    offset: int        #: letters of the note up to the end of the line (``split.split_note`` cuts there)
    breakable: bool    #: the note may be cut after this line (not inside a table, not in a broken word)

PX_PER_PT = 96 / 72
TEXT_RESERVE = 72.0  #: CSS px of text every page keeps: four lines (print.css: @footnote's max-height)
AREA_SPACE = 20.0    #: CSS px above the notes: their area's margin and padding (print.css @footnote)
SLACK = 4.0          #: CSS px of play, for rounding and the margins of a note's first block
#: what the foot of a page needs besides the notes: four lines of text, the space and rule above the notes
SPARE_PT = (TEXT_RESERVE + AREA_SPACE + SLACK) / PX_PER_PT


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
        self.lines: dict[str, list[NoteLine]] = {}

    def measure(self, notes: list[Note]) -> None:
        todo = [note for note in notes if note.id not in self.heights]
        if not todo:
            return
        ids = {note.id for note in todo}
        document = self.render_html(measure_html(self.series, todo))
        for page in document.pages:
            for note_id, box in _boxes_with_ids(page._page_box, ids):
                self.heights[note_id] = self.heights.get(note_id, 0.0) + box.margin_height()
                self.lines[note_id] = note_lines(box)
        for note in todo:
            self.heights.setdefault(note.id, 0.0)
            self.lines.setdefault(note.id, [])

    def lines_of(self, note: Note) -> list[NoteLine]:
        self.measure([note])
        return self.lines[note.id]

    def too_long(self, notes: list[Note], document) -> dict[str, float]:
        """Of ``notes``, those taller than the foot of a page can hold: id -> height in pt."""
        self.measure(notes)
        limit = text_area_height(document) - SPARE_PT * PX_PER_PT
        return {note.id: self.heights[note.id] / PX_PER_PT for note in notes if self.heights[note.id] > limit}

    def limit_pt(self, document) -> float:
        return text_area_height(document) / PX_PER_PT - SPARE_PT


def _line_boxes(box, in_table: bool = False):
    """(line box, inside a table?) of every line below ``box``, in reading order."""
    in_table = in_table or isinstance(box, (boxes.TableBox, boxes.InlineTableBox))
    for child in getattr(box, "children", ()) or ():
        if isinstance(child, boxes.LineBox):
            yield child, in_table
        elif isinstance(child, boxes.ParentBox):
            yield from _line_boxes(child, in_table)


def _text_pieces(box):
    if "::" in (getattr(box, "element_tag", "") or ""):
        return  # generated text (a list's marker) is no letter of the note
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", ()) or ():
        yield from _text_pieces(child)


def note_lines(box) -> list[NoteLine]:
    """The lines of a note's box: where each ends, in height and in letters of its text."""
    source = letters("".join(box.element.itertext())) if box.element is not None else ""
    top, seen, found = box.position_y, 0, []
    lines = list(_line_boxes(box))
    for index, (line, in_table) in enumerate(lines):
        broken = False
        for text in _text_pieces(line):
            piece = letters(text)
            if source[seen:seen + len(piece)] == piece:
                seen += len(piece)
            elif piece and piece[-1] in HYPHENS and source[seen:seen + len(piece) - 1] == piece[:-1]:
                seen, broken = seen + len(piece) - 1, True
            else:
                seen = min(len(source), seen + len(piece))
        next_in_table = index + 1 < len(lines) and lines[index + 1][1]
        found.append(NoteLine(line.position_y + line.height - top, seen,
                              not broken and not (in_table and next_in_table) and index + 1 < len(lines)))
    return found
