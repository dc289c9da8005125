"""The print book is laid out part by part, each part kept in build/.cache/pdf/: a rebuild after an edit
lays out only what changed, even when the parts after it move, and gives exactly the bytes a clean build of
the edited series gives."""
from __future__ import annotations

from pathlib import Path

from publish.adapters.pdf.layout.typeset import PartResult
from publish.cache import PartCache

from tests.conftest import write_series
from tests.pdf_support import BOOK_CONFIG, book_articles, build_pdf, paragraphs, screen_of


def cached_parts(out: Path) -> set[str]:
    return {path.stem for path in (out / ".cache" / "pdf").glob("*.msgpack")}


def test_a_rebuild_after_one_edit_lays_out_less_and_gives_the_bytes_of_a_clean_build(tmp_path):
    folder = write_series(tmp_path / "book", book_articles(), BOOK_CONFIG)
    warm = tmp_path / "warm"
    build_pdf(folder, warm)
    cold_parts = cached_parts(warm)
    first = folder / "articles" / "01-first.md"
    first.write_text(first.read_text(encoding="utf-8") + "\n" + "\n\n".join(paragraphs(60, 3)) + "\n",
                     encoding="utf-8")
    job, path = build_pdf(folder, warm)
    new = cached_parts(warm) - cold_parts
    assert job.report.items == []
    entries = [PartCache(warm / ".cache" / "pdf").get(name) for name in new]
    layouts = [value for value in entries if isinstance(value, PartResult)]
    assert len(job.series.articles) == 3
    # the edited article is laid out again, and the front and back matter (which name every article's file);
    # the articles after it move by some pages but keep their layout: only their folio sheets are new
    articles = {slug for result in layouts for slug in result.page_map if slug in
                {article.slug for article in job.series.articles}}
    assert articles == {job.series.articles[0].slug}
    assert any(isinstance(value, bytes) for value in entries)
    _, clean = build_pdf(folder, tmp_path / "cold")
    assert path.read_bytes() == clean.read_bytes()
    assert screen_of(path).read_bytes() == screen_of(clean).read_bytes()
