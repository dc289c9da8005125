"""The EPUB 3 adapter: the series as one book, ``<name>.epub``, and each article as a book of its own,
``articles/<slug>.epub``.

The recipe, for each book: draw (or take) the cover; render the cover page,
the title page, the contents and one XHTML document per article (its notes as
footnote asides at the end, the print book's page breaks marked in its text);
embed the stylesheet and the fonts; let EbookLib assemble the package; write
the zip so that the same series always gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from publish.adapters.epub_cover import Cover, draw_cover, make_cover
from publish.adapters.epub_edition import Edition, article_edition, series_edition
from publish.adapters.epub_images import ImageSet
from publish.adapters.epub_labels import Labels, labels_for
from publish.adapters.epub_notes import ArticleNotes
from publish.adapters.epub_package import Access, Document, Resource, TocEntry, assemble, write_epub
from publish.adapters.epub_pages import PageBreak, marked_blocks, marker, page_breaks
from publish.cache import PartCache, cached, key
from publish.diagnostics import Report
from publish.pagemap import BIBLIOGRAPHY
from publish.job import Job
from publish.model import Article
from publish.paths import CSS, FONTS
from publish.render import HtmlWriter
from publish.templates import render

TEXT_DIR = "text"
STYLESHEET = "css/epub.css"
FONT_FILES = ("LinLibertine_R.otf", "LinLibertine_RI.otf", "LinLibertine_RB.otf", "LinLibertine_RBI.otf")


CACHE_DIR = Path(".cache") / "epub"
#: what an article's own EPUB goes through, besides its edition: our code, its stylesheet, fonts, templates
CODE = ("adapters/epub*.py", "render.py", "pagemap.py", "model.py", "templates.py", "images.py", "ast.py")
STYLES = ("css/*", "fonts/*", "templates/epub/*")


def build(job: Job) -> list[Path]:
    """The series EPUB, then one EPUB per article (their problems are the series book's: reported once).

    The articles' own EPUBs are written two at a time, and each is kept in ``build/.cache/epub/`` by
    everything it is made of, so a rebuild after an edit writes again only the books of the articles
    that changed (and the series')."""
    series = job.series
    pages = page_breaks(job, job.report)
    whole = series_edition(series)
    book = make_book(whole, pages, job.report)
    editions = [article_edition(series, article) for article in series.articles]
    tasks = {}
    for edition in editions:
        article = edition.articles[0]
        breaks = {article.slug: (pages or {}).get(article.slug, [])}
        name = key("epub", repr(edition), repr(breaks), sorted(article.images), code=CODE, styles=STYLES)
        tasks[name] = (article_book, (edition, breaks), len(article.blocks))
    cache = PartCache(job.final.parent / CACHE_DIR)
    target = job.stage / whole.file_name
    target.write_bytes(book)
    written, total = [target], len(editions) + 1
    job.progress.step("epub", 1, total, whole.file_name)
    files = {name: edition.file_name for name, edition in zip(tasks, editions)}
    count = iter(range(2, total + 1))
    found = cached(cache, tasks, lambda name: job.progress.step("epub", next(count), total, files[name]))
    cache.settle(series.name)
    for name, edition in zip(tasks, editions):
        target = job.stage / edition.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(found[name])
        written.append(target)
    return written


def article_book(edition: Edition, pages: dict[str, list[PageBreak]]) -> bytes:
    """An article's own EPUB (its problems are reported with the series book's)."""
    return make_book(edition, pages, Report())


def make_book(edition: Edition, pages: dict[str, list[PageBreak]] | None, report: Report) -> bytes:
    """The bytes of one EPUB; ``pages``: the print book's page breaks by article, if known."""
    config = edition.config
    labels = labels_for(config.language)
    cover = make_cover(config, report) if edition.own_cover else \
        Cover(draw_cover(config, edition.collection), "cover.jpg", "image/jpeg")
    images = ImageSet(config.folder, report)
    keys = [article.slug for article in edition.articles] + [BIBLIOGRAPHY] * edition.whole_bibliography
    breaks = {key: (pages or {}).get(key, []) for key in keys}
    documents = [cover_page(edition, cover, labels), title_page(edition)]
    articles = [article_page(edition, images.relink(article), labels, breaks=breaks[article.slug])
                for article in edition.articles]
    back = [bibliography_page(edition, labels, breaks=breaks.get(BIBLIOGRAPHY, []))] if edition.bibliography else []
    toc = table_of_contents(edition, documents, articles + back, labels)
    listed = [(page.label, f"{doc.name.removeprefix(TEXT_DIR + '/')}#{page.id}")
              for key, doc in zip(keys, articles + back) for page in breaks[key]]
    documents.append(nav_page(edition, toc, landmarks(edition, articles, back, labels), labels, listed))
    documents.extend(articles + back)
    access = Access(images=len(images.resources), undescribed=images.without_text,
                    page_source=edition.print_source if listed else None)
    book = assemble(config, documents, resources() + images.items(), cover, toc, access,
                    (edition.collection, edition.position))
    return write_epub(book, config.modified)


def _page(template: str, edition: Edition, title: str, body_type: str, body_class: str, **context) -> str:
    return render(f"epub/{template}", lang=edition.config.language, title=title, body_type=body_type,
                  body_class=body_class, stylesheet=f"../{STYLESHEET}", **context)


def cover_page(edition: Edition, cover: Cover, labels: Labels) -> Document:
    config = edition.config
    alt = config.title + (f": {config.subtitle}" if config.subtitle else "")
    if config.authors:
        alt += " — " + ", ".join(config.authors)
    content = _page("cover.xhtml", edition, labels.cover, "cover", "cover", labels=labels,
                    image=f"../images/{cover.name}", alt=alt)
    return Document("cover", f"{TEXT_DIR}/cover.xhtml", content)


def title_page(edition: Edition) -> Document:
    collection = edition.collection if edition.collection != edition.config.title else None
    content = _page("titlepage.xhtml", edition, edition.config.title, "frontmatter", "titlepage",
                    config=edition.config, collection=collection)
    return Document("titlepage", f"{TEXT_DIR}/titlepage.xhtml", content)


def article_page(edition: Edition, article: Article, labels: Labels, on_raw=None,
                 breaks: list[PageBreak] = ()) -> Document:
    """The article with its notes at the end; ``breaks``: where the print book's pages begin in it."""
    notes = ArticleNotes(article, labels, on_raw)
    writer = notes.writer()
    opening = [marker(page) for page in breaks if page.block < 0]
    content = _page("article.xhtml", edition, article.title, "bodymatter", "article", article=article,
                    title_id=f"{article.slug}-title", heading=writer.inlines(article.title_inlines) or article.title,
                    body=marked_blocks(writer, article.blocks, [page for page in breaks if page.block >= 0]),
                    notes=notes.asides(), labels=labels, opening=opening)
    return Document(f"article-{article.index}", f"{TEXT_DIR}/{article.slug}.xhtml", content)


def bibliography_page(edition: Edition, labels: Labels, on_raw=None, breaks: list[PageBreak] = ()) -> Document:
    """The works cited, once each, as the citation style lists them; ``breaks``: the print book's pages."""
    entries = marked_blocks(HtmlWriter(on_raw=on_raw), edition.bibliography, [p for p in breaks if p.block >= 0])
    content = _page("bibliography.xhtml", edition, labels.bibliography, "backmatter", "bibliography",
                    labels=labels, entries=entries, opening=[marker(page) for page in breaks if page.block < 0])
    return Document("bibliography", f"{TEXT_DIR}/bibliography.xhtml", content)


def nav_page(edition: Edition, toc: list[TocEntry], marks: list[dict], labels: Labels,
             pages: list[tuple[str, str]] = ()) -> Document:
    """The contents, the landmarks and, when the print pages are known, the page-list ((label, href) each)."""
    content = _page("nav.xhtml", edition, labels.contents, "frontmatter", "contents", labels=labels,
                    toc=[_relative(entry) for entry in toc], landmarks=marks, pages=pages)
    return Document("nav", f"{TEXT_DIR}/nav.xhtml", content, nav=True)


def table_of_contents(edition: Edition, front: list[Document], body: list[Document],
                      labels: Labels) -> list[TocEntry]:
    """Every document in reading order, each article with its section headings."""
    cover, title = front
    entries = [TocEntry(labels.cover, cover.name), TocEntry(edition.config.title, title.name),
               TocEntry(labels.contents, f"{TEXT_DIR}/nav.xhtml#toc")]
    for article, doc in zip(edition.articles, body):
        entries.append(TocEntry(article.title, doc.name, _sections(article, doc.name)))
    if edition.bibliography:
        entries.append(TocEntry(labels.bibliography, body[-1].name))
    return entries


def _sections(article: Article, href: str) -> tuple[TocEntry, ...]:
    """The article's headings as a tree: a deeper heading nests under the one before it."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for heading in article.headings:
        while stack[-1][0] >= heading.level:
            stack.pop()
        children: list = []
        stack[-1][1].append((heading, children))
        stack.append((heading.level, children))

    def freeze(nodes) -> tuple[TocEntry, ...]:
        return tuple(TocEntry(h.text, f"{href}#{h.id}", freeze(kids)) for h, kids in nodes)

    return freeze(root)


def _relative(entry: TocEntry) -> TocEntry:
    """The same entry with hrefs relative to the navigation document (in ``text/``)."""
    href = entry.href.removeprefix(f"{TEXT_DIR}/")
    return TocEntry(entry.text, href, tuple(_relative(child) for child in entry.children))


def landmarks(edition: Edition, articles: list[Document], back: list[Document], labels: Labels) -> list[dict]:
    """Where a reading app jumps for 'cover', 'title page', 'contents', 'start reading', each article's notes
    and the bibliography."""
    marks = [{"type": "cover", "href": "cover.xhtml", "text": labels.cover},
             {"type": "titlepage", "href": "titlepage.xhtml", "text": labels.title_page},
             {"type": "toc", "href": "nav.xhtml#toc", "text": labels.contents}]
    if articles:
        first = articles[0].name.removeprefix(f"{TEXT_DIR}/")
        marks.append({"type": "bodymatter", "href": first, "text": edition.articles[0].title})
    for article, doc in zip(edition.articles, articles):
        if article.notes:
            marks.append({"type": "footnotes", "text": f"{labels.notes}: {article.title}",
                          "href": f"{doc.name.removeprefix(TEXT_DIR + '/')}#{article.slug}-notes"})
    for doc in back:
        marks.append({"type": "bibliography", "href": doc.name.removeprefix(f"{TEXT_DIR}/"),
                      "text": labels.bibliography})
    return marks


def resources() -> list[Resource]:
    """The stylesheet (shared typography, then the EPUB's own) and the fonts it names."""
    css = (CSS / "base.css").read_text(encoding="utf-8") + "\n" + (CSS / "epub.css").read_text(encoding="utf-8")
    found = [Resource("css", STYLESHEET, "text/css", css.encode("utf-8"))]
    for number, name in enumerate(FONT_FILES, start=1):
        found.append(Resource(f"font-{number}", f"fonts/{name}", "font/otf", (FONTS / name).read_bytes()))
    return found
