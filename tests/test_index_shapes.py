"""The index on the shapes of a real scholarly book (tests/series/lights-index): marks inside notes (one of them in
a note long enough to be continued over three pages), a table's cell and caption, a figure's caption, a block
quotation and a list item, twelve places of one entry over consecutive and scattered pages, a mark in a title;
read back from the three outputs. Expected values are written here by hand, or read off the PDF's pages with
pdftotext (where the marked words print) and the folio printed on each page."""
from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import Report
from publish.index import PrintedEntry, join_pages, letter_groups
from publish.model import Locator
from tests.conftest import ROOT
from tests.index_support import folios, index_lines, index_pages, page_text, printed_index
from tests.test_index import XHTML, assert_marked_words_print, entries_of, expand, flat

SERIES = ROOT / "tests" / "series" / "lights-index"

#: the index, as an English reader looks words up: (term, level); the title's mark is not indexed
EXPECTED = [("Argand, Aimé", 0), ("Fresnel, Augustin", 0), ("lens", 1), ("harbour dues", 0),
            ("keeper’s wage", 0), ("Kinnaird Head", 0), ("Northern Board", 0), ("Stevenson, Robert", 0)]
#: the words each entry marks, as they print
MARKED = {"Argand, Aimé": "Argand", "lens": "Augustin Fresnel", "harbour dues": "harbour dues",
          "keeper’s wage": "keeper’s wage", "Kinnaird Head": "Kinnaird Head", "Northern Board": "Northern Board",
          "Stevenson, Robert": "Robert Stevenson"}
#: how many places the manuscript marks for each entry (counted in the two articles by hand)
PLACES = {"Argand, Aimé": 1, "lens": 1, "harbour dues": 12, "keeper’s wage": 1, "Kinnaird Head": 1,
          "Northern Board": 3, "Stevenson, Robert": 1}
#: the letter groups of the print index, as the collator's first letters make them
GROUPS = [["Argand, Aimé"], ["Fresnel, Augustin"], ["harbour dues"], ["keeper’s wage", "Kinnaird Head"],
          ["Northern Board"], ["Stevenson, Robert"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("shapes")
    report = Report()
    build(SERIES, out_root=out, report=report)
    return out / SERIES.name, report


@pytest.fixture(scope="module")
def pdf(built) -> Path:
    return built[0] / f"{SERIES.name}.pdf"


@pytest.fixture(scope="module")
def pdf_index(pdf):
    return printed_index(pdf)


def body_pages(pdf: Path) -> list[int]:
    """The pages of the articles: after the contents, before the index."""
    first_index = index_pages(pdf)[0]
    contents = next(n for n in range(1, first_index) if page_text(pdf, n).lstrip().startswith("Contents"))
    return list(range(contents + 1, first_index))


def test_the_print_index_lists_every_entry_marked_outside_the_title(pdf_index, built):
    assert [(term, level) for term, level, _, _ in pdf_index] == EXPECTED
    warned = [(d.code, Path(d.file).name, d.line) for d in built[1].items if d.code == "index-in-title"]
    assert warned == [("index-in-title", "01-the-northern-board.md", 2)]


def test_every_page_printed_is_a_page_where_the_marked_words_print(pdf, pdf_index):
    assert_marked_words_print(pdf, pdf_index, MARKED)
    for term, _level, pages, _cross in pdf_index:
        if term in MARKED:
            assert len(expand(pages)) <= PLACES[term]


@pytest.mark.parametrize("term", ["harbour dues", "lens", "Argand, Aimé", "Stevenson, Robert"])
def test_every_page_where_the_words_print_is_in_the_index(pdf, pdf_index, term):
    """The other way round, for words that print nowhere unmarked (not in a running head, nor a table)."""
    label_of = {number: label for label, number in folios(pdf).items()}
    where = [int(label_of[n]) for n in body_pages(pdf) if MARKED[term] in flat(page_text(pdf, n))]
    pages = next(pages for t, _, pages, _ in pdf_index if t == term)
    assert [int(label) for label in expand(pages)] == sorted(set(where))


def test_twelve_places_join_into_runs_as_a_reader_expects(pdf, pdf_index):
    pages = next(pages for term, _, pages, _ in pdf_index if term == "harbour dues")
    runs = pages.split(", ")
    assert len(runs) >= 3 and any("–" in run for run in runs), pages  # consecutive and scattered pages
    numbers = [int(n) for n in expand(pages)]
    assert numbers == sorted(set(numbers))
    for run, following in zip(runs, runs[1:]):  # a run ends where the next page has no place
        assert int(following.split("–")[0]) > int(run.split("–")[-1]) + 1, pages


def test_joining_pages_by_hand():
    place = Locator("s", "s-index-1", 1)
    found = join_pages([(str(n), place) for n in (12, 3, 9, 4, 14, 5, 13, 3, 12)])
    assert [(run.first, run.last) for run in found] == [("3", "5"), ("9", "9"), ("12", "14")]


def test_a_mark_in_a_continued_note_is_indexed_on_the_page_it_prints(pdf, pdf_index):
    """The long note of the second essay begins at its call's page and runs on two more pages; the mark near its end
    prints on the last of them, and the index gives that page."""
    folio = folios(pdf)
    begins = next(n for n in body_pages(pdf) if "He was not alone in this" in flat(page_text(pdf, n)))
    ends = next(n for n in body_pages(pdf) if "are in the lamp rooms still" in flat(page_text(pdf, n)))
    assert ends >= begins + 2, "the note is not continued over three pages"
    lens = next(pages for term, _, pages, _ in pdf_index if term == "lens")
    assert folio[lens] == ends


def test_print_index_is_set_in_two_columns_with_groups_and_indents(pdf):
    """Two columns; entries at the column's edge, the subentry 1em in; a line (13pt) between two entries of one
    letter, a line more between two letters."""
    lines = index_lines(pdf)
    assert {line.column for line in lines} == {0, 1}
    assert [(line.text.split(",")[0], line.kind) for line in lines] == [
        ("Argand", "entry"), ("Fresnel", "entry"), ("lens", "subentry"), ("harbour dues", "entry"),
        ("keeper’s wage", "entry"), ("Kinnaird Head", "entry"), ("Northern Board", "entry"),
        ("Stevenson", "entry")]
    assert [round(line.indent) for line in lines if line.kind == "subentry"] == [10]  # 1em of 10pt
    group = {term.split(",")[0]: n for n, terms in enumerate(GROUPS) for term in terms} | {"lens": 1}
    for above, below in zip(lines, lines[1:]):
        if above.column == below.column and above.page == below.page:
            same = group[above.text.split(",")[0]] == group[below.text.split(",")[0]]
            assert round(below.top - above.top) == (13 if same else 26), (above.text, below.text)


def test_letter_groups_follow_the_collator():
    def entries(*terms):
        return tuple(PrintedEntry(term, (), (), (), ()) for term in terms)

    def terms(groups):
        return [[entry.term for entry in group] for group in groups]

    assert terms(letter_groups(entries("1848", "Argand", "écoles", "Élysée", "Fresnel"), "en")) == \
        [["1848"], ["Argand"], ["écoles", "Élysée"], ["Fresnel"]]
    assert terms(letter_groups(entries("Apfel", "Ärger", "Zoll"), "de")) == [["Apfel", "Ärger"], ["Zoll"]]


@pytest.fixture(scope="module")
def epub(built) -> dict[str, etree._Element]:
    with zipfile.ZipFile(built[0] / f"{SERIES.name}.epub") as book:
        return {Path(n).name: etree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")}


#: where the marks of the first essay sit in its document (the element around each), by hand
CONTAINERS = {"td": 1, "caption": 1, "figcaption": 1, "blockquote": 1, "li": 1}


def test_epub_marks_one_place_per_mark_with_unique_ids(epub):
    for name, document in epub.items():
        ids = Counter(document.xpath("//@id"))
        assert [i for i, n in ids.items() if n > 1] == [], name
    marks = {name: document.xpath("//x:span[@class='index-term']", namespaces=XHTML) for name, document in epub.items()}
    assert len(marks["the-northern-board.xhtml"]) == 13 and len(marks["the-lamp-room.xhtml"]) == 7
    assert all(m.get("id") for ms in marks.values() for m in ms)
    around = Counter(next(a.tag.split("}")[1] for a in m.iterancestors() if a.tag.split("}")[1] in CONTAINERS)
                     for m in marks["the-northern-board.xhtml"]
                     if any(a.tag.split("}")[1] in CONTAINERS for a in m.iterancestors()))
    assert around == Counter({"td": 1, "caption": 1, "figcaption": 1, "blockquote": 1, "li": 1})
    assert epub["the-northern-board.xhtml"].xpath("//x:img/@alt", namespaces=XHTML) == \
        ["The tower at Kinnaird Head, as the survey drew it"]
    title = epub["the-northern-board.xhtml"].xpath("//x:h1", namespaces=XHTML)[0]
    assert " ".join(title.xpath("string(.)").split()) == "The Northern Board and its Lights"
    assert not title.xpath(".//x:span", namespaces=XHTML)


def test_epub_and_site_label_each_locator_with_the_print_pages(epub, built, pdf_index):
    printed = {term: pages for term, _, pages, _ in pdf_index}
    items = epub["book-index.xhtml"].xpath(
        "//x:section/x:ul[@epub:type='index-entry-list']/x:li[@epub:type='index-entry']", namespaces=XHTML)
    site = built[0] / "site"
    page = html.parse(str(site / "book-index.html")).getroot()
    for found, resolve in ((entries_of(items, "./x:a[@epub:type='index-locator']", XHTML),
                            lambda d, i: epub[d].xpath("//*[@id=$id]", id=i)),
                           (entries_of(page.xpath("//section[@role='doc-index']/ul/li"), "./a"),
                            lambda d, i: html.parse(str(site / d)).getroot().xpath("//*[@id=$id]", id=i))):
        assert [(term, level) for term, level, _ in found] == EXPECTED
        for term, _level, links in found:
            assert ", ".join(label for label, _ in links) == printed[term]
            for _label, href in links:
                document, _, ident = href.partition("#")
                target = resolve(document, ident)
                assert target, f"{term}: {href} leads nowhere"
                assert " ".join(target[0].xpath("string(.)").split()) == MARKED[term]


def test_validators_are_clean(built):
    out = built[0]
    found = check_outputs(epubs=[out / f"{SERIES.name}.epub"], site_dirs=[out / "site"],
                          pdfs=[out / f"{SERIES.name}.pdf"])
    assert [d.format() for d in found] == []


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_page_reference_prints_the_survey_page(pdf):
    text = flat(pdftotext(pdf))
    page = re.search(r"see the survey \(p\. (\d+)\)", text)
    assert page, "the .page reference prints no page"
    assert "The first survey" in page_text(pdf, folios(pdf)[page[1]])


def test_page_references_to_a_heading_of_the_same_article_and_to_a_note(pdf, built):
    """``[](#survey){.page}`` takes the heading's words and its page; ``[](#note:lens){.page}`` prints the note's
    number and the page it begins on; the EPUB and the site print the same."""
    text, folio = flat(pdftotext(pdf)), folios(pdf)
    survey = re.search(r"the map of The first survey \(p\. (\d+)\) had shown", text)
    assert survey and "The first survey" in page_text(pdf, folio[survey[1]])
    lens = re.search(r"The note on the lens \(n\. 1, p\. (\d+)\) gives", text)
    assert lens and "He was not alone in this" in flat(page_text(pdf, folio[lens[1]]))
    with zipfile.ZipFile(built[0] / f"{SERIES.name}.epub") as book:
        documents = {name: etree.fromstring(book.read(f"EPUB/text/{name}"))
                     for name in ("the-northern-board.xhtml", "the-lamp-room.xhtml")}
    site = {name: html.parse(str(built[0] / "site" / name)).getroot()
            for name in ("the-northern-board.html", "the-lamp-room.html")}
    for name, document in documents.items():
        links = [" ".join(a.xpath("string(.)").split()) for a in
                 document.xpath("//x:a[contains(@class, 'xref')]", namespaces=XHTML)]
        site_links = [" ".join(a.text_content().split()) for a in
                      site[name.replace(".xhtml", ".html")].xpath("//a[contains(@class, 'xref')]")]
        expected = {"the-northern-board.xhtml": [f"The first survey (p. {survey[1]})"],
                    "the-lamp-room.xhtml": [f"the survey (p. {survey[1]})", f"n. 1, p. {lens[1]}"]}[name]
        assert links == expected and site_links == expected
