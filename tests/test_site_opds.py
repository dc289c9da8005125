"""The site's OPDS catalog: an Atom feed reading apps can browse, with covers and acquisition links."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
from conftest import make_job, write_series
from lxml import etree
from PIL import Image
from test_site import ARTICLES, CONFIG

from publish.adapters import epub
from publish.adapters import site as site_adapter

NS = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/terms/"}
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE, THUMBNAIL = "http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"
ARTICLE_ID = "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def with_identifier(source: Path, target: Path, old: str, new: str) -> None:
    """A copy of an EPUB that names itself ``new``: an article's book stands in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w") as copy:
        for item in book.infolist():
            data = book.read(item)
            copy.writestr(item, data.replace(old.encode(), new.encode()) if item.filename.endswith(".opf") else data)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("opds")
    job = make_job(write_series(root / "series" / "two", ARTICLES, CONFIG + "date: 2024-02-01\n"), root / "build")
    epub.build(job)
    shutil.rmtree(job.stage / "articles", ignore_errors=True)  # one article's book, below, is enough here
    (job.stage / "two.pdf").write_bytes(b"%PDF-1.7 print")
    (job.stage / "two-screen.pdf").write_bytes(b"%PDF-1.7 screen")
    with_identifier(job.stage / "two.epub", job.stage / "articles" / "first.epub", job.series.config.identifier,
                    ARTICLE_ID)
    site = site_adapter.build(job)[0]
    return job, site, etree.parse(str(site / "opds.xml")).getroot()


def links(element, rel: str) -> list:
    return element.xpath("a:link[@rel=$rel]", rel=rel, namespaces=NS)


def test_the_feed_has_what_atom_and_opds_require(catalog):
    job, site, feed = catalog
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.xpath("string(a:title)", namespaces=NS) == "Letters on Method"
    assert feed.xpath("string(a:author/a:name)", namespaces=NS) == "Ada Example"
    assert feed.xpath("a:updated/text()", namespaces=NS) == [job.series.config.modified]
    assert RFC3339.match(job.series.config.modified)
    for rel in ("self", "start"):
        assert [(a.get("href"), a.get("type")) for a in links(feed, rel)] == [
            ("opds.xml", "application/atom+xml;profile=opds-catalog;kind=acquisition")]
    ids = feed.xpath("a:id/text() | a:entry/a:id/text()", namespaces=NS)
    assert len(ids) == len(set(ids)) == 3 and all(ids)
    for entry in feed.xpath("a:entry", namespaces=NS):
        assert entry.xpath("a:title/text()", namespaces=NS) and entry.xpath("a:author/a:name", namespaces=NS)
        assert entry.xpath("a:updated/text()", namespaces=NS) == [job.series.config.modified]
        assert entry.xpath("dc:language/text()", namespaces=NS) == ["en-GB"]
        assert entry.xpath("dc:issued/text()", namespaces=NS) == ["2024-02-01"]


def test_each_book_with_its_identifier_files_and_cover(catalog):
    job, site, feed = catalog
    whole, first = feed.xpath("a:entry", namespaces=NS)
    assert whole.xpath("string(a:id)", namespaces=NS) == job.series.config.identifier
    assert first.xpath("string(a:id)", namespaces=NS) == ARTICLE_ID  # what the article's EPUB calls itself
    assert first.xpath("string(a:title)", namespaces=NS) == "The First Letter"
    assert [(a.get("href"), a.get("type")) for a in links(whole, ACQUISITION)] == [
        ("downloads/two.epub", "application/epub+zip"), ("downloads/two.pdf", "application/pdf"),
        ("downloads/two-screen.pdf", "application/pdf")]
    assert [(a.get("href"), a.get("type")) for a in links(first, ACQUISITION)] == [
        ("downloads/articles/first.epub", "application/epub+zip")]
    assert (site / "downloads/two-screen.pdf").read_bytes() == b"%PDF-1.7 screen"
    assert [a.get("href") for a in links(first, "alternate")] == ["first.html"]
    for entry in (whole, first):
        for a in links(entry, ACQUISITION):
            assert (site / a.get("href")).is_file()
        (image,), (thumbnail,) = links(entry, IMAGE), links(entry, THUMBNAIL)
        assert image.get("type") == "image/jpeg" and thumbnail.get("type") == "image/jpeg"
        with Image.open(site / image.get("href")) as big, Image.open(site / thumbnail.get("href")) as small:
            assert big.format == small.format == "JPEG"
            assert small.width == 320 and big.width > small.width
    with zipfile.ZipFile(site / "downloads/two.epub") as book:
        assert any(n.endswith("/cover.jpg") and book.read(n) == (site / links(whole, IMAGE)[0].get("href")).read_bytes()
                   for n in book.namelist())


def test_the_landing_page_links_the_catalog(catalog):
    _, site, _ = catalog
    doc = lxml.html.parse(str(site / "index.html")).getroot()
    found = doc.xpath('//head/link[@rel="alternate"][starts-with(@type, "application/atom+xml;profile=opds-catalog")]')
    assert [a.get("href") for a in found] == ["opds.xml"]


def test_without_downloads_the_feed_is_empty_but_valid(tmp_path):
    job = make_job(write_series(tmp_path / "s", ARTICLES, CONFIG), tmp_path / "build")
    feed = etree.parse(str(site_adapter.build(job)[0] / "opds.xml")).getroot()
    assert feed.xpath("a:id/text()", namespaces=NS) and feed.xpath("a:updated/text()", namespaces=NS)
    assert feed.xpath("a:entry", namespaces=NS) == []


def test_same_series_same_catalog(catalog, tmp_path):
    job, site, _ = catalog
    again = make_job(job.series.config.folder, tmp_path)
    for name in ("two.epub", "two.pdf", "two-screen.pdf", "articles/first.epub"):
        (again.stage / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / "downloads" / name, again.stage / name)
    other = site_adapter.build(again)[0]
    for name in ("opds.xml", "covers/two.jpg", "covers/two-thumbnail.jpg"):
        assert (other / name).read_bytes() == (site / name).read_bytes(), name
