"""The series' own cover image on the print cover: what is wrong with it is reported by a build of the PDF
alone as the EPUB's build reports it (the same code, at the image file), once in a build of both; an image
with too few pixels for the front and its bleed at 300 dpi is a warning that gives its dpi."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from publish.build import build
from publish.diagnostics import PublishError, Report
from tests.conftest import write_series
from tests.press_support import ARTICLES, config


def picture(size: tuple[int, int], kind: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, kind)
    return out.getvalue()


def built(tmp_path, name: str, files: dict[str, bytes], formats=("pdf",)) -> Report:
    folder = write_series(tmp_path / "series" / name, ARTICLES, config())
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    report = Report()
    try:
        build(folder, formats, tmp_path / "out", report)
    except PublishError:
        pass
    return report


@pytest.mark.parametrize("files, code", [
    ({"cover.jpg": b"not a picture at all"}, "epub-cover-unreadable"),
    ({"cover.jpg": picture((1900, 2800), "PNG")}, "epub-cover-format"),
])
def test_a_pdf_only_build_reports_a_bad_cover_image_at_its_file(tmp_path, files, code):
    report = built(tmp_path, "bad", files)
    found = [d for d in report.items if d.code == code]
    assert len(found) == 1, [d.format() for d in report.items]
    assert found[0].file.endswith("/bad/cover.jpg") and found[0].severity == "error"
    assert not (tmp_path / "out" / "bad" / "bad-cover.pdf").exists(), "no cover is put in place"


def test_a_build_of_both_reports_a_bad_cover_image_once(tmp_path):
    report = built(tmp_path, "both", {"cover.jpg": b"not a picture at all"}, ("epub", "pdf"))
    assert [d.code for d in report.items].count("epub-cover-unreadable") == 1, [d.format() for d in report.items]


def test_a_cover_image_too_small_for_print_is_a_warning_with_its_dpi(tmp_path):
    # 6 x 9 in with 3 mm of bleed at the top, the bottom and the outer edge: 6.118 x 9.236 in;
    # 1600 px across it is 261.5 dpi (2560 px down it, 277.2): the narrower way decides.
    report = built(tmp_path, "small", {"cover.jpg": picture((1600, 2560))})
    assert not report.errors
    [warning] = [d for d in report.warnings if d.code == "pdf-cover-resolution"]
    assert "262 dpi" in warning.message and "1600 x 2560" in warning.message, warning.message
    assert warning.file.endswith("/small/cover.jpg")
    assert "1836 x 2771" in warning.hint, warning.hint  # 6.118 in and 9.236 in at 300 dpi, rounded up
    assert (tmp_path / "out" / "small" / "small-cover.pdf").exists()


def test_a_cover_image_of_300_dpi_or_more_is_not_a_warning(tmp_path):
    report = built(tmp_path, "sharp", {"cover.png": picture((1900, 2800), "PNG")})  # 310 and 303 dpi
    assert not report.errors
    assert [d for d in report.items if d.code.startswith(("pdf-cover", "epub-cover"))] == []
