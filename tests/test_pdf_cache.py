"""The print book is laid out part by part, each part kept in build/.cache/pdf/: a rebuild after an edit
lays out only what changed, and gives exactly the bytes a clean build of the edited series gives."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import write_series
from tests.pdf_support import BOOK_CONFIG, book_articles, build_pdf, paragraphs, screen_of


def cached_parts(out: Path) -> set[str]:
    return {path.name for path in (out / ".cache" / "pdf").glob("*.pickle")}


def test_a_rebuild_after_one_edit_lays_out_less_and_gives_the_bytes_of_a_clean_build(tmp_path):
    folder = write_series(tmp_path / "book", book_articles(), BOOK_CONFIG)
    warm = tmp_path / "warm"
    build_pdf(folder, warm)
    cold_parts = cached_parts(warm)
    third = folder / "articles" / "03-third.md"
    third.write_text(third.read_text(encoding="utf-8") + "\n" + "\n\n".join(paragraphs(60, 3)) + "\n",
                     encoding="utf-8")
    job, path = build_pdf(folder, warm)
    new = cached_parts(warm) - cold_parts
    assert job.report.items == []
    assert 0 < len(new) < len(cold_parts), "only the edited article (and the contents) are laid out again"
    _, clean = build_pdf(folder, tmp_path / "cold")
    assert path.read_bytes() == clean.read_bytes()
    assert screen_of(path).read_bytes() == screen_of(clean).read_bytes()
