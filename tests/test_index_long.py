"""A long index, generated here to fill pages (55 terms of every letter, an entry marked on every page, subentries,
a term long enough to run over), read back from the print book's columns: a column breaks only between entries;
and terms that need escaping (``&``, ``<``) and ids that would collide with a heading's or that the mark gives
itself, read back from the EPUB, the site and the PDF."""
from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from publish.build import build
from publish.diagnostics import Report
from tests.index_support import index_lines, printed_index
from tests.test_index import XHTML


#: terms of a long index, of every letter (a generated stress test of the print index's columns)
TERMS = ["Abbot", "Acre", "Almoner", "Anchorage", "Bailiff", "Barley", "Beacon", "Bell", "Cargo", "Cellarer",
         "Chandler", "Cooper", "Dairy", "Dean", "Dock", "Drover", "Eel weir", "Estuary", "Ferry", "Fishery",
         "Fuller", "Glebe", "Granary", "Guild", "Hayward", "Herring", "Hide", "Inn", "Jetty", "Kiln", "Lantern",
         "Ledger", "Lighter", "Malt", "Manor", "Mill", "Net", "Oar", "Orchard", "Pannage", "Pier", "Pilot",
         "Quarry", "Reeve", "Rope", "Salt", "Sexton", "Smith", "Tanner", "Tithe", "Toll", "Vestry", "Warden",
         "Wharf", "Yeoman"]
FILLER = ("The accounts of the year were kept in a careful hand and read aloud at the court after Michaelmas, "
          "when every tenant answered for his rent and his services and the steward wrote down what was owed. ")


def long_series(folder: Path) -> Path:
    paragraphs = []
    for n in range(36):
        marked = ", ".join(f"[{TERMS[(n * 7 + k) % len(TERMS)]}]{{.index}}" for k in range(4))
        sub = f"[the {('north', 'south', 'east')[n % 3]} pier]{{index=\"Harbour!{('north', 'south', 'east')[n % 3]} pier\"}}"
        paragraphs.append(f"{FILLER * 2}The roll names {marked} and the [ledger]{{index=\"Accounts, yearly, of the steward and the reeve, as read aloud at the Michaelmas court\"}}, "
                          f"and {sub}.")
    paragraphs.insert(3, "## Ledgers {#notes-index-1}")
    paragraphs.insert(9, "The firm of [Smith & Sons]{.index} kept the [quay]{#quay-place .index} and the "
                         "[\\<pre\\> tag]{index=\"<pre> tag & more\"} of the printer.")
    text = "---\ntitle: Notes\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "01-notes.md").write_text(text, encoding="utf-8")
    (folder / "series.yml").write_text("title: A Long Index\nlanguage: en\nauthor: A. Steward\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def long_built(tmp_path_factory) -> Path:
    folder = long_series(tmp_path_factory.mktemp("long") / "long-index")
    report = Report()
    build(folder, out_root=folder.parent / "out", report=report)
    assert [d.format() for d in report.items if d.severity == "error"] == []
    return folder.parent / "out" / "long-index"


def test_a_long_print_index_breaks_columns_only_between_entries(long_built):
    lines = index_lines(long_built / "long-index.pdf")
    columns = sorted({(line.page, line.column) for line in lines})
    assert len(columns) >= 3, columns  # the index runs over more than one page
    runs_over = [line for line in lines if line.kind == "run-over"]
    assert runs_over and {round(line.indent) for line in runs_over} == {20}  # 2em of 10pt
    for page, column in columns:
        mine = [line for line in lines if (line.page, line.column) == (page, column)]
        assert mine[0].kind != "run-over", f"page {page}, column {column} begins inside an entry: {mine[0].text}"
    for above, below in zip(lines, lines[1:]):
        if (above.page, above.column) != (below.page, below.column):
            assert not (above.kind == "entry" and below.kind == "subentry"), f"{above.text} left alone"
    entries = printed_index(long_built / "long-index.pdf")
    assert [term for term, _, _, _ in entries if term[0] in "<A"] == ["<pre> tag & more", "Abbot",
                                                                    "Accounts, yearly, of the steward and the reeve, as read aloud at the Michaelmas court",
                                                                    "Acre", "Almoner", "Anchorage"]
    ledger = next(pages for term, _, pages, _ in entries if term.startswith("Accounts, yearly"))
    assert re.fullmatch(r"\d+–\d+", ledger), ledger  # a place on every page of the essay: one run
    assert [term for term, level, _, _ in entries if level == 1] == ["east pier", "north pier", "south pier"]


def test_terms_that_need_escaping_and_ids_that_would_collide(long_built):
    with zipfile.ZipFile(long_built / "long-index.epub") as book:
        index = etree.fromstring(book.read("EPUB/text/book-index.xhtml"))
        essay = etree.fromstring(book.read("EPUB/text/notes.xhtml"))
    terms = index.xpath("//*[@epub:type='index-term']/text()", namespaces=XHTML)
    assert "<pre> tag & more" in terms and "Smith & Sons" in terms
    ids = Counter(essay.xpath("//@id"))
    assert [i for i, n in ids.items() if n > 1] == []
    assert essay.xpath("//*[@id='notes-index-1']")[0].tag.endswith("h2")  # the heading keeps its id
    quay = index.xpath("//x:li[x:span='quay']/x:a/@href", namespaces=XHTML)
    assert quay == ["notes.xhtml#quay-place"]  # the id written on the mark
    site = html.parse(str(long_built / "site" / "book-index.html")).getroot()
    assert "<pre> tag & more" in [" ".join(s.text_content().split()) for s in site.xpath("//span[@class='index-term']")]
    pdf_terms = [term for term, _, _, _ in printed_index(long_built / "long-index.pdf")]
    assert "<pre> tag & more" in pdf_terms and "Smith & Sons" in pdf_terms
