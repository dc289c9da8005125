"""The print PDF as a print shop receives it, and the screen edition beside it: page boxes per trim size,
bleed, crop marks, mirrored margins, coloured live links, the same bytes on every build, the preflight
of `publish check`, and page images to look at (in test-artifacts/)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from publish.check import check_outputs
from publish.config import load_config
from publish.diagnostics import WARNING, Report
from tests.conftest import REAL_SERIES, write_series
from tests.extract import pdf_destination_pages
from tests.pdf_support import (PT_PER_MM, book, boxes, build_pdf, link_rects, openings, page_image,  # noqa: F401
                               paragraphs, real, screen_of)

SHORT = {"01-short.md": "---\ntitle: Short\n---\n\n" + "\n\n".join(paragraphs(5, 12)) + "\n"}


def sizes_mm(box: list[float]) -> tuple[float, float]:
    return round((box[2] - box[0]) / PT_PER_MM, 2), round((box[3] - box[1]) / PT_PER_MM, 2)


def margins_mm(inner: list[float], outer: list[float]) -> list[float]:
    """How far ``outer`` reaches beyond ``inner`` on the left, bottom, right and top, in mm."""
    return [round(v / PT_PER_MM, 2) for v in (inner[0] - outer[0], inner[1] - outer[1],
                                              outer[2] - inner[2], outer[3] - inner[3])]


@pytest.mark.parametrize("trim, size", [("6x9in", (152.4, 228.6)), ("5.5x8.5in", (139.7, 215.9)),
                                        ("a5", (148.0, 210.0)), ("royal", (156.0, 234.0)),
                                        ("150x230mm", (150.0, 230.0))])
def test_every_page_is_trimmed_to_size_with_3_mm_of_bleed(tmp_path, trim, size):
    folder = write_series(tmp_path / "s", SHORT, f"title: T\nlanguage: en\nprint:\n  trim: {trim}\n")
    _, path = build_pdf(folder, tmp_path / "out")
    trims, bleeds, medias = (boxes(path, name) for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert len(trims) >= 8
    for trim_box, bleed_box, media_box in zip(trims, bleeds, medias):
        assert sizes_mm(trim_box) == pytest.approx(size, abs=0.01)
        assert margins_mm(trim_box, bleed_box) == pytest.approx([3.0] * 4, abs=0.01)
        assert media_box == pytest.approx(bleed_box, abs=0.01), "no marks: the sheet ends at the bleed"


@pytest.mark.parametrize("bleed, mm", [("0.125in", 3.175), ("5mm", 5.0), ("0", 0.0)])
def test_the_bleed_follows_series_yml(tmp_path, bleed, mm):
    folder = write_series(tmp_path / "s", SHORT, f"title: T\nlanguage: en\nprint:\n  bleed: {bleed}\n")
    _, path = build_pdf(folder, tmp_path / "out")
    for trim_box, bleed_box in zip(boxes(path, "/TrimBox"), boxes(path, "/BleedBox")):
        assert margins_mm(trim_box, bleed_box) == pytest.approx([mm] * 4, abs=0.01)
    warnings = [d.code for d in check_outputs(pdfs=[path], accessibility=False)]
    assert warnings == (["pdf-bleed"] if mm < 3 else [])


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(image.convert("L").crop(box).histogram()[:128])


def blue_pixels(image: Image.Image) -> int:
    data = image.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i + 2] - data[i] > 60)


def rings(path: Path, page: int, image: Image.Image) -> tuple[int, int]:
    """Dark pixels in the bleed (between trim and bleed box) and outside the bleed box, of a 0-based page."""
    trim, bleed, media = (boxes(path, name)[page] for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
    scale = image.width / (media[2] - media[0])
    outer = int((bleed[0] - media[0]) * scale)
    inner = int((trim[0] - media[0]) * scale) - 1
    w, h = image.size
    in_bleed = sum(dark_pixels(image, b) for b in [(outer + 1, outer + 1, inner, h - outer - 1)])
    outside = sum(dark_pixels(image, b) for b in [(0, 0, max(outer - 1, 1), h), (0, 0, w, max(outer - 1, 1))])
    return in_bleed, outside


def test_crop_marks_are_drawn_outside_the_bleed_only_when_asked(real, book, tmp_path):
    for (job, path), marks in ((real, False), (book, True)):
        assert job.series.config.print.marks == ("crop" if marks else "none")
        image = page_image(path, 1, tmp_path / f"marks-{marks}", resolution=100)
        in_bleed, outside = rings(path, 0, image)
        assert in_bleed == 0
        assert (outside > 0) == marks
        if marks:
            assert margins_mm(boxes(path, "/TrimBox")[0], boxes(path, "/MediaBox")[0])[0] > 3 + 6


def left_edges(path: Path) -> dict[int, float]:
    """The leftmost word of each page (1-based), in mm from the trim's left edge."""
    trims, medias = boxes(path, "/TrimBox"), boxes(path, "/MediaBox")
    words = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    edges = {}
    for number, page in enumerate(re.split(r"<page ", words)[1:], 1):
        xs = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', page)]
        if xs:
            edges[number] = (min(xs) - (trims[number - 1][0] - medias[number - 1][0])) / PT_PER_MM
    return edges


def test_margins_are_mirrored_the_wider_one_at_the_spine(book):
    job, path = book
    body = range(min(openings(job, path).values()) + 2, len(boxes(path, "/TrimBox")) - 2)
    edges = left_edges(path)
    rectos = {round(edges[n]) for n in body if n in edges and n % 2 == 1}
    versos = {round(edges[n]) for n in body if n in edges and n % 2 == 0}
    assert rectos == {20} and versos == {15}, (rectos, versos)


def test_screen_edition_has_no_bleed_and_coloured_live_links(book, tmp_path):
    _, path = book
    screen = screen_of(path)
    for trim_box, bleed_box, media_box in zip(*(boxes(screen, n) for n in ("/TrimBox", "/BleedBox", "/MediaBox"))):
        assert trim_box == bleed_box == media_box
    links = link_rects(screen)
    assert len(links) == len(link_rects(path)) > 20
    page, _, rect = next(link for link in links if "noteref" in link[1] or "note-" in link[1])
    colours = {}
    for name, pdf in (("print", path), ("screen", screen)):
        image = page_image(pdf, page + 1, tmp_path / name, resolution=200).convert("RGB")
        media = boxes(pdf, "/MediaBox")[page]
        scale = image.width / (media[2] - media[0])
        x0, x1 = sorted((rect[0], rect[2]))
        y0, y1 = sorted((rect[1], rect[3]))
        box = tuple(int(v) for v in ((x0 - media[0]) * scale, (media[3] - y1) * scale,
                                     (x1 - media[0]) * scale, (media[3] - y0) * scale))
        colours[name] = blue_pixels(image.crop(box))
    assert colours["screen"] and not colours["print"], "links are blue on screen, black in print"


def test_two_builds_are_byte_identical(real, tmp_path):
    _, again = build_pdf(REAL_SERIES, tmp_path)
    assert again.read_bytes() == real[1].read_bytes()
    assert screen_of(again).read_bytes() == screen_of(real[1]).read_bytes()


def test_images_printed_under_300_ppi_are_reported_at_their_line_and_by_the_preflight(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nText.\n\n![A red field](red.png)\n\n"
                                           "![A sharp blue field](blue.png)\n"})
    Image.new("RGB", (400, 300), "red").save(folder / "articles" / "red.png")
    Image.new("RGB", (3000, 2250), "blue").save(folder / "articles" / "blue.png")  # scaled to the column
    job, path = build_pdf(folder, tmp_path / "out")
    assert [(d.code, d.severity, d.line) for d in job.report.items] == [("pdf-image-resolution", WARNING, 7)]
    assert "(400×300 pixels) prints at 96 ppi on page 7" in job.report.items[0].message
    found = check_outputs(pdfs=[path, screen_of(path)], accessibility=False)
    assert [(d.code, Path(d.file).name) for d in found] == [("pdf-image-resolution", path.name)]
    assert re.search(r"400×300 pixels on page 7 prints at 96 ppi", found[0].message)


def test_page_images_for_review(real, book, artifacts):
    job, path = book
    dense = job.series.articles[1]
    shots = {"pdf-title-page": (path, 3), "pdf-imprint": (path, 4),
             "pdf-opening": (real[1], openings(*real)["siege-socialism"] + 1),
             "pdf-dense-notes": (path, pdf_destination_pages(path)[dense.notes[0].id] + 1),
             "pdf-screen-dense-notes": (screen_of(path), pdf_destination_pages(path)[dense.notes[0].id] + 1)}
    for name, (pdf, page) in shots.items():
        image = page_image(pdf, page, artifacts / name)
        assert image.convert("L").getextrema()[0] < 100, f"{name} shows no text"


@pytest.mark.parametrize("setting, code", [("bleed: lots", "config-bleed"), ("bleed: 20mm", "config-bleed"),
                                           ("marks: stars", "config-marks"), ("also: One Title", "config-type")])
def test_wrong_print_settings_are_errors_at_their_own_line(tmp_path, setting, code):
    folder = write_series(tmp_path / "s", SHORT, f"title: T\nlanguage: en\nprint:\n  {setting}\n")
    report = Report()
    load_config(folder, report)
    assert [(d.code, d.line) for d in report.items] == [(code, 4)]  # the setting's line, under print:
