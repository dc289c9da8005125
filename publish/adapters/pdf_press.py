"""What the press and the screen need of the written PDF: exact page boxes, and a screen edition.

WeasyPrint sets the MediaBox to the trim plus the CSS ``bleed`` and puts the
BleedBox at most 10 pt outside the TrimBox. With crop marks the CSS bleed is
wider than the bleed the printer asked for (the marks sit outside it), so
``exact_bleed_box`` sets every BleedBox to the trim plus ``print.bleed``.

The screen edition is the same book laid out again with ``pdf-screen.css``:
no bleed, no marks, links in colour. Nothing in it changes the text block, so
its pages break where the print book's do (``same_pages`` checks it).
"""
from __future__ import annotations

import pydyf

from publish.config_print import PrintSettings
from publish.templates import render

MM_PT = 72 / 25.4
SCREEN_STYLESHEET = "pdf-screen.css"
PRESS_TEMPLATE = "pdf/press.css"


def press_css(settings: PrintSettings) -> str:
    """The print edition's @page bleed and marks (the screen edition has neither)."""
    return render(PRESS_TEMPLATE, settings=settings)


def exact_bleed_box(settings: PrintSettings):
    """A WeasyPrint ``finisher``: the BleedBox of every page is the TrimBox plus the bleed."""
    bleed = settings.bleed_mm * MM_PT

    def finish(document, pdf) -> None:
        for item in pdf.objects:
            if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/Page" and "TrimBox" in item:
                left, top, right, bottom = item["TrimBox"]
                m_left, m_top, m_right, m_bottom = item["MediaBox"]  # the bleed box never leaves the sheet
                item["BleedBox"] = pydyf.Array([max(left - bleed, m_left), max(top - bleed, m_top),
                                                min(right + bleed, m_right), min(bottom + bleed, m_bottom)])
    return finish


def page_anchors(document) -> list[frozenset]:
    return [frozenset(page.anchors) for page in document.pages]


def same_pages(print_document, screen_document) -> bool:
    """Do both editions hold the same anchors (headings, notes, calls) on the same pages?"""
    return page_anchors(print_document) == page_anchors(screen_document)
