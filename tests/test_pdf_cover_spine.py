"""The cover of a book thick enough for its spine to carry text: a real interior of more than 100 pages
(generated prose, as PDF/X-1a), its cover measured by hand: the spine as wide as the pages make it, the
spine's text centred on it, inside it with room to spare, running top to bottom (turned a quarter clockwise,
as English-language books are), and the barcode read by zbar from Ghostscript's 300 dpi rendering, a quarter
inch or more from the trim and from the spine."""
from __future__ import annotations

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from publish.check import check_outputs
from tests.pdf_support import paragraphs
from tests.press_support import IN_PT, ISBN_DIGITS, barcodes, build_book, config, page_count, render_grey, renders

TRIM_IN = (6.0, 9.0)
WHITE_IN = 0.002252        #: KDP's white paper, a page
SPINE_MARGIN_IN = 0.0625   #: KDP: the spine's text keeps 1/16 in from each fold
TITLE, AUTHOR, PUBLISHER = "A Book for the Press", "Ada Example", "Test Press"


@pytest.fixture(scope="module")
def thick(tmp_path_factory):
    """A book of more than 100 pages, its print book and cover made PDF/X-1a: build/thick/."""
    root = tmp_path_factory.mktemp("spine")
    articles = {f"{n:02d}-part-{n}.md": f"---\ntitle: Part {n}\n---\n\n" + "\n\n".join(paragraphs(40 * n, 175)) + "\n"
                for n in range(1, 5)}
    out = build_book(root, "thick", config("pdfx: x-1a"), articles)
    return out, page_count(out / "thick.pdf")


def trim_of(path):
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        return [float(v) for v in page.TrimBox], [float(v) for v in page.BleedBox]


def test_the_interior_has_more_than_100_pages_and_the_spine_is_as_wide_as_they_make_it(thick):
    out, pages = thick
    assert pages > 100
    trim, _ = trim_of(out / "thick-cover.pdf")
    spine_pt = pages * WHITE_IN * IN_PT
    assert trim[2] - trim[0] == pytest.approx(2 * TRIM_IN[0] * IN_PT + spine_pt, abs=0.01)
    renders(out / "thick-cover.pdf")
    assert check_outputs(pdfs=[out / "thick.pdf", out / "thick-cover.pdf"], accessibility=False) == []


def spine_chars(path, pages: int) -> tuple[list[dict], float, float]:
    """The characters set on the spine, and the spine's left and right edges (points from the trim's left)."""
    left = TRIM_IN[0] * IN_PT
    right = left + pages * WHITE_IN * IN_PT
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if left - 20 <= (c["x0"] + c["x1"]) / 2 <= right + 20]
    return chars, left, right


def spine_ink(cover, pages: int, tmp_path) -> tuple[float, float, float, float]:
    """Where the spine's text puts ink, in points from the trim's left and top edges: (left, top, right, bottom),
    read from Ghostscript's 600 dpi rendering (the light type on the dark drawn cover), a few points either side
    of the spine included so that a line running over a fold would be seen."""
    trim, bleed = trim_of(cover)
    scale = 600 / IN_PT
    left_px, top_px = (trim[0] - bleed[0]) * scale, (bleed[3] - trim[3]) * scale
    spine_left, spine_right = TRIM_IN[0] * IN_PT, TRIM_IN[0] * IN_PT + pages * WHITE_IN * IN_PT
    image_path = render_grey(cover, tmp_path / "cover600.png", 600)
    box = (left_px + (spine_left - 3) * scale, top_px, left_px + (spine_right + 3) * scale, top_px + TRIM_IN[1] * 600)
    with Image.open(image_path) as image:
        ink = image.crop(tuple(round(v) for v in box)).point(lambda v: 255 if v > 128 else 0).getbbox()
    assert ink, "the spine carries text"
    return (spine_left - 3 + ink[0] / scale, ink[1] / scale, spine_left - 3 + ink[2] / scale, ink[3] / scale)


def test_the_spine_text_is_centred_on_the_spine_and_fits_inside_it(thick, tmp_path):
    out, pages = thick
    left, right = TRIM_IN[0] * IN_PT, TRIM_IN[0] * IN_PT + pages * WHITE_IN * IN_PT
    ink_left, ink_top, ink_right, ink_bottom = spine_ink(out / "thick-cover.pdf", pages, tmp_path)
    margin = SPINE_MARGIN_IN * IN_PT
    assert ink_left >= left + margin and ink_right <= right - margin, \
        f"the ink spans {ink_left - left:.1f} to {ink_right - left:.1f} pt of a spine {right - left:.1f} pt wide"
    assert (ink_left + ink_right) / 2 == pytest.approx((left + right) / 2, abs=1.0), "centred across the spine"
    assert ink_right - ink_left >= 4.5, "type large enough to read"
    assert ink_top >= 0.25 * IN_PT and ink_bottom <= (TRIM_IN[1] - 0.25) * IN_PT, "clear of the head and the foot"


def test_the_spine_text_runs_top_to_bottom_turned_clockwise(thick):
    out, pages = thick
    chars, _, _ = spine_chars(out / "thick-cover.pdf", pages)
    assert all(not c["upright"] for c in chars)
    # a quarter turn clockwise: the text's x axis points down the page (PDF space: b = -1, a = d = 0)
    assert all(c["matrix"][0] == pytest.approx(0, abs=1e-6) and c["matrix"][1] < 0 and c["matrix"][2] > 0
               for c in chars), chars[0]["matrix"]
    read = "".join(c["text"] for c in sorted(chars, key=lambda c: c["top"])).replace(" ", "")
    assert read == (TITLE + AUTHOR + PUBLISHER).replace(" ", ""), "read from the head down"


def test_the_barcode_scans_and_keeps_a_quarter_inch_from_the_trim_and_the_spine(thick, tmp_path):
    out, pages = thick
    cover = out / "thick-cover.pdf"
    image_path = render_grey(cover, tmp_path / "cover.png", 300)
    assert [(kind, data) for kind, data, _ in barcodes(image_path)] == [("EAN-13", ISBN_DIGITS)]
    trim, bleed = trim_of(cover)
    dpi = 300 / IN_PT
    left, top = (trim[0] - bleed[0]) * dpi, (bleed[3] - trim[3]) * dpi  # the trim's corner in the image
    back = (left, top, left + TRIM_IN[0] * 300, top + TRIM_IN[1] * 300)  # the back panel, up to the spine
    with Image.open(image_path) as image:
        white = image.crop(tuple(round(v) for v in back)).point(lambda v: 255 if v > 250 else 0).getbbox()
    assert white, "the barcode's white box is on the back"
    quarter = 0.25 * 300
    assert white[0] >= quarter and white[1] >= quarter, "clear of the back's outer edge and head"
    assert TRIM_IN[0] * 300 - white[2] >= quarter, "clear of the spine"
    assert TRIM_IN[1] * 300 - white[3] >= quarter, "clear of the foot"
