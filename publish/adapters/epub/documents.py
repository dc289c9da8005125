"""The EPUB's content documents: cover page, title page, contents (with landmarks and the page-list), each
article with its notes, the bibliography; rendered from styles/templates/epub."""
from __future__ import annotations

from publish.cover import Cover
from publish.adapters.epub.edition import Edition
from publish.adapters.epub.labels import Labels
from publish.adapters.epub.notes import ArticleNotes
from publish.adapters.epub.package import Document, TocEntry
from publish.adapters.epub.pages import PageBreak, marked_blocks, marker
from publish.messages import is_rtl
from publish.model import Article
from publish.render import HtmlWriter
from publish.templates import render

TEXT_DIR = "text"
STYLESHEET = "css/epub.css"


def render_page(template: str, edition: Edition, title: str, body_type: str, body_class: str, **context) -> str:
    return render(f"epub/{template}", lang=edition.config.language, title=title, body_type=body_type,
                  dir="rtl" if is_rtl(edition.config.language) else None,
                  body_class=body_class, stylesheet=f"../{STYLESHEET}", **context)


def cover_page(edition: Edition, cover: Cover, labels: Labels) -> Document:
    config = edition.config
    alt = labels.messages.title_line(config.title, config.subtitle)
    if config.authors:
        alt += " — " + ", ".join(config.authors)
    content = render_page("cover.xhtml", edition, labels.cover, "cover", "cover", labels=labels,
                    image=f"../images/{cover.name}", alt=alt)
    return Document("cover", f"{TEXT_DIR}/cover.xhtml", content)


def title_page(edition: Edition, labels: Labels) -> Document:
    collection = edition.collection if edition.collection != edition.config.title else None
    content = render_page("titlepage.xhtml", edition, edition.config.title, "frontmatter", "titlepage",
                    config=edition.config, collection=collection, date=labels.messages.date(edition.config.date))
    return Document("titlepage", f"{TEXT_DIR}/titlepage.xhtml", content)


def article_page(edition: Edition, article: Article, labels: Labels, on_raw=None,
                 breaks: list[PageBreak] = (), xrefs=None) -> Document:
    """The article with its notes at the end; ``breaks``: where the print book's pages begin in it;
    ``xrefs``: where its cross-references lead (``index.epub_xrefs``)."""
    notes = ArticleNotes(article, labels, on_raw, xrefs)
    writer = notes.writer()
    opening = [marker(page) for page in breaks if page.block < 0]
    content = render_page("article.xhtml", edition, article.title, "bodymatter", "article", article=article,
                    title_id=f"{article.slug}-title", heading=writer.inlines(article.title_inlines) or article.title,
                    body=marked_blocks(writer, article.blocks, [page for page in breaks if page.block >= 0]),
                    notes=notes.asides(), labels=labels, opening=opening)
    return Document(f"article-{article.index}", f"{TEXT_DIR}/{article.slug}.xhtml", content)


def bibliography_page(edition: Edition, labels: Labels, on_raw=None, breaks: list[PageBreak] = ()) -> Document:
    """The works cited, once each, as the citation style lists them; ``breaks``: the print book's pages."""
    entries = marked_blocks(HtmlWriter(on_raw=on_raw), edition.bibliography, [p for p in breaks if p.block >= 0])
    content = render_page("bibliography.xhtml", edition, labels.bibliography, "backmatter", "bibliography",
                    labels=labels, entries=entries, opening=[marker(page) for page in breaks if page.block < 0])
    return Document("bibliography", f"{TEXT_DIR}/bibliography.xhtml", content)


def nav_page(edition: Edition, toc: list[TocEntry], marks: list[dict], labels: Labels,
             pages: list[tuple[str, str]] = ()) -> Document:
    """The contents, the landmarks and, when the print pages are known, the page-list ((label, href) each)."""
    content = render_page("nav.xhtml", edition, labels.contents, "frontmatter", "contents", labels=labels,
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
