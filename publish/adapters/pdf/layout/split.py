"""A note's element cut into pieces at places in its text: the head that stays on its call's page, and the
continuations that follow it at the foot of the next pages.

A place is given as the number of letters (non-blank characters, ``pagemap.letters``)
before it; a piece begins at the first letter after its place. Each piece is a copy of
the note's element holding only its stretch of the text, with every element around
that stretch kept (an italic phrase or a quotation split between pages stays italic
or quoted in both), so the pieces read together as the note. A paragraph cut in the
middle is marked: ``CONTINUES`` on the head's side (its last line is set full, as a
line that goes on), ``CONTINUED`` on the continuation's (no indent: it is no new
paragraph).
"""
from __future__ import annotations

import copy
from typing import Callable

from publish.pagemap import letters

CONTINUATION = "note-continued"  #: the class of a continuation piece (print.css: footnote-policy auto)
CONTINUES, CONTINUED = "continues", "continued"
#: the classes of the note's blocks whose text a place may cut (the flat writer's element names)
TEXT_BLOCKS = ("p", "li", "dd", "dt", "pre", "line-block", "heading", "div", "blockquote")
MARKER = "note-place"
NUMBER = "note-number"


def _classes(element) -> list[str]:
    return (element.get("class") or "").split()


def _parents(root) -> dict:
    return {child: parent for parent in root.iter() for child in parent}


def _slots(node):
    """(element, 'text' or 'tail') of every stretch of text in ``node``, in reading order (not its own tail)."""
    yield node, "text"
    for child in node:
        if isinstance(child.tag, str):
            yield from _slots(child)
        yield child, "tail"


def _place_marker(root, offset: int, index: int):
    """Put an empty marker element before the first letter after ``offset`` letters; None past the end."""
    seen, parents = 0, _parents(root)
    for element, slot in list(_slots(root)):
        text = getattr(element, slot) or ""
        for at, char in enumerate(text):
            if char.isspace():
                continue
            if seen == offset:
                marker = root.makeelement(MARKER, {"n": str(index)})
                if slot == "text":
                    element.text = text[:at]
                    element.insert(0, marker)
                else:
                    element.tail = text[:at]
                    parent = parents[element]
                    parent.insert(list(parent).index(element) + 1, marker)
                marker.tail = text[at:]
                return marker
            seen += 1
    return None


def _block_of(marker, root, parents: dict):
    """The innermost block of the note around ``marker`` (the note itself for its first, inline paragraph)."""
    node = parents.get(marker)
    while node is not None and node is not root:
        if set(_classes(node)) & set(TEXT_BLOCKS):
            siblings = list(parents[node])
            at = siblings.index(node)
            if at and NUMBER in _classes(siblings[at - 1]):
                return root  # the first paragraph runs on from the number: the note's own block holds its lines
            return node
        node = parents.get(node)
    return root


def _letters_before(marker, block) -> int:
    count = 0
    for element, slot in _slots(block):
        if element is marker and slot == "text":
            break
        count += len(letters(getattr(element, slot) or ""))
    return count


def _mark_cut_blocks(root, markers: list) -> None:
    """Mark the blocks that a place cuts in the middle, with the index of that place."""
    parents = _parents(root)
    for index, marker in enumerate(markers):
        block = _block_of(marker, root, parents)
        if _letters_before(marker, block):
            block.set(f"data-cut-{index}", "")


def _path(root, marker) -> list:
    """``marker`` and its ancestors up to ``root`` (not included), innermost first."""
    parents, found, node = _parents(root), [], marker
    while node is not root:
        found.append(node)
        node = parents[node]
    return found + [root]


def _keep_before(root, marker) -> None:
    path = _path(root, marker)
    marker.tail = None
    for node, parent in zip(path, path[1:]):
        children = list(parent)
        for sibling in children[children.index(node) + 1:]:
            parent.remove(sibling)
        node.tail = None
    path[1].remove(marker)
    for node, parent in zip(path[1:], path[2:]):  # the blocks the place opened hold nothing before it
        if len(node) or letters(node.text or ""):
            break
        parent.remove(node)
    _strip_end(root)


def _strip_end(root) -> None:
    """No blank at the end of the piece: white space is not collapsed inside a footnote."""
    last = None
    for element, slot in _slots(root):
        if getattr(element, slot):
            last = (element, slot)
    if last:
        setattr(last[0], last[1], getattr(*last).rstrip())


def _keep_after(root, marker) -> None:
    path = _path(root, marker)
    for node, parent in zip(path, path[1:]):
        children = list(parent)
        for sibling in children[:children.index(node)]:
            parent.remove(sibling)
        parent.text = None
    parent = path[1]
    parent.text, marker.tail = marker.tail, None
    parent.remove(marker)


def _keep_ids_once(piece, placed: set) -> None:
    """An id inside the note (an index mark's, a cross-reference's target) stays on the piece where its element
    begins, the first that holds it: an element cut between two pieces keeps it on the first only."""
    for node in piece.iter():
        ident = node.get("id") if node is not piece else None
        if ident is None:
            continue
        if ident in placed:
            del node.attrib["id"]
        placed.add(ident)


def split_note(element, offsets: list[int], ident: Callable[[int], str]) -> list:
    """Copies of the note ``element`` cut before the letter after each of ``offsets`` (increasing): the head,
    then one continuation per offset, the ``n``-th continuation with the id ``ident(n)``. An offset past the
    end of the text cuts nothing. Each piece is returned without a tail."""
    marked = copy.deepcopy(element)
    marked.tail = None
    markers = [m for index, offset in enumerate(offsets) if (m := _place_marker(marked, offset, index)) is not None]
    _mark_cut_blocks(marked, markers)
    pieces, placed = [], set()
    for index in range(len(markers) + 1):
        piece = copy.deepcopy(marked)
        found = {int(m.get("n")): m for m in piece.iter(MARKER)}
        if index < len(markers):
            _keep_before(piece, found[index])
        if index:
            _keep_after(piece, found[index - 1])
        for node in piece.iter():
            for name in [name for name in node.attrib if name.startswith("data-cut-")]:
                cut = int(name.removeprefix("data-cut-"))
                del node.attrib[name]
                mark = CONTINUES if cut == index else CONTINUED if cut == index - 1 else None
                if mark:
                    node.set("class", " ".join(_classes(node) + [mark]))
        _keep_ids_once(piece, placed)
        if index:
            piece.set("id", ident(index))
            piece.set("class", " ".join(_classes(piece) + [CONTINUATION]))
        pieces.append(piece)
    return pieces
