"""The series' own cover and images in the EPUB, and what is reported when an image cannot be used."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from publish.build import build
from publish.diagnostics import PublishError

from tests.conftest import write_series
from tests.test_epub import NS, build_book


def test_the_series_own_cover_and_images_are_used(tmp_path):
    folder = write_series(tmp_path / "pictures", {
        "01-a.md": "---\ntitle: A\n---\n\nText.[^n]\n\n![A map](maps/map%20one.png)\n\n"
                   "[^n]: See ![the same map](maps/map%20one.png).\n"})
    (folder / "articles" / "maps").mkdir()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(folder / "articles" / "maps" / "map one.png")
    Image.new("RGB", (1600, 2560), (10, 20, 30)).save(folder / "cover.png")
    book, job = build_book(folder, tmp_path / "out")
    assert book.zip.read(book.href(book.with_property("cover-image"))) == (folder / "cover.png").read_bytes()
    (source,) = set(book.text("a").xpath("//x:img/@src", namespaces=NS))
    assert " " not in source and str(book.base / "text" / source).replace("text/../", "") in book.zip.namelist()
    assert book.meta("schema:accessMode") == ["textual", "visual"]
    assert "alternativeText" in book.meta("schema:accessibilityFeature")
    assert job.report.items == []


def test_image_problems_stop_the_build_before_any_book_is_written(tmp_path):
    folder = write_series(tmp_path / "broken", {
        "01-a.md": "---\ntitle: A\n---\n\n![](missing.png)\n\n![A photo](https://example.org/a.jpg)\n"})
    with pytest.raises(PublishError) as stopped:
        build(folder, formats=("epub",), out_root=tmp_path / "out")
    assert sorted(d.code for d in stopped.value.diagnostics) == ["image-missing", "image-remote"]
    assert not list((tmp_path / "out").rglob("*.epub"))


def test_a_supplied_cover_far_larger_than_any_reader_shows_is_scaled_down(tmp_path):
    folder = write_series(tmp_path / "big", {"01-a.md": "---\ntitle: A\n---\n\nText.\n"})
    Image.effect_noise((4000, 6400), 60).convert("RGB").save(folder / "cover.jpg", quality=95)  # a designer's file
    book, job = build_book(folder, tmp_path / "out")
    data = book.zip.read(book.href(book.with_property("cover-image")))
    with Image.open(io.BytesIO(data)) as cover:
        assert cover.format == "JPEG" and cover.size == (1600, 2560)  # its shape kept, no side under 1600 x 2560
    assert len(data) < (folder / "cover.jpg").stat().st_size / 4
    assert job.report.items == []
    Image.new("RGB", (1700, 2700), (10, 20, 30)).save(folder / "cover.png")  # a little larger: left as it is
    (folder / "cover.jpg").unlink()
    book, _ = build_book(folder, tmp_path / "again")
    assert book.zip.read(book.href(book.with_property("cover-image"))) == (folder / "cover.png").read_bytes()
