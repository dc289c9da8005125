"""The site's OPDS 1.2 catalog, ``site/opds.xml``: the series and each e-book, for reading apps.

An Atom acquisition feed: one entry for the whole series (its EPUB and PDFs),
one for each article that has an EPUB of its own. Each entry names the book's
own identifier (read from its EPUB), its cover (the EPUB's cover image, with a
small thumbnail) and acquisition links with their media types. Every date is
the series' reproducible ``modified`` time, so the same series gives the same bytes.
"""
from __future__ import annotations

import io
import posixpath
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lxml import etree
from PIL import Image

from publish.adapters.site.downloads import Download, Downloads
from publish.messages import messages_for
from publish.model import Series
from publish.templates import render

CATALOG = "opds.xml"
COVERS = "covers"
THUMBNAIL_WIDTH = 320
OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True)
class Cover:
    href: str
    media_type: str
    thumbnail: str    #: a JPEG


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    authors: tuple[str, ...]
    summary: str | None
    page: str                       #: the site page about it
    files: tuple[Download, ...]     #: what a reading app can download
    cover: Cover | None


@dataclass(frozen=True)
class EpubFacts:
    identifier: str | None
    cover: bytes | None
    cover_type: str | None


def write_catalog(series: Series, downloads: Downloads, site: Path, page_of, previous: Path | None = None) -> Path:
    """Write opds.xml (and the covers it shows) into ``site``; ``page_of(article)`` is its page's href;
    ``previous``: the site of the last build, whose thumbnails of unchanged covers are kept."""
    config = series.config
    entries, taken = [], set()
    if downloads.series:
        entries.append(entry(config.identifier, series.title, config.authors, config.description, "index.html",
                             downloads.series, site, taken, previous))
    for article in series.articles:
        own = downloads.articles.get(article.slug)
        if own:
            entries.append(entry(f"{config.identifier}#{article.slug}", article.title,
                                 article.authors or config.authors, article.subtitle, page_of(article),
                                 (own,), site, taken, previous))
    feed_authors = config.authors or ((config.publisher or config.title),)
    xml = render("site/opds.xml", config=config, feed_authors=feed_authors, entries=entries,
                 separator=messages_for(config)["list-separator"],
                 catalog=CATALOG, feed_id=f"{config.identifier}#opds")
    path = site / CATALOG
    path.write_text(xml, encoding="utf-8", newline="\n")
    return path


def entry(fallback_id: str, title: str, authors, summary, page: str, files, site: Path, taken: set,
          previous: Path | None = None) -> Entry:
    epub = next((f for f in files if f.media_type == "application/epub+zip"), None)
    facts = epub_facts(epub.path) if epub else EpubFacts(None, None, None)
    ident = facts.identifier if facts.identifier and facts.identifier not in taken else fallback_id
    taken.add(ident)
    cover = None
    if epub and facts.cover:
        cover = save_cover(facts, site, Path(epub.path).stem if epub.slug is None else f"article-{epub.slug}",
                           previous)
    return Entry(ident, title, tuple(authors), summary, page, tuple(files), cover)


def epub_facts(path: Path) -> EpubFacts:
    """The EPUB's unique identifier and cover image; what cannot be read is None."""
    try:
        with zipfile.ZipFile(path) as book:
            container = etree.fromstring(book.read("META-INF/container.xml"))
            opf_name = container.find(f".//{{{CONTAINER}}}rootfile").get("full-path")
            opf = etree.fromstring(book.read(opf_name))
            unique = opf.get("unique-identifier")
            found = opf.xpath("//dc:identifier[@id=$id]/text()", id=unique,
                              namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
            item = opf.xpath("//opf:manifest/opf:item[contains(concat(' ', @properties, ' '), ' cover-image ')]",
                             namespaces={"opf": OPF})
            cover, media = None, None
            if item and item[0].get("media-type") in IMAGE_TYPES:
                href = posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), item[0].get("href")))
                cover, media = book.read(href), item[0].get("media-type")
            return EpubFacts(found[0].strip() if found else None, cover, media)
    except (OSError, KeyError, AttributeError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return EpubFacts(None, None, None)


def save_cover(facts: EpubFacts, site: Path, stem: str, previous: Path | None = None) -> Cover | None:
    """The cover as the EPUB has it, and a thumbnail THUMBNAIL_WIDTH pixels wide (the one in ``previous``,
    the last build's site, when it was made from the same cover)."""
    folder = site / COVERS
    folder.mkdir(exist_ok=True)
    full = folder / f"{stem}{IMAGE_TYPES[facts.cover_type]}"
    thumbnail = folder / f"{stem}-thumbnail.jpg"
    before = (previous / COVERS / full.name, previous / COVERS / thumbnail.name) if previous else None
    try:
        if before and before[1].is_file() and before[0].is_file() and before[0].read_bytes() == facts.cover:
            shutil.copyfile(before[1], thumbnail)
            full.write_bytes(facts.cover)
            return Cover(quote(f"{COVERS}/{full.name}"), facts.cover_type, quote(f"{COVERS}/{thumbnail.name}"))
        with Image.open(io.BytesIO(facts.cover)) as image:
            image.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4))  # a JPEG is decoded at about that size
            image.convert("RGB").save(thumbnail, "JPEG", quality=85)
    except OSError:
        return None
    full.write_bytes(facts.cover)
    return Cover(quote(f"{COVERS}/{full.name}"), facts.cover_type, quote(f"{COVERS}/{thumbnail.name}"))
