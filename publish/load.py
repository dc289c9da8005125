"""The front of the pipeline: series folder -> validated, parsed, note-lifted ``Series``."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publish.articles import WALKED, build_article, check_front_matter, find_articles
from publish.ast import collect
from publish.config import SERIES_FILE, load_config
from publish.diagnostics import PublishError, Report
from publish.index import locators_of, mark_index
from publish.messages import report_missing
from publish.model import Series
from publish.scripts import series_scripts
from publish.parse import line_of, parse_bibliography, parse_sources
from publish.source import read_article_source
from publish.xref import place_key, resolve_xrefs


def load_series(folder: Path, report: Report | None = None, cache_dir: Path | None = None,
                jobs: int | None = None) -> Series:
    """Read a series folder into the model; raise PublishError with every problem of the failing stage.

    With ``cache_dir``, each article's parse is kept by content there and reused while it is unchanged;
    ``jobs``: how many pandoc processes run side by side (default: one per usable CPU).
    """
    report = report or Report()
    config = load_config(Path(folder), report)
    if config is None:
        raise PublishError(report.items)
    report_missing(config, report, config.folder / SERIES_FILE)
    paths = find_articles(config, report)
    sources = [read_article_source(path, report) for path in paths]
    for source in sources:
        if source is not None:
            check_front_matter(source, report)
    report.raise_if_errors()
    trees = parse_sources(sources, config, report, cache_dir, jobs)
    report.raise_if_errors()
    walked = [collect(tree.get("blocks", []), WALKED) for tree in trees]
    keys = cited_keys(walked, sources, config, report)
    articles, number = [], 1
    for index, (source, tree, found) in enumerate(zip(sources, trees, walked), start=1):
        if config.numbering == "per-article":
            number = 1
        article, number = build_article(source, tree, index, number, report, config.folder, found)
        articles.append(article)
    report.raise_if_errors()
    articles, paged = resolve_xrefs(articles, sources, report)
    articles, index = mark_index(articles, sources, config.language, report)
    paged += [place_key(place.slug, place.id) for place in locators_of(index)]
    report.raise_if_errors()
    bibliography = parse_bibliography(keys, config, report)
    report.raise_if_errors()
    config = replace(config, scripts=series_scripts(config, articles))
    return Series(config, tuple(articles), bibliography, index, tuple(dict.fromkeys(paged)))


def cited_keys(walked: list[dict], sources, config, report: Report) -> list[str]:
    """Every citation key in reading order (``walked``: each article's ``WALKED`` nodes); without a
    bibliography a citation is only a warning."""
    keys: list[str] = []
    for found, source in zip(walked, sources):
        before = len(keys)
        keys.extend(c["citationId"] for node in found["citations"] for c in node["c"][0])
        if len(keys) > before and not config.bibliography:
            line, col = line_of(source.body, "@" + keys[before])
            report.warn("citation-no-bibliography", f"@{keys[before]} reads as a citation but the series has no "
                        "bibliography", file=source.path, line=line, col=col,
                        hint="add 'bibliography: refs.yaml' to series.yml, or write \\@ for a literal @")
    return list(dict.fromkeys(keys))
