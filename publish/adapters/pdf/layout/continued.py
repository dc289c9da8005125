"""Notes longer than the room left on their call's page, continued at the foot of the next pages.

WeasyPrint 70 cannot split a note: one too long for its page is moved, cut, or drawn
over the text. So a long note is cut here, between two of its lines (``split``),
into a head that stays at its call and continuations that follow it, each a note of
its own to WeasyPrint: a continuation set right after the head does not fit its
page, so WeasyPrint carries it to the next page, where carried notes come first, at
the head of that page's notes (print.css: ``footnote-policy: auto``, and a
``max-height`` on the notes' area that leaves two lines of text on a page).

A careful compositor's rules, after TeX and the university presses:

- the head fills the room its call's page has left, once the lines that must stay
  with the call are on the page (the call's line, and as many as the paragraph's
  orphans and widows ask for); never less than two lines of the note;
- a continuation fills the foot of its page but for four lines of text;
- beside a continuation that does not end on its page, the text runs on, and a note called there follows
  the continued note, at the foot of the page where that one ends (TeX's rule: notes keep their order,
  and a continued note comes first); every other note is printed on the page of its call;
- a cut falls between lines, never inside a table or a broken word.

It takes two layouts: the first (with every long note cut after two lines, which
fit wherever the call falls) shows where each call falls; the next gives each head
the room its page has left. A head that does not keep its place goes back to two
lines. The notes are done one at a time, in reading order: each changes the pages
after it.
"""
from __future__ import annotations

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.layout.measure import AREA_SPACE, SLACK, TEXT_RESERVE, NoteLine
from publish.adapters.pdf.layout.split import CONTINUATION, split_note
from publish.model import Note, Series

MIN_LINES = 2        #: lines of a note on its call's page, at the least
LINE = 18.0          #: CSS px: a line of text (print.css: 13.5pt)
PIECE = "--continued-"
FOLLOWS = "note-follows"  #: the class of a note printed after a continued note (print.css: policy auto)


def piece_id(note_id: str, index: int) -> str:
    return f"{note_id}{PIECE}{index}"


def note_of_piece(element_id: str) -> str:
    """The note a piece of a note belongs to (its head has the note's own id)."""
    return element_id.split(PIECE)[0]


def _walk(box, ancestors=()):
    yield box, ancestors
    for child in getattr(box, "children", ()) or ():
        yield from _walk(child, ancestors + (box,))


def _find(page, element_id: str):
    """The box of the element ``element_id`` on a laid-out page, and its ancestors (None: not there)."""
    for box, ancestors in _walk(page._page_box):
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) and element.get("id") == element_id:
            return box, ancestors
    return None


def _free_height(page) -> float:
    """The height a laid-out page leaves empty between its last line of text and its notes."""
    page_box = page._page_box
    bottom = max((box.position_y + box.height for box, _ in _walk(page_box.children[0])
                  if isinstance(box, boxes.LineBox)), default=page_box.content_box_y())
    area = _area(page)
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


def _area(page):
    return next((c for c in page._page_box.children if isinstance(c, boxes.FootnoteAreaBox)), None)


def chunks(lines: list[NoteLine], start: int, capacity: float, less: dict[int, float] | None = None) -> list[int]:
    """Where the note's lines after line ``start`` are cut, each piece at most ``capacity`` tall, the ``n``-th
    continuation ``less[n]`` less (a piece that cannot be cut in time is cut at the first place it can be)."""
    cuts, top, at = [], lines[start - 1].bottom if start else 0.0, start
    while at < len(lines):
        room = capacity - (less or {}).get(len(cuts) + 1, 0.0)
        fitting = [j for j in range(at + 1, len(lines) + 1) if lines[j - 1].bottom - top <= room
                   and (j == len(lines) or lines[j - 1].breakable)]
        end = max(fitting) if fitting else next((j for j in range(at + 1, len(lines) + 1)
                                                  if j == len(lines) or lines[j - 1].breakable))
        if end == len(lines):
            break
        cuts.append(end)
        top, at = lines[end - 1].bottom, end
    return cuts


def head_lines(lines: list[NoteLine], room: float) -> int:
    """The most lines of the note, cut where it may be, that fit in ``room`` (at least MIN_LINES)."""
    fitting = [k for k in range(MIN_LINES, len(lines) + 1) if lines[k - 1].bottom <= room
               and (k == len(lines) or lines[k - 1].breakable)]
    if fitting:
        return max(fitting)
    return next((k for k in range(MIN_LINES, len(lines)) if lines[k - 1].breakable), len(lines))


def room_for_head(document, note: Note, pieces: set[str]) -> float | None:
    """The height a note's head may take at the foot of its call's page, once the lines that must stay with
    the call are there (None: the call is not found)."""
    anchors = [i for i, page in enumerate(document.pages) if note.calls and note.calls[0].id in page.anchors]
    if not anchors:
        return None
    page = document.pages[anchors[0]]
    found = _find(page, note.calls[0].id)
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
                           for box, _ in _walk(later._page_box)
                           if box is not block and getattr(box, "element", None) is block.element
                           and isinstance(box, boxes.BlockContainerBox))
    kept = max(index + 1, block.style["orphans"])
    if 0 < total - kept < block.style["widows"]:
        kept = total - block.style["widows"] if total - block.style["widows"] >= max(index + 1, block.style[
            "orphans"]) else total
    kept = min(kept, total)
    bottom = line.position_y + line.height + (kept - index - 1) * line.height
    page_box = page._page_box
    area, others = _area(page), 0.0
    for child in (area.children if area is not None else []):
        element = getattr(child, "element", None)
        if element is not None and element.get("id") in pieces:
            break
        others += child.margin_height()
    return page_box.content_box_y() + page_box.height - bottom - AREA_SPACE - others - SLACK


class Continuations:
    """The long notes of one part, cut into pieces in the part's document, pass after pass."""

    def __init__(self, root, series: Series, heights):
        self.root, self.heights = root, heights
        self.notes = {note.id: note for note in series.all_notes}
        self.cuts: dict[str, list[int]] = {}   #: note id -> after which of its lines each piece ends
        self.fitted: set[str] = set()           #: notes whose head was given its page's room
        self.originals: dict = {}               #: note id -> the note's element as written
        self.less: dict[str, dict[int, float]] = {}  #: note id -> continuation -> less room than others
        self.follows: set[str] = set()          #: notes printed after a continued note their call's page holds
        self.by_call = {note.calls[0].id: note for note in series.all_notes if note.calls}
        self.capacity = 0.0

    def pieces(self, note_id: str) -> set[str]:
        return {note_id} | {piece_id(note_id, i) for i in range(1, len(self.cuts.get(note_id, [])) + 1)}

    def update(self, document, long_notes: list[str], misplaced: set[str]) -> bool:
        """Cut the notes of ``long_notes`` (too long for the room a page leaves) that are not cut yet; give
        the first head not yet fitted the room of its page, then its continuations the room their pages
        leave; take back a fitted head that did not keep its place (``misplaced``). Whether the document
        was changed."""
        self.capacity = document.pages[0]._page_box.height - TEXT_RESERVE - AREA_SPACE - SLACK
        new = [note_id for note_id in long_notes if note_id not in self.cuts]
        for note_id in new:
            self._cut(note_id, self._cuts_after(note_id, MIN_LINES))
        for note_id in sorted(misplaced & self.fitted, key=self._order):
            self._cut(note_id, self._cuts_after(note_id, MIN_LINES))
            self.fitted.discard(note_id)
            self.fitted.add(note_id + "#settled")  # taken back once: it keeps the two lines it had
            new.append(note_id)
        if new:
            return True
        for note_id in sorted(self.cuts, key=self._order):
            if note_id in self.fitted or note_id + "#settled" in self.fitted:
                continue
            self.fitted.add(note_id)
            room = room_for_head(document, self.notes[note_id], self.pieces(note_id))
            if room is None:
                continue
            lines = self.heights.lines_of(self.notes[note_id])
            head = head_lines(lines, room)
            cuts = self._cuts_after(note_id, head) if head < len(lines) else []
            if cuts != self.cuts[note_id]:
                self._cut(note_id, cuts)
                return True
        for note_id in sorted(self.cuts, key=self._order):
            if note_id + "#settled" not in self.fitted and self._flow(document, note_id):
                return True
        return False

    def _flow(self, document, note_id: str) -> bool:
        """Let the text run on beside the note's continuations: the first note called after a page that
        the note does not end on, whose call WeasyPrint pushed to the next page, follows the continued note
        instead (``FOLLOWS``: printed after it ends, TeX's rule). Whether a note was so marked."""
        pages = piece_pages_of(document, note_id)
        if not pages or None in pages:
            return False
        marked = False
        for page in sorted(set(pages[:-1])):
            if _free_height(document.pages[page - 1]) <= 1.5 * LINE or page >= len(document.pages):
                continue
            calls = [self.by_call[a] for a in document.pages[page].anchors if a in self.by_call]
            later = [n for n in calls if n.number > self.notes[note_id].number and n.id not in self.follows]
            if later:
                self._follow(min(later, key=lambda n: n.number).id)
                marked = True
        return marked

    def _follow(self, note_id: str) -> None:
        element = next(e for e in self.root.iter() if e.get("id") == note_id)
        element.set("class", " ".join((element.get("class") or "").split() + [FOLLOWS]))
        self.follows.add(note_id)

    def _cuts_after(self, note_id: str, head: int) -> list[int]:
        lines = self.heights.lines_of(self.notes[note_id])
        return [head] + chunks(lines, head, self.capacity, self.less.get(note_id))

    def _order(self, note_id: str) -> int:
        return self.notes[note_id].number

    def _cut(self, note_id: str, cuts: list[int]) -> None:
        """Put the pieces of the note, cut after the lines ``cuts``, in place of those it has now."""
        parent = next(p for p in self.root.iter() for child in p if child.get("id") == note_id)
        siblings = list(parent)
        current = next(child for child in siblings if child.get("id") == note_id)
        at = siblings.index(current)
        old = [current] + [e for e in siblings[at + 1:] if CONTINUATION in (e.get("class") or "")
                           and note_of_piece(e.get("id") or "") == note_id]
        tail = old[-1].tail
        for element in old:
            parent.remove(element)  # (with its tail: the text after the note is given back below)
            element.tail = None
        self.originals.setdefault(note_id, current)
        lines = self.heights.lines_of(self.notes[note_id])
        pieces = split_note(self.originals[note_id], [lines[k - 1].offset for k in cuts],
                            lambda n: piece_id(note_id, n))
        for offset, piece in enumerate(pieces):
            piece.tail = tail if offset == len(pieces) - 1 else None
            parent.insert(at + offset, piece)
        self.cuts[note_id] = cuts[:len(pieces) - 1]
