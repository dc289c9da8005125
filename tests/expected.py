"""The notes every output of a series must carry: each article's notes as the oracle (tests/oracle.py) reads
them, with the numbers and ids the README promises. Nothing here imports ``publish``.

What comes from where:
- the text of each note, its order and how many calls it has: pandoc's own HTML writer (the oracle), with
  pandoc's citeproc when ``series.yml`` names a bibliography (the style is the series' ``csl``, else the
  default Chicago notes style in ``styles/csl/``);
- the number: 1, 2, ... in each article, or running on through the series with ``notes: {numbering:
  continuous}``, read from ``series.yml`` with PyYAML;
- the titles of the articles: pandoc's standalone HTML writer (``oracle.title``);
- the ids, by the rule written in the README: ``<slug>-note-<n>``, calls ``<slug>-noteref-<n>``, a further
  call ``<slug>-noteref-<n>-<k>``; the slug is the file name without its number and extension.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests import oracle

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSL = ROOT / "styles" / "csl" / "chicago-notes-bibliography-17th-edition.csl"


@dataclass(frozen=True)
class ExpectedNote:
    slug: str                   #: the article's slug
    number: int
    text: str                   #: pandoc's text of the note, whitespace squashed, without number or backlinks
    calls: int                  #: how many calls it has (how many copies pandoc wrote of it)

    @property
    def id(self) -> str:
        return f"{self.slug}-note-{self.number}"

    @property
    def call_ids(self) -> list[str]:
        first = f"{self.slug}-noteref-{self.number}"
        return [first] + [f"{first}-{k}" for k in range(2, self.calls + 1)]


def settings(series_dir: Path) -> dict:
    return yaml.safe_load((Path(series_dir) / "series.yml").read_text(encoding="utf-8")) or {}


def article_files(series_dir: Path) -> list[Path]:
    """The article files in series order: the ``articles`` list of series.yml, else file-name order."""
    folder = Path(series_dir) / "articles"
    names = settings(series_dir).get("articles")
    return [folder / name for name in names] if names else sorted(folder.glob("*.md"))


def slug_of(path: Path) -> str:
    return re.sub(r"^\d+[-_. ]*", "", path.stem) or path.stem


def citation_files(series_dir: Path) -> tuple[Path | None, Path | None]:
    """(bibliography, style) the oracle runs citeproc with, or (None, None) without a bibliography."""
    values = settings(series_dir)
    if not values.get("bibliography"):
        return None, None
    csl = Path(series_dir) / values["csl"] if values.get("csl") else DEFAULT_CSL
    return Path(series_dir) / values["bibliography"], csl


def article_notes(series_dir: Path, path: Path, first_number: int = 1) -> list[ExpectedNote]:
    texts = oracle.notes(path, *citation_files(series_dir))
    calls = oracle.note_calls(path, *citation_files(series_dir))
    return [ExpectedNote(slug_of(path), number, text, count)
            for number, (text, count) in enumerate(zip(texts, calls), start=first_number)]


def call_count(series_dir: Path, path: Path) -> int:
    """How many note calls the article's body holds, as pandoc counts them."""
    return oracle.call_count(path, *citation_files(series_dir))


def series_notes(series_dir: Path) -> dict[str, list[ExpectedNote]]:
    """Article slug -> its notes in order, numbered as the series numbers them."""
    continuous = (settings(series_dir).get("notes") or {}).get("numbering") == "continuous"
    found, number = {}, 1
    for path in article_files(series_dir):
        notes = article_notes(series_dir, path, number if continuous else 1)
        found[slug_of(path)] = notes
        number += len(notes)
    return found


def article_titles(series_dir: Path) -> dict[str, str]:
    """Article slug -> its title as pandoc writes it, in series order."""
    return {slug_of(path): oracle.title(path) for path in article_files(series_dir)}


def all_notes(series_dir: Path) -> list[ExpectedNote]:
    return [note for notes in series_notes(series_dir).values() for note in notes]
