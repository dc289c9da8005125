"""The site adapter: pages, endnotes, downloads, no outside requests, validators."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from conftest import REAL_SERIES, ROOT, make_job, write_series

from publish.adapters import site as site_adapter
from tests import expected
from tests.extract import site_notes

ARTICLES = {
    "01-first.md": """
        ---
        title: The *First* Letter
        subtitle: On beginnings
        date: 2024-01-15
        ---

        A labelled note.[^shared] An inline note.^[Written where it is called.]
        A [link](https://example.org/a/long/path/that/must/wrap/on/a/narrow/screen/without/scrolling).

        > A quotation with a note inside it.[^quoted]

        The shared note again.[^shared] And a long one.[^long]

        Averyveryverylongwordwithoutanybreakopportunitiesthatcouldoverflowanarrowscreen text.

        [^shared]: The note cited twice: one number, one text, two calls.

        [^quoted]: A note called from inside a block quote.

        [^long]: The first paragraph of a long note.

            The second paragraph of the long note.
        """,
    "02-second.md": "---\ntitle: The Second Letter\n---\n\nIts own note.[^own]\n\n[^own]: Numbered from one.\n",
}
CONFIG = ("title: Letters on Method\nsubtitle: Essays in Two Parts\nlanguage: en-GB\nauthor: Ada Example\n"
          "description: Two short essays on reading and footnotes.\n")
TORTURE = ROOT / "tests" / "series" / "torture"
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)


ALL_OUTPUTS = ("two.epub", "two.pdf", "two-screen.pdf", "articles/first.epub")


def build_site(root: Path, articles=ARTICLES, config=CONFIG, outputs=ALL_OUTPUTS):
    """Build the site of a small series beside stand-ins for the other outputs (3000 bytes each)."""
    job = make_job(write_series(root / "series" / "two", articles, config), root / "build")
    for name in outputs:
        (job.stage / name).parent.mkdir(parents=True, exist_ok=True)
        (job.stage / name).write_bytes(b"x" * 3000)
    assert site_adapter.build(job) == [job.stage / "site"]
    return job, job.stage / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"))


def page(site: Path, name: str):
    return lxml.html.parse(str(site / name)).getroot()


def endnote_items(doc):
    return doc.xpath('//section[@role="doc-endnotes"]//ol[@class="notes-list"]/li')


def oracle_pages(job, site):
    """(article file, its page, its notes as pandoc's own HTML writer reads the file: tests/oracle.py)."""
    folder = job.series.config.folder
    notes = expected.series_notes(folder)
    return [(path, page(site, f"{expected.slug_of(path)}.html"), notes[expected.slug_of(path)])
            for path in expected.article_files(folder)]


def test_every_call_resolves_to_an_endnote_on_its_page(built):
    job, site = built
    for path, doc, _ in oracle_pages(job, site):
        notes = {li.get("id"): li for li in endnote_items(doc)}
        calls = doc.xpath('//a[@role="doc-noteref"]')
        assert len(calls) == expected.call_count(job.series.config.folder, path), path.name
        for call in calls:
            assert call.getparent().tag == "sup" and call.getparent().get("class") == "noteref"
            assert call.text == notes[call.get("href")[1:]].get("value")


def test_each_note_once_with_its_number_text_and_backlinks(built):
    """Each endnote, in order, is "n." then the note's text as pandoc writes it (read back by tests/extract.py,
    which leaves out the number and the backlinks as the oracle leaves out pandoc's ↩︎), then a backlink to
    each of its calls."""
    job, site = built
    found = site_notes(site)
    for _, doc, notes in oracle_pages(job, site):
        items = endnote_items(doc)
        assert [li.get("id") for li in items] == [n.id for n in notes]
        for note, li in zip(notes, items):
            assert len(doc.xpath(f'//*[@id="{note.id}"]')) == 1
            assert li.get("value") == str(note.number)
            assert [a.text for a in li.xpath('.//a[@class="note-number"]')] == [f"{note.number}."]
            assert " ".join(li.text_content().split()).startswith(f"{note.number}. ")
            assert found[note.id].text == note.text
            links = li.xpath('.//a[@role="doc-backlink"]')
            assert [a.get("href")[1:] for a in links] == note.call_ids
            for link in links:  # each leads to exactly one call of this note
                assert doc.xpath(f'//*[@id="{link.get("href")[1:]}"][@role="doc-noteref"]/@href') == [f"#{note.id}"]


def test_a_note_cited_twice_and_inline_quoted_and_long_notes(built):
    job, site = built
    doc = page(site, "first.html")
    assert [c.id for c in job.series.articles[0].note("first-note-1").calls] == ["first-noteref-1",
                                                                                 "first-noteref-1-2"]
    assert len(doc.xpath('//li[@id="first-note-1"]')) == 1 and len(doc.xpath('//a[@href="#first-note-1"]')) == 2
    further = doc.xpath('//li[@id="first-note-1"]//a[@class="note-backlink"]')
    assert [(a.get("aria-label"), a.getparent().tag) for a in further] == [("Back to reference 2 of note 1", "p")]
    assert doc.xpath('//blockquote//a[@role="doc-noteref"]/@href') == ["#first-note-3"]
    assert "Written where it is called." in doc.xpath('//li[@id="first-note-2"]')[0].text_content()
    long = doc.xpath('//li[@id="first-note-4"]')[0]
    assert [p.text_content().strip()[:10] for p in long.xpath("./p")] == ["4. The fir", "The second"]
    assert page(site, "second.html").xpath('//li[@value="1"]/@id') == ["second-note-1"]


def test_pages_carry_the_series_language_and_landmarks(built):
    job, site = built
    for name in ["index.html", "first.html", "second.html"]:
        doc = page(site, name)
        assert doc.get("lang") == "en-GB"
        assert len(doc.xpath("//main")) == 1
        skip = doc.xpath('//a[@class="skip-link"]')[0]
        assert doc.xpath(f'//main[@id="{skip.get("href")[1:]}"]')
        assert len(doc.xpath("//h1")) == 1
    first = page(site, "first.html")
    assert first.xpath("//h1")[0].text_content() == "The First Letter"
    assert "Part 1 of 2 in the series" in first.xpath('//p[@class="series-line"]')[0].text_content()
    assert first.xpath('//a[@rel="next"]/@href') == ["second.html"]
    assert page(site, "second.html").xpath('//a[@rel="prev"]/@href') == ["first.html"]
    assert first.xpath('//nav//a[@href="index.html"]')


def test_landing_page_lists_the_series_and_its_downloads(built):
    job, site = built
    doc = page(site, "index.html")
    text = " ".join(doc.text_content().split())
    assert all(words in text for words in ("Letters on Method", "Essays in Two Parts", "Two short essays",
                                           "form a series", "On beginnings", "15 January 2024"))
    assert doc.xpath('//ol[@class="contents-list"]//a/@href') == ["first.html", "second.html"]
    links = doc.xpath('//section[@class="downloads"]//a')
    assert [(a.get("href"), a.get("type")) for a in links] == [
        ("downloads/two.epub", "application/epub+zip"), ("downloads/two.pdf", "application/pdf"),
        ("downloads/two-screen.pdf", "application/pdf"), ("downloads/articles/first.epub", "application/epub+zip")]
    assert [a.text_content() for a in links] == ["EPUB", "Print PDF", "Screen PDF", "The First Letter"]
    for a in links:
        assert (site / a.get("href")).read_bytes() == b"x" * 3000
        assert "3 KB" in a.getparent().text_content()


def test_each_article_links_its_own_epub(built):
    job, site = built
    own = page(site, "first.html").xpath('//a[@type="application/epub+zip"]')
    assert [a.get("href") for a in own] == ["downloads/articles/first.epub"]
    assert "3 KB" in own[0].getparent().text_content()
    assert not page(site, "second.html").xpath('//a[@type="application/epub+zip"]')


def test_missing_downloads_are_left_out(tmp_path):
    _, site = build_site(tmp_path, outputs=("two.epub",))
    assert page(site, "index.html").xpath('//section[@class="downloads"]//a/@href') == ["downloads/two.epub"]
    _, site = build_site(tmp_path / "none", outputs=())
    assert not page(site, "index.html").xpath('//section[@class="downloads"]')
    assert not (site / "downloads").exists()


def test_pages_styles_and_fonts_are_all_here(built):
    job, site = built
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "first.html", "second.html", "css/base.css", "css/site.css", "js/notes.js",
            "fonts/LICENSE-OFL.txt", "fonts/LinLibertine_R.woff2"} <= names
    assert not job.report.items
    for path in site.glob("*.html"):
        doc = page(site, path.name)
        for element in doc.xpath("//link | //script | //img | //source | //iframe | //video | //audio"):
            assert not any(EXTERNAL.match(element.get(a) or "") for a in ("href", "src", "srcset")), path.name
        assert not doc.xpath("//script[not(@src)] | //style | //@style[contains(., 'url(')]")
        assert all((site / src).is_file() for src in doc.xpath("//script/@src")), path.name
    for sheet in (site / "css").glob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            assert not EXTERNAL.match(url) and (sheet.parent / url).resolve().is_file(), url
        assert "@import" not in sheet.read_text(encoding="utf-8")


def test_same_series_same_bytes(tmp_path):
    one, two = (build_site(tmp_path / name)[1] for name in "ab")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in files)


def test_an_article_named_index_is_an_error(tmp_path):
    job = make_job(write_series(tmp_path / "s", {"01-index.md": "---\ntitle: Index\n---\n\nText.\n"}), tmp_path)
    assert site_adapter.build(job) == []
    assert [d.code for d in job.report.errors] == ["site-page-name"]


def test_site_words_are_in_the_series_language_or_marked_english(tmp_path):
    _, site = build_site(tmp_path / "de", {"01-brief.md": ARTICLES["02-second.md"]}, "title: Briefe\nlanguage: de\n")
    doc = page(site, "brief.html")
    assert doc.get("lang") == "de"
    assert doc.xpath('//h2[@id="notes-heading"]')[0].text_content() == "Anmerkungen"
    assert doc.xpath('//h2[@id="notes-heading"]/@lang') == []
    _, site = build_site(tmp_path / "sw", {"01-barua.md": ARTICLES["02-second.md"]}, "title: Barua\nlanguage: sw\n")
    doc = page(site, "barua.html")  # (no catalogue in Swahili: the English words, said to be English)
    assert doc.xpath('//h2[@id="notes-heading"]/@lang') == ["en"]


@pytest.fixture(scope="module")
def other_sites(tmp_path_factory):
    """The real series, and the torture series (continuous numbering, lists and tables, a bibliography)."""
    root = tmp_path_factory.mktemp("others")
    return [site_adapter.build(make_job(folder, root / folder.name))[0] for folder in (REAL_SERIES, TORTURE)]


def test_real_series_and_a_bibliography(other_sites):
    real, torture = other_sites
    doc = page(real, "siege-socialism.html")
    assert [li.get("value") for li in endnote_items(doc)] == ["1", "2", "3", "4", "5"]
    assert len(doc.xpath('//a[@role="doc-noteref"]')) == 5
    assert page(torture, "second.html").xpath('//ol[@class="notes-list"]/li/@value')[0] == "9"
    assert page(torture, "index.html").xpath('//a[@href="bibliography.html"]')
    entries = page(torture, "bibliography.html").xpath('//*[@role="doc-bibliography"]//div[@class="csl-entry"]')
    assert [e.get("id") for e in entries] == ["ref-eagleton2011", "ref-parenti1997"]


def test_validators_find_nothing(built, other_sites):
    from publish import check
    diagnostics = check.check_outputs(site_dirs=[built[1], *other_sites])
    assert [d.format() for d in diagnostics] == []
