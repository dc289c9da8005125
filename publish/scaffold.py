"""Starting a series and adding an article: ``publish new-series`` and ``publish new-article``.

Nothing is ever overwritten unless asked (``--force``).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from publish.articles import slug_of
from publish.config import ARTICLES_DIR, SERIES_FILE
from publish.diagnostics import PublishError, Report

SERIES_TEMPLATE = """\
# Series metadata. Required: title, language. Everything else has a default (see README.md).
title: {title}
language: en                      # a BCP 47 tag: en, en-GB, de, fr, zh-Hans...
# subtitle: ...
# author: [Name One, Name Two]
# date: 2025-01-01
# description: ...
print:
  trim: 6x9in
notes:
  numbering: per-article          # or continuous
lint:
  note-call: after                # note calls after punctuation: 'text.[^1]'
  disable: []                     # lint codes to switch off for this series
"""
NUMBER = re.compile(r"^(\d+)")


def slugify(title: str) -> str:
    """'The Paris Commune, 1871' -> 'the-paris-commune-1871' (ASCII, for file and page names)."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "article"


def refuse_existing(path: Path, force: bool, code_hint: str) -> None:
    if path.exists() and not force:
        report = Report()
        report.add("scaffold-exists", f"{path} already exists; nothing was written", file=path,
                   hint=f"choose another {code_hint}, or pass --force to overwrite it")
        raise PublishError(report.items)


def new_series(folder: Path, force: bool = False, title: str | None = None) -> list[Path]:
    """Create ``folder/series.yml`` (with placeholders that load) and ``folder/articles/``."""
    config = folder / SERIES_FILE
    refuse_existing(config, force, "folder")
    (folder / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    name = title or folder.resolve().name.replace("-", " ").replace("_", " ").title()
    config.write_text(SERIES_TEMPLATE.format(title=yaml_scalar(name)), encoding="utf-8")
    return [config, folder / ARTICLES_DIR]


def yaml_scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()


def require_series(folder: Path) -> None:
    if not (folder / SERIES_FILE).is_file():
        report = Report()
        report.add("series-missing", f"no {SERIES_FILE} in {folder}", file=folder,
                   hint="create the series first: publish new-series FOLDER")
        raise PublishError(report.items)


def article_path(folder: Path, slug: str) -> Path:
    """The file for ``slug``: the existing one with that page name, else the next number."""
    articles = folder / ARTICLES_DIR
    existing = sorted(articles.glob("*.md")) if articles.is_dir() else []
    for path in existing:
        if slug_of(path) == slug:
            return path
    numbers = [int(m.group(1)) for m in (NUMBER.match(p.name) for p in existing) if m]
    width = max([2] + [len(m.group(1)) for m in (NUMBER.match(p.name) for p in existing) if m])
    return articles / f"{max(numbers, default=0) + 1:0{width}d}-{slug}.md"


def front_matter(title: str, **extra) -> str:
    values = {"title": title, **{k: v for k, v in extra.items() if v}}
    return "---\n" + "".join(f"{k}: {yaml_scalar(str(v))}\n" for k, v in values.items()) + "---\n"


def new_article(folder: Path, title: str, force: bool = False) -> Path:
    """Create ``articles/NN-slug.md`` with front matter; NN is one more than the highest number."""
    require_series(folder)
    path = article_path(folder, slugify(title))
    refuse_existing(path, force, "title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(title) + "\n", encoding="utf-8")
    return path
