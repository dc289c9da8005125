"""Where things landed on the laid-out pages of a part: a call and its line, the notes of a page, the room
its text leaves empty above them. Read by ``continued`` to cut long notes to their pages."""
from __future__ import annotations

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.layout.measure import AREA_SPACE, SLACK
from publish.model import Note

PIECE = "--continued-"


def walk(box, ancestors=()):
    yield box, ancestors
    for child in getattr(box, "children", ()) or ():
        yield from walk(child, ancestors + (box,))


def find_box(page, element_id: str):
    """The box of the element ``element_id`` on a laid-out page, and its ancestors (None: not there)."""
    for box, ancestors in walk(page._page_box):
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) and element.get("id") == element_id:
            return box, ancestors
    return None


def free_height(page) -> float:
    """The height a laid-out page leaves empty between its last line of text and its notes."""
    page_box = page._page_box
    bottom = max((box.position_y + box.height for box, _ in walk(page_box.children[0])
                  if isinstance(box, boxes.LineBox)), default=page_box.content_box_y())
    area = notes_area(page)
    top = area.position_y if area is not None and area.children else page_box.content_box_y() + page_box.height
    return top - bottom


def piece_pages_of(document, note_id: str) -> list[int | None]:
    """The pages of a continued note's pieces, its head first."""
    found: dict[int, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if anchor == note_id:
                found.setdefault(0, number)
            elif anchor.startswith(note_id + PIECE):
                found.setdefault(int(anchor.split(PIECE)[1]), number)
    return [found.get(i) for i in range(max(found) + 1)] if found else []


def first_calls(page, by_call: dict, count: int) -> list:
    """(note, line) of the notes first called in the first ``count`` lines of a page's text, in reading order."""
    found, lines = [], 0
    for box, _ in walk(page._page_box.children[0]):
        if isinstance(box, boxes.LineBox):
            lines += 1
            if lines > count:
                break
            for inner, _ in walk(box):
                element = getattr(inner, "element", None)
                note = by_call.get(element.get("id")) if element is not None else None
                if note is not None and note not in [n for n, _ in found]:
                    found.append((note, lines))
    return found


def notes_area(page):
    return next((c for c in page._page_box.children if isinstance(c, boxes.FootnoteAreaBox)), None)


def room_for_head(document, note: Note, pieces: set[str]) -> float | None:
    """The height a note's head may take at the foot of its call's page, once the lines that must stay with
    the call are there (None: the call is not found)."""
    anchors = [i for i, page in enumerate(document.pages) if note.calls and note.calls[0].id in page.anchors]
    if not anchors:
        return None
    page = document.pages[anchors[0]]
    found = find_box(page, note.calls[0].id)
    if found is None:
        return None
    _box, ancestors = found
    line = next((a for a in reversed(ancestors) if isinstance(a, boxes.LineBox)), None)
    if line is None:
        return None
    block = ancestors[ancestors.index(line) - 1]
    own = [child for child in block.children if isinstance(child, boxes.LineBox)]
    index = own.index(line)
    total = len(own) + sum(len([c for c in box.children if isinstance(c, boxes.LineBox)])
                           for later in document.pages[anchors[0] + 1:anchors[0] + 3]
                           for box, _ in walk(later._page_box)
                           if box is not block and getattr(box, "element", None) is block.element
                           and isinstance(box, boxes.BlockContainerBox))
    kept = max(index + 1, block.style["orphans"])
    if 0 < total - kept < block.style["widows"]:
        kept = total - block.style["widows"] if total - block.style["widows"] >= max(index + 1, block.style[
            "orphans"]) else total
    kept = min(kept, total)
    bottom = line.position_y + line.height + (kept - index - 1) * line.height
    page_box = page._page_box
    area, others = notes_area(page), 0.0
    for child in (area.children if area is not None else []):
        element = getattr(child, "element", None)
        if element is not None and element.get("id") in pieces:
            break
        others += child.margin_height()
    return page_box.content_box_y() + page_box.height - bottom - AREA_SPACE - others - SLACK
