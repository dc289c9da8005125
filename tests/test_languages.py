"""A German, an Arabic and a Chinese series (tests/series/lang-*), built into all three outputs: the words the
toolchain adds are in the series' language in every output, Arabic reads right to left in every output, the
print book's text extracts in its script, and the validators find nothing to say.

The expected words are written here by hand, not read from the catalogue under test.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pdfplumber
import pikepdf
import pytest

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import ERROR, Report
from tests.conftest import ROOT

LANGUAGES = ("de", "ar", "zh")
XHTML = "{http://www.w3.org/1999/xhtml}"
MM = 72 / 25.4
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: what the toolchain wrote in English before it had a catalogue (and still writes in an English book)
ENGLISH = ("Contents", "Notes", "Bibliography", "Cover", "Title Page", "Guide", "Print Pages",
           "Back to reference", "Imprint", "Published by", "Also in this series", "Colophon", "This book is set in",
           "Set in", "Part of the series", "in the series", "This article as an EPUB", "Articles in this series",
           "Previous", "Next", "Works cited", "OPDS catalog", "Download the series", "Each article as an EPUB",
           "meant to be read in order", "Skip to content", "Print PDF", "Screen PDF", "e-book for reading apps",
           "pages to print and bind", "pages for reading on a screen", "this article as an e-book", "bytes",
           "This publication meets", "March")

#: words each output must show, in the series' language (site, EPUB, PDF)
EXPECTED = {
    "de": {"site": ["Inhalt", "Anmerkungen", "Teil 1 von 2 der Reihe", "Zum Inhalt springen", "5. März 2024",
                    "Dieser Artikel als EPUB", "Die Reihe herunterladen", "Weiter"],
           "epub": ["Inhalt", "Umschlag", "Titelseite", "Zurück zu Verweis 2 auf Anmerkung 1", "5. März 2024",
                    "Diese Publikation erfüllt WCAG 2.1 Stufe AA.", "Seiten der Druckausgabe", "Wegweiser"],
           "pdf": ["Inhalt", "Verlag: Verlag Muster, 5. März 2024", "Ebenfalls in dieser Reihe",
                   "Gesetzt aus der Linux Libertine."]},
    "ar": {"site": ["المحتويات", "الحواشي", "الجزء 1 من 2 في سلسلة", "انتقل إلى المحتوى", "5 مارس 2024",
                    "هذه المقالة بصيغة EPUB", "تنزيل السلسلة", "التالي"],
           "epub": ["المحتويات", "الغلاف", "صفحة العنوان", "العودة إلى الإحالة 2 إلى الحاشية 1", "5 مارس 2024",
                    "صفحات الطبعة الورقية"],
           "pdf": ["المحتويات", "الناشر", "دار النموذج", "مارس", "في السلسلة نفسها", "الانتفاضة",
                   "رفض الجنود إطلاق النار"]},  # (poppler gives a line of mixed directions in its own order)
    "zh": {"site": ["目录", "注释", "本系列第 1 篇，共 2 篇：", "跳到正文", "2024年3月5日", "本文 EPUB 版", "下载本系列",
                    "下一篇"],
           "epub": ["目录", "封面", "扉页", "返回注释 1 的第 2 处引用", "2024年3月5日", "印刷版页码"],
           "pdf": ["目录", "样本出版社 出版，2024年3月5日", "本丛书其他书目", "起义", "士兵拒绝向人群开枪"]},
}
#: the font each script is set in, embedded in the print book
SCRIPT_FONT = {"ar": "Noto-Naskh-Arabic", "zh": "WenQuanYi-Micro-Hei"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each series built into all three outputs: language -> build/<series>/."""
    root = tmp_path_factory.mktemp("languages")
    found = {}
    for language in LANGUAGES:
        report = Report()
        build(ROOT / "tests" / "series" / f"lang-{language}", ("pdf", "epub", "site"), root, report)
        assert not report.errors, [d.format() for d in report.errors]
        untranslated = [d.format() for d in report.items if d.code == "label-untranslated"]
        assert not untranslated, untranslated
        found[language] = root / f"lang-{language}"
    return found


def epub_documents(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.endswith((".xhtml", ".opf", ".ncx"))}


def markup_text(data: bytes) -> str:
    """What a page says: its text and the text of its attributes (labels, titles, alternatives)."""
    root = lxml.etree.fromstring(data, lxml.etree.XMLParser(recover=True)) if data.lstrip().startswith(b"<?xml") \
        else lxml.html.document_fromstring(data)
    attributes = [value for element in root.iter() if isinstance(element.tag, str)
                  for name, value in element.attrib.items()
                  if name in ("aria-label", "title", "alt", "content")]
    return " ".join(["".join(root.itertext()), *attributes])


def pdf_text(pdf: Path) -> str:
    """The print book's text as poppler extracts it, without the marks of direction it adds."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return BIDI_MARKS.sub("", text)


def outputs_text(out: Path, language: str) -> dict[str, str]:
    site = out / "site"
    return {"site": " ".join(markup_text(page.read_bytes()) for page in sorted(site.glob("*.html")))
            + markup_text((site / "opds.xml").read_bytes()),
            "epub": " ".join(markup_text(data) for data in epub_documents(out / f"lang-{language}.epub").values()),
            "pdf": " ".join(pdf_text(out / name) for name in (f"lang-{language}.pdf", f"lang-{language}-screen.pdf"))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_word_of_the_toolchain_is_left(built, language):
    for output, text in outputs_text(built[language], language).items():
        left = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
        assert not left, f"{output} of the {language} series still says {left}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_toolchain_speaks_the_series_language(built, language):
    texts = outputs_text(built[language], language)
    for output, words in EXPECTED[language].items():
        flat = re.sub(r"\s+", " ", texts[output])
        missing = [word for word in words if word not in flat]
        assert not missing, f"{output} of the {language} series lacks {missing}"


def test_arabic_reads_right_to_left_in_every_output(built):
    out = built["ar"]
    documents = epub_documents(out / "lang-ar.epub")
    opf = lxml.etree.fromstring(documents["EPUB/content.opf"])
    spine = opf.find("{http://www.idpf.org/2007/opf}spine")
    assert spine.get("page-progression-direction") == "rtl"
    pages = [lxml.etree.fromstring(data) for name, data in documents.items() if name.endswith(".xhtml")]
    assert pages and all(page.get("dir") == "rtl" for page in pages)
    for page in sorted((out / "site").glob("*.html")):
        assert lxml.html.document_fromstring(page.read_bytes()).get("dir") == "rtl", page.name
    for name in ("lang-ar.pdf", "lang-ar-screen.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L, name


def test_a_left_to_right_book_says_nothing_of_direction(built):
    out = built["de"]
    documents = epub_documents(out / "lang-de.epub")
    assert "page-progression-direction" not in documents["EPUB/content.opf"].decode()
    assert all(b' dir="' not in data for data in documents.values())
    assert b' dir="' not in (out / "site" / "index.html").read_bytes()
    with pikepdf.open(out / "lang-de.pdf") as pdf:
        assert "/Direction" not in pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_each_script_is_set_in_its_own_font_in_every_output(built, language):
    out = built[language]
    fonts = subprocess.run(["pdffonts", str(out / f"lang-{language}.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert SCRIPT_FONT[language] in fonts
    assert "Small-Caps" not in fonts  # (no small capitals made up for a script without capitals)
    with zipfile.ZipFile(out / f"lang-{language}.epub") as archive:
        css = archive.read("EPUB/css/epub.css").decode()
    assert "unicode-range" in css
    assert "unicode-range" in (out / "site" / "css" / "book.css").read_text(encoding="utf-8")


def test_a_german_book_ships_no_font_of_another_script(built):
    out = built["de"]
    with zipfile.ZipFile(out / "lang-de.epub") as archive:
        fonts = [name for name in archive.namelist() if name.startswith("EPUB/fonts/")]
    assert all("LinLibertine" in name for name in fonts), fonts
    assert not (out / "site" / "css" / "book.css").exists()


def test_the_validators_find_nothing_to_say(built):
    epubs = [out / f"lang-{language}.epub" for language, out in built.items()]
    epubs += [path for out in built.values() for path in sorted((out / "articles").glob("*.epub"))]
    found = check_outputs(epubs=epubs, site_dirs=[out / "site" for out in built.values()],
                          pdfs=[out / f"lang-{language}.pdf" for language, out in built.items()])
    problems = [d.format() for d in found if d.severity == ERROR or d.code.startswith(("validator-", "ace-", "axe-"))]
    assert not problems, "\n".join(problems)


def test_a_note_in_latin_letters_keeps_its_direction_in_an_arabic_book(built):
    out = built["ar"]
    with zipfile.ZipFile(out / "lang-ar.epub") as archive:
        second = lxml.etree.fromstring(archive.read("EPUB/text/alintikhabat.xhtml"))
        first = lxml.etree.fromstring(archive.read("EPUB/text/alintifada.xhtml"))
    assert second.find(f".//{XHTML}aside[@id='alintikhabat-note-1']").get("dir") == "ltr"  # "Marx, The Civil War..."
    assert first.find(f".//{XHTML}aside[@id='alintifada-note-1']").get("dir") is None  # Arabic, quoting Latin
    page = lxml.html.parse(str(out / "site" / "alintikhabat.html")).getroot()
    assert page.get_element_by_id("alintikhabat-note-1").get("dir") == "ltr"
    assert "Marx, The Civil War in France, p. 12." in pdf_text(out / "lang-ar.pdf").replace("\xa0", " ")


def test_a_font_under_another_licence_than_the_ofl_ships_its_licence(built):
    fonts = built["zh"] / "site" / "fonts"
    assert "Apache-2.0" in (fonts / "LICENSE-WenQuanYiMicroHei.txt").read_text(encoding="utf-8")
    assert (fonts / "LICENSE-OFL.txt").is_file()


def text_margins(pdf_path: Path) -> dict[int, tuple[float, float]]:
    """For each page of text (20 words or more): the blank from the trim to its words, left and right, in mm."""
    with pikepdf.open(pdf_path) as pdf:
        trims = [[float(x) for x in page.TrimBox] for page in pdf.pages]
    found = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, (page, trim) in enumerate(zip(pdf.pages, trims), start=1):
            words = page.extract_words()
            if len(words) >= 20:
                found[number] = ((min(w["x0"] for w in words) - trim[0]) / MM,
                                 (trim[2] - max(w["x1"] for w in words)) / MM)
    return found


def test_the_arabic_print_book_is_bound_on_the_right(built):
    """A recto of a book read right to left is a left-hand page: its wide margin, at the spine, is on its right."""
    arabic, german = text_margins(built["ar"] / "lang-ar.pdf"), text_margins(built["de"] / "lang-de.pdf")
    assert arabic and arabic.keys() == german.keys()
    for page, (left, right) in arabic.items():
        spine, outside = (right, left) if page % 2 else (left, right)
        assert spine > outside + 3, (page, left, right)
    for page, (left, right) in german.items():
        spine, outside = (left, right) if page % 2 else (right, left)
        assert spine > outside + 3, (page, left, right)
