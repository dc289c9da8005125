"""series.yml and front matter: defaults, and every problem reported with its line."""
from __future__ import annotations

import pytest

from publish.config import load_config
from publish.diagnostics import PublishError, Report
from publish.load import load_series
from tests.conftest import REAL_SERIES, write_series

ARTICLE = "---\ntitle: A\n---\nText.\n"


def errors_of(folder):
    with pytest.raises(PublishError) as caught:
        load_series(folder)
    return caught.value.diagnostics


def test_real_config_defaults():
    config = load_config(REAL_SERIES, Report())
    assert config.title == "Classical Marxism" and config.language == "en"
    assert (config.print.width_mm, config.print.height_mm) == (152.4, 228.6)
    assert config.numbering == "per-article"
    assert config.identifier.startswith("urn:uuid:")
    assert config.identifier == load_config(REAL_SERIES, Report()).identifier  # stable, never random


def test_source_date_epoch_sets_modified(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert load_config(REAL_SERIES, Report()).modified == "2023-11-14T22:13:20Z"


@pytest.mark.parametrize("yml, code, line", [
    ("title: [unclosed\nlanguage: en\n", "yaml-syntax", 2),
    ("language: en\n", "config-missing-key", 1),
    ("title: T\nlanguage: en\nprint:\n  trim: 7x7furlongs\n", "config-trim", 4),
    ("title: T\nlanguage: english language\n", "config-language", 2),
    ("title: T\nlanguage: en\nnotes:\n  numbering: roman\n", "config-numbering", 4),
    ("title: T\nlanguage: en\narticles: [nope.md]\n", "article-missing", None),
])
def test_config_errors(tmp_path, yml, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE}, yml)
    found = [d for d in errors_of(folder) if d.code == code]
    assert found, f"expected {code}"
    assert found[0].line == line
    assert found[0].file.endswith("series.yml")


def test_all_config_errors_reported_at_once(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE},
                          "title: T\nlanguage: 12\nprint:\n  trim: huge\nnotes:\n  numbering: x\n")
    assert {d.code for d in errors_of(folder)} >= {"config-language", "config-trim", "config-numbering"}


def test_unknown_key_is_reported_with_suggestion(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE}, "title: T\nlanguage: en\nsubtitel: S\n")
    report = Report()
    load_series(folder, report)
    [warning] = report.items
    assert warning.code == "config-unknown-key" and warning.line == 3
    assert "did you mean 'subtitle'" in warning.hint


def test_series_without_articles(tmp_path):
    folder = write_series(tmp_path / "s", {})
    assert [d.code for d in errors_of(folder)] == ["series-empty"]


def test_duplicate_slugs(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE, "02-a.md": ARTICLE})
    assert [d.code for d in errors_of(folder)] == ["article-duplicate-slug"]


def test_front_matter_problems(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\nsubtitle: S\n---\nText.\n",
                                           "02-b.md": "No front matter.\n",
                                           "03-c.md": "---\ntitle: [x\n---\nText.\n"})
    found = {(d.code, d.file.split("/")[-1], d.line) for d in errors_of(folder)}
    assert ("config-missing-key", "01-a.md", 1) in found
    assert ("front-matter-missing", "02-b.md", 1) in found
    assert ("yaml-syntax", "03-c.md", 2) in found


def test_not_utf8_named_with_position(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE})
    (folder / "articles" / "01-a.md").write_bytes(b"---\ntitle: A\n---\ncaf\xe9\n")
    [diag] = errors_of(folder)
    assert diag.code == "not-utf8" and diag.line == 4 and "byte offset 20" in diag.message


def test_bom_and_crlf_accepted(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE})
    (folder / "articles" / "01-a.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nText[^1].\r\n\r\n[^1]: Note.\r\n")
    article = load_series(folder).articles[0]
    assert article.title == "A" and len(article.notes) == 1


@pytest.mark.parametrize("yml, code, line", [
    ("title: T\nlanguage: en\ndate: 2024-02-30\n", "config-date", 3),
    ("title: T\nlanguage: en\ndate: \"2024-13-01\"\n", "config-date", 3),
    ("title: T\nlanguage: en\ndate: 0000\n", "config-date", 3),
    ("title: T\nlanguage: en\nprint:\n  bleed: 3mm\n  trim: 1.2.3x9in\n", "config-trim", 5),
    ("title: T\nlanguage: en\nprint:\n  trim: 1x1mm\n", "config-trim", 4),
    ("title: T\nlanguage: en\nprint:\n  bleed: 1..5mm\n", "config-bleed", 4),
    ("title: T\nlanguage: en\nprint:\n  also:\n    - One\n    - [Two]\n", "config-type", 6),
    ("title: T\nlanguage: en\nauthor: {name: A}\n", "config-type", 3),
    ("title: T\nlanguage: en\nlint:\n  note-call: inside\n", "config-type", 4),
    ("title: T\nlanguage: en\nsubtitle: !!float x\n", "yaml-syntax", 1),
    ("title: T\nlanguage: en\nrights: " + "[" * 3000 + "\n", "yaml-too-deep", 1),
])
def test_a_bad_value_is_an_error_at_its_line(tmp_path, yml, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": ARTICLE}, yml)
    [found] = errors_of(folder)
    assert (found.code, found.line, found.file.endswith("series.yml")) == (code, line, True), found.format()
    assert found.hint


@pytest.mark.parametrize("front, code, line", [
    ("title: A\ndate: 2024-02-30\n", "config-date", 3),
    ("title: A\ndate: \"2024-13-01\"\n", "config-date", 3),
    ("title: A\nauthor:\n  - One\n  - {two: 2}\n", "config-type", 5),
    ("title: [A, B]\n", "config-type", 2),
])
def test_a_bad_front_matter_value_is_an_error_at_its_line(tmp_path, front, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": f"---\n{front}---\nText.\n"})
    [found] = errors_of(folder)
    assert (found.code, found.line, found.file.endswith("01-a.md")) == (code, line, True), found.format()


def test_dates_are_kept_as_written_and_a_time_is_dropped(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\ndate: 2024-02-29 10:30:00\n---\nText.\n"},
                          "title: T\nlanguage: en\ndate: 2024-05\n")
    series = load_series(folder)
    assert (series.config.date, series.articles[0].date) == ("2024-05", "2024-02-29")


def test_every_bad_value_at_once_from_the_command_line(tmp_path):
    from tests.test_cli import publish
    yml = ("title: T\nlanguage: en\ndate: 2024-02-30\nprint:\n  trim: 1.2.3x9in\n  bleed: 1..5mm\n"
           "  marks: crop\nnotes:\n  numbring: continuous\n")
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\ndate: \"2024-13-01\"\n---\nText.\n"}, yml)
    proc = publish("build", folder, "--out", tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    for expected in ("series.yml:3: error[config-date]", "series.yml:5: error[config-trim]",
                     "series.yml:6: error[config-bleed]", "series.yml:9: warning[config-unknown-key]",
                     "did you mean 'numbering'?"):
        assert expected in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    (folder / "series.yml").write_text("title: T\nlanguage: en\n", encoding="utf-8")
    proc = publish("build", folder, "--out", tmp_path / "out", "--format", "epub")
    assert proc.returncode == 1 and "01-a.md:3: error[config-date]" in proc.stderr, proc.stderr
