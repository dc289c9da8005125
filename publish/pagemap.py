"""The page map: where each page of the print book begins, the one link from the PDF to the EPUB.

The PDF adapter reads it off the laid-out book (``adapters/pdf/layout/pages.py``);
the EPUB adapter marks those places in its text and lists them in its page-list
(``adapters/epub/pages.py``). Neither knows the other: this module is what they share.

The map holds, for each article (by slug) and for the bibliography (``BIBLIOGRAPHY``),
one entry per page that shows its text: ``[page label, block, offset]``.

- ``block`` is the index of a top-level block of the part's text, in the order the
  shared writer renders ``article.blocks`` (the bibliography's blocks are its
  entries); ``TITLE_BLOCK`` (-1) is the article's title, where the article opens;
- ``offset`` is where the page's first character stands in that block's text,
  counted by the one rule below (``TextCount``): non-blank characters only, note
  calls and note bodies left out (the print book sets a note at its call, the
  EPUB at the end of the article). The same place is then found in any output of
  the same blocks, whatever its whitespace or markup.

Beside it, when the series has an index or a reference that prints a page, the print page of each
such place (``places``: index marks, headings; named by ``xref.place_key``), read off where its id
landed in the laid-out parts: the EPUB's and the site's index and references print those pages.

The map is kept beside the PDF (``FILE_NAME``) so an EPUB built on its own can use
the pagination of the last print book, as long as everything its pages came from is
as it was then: the file keeps a fingerprint of each part's texts (its blocks, its
notes, its title, its images) and one of the book's settings and print toolchain.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from publish.cache import digest_files, fingerprint_toolchain
from publish.config import LintSettings
from publish.model import Series

FILE_NAME = ".pagemap.json"
TITLE_BLOCK = -1
BIBLIOGRAPHY = "#bibliography"  #: the key of the bibliography's pages (no article's slug starts with '#')
SETTINGS = "#settings"  #: the key of the fingerprint of what every page depends on (``book_settings``)
LEFT_OUT = ("noteref", "footnote")  #: classes of note calls and note bodies: their text is not counted

PageMap = dict  #: {article slug (or BIBLIOGRAPHY): [[page label, block index, offset], ...]}


def letters(text: str) -> str:
    """The non-blank characters of ``text``: what an offset counts."""
    return "".join(text.split())


def left_out(classes: str | None) -> bool:
    """Is an element of these classes (its ``class`` attribute) a note call or a note body?"""
    return any(name in (classes or "").split() for name in LEFT_OUT)


class TextCount:
    """The counting rule, followed through a block's markup given as events: an element opens (with its
    classes), an element closes, text. Text inside a note call or a note body does not count."""

    def __init__(self):
        self.open: list[bool] = []  #: for each open element: is it left out?
        self.skipped = 0            #: open elements that are left out

    def enter(self, classes: str | None) -> None:
        skip = left_out(classes)
        self.open.append(skip)
        self.skipped += skip

    def leave(self) -> None:
        if self.open:
            self.skipped -= self.open.pop()

    @property
    def counting(self) -> bool:
        return not self.skipped

    def counted(self, text: str) -> str:
        """The characters of ``text`` that count where the reading stands now."""
        return letters(text) if self.counting else ""


def page_label(number: int) -> str:
    """The folio printed on page ``number``: print.css counts every page from the title page, unreset."""
    return str(number)


def shift_entries(entries: list, offset: int) -> list:
    """The entries of a part's page map laid out from page 1, for the part placed after ``offset`` pages."""
    return [[page_label(int(label) + offset), block, at] for label, block, at in entries]


def fingerprint(text) -> str:
    """A short hash of JSON-shaped ``text``."""
    return hashlib.sha256(json.dumps(text, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:20]


def collect_texts(series: Series) -> dict[str, list]:
    """What the pages of each mapped part depend on, by its key: an article's title, subtitle, authors and
    date, its blocks, its notes' texts (set at their calls, they move the page breaks) and its images."""
    found = {article.slug: [article.title_inlines, article.subtitle, list(article.authors), article.date,
                            article.blocks, [[note.number, note.id, note.blocks] for note in article.notes],
                            [digest_files([image]) for image in sorted(article.images)]]
             for article in series.articles}
    return found | ({BIBLIOGRAPHY: series.bibliography} if series.bibliography else {})


def book_settings(series: Series) -> str:
    """What every page number depends on besides the texts: the series' settings (trim, bleed, title page,
    contents, language...) and the print book's toolchain (its code, styles, fonts, WeasyPrint)."""
    config = replace(series.config, folder=Path(), name="", modified="", description=None, bibliography=None,
                     csl=None, lint=LintSettings())
    return fingerprint([repr(config), fingerprint_toolchain()])


def fingerprints(series: Series) -> dict[str, str]:
    return {key: fingerprint(text) for key, text in collect_texts(series).items()} | {SETTINGS: book_settings(series)}


def write(pages: PageMap, series: Series, path: Path, places: dict[str, str] | None = None) -> None:
    """The page map beside the PDF; ``places``: the print page of each place an output shows the page of
    (``xref.place_key``: index marks, headings referred to with ``.page``), kept when there are any."""
    data = {"pages": pages, "text": fingerprints(series)} | ({"places": places} if places else {})
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def load_places(job) -> dict[str, str] | None:
    """The print page of each place (``xref.place_key``) in this build's print book, else in the last one
    built while the text and settings are as they were then (None: no print book is known)."""
    if job.places is not None:
        return job.places
    pages, changed = load(job)
    if pages is None or changed:
        return None
    try:
        found = json.loads(job.output(FILE_NAME).read_text(encoding="utf-8")).get("places", {})
    except (OSError, ValueError, AttributeError):
        return None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


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
    changed = [key for key, now in fingerprints(job.series).items()
               if (key in pages or key == SETTINGS) and text.get(key) != now]
    return pages, changed
