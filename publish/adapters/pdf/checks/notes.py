"""After layout, before writing: is every note printed whole, on the page of its first call?

WeasyPrint 70 gives no warning when a note cannot be placed: a note taller than
the page is pushed from page to page and finally drawn over the text and off
the top of a page, or left out altogether. So the laid-out pages are read back:
``Page.anchors`` says on which page every note and every call landed, and the
footnote area of each page says whether all of its lines lie inside the page's
text area. A note that is not with its call is measured alone (``layout/measure.py``)
to tell a note too long for any page from one that was merely misplaced.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.layout.continued import PIECE, note_of_piece
from publish.diagnostics import Report
from publish.model import Note, Series

EPSILON = 0.5  # CSS px
MM_PT = 72 / 25.4


@dataclass(frozen=True)
class CutNote:
    note_id: str
    page: int            #: 1-based page where the note was drawn
    lines: int           #: lines of the note
    lost: int            #: lines drawn outside the page's text area


def anchor_pages(document) -> dict[str, int]:
    """The page of every id in the laid-out document (its first occurrence), numbered from 1."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


def _footnote_areas(page_box):
    return [child for child in page_box.children if isinstance(child, boxes.FootnoteAreaBox)]


def cut_notes(document) -> list[CutNote]:
    """Notes with lines outside the text area of their page (drawn over the margins or off the page)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box  # WeasyPrint keeps the laid-out page box here
        top = page_box.content_box_y()
        bottom = top + page_box.height
        for area in _footnote_areas(page_box):
            for note_box in area.children:
                element = getattr(note_box, "element", None)
                note_id = element.get("id") if element is not None else None
                lines = [b for b in _descendants(note_box) if isinstance(b, boxes.LineBox)]
                lost = [b for b in lines if b.position_y < top - EPSILON
                        or b.position_y + b.height > bottom + EPSILON]
                if note_id and lost:
                    found.append(CutNote(note_of_piece(note_id), number, len(lines), len(lost)))
    return found


def note_name(note: Note) -> str:
    return f"{note.number} ([^{note.label}])" if note.label else f"{note.number} (inline note)"


@dataclass(frozen=True)
class Drift:
    note: Note
    note_page: int | None    #: None: the note is not printed at all
    call_page: int | None    #: the page of its first call


def drifts(document, series: Series, skip=frozenset()) -> list[Drift]:
    """Notes not printed on the page of their first call (notes in ``skip`` left out)."""
    pages = anchor_pages(document)
    found = []
    for note in series.all_notes:
        if note.id in skip or not note.calls:
            continue
        note_page, call_page = pages.get(note.id), pages.get(note.calls[0].id)
        if note_page is None or note_page != call_page:
            found.append(Drift(note, note_page, call_page))
    return found


def piece_pages(document, series: Series) -> dict[str, list[int | None]]:
    """The pages of the pieces of every note continued on later pages: its head, then each continuation."""
    found: dict[str, dict[int, int]] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if PIECE in anchor:
                note_id, index = anchor.split(PIECE)
                found.setdefault(note_id, {}).setdefault(int(index), number)
    pages = anchor_pages(document)
    return {note_id: [pages.get(note_id)] + [found[note_id].get(i) for i in range(1, max(found[note_id]) + 1)]
            for note_id in found}


def out_of_order(pages: list[int | None]) -> bool:
    """Pieces of a note that do not follow one another, page after page (or are not all printed)."""
    return None in pages or any(b < a or b > a + 1 for a, b in zip(pages, pages[1:]))


@dataclass(frozen=True)
class LayoutFindings:
    """What one laid-out part shows of its notes, its pages numbered from 1 (plain data, for the cache)."""
    cut: list[CutNote]
    late: list[Drift]
    measured: dict[str, tuple[float, float]]  #: note id -> (its height, the most a page's foot holds), in pt
    pieces: dict[str, list] = field(default_factory=dict)  #: continued note id -> the pages of its pieces
    follows: list[str] = field(default_factory=list)  #: notes printed after a continued note, by design


def find_note_problems(document, series: Series, heights) -> LayoutFindings:
    """Notes cut off, and notes not on their call's page (measured alone: is any page tall enough?).

    ``heights`` is a ``layout.measure.NoteHeights``."""
    notes = {note.id for note in series.all_notes}
    cut = [item for item in cut_notes(document) if item.note_id in notes]
    late = drifts(document, series, skip=frozenset(item.note_id for item in cut))
    measured = {note_id: (height, heights.limit_pt(document))
                for note_id, height in heights.too_long([drift.note for drift in late], document).items()}
    return LayoutFindings(cut, late, measured, piece_pages(document, series))


def _shifted(drift: Drift, offset: int) -> Drift:
    move = (lambda page: None if page is None else page + offset)
    return Drift(drift.note, move(drift.note_page), move(drift.call_page))


def check_layout(findings: LayoutFindings, series: Series, report: Report, first: int = 1) -> set[str]:
    """Report ``note-too-long`` and ``note-page-drift`` of a part whose first page is ``first``;
    return the ids of the notes reported. A note that follows a continued note (``follows``) is printed
    after it by design, on a later page than its call."""
    notes = {note.id: note for note in series.all_notes}
    too_long: dict[str, str] = {}
    for item in findings.cut:
        if item.note_id not in too_long:
            too_long[item.note_id] = (f"{item.lost} of its {item.lines} lines would be cut off or printed over "
                                      f"the text (page {item.page + first - 1})")
    for note_id, (height, limit) in findings.measured.items():
        too_long[note_id] = f"it is {height / MM_PT:.0f} mm tall, the foot of a page holds at most {limit / MM_PT:.0f} mm"
    for note_id, why in too_long.items():
        note = notes[note_id]
        report.add("note-too-long", f"note {note_name(note)} cannot be set at the foot of its pages: {why}, and "
                   "what does not fit cannot be cut between lines (a table, or a line that cannot break)",
                   file=note.file, line=note.line,
                   hint="split the table or the long line, or move that part of the note into the text")
    follows = set(findings.follows)
    for drift in findings.late:
        if drift.note.id in too_long or (drift.note.id in follows and drift.note_page and drift.call_page
                                         and drift.note_page > drift.call_page):
            continue
        report_drift(_shifted(drift, first - 1), report)
    for note_id, pages in findings.pieces.items():
        if out_of_order(pages) and note_id not in too_long:
            shown = ", ".join("?" if page is None else str(page + first - 1) for page in pages)
            report.add("note-page-drift", f"note {note_name(notes[note_id])} is continued on pages {shown}, not "
                       "page after page from its call's", file=notes[note_id].file, line=notes[note_id].line,
                       hint="shorten the note, or the notes near it")
    return set(too_long) | {drift.note.id for drift in findings.late} | set(findings.pieces)


def report_drift(drift: Drift, report: Report) -> None:
    note, call = drift.note, drift.note.calls[0]
    if drift.note_page is None or drift.call_page is None:
        missing = "the note" if drift.note_page is None else "its call"
        report.add("note-page-drift", f"note {note_name(note)}: {missing} is not printed in the PDF",
                   file=note.file, line=call.line or note.line,
                   hint="WeasyPrint could not place it: shorten the note or the notes near it, "
                        "or move the call out of a table or caption into the text")
    else:
        report.add("note-page-drift", f"note {note_name(note)} is printed on page {drift.note_page}, its call "
                   f"on page {drift.call_page}", file=note.file, line=call.line or note.line,
                   hint="shorten the notes of that page, or move the call")
