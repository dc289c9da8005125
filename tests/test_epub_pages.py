"""The print book's pages in the EPUB: a page-list whose every page opens, in the EPUB, on the words that open
that page of the PDF — as a student citing the print page from the ebook would check it."""
from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from publish.adapters.epub.pages import PageBreak, insert_markers
from publish.build import build
from publish.diagnostics import Report
from tests.conftest import write_series
from tests.extract import letters
from tests.test_epub import EPUB_TYPE, NS, Book

SYLLABLES = ("ka", "lo", "mer", "tis", "an", "dru", "vel", "os", "pri", "nu", "gal", "te", "sor", "bi", "quen",
             "da", "rho", "min", "el", "cor", "ut", "fa", "zen", "ir")
CONFIG = ("title: Paged Series\nlanguage: en\nauthor: Jane Doe\npublisher: Test Press\ndate: 2024-05-01\n"
          "identifier: urn:isbn:9780000000002\n")
SENTINEL = "\u2063"


def words(rng: random.Random, count: int) -> str:
    """``count`` made-up words, some long enough to be hyphenated: no two stretches read alike."""
    made = ["".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 6)))) for _ in range(count)]
    return " ".join(made)


def article(title: str, seed: int, paragraphs: int) -> str:
    rng = random.Random(seed)
    parts, notes = [f"---\ntitle: {title}\nauthor: Author {seed}\n---\n"], []
    for number in range(1, paragraphs + 1):
        text = f"{words(rng, 40).capitalize()}.[^n{number}] {words(rng, 70)} *{words(rng, 5)}* {words(rng, 30)}" \
               f" [@r{seed}x{number}]."
        if number % 7 == 3:
            parts.append(f"## {words(rng, 3).capitalize()}")
        parts.append(f"> {text}" if number % 5 == 4 else text)
        if number % 6 == 5:
            parts.append(f"- {words(rng, 12)}\n- {words(rng, 25)}")
        notes.append(f"[^n{number}]: {words(rng, rng.choice((6, 20, 40))).capitalize()}.")
    return "\n\n".join(parts + notes) + "\n"


def references(rng: random.Random, counts: dict[int, int]) -> str:
    """A CSL YAML bibliography of a made-up book for each paragraph of each article ({seed: paragraphs})."""
    entries = [f"- id: r{seed}x{number}\n  type: book\n  author: [{{family: {words(rng, 1).title()}, given: Ann}}]\n"
               f"  title: {words(rng, 12).capitalize()}\n  publisher: {words(rng, 2).title()} Press\n"
               f"  issued: {{date-parts: [[{1900 + number}]]}}\n"
               for seed, count in counts.items() for number in range(1, count + 1)]
    return "references:\n" + "".join(entries)


def write_paged_series(folder: Path) -> Path:
    write_series(folder, {"01-long-first.md": article("The Long First", 1, 26),
                          "02-long-second.md": article("The Long Second", 2, 18)},
                 CONFIG + "bibliography: references.yaml\n")
    (folder / "references.yaml").write_text(references(random.Random(3), {1: 26, 2: 18}), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Paged:
    series: Path     #: the series folder
    out: Path        #: the build folder: paged.pdf, paged.epub, articles/*.epub
    report: Report


@pytest.fixture(scope="session")
def paged(tmp_path_factory) -> Paged:
    """The paged series built as PDF and EPUB by the build, as ``publish build`` does."""
    folder = write_paged_series(tmp_path_factory.mktemp("paged") / "paged")
    out_root, report = tmp_path_factory.mktemp("out"), Report()
    build(folder, formats=("pdf", "epub"), out_root=out_root, report=report)
    return Paged(folder, out_root / "paged", report)


def page_list(book: Book) -> list[tuple[str, str, str]]:
    """(label, target document, id) of every link in the page-list, in order."""
    found = []
    for link in book.xml(book.nav_path).xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS):
        target, _, fragment = link.get("href").partition("#")
        found.append((link.text, str(PurePosixPath(book.nav_path).parent / target), fragment))
    return found


def pdf_page(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def markers(doc) -> list:
    return doc.xpath("//*[@epub:type='pagebreak']", namespaces=NS)


def text_after(marker, count: int = 60) -> str:
    """The first ``count`` letters of the article's text after ``marker``, leaving out note calls and notes."""
    chapter = copy.deepcopy(marker.xpath("ancestor::x:section", namespaces=NS)[-1])
    (mark,) = chapter.xpath(f"//*[@id='{marker.get('id')}']")
    mark.text = SENTINEL
    for left_out in chapter.xpath(".//x:sup[@class='noteref'] | .//x:section[@class='notes']", namespaces=NS):
        left_out.text, left_out[:] = "", []
    after = "".join(chapter.itertext()).split(SENTINEL)[1]
    return re.sub(r"\d", "", letters(after))[:count]


def print_text(pdf: Path, label: str) -> tuple[str, str]:
    """The letters of a PDF page's text without its folio and running head, and its first word."""
    lines = [line.strip() for line in pdf_page(pdf, int(label)).split("\n") if line.strip()]
    if label in lines[:2]:
        lines = lines[2:]  # folio and running head at the top
    else:
        assert lines[-1] == label, f"page {label} prints another folio: {lines[0]!r} … {lines[-1]!r}"
        lines = lines[:-1]  # an opening: its folio at the foot
    first_word = next(word for word in (re.sub(r"\d", "", letters(w)) for w in " ".join(lines).split()) if word)
    return re.sub(r"\d", "", letters(" ".join(lines))), first_word


def test_page_list_targets_exist_in_spine_order(paged):
    book = Book(paged.out / "paged.epub")
    entries = page_list(book)
    assert len(entries) >= 8
    labels = [int(label) for label, _, _ in entries]
    assert labels == sorted(set(labels))
    in_reading_order = [(m.get("aria-label"), name, m.get("id")) for name in book.spine for m in markers(book.xml(name))]
    assert in_reading_order == entries
    for label, name, ident in entries:
        (marker,) = book.xml(name).xpath(f"//*[@id='{ident}']")
        assert ident == f"page-{label}" and marker.get("role") == "doc-pagebreak"
        assert marker.get(EPUB_TYPE) == "pagebreak" and not "".join(marker.itertext())
    assert paged.report.items == []


def test_every_page_of_an_article_is_listed(paged):
    """Every page from an article's opening to its last page of text, and only those, is in the page-list."""
    book = Book(paged.out / "paged.epub")
    labels = {int(label) for label, _, _ in page_list(book)}
    for number in range(min(labels), max(labels) + 1):
        lines = [line for line in pdf_page(paged.out / "paged.pdf", number).split("\n") if line.strip()]
        assert (number in labels) == (len(lines) > 1), number  # a blank verso holds at most its folio


def test_each_page_opens_on_the_words_of_that_pdf_page(paged):
    """The words after each marker are those at the top of the PDF page of its label, whose folio is that label;
    a page that opens with the end of a broken word is marked before the next word."""
    book = Book(paged.out / "paged.epub")
    mid_word = 0
    for label, name, ident in page_list(book):
        (marker,) = book.xml(name).xpath(f"//*[@id='{ident}']")
        top, first_word = print_text(paged.out / "paged.pdf", label)
        expected = text_after(marker)
        at = top.find(expected[:40])
        assert at == 0 or (at == len(first_word) and 0 < at < 20), (label, top[:80], expected)
        mid_word += at > 0
    assert mid_word < len(page_list(book)) // 2


def test_page_list_metadata(paged):
    book = Book(paged.out / "paged.epub")
    features = book.meta("schema:accessibilityFeature")
    assert {"printPageNumbers", "pageNavigation", "pageBreakMarkers"} <= set(features)
    assert book.meta("pageBreakSource") == ["urn:isbn:9780000000002"]
    (source,) = book.opf.iterfind(".//dc:source", NS)
    assert source.text == "urn:isbn:9780000000002" and book.meta("source-of") == ["pagination"]


def test_without_a_print_book_there_is_no_page_list(paged, tmp_path):
    report = Report()
    build(paged.series, formats=("epub",), out_root=tmp_path, report=report)
    assert [d.code for d in report.items] == ["epub-no-page-list"]
    book = Book(tmp_path / "paged" / "paged.epub")
    assert page_list(book) == [] and not any(markers(book.xml(name)) for name in book.spine)
    assert "printPageNumbers" not in book.meta("schema:accessibilityFeature") and not book.meta("pageBreakSource")


def test_an_epub_built_alone_follows_the_last_print_book(paged, tmp_path):
    (tmp_path / "paged").mkdir()
    (tmp_path / "paged" / ".pagemap.json").write_bytes((paged.out / ".pagemap.json").read_bytes())
    report = Report()
    build(paged.series, formats=("epub",), out_root=tmp_path, report=report)
    assert report.items == []
    assert (tmp_path / "paged" / "paged.epub").read_bytes() == (paged.out / "paged.epub").read_bytes()


def test_a_print_book_of_an_older_text_is_not_followed(paged, tmp_path):
    folder = tmp_path / "series" / "paged"
    shutil.copytree(paged.series, folder)
    first = folder / "articles" / "01-long-first.md"
    first.write_text(first.read_text(encoding="utf-8").replace("\n\n", "\n\nA new opening sentence.\n\n", 1),
                     encoding="utf-8")
    (tmp_path / "paged").mkdir()
    (tmp_path / "paged" / ".pagemap.json").write_bytes((paged.out / ".pagemap.json").read_bytes())
    report = Report()
    build(folder, formats=("epub",), out_root=tmp_path, report=report)
    (warning,) = report.items
    assert warning.code == "epub-no-page-list" and "long-first" in warning.message
    assert page_list(Book(tmp_path / "paged" / "paged.epub")) == []


@pytest.mark.parametrize("edit, why", [
    (lambda folder: edit_file(folder / "articles" / "02-long-second.md", "[^n2]: ", "[^n2]: A longer note. " * 30),
     "the text of long-second changed"),
    (lambda folder: edit_file(folder / "series.yml", "date:", "print:\n  trim: a5\ndate:"), "settings"),
])
def test_a_print_book_of_other_notes_or_settings_is_not_followed(paged, tmp_path, edit, why):
    """The page map holds what its pages came from: a note's text, the print settings, not the blocks alone."""
    folder = tmp_path / "series" / "paged"
    shutil.copytree(paged.series, folder)
    edit(folder)
    (tmp_path / "paged").mkdir()
    (tmp_path / "paged" / ".pagemap.json").write_bytes((paged.out / ".pagemap.json").read_bytes())
    report = Report()
    build(folder, formats=("epub",), out_root=tmp_path, report=report)
    (warning,) = report.items
    assert warning.code == "epub-no-page-list" and why in warning.message
    assert page_list(Book(tmp_path / "paged" / "paged.epub")) == []


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_marker_goes_to_the_offset_counted_without_note_calls_and_never_inside_a_word():
    paragraph = '<p>A claim<sup class="noteref"><a href="#n">12</a></sup> cited &amp; twice.</p>'
    pages = [PageBreak("3", 0, 0), PageBreak("4", 0, 7), PageBreak("5", 0, 13), PageBreak("6", 0, 99)]
    marked = insert_markers(paragraph, pages)
    spans = re.findall(r'<span epub:type="pagebreak" role="doc-pagebreak" id="page-(\d+)" aria-label="\1"></span>',
                       marked)
    assert spans == ["3", "4", "5", "6"]
    plain = re.sub(r'<span epub:type="pagebreak"[^>]*></span>', "|", marked)
    assert plain == '<p>|A claim<sup class="noteref"><a href="#n">12</a></sup> cited |&amp; twice.||</p>'
    items = insert_markers("<ul><li>one revolu<em>tion</em></li><li>two</li></ul>", [PageBreak("7", 0, 13)])
    assert re.sub(r'<span epub:type="pagebreak"[^>]*></span>', "|", items) == \
        "<ul><li>one revolu<em>tion</em></li><li>|two</li></ul>"
