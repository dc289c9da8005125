"""A Persian, a Hebrew and a Japanese series (tests/series/lang-*), and the Arabic one, built into all three outputs:
the toolchain's words and dates in each language (Persian in its own digits), right to left where the language is,
each script in the one font of the three outputs, notes' numbers beside their text whichever way the note reads,
backlinks that point back the way their note reads, and the validators find nothing to say.

Every expected word, date and arrow is written here by hand, not read from the catalogue or code under test.
"""
from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pdfplumber
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import ERROR, Report
from tests.conftest import ROOT, write_series
from tests.test_languages import ENGLISH, XHTML, epub_documents, markup_text, outputs_text, pdf_text

LANGUAGES = ("fa", "he", "ja", "ar")

#: words each output must show, in the series' language (site, EPUB, PDF)
EXPECTED = {
    "fa": {"site": ["فهرست مطالب", "یادداشت‌ها", "رفتن به محتوا", "بارگیری مجموعه", "بعدی", "۵ مارس ۲۰۲۴",
                    "این دو مقاله", "بخش ۱ از ۲"],
           "epub": ["فهرست مطالب", "۵ مارس ۲۰۲۴", "بازگشت به ارجاع ۲ به یادداشت ۱"],
           "pdf": ["فهرست مطالب", "نشر نمونه", "مارس ۲۰۲۴", "در همین مجموعه", "خیزش"]},
    "he": {"site": ["תוכן העניינים", "הערות", "דילוג לתוכן", "הורדת הסדרה", "הבא", "5 במרץ 2024",
                    "חלק 1 מתוך 2 בסדרה"],
           "epub": ["תוכן העניינים", "5 במרץ 2024", "חזרה להפניה 2 להערה 1"],
           "pdf": ["תוכן העניינים", "הוצאת דוגמה", "במרץ", "המרד"]},
    "ja": {"site": ["目次", "注", "本文へ移動", "シリーズをダウンロード", "次へ", "2024年3月5日", "この論考の EPUB 版"],
           "epub": ["目次", "2024年3月5日"],
           "pdf": ["目次", "発行：見本出版、2024年3月5日", "蜂起", "兵士たちは群衆への発砲を拒んだ"]},
}
#: the arrow of a note's second backlink: pointing back the way the note reads
ARROW = {"fa": "↪", "he": "↪", "ar": "↪", "ja": "↩"}
SECOND_CALL = {"fa": "khizesh", "he": "hamered", "ar": "alintifada", "ja": "hoki"}  #: the page of a note cited twice
ARABIC_NOTE = """
    ---
    title: One
    ---

    A sentence.[^ar] Another sentence.[^en] And again.[^ar]

    [^ar]: انظر وصف الأحداث عند ليساغاريه، وهو أوفى المصادر.

    [^en]: An English note.
    """


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each series built into all three outputs (language -> build/<series>/), and "en": an English series with
    an Arabic note."""
    root = tmp_path_factory.mktemp("scripts")
    series = {language: ROOT / "tests" / "series" / f"lang-{language}" for language in LANGUAGES}
    series["en"] = write_series(root / "src" / "lang-en", {"01-one.md": ARABIC_NOTE})
    for language, folder in series.items():
        report = Report()
        build(folder, ("pdf", "epub", "site"), root, report)
        assert not report.items, [d.format() for d in report.items]
    return {language: root / f"lang-{language}" for language in series}


@pytest.mark.parametrize("language", ["fa", "he", "ja"])
def test_the_toolchain_speaks_the_series_language(built, language):
    texts = outputs_text(built[language], language)
    for output, words in EXPECTED[language].items():
        flat = re.sub(r"\s+", " ", texts[output])
        missing = [word for word in words if word not in flat]
        assert not missing, f"{output} of the {language} series lacks {missing}"
        left = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", flat)]
        assert not left, f"{output} of the {language} series still says {left}"


def test_persian_writes_its_dates_and_sizes_in_persian_digits(built):
    pages = " ".join(markup_text(page.read_bytes()) for page in (built["fa"] / "site").glob("*.html"))
    assert "2024" not in pages + pdf_text(built["fa"] / "lang-fa.pdf")  # (OPDS keeps its ISO dates)
    imprint = [line for line in pdf_text(built["fa"] / "lang-fa.pdf").splitlines() if "نشر نمونه" in line]
    assert any("۵" in line and "۲۰۲۴" in line for line in imprint), imprint
    index = lxml.html.parse(str(built["fa"] / "site" / "index.html")).getroot()
    assert index.find(".//time").text == "۵ مارس ۲۰۲۴"


@pytest.mark.parametrize("language", ["fa", "he"])
def test_persian_and_hebrew_read_right_to_left_in_every_output(built, language):
    out = built[language]
    documents = epub_documents(out / f"lang-{language}.epub")
    spine = lxml.etree.fromstring(documents["EPUB/content.opf"]).find("{http://www.idpf.org/2007/opf}spine")
    assert spine.get("page-progression-direction") == "rtl"
    assert all(lxml.etree.fromstring(data).get("dir") == "rtl" for name, data in documents.items()
               if name.endswith(".xhtml"))
    assert all(lxml.html.parse(str(page)).getroot().get("dir") == "rtl" for page in (out / "site").glob("*.html"))
    for name in (f"lang-{language}.pdf", f"lang-{language}-screen.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L, name


def test_hebrew_is_set_in_noto_serif_hebrew_in_every_output(built):
    out = built["he"]
    fonts = subprocess.run(["pdffonts", str(out / "lang-he.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-Hebrew" in fonts
    with pdfplumber.open(out / "lang-he.pdf") as pdf:
        hebrew = [char for page in pdf.pages for char in page.chars if "\u05d0" <= char["text"] <= "\u05ea"]
    assert len(hebrew) > 200
    assert {char["fontname"].split("+")[-1] for char in hebrew} <= {"Noto-Serif-Hebrew", "Noto-Serif-Hebrew-Italic"}
    with zipfile.ZipFile(out / "lang-he.epub") as archive:
        assert "NotoSerifHebrew" in archive.read("EPUB/css/epub.css").decode()
        font = next(name for name in archive.namelist() if "NotoSerifHebrew" in name)
        assert TTFont(io.BytesIO(archive.read(font)))["name"].getDebugName(1) == "Noto Serif Hebrew Subset"
    assert "NotoSerifHebrew" in (out / "site" / "css" / "book.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_second_backlink_points_back_the_way_its_note_reads(built, language):
    slug = SECOND_CALL[language]
    with zipfile.ZipFile(built[language] / f"lang-{language}.epub") as archive:
        page = lxml.etree.fromstring(archive.read(f"EPUB/text/{slug}.xhtml"))
    arrows = [link.text for link in page.iter(f"{XHTML}a") if link.get("class") == "note-backlink"]
    site = lxml.html.parse(str(built[language] / "site" / f"{slug}.html")).getroot()
    arrows += [link.text for link in site.find_class("note-backlink")]
    assert arrows == [ARROW[language]] * 2


def test_an_arabic_note_in_an_english_book_points_its_backlink_its_own_way(built):
    page = lxml.html.parse(str(built["en"] / "site" / "one.html")).getroot()
    assert page.get_element_by_id("one-note-1").find_class("note-backlink")[0].text == "↪"
    assert page.get_element_by_id("one-note-1").get("dir") == "rtl"


def words_of(pdf: Path, needle: str) -> list[dict]:
    """The words of the print page that shows ``needle``, with their places."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            words = page.extract_words(keep_blank_chars=False)
            if any(needle in word["text"] for word in words):
                return words
    raise AssertionError(f"{needle!r} is on no page of {pdf}")


def test_a_latin_note_in_an_arabic_print_book_reads_left_to_right_beside_its_number(built):
    words = words_of(built["ar"] / "lang-ar.pdf", "Civil")
    line = sorted((w for w in words if abs(w["top"] - next(x for x in words if x["text"] == "Civil")["top"]) < 2),
                  key=lambda w: w["x0"])
    assert [w["text"] for w in line] == ["Marx,", "The", "Civil", "War", "in", "France,", "p.", "12.", "1."]
    text_end, number = line[-2], line[-1]
    assert 0 < number["x0"] - text_end["x1"] < 10  # the number on the right, a space away from the text's end


def test_each_note_number_of_an_arabic_print_book_stands_on_its_note_first_line(built):
    words = words_of(built["ar"] / "lang-ar.pdf", "300000")
    numbers = {w["text"]: w for w in words if w["text"] in (".1", ".2")}  # ("1." set right to left)
    first_word = next(w for w in words if w["text"] == "300000")  # in note 2's only line
    assert abs(numbers[".2"]["top"] - first_word["top"]) < 2
    assert numbers[".1"]["top"] < numbers[".2"]["top"] - 10  # note 1 above, on its own first line
    right = max(w["x1"] for w in words if w["top"] > first_word["top"] - 30)
    assert numbers[".1"]["x1"] == pytest.approx(right, abs=1) and numbers[".2"]["x1"] == pytest.approx(right, abs=1)


def test_an_arabic_note_in_an_english_site_has_its_number_at_its_start(built, tmp_path):
    from playwright.sync_api import sync_playwright
    page_path = built["en"] / "site" / "one.html"
    measure = """id => { const item = document.getElementById(id), link = item.querySelector('.note-number');
        const text = link.nextSibling, range = document.createRange(); range.setStart(text, 1); range.setEnd(text, 2);
        const n = link.getBoundingClientRect(), c = range.getBoundingClientRect();
        return {number: [n.left, n.right, n.top], first: [c.left, c.right, c.top]}; }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 800, "height": 900}, java_script_enabled=False)
        tab.goto(page_path.as_uri())
        arabic, english = tab.evaluate(measure, "one-note-1"), tab.evaluate(measure, "one-note-2")
        browser.close()
    assert arabic["first"][1] <= arabic["number"][0] + 1 < arabic["first"][1] + 12  # number just right of its start
    assert english["number"][1] <= english["first"][0] + 1  # an English note's number just left of its start
    assert abs(arabic["number"][2] - arabic["first"][2]) < 8 and arabic["number"][0] > english["number"][1]


def test_an_arabic_note_in_an_english_print_book_ends_against_its_number(built):
    words = words_of(built["en"] / "lang-en.pdf", "sentence")
    number = next(w for w in words if w["text"] in ("1.", ".1"))
    line = [w for w in words if abs(w["top"] - number["top"]) < 5 and w is not number]
    assert number["x0"] == pytest.approx(next(w for w in words if w["text"] == "2.")["x0"], abs=1)  # the left column
    assert 0 < min(w["x0"] for w in line) - number["x1"] < 12


def shown_text(root) -> str:
    """What a page may show in its font: its text, and the alternatives and titles of its elements (not the
    labels that only a screen reader reads)."""
    return "".join(root.itertext()) + "".join(root.xpath("//@alt | //@title"))


def test_a_japanese_book_has_no_made_up_small_capitals_and_cuts_its_font_to_its_characters(built):
    out = built["ja"]
    fonts = subprocess.run(["pdffonts", str(out / "lang-ja.pdf")], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi-Micro-Hei" in fonts and "Small-Caps" not in fonts
    documents = epub_documents(out / "lang-ja.epub")
    epub_text = "".join(shown_text(lxml.etree.fromstring(data)) for name, data in documents.items()
                        if name.endswith(".xhtml"))
    site_text = "".join(shown_text(lxml.html.parse(str(page)).getroot()) for page in (out / "site").glob("*.html"))
    with zipfile.ZipFile(out / "lang-ja.epub") as archive:
        epub_font = TTFont(io.BytesIO(archive.read("EPUB/fonts/wqy-microhei.ttf")))
    site_font = TTFont(out / "site" / "fonts" / "wqy-microhei.woff2")
    for font, text in ((epub_font, epub_text), (site_font, site_text)):
        held = {chr(code) for code in font.getBestCmap()}
        shown = {char for char in text if unicodedata.east_asian_width(char) in ("W", "F")}
        assert held == shown, (sorted(held - shown), sorted(shown - held))
        assert {"蜂", "起", "「", "」", "年"} <= held and "猫" not in held and "A" not in held
        assert font["name"].getDebugName(1) == "WenQuanYi Micro Hei Subset"


def test_the_validators_find_nothing_to_say(built):
    languages = ("fa", "he", "ja")
    epubs = [built[language] / f"lang-{language}.epub" for language in languages]
    epubs += [path for language in languages for path in sorted((built[language] / "articles").glob("*.epub"))]
    found = check_outputs(epubs=epubs, site_dirs=[built[language] / "site" for language in languages],
                          pdfs=[built[language] / f"lang-{language}.pdf" for language in languages])
    problems = [d.format() for d in found if d.severity == ERROR or d.code.startswith(("validator-", "ace-", "axe-"))]
    assert not problems, "\n".join(problems)
