"""A French scholarly series that uses everything at once (tests/series/revue-fr): `language: fr`, labelled and
inline notes (one cited twice, one continued over two pages holding a table with a head and a total row), a note
in a figure's caption, index marks (subentries, see and see also, "Élysée", "œuvres", marks in notes),
cross-references between articles (`.page`, a note), PDF/X-1a, `bleed: 0.125in`, `gutter_bleed: no`, cream
paper, an ISBN and a `labels:` override; built once into every output and read back from each on its own.

Every expected value is written here by hand (or is pandoc's own HTML of the note, tests/oracle.py)."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import ERROR, Report
from publish.lint import lint_series
from tests import oracle
from tests.conftest import ROOT
from tests.extract import epub_notes, site_notes
from tests.press_support import barcodes, ink_coverage, render_grey, renders
from tests.revue_support import (epub_file, flat, folios, index_groups, letters, markup_index, page_text, pdf_notes,
                                 pdftotext, printed_index, site_page, text_of_id)
from tests.test_languages import ENGLISH, epub_documents, markup_text

SERIES = ROOT / "tests" / "series" / "revue-fr"
NAME = "revue-fr"
ISBN = "9782957123407"        #: 978-2-9571234-0-7: 9+21+8+6+9+15+7+3+2+9+4+0 = 93, check digit 10 - 3 = 7
INDEX = "Index des noms et des lieux"  #: the series' own word (labels: index)
PT_IN = 72
#: words the outputs add, in French: (site, EPUB, PDF)
FRENCH = {"site": ["Table des matières", "Notes", "voir", "voir aussi", "1er juillet 2025", INDEX, "Suivant",
                   "Aller au contenu", "Télécharger la série", "Retour à l’appel 2 de la note 1"],
          "epub": ["Table des matières", "Notes", "voir", "voir aussi", "1er juillet 2025", INDEX, "Couverture",
                   "Page de titre", "Repères", "Pages de l’édition imprimée", "Retour à l’appel 2 de la note 1"],
          "pdf": ["Table des matières", "voir", "voir aussi", "Publié par Éditions du Faubourg, 1er juillet 2025",
                  INDEX, "Composé en Linux Libertine."]}
#: English words that are French words too (test_languages's list is of English books' words)
SAME_IN_FRENCH = {"Notes"}
#: the index as a French reader looks words up: "Élysée" among the E's, "œuvres" among the O's
ENTRIES = [("Batignolles", 0, ""), ("Belleville", 0, ""), ("Communards", 0, "voir Commune"),
           ("Commune", 0, "voir aussi Paris"), ("mur des Fédérés", 1, ""), ("Semaine sanglante", 1, ""),
           ("Élysée", 0, ""), ("quartier de l’", 1, ""), ("Lefrançais, Gustave", 0, ""), ("Montmartre", 0, ""),
           ("Montreuil", 0, ""), ("œuvres", 0, ""), ("de bienfaisance", 1, ""), ("Paris", 0, ""),
           ("Popincourt", 0, ""), ("Varlin, Eugène", 0, ""), ("Versailles", 0, "")]
GROUPS = [["Batignolles", "Belleville"], ["Communards", "Commune"], ["Élysée"], ["Lefrançais"],
          ["Montmartre", "Montreuil"], ["œuvres"], ["Paris", "Popincourt"], ["Varlin", "Versailles"]]
#: the words each entry marks, as they print
MARKED = {"Batignolles": "Batignolles", "Belleville": "Belleville", "Commune": "Commune",
          "mur des Fédérés": "mur des Fédérés", "Semaine sanglante": "Semaine sanglante", "Élysée": "Élysée",
          "quartier de l’": "Champs-Élysées", "Lefrançais, Gustave": "Gustave Lefrançais",
          "Montmartre": "Montmartre", "Montreuil": "Montreuil", "œuvres": "œuvres", "de bienfaisance": "œuvres",
          "Paris": "Paris", "Popincourt": "Popincourt", "Varlin, Eugène": "Eugène Varlin",
          "Versailles": "Versailles"}
ARTICLES = {"la-ville": "01-la-ville.md", "les-elections": "02-les-elections.md", "la-semaine": "03-la-semaine.md"}
#: the note that refers to another: pandoc leaves the reference empty, the toolchain prints its number
XREF_NOTE = ("voir aussi .", "voir aussi n. 2.")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("revue")
    report = Report()
    build(SERIES, ("pdf", "epub", "site"), root / "one", report)
    again = root / "two"  # a second build elsewhere (the CMYK profile copied: colprof takes 20 s)
    shutil.copytree(root / "one" / ".cache" / "icc", again / ".cache" / "icc")
    build(SERIES, ("pdf", "epub", "site"), again, Report())
    out = root / "one" / NAME
    return {"out": out, "again": again / NAME, "report": report, "pdf": out / f"{NAME}.pdf",
            "cover": out / f"{NAME}-cover.pdf", "epub": out / f"{NAME}.epub", "site": out / "site"}


def test_it_builds_without_an_error_or_a_warning(built):
    assert [d.format() for d in built["report"].items] == []


def texts(built) -> dict[str, str]:
    site = built["site"]
    return {"site": " ".join(markup_text(page.read_bytes()) for page in sorted(site.glob("*.html"))),
            "epub": " ".join(markup_text(data) for data in epub_documents(built["epub"]).values()),
            "pdf": " ".join(pdftotext(built["out"] / name) for name in (f"{NAME}.pdf", f"{NAME}-screen.pdf"))}


def test_the_words_the_toolchain_adds_are_french_in_every_output(built):
    for output, text in texts(built).items():
        text = " ".join(text.split())
        assert [word for word in FRENCH[output] if word not in text] == [], output
        english = [word for word in ENGLISH if word not in SAME_IN_FRENCH and re.search(rf"\b{re.escape(word)}\b", text)]
        assert english == [], f"{output} says {english}"
        assert not re.search(r"\b(see|See|Index of)\b", text), output


def test_the_punctuation_the_toolchain_adds_is_french(built):
    """A thin no-break space before the colon between title and subtitle and the semicolon before "voir aussi"."""
    title, see_also = "Cahiers de la Commune\u202f: Trois études, avec un index", "11\u202f; voir aussi Paris"
    pdf = pdftotext(built["pdf"]).replace("\u202f", " ")  # (poppler gives the thin space as a space)
    assert title.replace("\u202f", " ") in pdf and see_also.replace("\u202f", " ") in pdf
    with zipfile.ZipFile(built["epub"]) as book:
        assert f'alt="{title} — Jeanne Rivière"' in book.read("EPUB/text/cover.xhtml").decode()
        assert "11</a>\u202f; <span" in book.read("EPUB/text/book-index.xhtml").decode()
    assert f"<title>{title}" in (built["site"] / "index.html").read_text(encoding="utf-8")
    assert "11</a>\u202f; <em" in (built["site"] / "book-index.html").read_text(encoding="utf-8")


def test_the_print_index_sorts_as_french_does(built):
    assert [(t, level, cross) for t, level, _, cross in printed_index(built["pdf"], INDEX)] == ENTRIES
    assert index_groups(built["pdf"], INDEX) == GROUPS


def test_the_epub_and_site_indexes_sort_as_french_does(built):
    for root in (epub_file(built["epub"], "EPUB/text/book-index.xhtml"), site_page(built["site"], "book-index.html")):
        entries = markup_index(root)
        assert [(term, level, cross) for term, level, _, cross in entries] == ENTRIES


def pages(run: str) -> list[str]:
    found = []
    for part in run.split(", "):
        first, _, last = part.partition("–")
        found += [str(n) for n in range(int(first), int(last or first) + 1)]
    return found


def opening(pdf: Path, title: str) -> int:
    """The page an article opens on: the one that starts with its title (no running head there)."""
    return next(n for n in range(1, 15) if page_text(pdf, n).lstrip().startswith(title + "\n"))


def test_every_print_locator_is_a_page_where_the_marked_words_print(built):
    pdf, folio = built["pdf"], folios(built["pdf"])
    index = printed_index(pdf, INDEX)
    assert {term for term, _, run, _ in index if run} == set(MARKED)
    for term, _, run, _ in index:
        for label in pages(run) if run else []:
            assert MARKED[term] in flat(page_text(pdf, folio[label])), f"{term}: not on page {label}"
    popincourt = next(run for term, _, run, _ in index if term == "Popincourt")
    assert folio[popincourt] == opening(pdf, "Les élections de mars") + 1, "marked where the long note goes on"


def test_epub_and_site_locators_lead_to_the_marked_words_and_print_the_same_pages(built):
    printed = {term: run for term, _, run, _ in printed_index(built["pdf"], INDEX)}
    readers = ((epub_file(built["epub"], "EPUB/text/book-index.xhtml"),
                lambda href: epub_file(built["epub"], "EPUB/text/" + href.split("#")[0])),
               (site_page(built["site"], "book-index.html"), lambda href: site_page(built["site"], href.split("#")[0])))
    for index, open_page in readers:
        for term, _, links, _ in markup_index(index):
            if not links:
                assert printed[term] == "", term
                continue
            labels = [label for label, _ in links]
            assert ", ".join(dict.fromkeys(labels)) in (printed[term], ", ".join(pages(printed[term])))
            for _, href in links:
                assert MARKED[term] in text_of_id(open_page(href), href.split("#")[1]), (term, href)


def test_page_and_note_references_print_the_right_page_and_number(built):
    pdf, folio = built["pdf"], folios(built["pdf"])
    text = flat(pdftotext(pdf))
    assert "les remparts (p. 7)" in text and "avaient voté (n. 1)" in text and "voir aussi n. 2." in text
    assert "Les remparts" in [line.strip() for line in page_text(pdf, folio["7"]).splitlines()]  # its heading
    for document in (flat(" ".join(markup_text(d) for d in epub_documents(built["epub"]).values())),
                     flat(markup_text((built["site"] / "la-semaine.html").read_bytes()))):
        assert "les remparts (p. 7)" in document and "avaient voté (n. 1)" in document
        assert "voir aussi n. 2." in document


def expected_notes() -> dict[str, list[str]]:
    """pandoc's own HTML of each note, per article; the note that refers to another with its number."""
    found = {}
    for slug, name in ARTICLES.items():
        found[slug] = [note.replace(*XREF_NOTE) for note in oracle.notes(SERIES / "articles" / name)]
    return found


def test_notes_are_the_same_in_the_three_outputs_and_as_pandoc_writes_them(built):
    expected = expected_notes()
    in_order = [(n, text) for slug in ARTICLES for n, text in enumerate(expected[slug], start=1)]
    assert [len(expected[slug]) for slug in ARTICLES] == [3, 1, 2]
    for notes in (epub_notes(built["epub"]), site_notes(built["site"])):
        found = {slug: [(n.number, n.text) for key, n in sorted(notes.items(), key=lambda kv: kv[1].number)
                        if key.startswith(f"{slug}-note-")] for slug in ARTICLES}
        assert found == {slug: list(enumerate(expected[slug], start=1)) for slug in ARTICLES}
    assert epub_notes(built["epub"])["la-ville-note-1"].calls == ("la-ville-noteref-1", "la-ville-noteref-1-2")
    pdf = built["pdf"]
    printed = pdf_notes(pdf, opening(pdf, "La ville assiégée"), opening(pdf, INDEX) - 1)
    assert [number for number, _ in printed] == [n for n, _ in in_order]  # each note once: 1 2 3, 1, 1 2
    for (number, text), (_, want) in zip(printed, in_order):
        assert letters(text) == letters(want), number


def test_the_long_note_is_continued_and_its_table_keeps_its_head_and_total(built):
    pdf = built["pdf"]
    call = opening(pdf, "Les élections de mars")
    first, second = flat(page_text(pdf, call)), flat(page_text(pdf, call + 1))
    assert "Arrondissement Inscrits Votants Élus" in first and "Total 123 649 70 812 23" in first
    assert "Il faut dire enfin" in first and "Popincourt votaient par rue" in second
    [table] = oracle.note_tables(SERIES / "articles" / "02-les-elections.md")
    assert table.header == ("Arrondissement", "Inscrits", "Votants", "Élus")
    assert table.foot == (("Total", "123 649", "70 812", "23"),)
    epub = epub_file(built["epub"], "EPUB/text/les-elections.xhtml")
    site = site_page(built["site"], "les-elections.html")
    for root in (epub, site):
        [foot] = root.xpath("//*[@id='les-elections-note-1']//*[local-name()='tfoot']")
        cells = foot.xpath(".//*[local-name()='td' or local-name()='th']")
        assert [" ".join("".join(cell.itertext()).split()) for cell in cells] == ["Total", "123 649", "70 812", "23"]


def test_the_print_book_is_pdf_x_1a_in_black_ink_with_no_gutter_bleed(built):
    for path in (built["pdf"], built["cover"]):
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.3"
            assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1:2001"
            assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2001"
            assert pdf.docinfo.Trapped == pikepdf.Name("/False")
            [intent] = pdf.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        renders(path)
    inks = ink_coverage(built["pdf"])
    assert len(inks) == 14 and all((c, m, y) == (0, 0, 0) for c, m, y, _ in inks), inks
    with pikepdf.open(built["pdf"]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            trim, bleed, media = ([float(v) for v in page.obj[box]] for box in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert trim == [0, 0, 6 * PT_IN, 9 * PT_IN]
            spine_left = number % 2 == 1  # a recto's spine is on its left
            want = [0 if spine_left else -9, -9, 6 * PT_IN + (9 if spine_left else 0), 9 * PT_IN + 9]
            assert bleed == media == want, f"page {number}"


def test_the_cover_spine_is_the_pages_on_cream_paper_and_the_barcode_scans(built, tmp_path):
    with pikepdf.open(built["pdf"]) as pdf:
        count = len(pdf.pages)
    assert count == 14
    with pikepdf.open(built["cover"]) as pdf:
        [page] = pdf.pages
        trim = [float(v) for v in page.obj.TrimBox]
    spine_in = (trim[2] - trim[0]) / PT_IN - 2 * 6
    assert spine_in == pytest.approx(14 * 0.0025, abs=1e-4)  # 0.035 in
    scanned = barcodes(render_grey(built["cover"], tmp_path / "cover.png", 300))
    assert [(kind, data) for kind, data, _ in scanned] == [("EAN-13", ISBN)]
    assert "ISBN 9782957123407" in pdftotext(built["pdf"])


def test_the_validators_and_publish_check_find_nothing(built):
    out = built["out"]
    epubs = [built["epub"], *sorted((out / "articles").glob("*.epub"))]
    found = check_outputs(epubs=epubs, site_dirs=[built["site"]], pdfs=sorted(out.glob("*.pdf")))
    assert [d.format() for d in found] == []


def test_two_builds_are_byte_identical(built):
    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and not p.name.startswith(".")}
    one, two = files(built["out"]), files(built["again"])
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_lint_finds_no_error():
    assert [d.format() for d in lint_series(SERIES) if d.severity == ERROR] == []
