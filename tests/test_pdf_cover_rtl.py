"""The full-wrap cover of a book bound on the right (tests/series/lang-ar-index, an Arabic series with an ISBN,
its paper thick enough for the spine to carry text): the front on the left of the sheet, the back on the right
(pdfplumber: the Arabic title on the left half, the description on the right), the spine's text turned a quarter
counterclockwise (reading bottom to top, the tops of its letters towards the front), its title at the head, and
the barcode read by zbar from Ghostscript's rendering, on the back, at its foot, a quarter inch or more from
the trim and the spine."""
from __future__ import annotations

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from publish.build import build
from publish.diagnostics import Report
from tests.conftest import ROOT
from tests.press_support import IN_PT, barcodes, render_grey, renders

SERIES = ROOT / "tests" / "series" / "lang-ar-index"
ISBN_DIGITS = "9781900004152"  #: series.yml's identifier, as a scanner reads it
TITLE, DESCRIPTION = "كومونة باريس", "سلسلة صغيرة لاختبار الفهرس والغلاف باللغة العربية."


@pytest.fixture(scope="module")
def cover(tmp_path_factory):
    root = tmp_path_factory.mktemp("rtl-cover")
    report = Report()
    build(SERIES, ("pdf",), root, report)
    assert not report.errors, report.errors
    path = root / "lang-ar-index" / "lang-ar-index-cover.pdf"
    renders(path)
    return path


def sheet(path):
    """The trim box and the bleed box (points, PDF space), the spine's characters and all the characters."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0].obj
        trim, bleed = [float(v) for v in page.TrimBox], [float(v) for v in page.BleedBox]
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    spine = [c for c in chars if not c["upright"]]
    return trim, bleed, spine, chars


def test_the_front_is_on_the_left_and_the_back_on_the_right(cover):
    with pdfplumber.open(cover) as pdf:
        page = pdf.pages[0]
        middle = page.width / 2
        words = [w for w in page.extract_words() if w["upright"]]
    title = [w for w in words if w["text"][::-1] in TITLE.split()]
    description = [w for w in words if w["text"].strip(".")[::-1] in DESCRIPTION.strip(".").split()]
    assert title and all(w["x1"] < middle for w in title), "the Arabic title is on the front, the left half"
    assert len(description) >= 4 and all(w["x0"] > middle for w in description), "the description is on the back"
    right_edge = max(w["x1"] for w in description)
    assert right_edge > page.width - 1.2 * IN_PT, "the description is set from the back's right"


def test_the_spine_reads_bottom_to_top_its_title_at_the_head(cover):
    trim, bleed, spine, _ = sheet(cover)
    assert spine, "the spine carries text"
    # a quarter turn counterclockwise: the text's x axis points up the page (PDF space: a = d = 0, b > 0, c < 0)
    assert all(c["matrix"][0] == pytest.approx(0, abs=1e-6) and c["matrix"][1] > 0 and c["matrix"][2] < 0
               for c in spine), spine[0]["matrix"]
    middle = (trim[0] + trim[2]) / 2 - bleed[0]
    assert all(abs((c["x0"] + c["x1"]) / 2 - middle) < 10 for c in spine), "on the spine, between the halves"
    head = min(spine, key=lambda c: c["top"])
    assert head["text"] in TITLE and head["top"] >= 0.25 * IN_PT, "the title at the head, clear of it"


def test_the_barcode_scans_on_the_back_a_quarter_inch_from_the_trim_and_the_spine(cover, tmp_path):
    image_path = render_grey(cover, tmp_path / "cover.png", 300)
    assert [(kind, data) for kind, data, _ in barcodes(image_path)] == [("EAN-13", ISBN_DIGITS)]
    trim, bleed, _, _ = sheet(cover)
    dpi = 300 / IN_PT
    right, top = (trim[2] - bleed[0]) * dpi, (bleed[3] - trim[3]) * dpi  # the trim's top right in the image
    back = (right - 6.0 * 300, top, right, top + 9.0 * 300)  # the back panel, from the spine to the trim
    with Image.open(image_path) as image:
        white = image.crop(tuple(round(v) for v in back)).point(lambda v: 255 if v > 250 else 0).getbbox()
    assert white, "the barcode's white box is on the back"
    quarter = 0.25 * 300
    assert white[0] >= quarter, "clear of the spine"
    assert 6.0 * 300 - white[2] >= quarter, "clear of the back's outer edge"
    assert white[1] > 4.5 * 300, "at the lower part of the back"
    assert 9.0 * 300 - white[3] >= quarter, "clear of the foot"
    assert white[0] < 3.0 * 300, "by the spine, as a Latin book's is (mirrored)"
