"""The EPUB as a reading app or a retailer sees it: unzipped, parsed, followed link by link."""
from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from PIL import Image

from publish.adapters import epub
from tests import expected
from tests.conftest import REAL_SERIES, ROOT, make_job, write_series

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
FIRST = """---
title: "The *First* Essay"
---

A claim cited twice.[^twice] Café, naïve, Ærø; Москва и «Правда».^[An inline note with *italics*.]

> A quoted passage with a note.[^quote]

## A section

The same source again.[^twice] A note with a link.[^link]

### A subsection

A long note.[^long]

[^twice]: Cited twice, printed once.
[^quote]: A note called from a block quote.
[^link]: See *Capital*, <https://example.org/capital>, and [the archive](https://www.marxists.org/).
[^long]: First paragraph of a long note.

    Second paragraph of the long note.

    > And a quotation inside it.
"""
SECOND = "---\ntitle: Второе эссе\n---\n\nNumbers go on.[^a] Again.[^b]\n\n[^a]: Note a: Ленин.\n[^b]: Note *b*.\n"
CONFIG = ("title: Test Series\nsubtitle: Notes in every form\nlanguage: en\nauthor: [Jane Doe, Иван Петров]\n"
          "publisher: Test Press\nrights: CC BY 4.0\ndescription: Every kind of note.\ndate: 2024-05-01\n"
          "notes:\n  numbering: continuous\n")


class Book:
    """An unzipped EPUB: its package document and every XHTML document, parsed."""

    def __init__(self, path: Path):
        self.path, self.zip = path, zipfile.ZipFile(path)
        self.opf_path = self.xml("META-INF/container.xml").find(".//c:rootfile", NS).get("full-path")
        self.opf = self.xml(self.opf_path)
        self.base = PurePosixPath(self.opf_path).parent
        self.manifest = {item.get("id"): item for item in self.opf.iterfind(".//opf:manifest/opf:item", NS)}
        self.spine = [self.href(ref.get("idref")) for ref in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]
        self.nav_path = self.href(self.with_property("nav"))

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def href(self, item_id: str) -> str:
        return str(self.base / self.manifest[item_id].get("href"))

    def with_property(self, prop: str) -> str:
        (found,) = [i for i, item in self.manifest.items() if prop in (item.get("properties") or "").split()]
        return found

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f".//opf:meta[@property='{prop}']", NS)]

    def text(self, slug: str):
        return self.xml(f"{self.base}/text/{slug}.xhtml")

    def nav_links(self, kind: str) -> list[tuple[str, str, str | None]]:
        """(target file, fragment, epub:type) of every link in the nav's ``kind`` nav."""
        found = []
        for link in self.xml(self.nav_path).xpath(f"//x:nav[@epub:type='{kind}']//x:a", namespaces=NS):
            target, _, fragment = link.get("href").partition("#")
            found.append((str(PurePosixPath(self.nav_path).parent / target), fragment, link.get(EPUB_TYPE)))
        return found


def build_book(series_dir: Path, out: Path):
    """The series EPUB, built alone (no print book: no page-list, one warning saying so)."""
    job = make_job(series_dir, out)
    path = epub.build(job)[0]
    assert [d.code for d in job.report.items].count("epub-no-page-list") == 1
    job.report.items[:] = [d for d in job.report.items if d.code != "epub-no-page-list"]
    return Book(path), job


@pytest.fixture(scope="module")
def test_series(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("series") / "test-series"
    return write_series(folder, {"01-first.md": FIRST, "02-second.md": SECOND}, CONFIG)


@pytest.fixture(scope="module")
def books(test_series, tmp_path_factory, artifacts):
    """The test series (saved for a person to look at), the real manuscript and the torture series."""
    out = tmp_path_factory.mktemp("out")
    found = {name: build_book(folder, out / name) for name, folder in (
        ("test", test_series), ("real", REAL_SERIES), ("torture", ROOT / "tests" / "series" / "torture"))}
    (artifacts / "test-series.epub").write_bytes(found["test"][0].path.read_bytes())
    return found


@pytest.fixture
def built(books):
    return books["test"]


@pytest.fixture(params=["test", "real", "torture"])
def any_built(request, books):
    return books[request.param]


def test_container_and_manifest(any_built):
    book, job = any_built
    first = book.zip.infolist()[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
    assert book.zip.read("mimetype") == b"application/epub+zip"
    in_zip = {n for n in book.zip.namelist() if n != "mimetype" and not n.startswith("META-INF/")}
    assert {book.href(i) for i in book.manifest} | {book.opf_path} == in_zip
    assert job.report.items == []


def test_package_metadata(built):
    book, job = built
    config, opf = job.series.config, book.opf
    dc = lambda name: [e.text for e in opf.iterfind(f".//dc:{name}", NS)]  # noqa: E731
    assert opf.get(XML_LANG) == "en" and dc("language") == ["en"]
    assert dc("title") == ["Test Series", "Notes in every form"] and dc("identifier") == [config.identifier]
    assert dc("creator") == ["Jane Doe", "Иван Петров"] and dc("publisher") == ["Test Press"]
    assert dc("rights") == ["CC BY 4.0"] and dc("description") == [config.description]
    assert book.meta("dcterms:modified") == [config.modified]
    assert book.meta("belongs-to-collection") == ["Test Series"]
    assert book.meta("collection-type") == ["series"] and book.meta("group-position") == ["1"]
    assert opf.find(".//opf:meta[@name='calibre:series']", NS).get("content") == "Test Series"
    assert book.meta("schema:accessMode") == book.meta("schema:accessModeSufficient") == ["textual"]
    assert set(book.meta("schema:accessibilityFeature")) == {"structuralNavigation", "tableOfContents",
                                                              "readingOrder"}
    assert book.meta("schema:accessibilityHazard") == ["none"] and book.meta("schema:accessibilitySummary")
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_fonts_and_cover(built):
    book, _ = built
    fonts = [book.href(i) for i, item in book.manifest.items() if item.get("media-type") == "font/otf"]
    (css,) = [book.href(i) for i, item in book.manifest.items() if item.get("media-type") == "text/css"]
    assert len(fonts) == 4
    for font in fonts:
        assert f'url("../fonts/{PurePosixPath(font).name}")' in book.zip.read(css).decode()
    with Image.open(book.zip.open(book.href(book.with_property("cover-image")))) as image:
        assert image.size[0] >= 1600 and image.size[1] >= 2560
    (cover_page,) = [path for path, _, kind in book.nav_links("landmarks") if kind == "cover"]
    assert cover_page == book.spine[0]
    assert book.xml(cover_page).find(".//x:img", NS).get("alt").startswith("Test Series: Notes in every form")


def test_spine_documents_are_in_the_toc_and_speak_the_series_language(any_built):
    book, job = any_built
    assert set(book.spine) <= {path for path, _, _ in book.nav_links("toc")}
    assert len(book.spine) == len(set(book.spine))
    for name in book.spine:
        doc = book.xml(name)
        assert doc.get(XML_LANG) == doc.get("lang") == job.series.config.language, name


def test_toc_and_landmarks(built):
    book, job = built
    links = book.nav_links("toc")
    for article in job.series.articles:
        doc = f"{book.base}/text/{article.slug}.xhtml"
        assert (doc, "", None) in links
        for heading in article.headings:
            assert (doc, heading.id, None) in links and book.xml(doc).xpath(f"//*[@id='{heading.id}']")
    assert len(job.series.articles[0].headings) == 2
    kinds = {kind: path for path, _, kind in book.nav_links("landmarks")}
    assert set(kinds) == {"cover", "titlepage", "toc", "bodymatter", "footnotes"} and kinds["toc"] == book.nav_path
    assert kinds["bodymatter"].endswith(f"text/{job.series.articles[0].slug}.xhtml")
    notes = [(path, fragment) for path, fragment, kind in book.nav_links("landmarks") if kind == "footnotes"]
    oracle_notes = expected.series_notes(job.series.config.folder)
    assert len(notes) == len(oracle_notes)
    for (path, fragment), article_notes in zip(notes, oracle_notes.values()):
        (section,) = book.xml(path).xpath(f"//*[@id='{fragment}']")
        assert [a.get("id") for a in section.iterfind("x:aside", NS)] == [note.id for note in article_notes]


def test_words_around_the_text_follow_the_language(tmp_path):
    folder = write_series(tmp_path / "de", {"01-a.md": "---\ntitle: A\n---\n\nText.[^n]\n\n[^n]: Anm.\n"},
                          "title: Reihe\nlanguage: de-CH\n")
    book, _ = build_book(folder, tmp_path / "out")
    assert book.xml(book.nav_path).findtext(".//x:h1", namespaces=NS) == "Inhalt"
    doc = book.text("a")
    assert doc.get(XML_LANG) == "de-CH"
    assert doc.xpath("//x:section[@class='notes']/@aria-label", namespaces=NS) == ["Anmerkungen"]


def _asides(doc) -> dict:
    asides = doc.xpath("//x:aside", namespaces=NS)
    assert len({a.get("id") for a in asides}) == len(asides)
    return {a.get("id"): a for a in asides}


def test_each_note_once_with_its_calls_number_and_backlinks(any_built):
    """Notes, numbers and calls as pandoc's HTML writer finds them in each article (tests/expected.py)."""
    book, job = any_built
    for slug, notes in expected.series_notes(job.series.config.folder).items():
        doc = book.text(slug)
        asides = _asides(doc)
        assert list(asides) == [note.id for note in notes]
        for call in doc.xpath("//x:a[@role='doc-noteref']", namespaces=NS):
            assert call.get(EPUB_TYPE) == "noteref" and call.getparent().tag == f"{{{NS['x']}}}sup"
            target = asides[call.get("href").removeprefix("#")]
            assert target.get("role") == "doc-footnote" and target.get(EPUB_TYPE) == "footnote"
        for note in notes:
            calls = doc.xpath(f"//x:a[@role='doc-noteref'][@href='#{note.id}']", namespaces=NS)
            assert [c.get("id") for c in calls] == note.call_ids
            assert {c.text for c in calls} == {str(note.number)}
            backs = asides[note.id].xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
            assert [b.get("href") for b in backs] == [f"#{c}" for c in note.call_ids]
            assert backs[0].get("class") == "note-number" and backs[0].text == f"{note.number}."
            first_paragraph = asides[note.id].find("x:p", NS)
            assert first_paragraph[0] is backs[0] and not (first_paragraph.text or "").strip()
    assert not {name for name in book.spine if book.xml(name).xpath("//x:aside", namespaces=NS)} - {
        f"{book.base}/text/{expected.slug_of(path)}.xhtml" for path in expected.article_files(job.series.config.folder)}


def test_aside_is_the_number_then_pandocs_note_text_then_a_backlink_per_further_call(any_built):
    """Each aside, in order, holds "n.", the note's text as pandoc's own HTML writer gives it (tests/oracle.py,
    citations through pandoc's citeproc), then "↩k" for each further call; compared without whitespace."""
    book, job = any_built
    letters = lambda text: "".join(text.split())  # noqa: E731
    for slug, notes in expected.series_notes(job.series.config.folder).items():
        asides = _asides(book.text(slug))
        assert list(asides) == [note.id for note in notes]
        for note in notes:
            backlinks = "".join(f"↩{k}" for k in range(2, note.calls + 1))
            assert letters("".join(asides[note.id].itertext())) == f"{note.number}." + letters(note.text) + backlinks


def test_notes_in_every_form(built):
    book, job = built
    first, second = job.series.articles
    assert [n.number for n in first.notes] == [1, 2, 3, 4, 5] and [n.number for n in second.notes] == [6, 7]
    doc = book.text("first")
    assert len(doc.xpath("//x:aside[@id='first-note-1']", namespaces=NS)) == 1
    assert len(doc.xpath("//x:a[@href='#first-note-1']", namespaces=NS)) == 2
    assert doc.xpath("//x:a[@class='note-backlink']/@aria-label", namespaces=NS) == ["Back to reference 2 of note 1"]
    assert doc.xpath("//x:blockquote//x:a[@role='doc-noteref']/@href", namespaces=NS) == ["#first-note-3"]
    assert doc.xpath("//x:aside[@id='first-note-2']//x:em/text()", namespaces=NS) == ["italics"]
    assert doc.xpath("//x:aside[@id='first-note-4']//x:a[not(@role)]/@href", namespaces=NS) == [
        "https://example.org/capital", "https://www.marxists.org/"]
    assert len(doc.xpath("//x:aside[@id='first-note-5']/x:p", namespaces=NS)) == 2
    assert "Ленин" in "".join(book.text("second").itertext())


def test_bibliography_closes_the_book(books):
    book, job = books["torture"]
    assert book.spine[-1].endswith("text/bibliography.xhtml")
    assert (book.spine[-1], "", "bibliography") in book.nav_links("landmarks")
    assert book.xml(book.spine[-1]).xpath("//x:section[@role='doc-bibliography']/x:div/@id", namespaces=NS) == [
        entry["c"][0][0] for entry in job.series.bibliography]


def test_two_builds_are_byte_identical(test_series, built, tmp_path):
    again, _ = build_book(test_series, tmp_path)
    assert again.path.read_bytes() == built[0].path.read_bytes()


def test_modified_time_comes_from_the_series(test_series, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book, _ = build_book(test_series, tmp_path)
    assert book.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert {info.date_time for info in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_epubcheck_and_ace_find_nothing(any_built):
    from publish import check
    book, _ = any_built
    assert [d.format() for d in check.check_outputs(epubs=[book.path])] == []
