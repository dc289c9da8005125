"""`publish import`: pasted web text and word-processor files become articles with real footnotes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypandoc
import pytest

from publish.ast import stringify
from publish.diagnostics import PublishError, Report
from publish.importers import import_file
from publish.load import load_series
from publish.scaffold import new_series
from tests.conftest import ROOT

SEED = ROOT / "tests" / "fixtures" / "siege-socialism.txt"
SEED_NOTES = [
    "Michael Parenti, Blackshirts and Reds: Rational Fascism and the Overthrow of Communism "
    "(City Lights Books, 1997), 49-52.",
    "Ibid, 85.",
    "Terry Eagleton, Why Marx Was Right (Yale University Press, 2011), 16.",
    "Karl Marx, Economic and Philosophic Manuscripts of 1844.",
    "Chris Gilbert, “Luisa Cáceres: Commune-Building in Urban Venezuela,” Monthly Review, Vol. 74, No. 7: 26.",
]


def publish(*args):
    return subprocess.run([sys.executable, "-m", "publish", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture
def series(tmp_path) -> Path:
    new_series(tmp_path / "s")
    return tmp_path / "s"


def blocks_of(kind: str, blocks: list) -> list:
    return [b for b in blocks if isinstance(b, dict) and b.get("t") == kind]


def test_pasted_text_gets_its_notes_quotes_and_title(series):
    report = Report()
    path = import_file(SEED, series, report)
    assert path == series / "articles" / "01-siege-socialism.md"
    article = load_series(series, Report()).articles[0]
    assert article.title == "Siege Socialism"
    assert [stringify(n.blocks).replace("\xa0", " ") for n in article.notes] == SEED_NOTES  # pandoc: "No.\xa07"
    assert all(len(n.calls) == 1 for n in article.notes)
    quotes = blocks_of("BlockQuote", article.blocks)
    assert [stringify(q["c"]).split()[:3] for q in quotes] == [
        ["To", "say", "that"], ["Marx", "himself", "never"], ["Workers", "were", "told"]]
    text = path.read_text(encoding="utf-8")
    assert "Parenti.[^1] They" in text and "nobody’s![^5]" in text and "\n## Further reading\n" in text
    unmapped = [d.message for d in report.items if d.code == "import-unmapped"]
    assert any("separator" in m for m in unmapped) and any("italics" in m for m in unmapped)


def test_imported_pasted_text_builds(series, tmp_path):
    shutil.copy(SEED, tmp_path / "siege-socialism.txt")
    proc = publish("import", tmp_path / "siege-socialism.txt", "--series", series)
    assert proc.returncode == 0, proc.stderr
    proc = publish("build", series, "--format", "html", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "out" / "s" / "site" / "siege-socialism.html").read_text(encoding="utf-8")
    assert page.count('role="doc-endnotes"') == 1 and "Terry Eagleton" in page


def test_import_never_overwrites_without_force(series, tmp_path):
    assert publish("import", SEED, "--series", series).returncode == 0
    target = series / "articles" / "01-siege-socialism.md"
    target.write_text("---\ntitle: Edited\n---\n\nMine.\n", encoding="utf-8")
    proc = publish("import", SEED, "--series", series)
    assert proc.returncode == 1 and "error[import-exists]" in proc.stderr
    assert target.read_text(encoding="utf-8").endswith("Mine.\n")
    assert publish("import", SEED, "--series", series, "--force").returncode == 0
    assert "[^5]:" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in (series / "articles").iterdir()) == ["01-siege-socialism.md"]


def test_docx_keeps_notes_title_and_quotes(series, tmp_path):
    markdown = ("---\ntitle: The Paris Commune\n---\n\nIt fell in May.[^a] Marx wrote:\n\n"
                "> The Commune was the positive form.[^b]\n\n[^a]: Lissagaray, *History*, 12.\n\n[^b]: Ibid., 3.\n")
    docx = tmp_path / "commune.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(docx))
    path = import_file(docx, series, Report())
    assert path.name == "01-the-paris-commune.md"
    article = load_series(series, Report()).articles[0]
    assert article.title == "The Paris Commune"
    assert [stringify(n.blocks) for n in article.notes] == ["Lissagaray, History, 12.", "Ibid., 3."]
    assert "*History*" in path.read_text(encoding="utf-8")
    assert len(blocks_of("BlockQuote", article.blocks)) == 1


def test_unknown_kind_is_refused(series, tmp_path):
    source = tmp_path / "essay.pdf"
    source.write_bytes(b"%PDF-1.4")
    with pytest.raises(PublishError) as caught:
        import_file(source, series, Report())
    assert [d.code for d in caught.value.diagnostics] == ["import-format"]
    assert not list((series / "articles").iterdir())


def test_html_page_notes_and_title(series, tmp_path):
    page = tmp_path / "page.html"
    pypandoc.convert_text("---\ntitle: A Page\n---\n\nText.[^1]\n\n[^1]: The *note*.\n", "html", format="markdown",
                          outputfile=str(page), extra_args=["--standalone"])
    path = import_file(page, series, Report())
    article = load_series(series, Report()).articles[0]
    assert path.name == "01-a-page.md" and article.title == "A Page"
    assert [stringify(n.blocks) for n in article.notes] == ["The note."]
    assert "# A Page" not in path.read_text(encoding="utf-8")


def test_web_page_with_linked_numbers_reports_them(series, tmp_path):
    page = tmp_path / "web.html"
    page.write_text('<html><head><title>Web</title></head><body><p>Text.<sup><a href="#n1">1</a></sup></p>'
                    '<ol><li id="n1">The note.</li></ol></body></html>', encoding="utf-8")
    report = Report()
    import_file(page, series, report)
    assert [d.code for d in report.items] == ["import-unmapped"]
    assert "could not be turned into footnotes" in report.items[0].message


def test_damaged_document_is_reported(series, tmp_path):
    source = tmp_path / "broken.docx"
    source.write_bytes(b"not a zip at all")
    with pytest.raises(PublishError) as caught:
        import_file(source, series, Report())
    assert [d.code for d in caught.value.diagnostics] == ["import-failed"]
