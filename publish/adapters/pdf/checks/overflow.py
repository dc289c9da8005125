"""Lines that overflow the text block, found in the laid-out pages before the PDF is written.

A word that cannot be broken (a long URL in code, a wide table) sticks out past the
right edge of the text column into the margin, or off the trimmed page. Every
line of every page is measured against the page's text area; each overflowing
word is reported once as ``pdf-overflow``, at the line of the manuscript that
holds it when it can be found there.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from weasyprint.formatting_structure import boxes

from publish.adapters.pdf.checks.log import find_in_sources
from publish.diagnostics import Report

EPSILON = 1.0  # CSS px: less than a third of a point
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Overflow:
    page: int        #: 1-based
    text: str        #: the words that stick out
    excess: float    #: how far past the text block, in mm


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
        return
    for child in getattr(box, "children", ()) or ():
        yield from _text_boxes(child)


def page_overflows(number: int, page) -> list[Overflow]:
    page_box = page._page_box  # WeasyPrint keeps the laid-out page box here
    left = page_box.content_box_x()
    right = left + page_box.width
    found = []
    for child in page_box.children:
        if isinstance(child, boxes.MarginBox):
            continue  # running heads and folios sit in the margins by design
        for text in _text_boxes(child):
            excess = max(text.position_x + text.width - right, left - text.position_x)
            if excess > EPSILON and text.text.strip():
                found.append(Overflow(number, text.text.strip(), excess / PX_PER_MM))
    return found


def overflows(document) -> list[Overflow]:
    return [item for number, page in enumerate(document.pages, 1) for item in page_overflows(number, page)]


def report_overflows(found: list[Overflow], report: Report, sources: list[Path], first: int = 1) -> None:
    """Report what ``overflows`` found in a part whose first page is ``first``."""
    seen = set()
    for item in found:
        if item.text in seen:
            continue
        seen.add(item.text)
        file, line = find_in_sources(item.text.split()[-1][:60], sources)
        shown = item.text if len(item.text) <= 60 else item.text[:57] + "…"
        report.add("pdf-overflow", f"'{shown}' sticks out {item.excess:.1f} mm past the text block on page "
                   f"{item.page + first - 1} of the print book", file=file, line=line,
                   hint="break the word or URL (e.g. with a space or a shorter link text), or narrow the table")
