"""The names of a build's outputs in ``build/<series>/``: written by one format, offered by another.

    <name>.epub                the series as one e-book        (EPUB)
    articles/<slug>.epub       each article as an e-book       (EPUB)
    <name>.pdf                 the print edition               (PDF)
    <name>-screen.pdf          the screen edition              (PDF)
    <name>-cover.pdf           the print edition's cover       (PDF)
    site/                      the site, which offers the rest (site)
"""
from __future__ import annotations

ARTICLE_BOOKS = "articles"  #: the folder of the articles' own EPUBs (the manuscript's is config.ARTICLES_DIR)
SITE = "site"


def series_epub(name: str) -> str:
    return f"{name}.epub"


def article_epub(slug: str) -> str:
    return f"{ARTICLE_BOOKS}/{slug}.epub"


def print_pdf(name: str) -> str:
    return f"{name}.pdf"


def screen_pdf(name: str) -> str:
    return f"{name}-screen.pdf"


def cover_pdf(name: str) -> str:
    return f"{name}-cover.pdf"
