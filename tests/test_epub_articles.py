"""Each article as an EPUB of its own (``articles/<slug>.epub``): a whole book, as valid as the series EPUB,
that says which series it belongs to and where, and follows the same print pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from publish.adapters import epub
from publish.load import load_series
from tests import expected
from tests.conftest import ROOT, make_job
from tests.test_epub import NS, Book
from tests.test_epub_pages import paged, page_list  # noqa: F401  (the session's paged build)

TORTURE = ROOT / "tests" / "series" / "torture"


@pytest.fixture(scope="module")
def series(paged):  # noqa: F811
    return load_series(paged.series)


@pytest.fixture(scope="module")
def article_books(paged, series):  # noqa: F811
    return {article.slug: Book(paged.out / "articles" / f"{article.slug}.epub") for article in series.articles}


def dc(book: Book, name: str) -> list[str]:
    return [element.text for element in book.opf.iterfind(f".//dc:{name}", NS)]


def test_one_book_per_article_beside_the_series_book(paged, series):  # noqa: F811
    assert sorted(p.name for p in (paged.out / "articles").iterdir()) == sorted(
        f"{a.slug}.epub" for a in series.articles)
    assert (paged.out / "paged.epub").is_file()


def test_metadata_names_the_article_and_its_place_in_the_series(article_books, series):
    identifiers = {dc(Book(article_books[series.articles[0].slug].path), "identifier")[0]}
    for article in series.articles:
        book = article_books[article.slug]
        assert dc(book, "title") == [article.title] and dc(book, "creator") == list(article.authors)
        assert dc(book, "language") == ["en"] and dc(book, "publisher") == ["Test Press"]
        assert book.meta("belongs-to-collection") == ["Paged Series"]
        assert book.meta("collection-type") == ["series"] and book.meta("group-position") == [str(article.index)]
        index = book.opf.find(".//opf:meta[@name='calibre:series_index']", NS).get("content")
        assert index == str(article.index)
        assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
        identifiers.add(dc(book, "identifier")[0])
    assert len(identifiers | {series.config.identifier}) == len(series.articles) + 1


def test_each_book_holds_its_article_with_a_cover_title_page_and_contents(article_books, series):
    for article in series.articles:
        book = article_books[article.slug]
        names = [name.rsplit("/", 1)[-1] for name in book.spine]
        assert names == ["cover.xhtml", "titlepage.xhtml", "nav.xhtml", f"{article.slug}.xhtml", "bibliography.xhtml"]
        works = book.xml(book.spine[-1]).xpath("//x:section[@role='doc-bibliography']/x:div/@id", namespaces=NS)
        assert works and all(work.startswith(f"ref-r{article.index}x") for work in works)
        assert set(book.spine) <= {path for path, _, _ in book.nav_links("toc")}
        links = book.nav_links("toc")
        for heading in article.headings:
            assert (f"{book.base}/text/{article.slug}.xhtml", heading.id, None) in links
        title_page = "".join(book.xml(book.spine[1]).itertext())
        assert article.title in title_page and "Paged Series" in title_page
        cover = book.xml(book.spine[0]).find(".//x:img", NS).get("alt")
        assert cover.startswith(article.title)
        with Image.open(book.zip.open(book.href(book.with_property("cover-image")))) as image:
            assert image.size == (1600, 2560)


def test_each_article_has_its_own_drawn_cover(paged, article_books):  # noqa: F811
    covers = [book.zip.read(book.href(book.with_property("cover-image"))) for book in
              [Book(paged.out / "paged.epub"), *article_books.values()]]
    assert len(set(covers)) == len(covers) == 3


def test_every_note_call_resolves_in_the_articles_own_book(paged, article_books):  # noqa: F811
    """Each article's own book holds its notes and calls as pandoc finds them in the article (tests/expected.py)."""
    for slug, notes in expected.series_notes(paged.series).items():
        doc = article_books[slug].text(slug)
        asides = [a.get("id") for a in doc.xpath("//x:aside[@role='doc-footnote']", namespaces=NS)]
        assert asides == [note.id for note in notes]
        calls = doc.xpath("//x:a[@role='doc-noteref']/@href", namespaces=NS)
        assert calls and sorted(href.removeprefix("#") for href in calls) == sorted(
            note.id for note in notes for _ in range(note.calls))


def test_each_book_lists_its_articles_print_pages(paged, article_books, series):  # noqa: F811
    whole = Book(paged.out / "paged.epub")
    for article in series.articles:
        book = article_books[article.slug]
        own = [(label, ident) for label, _, ident in page_list(book)]
        assert own and own == [(label, ident) for label, name, ident in page_list(whole)
                               if name.endswith(f"/{article.slug}.xhtml")]
        assert "printPageNumbers" in book.meta("schema:accessibilityFeature")
        assert book.meta("pageBreakSource") == [series.config.identifier]


def test_an_articles_book_cites_only_its_own_works(tmp_path):
    job = make_job(TORTURE, tmp_path)
    paths = epub.build(job)
    assert [p.relative_to(job.stage).as_posix() for p in paths] == [
        "torture.epub", "articles/first.epub", "articles/second.epub"]
    # the works each torture article cites, read from its Markdown: the first cites none
    cited = {"articles/first.epub": [], "articles/second.epub": ["ref-eagleton2011", "ref-parenti1997"]}
    for path in paths[1:]:
        book = Book(path)
        pages = [name for name in book.spine if name.endswith("/bibliography.xhtml")]
        expected = cited[path.relative_to(job.stage).as_posix()]
        assert len(pages) == (1 if expected else 0)
        for page in pages:
            entries = book.xml(page).xpath("//x:section[@role='doc-bibliography']/x:div/@id", namespaces=NS)
            assert sorted(entries) == expected
    assert [d.code for d in job.report.items] == ["epub-no-page-list"]


def test_article_books_are_byte_identical_across_builds(paged, tmp_path):  # noqa: F811
    job = make_job(paged.series, tmp_path)
    job.page_map = None
    (tmp_path / "paged" / ".pagemap.json").write_bytes((paged.out / ".pagemap.json").read_bytes())
    for path in epub.build(job)[1:]:
        assert path.read_bytes() == (paged.out / "articles" / path.name).read_bytes()


def test_epubcheck_and_ace_find_nothing_in_the_series_and_article_books(paged):  # noqa: F811
    from publish import check
    books: list[Path] = [paged.out / "paged.epub", *sorted((paged.out / "articles").glob("*.epub"))]
    assert len(books) == 3
    assert [d.format() for d in check.check_outputs(epubs=books)] == []
