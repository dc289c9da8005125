"""The back-of-book index, decided once: its marks, entries, order and anchors for every output.

A mark is a pandoc span in the manuscript:

- ``[Batignolles]{.index}``: the entry is the words as written;
- ``[Louise Michel]{index="Michel, Louise"}``: the entry is given;
- ``[the Rue Haxo wall]{index="Commune!Rue Haxo"}``: ``!`` makes a subentry under "Commune";
- ``index="Communards|see Commune"``, ``index="Paris|see also Commune"``: cross-references of the index
  (a "see" mark is no locator: the entry sends the reader on; a "see also" mark is one).

Each mark becomes a span with an id of its own (``<slug>-index-<n>``, in reading order, notes after the
text), the place every output's locators lead to. Entries are sorted by the series' language with ICU's
collator (PyICU), as a reader of that language looks a word up, and each output prints the pages (or
links) of the same ``IndexEntry`` tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import icu

from publish.ast import nodes, stringify
from publish.diagnostics import Report
from publish.messages import Messages
from publish.model import Article, IndexEntry, Locator
from publish.parse import line_of
from publish.source import SourceText
from publish.xref import place_key

MARK_CLASS = "index-term"  #: the class of a mark's span in every output
SUBENTRY, CROSS = "!", "|"


@dataclass
class _Entry:
    term: str
    locators: list[Locator] = field(default_factory=list)
    see: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    children: dict[str, "_Entry"] = field(default_factory=dict)
    line: tuple | None = None  #: (file, line) of its first mark


def is_mark(node) -> bool:
    if not (isinstance(node, dict) and node.get("t") == "Span"):
        return False
    _ident, classes, pairs = node["c"][0]
    return "index" in classes or any(key == "index" for key, _ in pairs)


def mark_spec(node) -> str:
    """What a mark says: the entry given with ``index="..."``, else the words it marks."""
    _ident, _classes, pairs = node["c"][0]
    given = next((value for key, value in pairs if key == "index"), None)
    return given.strip() if given is not None else stringify(node["c"][1]).strip()


def parse_spec(spec: str, language: str = "en") -> tuple[list[str], str | None, str | None]:
    """('Commune!Rue Haxo|see also Paris') -> (['Commune', 'Rue Haxo'], None, 'Paris'). The cross-reference may
    be written in English or in the series' language, as its index prints it ('voir', 'voir aussi')."""
    path, _, cross = spec.partition(CROSS)
    terms = [part.strip() for part in path.split(SUBENTRY, 1) if part.strip()]
    cross, words = cross.strip(), Messages(language)
    for kind, word in (("see also", "see also"), ("see also", words["see-also"]), ("see", "see"), ("see", words["see"])):
        if cross.lower().startswith(word.lower() + " "):
            target = cross[len(word):].strip()
            return (terms, None, target) if kind == "see also" else (terms, target, None)
    return terms, None, None


class MarkReader:
    """Gives every mark of one article its id and files it under its entry."""

    def __init__(self, article: Article, source: SourceText | None, entries: dict[str, _Entry], report: Report,
                 language: str = "en"):
        self.article, self.source, self.entries, self.report = article, source, entries, report
        self.language = language
        self.count = 0
        self.taken = ids_of([article.blocks, [note.blocks for note in article.notes]])

    def rewrite(self, node):
        if isinstance(node, list):
            return [self.rewrite(item) for item in node]
        if not isinstance(node, dict) or "c" not in node:
            return node
        if is_mark(node):
            return self._mark(node)
        if node["t"] == "Image":  # its text alternative is no place (a figure's caption is read once, as caption)
            attr, alt, target = node["c"]
            return {"t": "Image", "c": [attr, unmarked(alt), target]}
        return {**node, "c": self.rewrite(node["c"])}

    def _next_id(self, own: str) -> str:
        """The mark's id: the one written on it (``[words]{#id .index}``), else the next ``<slug>-index-<n>`` that
        no heading, note or other element of the article has."""
        if own:
            return own
        ident = f"{self.article.slug}-index-{self.count}"
        while ident in self.taken:
            ident += "-"
        return ident

    def _where(self, spec: str, words: str) -> tuple:
        body = self.source.body if self.source else ""
        line = line_of(body, f'"{spec}"')[0] if spec != words else None
        return self.article.file, line or line_of(body, f"[{words}]")[0] or line_of(body, words)[0]

    def _mark(self, node) -> dict:
        spec, words = mark_spec(node), stringify(node["c"][1]).strip()
        terms, see, see_also = parse_spec(spec, self.language)
        self.count += 1
        ident = self._next_id(node["c"][0][0])
        where = self._where(spec, words)
        if CROSS in spec and not (see or see_also):
            self.report.warn("index-cross-unknown", f"the index mark '{spec}' sends the reader on with words that are "
                             "neither 'see' nor 'see also': they are left out", file=where[0], line=where[1],
                             hint="write '|see Entry' or '|see also Entry' (or the index's own words, e.g. 'voir')")
        if not terms:
            self.report.add("index-empty", "an index mark names no entry", file=where[0], line=where[1],
                            hint="write the entry: [words]{index=\"Entry\"}, or mark words: [words]{.index}")
        else:
            entry = self.entries.setdefault(terms[0], _Entry(terms[0], line=where))
            for term in terms[1:]:
                entry = entry.children.setdefault(term, _Entry(term, line=where))
            if see:
                entry.see.append(see)
            else:
                entry.locators.append(Locator(self.article.slug, ident, where[1]))
            if see_also:
                entry.see_also.append(see_also)
        return {"t": "Span", "c": [[ident, [MARK_CLASS], []], self.rewrite(node["c"][1])]}


def ids_of(tree) -> set[str]:
    """Every id written in a block tree (headings, spans, divisions, code, links, images, figures, tables)."""
    found = set()
    for node in nodes(tree):
        content = node.get("c")
        if node["t"] == "Header":
            found.add(content[1][0])
        elif node["t"] in ("Span", "Div", "Code", "CodeBlock", "Link", "Image", "Figure", "Table"):
            found.add(content[0][0])
    return found - {""}


def unmarked(tree):
    """A tree with its index marks' words left in place as plain words (no place of the index)."""
    if isinstance(tree, list):
        out = []
        for item in tree:
            out += unmarked(item["c"][1]) if is_mark(item) else [unmarked(item)]
        return out
    if isinstance(tree, dict) and "c" in tree:
        return {**tree, "c": unmarked(tree["c"])}
    return tree


def check_title(article: Article, source: SourceText | None, report: Report) -> Article:
    """A mark in an article's title is no place of the index (a title prints in the contents, the running heads
    and the navigation as well as at its article's head): a warning, and the title keeps the words."""
    if not any(is_mark(node) for node in nodes(article.title_inlines)):
        return article
    report.warn("index-in-title", f"the title of '{article.slug}' marks an index term; titles are not indexed",
                file=article.file, line=source.front_lines.get("title") if source else None,
                hint="mark the same words in the article's first paragraph, where the index can point to them")
    return replace(article, title_inlines=unmarked(article.title_inlines))


def collator(language: str):
    """ICU's collator for a BCP 47 tag: how a reader of that language orders words."""
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(language))


def sort_entries(entries: dict[str, _Entry], order) -> tuple[IndexEntry, ...]:
    ranked = sorted(entries.values(), key=lambda e: (order.getSortKey(e.term), e.term))
    return tuple(IndexEntry(e.term, tuple(e.locators), tuple(dict.fromkeys(e.see)), tuple(dict.fromkeys(e.see_also)),
                            sort_entries(e.children, order)) for e in ranked)


def check_cross_references(entries: dict[str, _Entry], report: Report) -> None:
    """A "see" or "see also" that leads to no entry of the index is a warning."""
    def exists(target: str) -> bool:
        terms, _, _ = parse_spec(target)
        found = entries.get(terms[0]) if terms else None
        return found is not None and (len(terms) == 1 or terms[1] in found.children)

    def walk(group: dict[str, _Entry]):
        for entry in group.values():
            for target in dict.fromkeys(entry.see + entry.see_also):
                if not exists(target):
                    file, line = entry.line or (None, None)
                    report.warn("index-see-missing", f"the index entry '{entry.term}' sends the reader to "
                                f"'{target}', which is no entry of the index", file=file, line=line,
                                hint=f"mark a place for '{target}', or correct the name after 'see'")
            walk(entry.children)

    walk(entries)


def mark_index(articles: list[Article], sources: list[SourceText | None], language: str,
               report: Report) -> tuple[list[Article], tuple[IndexEntry, ...]]:
    """The articles with their marks given ids, and the index they make (empty: the series marks nothing)."""
    entries: dict[str, _Entry] = {}
    marked = []
    for article, source in zip(articles, sources):
        article = check_title(article, source, report)
        if not any(is_mark(node) for node in nodes([article.blocks, [note.blocks for note in article.notes]])):
            marked.append(article)  # nothing to rewrite: no copy
            continue
        reader = MarkReader(article, source, entries, report, language)
        blocks = reader.rewrite(article.blocks)
        notes = tuple(replace(note, blocks=reader.rewrite(note.blocks)) for note in article.notes)
        marked.append(replace(article, blocks=blocks, notes=notes) if reader.count else article)
    if not entries:
        return marked, ()
    check_cross_references(entries, report)
    return marked, sort_entries(entries, collator(language))


def locators_of(entries) -> list[Locator]:
    """Every locator of the index, entries and subentries."""
    return [loc for entry in entries for loc in entry.locators + tuple(locators_of(entry.subentries))]


@dataclass(frozen=True)
class Run:
    """Locators as printed: a page, or a run of consecutive pages ('12–14'), leading to its first place."""
    first: str
    last: str
    place: Locator


@dataclass(frozen=True)
class PrintedEntry:
    """An entry as an output prints it: its term, its runs of pages, where it sends the reader, its subentries."""
    term: str
    runs: tuple[Run, ...]
    see: tuple[str, ...]
    see_also: tuple[str, ...]
    subentries: tuple["PrintedEntry", ...]


def join_pages(places: list[tuple[str, Locator]]) -> tuple[Run, ...]:
    """An entry's locators as printed, from (label, locator) each: every label once, runs of consecutive
    pages joined, each run leading to its first place: 12, 13, 14, 20 -> '12–14', '20'. Labels that are
    not numbers (no print book: ``printed``) keep their order, after the numbers."""
    first_place: dict[str, Locator] = {}
    for label, place in places:
        first_place.setdefault(label, place)
    ordered = sorted(first_place, key=lambda label: (not label.isdigit(), int(label) if label.isdigit() else 0))
    runs: list[list] = []
    for label in ordered:
        if runs and label.isdigit() and runs[-1][1].isdigit() and int(label) == int(runs[-1][1]) + 1:
            runs[-1][1] = label
        else:
            runs.append([label, label, first_place[label]])
    return tuple(Run(*run) for run in runs)


def printed(entries: tuple[IndexEntry, ...], pages: dict[str, str] | None,
            titles: dict[str, str]) -> tuple[PrintedEntry, ...]:
    """The index as an output prints it: each locator labelled with its print page (``pages``, by
    ``xref.place_key``), or, when no print book is known (``pages`` None), with the title of its article
    (``titles``, by slug), once per article."""
    def label(place: Locator) -> str:
        if pages is None:
            return titles[place.slug]
        return pages.get(place_key(place.slug, place.id), "")

    return tuple(PrintedEntry(entry.term, join_pages([(label(p), p) for p in entry.locators if label(p)]),
                              entry.see, entry.see_also, printed(entry.subentries, pages, titles))
                 for entry in entries)


def letter_groups(entries: tuple[PrintedEntry, ...], language: str) -> list[tuple[PrintedEntry, ...]]:
    """The entries (in order) in groups by their first letter as the language's collator sees it (ICU's
    alphabetic index: "écoles" and "Élysée" are E's in English, "Ärger" an A in German; numbers and signs first)."""
    buckets = icu.AlphabeticIndex(icu.Locale.forLanguageTag(language)).buildImmutableIndex()
    groups: list[list[PrintedEntry]] = []
    last = None
    for entry in entries:
        bucket = buckets.getBucketIndex(entry.term)
        if bucket != last:
            groups.append([])
        groups[-1].append(entry)
        last = bucket
    return [tuple(group) for group in groups]
