"""The site's index page and where its cross-references lead.

``book-index.html`` lists the series' index (``role="doc-index"``): each locator a link
to the marked words in their article's page, labelled with the print page they are on
(``pagemap.load_places``); with no print book known, with the article's title instead.
"""
from __future__ import annotations

from urllib.parse import quote

from publish.adapters.site.pages import common
from publish.index import printed
from publish.model import Series
from publish.scripts import list_marks
from publish.templates import render
from publish.messages import is_rtl, messages_for
from publish.xref import XrefLinks, xref_words


def page_of(slug: str) -> str:
    """An article's page (``pages.page_href``), from its slug."""
    return quote(f"{slug}.html")


def site_xrefs(series: Series, places: dict[str, str] | None) -> XrefLinks:
    return XrefLinks(lambda kind, slug, ident: page_of(slug) + (f"#{ident}" if ident else ""), places,
                     xref_words(messages_for(series.config)))


def render_book_index(series: Series, places: dict[str, str] | None) -> str:
    titles = {article.slug: article.title for article in series.articles}
    return render("site/book-index.html", home=False, description=None, page_of=page_of,
                  entries=printed(series.index, places, titles), rtl=is_rtl(series.config.language),
                  marks=list_marks(messages_for(series.config)), **common(series, {"index-heading"}))
