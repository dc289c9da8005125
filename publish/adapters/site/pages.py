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
from publish.model import Article, Series
from publish.render import HtmlWriter
from publish.templates import render

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")
ID_ATTR = re.compile(r'\sid="([^"]+)"')
BIBLIOGRAPHY_PAGE = "bibliography.html"
INDEX_PAGE = "book-index.html"  #: the back-of-book index (``index.py``), when the series has one
UI_LANGUAGE = "en"  #: the language of the site's own words ("Notes", "Next", ...)


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


def display_date(value: str | None, language: str) -> DisplayDate | None:
    """'2024-03-05' -> '5 March 2024' in English; other languages keep the ISO form."""
    if not value:
        return None
    if not language.lower().startswith("en"):
        return DisplayDate(value, value)
    parts = [int(p) for p in value.split("-")]
    words = [str(parts[2])] if len(parts) > 2 else []
    words += [MONTHS[parts[1] - 1]] if len(parts) > 1 else []
    return DisplayDate(value, " ".join(words + [str(parts[0])]))


def series_info(config: SeriesConfig) -> SeriesInfo:
    return SeriesInfo(config.title, config.language, config.subtitle, config.authors, config.description,
                      config.publisher, display_date(config.date, config.language), config.rights)


def page_name(article: Article) -> str:
    return f"{article.slug}.html"


def page_href(article: Article) -> str:
    return quote(page_name(article))


def title_markup(article: Article) -> Markup:
    """The title with its emphasis; the plain title when the inlines say nothing."""
    return HtmlWriter().inlines(article.title_inlines) or Markup.escape(article.title)


def series_statement(count: int) -> str:
    if count == 1:
        return "This is a series of articles, meant to be read in order; so far it holds one."
    words = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"These {words} articles form a series, meant to be read in order."


def ui_attribute(language: str) -> Markup:
    """Mark the site's own English words when the series is in another language."""
    if language.lower().split("-")[0] == UI_LANGUAGE:
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
    return {"series": series_info(series.config), "ui": ui_attribute(series.config.language),
            "main_id": free_id("content", taken),
            "bibliography_href": BIBLIOGRAPHY_PAGE if series.bibliography else None,
            "index_href": INDEX_PAGE if series.index else None}


def render_index(series: Series, downloads) -> str:
    """The landing page; ``downloads`` is a ``downloads.Downloads``."""
    entries = [{"href": page_href(a), "title": title_markup(a), "subtitle": a.subtitle,
                "date": display_date(a.date, series.config.language)} for a in series.articles]
    singles = [(title_markup(a), downloads.articles[a.slug]) for a in series.articles
               if a.slug in downloads.articles]
    context = common(series, {"contents-heading", "downloads-heading", "single-downloads-heading"})
    return render("site/index.html", home=True, description=series.config.description, entries=entries,
                  statement=series_statement(len(series.articles)), downloads=downloads.series,
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
                  description=article.subtitle, date=display_date(article.date, series.config.language),
                  body=body, notes=endnotes(article, writer), notes_heading_id=free_id("notes-heading", taken),
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
