"""``publish lint``: the loader's diagnostics plus checks of typography, repetition, structure and the index.

Each family of checks is one module with a ``check(article, context, report)`` function.
Findings can be switched off for a series (``lint: disable: [code, ...]`` in series.yml)
or for one line (``<!-- lint: disable=code -->`` on that line or the line before).
"""
from __future__ import annotations

from pathlib import Path

from publish.articles import find_articles, slug_of
from publish.config import load_config
from publish.diagnostics import Diagnostic, PublishError, Report
from publish.lint import repetition, structure, terms, typography
from publish.lint.text import ArticleText, Context, article_text
from publish.load import load_series
from publish.source import read_text

FAMILIES = (typography, repetition, structure)
#: the loader's codes for a link lint reports itself (``link-unresolved``, with its column): said once
RESOLVED_BY_LINT = {"xref-no-article", "xref-no-heading"}


def load_findings(folder: Path):
    """The loader's own diagnostics (notes, front matter, config), and the series when it loads."""
    report = Report()
    try:
        series = load_series(folder, report)
    except PublishError:
        series = None
    return report.items, series


def make_context(config, paths: list[Path], series) -> Context:
    ids = {a.slug: {h.id for h in a.headings} for a in series.articles} if series else {}
    pages: dict[str, set[str] | None] = {}
    names: dict[str, str] = {}
    for path in paths:
        slug = slug_of(path)
        pages[slug] = ids.get(slug)
        for name in (path.name, path.stem, slug, f"{slug}.html"):
            names[name] = slug
    return Context(config, pages, names)


def lint_article(path: Path, context: Context, report: Report) -> ArticleText | None:
    text = read_text(path, Report())   # an unreadable file is already reported by the loader
    if text is None:
        return None
    article = article_text(path, text)
    for family in FAMILIES:
        family.check(article, context, report)
    return article


def kept(finding: Diagnostic, disabled: tuple[str, ...], articles: dict[str, ArticleText]) -> bool:
    if finding.code in disabled:
        return False
    article = articles.get(finding.file or "")
    return not (article and article.is_disabled(finding.code, finding.line))


def lint_series(folder: Path) -> list[Diagnostic]:
    """Every finding for the series, in file and line order."""
    folder = Path(folder)
    findings, series = load_findings(folder)
    config = load_config(folder, Report())
    if config is None:
        return findings
    paths = find_articles(config, Report())
    context = make_context(config, paths, series)
    report = Report()
    articles = {}
    for path in paths:
        article = lint_article(path, context, report)
        if article:
            articles[str(path)] = article
    if series is not None:
        terms.check_series(series, report)
    unresolved = {(f.file, f.line) for f in report.items if f.code == "link-unresolved"}
    findings = [f for f in findings if not (f.code in RESOLVED_BY_LINT and (f.file, f.line) in unresolved)]
    unique = list(dict.fromkeys(findings + report.items))
    chosen = [f for f in unique if kept(f, config.lint.disable, articles)]
    return sorted(chosen, key=lambda d: (d.file or "", d.line or 0, d.col or 0, d.code))
