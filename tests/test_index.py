"""The index and cross-references of a small series written for them (tests/series/commune-index), read back
from the three outputs: the PDF's printed pages checked against the words each page prints (pdftotext, page
by page, and the folio printed on it), the EPUB's and the site's links against the ids of their documents."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from lxml import etree, html

from publish.build import build
from publish.check import check_outputs
from tests.index_support import folios, page_text, printed_index
from tests.conftest import ROOT

SERIES = ROOT / "tests" / "series" / "commune-index"
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

#: the index, in the order an English reader looks words up (Python's sort would put é and É after Z):
#: (term, level, what it sends the reader to)
EXPECTED = [("Batignolles", 0, ""), ("Communards", 0, "see Commune"), ("Commune", 0, ""), ("Rue Haxo", 1, ""),
            ("Semaine sanglante", 1, ""), ("écoles", 0, ""), ("Élysée", 0, ""), ("Michel, Louise", 0, ""),
            ("Montmartre", 0, ""), ("Paris", 0, "see also Commune"), ("Varlin, Eugène", 0, ""),
            ("Versailles", 0, "")]
#: the words marked for each entry, as they print
MARKED = {"Batignolles": "Batignolles", "Rue Haxo": "the Rue Haxo wall", "Semaine sanglante": "the Semaine sanglante",
          "écoles": "écoles", "Élysée": "Élysée", "Michel, Louise": "Louise Michel", "Montmartre": "Montmartre",
          "Paris": "Paris", "Varlin, Eugène": "Eugène Varlin", "Versailles": "Versailles"}
#: how many places each entry marks (Versailles: two in the first essay, one in the second)
PLACES = {"Batignolles": 2, "Rue Haxo": 1, "Semaine sanglante": 1, "écoles": 1, "Élysée": 1, "Michel, Louise": 2,
          "Montmartre": 2, "Paris": 1, "Varlin, Eugène": 1, "Versailles": 3}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("index")
    build(SERIES, out_root=out)
    return out / SERIES.name


def flat(text: str) -> str:
    """Text with lines joined as a reader reads them: a word broken at a line's end joined again."""
    return " ".join(re.sub(r"[-\u2010]\n(?=\w)", "", text).split())


def expand(pages: str) -> list[str]:
    found = []
    for run in pages.split(", "):
        first, _, last = run.partition("–")
        found += [str(n) for n in range(int(first), int(last or first) + 1)]
    return found


@pytest.fixture(scope="module")
def pdf_index(built) -> list[tuple[str, int, str, str]]:
    return printed_index(built / f"{SERIES.name}.pdf")


def test_pdf_index_lists_the_entries_in_the_order_of_the_language(pdf_index):
    assert [(term, level, cross) for term, level, _, cross in pdf_index] == EXPECTED


def assert_marked_words_print(pdf: Path, pdf_index, marked: dict[str, str]) -> None:
    """Every page the index prints for an entry is a page numbered so where its marked words (``marked``: entry
    -> words as printed) print; an entry with no marked words prints no page."""
    folio = folios(pdf)
    for term, _level, pages, _cross in pdf_index:
        if term not in marked:
            assert pages == ""
            continue
        assert pages, f"{term}: no page"
        for label in expand(pages):
            assert label in folio, f"{term}: no page of the book is numbered {label}"
            assert marked[term] in flat(page_text(pdf, folio[label])), f"{term}: not on page {label}"


def test_pdf_index_pages_are_where_the_marked_words_print(built, pdf_index):
    assert_marked_words_print(built / f"{SERIES.name}.pdf", pdf_index, MARKED)
    for term, _level, pages, _cross in pdf_index:
        if term in MARKED:
            assert len(expand(pages)) <= PLACES[term]


def test_pdf_index_joins_runs_of_pages(pdf_index):
    versailles = next(pages for term, _, pages, _ in pdf_index if term == "Versailles")
    assert re.fullmatch(r"\d+–\d+", versailles), versailles  # marked on three pages in a row


def test_pdf_index_links_lead_to_the_pages_it_prints(built):
    """Each number (or run) of the index is a link to the page of its first place."""
    path = built / f"{SERIES.name}.pdf"
    folio, pages = folios(path), len(pikepdf.open(path).pages)
    index_pages = [n for n in range(1, pages + 1) if page_text(path, n).lstrip().startswith("Index\n")]
    found = [(re.search(r"\d+(?:–\d+)?", text)[0], target) for text, target in links(path, index_pages)]
    for label, target in found:  # (the text under a link may touch the comma after it)
        assert target == folio[label.split("–")[0]], f"the link {label} leads elsewhere"
    assert len(found) == sum(len(re.findall(r"\d+(?:–\d+)?", pages)) for _, _, pages, _ in printed_index(path))


def links(path: Path, numbers: list[int] | None = None) -> list[tuple[str, int]]:
    """(the text under it, the page it leads to) of each internal link of the PDF (on the pages ``numbers``)."""
    pdf = pikepdf.open(path)
    page_of = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found = []
    with pdfplumber.open(path) as plumbed:
        for number in numbers or range(1, len(pdf.pages) + 1):
            for annot in pdf.pages[number - 1].get("/Annots", []):
                dest = annot.get("/Dest") if "/Dest" in annot else annot.get("/A", {}).get("/D")
                if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                    dest = dest_named(pdf.Root.Names.Dests, str(dest).lstrip("/"))
                if dest is None:
                    continue
                page = plumbed.pages[number - 1]
                xs, ys = sorted(float(v) for v in annot.Rect[::2]), sorted(float(v) for v in annot.Rect[1::2])
                text = page.crop((xs[0], page.height - ys[1], xs[1], page.height - ys[0])).extract_text()
                found.append((text, page_of[dest[0].objgen]))
    return found


def dest_named(tree, name: str):
    """A named destination, from a name tree (its /Names, or its /Kids)."""
    if "/Names" in tree:
        pairs = list(tree.Names)
        for key, value in zip(pairs[::2], pairs[1::2]):
            if str(key) == name:
                return value
    for kid in tree.get("/Kids", []):
        found = dest_named(kid, name)
        if found is not None:
            return found
    return None


def test_pdf_page_reference_and_note_reference(built):
    pdf = built / f"{SERIES.name}.pdf"
    text = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    page = re.search(r"the barricades \(p\. (\d+)\) went up", text)
    assert page, "the reference with .page prints no page"
    assert "The Barricades" in page_text(pdf, folios(pdf)[page[1]])
    assert [page for text, page in links(pdf) if "barricades" in text] == [folios(pdf)[page[1]]]  # to that page
    assert "with the bookbinder of n. 1." in text
    assert "at Versailles, as n. 1 records" in text
    assert "at The Wall, and" in text  # an empty reference takes the heading's words


@pytest.fixture(scope="module")
def epub(built) -> dict[str, etree._Element]:
    with zipfile.ZipFile(built / f"{SERIES.name}.epub") as book:
        return {Path(name).name: etree.fromstring(book.read(name)) for name in book.namelist() if name.endswith(".xhtml")}


def entries_of(items, locators: str, namespaces=None) -> list[tuple[str, int, list]]:
    """(term, level, [(label, href)]) of every entry of an index list, subentries after their entry."""
    found = []
    for item in items:
        term = item.xpath("string(./*[@class='index-term' or @*[local-name()='type']='index-term'])")
        links = [(a.text, a.get("href")) for a in item.xpath(locators, namespaces=namespaces)]
        found.append((" ".join(term.split()), 0, links))
        found += [(t, level + 1, ls) for t, level, ls in entries_of(
            item.xpath("./*[local-name()='ul']/*[local-name()='li']"), locators, namespaces)]
    return found


def test_epub_index_is_in_the_spine_nav_and_landmarks(built):
    with zipfile.ZipFile(built / f"{SERIES.name}.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        nav = etree.fromstring(book.read("EPUB/text/nav.xhtml"))
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    items = {item.get("id"): item.get("href") for item in opf.xpath("//opf:item", namespaces=ns)}
    spine = [items[ref.get("idref")] for ref in opf.xpath("//opf:itemref", namespaces=ns)]
    assert spine[-1] == "text/book-index.xhtml"
    assert nav.xpath("//x:nav[@epub:type='landmarks']//x:a[@epub:type='index']/@href", namespaces=XHTML) == \
        ["book-index.xhtml"]
    assert "book-index.xhtml" in nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=XHTML)


def test_epub_index_entries_locators_resolve_and_carry_the_print_pages(epub, pdf_index):
    root = epub["book-index.xhtml"]
    section = root.xpath("//x:section[@epub:type='index']", namespaces=XHTML)
    assert section and section[0].get("role") == "doc-index"
    items = root.xpath("//x:section/x:ul[@epub:type='index-entry-list']/x:li[@epub:type='index-entry']",
                       namespaces=XHTML)
    found = entries_of(items, "./x:a[@epub:type='index-locator']", XHTML)
    assert [(term, level) for term, level, _ in found] == [(t, lv) for t, lv, _ in EXPECTED]
    printed = {term: pages for term, _, pages, _ in pdf_index}
    for term, _level, links in found:
        assert ", ".join(label for label, _ in links) == printed[term]
        for _label, href in links:
            document, _, ident = href.partition("#")
            target = epub[document].xpath("//*[@id=$id]", id=ident)
            assert target, f"{term}: {href} leads nowhere"
            assert " ".join(target[0].xpath("string(.)").split()) == MARKED[term]


def barricades_page(built: Path) -> str:
    """The page the PDF prints after "the barricades" (checked against the heading's page above)."""
    text = subprocess.run(["pdftotext", str(built / f"{SERIES.name}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.search(r"the barricades \(p\. (\d+)\)", flat(text))[1]


def test_epub_cross_references_resolve_with_the_print_page(epub, built):
    links = epub["the-fall.xhtml"].xpath("//x:a[contains(@class, 'xref')]", namespaces=XHTML)
    texts = [" ".join(a.xpath("string(.)").split()) for a in links]
    assert texts == [f"the barricades (p. {barricades_page(built)})", "The Wall", "n. 1", "n. 1"]
    for a in links:
        document, _, ident = a.get("href").partition("#")
        assert epub[document].xpath("//*[@id=$id]", id=ident), a.get("href")
    assert epub["the-commune.xhtml"].xpath("//*[@id='barricades']")[0].tag.endswith("h2")


def test_site_index_and_cross_references_resolve(built, pdf_index):
    site = built / "site"
    page = html.parse(str(site / "book-index.html")).getroot()
    section = page.xpath("//section[@role='doc-index']")
    assert section
    found = entries_of(section[0].xpath("./ul/li"), "./a")
    assert [(term, level) for term, level, _ in found] == [(t, lv) for t, lv, _ in EXPECTED]
    printed = {term: pages for term, _, pages, _ in pdf_index}
    for term, _level, links in found:
        assert ", ".join(label for label, _ in links) == printed[term]
        for _label, href in links:
            name, _, ident = href.partition("#")
            target = html.parse(str(site / name)).getroot().xpath("//*[@id=$id]", id=ident)
            assert target and " ".join(target[0].text_content().split()) == MARKED[term]
    fall = html.parse(str(site / "the-fall.html")).getroot()
    for a in fall.xpath("//a[contains(@class, 'xref')]"):
        name, _, ident = a.get("href").partition("#")
        assert html.parse(str(site / name)).getroot().xpath("//*[@id=$id]", id=ident), a.get("href")
    texts = [" ".join(a.text_content().split()) for a in fall.xpath("//a[contains(@class, 'xref')]")]
    assert texts == [f"the barricades (p. {barricades_page(built)})", "The Wall", "n. 1", "n. 1"]


def test_validators_are_clean(built):
    found = check_outputs(epubs=[built / f"{SERIES.name}.epub"], site_dirs=[built / "site"],
                          pdfs=[built / f"{SERIES.name}.pdf"])
    assert [d.format() for d in found] == []


def test_outputs_are_reproducible(built, tmp_path):
    build(SERIES, out_root=tmp_path)
    again = tmp_path / SERIES.name
    names = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert names == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file()
                           and not p.name.startswith("."))
    assert [name for name in names if (built / name).read_bytes() != (again / name).read_bytes()] == []


def test_pdf_contents_list_the_index_at_its_page(built):
    pdf = built / f"{SERIES.name}.pdf"
    contents = subprocess.run(["pdftotext", "-layout", "-f", "5", "-l", "5", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    line = re.search(r"^Index[ .]+(\d+)$", contents, re.M)
    assert line, contents
    assert page_text(pdf, folios(pdf)[line[1]]).lstrip().startswith("Index\n")
