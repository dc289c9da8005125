"""The front of the pipeline: series folder -> validated, parsed, note-lifted ``Series``."""
from __future__ import annotations

from pathlib import Path

from publish.articles import build_article, check_front_matter, find_articles
from publish.config import load_config
from publish.diagnostics import PublishError, Report
from publish.model import Series
from publish.parse import parse_sources
from publish.source import read_article_source


def load_series(folder: Path, report: Report | None = None) -> Series:
    """Read a series folder into the model; raise PublishError with every problem of the failing stage."""
    report = report or Report()
    config = load_config(Path(folder), report)
    if config is None:
        raise PublishError(report.items)
    paths = find_articles(config, report)
    sources = [read_article_source(path, report) for path in paths]
    for source in sources:
        if source is not None:
            check_front_matter(source, report)
    report.raise_if_errors()
    trees = parse_sources(sources, report)
    report.raise_if_errors()
    articles, number = [], 1
    for index, (source, tree) in enumerate(zip(sources, trees), start=1):
        if config.numbering == "per-article":
            number = 1
        article, number = build_article(source, tree, index, number, report)
        articles.append(article)
    report.raise_if_errors()
    return Series(config, tuple(articles))
