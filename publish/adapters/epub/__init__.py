"""The EPUB 3 adapter: the series as one book, ``<name>.epub``, and each article as a book of its own,
``articles/<slug>.epub``.

The recipe, for each book: draw (or take) the cover; render the cover page,
the title page, the contents and one XHTML document per article (its notes as
footnote asides at the end, the print book's page breaks marked in its text);
embed the stylesheet and the fonts it declares, cut down to the characters of
the series book (``publish.fonts``; the series book's text decides the cut,
and every book of the series carries it); let EbookLib assemble the package;
write the zip so that the same series always gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from publish.cover import COVER_FONTS, Cover, draw_cover, make_cover
from publish.adapters.epub.documents import (TEXT_DIR, article_page, bibliography_page, cover_page, landmarks,
                                             nav_page, table_of_contents, title_page)
from publish.adapters.epub.edition import Edition, article_edition, series_edition
from publish.adapters.epub.index import epub_xrefs, index_page
from publish.adapters.epub.labels import labels_for
from publish.adapters.epub.package import Access, TocEntry, assemble, write_epub
from publish.adapters.epub.pages import PageBreak, page_breaks
from publish.adapters.epub.resources import ImageSet, font_files, stylesheet_and_fonts
from publish import scripts
from publish.cache import PartCache, derive_key, run_cached
from publish.diagnostics import Report
from publish.engine import Task
from publish.fonts import Subsets
from publish.job import Job
from publish.pagemap import BIBLIOGRAPHY, load_places
from publish.paths import FONTS
from publish.paths import STYLES as STYLES_DIR

CACHE_DIR = Path(".cache") / "epub"
FONTS_CACHE = Path(".cache") / "fonts"
#: what an article's own EPUB goes through, besides its edition: our code, its stylesheet, fonts, templates
CODE = ("adapters/epub/*.py", "render.py", "pagemap.py", "model.py", "templates.py", "images.py", "ast.py",
        "outputs.py", "fonts.py", "files.py", "xref.py", "index.py", "messages.py", "scripts.py", "locale/*.po")
STYLES = ("css/*", "fonts/*", "templates/epub/*")


def build(job: Job) -> list[Path]:
    """The series EPUB, then one EPUB per article (their problems are the series book's: reported once).

    The fonts are cut down once, to the characters of the series book, and every book of the series
    carries the same cut. The articles' own EPUBs are written on the build's workers, and each is kept in
    ``build/.cache/epub/`` by everything it is made of, so a rebuild after an edit writes again only the
    books of the articles that changed (and the series')."""
    series = job.series
    pages = page_breaks(job, job.report)
    whole = series_edition(series)
    subsets = Subsets(job.final.parent / FONTS_CACHE)
    cut = []

    def cut_fonts(documents) -> tuple:
        cut[:] = font_files(series, documents, subsets)
        return tuple(cut)

    places = load_places(job)
    book = make_book(whole, pages, job.report, cut_fonts, places, series.index)
    fonts_in_book = tuple(cut)
    subsets.settle(series.name)
    editions = [article_edition(series, article) for article in series.articles]
    styles = tuple(sorted(path for pattern in STYLES if not pattern.startswith("fonts")
                          for path in STYLES_DIR.glob(pattern) if path.is_file())) \
        + tuple(FONTS / name for name in COVER_FONTS) + scripts.font_files(series.config.scripts)
    # (the cover is drawn with the whole fonts: the book font's, and those of the scripts a title is written in)
    tasks = {}
    for edition in editions:
        article = edition.articles[0]
        breaks = {article.slug: (pages or {}).get(article.slug, [])}
        name = derive_key("epub", repr(edition), repr(breaks), repr(places), sorted(article.images),
                          [path.name for _, path in fonts_in_book], code=CODE, styles=STYLES)  # (named by content)
        tasks[name] = Task(article_book, (edition, breaks, fonts_in_book, places), len(article.blocks),
                           f"the EPUB of the article {article.slug!r}",
                           styles + tuple(path for _, path in fonts_in_book) + tuple(sorted(article.images)))
    cache = PartCache(job.final.parent / CACHE_DIR)
    target = job.stage / whole.file_name
    target.write_bytes(book)
    written, total = [target], len(editions) + 1
    job.progress.step("epub", 1, total, whole.file_name)
    files = {name: edition.file_name for name, edition in zip(tasks, editions)}
    count = iter(range(2, total + 1))
    found = run_cached(cache, tasks, lambda name: job.progress.step("epub", next(count), total, files[name]),
                       job.engine)
    cache.settle(series.name)
    for name, edition in zip(tasks, editions):
        target = job.stage / edition.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(found[name])
        written.append(target)
    return written


def article_book(edition: Edition, pages: dict[str, list[PageBreak]], fonts_in_book: tuple,
                 places: dict[str, str] | None = None) -> bytes:
    """An article's own EPUB, with the series' fonts (its problems are reported with the series book's)."""
    return make_book(edition, pages, Report(), lambda documents: fonts_in_book, places)


def make_book(edition: Edition, pages: dict[str, list[PageBreak]] | None, report: Report, fonts_for,
              places: dict[str, str] | None = None, index: tuple = ()) -> bytes:
    """The bytes of one EPUB; ``pages``: the print book's page breaks by article, if known;
    ``fonts_for(documents)``: the fonts it carries (``resources.font_files``); ``places``: the print page of
    each place (``pagemap.load_places``); ``index``: the series' index, in the series book only."""
    config = edition.config
    labels = labels_for(config)
    cover = make_cover(config, report) if edition.own_cover else \
        Cover(draw_cover(config, edition.collection), "cover.jpg", "image/jpeg")
    images = ImageSet(config.folder, report)
    keys = [article.slug for article in edition.articles] + [BIBLIOGRAPHY] * edition.whole_bibliography
    breaks = {key: (pages or {}).get(key, []) for key in keys}
    documents = [cover_page(edition, cover, labels), title_page(edition, labels)]
    xrefs = epub_xrefs(edition, labels, places)
    articles = [article_page(edition, images.relink(article), labels, breaks=breaks[article.slug], xrefs=xrefs)
                for article in edition.articles]
    back = [bibliography_page(edition, labels, breaks=breaks.get(BIBLIOGRAPHY, []))] if edition.bibliography else []
    toc = table_of_contents(edition, documents, articles + back, labels)
    marks = landmarks(edition, articles, back, labels)
    if index:
        back_index = index_page(edition, index, labels, places)
        toc.append(TocEntry(labels.index, back_index.name))
        marks.append({"type": "index", "href": back_index.name.removeprefix(f"{TEXT_DIR}/"), "text": labels.index})
    listed = [(page.label, f"{doc.name.removeprefix(TEXT_DIR + '/')}#{page.id}")
              for key, doc in zip(keys, articles + back) for page in breaks[key]]
    documents.append(nav_page(edition, toc, marks, labels, listed))
    documents.extend(articles + back + ([back_index] if index else []))
    access = Access(images=len(images.resources), undescribed=images.without_text,
                    page_source=edition.print_source if listed else None)
    book = assemble(config, documents, stylesheet_and_fonts(fonts_for(documents), config) + images.items(), cover,
                    toc, access, (edition.collection, edition.position), labels.messages)
    return write_epub(book, config.modified)
