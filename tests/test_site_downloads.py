"""The site offers what matches the manuscript: an EPUB or PDF made before an edit is left out, with a warning."""
from __future__ import annotations

from publish.build import build
from publish.diagnostics import Report
from tests.conftest import write_series

FRONT = "---\ntitle: A\n---\n"


def offered(out) -> tuple[list[str], str]:
    index = (out / "s" / "site" / "index.html").read_text(encoding="utf-8")
    catalog = (out / "s" / "site" / "opds.xml").read_text(encoding="utf-8")
    return sorted(p.relative_to(out / "s" / "site").as_posix() for p in (out / "s" / "site").rglob("downloads/**/*")
                  if p.is_file()), index + catalog


def test_a_site_built_alone_offers_no_download_older_than_the_manuscript(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + "Text.\n"})
    out = tmp_path / "out"
    build(folder, ("epub", "site"), out)
    files, _ = offered(out)
    assert files == ["downloads/articles/a.epub", "downloads/s.epub"]
    report = Report()
    build(folder, ("site",), out, report)  # nothing changed: the EPUBs still match
    assert offered(out)[0] == files and report.items == []
    (folder / "articles" / "01-a.md").write_text(FRONT + "Text, edited.\n", encoding="utf-8")
    report = Report()
    build(folder, ("site",), out, report)
    files, pages = offered(out)
    assert files == [] and "s.epub" not in pages
    assert sorted((d.code, d.file.split("/")[-1]) for d in report.items) == [
        ("site-download-stale", "articles"), ("site-download-stale", "s.epub")]
    assert (out / "s" / "s.epub").is_file()  # the older book is still there, only not offered
    build(folder, ("epub", "site"), out)
    assert offered(out)[0] == ["downloads/articles/a.epub", "downloads/s.epub"]


def test_outputs_of_a_build_that_wrote_down_nothing_are_not_offered(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + "Text.\n"})
    out = tmp_path / "out"
    build(folder, ("epub",), out)
    (out / "s" / ".outputs.json").unlink()  # as an earlier version of the toolchain left them
    report = Report()
    build(folder, ("site",), out, report)
    assert offered(out)[0] == [] and {d.code for d in report.items} == {"site-download-stale"}
