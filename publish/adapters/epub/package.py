"""The EPUB package: EbookLib assembles manifest, spine, metadata and NCX; the zip is then made reproducible.

Every content document (cover, title page, navigation, articles) is rendered
by our own templates and handed to EbookLib as finished XHTML, so EbookLib
never re-parses or rewrites our markup. What EbookLib would vary between
builds (the zip entries' times, ``dcterms:modified``) is fixed from the
series' modification time.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ebooklib import epub

from publish.cover import Cover
from publish.config import SeriesConfig
from publish.messages import ENGLISH, Messages, is_rtl, messages_for

XHTML = "application/xhtml+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZIP_EPOCH = dt.datetime(1980, 1, 1)
A11Y_FEATURES = ("structuralNavigation", "tableOfContents", "readingOrder")
WCAG_CLAIM = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


@dataclass(frozen=True)
class Document:
    """One XHTML content document, already rendered."""

    uid: str
    name: str            #: path inside the package folder, e.g. 'text/siege-socialism.xhtml'
    content: str
    nav: bool = False    #: the navigation document


@dataclass(frozen=True)
class TocEntry:
    text: str
    href: str            #: relative to the package folder, e.g. 'text/siege-socialism.xhtml#notes'
    children: tuple["TocEntry", ...] = field(default=())


@dataclass(frozen=True)
class Resource:
    uid: str
    name: str            #: path inside the package folder, e.g. 'fonts/LinLibertine_R.otf'
    media_type: str
    data: bytes


class _Writer(epub.EpubWriter):
    """EbookLib's writer, but the navigation document is ours, not generated."""

    def _get_nav(self, item):
        return item.content

    def _write_opf_file(self, root):
        root.set(XML_LANG, self.book.language)
        # EbookLib declares the reserved 'rendition' prefix, which EPUBCheck warns about.
        if root.get("prefix", "").strip() == "rendition: http://www.idpf.org/vocab/rendition/#":
            del root.attrib["prefix"]
        super()._write_opf_file(root)


@dataclass(frozen=True)
class Access:
    """What the accessibility metadata may truthfully claim about the content."""

    images: int = 0            #: images in the text (the cover aside)
    undescribed: int = 0       #: of which without a text alternative
    page_source: str | None = None  #: the print book the page-list follows (None: no page-list)


def assemble(config: SeriesConfig, documents: list[Document], resources: list[Resource], cover: Cover,
             toc: list[TocEntry], access: Access, collection: tuple[str, int] | None = None,
             messages: Messages | None = None) -> epub.EpubBook:
    """The book with its metadata, manifest, spine (the documents' order, right to left for a language written
    so) and NCX; ``collection``: the series it belongs to and its place in it (default: the first of
    ``config.title``); ``messages``: the words of its language."""
    book = epub.EpubBook()
    book.FOLDER_NAME = "EPUB"
    messages = messages or messages_for(config)
    describe(book, config, access, collection or (config.title, 1), messages)
    if is_rtl(config.language):
        book.set_direction("rtl")
    book.set_cover(f"images/{cover.name}", cover.data, create_page=False)
    items = []
    for doc in documents:
        item = epub.EpubNav(uid=doc.uid, file_name=doc.name) if doc.nav else \
            epub.EpubItem(uid=doc.uid, file_name=doc.name, media_type=XHTML)
        item.content = doc.content.encode("utf-8")
        items.append(book.add_item(item))
    for res in resources:
        book.add_item(epub.EpubItem(uid=res.uid, file_name=res.name, media_type=res.media_type, content=res.data))
    book.add_item(epub.EpubNcx())
    book.spine = items
    book.toc = [_ncx_entry(entry, f"ncx-{n}") for n, entry in enumerate(toc, start=1)]
    return book


def _ncx_entry(entry: TocEntry, uid: str):
    link = epub.Link(entry.href, entry.text, uid)
    if not entry.children:
        return link
    return (link, [_ncx_entry(child, f"{uid}-{n}") for n, child in enumerate(entry.children, start=1)])


def describe(book: epub.EpubBook, config: SeriesConfig, access: Access, collection: tuple[str, int],
             messages: Messages) -> None:
    """The package metadata: what a reading app or a retailer reads about the book."""
    book.set_identifier(config.identifier)
    book.title = config.title
    book.add_metadata("DC", "title", config.title, {"id": "title"})
    _refine(book, "title", "title-type", "main")
    if config.subtitle:
        book.add_metadata("DC", "title", config.subtitle, {"id": "subtitle"})
        _refine(book, "subtitle", "title-type", "subtitle")
    book.set_language(config.language)
    for number, author in enumerate(config.authors, start=1):
        book.add_author(author, role="aut", uid=f"creator-{number}")
    for name in ("publisher", "rights", "description", "date"):
        value = getattr(config, name)
        if value:
            book.add_metadata("DC", name, value)
    _series(book, *collection)
    if access.page_source:
        _page_source(book, access.page_source)
    _accessibility(book, messages, access)


def _refine(book: epub.EpubBook, target: str, prop: str, value: str) -> None:
    book.add_metadata(None, "meta", value, {"refines": f"#{target}", "property": prop})


def _series(book: epub.EpubBook, name: str, position: int) -> None:
    book.add_metadata(None, "meta", name, {"property": "belongs-to-collection", "id": "series"})
    _refine(book, "series", "collection-type", "series")
    _refine(book, "series", "group-position", str(position))
    book.add_metadata(None, "meta", "", {"name": "calibre:series", "content": name})
    book.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": str(position)})


def _page_source(book: epub.EpubBook, source: str) -> None:
    """The print book the page-list follows: as EPUB 3 names it (dc:source, source-of) and as
    EPUB Accessibility 1.1 does (pageBreakSource)."""
    book.add_metadata("DC", "source", source, {"id": "print-source"})
    _refine(book, "print-source", "source-of", "pagination")
    book.add_metadata(None, "meta", source, {"property": "pageBreakSource"})


def _accessibility(book: epub.EpubBook, messages: Messages, access: Access) -> None:
    """schema.org accessibility metadata, and a WCAG claim only when every image is described."""
    def schema(prop: str, value: str, **extra) -> None:
        book.add_metadata(None, "meta", value, {"property": f"schema:{prop}", **extra})

    described = access.undescribed == 0
    schema("accessMode", "textual")
    if access.images:
        schema("accessMode", "visual")
    if described:
        schema("accessModeSufficient", "textual")
    if access.images:
        schema("accessModeSufficient", "textual,visual")
    features = A11Y_FEATURES + (("alternativeText",) if access.images and described else ()) \
        + (("pageBreakMarkers", "pageNavigation", "printPageNumbers") if access.page_source else ())
    for feature in features:
        schema("accessibilityFeature", feature)
    schema("accessibilityHazard", "none")
    key = "a11y-summary" if described else "a11y-summary-undescribed"
    summary_lang = {XML_LANG: ENGLISH} if key in messages.missing() else {}  # (in English, said so)
    schema("accessibilitySummary", messages[key], **summary_lang)
    if described:
        book.add_metadata(None, "meta", WCAG_CLAIM, {"property": "dcterms:conformsTo"})


def write_epub(book: epub.EpubBook, modified: str) -> bytes:
    """The EPUB's bytes: the same for the same book and ``modified`` time, whenever they are written."""
    moment = dt.datetime.strptime(modified, "%Y-%m-%dT%H:%M:%SZ")
    raw = io.BytesIO()
    options = {"mtime": moment, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False,
               "raise_exceptions": True, "compresslevel": 0}  # compressed once, by repack
    writer = _Writer(raw, book, options)
    writer.process()
    writer.write()
    return repack(raw.getvalue(), max(moment, ZIP_EPOCH))


def repack(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip with fixed times and permissions, 'mimetype' first and stored, the rest in order."""
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        for name in ["mimetype"] + [n for n in names if n != "mimetype"]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))  # zlib's default level: 9 is twice as slow, no smaller
    return out.getvalue()
