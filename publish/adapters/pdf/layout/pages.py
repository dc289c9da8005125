"""The page map (``publish.pagemap``) read off a layout: where each page of the print book begins.

Every page is walked for the first text of an article (or of the bibliography) it
shows; that place is recorded as [page label, block, offset], the offset counted by
the page map's one rule (``pagemap.TextCount``) over the block's source text, which
the laid-out text is followed through across lines and pages.
"""
from __future__ import annotations

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.parts.html import BIBLIOGRAPHY_ANCHOR, article_anchor
from publish.model import Series
from publish.pagemap import BIBLIOGRAPHY, TITLE_BLOCK, PageMap, TextCount, left_out, letters, page_label

BODY_CLASSES = ("article-body", "bibliography-entries")  #: the print book's containers of the blocks
TITLE_TAGS = ("header", "h1")


def mapped_sections(series: Series) -> dict[str, str]:
    """The print book's sections whose pages are mapped (their ids), by their key in the map."""
    found = {article.slug: article_anchor(article) for article in series.articles}
    if series.bibliography:
        found[BIBLIOGRAPHY] = BIBLIOGRAPHY_ANCHOR
    return found


def block_text(element) -> str:
    """The characters of a block that an offset counts."""
    count = TextCount()
    found: list[str] = []

    def read(node) -> None:
        count.enter(node.get("class"))
        found.append(count.counted(node.text or ""))
        for child in node:
            if isinstance(child.tag, str):
                read(child)
            found.append(count.counted(child.tail or ""))
        count.leave()

    read(element)
    return "".join(found)


class _Places:
    """Which article block an element of the print book belongs to, if any."""

    def __init__(self, root, series: Series):
        self.parents = {child: parent for parent in root.iter() for child in parent}
        anchors = {anchor: key for key, anchor in mapped_sections(series).items()}
        self.bodies, self.headers = {}, {}
        for section in root.iter("section"):
            key = anchors.get(section.get("id"))
            for child in section if key else ():
                if set(BODY_CLASSES) & set((child.get("class") or "").split()):
                    self.bodies[child] = (key, [c for c in child if isinstance(c.tag, str)])
                elif child.tag in TITLE_TAGS:
                    self.headers[child] = key
        self.cache: dict = {}

    def of(self, element):
        """(slug, block index, block element) of ``element``, or None (not article text)."""
        if element not in self.cache:
            self.cache[element] = self._find(element)
        return self.cache[element]

    def _find(self, element):
        while element is not None:
            if not isinstance(element.tag, str) or left_out(element.get("class")):
                return None
            parent = self.parents.get(element)
            if element in self.headers:
                return self.headers[element], TITLE_BLOCK, None
            if parent in self.bodies:
                slug, blocks = self.bodies[parent]
                return slug, blocks.index(element), element
            element = parent
        return None


class _Reader:
    """Follows the laid-out text of one block through its source text, across lines and pages."""

    def __init__(self, element):
        self.source = block_text(element) if element is not None else ""
        self.done = 0

    def read(self, text: str) -> int:
        """The offset at which ``text`` (the next laid-out piece) begins; moves past it."""
        start, piece = self.done, letters(text)
        if self.source[start:start + len(piece)].lower() == piece.lower():  # (text-transform changes case)
            self.done += len(piece)
        elif piece[:-1] and self.source[start:start + len(piece) - 1].lower() == piece[:-1].lower():
            self.done += len(piece) - 1  # a hyphen added where the line was broken
        else:
            self.done = min(len(self.source), start + len(piece))
        return start


def _text_boxes(box):
    """The text boxes below ``box``, in reading order, leaving out generated text (::before, ::marker)."""
    if "::" in (getattr(box, "element_tag", "") or ""):
        return
    if isinstance(box, boxes.TextBox):
        yield box
        return
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


def read_page_map(document, series: Series) -> PageMap:
    """For each article, where each page showing its text begins: [page label, block, offset].

    ``document`` is the laid-out book (a WeasyPrint ``Document``, or its pages in print order); it may
    join the pages of several layouts (one per part of the book): each page is read against its own."""
    found: PageMap = {key: [] for key in mapped_sections(series)}
    places: dict = {}  # the root element of each layout -> its _Places
    readers: dict = {}
    for number, page in enumerate(getattr(document, "pages", document), start=1):
        body = page._page_box.children[0]  # WeasyPrint keeps the laid-out page box here
        if id(body.element) not in places:
            places[id(body.element)] = _Places(body.element, series)
        first = _first_text(body, places[id(body.element)], readers)
        if first:
            found[first[0]].append([page_label(number), first[1], first[2]])
    return found


def _first_text(body, places: _Places, readers: dict):
    """(key, block, offset) of the first article text on a page, reading all of its text on the way."""
    first = None
    for box in _text_boxes(body):
        place = places.of(box.element) if box.element is not None and letters(box.text) else None
        if place is None:
            continue
        key, block, element = place
        offset = readers.setdefault((key, block), _Reader(element)).read(box.text)
        first = first or (key, block, 0 if block == TITLE_BLOCK else offset)
    return first
