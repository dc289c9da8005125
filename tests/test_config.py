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
    ("title: T\nlanguage: en\nprint:\n  trim: 7x7furlongs\n", "config-trim", 3),
    ("title: T\nlanguage: english language\n", "config-language", 2),
    ("title: T\nlanguage: en\nnotes:\n  numbering: roman\n", "config-numbering", 3),
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
