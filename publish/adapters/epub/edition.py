"""What one EPUB holds: the whole series, or a single article of it.

The series EPUB is the first book of its collection; an article's own EPUB
is the article's position in the series, under the article's title and
authors, with the works it cites and nothing else. Both follow the pages of
the one print book, which names itself by the series' identifier.
"""
from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from publish.config import SeriesConfig
from publish.model import Article, Series
from publish.outputs import article_epub, series_epub


@dataclass(frozen=True)
class Edition:
    config: SeriesConfig              #: the book's own metadata (title, authors, identifier, ...)
    collection: str                   #: the series it belongs to
    position: int                     #: its place in the series (belongs-to-collection group-position)
    articles: tuple[Article, ...]
    bibliography: list                #: pandoc blocks: the works cited in this book
    file_name: str                    #: where it is written, relative to the build folder
    print_source: str = ""            #: the identifier of the print book whose pages the page-list follows
    own_cover: bool = True            #: may use the series' cover.jpg / cover.png
    whole_bibliography: bool = True   #: the print book's bibliography (its pages can be marked)


def series_edition(series: Series) -> Edition:
    return Edition(series.config, series.title, 1, series.articles, series.bibliography, series_epub(series.name),
                   print_source=series.config.identifier)


def article_edition(series: Series, article: Article) -> Edition:
    """The article as a book of its own: its title, its authors (else the series'), a stable identifier."""
    config = series.config
    own = dataclasses.replace(
        config, title=article.title, subtitle=article.subtitle, authors=article.authors or config.authors,
        description=None, identifier=article_identifier(config.identifier, article.slug))
    return Edition(own, series.title, article.index, (article,), cited_entries(article, series.bibliography),
                   article_epub(article.slug), print_source=config.identifier, own_cover=False,
                   whole_bibliography=False)


def article_identifier(series_identifier: str, slug: str) -> str:
    """A UUID URN derived from the series' identifier and the article: the same on every build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{series_identifier}#{slug}").urn


def cited_keys(node, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    if isinstance(node, list):
        for child in node:
            cited_keys(child, found)
    elif isinstance(node, dict):
        if node.get("t") == "Cite":
            found.update(citation["citationId"] for citation in node["c"][0])
        cited_keys(node.get("c"), found)
    return found


def cited_entries(article: Article, bibliography: list) -> list:
    """The bibliography entries (one Div per work, id 'ref-<key>') of the works ``article`` cites."""
    keys = cited_keys([article.blocks] + [note.blocks for note in article.notes])
    return [entry for entry in bibliography if entry.get("t") == "Div"
            and entry["c"][0][0].removeprefix("ref-") in keys]
