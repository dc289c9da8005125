"""What the manuscript may get wrong with index marks and cross-references, each problem at its line; and an
EPUB or a site built without the print book, whose index names the articles instead of pages."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree, html

from publish.build import build
from publish.diagnostics import PublishError, Report
from publish.lint import lint_series
from publish.load import load_series
from tests.conftest import write_series
from tests.test_index import SERIES, XHTML, entries_of


def load_problems(tmp_path, articles: dict[str, str]) -> list:
    report = Report()
    try:
        load_series(write_series(tmp_path / "s", articles), report)
    except PublishError:
        pass
    return [(d.code, Path(d.file).name if d.file else None, d.line, d.severity) for d in report.items]


ESSAY = """\
---
title: The Commune
---

## The Barricades {#barricades}

Words.[^varlin]

[^varlin]: A note.
"""


def test_a_reference_to_a_missing_article_heading_or_note_is_an_error_at_its_line(tmp_path):
    found = load_problems(tmp_path, {"01-the-commune.md": ESSAY, "02-the-fall.md": """\
        ---
        title: The Fall
        ---

        See [the barricades](01-the-commune.md#barricades){.page} and [](01-the-commune.md#note:varlin).

        See [the wall](01-the-commune.md#the-wall).
        See [](07-nowhere.md#barricades), and
        [](01-the-commune.md#note:thiers), and [](#note:none).
        """})
    assert found == [("xref-no-heading", "02-the-fall.md", 7, "error"),
                     ("xref-no-article", "02-the-fall.md", 8, "error"),
                     ("xref-no-note", "02-the-fall.md", 9, "error"),
                     ("xref-no-note", "02-the-fall.md", 9, "error")]


def test_an_index_entry_that_sees_a_missing_entry_is_a_warning(tmp_path):
    found = load_problems(tmp_path, {"01-the-commune.md": ESSAY + """
        The [Communards]{index="Communards|see Comune"} and [Paris]{index="Paris|see also Commune"} and the
        [Commune]{.index}; [nothing]{index=""}.
        """.replace("        ", "")})
    assert found == [("index-empty", "01-the-commune.md", 12, "error"),
                     ("index-see-missing", "01-the-commune.md", 11, "warning")]


def test_lint_lists_index_entries_that_differ_only_in_case_or_accents(tmp_path):
    folder = write_series(tmp_path / "s", {"01-the-commune.md": ESSAY + """
        The [Commune]{.index} and the [commune]{.index}; the [Élysée]{.index} and the [Elysee]{.index};
        the [Rue Haxo]{index="Commune!Rue Haxo"} and [rue haxo]{index="Commune!rue Haxo"}; [Paris]{.index}.
        """.replace("        ", "")})
    found = [(d.code, d.message) for d in lint_series(folder) if d.code == "index-variants"]
    assert found == [  # (by their lines)
        ("index-variants", "the index entries 'commune', 'Commune' differ only in case or accents"),
        ("index-variants", "the index entries 'Elysee', 'Élysée' differ only in case or accents"),
        ("index-variants", "the index entries 'Commune!rue Haxo', 'Commune!Rue Haxo' differ only in case or accents")]


def test_without_a_print_book_locators_are_labelled_with_their_article(tmp_path):
    """An EPUB or a site built alone knows no print page: each locator names its article, once per article."""
    build(SERIES, formats={"epub", "site"}, out_root=tmp_path)
    with zipfile.ZipFile(tmp_path / SERIES.name / f"{SERIES.name}.epub") as book:
        root = etree.fromstring(book.read("EPUB/text/book-index.xhtml"))
    items = root.xpath("//x:section/x:ul/x:li", namespaces=XHTML)
    found = {term: [label for label, _ in links]
             for term, _, links in entries_of(items, "./x:a[@epub:type='index-locator']", XHTML)}
    assert found["Versailles"] == ["The Commune", "The Fall"]
    assert found["Michel, Louise"] == ["The Commune", "Aftermath"]
    page = html.parse(str(tmp_path / SERIES.name / "site" / "book-index.html")).getroot()
    found = {term: [label for label, _ in links] for term, _, links in entries_of(page.xpath("//section/ul/li"), "./a")}
    assert found["Batignolles"] == ["The Commune", "The Fall"]
    fall = html.parse(str(tmp_path / SERIES.name / "site" / "the-fall.html")).getroot()
    assert "the barricades" in [" ".join(a.text_content().split()) for a in fall.xpath("//a[@class='xref']")]


def test_an_epub_built_alone_takes_the_pages_of_the_last_print_book(tmp_path):
    build(SERIES, formats={"pdf"}, out_root=tmp_path)
    build(SERIES, formats={"epub"}, out_root=tmp_path)
    with zipfile.ZipFile(tmp_path / SERIES.name / f"{SERIES.name}.epub") as book:
        root = etree.fromstring(book.read("EPUB/text/book-index.xhtml"))
    items = root.xpath("//x:section/x:ul/x:li", namespaces=XHTML)
    labels = [label for _, _, links in entries_of(items, "./x:a[@epub:type='index-locator']", XHTML)
              for label, _ in links]
    assert labels and all(re.fullmatch(r"\d+(–\d+)?", label) for label in labels), labels


def test_a_cross_reference_in_the_language_of_the_series_is_understood_and_another_word_is_warned_about(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": """\
        ---
        title: A
        ---

        Les [Communards]{index="Communards|voir Commune"} et la [Commune]{index="Commune|voir aussi Paris"},
        [Paris]{.index}, [Belleville]{index="Belleville|cf. Paris"}.
        """}, "title: T\nlanguage: fr\n")
    report = Report()
    series = load_series(folder, report)
    crosses = {entry.term: (entry.see, entry.see_also) for entry in series.index}
    assert crosses["Communards"] == (("Commune",), ()) and crosses["Commune"] == ((), ("Paris",))
    assert [(d.code, d.line) for d in report.items] == [("index-cross-unknown", 6)]
