"""Footnotes decided once: identity, numbering, ids, diagnostics."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

from publish.ast import stringify
from publish.diagnostics import PublishError, Report
from publish.load import load_series
from tests.conftest import REAL_SERIES, write_series


def codes(report_or_exc) -> list[str]:
    items = report_or_exc.diagnostics if isinstance(report_or_exc, PublishError) else report_or_exc.items
    return sorted(d.code for d in items)


def test_real_series_has_five_notes_in_order():
    series = load_series(REAL_SERIES)
    notes = series.articles[0].notes
    assert [n.number for n in notes] == [1, 2, 3, 4, 5]
    assert [n.label for n in notes] == ["parenti-49", "parenti-85", "eagleton-16", "marx-1844", "gilbert-26"]
    assert stringify(notes[1].blocks) == "Ibid, 85."
    assert stringify(notes[0].blocks).startswith("Michael Parenti, Blackshirts and Reds")
    assert all(len(n.calls) == 1 and n.calls[0].line for n in notes)


def test_note_cited_twice_is_one_note_with_two_calls(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": """
        ---
        title: A
        ---
        First[^x] then inline^[Inline *note*.] then again[^x] and[^y].

        [^x]: The shared note.
        [^y]: Another.
        """})
    article = load_series(folder).articles[0]
    assert [(n.number, n.label) for n in article.notes] == [(1, "x"), (2, None), (3, "y")]
    shared = article.notes[0]
    assert [c.id for c in shared.calls] == ["a-noteref-1", "a-noteref-1-2"]
    assert [c.line for c in shared.calls] == [4, 4]
    assert shared.line == 6
    assert stringify(article.notes[1].blocks) == "Inline note."


def test_numbering_per_article_and_continuous(tmp_path):
    articles = {"01-a.md": "---\ntitle: A\n---\nOne[^1] two[^2].\n\n[^1]: a\n[^2]: b\n",
                "02-b.md": "---\ntitle: B\n---\nThree[^1].\n\n[^1]: c\n"}
    per = load_series(write_series(tmp_path / "p", articles))
    assert [[n.number for n in a.notes] for a in per.articles] == [[1, 2], [1]]
    cont = load_series(write_series(tmp_path / "c", articles,
                                    "title: T\nlanguage: en\nnotes:\n  numbering: continuous\n"))
    assert [[n.number for n in a.notes] for a in cont.articles] == [[1, 2], [3]]
    assert cont.articles[1].notes[0].id == "b-note-3"


def test_note_bodies_keep_structure(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": """
        ---
        title: A
        ---
        > Quoted[^q].

        - item[^l]

        [^q]: First paragraph with a [link](https://example.org).

            Second paragraph, Кириллица, 中文.

        [^l]: In a list.
        """})
    notes = load_series(folder).articles[0].notes
    assert [b["t"] for b in notes[0].blocks] == ["Para", "Para"]
    assert "Кириллица, 中文." in stringify(notes[0].blocks)
    assert notes[1].number == 2


@pytest.mark.parametrize("body, code, line", [
    ("Text[^missing].\n", "note-undefined", 4),
    ("Text[^a].\n\n[^a]: one\n[^a]: two\n", "note-duplicate-label", 7),
    ("Text[^a].\n\n[^a]:\n", "note-empty", 6),
])
def test_note_errors_stop_with_location(tmp_path, body, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n" + body})
    with pytest.raises(PublishError) as caught:
        load_series(folder)
    found = [d for d in caught.value.diagnostics if d.code == code]
    assert found and found[0].line == line and found[0].severity == "error"
    assert f"01-a.md:{line}:" in found[0].format()
    assert f": error[{code}]: " in found[0].format()


@pytest.mark.parametrize("body, code", [
    ("Text.\n\n[^a]: unused\n", "note-unused"),
    ("## Heading[^a]\n\nText.\n\n[^a]: in a heading\n", "note-in-heading"),
])
def test_note_warnings_do_not_stop(tmp_path, body, code):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n" + body})
    report = Report()
    load_series(folder, report)
    assert codes(report) == [code]
    strict = Report(strict=True)
    with pytest.raises(PublishError):
        load_series(folder, strict)


labels = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(refs=labels, extra=st.sets(st.sampled_from(["a", "b", "c", "d", "e", "f"])))
def test_property_numbering_follows_first_reference(tmp_path_factory, refs, extra):
    defined = set(refs) | extra
    body = " ".join(f"word[^{r}]" for r in refs) + ".\n\n" + "\n".join(f"[^{d}]: note {d}" for d in sorted(defined))
    folder = write_series(tmp_path_factory.mktemp("p"), {"01-a.md": "---\ntitle: A\n---\n" + body + "\n"})
    report = Report()
    article = load_series(folder, report).articles[0]
    first_order = list(dict.fromkeys(refs))
    assert [n.label for n in article.notes] == first_order
    assert [n.number for n in article.notes] == list(range(1, len(first_order) + 1))
    assert all(len(n.calls) == refs.count(n.label) for n in article.notes)
    assert all(stringify(n.blocks) == f"note {n.label}" for n in article.notes)
    assert codes(report) == ["note-unused"] * len(defined - set(refs))


def test_note_opening_with_a_list_keeps_the_list(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText[^l] and again[^l].\n\n"
                                                      "[^l]: - item one\n    - item two\n\nAfter[^z].\n\n[^z]: Z.\n"})
    article = load_series(folder).articles[0]
    listed = article.notes[0]
    assert [b["t"] for b in listed.blocks] == ["BulletList"] and len(listed.calls) == 2
    assert article.notes[1].calls[0].line == 9


def test_raw_html_is_reported_once_with_its_line(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText.\n\n<script>alert(1)</script>\n\n<!-- a comment -->\n"})
    report = Report()
    load_series(folder, report)
    assert [(d.code, d.line) for d in report.items] == [("raw-dropped", 6)]
