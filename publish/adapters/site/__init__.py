"""The site adapter: the series as a small static website in ``site/``.

    site/index.html        the landing page: the series, its articles, downloads
    site/<slug>.html       one page per article, its notes as endnotes at the end
    site/bibliography.html the works cited, when the series has a bibliography
    site/css/              base.css (shared typography) and site.css
    site/fonts/            the fonts base.css declares, cut down to the characters of the site's pages, as
                           WOFF2 (``publish.fonts``), and their licence
    site/js/notes.js       notes beside the text or in popups (the endnotes work without it)
    site/downloads/        the series EPUB and PDFs and the articles' EPUBs, when a build made them
    site/opds.xml          an OPDS catalog of those e-books for reading apps, with covers/ from the EPUBs

The site asks for nothing outside itself (no fonts, scripts or styles from
elsewhere), works without JavaScript, and is written byte for byte the same
from the same series.
"""
from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

from publish.adapters.site.downloads import copy_downloads
from publish.adapters.site.opds import write_catalog
from publish.adapters.site.index import render_book_index, site_xrefs
from publish.adapters.site.pages import (BIBLIOGRAPHY_PAGE, INDEX_PAGE, page_href, page_name, render_article,
                                          render_bibliography, render_index)
from publish import fonts, scripts
from publish.images import published_name, relink
from publish.job import Job
from publish.outputs import SITE
from publish.pagemap import load_places
from publish.paths import CSS, FONTS, STYLES

FONTS_CACHE = Path(".cache") / "fonts"
FLAVOR = "woff2"

STYLESHEETS = ("base.css", "site.css")
BOOK_SHEET = "book.css"
NOTES_SHEETS = ("rtl-notes-site.css",)  #: a book read left to right with notes read right to left
FONT_LICENCE = "LICENSE-OFL.txt"
SCRIPTS = ("notes.js",)


def build(job: Job) -> list[Path]:
    site = job.stage / SITE
    if not check_page_names(job):
        return []
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    downloads = copy_downloads(job, site)
    previous = job.final / SITE
    write_catalog(job.series, downloads, site, page_href, previous if previous.is_dir() else None)
    shown = [write_page(site / "index.html", render_index(job.series, downloads))]
    places = load_places(job) if job.series.paged else None
    xrefs = site_xrefs(job.series, places)
    for article in job.each_article("site"):
        own = downloads.articles.get(article.slug)
        article = copy_images(article, site)
        shown.append(write_page(site / page_name(article), render_article(job.series, article, None, own, xrefs)))
    if job.series.bibliography:
        shown.append(write_page(site / BIBLIOGRAPHY_PAGE, render_bibliography(job.series, None)))
    if job.series.index:
        shown.append(write_page(site / INDEX_PAGE, render_book_index(job.series, places)))
    copy_assets(site, shown, fonts.Subsets(job.final.parent / FONTS_CACHE), job.series.name, job.series.config)
    return [site]


def check_page_names(job: Job) -> bool:
    """An article's page must not take the name of the landing page or the bibliography."""
    reserved = {"index.html": "landing page"}
    if job.series.bibliography:
        reserved[BIBLIOGRAPHY_PAGE] = "bibliography"
    if job.series.index:
        reserved[INDEX_PAGE] = "index of terms"
    clashes = [a for a in job.series.articles if page_name(a) in reserved]
    for article in clashes:
        job.report.add("site-page-name", f"the article '{article.file.name}' would replace the site's "
                       f"{reserved[page_name(article)]}, {page_name(article)}", file=article.file,
                       hint="rename the file, e.g. to 01-introduction.md")
    return not clashes


def font_url(path: Path) -> str:
    """Where book.css finds a script's font (``publish.scripts``): in the site's fonts/."""
    return f"../fonts/{scripts.face_name(path)}"


def copy_assets(site: Path, pages: list[str], subsets: fonts.Subsets, owner: str, config=None) -> None:
    """The stylesheets (and book.css, what the book's language and scripts add: ``scripts.book_css``), the
    fonts they declare cut down to what ``pages`` (the text of every page) show, as WOFF2, and the scripts."""
    (site / "css").mkdir()
    (site / "fonts").mkdir()
    sheets = {name: (CSS / name).read_text(encoding="utf-8") for name in STYLESHEETS}
    extra = scripts.book_css(config, font_url, ("rtl.css", "rtl-site.css"), notes_sheets=NOTES_SHEETS) if config is not None else ""
    if extra:
        sheets[BOOK_SHEET] = extra
    located = scripts.located(config.scripts, font_url) if config is not None else {}
    text = fonts.characters(pages, sheets.values())
    wanted = fonts.features(sheets.values())
    for name, css in sheets.items():
        urls = {}
        for face in fonts.declared_faces(css, CSS, located):
            target = site / "css" / posixpath.dirname(face.url) / fonts.file_name(face, FLAVOR)
            shutil.copyfile(subsets.get(face, text, wanted, FLAVOR), target.resolve())
            urls[face.url] = posixpath.join(posixpath.dirname(face.url), target.name)
        (site / "css" / name).write_text(fonts.restyle(css, urls, FLAVOR), encoding="utf-8", newline="\n")
    subsets.settle(owner)
    shutil.copyfile(FONTS / FONT_LICENCE, site / "fonts" / FONT_LICENCE)
    for name, path in (scripts.licences(config.scripts) if config is not None else {}).items():
        shutil.copyfile(path, site / "fonts" / name)
    (site / "js").mkdir()
    for name in SCRIPTS:
        shutil.copyfile(STYLES / "js" / name, site / "js" / name)


def copy_images(article, site: Path):
    """Copy the article's images into site/images/ and point its pages at the copies."""
    if not article.images:
        return article
    (site / "images").mkdir(exist_ok=True)
    names = {}
    for path in article.images:
        names[path] = f"images/{published_name(path)}"
        shutil.copyfile(path, site / names[path])
    return relink(article, names.get)


def write_page(path: Path, html: str) -> str:
    """Write the page; what it shows in text."""
    path.write_text(html, encoding="utf-8", newline="\n")
    return fonts.text_of(html)
