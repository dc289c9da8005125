"""Keep every note on the page of its first call, where WeasyPrint 70 would defer it.

When a paragraph starts at the foot of a page that already holds notes and
its second line does not fit, WeasyPrint 70 moves the page's last note to the
next page to make room for that line (rather than moving the paragraph): the
note then sits one page after its call. ``lay_out_keeping_notes`` lays the book
out, finds such notes, moves the paragraph squeezed in at the foot of that page
to the next page (``break-before: page`` on its element: a page a line or two
short, as a compositor would set it), and lays the book out again.

Each pass repairs every deferred note it finds (usually one pass does): a
repair moves a line or two, and a later page whose foot it changes is looked
at again in the next pass.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.checks.notes import LayoutFindings, find_note_problems, out_of_order
from publish.adapters.pdf.layout.continued import Continuations
from publish.model import Series

MAX_PASSES = 6       #: passes that move paragraphs; each continued note may take up to three more
PUSH_STYLE = "break-before: page"
#: elements that are containers of the flow, never moved as a whole
CONTAINERS = {"html", "body", "section", "div", "nav", "header", "article", "main"}


def _last_line(box, parent=None):
    """The last line box below ``box`` (in reading order) and the block box holding it."""
    found = None
    for child in getattr(box, "children", ()) or ():
        if isinstance(child, boxes.LineBox):
            found = (child, box)
        elif isinstance(child, boxes.ParentBox):
            found = _last_line(child, box) or found
    return found


def last_body_block(page):
    """The element of the block whose line ends the page's text, if it may be moved to the next page."""
    page_box = page._page_box  # WeasyPrint keeps the laid-out page box here
    found = _last_line(page_box.children[0])
    if found is None:
        return None
    element = getattr(found[1], "element", None)
    if element is None or not isinstance(element.tag, str) or element.tag in CONTAINERS:
        return None
    return element


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CELLS = {"td", "th"}


def _parents(root) -> dict:
    return {child: parent for parent in root.iter() for child in parent}


def _previous(element, parents: dict):
    parent = parents.get(element)
    siblings = [child for child in parent if isinstance(child.tag, str)] if parent is not None else []
    index = siblings.index(element) if element in siblings else 0
    return siblings[index - 1] if index > 0 else None


def block_to_move(element, parents: dict):
    """What must move with ``element``: the block that opens with it, and the headings above it;
    None when that is the first block of its article (it stays below the article's title)."""
    while element.tag in CELLS and parents.get(element) is not None:
        element = parents[element]  # a table breaks between rows
    while True:
        parent = parents.get(element)
        if parent is None or parent.tag in CONTAINERS or _previous(element, parents) is not None:
            break
        element = parent  # the first paragraph of a quotation or a list item: move the whole of it
    while (before := _previous(element, parents)) is not None and before.tag in HEADINGS:
        element = before
    return element if _previous(element, parents) is not None else None


def push_to_next_page(element) -> None:
    style = element.get("style", "").strip().rstrip(";")
    element.set("style", f"{style}; {PUSH_STYLE}" if style else PUSH_STYLE)


def drift_pages(found: LayoutFindings, skip: set[str]) -> list[int]:
    """The pages holding the call of a note printed later (a note short enough to be moved back; notes in
    ``skip`` left out)."""
    return sorted({drift.call_page for drift in found.late if drift.note.id not in found.measured
                   and drift.note.id not in skip and drift.note_page is not None
                   and drift.call_page is not None and drift.note_page > drift.call_page})


def long_notes(found: LayoutFindings) -> list[str]:
    """Notes too long for the foot of any page, or cut off where they were drawn."""
    return list(dict.fromkeys([*found.measured, *(item.note_id for item in found.cut)]))


def misplaced(found: LayoutFindings, continued: set[str]) -> set[str]:
    """Continued notes whose head left its call's page or whose continuations do not follow it."""
    late = {drift.note.id for drift in found.late} | {item.note_id for item in found.cut}
    return {note_id for note_id in continued if note_id in late
            or out_of_order(found.pieces.get(note_id, [None]))}


def lay_out_keeping_notes(book, render: Callable[[], object], series: Series, heights):
    """``render()`` lays out ``book`` (a WeasyPrint HTML, whose elements are changed between passes);
    ``heights`` (a ``layout.measure.NoteHeights``) measures notes alone. A note too long for the room its
    page leaves is continued on the next pages (``continued``); a note WeasyPrint deferred is brought back
    by moving a paragraph. Returns the last layout and what it shows of its notes
    (``checks.notes.find_note_problems``)."""
    pushed: set = set()
    continuations = Continuations(book.etree_element, series, heights)
    moves = 0
    for _ in range(MAX_PASSES + 3 * len(series.all_notes) + 1):
        document = render()
        found = find_note_problems(document, series, heights)
        if continuations.update(document, long_notes(found), misplaced(found, set(continuations.cuts))):
            continue
        if moves == MAX_PASSES:
            break
        parents = _parents(book.etree_element)
        pages = drift_pages(found, set(continuations.cuts) | continuations.follows)
        elements = [last_body_block(document.pages[number - 1]) for number in pages]
        elements = [block_to_move(element, parents) for element in elements if element is not None]
        new = [element for element in elements if element is not None and element not in pushed]
        if not new:
            break
        moves += 1
        for element in new:
            push_to_next_page(element)
            pushed.add(element)
    return document, replace(found, follows=sorted(continuations.follows))
