"""The index of a book written right to left (tests/series/lang-ar-index, an Arabic series), read back from its
three outputs: the print index mirrored (its first column on the right, run-over lines hanging and subentries
indented from the right), measured with pdfplumber; the EPUB's and the site's index pages set right to left, in
Arabic order, with the Arabic comma and semicolon and Latin terms isolated, passed by EPUBCheck, Ace, Nu and axe;
the cross-references' words in Arabic. Hebrew order and letter groups by ICU, against lists written by hand."""
from __future__ import annotations

import zipfile

import pdfplumber
import pytest
from lxml import etree, html

from publish.build import build
from publish.check import check_outputs
from publish.index import PrintedEntry, collator, letter_groups
from tests.conftest import ROOT

SERIES = ROOT / "tests" / "series" / "lang-ar-index"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}
EM = 10.0  #: the index's type (print.css), in points
LONG = "اللجنة المركزية للحرس الوطني في باريس ومجالس الأحياء والنقابات"
#: the entries in the order an Arabic reader looks them up (the Arabic alphabet, Latin letters after it), with
#: their subentries; written by hand
ORDER = ["الحرس الوطني", "الكومونة", "المتاريس", "جدار الفيدراليين", "الكومونيون", LONG, "باريس", "بير لاشيز",
         "فرساي", "ليساغاريه", "مونمارتر", "Lissagaray"]
#: entries as they read (logical order), the Arabic comma and semicolon between their parts
LINES = {"فرساي، 7، 9", "باريس، 9؛ انظر أيضًا الكومونة", "الكومونيون، انظر الكومونة",
         "ليساغاريه، 7؛ انظر أيضًا Lissagaray", "Lissagaray، 7"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("rtl-index")
    build(SERIES, out_root=root)
    return root / "lang-ar-index"


def visual(word: str) -> str:
    """An Arabic word as pdfplumber reads it off the page: its letters from left to right."""
    return word[::-1]


def index_page_lines(pdf) -> tuple[list[list[dict]], float]:
    """The lines of the print index's page (words grouped by their baseline, in each column), and the middle of the
    text block."""
    with pdfplumber.open(pdf) as book:
        page = next(p for p in book.pages if visual("الفهرس") in (p.extract_text() or "") and "Lissagaray" in
                    (p.extract_text() or ""))
        words = page.extract_words()
    title = next(w for w in words if w["text"] == visual("الفهرس"))
    middle = (title["x0"] + title["x1"]) / 2  # (the title is centred over the two columns)
    lines: dict[tuple, list[dict]] = {}
    for word in words:
        side = word["x0"] > middle
        key = next((k for k in lines if k[0] == side and abs(k[1] - word["bottom"]) < 3), (side, word["bottom"]))
        lines.setdefault(key, []).append(word)
    return list(lines.values()), middle


def line_of(lines, text: str) -> list[dict]:
    return next(line for line in lines if any(w["text"].strip("،؛,;") == text for w in line))


def test_the_print_index_is_mirrored_its_first_column_on_the_right_its_indents_on_the_right(out):
    lines, middle = index_page_lines(out / "lang-ar-index.pdf")
    first, last = line_of(lines, visual("الحرس")), line_of(lines, "Lissagaray")
    assert first[0]["x0"] > middle, "the first entry heads the right-hand column"
    assert max(w["x1"] for w in last) < middle, "the last entry ends the left-hand column"
    edge = max(w["x1"] for w in first)
    heads = [line_of(lines, visual(word)) for word in ("الكومونة", "اللجنة", "الكومونيون")]
    assert [max(w["x1"] for w in line) for line in heads] == pytest.approx([edge] * 3, abs=0.5), \
        "entries start at the column's right edge"
    sub = line_of(lines, visual("المتاريس"))
    assert edge - max(w["x1"] for w in sub) == pytest.approx(EM, abs=1.5), "a subentry is indented 1 em on the right"
    run_over = line_of(lines, visual("ومجالس"))  # the long entry's second line
    assert edge - max(w["x1"] for w in run_over) == pytest.approx(2 * EM, abs=1.5), "run-over lines hang 2 em"


def test_a_latin_term_in_the_print_index_reads_right_to_left_with_its_page(out):
    lines, _ = index_page_lines(out / "lang-ar-index.pdf")
    latin = next(line for line in lines if max(line, key=lambda w: w["x1"])["text"].strip("،") == "Lissagaray")
    term = max(latin, key=lambda w: w["x1"])  # (the entry "Lissagaray", not the "see also" that ends another)
    page = next(w for w in latin if w["text"].strip("،") == "7")
    assert page["x1"] < term["x0"], "the page follows the term, on its left"


def terms_of(page) -> list:
    """The index's terms (spans), in their order."""
    return [span for span in page.iter("{*}span", "span") if "index-term" in (span.get("class") or "")
            or span.get("{http://www.idpf.org/2007/ops}type") == "index-term"]


def flat(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_epub_index_reads_right_to_left_in_arabic_order(out):
    with zipfile.ZipFile(out / "lang-ar-index.epub") as book:
        page = etree.fromstring(book.read("EPUB/text/book-index.xhtml"))
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"
    assert [term.text for term in terms_of(page)] == ORDER
    assert all(term.get("dir") == "auto" for term in terms_of(page)), "each term isolated from its pages"
    assert LINES <= {flat(li) for li in page.iterfind(".//x:li", XHTML)}
    assert [b.text for b in page.iterfind(".//x:bdi", XHTML)] == ["الكومونة", "الكومونة", "الكومونة", "Lissagaray"]
    style = page.findtext(".//x:style", namespaces=XHTML)
    assert "padding-right: 1.5em" in style and "margin-right: 1em" in style


def test_the_site_index_reads_right_to_left_in_arabic_order(out):
    page = html.parse(str(out / "site" / "book-index.html")).getroot()
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"
    assert [term.text for term in terms_of(page)] == ORDER
    assert all(term.get("dir") == "auto" for term in terms_of(page)), "each term isolated from its pages"
    assert LINES <= {flat(li) for li in page.iter("li")}
    assert "Lissagaray" in [b.text for b in page.iter("bdi")]


def test_the_references_print_their_arabic_words(out):
    """"ص" (page) and "ح" (note) from the Arabic catalogue, before the number as Arabic reads: in the print book
    the word stands to the right of its number."""
    with pdfplumber.open(out / "lang-ar-index.pdf") as pdf:
        words = next(words for words in (p.extract_words() for p in pdf.pages) if any(w["text"] == "ص" for w in words))
    word = next(w for w in words if w["text"].strip("()") == "ص")
    number = next(w for w in words if w["text"].strip("()،") == "7" and abs(w["bottom"] - word["bottom"]) < 6)
    assert number["x1"] < word["x0"]
    note = next(w for w in words if w["text"].strip(".") == "ح")
    assert next(w for w in words if w["text"].strip(".") == "1" and abs(w["bottom"] - note["bottom"]) < 6)["x1"] < \
        note["x0"]
    essay = html.parse(str(out / "site" / "alintikhabat.html"))
    assert [" ".join(a.text_content().split()) for a in essay.xpath("//a[@class='xref']")] == ["المتاريس (ص 7)", "ح 1"]


def test_the_arabic_index_pages_pass_the_validators(out):
    assert check_outputs(epubs=[out / "lang-ar-index.epub"], site_dirs=[out / "site"]) == []


def test_hebrew_terms_sort_and_group_by_the_hebrew_alphabet():
    """ICU's Hebrew order and letter groups: the alphabet's order (alef, bet, het, yod, tsadi, shin, tav), Latin
    after it, each first letter a group of its own; written by hand."""
    terms = ["תל אביב", "ירושלים", "Berlin", "חיפה", "אילת", "באר שבע", "שדרות", "צפת"]
    expected = ["אילת", "באר שבע", "חיפה", "ירושלים", "צפת", "שדרות", "תל אביב", "Berlin"]
    ordered = sorted(terms, key=collator("he").getSortKey)
    assert ordered == expected
    groups = letter_groups(tuple(PrintedEntry(term, (), (), (), ()) for term in ordered), "he")
    assert [[entry.term for entry in group] for group in groups] == [[term] for term in expected]


def test_arabic_terms_group_by_their_first_letter():
    terms = ("الحرس", "الكومونة", "باريس", "بير لاشيز", "فرساي", "Lissagaray")
    groups = letter_groups(tuple(PrintedEntry(term, (), (), (), ()) for term in terms), "ar")
    assert [[entry.term for entry in group] for group in groups] == \
        [["الحرس", "الكومونة"], ["باريس", "بير لاشيز"], ["فرساي"], ["Lissagaray"]]
