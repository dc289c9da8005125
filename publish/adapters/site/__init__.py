"""The site adapter: the series as a small static website in ``site/``.

    site/index.html        the landing page: the series, its articles, downloads
    site/<slug>.html       one page per article, its notes as endnotes at the end
    site/bibliography.html the works cited, when the series has a bibliography
    site/css/              base.css (shared typography) and site.css
    site/fonts/            the book font and its licence
    site/js/notes.js       notes beside the text or in popups (the endnotes work without it)
    site/downloads/        the series EPUB and PDFs and the articles' EPUBs, when a build made them
    site/opds.xml          an OPDS catalog of those e-books for reading apps, with covers/ from the EPUBs

The site asks for nothing outside itself (no fonts, scripts or styles from
elsewhere), works without JavaScript, and is written byte for byte the same
from the same series.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from publish.adapters.site.downloads import copy_downloads
from publish.adapters.site.opds import write_catalog
from publish.adapters.site.pages import (BIBLIOGRAPHY_PAGE, page_href, page_name, render_article,
                                          render_bibliography, render_index)
from publish.images import published_name, relink
from publish.job import Job
from publish.outputs import SITE
from publish.paths import CSS, FONTS, STYLES

STYLESHEETS = ("base.css", "site.css")
FONT_LICENCE = "LICENSE-OFL.txt"
SCRIPTS = ("notes.js",)


def build(job: Job) -> list[Path]:
    site = job.stage / SITE
    if not check_page_names(job):
        return []
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    copy_assets(site)
    downloads = copy_downloads(job, site)
    previous = job.final / SITE
    write_catalog(job.series, downloads, site, page_href, previous if previous.is_dir() else None)
    write_page(site / "index.html", render_index(job.series, downloads))
    for article in job.each_article("site"):
        own = downloads.articles.get(article.slug)
        article = copy_images(article, site)
        write_page(site / page_name(article), render_article(job.series, article, None, own))
    if job.series.bibliography:
        write_page(site / BIBLIOGRAPHY_PAGE, render_bibliography(job.series, None))
    return [site]


def check_page_names(job: Job) -> bool:
    """An article's page must not take the name of the landing page or the bibliography."""
    reserved = {"index.html": "landing page"}
    if job.series.bibliography:
        reserved[BIBLIOGRAPHY_PAGE] = "bibliography"
    clashes = [a for a in job.series.articles if page_name(a) in reserved]
    for article in clashes:
        job.report.add("site-page-name", f"the article '{article.file.name}' would replace the site's "
                       f"{reserved[page_name(article)]}, {page_name(article)}", file=article.file,
                       hint="rename the file, e.g. to 01-introduction.md")
    return not clashes


def copy_assets(site: Path) -> None:
    (site / "css").mkdir()
    for name in STYLESHEETS:
        shutil.copyfile(CSS / name, site / "css" / name)
    (site / "fonts").mkdir()
    for font in sorted(FONTS.glob("*.otf")) + [FONTS / FONT_LICENCE]:
        shutil.copyfile(font, site / "fonts" / font.name)
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


def write_page(path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8", newline="\n")
