"""The oracle (tests/oracle.py) on tiny inputs whose answers are written here by hand."""
from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pypandoc

from lxml import html as lhtml

from tests import oracle


def article(tmp_path: Path, body: str, name: str = "01-probe.md") -> Path:
    path = tmp_path / name
    path.write_text("---\ntitle: Probe\n---\n\n" + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def test_label_cited_twice_is_one_note_with_two_calls(tmp_path):
    path = article(tmp_path, """
        First call.[^a] An inline note.^[Inline, between.] Second call.[^a] Last.[^b]

        [^a]: The note cited twice.

        [^b]: The last note.
        """)
    assert oracle.pandoc_copies(path) == 4          # pandoc writes one copy per call
    assert oracle.call_count(path) == 4
    assert oracle.notes(path) == ["The note cited twice.", "Inline, between.", "The last note."]
    assert oracle.note_calls(path) == [2, 1, 1]


def test_text_has_no_backlinks_and_blocks_are_spaced(tmp_path):
    path = article(tmp_path, """
        Text.[^p]

        [^p]: One *emphasised*
            word here.

            A second paragraph.

            > A quotation.
        """)
    assert oracle.notes(path) == ["One emphasised word here. A second paragraph. A quotation."]
    assert "↩" not in oracle.notes(path)[0]


def test_call_before_a_colon_mid_line_is_a_call(tmp_path):
    path = article(tmp_path, """
        The author wrote[^b]: "the rest of the line".

        [^b]: The note of the colon call.
        """)
    assert oracle.notes(path) == ["The note of the colon call."]
    assert oracle.note_calls(path) == [1]


def test_calls_in_code_and_comments_are_not_calls(tmp_path):
    path = article(tmp_path, """
        Inline code `[^x]` and a comment <!-- see [^x] --> here.

        ```
        a [^x] b
        ```
        """)
    assert oracle.pandoc_copies(path) == 0
    assert oracle.call_count(path) == 0
    assert oracle.notes(path) == []


def test_note_in_a_figure_caption_is_one_note(tmp_path):
    """Pandoc 3.9 writes a captioned image as ``<figure><img alt="A caption with a note."><figcaption
    aria-hidden="true">A caption with a note.<a class="footnote-ref">1</a></figcaption></figure>``: the alt text
    is the caption's plain text without the note (the note is not copied into it), and the footnotes section
    has one item, not two. Because the alt text equals the caption, pandoc marks the figcaption
    ``aria-hidden``, so a screen reader reading pandoc's HTML skips the caption and its note call.

    Pandoc's AST is another matter: it holds the note twice, once in the image's alt inlines and once in
    the figure's caption; only the HTML writer's plain-text alt drops the first. The note is one note with
    one call."""
    path = article(tmp_path, """
        Before.

        ![A caption with a note.^[The caption's note.]](plate.png){width=60%}

        After.
        """)
    root = lhtml.document_fromstring("<html><body>" + oracle.pandoc_html(path) + "</body></html>")
    assert root.xpath("//img/@alt") == ["A caption with a note."]
    assert root.xpath("//figcaption/@aria-hidden") == ["true"]
    assert len(root.xpath("//figcaption//a[@role='doc-noteref']")) == 1
    assert oracle.pandoc_copies(path) == 1
    assert oracle.notes(path) == ["The caption\u2019s note."]   # pandoc's smart quotes
    assert oracle.note_calls(path) == [1]


def test_pandoc_ast_holds_a_caption_note_twice(tmp_path):
    path = article(tmp_path, "![A caption with a note.^[The caption's note.]](plate.png)\n")
    tree = json.loads(subprocess.run([pypandoc.get_pandoc_path(), "--from", "markdown-raw_tex", "--to", "json",
                                      str(path)], capture_output=True, text=True, check=True).stdout)
    [figure] = tree["blocks"]
    image = figure["c"][2][0]["c"][0]
    assert figure["t"] == "Figure" and image["t"] == "Image"
    assert [node["t"] for node in image["c"][1]].count("Note") == 1          # in the alt inlines
    assert [node["t"] for node in figure["c"][1][1][0]["c"]].count("Note") == 1  # in the caption
    assert oracle.pandoc_copies(path) == 1


def test_grid_table_with_a_foot_in_a_note(tmp_path):
    path = article(tmp_path, """
        Text.[^t]

        [^t]: The table:

            : Houses by parish

            +----------+-------:+
            | Parish   | Houses |
            +==========+=======:+
            | Ashby    | 12     |
            +----------+--------+
            | Barrow   | 30     |
            +==========+========+
            | TOTAL    | 42     |
            +==========+========+
        """)
    [table] = oracle.note_tables(path)
    assert table.note == 1
    assert table.caption == "Houses by parish"
    assert table.header == ("Parish", "Houses")
    assert table.body == (("Ashby", "12"), ("Barrow", "30"))
    assert table.foot == (("TOTAL", "42"),)
    assert table.align == ("", "right")


def test_ordered_list_from_iii_in_a_note(tmp_path):
    path = article(tmp_path, """
        Text.[^n]

        [^n]: The heads:

            iii. the third head;
            iv. the fourth head.
        """)
    [found] = oracle.note_ordered_lists(path)
    assert (found.note, found.start, found.type) == (1, 3, "i")
    assert found.items == ("the third head;", "the fourth head.")


def test_outline_starting_at_level_three(tmp_path):
    path = article(tmp_path, """
        ### 1. Reactionary Socialism

        #### (A) Feudal Socialism

        Text with a note.[^h]

        ### 2. Conservative *Socialism*

        [^h]: Not a heading.
        """)
    assert oracle.outline(path) == [(3, "1. Reactionary Socialism"), (4, "(A) Feudal Socialism"),
                                    (3, "2. Conservative Socialism")]


TREATISE = Path(__file__).resolve().parent / "series" / "treatise" / "articles"
CITEPROC = (Path(__file__).resolve().parent / "series" / "torture" / "references.yaml",
            Path(__file__).resolve().parent.parent / "styles" / "csl" / "chicago-notes-bibliography-17th-edition.csl")


def test_treatise_as_pandoc_reads_it():
    """The treatise fixture's notes as counted from its Markdown by hand: distinct notes, and calls."""
    expected = {"01-wages-of-labour.md": (10, 12), "02-manufacturing-towns.md": (8, 8),
                "03-schools-of-reform.md": (5, 6), "04-public-credit.md": (40, 42)}
    for name, (distinct, calls) in expected.items():
        path = TREATISE / name
        assert (len(oracle.notes(path)), oracle.pandoc_copies(path), sum(oracle.note_calls(path))) == \
            (distinct, calls, calls), name
    chapter1 = oracle.notes(TREATISE / "01-wages-of-labour.md")
    assert oracle.note_calls(TREATISE / "01-wages-of-labour.md") == [2, 1, 2, 1, 1, 1, 1, 1, 1, 1]
    assert chapter1[5].startswith("N. W. Senior")                     # the call before a colon
    assert 1300 < len(chapter1[3].split()) < 1500 and 2450 < len(chapter1[4].split()) < 2750  # ~90 lines, ~3 pages
    [table] = oracle.note_tables(TREATISE / "02-manufacturing-towns.md")
    assert (table.note, len(table.body), table.foot[0][0], table.foot[0][-1]) == (1, 7, "TOTAL", "103,531")
    assert table.align == ("",) + ("right",) * 5
    [roman] = oracle.note_ordered_lists(TREATISE / "02-manufacturing-towns.md")
    assert (roman.note, roman.start, roman.type, len(roman.items)) == (2, 3, "i", 4)
    assert oracle.outline(TREATISE / "03-schools-of-reform.md") == [
        (3, "1. Reactionary Socialism"), (4, "(A) Feudal Socialism"), (4, "(B) Petty-Bourgeois Socialism"),
        (3, "2. Conservative Socialism")]
    texts = [t for name in expected for t in oracle.notes(TREATISE / name)]
    assert len(texts) == len(set(texts))                               # no two notes share a text


def test_citations_through_pandocs_citeproc(tmp_path):
    """With the series' bibliography and style, each citation is one of pandoc's notes, in sequence with the
    written notes; Chicago's short form for a work cited again. Without them a citation makes no note."""
    path = article(tmp_path, """
        A claim [@parenti1997, 49–52] and again [@parenti1997, 85].[^w]

        [^w]: A written note.
        """)
    assert oracle.notes(path, *CITEPROC) == [
        "Michael Parenti, Blackshirts and Reds: Rational Fascism and the Overthrow of Communism (San Francisco: "
        "City Lights Books, 1997), 49–52.", "Parenti, 85.", "A written note."]
    assert oracle.note_calls(path, *CITEPROC) == [1, 1, 1]
    assert oracle.call_count(path, *CITEPROC) == 3
    assert oracle.notes(path) == ["A written note."]


def test_a_citation_repeated_word_for_word_is_a_note_of_its_own(tmp_path):
    """Two citations of the same page, and a written note that reads like them: three notes, one call each."""
    path = article(tmp_path, """
        One [@parenti1997, 85] and two [@parenti1997, 85] and a written one.[^x]

        [^x]: Parenti, 85.
        """)
    assert oracle.notes(path, *CITEPROC) == [
        "Michael Parenti, Blackshirts and Reds: Rational Fascism and the Overthrow of Communism (San Francisco: "
        "City Lights Books, 1997), 85.", "Parenti, 85.", "Parenti, 85."]
    assert oracle.note_calls(path, *CITEPROC) == [1, 1, 1]


def test_title_as_plain_text(tmp_path):
    path = tmp_path / "01-t.md"
    path.write_text('---\ntitle: "The *First* Essay: Ünïcode \'quoted\'"\n---\n\nText.\n', encoding="utf-8")
    assert oracle.title(path) == "The First Essay: Ünïcode \u2018quoted\u2019"
