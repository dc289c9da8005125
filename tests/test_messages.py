"""The one catalogue of the toolchain's words: a series' own words in series.yml, a missing translation said so,
quotation marks and hyphenation by language. (tests/test_languages.py builds whole books in three languages.)"""
from __future__ import annotations

import shutil

import lxml.html
import pytest

from publish import messages
from publish.build import build
from publish.diagnostics import PublishError, Report
from publish.lint import lint_series
from publish.load import load_series
from tests.conftest import write_series

ARTICLE = {"01-a.md": """
    ---
    title: Eins
    ---

    Ein Satz.[^1]

    [^1]: Eine Anmerkung.
    """}


def test_a_series_gives_its_own_words(tmp_path):
    folder = write_series(tmp_path / "s", ARTICLE, "title: Reihe\nlanguage: de\nlabels:\n  contents: Übersicht\n"
                          "  notes: Fußnoten\n")
    report = Report()
    build(folder, ("site",), tmp_path / "out", report)
    assert not report.items, [d.format() for d in report.items]
    index = lxml.html.parse(str(tmp_path / "out" / "s" / "site" / "index.html")).getroot()
    assert index.get_element_by_id("contents-heading").text_content() == "Übersicht"
    page = lxml.html.parse(str(tmp_path / "out" / "s" / "site" / "a.html")).getroot()
    assert page.get_element_by_id("notes-heading").text_content() == "Fußnoten"
    assert "Zum Inhalt springen" in page.text_content()  # (the rest from the German catalogue)


def test_a_word_with_a_value_it_is_not_given_is_an_error_at_its_line(tmp_path):
    folder = write_series(tmp_path / "s", ARTICLE, "title: Reihe\nlanguage: de\nlabels:\n"
                          "  back-to-reference: Zurück zu {call}\n  contnets: Übersicht\n  date-format: zzzz q\n")
    with pytest.raises(PublishError) as caught:
        load_series(folder, Report())
    found = {(d.code, d.line): d for d in caught.value.diagnostics}
    assert "{call}" in found["config-label", 4].message
    assert "pattern of dates" in found["config-label", 6].message
    found = {d.code: d for d in caught.value.diagnostics}
    assert found["config-unknown-key"].line == 5 and "contents" in found["config-unknown-key"].hint


def test_a_language_without_a_catalogue_is_written_in_english_with_a_warning(tmp_path):
    folder = write_series(tmp_path / "s", ARTICLE, "title: Mfululizo\nlanguage: sw\n")
    report = Report()
    load_series(folder, report)
    warned = [d for d in report.items if d.code == "label-untranslated"]
    assert len(warned) == 1 and "'sw'" in warned[0].message


def test_a_missing_translation_names_the_word_and_the_language(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    locale.mkdir()
    shutil.copy(messages.LOCALE_DIR / "en.po", locale / "en.po")
    german = (messages.LOCALE_DIR / "de.po").read_text(encoding="utf-8")
    (locale / "de.po").write_text(german.replace('msgstr "Anmerkungen"', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setattr(messages, "LOCALE_DIR", locale)
    messages.catalogue.cache_clear()
    try:
        folder = write_series(tmp_path / "s", ARTICLE, "title: Reihe\nlanguage: de\n")
        report = Report()
        load_series(folder, report)
        warned = [d.message for d in report.items if d.code == "label-untranslated"]
        assert warned == ["'notes' has no 'de' translation: the English 'Notes' is written instead"]
    finally:
        messages.catalogue.cache_clear()


def lint(tmp_path, language: str, body: str) -> list:
    folder = write_series(tmp_path / "s", {"01-a.md": f"---\ntitle: A\n---\n\n{body}\n"},
                          f"title: S\nlanguage: {language}\n")
    return lint_series(folder)


def test_quotation_marks_are_checked_by_language(tmp_path):
    assert [d.code for d in lint(tmp_path / "1", "de", "Er sagte „ja“ und ging.")] == []
    found = lint(tmp_path / "2", "de", "Er sagte “ja” und ging.")
    style = [d for d in found if d.code == "quote-style"]  # (” is no German mark; “ closes nothing: unbalanced)
    assert len(style) == 1 and "'”'" in style[0].message and "„…“" in style[0].hint
    assert [d.code for d in lint(tmp_path / "3", "fr", "Il dit « oui » et partit.")] == []
    assert [d.code for d in lint(tmp_path / "4", "fr", "Il dit « oui et partit.")] == ["unbalanced"]
    assert [d.code for d in lint(tmp_path / "5", "en", "He said “yes” and left.")] == []
    assert [d.code for d in lint(tmp_path / "6", "en", "He said „yes“ and left.")] == ["quote-style", "unbalanced"]


def test_a_language_without_hyphenation_patterns_is_warned_about(tmp_path):
    folder = write_series(tmp_path / "s", ARTICLE, "title: Mfululizo\nlanguage: sw\n")
    config = load_series(folder, Report()).config
    report = Report()
    messages.report_hyphenation(config, report, folder / "series.yml")
    assert [d.code for d in report.items] == ["hyphenation-none"]
    for language in ("de", "ar", "zh"):
        report = Report()
        messages.report_hyphenation(load_series(write_series(tmp_path / language, ARTICLE,
                                                             f"title: S\nlanguage: {language}\n"), Report()).config,
                                    report, folder)
        assert not report.items, language


@pytest.mark.parametrize("language, first, other", [("fr", "1er juillet 2025", "14 juillet 2025"),
                                                    ("de", "1. Juli 2025", "14. Juli 2025"),
                                                    ("en", "1 July 2025", "14 July 2025")])
def test_the_first_of_a_month_is_written_as_the_language_writes_it(language, first, other):
    words = messages.Messages(language)
    assert (words.date("2025-07-01"), words.date("2025-07-14")) == (first, other)
    assert "date-format-first" not in words.missing()  # a language without it is not warned about
