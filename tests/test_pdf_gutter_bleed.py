"""`print: gutter_bleed: no`: the interior as KDP and IngramSpark size it, bleeding at the head, the foot and the
fore-edge and not at the spine; read back from the PDF's page boxes (pikepdf), page by page."""
from __future__ import annotations

import pytest

from publish.check import check_outputs
from publish.config import load_config
from publish.diagnostics import Report
from tests.conftest import write_series
from tests.pdf_support import boxes, build_pdf
from tests.test_pdf_press import SHORT, margins_mm, sizes_mm

KDP = "  trim: 6x9in\n  bleed: 0.125in\n  gutter_bleed: no\n"
#: 6 x 9 in with 0.125 in at the head, the foot and the fore-edge: KDP's "with bleed" page, in mm
SHEET_MM = (6.125 * 25.4, 9.25 * 25.4)
BLEED = 0.125 * 25.4


@pytest.mark.parametrize("language, recto_spine", [("en", "left"), ("ar", "right")])
def test_no_bleed_at_the_spine_side_of_any_page(tmp_path, language, recto_spine):
    folder = write_series(tmp_path / "s", SHORT, f"title: T\nlanguage: {language}\nprint:\n{KDP}")
    _, path = build_pdf(folder, tmp_path / "out")
    trims, bleeds, medias = (boxes(path, name) for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert len(trims) >= 8
    for number, (trim, bleed, media) in enumerate(zip(trims, bleeds, medias), start=1):
        spine = recto_spine if number % 2 else {"left": "right", "right": "left"}[recto_spine]
        # left, bottom, right, top
        expected = [0.0 if spine == "left" else BLEED, BLEED, 0.0 if spine == "right" else BLEED, BLEED]
        assert margins_mm(trim, bleed) == pytest.approx(expected, abs=0.01), f"page {number}"
        assert margins_mm(trim, media) == pytest.approx(expected, abs=0.01), f"page {number}"
        assert sizes_mm(media) == pytest.approx(SHEET_MM, abs=0.01)
        assert sizes_mm(trim) == pytest.approx((152.4, 228.6), abs=0.01)
    assert [d.code for d in check_outputs(pdfs=[path], accessibility=False)] == []


def test_the_screen_edition_and_a_book_without_the_setting_keep_their_boxes(tmp_path):
    folder = write_series(tmp_path / "s", SHORT, "title: T\nlanguage: en\nprint:\n  bleed: 0.125in\n")
    _, path = build_pdf(folder, tmp_path / "out")
    for trim, media in zip(boxes(path, "/TrimBox"), boxes(path, "/MediaBox")):
        assert margins_mm(trim, media) == pytest.approx([BLEED] * 4, abs=0.01)
    folder = write_series(tmp_path / "k", SHORT, f"title: T\nlanguage: en\nprint:\n{KDP}")
    _, path = build_pdf(folder, tmp_path / "out2")
    screen = path.with_name(path.stem + "-screen.pdf")
    for trim, media in zip(boxes(screen, "/TrimBox"), boxes(screen, "/MediaBox")):
        assert media == pytest.approx(trim, abs=0.01)


def test_a_missing_fore_edge_bleed_is_still_reported(tmp_path):
    """The check accepts a page with no bleed at the spine, not one with none at the fore-edge: a book built with
    no bleed at all is reported."""
    folder = write_series(tmp_path / "s", SHORT, "title: T\nlanguage: en\nprint:\n  bleed: 0\n  gutter_bleed: no\n")
    _, path = build_pdf(folder, tmp_path / "out")
    assert [d.code for d in check_outputs(pdfs=[path], accessibility=False)] == ["pdf-bleed"]


@pytest.mark.parametrize("value", ["maybe", "3mm"])
def test_a_wrong_value_is_an_error_at_its_line(tmp_path, value):
    folder = write_series(tmp_path / "s", SHORT, f"title: T\nlanguage: en\nprint:\n  trim: 6x9in\n"
                                                  f"  gutter_bleed: {value}\n")
    report = Report()
    load_config(folder, report)
    found = [(d.code, d.line) for d in report.items]
    assert found == [("config-gutter-bleed", 5)]
