"""Citations: formatted by the series' CSL style and numbered with the written notes."""
from __future__ import annotations

import pytest

from publish.ast import stringify
from publish.diagnostics import PublishError, Report
from publish.load import load_series
from tests.conftest import ROOT, write_series

TORTURE = ROOT / "tests" / "series" / "torture"
REFS = (TORTURE / "references.yaml").read_text(encoding="utf-8")


def test_citations_are_notes_in_one_sequence():
    series = load_series(TORTURE)
    second = series.articles[1]
    texts = [stringify(n.blocks) for n in second.notes]
    assert [n.number for n in second.notes] == [9, 10, 11, 12, 13, 14]
    assert texts[2].startswith("Michael Parenti, Blackshirts and Reds") and texts[2].endswith("1997), 49–52.")
    assert texts[3] == "Parenti, 85."                     # the style's short form for a repeated work
    assert texts[4] == "A written note between citations."
    assert texts[5].startswith("Terry Eagleton, Why Marx Was Right")


def test_bibliography_lists_each_cited_work_once():
    entries = load_series(TORTURE).bibliography
    assert [e["c"][0][0] for e in entries] == ["ref-eagleton2011", "ref-parenti1997"]
    assert stringify(entries[1]).startswith("Parenti, Michael. Blackshirts and Reds")


def test_unknown_citation_key_is_an_error_with_its_line(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText [@parenti1997].\n\nMore [@nobody2020].\n"},
                          "title: T\nlanguage: en\nbibliography: refs.yaml\n")
    (folder / "refs.yaml").write_text(REFS, encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        load_series(folder)
    [diag] = caught.value.diagnostics
    assert (diag.code, diag.line, diag.col) == ("citation-unknown", 6, 7)


def test_citation_without_bibliography_is_a_warning(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText [@parenti1997].\n"})
    report = Report()
    load_series(folder, report)
    assert [(d.code, d.line) for d in report.items] == [("citation-no-bibliography", 4)]


def test_missing_bibliography_file(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText.\n"},
                          "title: T\nlanguage: en\nbibliography: nope.bib\n")
    with pytest.raises(PublishError) as caught:
        load_series(folder)
    assert [(d.code, d.line) for d in caught.value.diagnostics] == [("config-file-missing", 3)]
