"""The site's downloads: the files other formats built, copied into ``site/downloads/``.

    downloads/<name>.epub             the series as one e-book
    downloads/<name>.pdf              the print edition
    downloads/<name>-screen.pdf       the screen edition
    downloads/articles/<slug>.epub    one e-book per article

Each is offered only when this build made it, or an earlier one made it from the manuscript as it is now
(``Job.output``); an earlier one made from another text is left out, with a warning that says so.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from publish.job import Job
from publish.messages import ENGLISH, Messages, messages_for
from publish.outputs import ARTICLE_BOOKS, article_epub, print_pdf, screen_pdf, series_epub

EPUB_TYPE, PDF_TYPE = "application/epub+zip", "application/pdf"
SERIES_FILES = (  # (the output's name from the series', label, kind, media type), in the order they are listed
    (series_epub, "download-epub", "kind-epub", EPUB_TYPE),  # (labels and kinds: keys of publish.messages)
    (print_pdf, "download-print-pdf", "kind-print", PDF_TYPE),
    (screen_pdf, "download-screen-pdf", "kind-screen", PDF_TYPE),
)
FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    href: str        #: relative to the site's root
    label: str
    kind: str
    media_type: str
    size: str        #: for readers: '3 KB', '1.2 MB'
    path: Path       #: the copy inside the site
    slug: str | None = None  #: the article it holds, or None for the whole series


@dataclass(frozen=True)
class Downloads:
    series: tuple[Download, ...]
    articles: dict  #: slug -> Download of the article's own EPUB

    @property
    def all(self) -> tuple[Download, ...]:
        return self.series + tuple(self.articles.values())


def copy_downloads(job: Job, site: Path) -> Downloads:
    """Copy every download that exists into the site and describe it."""
    name, words = job.series.name, messages_for(job.series.config)
    found = [_copy(job, site, output(name), output(name), words[label], words[kind], media_type, words)
             for output, label, kind, media_type in SERIES_FILES]
    articles = {}
    for article in job.series.articles:
        path = article_epub(article.slug)
        download = _copy(job, site, path, path, words["download-epub"], words["kind-article-epub"], EPUB_TYPE,
                         words, article.slug)
        if download:
            articles[article.slug] = download
    report_stale(job, [output(name) for output, *_ in SERIES_FILES] + [ARTICLE_BOOKS])
    return Downloads(tuple(d for d in found if d), articles)


def report_stale(job: Job, names: list[str]) -> None:
    """Say which earlier outputs the site left out because the manuscript changed after they were made."""
    for name in names:
        if job.output(name) and not job.output(name, current=True):
            what = "the articles' EPUBs" if name == ARTICLE_BOOKS else name
            job.report.warn("site-download-stale", f"{what}: made before the manuscript last changed, so the site "
                            "does not offer it for download", file=job.final / name,
                            hint="build it with the site, e.g. make (all formats) or --format epub,pdf,site")


def _copy(job: Job, site: Path, output: str, target_name: str, label: str, kind: str, media_type: str,
          words: Messages, slug: str | None = None) -> Download | None:
    source = job.output(output, current=True)
    if source is None or not source.is_file():
        return None
    target = site / FOLDER / target_name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return Download(quote(f"{FOLDER}/{target_name}"), label, kind, media_type,
                    file_size(target.stat().st_size, words), target, slug)


def file_size(size: int, words: Messages | None = None) -> str:
    """'3 KB', '1.2 MB' (as the language writes them: '1,2 MB' in German, '3 ko' in French)."""
    words = words or Messages(ENGLISH)
    if size < 1024:
        return words.format("size-bytes", size=words.decimal(size, "0"))
    if size < 1000 * 1024:
        return words.format("size-kb", size=words.decimal(size / 1024, "0"))
    return words.format("size-mb", size=words.decimal(size / (1024 * 1024), "0.0"))
