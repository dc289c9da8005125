"""Index entries that differ only in case or accents ("Commune", "commune", "Communé"): probably one entry."""
from __future__ import annotations

import unicodedata
from collections import defaultdict

from publish.diagnostics import Report
from publish.model import IndexEntry, Series


def folded(term: str) -> str:
    """The term without case or accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c)).casefold()


def variants(entries: tuple[IndexEntry, ...], under: str = "") -> list[list[tuple[str, IndexEntry]]]:
    """Groups of entries (each with its full name, 'Commune!Rue Haxo') that differ only in case or accents,
    among the entries and among the subentries of each entry."""
    groups: dict[str, list] = defaultdict(list)
    found = []
    for entry in entries:
        groups[folded(entry.term)].append((under + entry.term, entry))
        found += variants(entry.subentries, under + entry.term + "!")
    return [group for group in groups.values() if len(group) > 1] + found


def check_series(series: Series, report: Report) -> None:
    files = {article.slug: article.file for article in series.articles}
    for group in variants(series.index):
        names = ", ".join(f"'{name}'" for name, _ in group)
        name, entry = group[1]
        place = next(iter(entry.locators), None)
        file, line = (files.get(place.slug), place.line) if place else (None, None)
        report.warn("index-variants", f"the index entries {names} differ only in case or accents", file=file,
                    line=line, hint=f"write them alike, e.g. index=\"{group[0][0]}\", if they are one entry")
