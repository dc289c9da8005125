"""`publish lint`: one small case per code, switching checks off, and the real manuscript."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from publish.lint import lint_series
from tests.conftest import REAL_SERIES, ROOT, write_series

HEAD = "---\ntitle: A\n---\n\n"


def findings(tmp_path, body: str, config: str | None = None, more: dict | None = None):
    folder = write_series(tmp_path / "s", {"01-a.md": HEAD + body, **(more or {})}, config)
    Image.new("RGB", (4, 4)).save(folder / "articles" / "map.png")   # the image the cases show
    return lint_series(folder)


CASES = [
    ("straight-quote", "It wasn't so.\n", 5, 8),
    ("hyphen-dash", "It was -- as ever late.\n", 5, 8),
    ("double-space", "One  two.\n", 5, 4),
    ("space-before-punctuation", "Really ?\n", 5, 7),
    ("ibid-period", "Text.[^1]\n\n[^1]: Ibid, 85.\n", 7, 7),
    ("unbalanced", "An (open bracket here.\n", 5, 4),
    ("note-call-position", "Text[^1].\n\n[^1]: A note.\n", 5, 5),
    ("repeated-sentence", "The cat sat on the warm mat today. The cat sat on the warm mat today.\n", 5, 36),
    ("near-repeat", "The cat sat on the warm mat today. The cat sat on the cold mat today.\n", 5, 36),
    ("heading-skip", "## One\n\nText.\n\n#### Two\n\nText.\n", 9, 1),
    ("empty-section", "## One\n\n## Two\n\nText.\n", 5, 1),
    ("image-no-alt", "Text.\n\n![](map.png)\n", 7, 1),
    ("link-unresolved", "See [the other](02-missing.md).\n", 5, 17),
]


@pytest.mark.parametrize("code, body, line, col", CASES, ids=[c[0] for c in CASES])
def test_each_code_alone(tmp_path, code, body, line, col):
    found = findings(tmp_path, body)
    assert [(d.code, d.line, d.col) for d in found] == [(code, line, col)], [d.format() for d in found]
    assert found[0].file.endswith("01-a.md") and found[0].hint


def test_clean_prose_has_no_findings(tmp_path):
    body = ("“Quoted,” she said — twice.[^1] It’s 49–52 (pages).\n\n## Part\n\nSee [b](02-b.md), [c](b.html#part-b)"
            " and `a \"code\"  span`.\n\n| Cell   | Other |\n|--------|-------|\n| a      | b     |\n\n"
            "[^1]: Ibid., 85.\n\n    A list in the note:\n\n    - first\n    - second\n")
    more = {"02-b.md": HEAD + "## Part B\n\nText.\n"}
    assert findings(tmp_path, body, more=more) == []


def test_link_to_a_missing_heading_of_another_article(tmp_path):
    more = {"02-b.md": HEAD + "## Part B\n\nText.\n"}
    found = findings(tmp_path, "See [b](02-b.md#nowhere).\n", more=more)
    # (the series no longer loads: the loader's cross-reference check reports it, once)
    assert [(d.code, d.severity) for d in found] == [("xref-no-heading", "error")]
    assert "nowhere" in found[0].message


def test_note_call_before_punctuation_house_style(tmp_path):
    config = "title: T\nlanguage: en\nlint:\n  note-call: before\n"
    found = findings(tmp_path, "Text.[^1] More text[^2].\n\n[^1]: A.\n\n[^2]: B.\n", config)
    assert [(d.code, d.col) for d in found] == [("note-call-position", 6)]


def test_disabled_per_line_and_per_series(tmp_path):
    body = "One  two. <!-- lint: disable=double-space -->\n\n<!-- lint: disable=straight-quote -->\nIt's.\n\nThree  four.\n"
    assert [(d.code, d.line) for d in findings(tmp_path, body)] == [("double-space", 10)]
    config = "title: T\nlanguage: en\nlint:\n  disable: [double-space, straight-quote]\n"
    assert findings(tmp_path, body, config) == []


def test_note_diagnostics_come_from_the_loader(tmp_path):
    found = findings(tmp_path, "Text.[^nope]\n")
    assert [(d.code, d.line, d.col) for d in found] == [("note-undefined", 5, 6)]


def test_real_manuscript_near_repeat_is_caught():
    found = lint_series(REAL_SERIES)
    near = [d for d in found if d.code == "near-repeat"]
    assert len(near) == 1 and near[0].line == 5
    assert "moscow" in near[0].message and "russia" in near[0].message
    assert {d.code for d in found} == {"near-repeat", "ibid-period"}


def publish(*args):
    return subprocess.run([sys.executable, "-m", "publish", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_command_exit_status_and_strict(tmp_path):
    proc = publish("lint", REAL_SERIES)
    assert proc.returncode == 0 and "01-siege-socialism.md:5:232: warning[near-repeat]" in proc.stdout
    assert publish("lint", REAL_SERIES, "--strict").returncode == 1
    folder = write_series(tmp_path / "s", {"01-a.md": HEAD + "See [x](02-gone.md).\n"})
    proc = publish("lint", folder)
    assert proc.returncode == 1 and "error[link-unresolved]" in proc.stdout and "hint:" in proc.stdout


def test_call_inside_a_closing_quote_is_also_before_punctuation(tmp_path):
    found = findings(tmp_path, "He said “no[^1]”.\n\n[^1]: A.\n")
    assert [(d.code, d.col) for d in found] == [("note-call-position", 12)]


def test_make_targets_run_the_commands():
    proc = subprocess.run(["make", "-n", "lint", "SERIES=series/x"], capture_output=True, text=True, cwd=ROOT)
    assert "-m publish lint series/x" in proc.stdout
    proc = subprocess.run(["make", "-n", "import", "FILE=my essay.docx", "SERIES=series/x"], capture_output=True,
                          text=True, cwd=ROOT)
    assert '-m publish import "my essay.docx" --series series/x' in proc.stdout


def test_a_wrong_lint_setting_is_reported_where_it_is(tmp_path):
    config = "title: T\nlanguage: en\nlint:\n  note-call: sideways\n"
    found = findings(tmp_path, "Text.\n", config)
    assert [(d.code, d.line, d.file.endswith("series.yml")) for d in found] == [("config-type", 4, True)]
