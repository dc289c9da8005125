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
- a cut falls between lines, never inside a table or a broken word;
- a note that would leave three lines or more empty at the foot of the page before (WeasyPrint, unable to set
  it whole below its call, pushes the call's lines to the next page) is continued as well, from that page.

It takes two layouts: the first (with every long note cut after two lines, which
fit wherever the call falls) shows where each call falls; the next gives each head
the room its page has left. A head that does not keep its place goes back to two
lines. The notes are done one at a time, in reading order: each changes the pages
after it.
"""
from __future__ import annotations

from publish.adapters.pdf.layout.measure import AREA_SPACE, SLACK, TEXT_RESERVE, NoteLine
from publish.adapters.pdf.layout.places import (PIECE, first_calls, free_height, piece_pages_of,
                                                room_for_head)
from publish.adapters.pdf.layout.split import CONTINUATION, split_note
from publish.model import Series

MIN_LINES = 2        #: lines of a note on its call's page, at the least
LINE = 18.0          #: CSS px: a line of text (print.css: 13.5pt)
GAP_LINES = 3        #: lines left empty at the foot of a page, above its notes, that a typesetter would fill
FIRST_LINES = 3      #: the lines at the head of a page that WeasyPrint may have pushed there with a call
FOLLOWS = "note-follows"  #: the class of a note printed after a continued note (print.css: policy auto)


def piece_id(note_id: str, index: int) -> str:
    return f"{note_id}{PIECE}{index}"


def note_of_piece(element_id: str) -> str:
    """The note a piece of a note belongs to (its head has the note's own id)."""
    return element_id.split(PIECE)[0]


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


class Continuations:
    """The long notes of one part, cut into pieces in the part's document, pass after pass."""

    def __init__(self, root, series: Series, heights):
        self.root, self.heights = root, heights
        self.notes = {note.id: note for note in series.all_notes}
        self.cuts: dict[str, list[int]] = {}   #: note id -> after which of its lines each piece ends
        self.fitted: set[str] = set()           #: notes whose head was given its page's room
        self.settled: set[str] = set()          #: notes whose fitted head was taken back to two lines
        self.originals: dict = {}               #: note id -> the note's element as written
        self.less: dict[str, dict[int, float]] = {}  #: note id -> continuation -> less room than others
        self.follows: set[str] = set()          #: notes printed after a continued note their call's page holds
        self.by_call = {note.calls[0].id: note for note in series.all_notes if note.calls}
        self.capacity = 0.0

    def pieces(self, note_id: str) -> set[str]:
        return {note_id} | {piece_id(note_id, i) for i in range(1, len(self.cuts.get(note_id, [])) + 1)}

    def update(self, document, long_notes: list[str], misplaced: set[str]) -> bool:
        """Cut the notes of ``long_notes`` (too long for the room a page leaves), and the notes whose calls
        WeasyPrint pushed to the next page leaving a gap (``gaps``), that are not cut yet; then give each head
        not yet fitted the room of its page; take back a fitted head that did not keep its place
        (``misplaced``); then let the text run on beside continuations (``_flow``). Whether the document was
        changed."""
        self.capacity = document.pages[0]._page_box.height - TEXT_RESERVE - AREA_SPACE - SLACK
        new = [note_id for note_id in dict.fromkeys(long_notes + self.gaps(document)) if note_id not in self.cuts]
        for note_id in new:
            self._cut(note_id, self._cuts_after(note_id, MIN_LINES))
        for note_id in sorted(misplaced & self.fitted, key=self._order):
            self._cut(note_id, self._cuts_after(note_id, MIN_LINES))
            self.fitted.discard(note_id)
            self.settled.add(note_id)  # taken back once: it keeps the two lines it had
            new.append(note_id)
        if new:
            return True
        changed = False
        for note_id in sorted(self.cuts, key=self._order):  # (each head's room read off the same layout)
            if note_id in self.fitted or note_id in self.settled:
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
                changed = True
        if changed:
            return True
        for note_id in sorted(self.cuts, key=self._order):
            if note_id not in self.settled and self._flow(document, note_id):
                return True
        return False

    def gaps(self, document) -> list[str]:
        """Notes WeasyPrint could not set whole below their call and so pushed the call's lines to the next page,
        leaving the page before with a gap of lines: they are continued instead, starting on that page (where
        their call's lines and two lines of the note fit)."""
        found = []
        for page, following in zip(document.pages, document.pages[1:]):
            free = free_height(page)
            if free < GAP_LINES * LINE:
                continue
            for note, line in first_calls(following, self.by_call, FIRST_LINES):
                lines = self.heights.lines_of(note)
                if note.id in self.cuts or note.id in self.follows or len(lines) <= MIN_LINES:
                    break
                if free >= line * LINE + AREA_SPACE + lines[MIN_LINES - 1].bottom + SLACK:
                    found.append(note.id)
                break
        return found

    def _flow(self, document, note_id: str) -> bool:
        """Let the text run on beside the note's continuations: the first note called after a page that
        the note does not end on, whose call WeasyPrint pushed to the next page, follows the continued note
        instead (``FOLLOWS``: printed after it ends, TeX's rule). Whether a note was so marked."""
        pages = piece_pages_of(document, note_id)
        if not pages or None in pages:
            return False
        marked = False
        for page in sorted(set(pages[:-1])):
            if free_height(document.pages[page - 1]) <= 1.5 * LINE or page >= len(document.pages):
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
        if len(lines) <= head:
            return []  # (nothing to continue)
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
