"""The full-wrap cover (<series>-cover.pdf) as a print-on-demand service receives it: one page, back + spine
+ front, sized from the print book's page count by the formula written here by hand, its barcode read by
a scanner (zbar) from Ghostscript's rendering, its spine text only on a spine wide enough to carry it."""
from __future__ import annotations

import io
import subprocess

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import PublishError, Report
from tests.conftest import write_series
from tests.press_support import (ARTICLES, IN_PT, ISBN, ISBN_DIGITS, MM_PT, barcodes, build_book, config,
                                 page_count, render_grey, renders)

TRIM_IN = (6.0, 9.0)  #: the default trim, 6 x 9 in


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("cover")


def cover_boxes(path):
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1, "one sheet: back, spine and front"
        page = pdf.pages[0].obj
        return [[float(v) for v in page[name]] for name in ("/TrimBox", "/BleedBox", "/MediaBox")]


@pytest.mark.parametrize("lines, per_page_in, bleed_mm", [
    ((), 0.002252, 3.0),                                     # white paper, KDP's figure, by default
    (("paper: cream",), 0.0025, 3.0),
    (("spine_per_page: 0.004in", "bleed: 0.125in"), 0.004, 3.175),
])
def test_the_cover_is_two_trims_and_a_spine_as_thick_as_the_pages(root, lines, per_page_in, bleed_mm):
    out = build_book(root, f"size{len(lines)}", config(*lines))
    pages = page_count(out / f"size{len(lines)}.pdf")
    assert pages >= 8
    spine_pt = pages * per_page_in * IN_PT
    trim, bleed, media = cover_boxes(out / f"size{len(lines)}-cover.pdf")
    assert trim[2] - trim[0] == pytest.approx(2 * TRIM_IN[0] * IN_PT + spine_pt, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(TRIM_IN[1] * IN_PT, abs=0.01)
    margin = bleed_mm * MM_PT
    assert bleed == pytest.approx([trim[0] - margin, trim[1] - margin, trim[2] + margin, trim[3] + margin], abs=0.01)
    assert media == pytest.approx(bleed, abs=0.01), "no printer's marks on a cover"


def test_the_barcode_scans_as_the_isbn_at_the_lower_right_of_the_back(root, tmp_path):
    out = build_book(root, "barcode", config())
    cover = out / "barcode-cover.pdf"
    image_path = render_grey(cover, tmp_path / "cover.png", 300)
    assert [(kind, data) for kind, data, _ in barcodes(image_path)] == [("EAN-13", ISBN_DIGITS)]
    trim, bleed, _ = cover_boxes(cover)
    dpi = 300 / IN_PT
    left, top = (trim[0] - bleed[0]) * dpi, (bleed[3] - trim[3]) * dpi   # the trim's corner in the image
    side, height = TRIM_IN[0] * 300, TRIM_IN[1] * 300
    quarter = 0.25 * 300
    with Image.open(image_path) as image:
        corner = image.crop((round(left + side / 2), round(top + height / 2),
                             round(left + side - quarter), round(top + height - quarter)))
        corner.save(tmp_path / "corner.png")
        white = corner.point(lambda v: 255 if v > 250 else 0).getbbox()
    assert [(kind, data) for kind, data, _ in barcodes(tmp_path / "corner.png")] == [("EAN-13", ISBN_DIGITS)], \
        "the whole barcode lies in the lower right of the back, 0.25 in or more from the trim and the spine"
    width_in, height_in = (white[2] - white[0]) / 300, (white[3] - white[1]) / 300
    assert width_in == pytest.approx(2.0, abs=0.05) and height_in == pytest.approx(1.2, abs=0.05)
    with pdfplumber.open(cover) as pdf:
        text = pdf.pages[0].extract_text()
    assert f"ISBN {ISBN}" in text


def test_no_isbn_no_barcode(root, tmp_path):
    out = build_book(root, "nobarcode", config(identifier=""))
    assert barcodes(render_grey(out / "nobarcode-cover.pdf", tmp_path / "cover.png", 150)) == []


def words_in(path, x0: float, x1: float) -> str:
    """The words of the cover between ``x0`` and ``x1`` points from the trim's left edge (pdfplumber
    measures from the origin of the page's space, which is the trim's corner)."""
    with pdfplumber.open(path) as pdf:
        return " ".join(w["text"] for w in pdf.pages[0].extract_words() if x0 <= w["x0"] and w["x1"] <= x1)


def spine_words(path, pages: int, per_page_in: float) -> str:
    """The words set on the spine, running top to bottom (the characters turned a quarter clockwise)."""
    side, spine = TRIM_IN[0] * IN_PT, pages * per_page_in * IN_PT
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[0].chars if side <= c["x0"] and c["x1"] <= side + spine]
        assert all(not c["upright"] and c["matrix"][1] < 0 for c in chars), "turned to run top to bottom"
        return "".join(c["text"] for c in sorted(chars, key=lambda c: c["top"]))


def test_the_spine_carries_its_text_only_when_it_is_wide_enough(root):
    narrow = build_book(root, "narrow", config())
    pages = page_count(narrow / "narrow.pdf")
    assert pages * 0.002252 < 0.18, "under 80 pages of white paper"
    assert spine_words(narrow / "narrow-cover.pdf", pages, 0.002252) == ""
    wide = build_book(root, "wide", config("spine_per_page: 0.019in"))  # as thick as 80 white pages or more
    assert pages * 0.019 >= 0.18
    assert spine_words(wide / "wide-cover.pdf", pages, 0.019).replace(" ", "") == \
        "ABookforthePress" "AdaExample" "TestPress"


def test_the_back_has_the_description_and_the_front_the_title(root):
    out = build_book(root, "faces", config())
    cover = out / "faces-cover.pdf"
    side, spine = TRIM_IN[0] * IN_PT, page_count(out / "faces.pdf") * 0.002252 * IN_PT
    assert "Essays on wages, prices and profit." in words_in(cover, 0, side)
    front = words_in(cover, side + spine, 2 * side + spine)
    assert "A Book for the Press" in front and "Ada Example" in front and "Test Press" in front
    fonts = subprocess.run(["pdffonts", str(cover)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), fonts
    renders(cover)
    assert [d.code for d in check_outputs(pdfs=[cover], accessibility=False)] == []


def test_a_cover_image_covers_the_front_and_its_bleed(root, tmp_path):
    blue = (30, 90, 160)
    picture = io.BytesIO()
    Image.new("RGB", (1900, 2800), blue).save(picture, "JPEG", quality=95)
    out = build_book(root, "pictured", config(), extra={"cover.jpg": picture.getvalue()})
    cover = out / "pictured-cover.pdf"
    trim, bleed, _ = cover_boxes(cover)
    front = TRIM_IN[0] * IN_PT + page_count(out / "pictured.pdf") * 0.002252 * IN_PT - bleed[0]  # from the left
    with Image.open(render_grey(cover, tmp_path / "cover.png", 72, "png16m")) as image:  # a pixel a point
        image = image.convert("RGB")
        width, height = image.size
        seen = {(x, y): image.getpixel((x, y)) for x in (round(front) + 2, width - 1) for y in (0, height // 2, height - 1)}
        beside = image.getpixel((round(front) - 3, height // 2))
    assert all(max(abs(a - b) for a, b in zip(colour, blue)) <= 12 for colour in seen.values()), seen
    assert max(abs(a - b) for a, b in zip(beside, blue)) > 60, "the spine is not covered"


def test_a_description_too_long_for_the_back_stops_the_build(root):
    folder = write_series(root / "series" / "long", ARTICLES, config(description="A sentence of the blurb. " * 240))
    report = Report()
    with pytest.raises(PublishError):
        build(folder, ("pdf",), root / "out", report)
    [problem] = [d for d in report.items if d.code == "pdf-cover-overflow"]
    assert "description" in problem.message and problem.file.endswith("series.yml")
    assert not (root / "out" / "long" / "long.pdf").exists(), "nothing is put in place"
