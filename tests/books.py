"""A book shaped like the public-domain classics (tests/series/treatise): built once, read back as a reader
and a print shop would. What the outputs must say comes from the oracle (pandoc's own HTML writer,
tests/oracle.py) and from what is written here by hand, never from the toolchain's own writers.

The PDF's notes are read from the page as printed: the characters set at the notes' size (8.5 pt, between
the superscript calls and the 9 pt running heads), in the order they are drawn, page after page. As the
notes of a page are drawn in their order, and a note continued from the page before comes first, the
notes of an article read one after another in that stream, each whole, from its number to its last word.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from publish.build import build
from publish.diagnostics import Report
from tests import oracle
from tests.conftest import ROOT
from tests.expected import article_files, article_notes, slug_of
from tests.extract import pdf_destination_pages

TREATISE = ROOT / "tests" / "series" / "treatise"
NOTE_SIZES = (7.0, 8.8)  #: points: the notes' text (code in a note is 85 % of it), not the calls (6.8 pt)
HYPHENS = "-\u2010\u00ad"
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
         ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


@dataclass(frozen=True)
class Built:
    out: Path             #: build/<series>/
    report: Report
    pdf: Path


@pytest.fixture(scope="session")
def treatise(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("treatise")
    report = Report()
    build(TREATISE, ("pdf", "epub", "site"), root, report)
    out = root / TREATISE.name
    return Built(out, report, out / f"{TREATISE.name}.pdf")


def comparable(text: str) -> str:
    """Letters as print and pandoc both have them: no blanks, no hyphens (print breaks words at line ends),
    ligatures as their letters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and c not in HYPHENS)


def roman(number: int) -> str:
    found = ""
    for letters, value in ROMAN:
        while number >= value:
            found, number = found + letters, number - value
    return found


def marker(kind: str, number: int) -> str:
    """The marker print.css sets before an item of an ordered list in a note."""
    if kind in ("i", "I"):
        text = roman(number)
        return (text if kind == "i" else text.upper()) + "."
    if kind in ("a", "A"):
        text = chr(ord("a") + number - 1)
        return (text if kind == "a" else text.upper()) + "."
    return f"{number}."


def expected_notes_in_print(path: Path) -> str:
    """An article's notes one after another as the page prints them: each number, then its text, with the
    markers of its ordered lists (which the EPUB and the site leave to the reading app)."""
    lists: dict[int, list] = {}
    for found in oracle.note_ordered_lists(path):
        lists.setdefault(found.note, []).append(found)
    parts = []
    for note in article_notes(TREATISE, path):
        text = comparable(note.text)
        for found in lists.get(note.number, []):
            at = 0
            for offset, item in enumerate(found.items):
                item = comparable(item)
                at = text.index(item, at)
                label = marker(found.type, found.start + offset)
                text, at = text[:at] + label + text[at:], at + len(label) + len(item)
        parts.append(f"{note.number}." + text)
    return "".join(parts)


def article_pages(pdf: Path) -> dict[str, range]:
    """Each article's pages (0-based) in the book, from the named destination of its opening."""
    dests = pdf_destination_pages(pdf)
    slugs = [slug_of(path) for path in article_files(TREATISE)]
    starts = [dests[f"article-{slug}"] for slug in slugs]
    back = min(dests[name] for name in ("bibliography", "also", "colophon") if name in dests)  # the back matter
    ends = starts[1:] + [back]
    return {slug: range(start, end) for slug, start, end in zip(slugs, starts, ends)}


def printed_notes(pdf: Path, pages: range) -> list[str]:
    """The characters set at the notes' size on each of ``pages``, in the order they are drawn."""
    found = []
    with pdfplumber.open(pdf) as book:
        for index in pages:
            chars = [c for c in book.pages[index].chars if NOTE_SIZES[0] <= c["size"] <= NOTE_SIZES[1]]
            found.append("".join(c["text"] for c in chars))
    return found
