"""Images printed under 300 ppi, found in the laid-out pages and reported at their line.

``publish check`` finds the same images in the finished PDF (``pdfimages -list``) by page;
here, during the build, each is named by the line of the manuscript that places it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.formatting_structure import boxes
from weasyprint.images import RasterImage

from publish.adapters.pdf.checks.log import find_in_sources
from publish.diagnostics import Report

MIN_PPI = 300
PX_PER_INCH = 96


@dataclass(frozen=True)
class PlacedImage:
    page: int        #: 1-based
    src: str
    pixels: tuple[int, int]
    ppi: float       #: the lower of the horizontal and vertical resolution, as printed


def _replaced(box):
    if isinstance(box, boxes.ReplacedBox):
        yield box
    for child in getattr(box, "children", ()) or ():
        yield from _replaced(child)


def placed_images(document) -> list[PlacedImage]:
    found = []
    for number, page in enumerate(document.pages, 1):
        for box in _replaced(page._page_box):  # WeasyPrint keeps the laid-out page box here
            image = box.replacement
            if not isinstance(image, RasterImage) or box.width <= 0 or box.height <= 0:
                continue
            ppi = min(image.width / (box.width / PX_PER_INCH), image.height / (box.height / PX_PER_INCH))
            src = box.element.get("src", "") if box.element is not None else ""
            found.append(PlacedImage(number, src, (image.width, image.height), ppi))
    return found


def report_low_resolution(placed: list[PlacedImage], report: Report, sources: list[Path], first: int = 1) -> None:
    """Report the images of ``placed_images`` under 300 ppi, in a part whose first page is ``first``."""
    for image in placed:
        if image.ppi >= MIN_PPI:
            continue
        name = Path(unquote(urlsplit(image.src).path)).name
        file, line = find_in_sources(name, sources) if name else (None, None)
        report.warn("pdf-image-resolution", f"the image '{name}' ({image.pixels[0]}×{image.pixels[1]} pixels) "
                    f"prints at {image.ppi:.0f} ppi on page {image.page + first - 1}, under {MIN_PPI}",
                    file=file, line=line,
                    hint=f"use an image of at least {MIN_PPI} pixels per inch of its printed width, "
                         "or print it smaller")
