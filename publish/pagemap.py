"""Where each printed page begins, read from the laid-out print book, for the EPUB's page-list.

After layout, every page of the print book is walked for the first text of an
article it shows. That place is recorded as (page label, block, offset):

- the block is the index of a top-level block of the article's text, in the
  order the shared writer renders ``article.blocks`` (``-1``: the article's
  title, where the article opens); the bibliography's pages are recorded the
  same way, under ``BIBLIOGRAPHY``, its blocks being its entries;
- the offset counts the non-blank characters of that block's text before the
  page's first character, leaving out note calls and note bodies (which only
  the print book sets at the call) — so the same place can be found in any
  output of the same blocks, whatever its whitespace or markup.

The map is kept beside the PDF (``.pagemap.json``), so an EPUB built on its own
can use the pagination of the last print book — as long as the articles still
read as they did then: the file keeps a fingerprint of each article's text.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from weasyprint.formatting_structure import boxes

from publish.model import Series

FILE_NAME = ".pagemap.json"
TITLE_BLOCK = -1
BIBLIOGRAPHY = "#bibliography"  #: the key of the bibliography's pages (no article's slug starts with '#')
BODY_CLASSES = ("article-body", "bibliography-entries")  #: the print book's containers of the blocks
TITLE_TAGS = ("header", "h1")
LEFT_OUT = ("noteref", "footnote")  #: classes of note calls and note bodies: not counted as text

PageMap = dict  #: {article slug (or BIBLIOGRAPHY): [[page label, block index, offset], ...]}


def letters(text: str) -> str:
    """The non-blank characters of ``text``: what an offset counts."""
    return "".join(text.split())


def left_out(element) -> bool:
    classes = (element.get("class") or "").split()
    return any(name in classes for name in LEFT_OUT)


def block_text(element) -> str:
    """The text of a block as an offset counts it: without note calls and note bodies."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not left_out(child):
            parts.append(block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def parts(series: Series) -> dict[str, str]:
    """The print book's sections whose pages are mapped (their ids, as ``pdf_document`` writes them),
    by their key in the map."""
    found = {article.slug: f"article-{article.slug}" for article in series.articles}
    if series.bibliography:
        found[BIBLIOGRAPHY] = "bibliography"
    return found


class _Places:
    """Which article block an element of the print book belongs to, if any."""

    def __init__(self, root, series: Series):
        self.parents = {child: parent for parent in root.iter() for child in parent}
        anchors = {anchor: key for key, anchor in parts(series).items()}
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
            if not isinstance(element.tag, str) or left_out(element):
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
        self.source = letters(block_text(element)) if element is not None else ""
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


def page_map(document, series: Series) -> PageMap:
    """For each article, where each page showing its text begins: [page label, block, offset].

    ``document`` is the laid-out book (a WeasyPrint ``Document``, or its pages in print order); it may
    join the pages of several layouts (one per part of the book): each page is read against its own."""
    found: PageMap = {key: [] for key in parts(series)}
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


def shifted(entries: list, offset: int) -> list:
    """The entries of a part's page map laid out from page 1, for the part placed after ``offset`` pages."""
    return [[page_label(int(label) + offset), block, at] for label, block, at in entries]


def page_label(number: int) -> str:
    """The folio printed on page ``number``: print.css counts every page from the title page, unreset."""
    return str(number)


def fingerprint(blocks: list) -> str:
    """What the offsets depend on: the blocks of an article (or of the bibliography)."""
    return hashlib.sha256(json.dumps(blocks, sort_keys=True).encode("utf-8")).hexdigest()[:20]


def texts(series: Series) -> dict[str, list]:
    """The blocks of each mapped part, by its key."""
    found = {article.slug: article.blocks for article in series.articles}
    return found | ({BIBLIOGRAPHY: series.bibliography} if series.bibliography else {})


def record(job, document) -> None:
    """After the print book's final layout: keep its page map on the job and beside the PDF."""
    job.page_map = page_map(document, job.series)
    write(job.page_map, job.series, job.stage / FILE_NAME)


def write(pages: PageMap, series: Series, path: Path) -> None:
    text = {key: fingerprint(blocks) for key, blocks in texts(series).items()}
    path.write_text(json.dumps({"pages": pages, "text": text}, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def load(job) -> tuple[PageMap | None, list[str]]:
    """The page map of this build's print book, else of the last one built (None: there is none),
    and the articles whose text has changed since that print book was laid out."""
    if job.page_map is not None:
        return job.page_map, []
    path = job.output(FILE_NAME)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else None
        pages, text = (data["pages"], data["text"]) if data else (None, {})
    except (OSError, ValueError, KeyError, TypeError):
        return None, []
    if not isinstance(pages, dict):
        return None, []
    changed = [key for key, blocks in texts(job.series).items()
               if key in pages and text.get(key) != fingerprint(blocks)]
    return pages, changed
