"""The parts of one series' print book laid out through the cache, until the front matter settles.

Every part is laid out from page 1 (``typeset.set_part``), its first page on a
recto; then, from the parts' lengths, each part's first page is known: the front
matter is laid out again with the real page numbers of its contents (which may
take another page, so this repeats until it settles), the back matter on the side
it falls on, and each part's folio sheet numbered from its first page
(``typeset.set_folios``). Each result is kept in the cache by everything it
depends on, its place in the book not among them.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publish.adapters.pdf.assemble.folios import NONE
from publish.adapters.pdf.layout.typeset import reads_of, set_folios, set_part
from publish.adapters.pdf.parts.book import BACK, FRONT, INDEX, book_parts, part_html, side_of, starts_of
from publish.adapters.pdf.parts.html import article_entry
from publish.adapters.pdf.parts.index import INDEX_ANCHOR, pages_of, pdf_xrefs, placeholder_pages
from publish.ast import nodes
from publish.adapters.pdf.press import press_css
from publish.cache import PartCache, derive_key, digest_files, run_cached
from publish.engine import Task
from publish.model import Series
from publish.scripts import font_files

NONE_ONLY = {NONE}
PLACEHOLDER_PAGE = 999  #: the contents' page numbers while the parts' lengths are not known


class BookLayout:
    """The parts of one series' book, laid out through the cache."""

    def __init__(self, series: Series, cache: PartCache, step=None, engine=None):
        self.series, self.cache, self.engine = series, cache, engine
        self.step = step or (lambda label: None)  #: called as each part is laid out, with its name
        self.bare = replace(series, articles=(), bibliography=[])  #: all a folio sheet needs: the settings
        self.press = press_css(series.config.print)
        self.folder = str(series.config.folder)
        language = series.config.language
        self.entries = [article_entry(article, language, pdf_xrefs(series, placeholder_pages(series)))
                        for article in series.articles]
        self.page_refs = any(node["t"] == "XRef" and node["c"][2][3] for article in series.articles
                             for node in nodes([article.blocks, [note.blocks for note in article.notes]]))
        #: the fonts of the book's scripts, by their content (none for a book in Latin script: its keys stay)
        self.script_fonts = [digest_files(font_files(series.config.scripts))] if series.config.scripts else []

    def parts(self, starts: dict[str, int], pages: dict[str, str] | None = None) -> list:
        """The book's parts, the contents numbered from ``starts``, the index and the references that print a
        page from ``pages`` (``xref.place_key`` -> page; None: not known yet)."""
        entries = self.entries
        if self.page_refs and pages is not None:
            xrefs = pdf_xrefs(self.series, placeholder_pages(self.series) | pages)
            entries = [article_entry(article, self.series.config.language, xrefs) for article in self.series.articles]
        return book_parts(self.series, starts, entries, pages)

    def sources(self, part) -> list[Path]:
        return [part.article.file] if part.article else [a.file for a in self.series.articles]

    def list_dependencies(self, part) -> tuple:
        """What a part's layout depends on besides its HTML: settings, images shown, notes' places.
        (What it finds is reported, at the lines of the manuscript, from the series as it is now.)"""
        images = sorted(part.article.images) if part.article else []
        notes = [(n.id, n.number, n.line, n.calls) for n in part.series(self.series).all_notes]
        return self.press, self.folder, images, repr(notes), *self.script_fonts

    def part_task(self, parts, index: int, side: str) -> tuple[str, tuple]:
        """The cache key and task of laying out ``parts[index]`` with its first page on ``side``."""
        part, html = parts[index], part_html(self.series, parts, index)
        args = (part.series(self.series), html, index + 1 < len(parts), side)
        return derive_key("part", *args[1:], *self.list_dependencies(part)), \
            Task(set_part, args, len(html), f"the part {part.key.lstrip('#')!r} of the print book",
                 reads_of(part.article, self.series.config))

    def relay_articles(self, parts: list, results: dict, laid: dict) -> bool:
        """Lay out again the articles whose text changed with the pages it prints; were there any?"""
        tasks = {}
        for index, part in enumerate(parts[1:-1], start=1):
            key, task = self.part_task(parts, index, "right")
            if key != laid[part.key]:
                tasks[key], laid[part.key] = task, key
        if not tasks:
            return False
        found = run_cached(self.cache, tasks, engine=self.engine)
        for part in parts[1:-1]:
            results[part.key] = found.get(laid[part.key], results[part.key])
        return True

    def folio_task(self, result, first: int) -> tuple[str, tuple]:
        """The cache key and task of the folio sheet of a part laid out as ``result``, from page ``first``."""
        args = (self.bare, result.folios, first)
        return derive_key("folios", *args[1:], self.press, self.folder), \
            Task(set_folios, args, len(result.folios), f"the folio sheet from page {first}",
                 reads_of(None, self.series.config))

    def lay_out(self) -> tuple[list, list, dict[str, int]]:
        """Every part laid out (``PartResult``s in book order), the folio sheet of each (None: it has no
        folio), and the first page of each part."""
        parts = self.parts({part.key: PLACEHOLDER_PAGE for part in book_parts(self.series, {}, self.entries)})
        first = dict(self.part_task(parts, index, "right") for index in range(len(parts) - 1))
        names = {name: part.key.lstrip("#") for part, name in zip(parts, first)}
        found = run_cached(self.cache, first, lambda name: self.step(names[name]), self.engine)
        results = {part.key: found[name] for part, name in zip(parts, first)}
        laid = {part.key: name for part, name in zip(parts, first)}  #: the task each result was laid out by
        front, index_page = results[FRONT].pages, None
        for _ in range(6):  # the contents, with their real numbers, may take another page (and so may an
            # article that prints the page of a place, with its real number)
            starts = starts_of(parts, {name: result.pages for name, result in results.items()}, front)
            pages = pages_of(self.series, parts[1:-1], [results[part.key] for part in parts[1:-1]], starts)
            parts = self.parts(starts | {INDEX: index_page}, pages)
            if self.relay_articles(parts, results, laid):
                continue
            tasks = dict([self.part_task(parts, 0, "right"), self.part_task(parts, len(parts) - 1,
                                                                             side_of(starts[BACK]))])
            folios = {part.key: self.folio_task(results[part.key], starts[part.key])
                      for part in parts[1:-1] if NONE_ONLY != set(results[part.key].folios)}
            found = run_cached(self.cache, tasks | dict(folios.values()), engine=self.engine)
            results[FRONT], results[BACK] = (found[name] for name in tasks)
            placed = results[BACK].anchors.get(INDEX_ANCHOR)  # where the index begins, for the contents
            placed = starts[BACK] + placed - 1 if placed else None
            if results[FRONT].pages == front and placed == index_page:
                self.step(BACK.lstrip("#"))
                sheets = {name: found[task_key] for name, (task_key, _) in folios.items()}
                if NONE_ONLY != set(results[BACK].folios):
                    back_key, back_task = self.folio_task(results[BACK], starts[BACK])
                    sheets[BACK] = run_cached(self.cache, {back_key: back_task}, engine=self.engine)[back_key]
                return ([results[part.key] for part in parts],
                        [(sheets[part.key], results[part.key].folios) if part.key in sheets else None
                         for part in parts], starts)
            front, index_page = results[FRONT].pages, placed
        raise RuntimeError("the front matter does not settle on a number of pages")
