"""The EPUB 3 adapter: the series as one book, ``<name>.epub``.

The recipe: draw (or take) the cover; render the cover page, the title page,
the contents and one XHTML document per article (its notes as footnote asides
at the end); embed the stylesheet and the fonts; let EbookLib assemble the
package; write the zip so that the same series always gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from publish.adapters.epub_cover import Cover, make_cover
from publish.adapters.epub_images import ImageSet
from publish.adapters.epub_labels import Labels, labels_for
from publish.adapters.epub_notes import ArticleNotes
from publish.adapters.epub_package import Access, Document, Resource, TocEntry, assemble, write_epub
from publish.job import Job
from publish.model import Article, Series
from publish.paths import CSS, FONTS
from publish.render import HtmlWriter
from publish.templates import render

TEXT_DIR = "text"
STYLESHEET = "css/epub.css"
FONT_FILES = ("LinLibertine_R.otf", "LinLibertine_RI.otf", "LinLibertine_RB.otf", "LinLibertine_RBI.otf")


def build(job: Job) -> list[Path]:
    series = job.series
    labels = labels_for(series.config.language)
    cover = make_cover(series.config, job.report)
    images = ImageSet(series.config.folder, job.report)
    documents = [cover_page(series, cover, labels), title_page(series, labels)]
    articles = [article_page(series, images.relink(article), labels)
                for article in series.articles]
    back = [bibliography_page(series, labels)] \
        if series.bibliography else []
    toc = table_of_contents(series, documents, articles + back, labels)
    documents.append(nav_page(series, toc, landmarks(series, articles, back, labels), labels))
    documents.extend(articles + back)
    access = Access(images=len(images.resources), undescribed=images.without_text)
    book = assemble(series.config, documents, resources() + images.items(), cover, toc, access)
    target = job.stage / f"{series.name}.epub"
    target.write_bytes(write_epub(book, series.config.modified))
    return [target]


def _page(template: str, series: Series, title: str, body_type: str, body_class: str, **context) -> str:
    return render(f"epub/{template}", lang=series.config.language, title=title, body_type=body_type,
                  body_class=body_class, stylesheet=f"../{STYLESHEET}", **context)


def cover_page(series: Series, cover: Cover, labels: Labels) -> Document:
    config = series.config
    alt = config.title + (f": {config.subtitle}" if config.subtitle else "")
    if config.authors:
        alt += " — " + ", ".join(config.authors)
    content = _page("cover.xhtml", series, labels.cover, "cover", "cover", labels=labels,
                    image=f"../images/{cover.name}", alt=alt)
    return Document("cover", f"{TEXT_DIR}/cover.xhtml", content)


def title_page(series: Series, labels: Labels) -> Document:
    content = _page("titlepage.xhtml", series, series.title, "frontmatter", "titlepage", config=series.config)
    return Document("titlepage", f"{TEXT_DIR}/titlepage.xhtml", content)


def article_page(series: Series, article: Article, labels: Labels, on_raw=None) -> Document:
    notes = ArticleNotes(article, labels, on_raw)
    writer = notes.writer()
    content = _page("article.xhtml", series, article.title, "bodymatter", "article", article=article,
                    title_id=f"{article.slug}-title", heading=writer.inlines(article.title_inlines) or article.title,
                    body=writer.blocks(article.blocks), notes=notes.asides(), labels=labels)
    return Document(f"article-{article.index}", f"{TEXT_DIR}/{article.slug}.xhtml", content)


def bibliography_page(series: Series, labels: Labels, on_raw=None) -> Document:
    """The works cited, once each, as the citation style lists them."""
    entries = HtmlWriter(on_raw=on_raw).blocks(series.bibliography)
    content = _page("bibliography.xhtml", series, labels.bibliography, "backmatter", "bibliography",
                    labels=labels, entries=entries)
    return Document("bibliography", f"{TEXT_DIR}/bibliography.xhtml", content)


def nav_page(series: Series, toc: list[TocEntry], marks: list[dict], labels: Labels) -> Document:
    content = _page("nav.xhtml", series, labels.contents, "frontmatter", "contents", labels=labels,
                    toc=[_relative(entry) for entry in toc], landmarks=marks)
    return Document("nav", f"{TEXT_DIR}/nav.xhtml", content, nav=True)


def table_of_contents(series: Series, front: list[Document], body: list[Document],
                      labels: Labels) -> list[TocEntry]:
    """Every document in reading order, each article with its section headings."""
    cover, title = front
    entries = [TocEntry(labels.cover, cover.name), TocEntry(series.title, title.name),
               TocEntry(labels.contents, f"{TEXT_DIR}/nav.xhtml#toc")]
    for article, doc in zip(series.articles, body):
        entries.append(TocEntry(article.title, doc.name, _sections(article, doc.name)))
    if series.bibliography:
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


def landmarks(series: Series, articles: list[Document], back: list[Document], labels: Labels) -> list[dict]:
    """Where a reading app jumps for 'cover', 'title page', 'contents' and 'start reading'."""
    marks = [{"type": "cover", "href": "cover.xhtml", "text": labels.cover},
             {"type": "titlepage", "href": "titlepage.xhtml", "text": labels.title_page},
             {"type": "toc", "href": "nav.xhtml#toc", "text": labels.contents}]
    if articles:
        first = articles[0].name.removeprefix(f"{TEXT_DIR}/")
        marks.append({"type": "bodymatter", "href": first, "text": series.articles[0].title})
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
