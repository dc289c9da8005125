"""The site's pages: the landing page and one page per article, rendered from the model.

Python gathers what a page shows; the templates in styles/templates/site give
the markup. Nothing here depends on the clock or the file system order, so the
same series gives the same bytes on every build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from publish.adapters.site.notes import block_lines, call_renderer, endnotes
from publish.config import SeriesConfig
from publish.messages import ENGLISH, Messages, catalogue, messages_for, primary
from publish.model import Article, Series
from publish.render import HtmlWriter
from publish.scripts import book_css, font_names
from publish.templates import render

ID_ATTR = re.compile(r'\sid="([^"]+)"')
BIBLIOGRAPHY_PAGE = "bibliography.html"
INDEX_PAGE = "book-index.html"  #: the back-of-book index (``index.py``), when the series has one
UI_LANGUAGE = ENGLISH  #: the language of the site's own words where the catalogue has none in the series'
BOOK_FONTS = ("Linux Libertine",)  #: the fonts the site's footer names (and those of the book's scripts)


@dataclass(frozen=True)
class DisplayDate:
    iso: str     #: for <time datetime>
    text: str    #: for readers


@dataclass(frozen=True)
class SeriesInfo:
    """What every page says about the series."""

    title: str
    language: str
    subtitle: str | None
    authors: tuple[str, ...]
    description: str | None
    publisher: str | None
    date: DisplayDate | None
    rights: str | None


@dataclass(frozen=True)
class Link:
    href: str
    title: Markup


def display_date(value: str | None, messages: Messages) -> DisplayDate | None:
    """'2024-03-05' -> '5 March 2024' in English, '5. März 2024' in German (``Messages.date``)."""
    if not value:
        return None
    return DisplayDate(value, messages.date(value))


def series_info(config: SeriesConfig) -> SeriesInfo:
    return SeriesInfo(config.title, config.language, config.subtitle, config.authors, config.description,
                      config.publisher, display_date(config.date, messages_for(config)), config.rights)


def page_name(article: Article) -> str:
    return f"{article.slug}.html"


def page_href(article: Article) -> str:
    return quote(page_name(article))


def title_markup(article: Article) -> Markup:
    """The title with its emphasis; the plain title when the inlines say nothing."""
    return HtmlWriter().inlines(article.title_inlines) or Markup.escape(article.title)


def series_statement(count: int, messages: Messages) -> str:
    if count == 1:
        return messages["series-statement-one"]
    return messages.format("series-statement", count=messages.count_words(count))


def ui_attribute(language: str) -> Markup:
    """Mark the site's own words as English when the catalogue has none in the series' language."""
    if primary(language) == UI_LANGUAGE or catalogue(primary(language)):
        return Markup("")
    return Markup(f' lang="{UI_LANGUAGE}"')


def free_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever the page does not use yet."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


def common(series: Series, taken: set[str]) -> dict:
    messages = messages_for(series.config)
    return {"series": series_info(series.config), "ui": ui_attribute(series.config.language), "t": messages,
            "dir": messages.direction if messages.direction == "rtl" else None,
            "fonts": " & ".join(BOOK_FONTS + font_names(series.config.scripts)),
            "book_css": bool(book_css(series.config, lambda path: "")),
            "main_id": free_id("content", taken),
            "bibliography_href": BIBLIOGRAPHY_PAGE if series.bibliography else None,
            "index_href": INDEX_PAGE if series.index else None}


def render_index(series: Series, downloads) -> str:
    """The landing page; ``downloads`` is a ``downloads.Downloads``."""
    entries = [{"href": page_href(a), "title": title_markup(a), "subtitle": a.subtitle,
                "date": display_date(a.date, messages_for(series.config))} for a in series.articles]
    singles = [(title_markup(a), downloads.articles[a.slug]) for a in series.articles
               if a.slug in downloads.articles]
    context = common(series, {"contents-heading", "downloads-heading", "single-downloads-heading"})
    return render("site/index.html", home=True, description=series.config.description, entries=entries,
                  statement=series_statement(len(series.articles), messages_for(series.config)),
                  downloads=downloads.series,
                  singles=singles, **context)


def render_article(series: Series, article: Article, on_raw, download=None, xrefs=None) -> str:
    """An article's page; ``download`` is its own EPUB, if one was built; ``xrefs``: where its
    cross-references lead (``index.site_xrefs``)."""
    writer = HtmlWriter(call_renderer(article), on_raw=on_raw, xrefs=xrefs)
    body = block_lines(writer, article.blocks)
    taken = set(ID_ATTR.findall(body)) | {n.id for n in article.notes}
    neighbours = {"previous": _neighbour(series, article.index - 1),
                  "next": _neighbour(series, article.index + 1)}
    return render("site/article.html", home=False, article=article, count=len(series.articles),
                  title=title_markup(article),
                  description=article.subtitle, date=display_date(article.date, messages_for(series.config)),
                  body=body, notes=endnotes(article, writer, series.config.language), notes_heading_id=free_id("notes-heading", taken),
                  download=download,
                  **neighbours, **common(series, taken))


def render_bibliography(series: Series, on_raw) -> str:
    """The works cited in the series, as the citation style formats them."""
    entries = block_lines(HtmlWriter(on_raw=on_raw), series.bibliography)
    taken = set(ID_ATTR.findall(entries)) | {"bibliography-heading"}
    return render("site/bibliography.html", home=False, description=None, entries=entries,
                  **common(series, taken))


def _neighbour(series: Series, index: int) -> Link | None:
    if 1 <= index <= len(series.articles):
        article = series.articles[index - 1]
        return Link(page_href(article), title_markup(article))
    return None
