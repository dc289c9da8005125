"""What pandoc's own HTML writer makes of an article: the answers the tests hold the toolchain to.

Nothing here imports ``publish``. An article file (Markdown with YAML front matter) is given to pandoc
as it is (``--from markdown-raw_tex --to html5 --wrap=none --metadata=lang=en``) and the HTML is read
with lxml:

- ``notes``: the text of each note, in order of first call. Pandoc writes a note cited twice as two
  identical copies (pandoc#1603), one per call; later identical copies are dropped here (the first
  wins), which gives the numbering the toolchain promises: a note cited twice is one note.
  ``note_calls`` says how many copies pandoc made of each, i.e. how many calls it has.
- ``note_tables``: each table inside a note (caption, header cells, body rows, foot rows, alignment).
- ``note_ordered_lists``: each ordered list inside a note, with its items, start and type.
- ``outline``: the headings of the article's body as (level, text), in order.
- ``title``: the article's title as pandoc's standalone HTML writes it in its title block.

A note is identified by its text, so a fixture must not hold two different notes with the same text.

Citations: given ``bibliography`` and ``csl`` (the series' files), pandoc runs its own citeproc in the same
pass (``--citeproc --bibliography=… --csl=… --metadata=suppress-bibliography=true``); in a note style each
citation becomes one of pandoc's notes, in the sequence of the written ones. A citation's note is its own note
even when its text is another's (the same work and page cited twice is two citations, each with one call), so
only written notes are merged by their text. Without them a citation is left as its bare ``[@key]`` text and
makes no note.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypandoc
from lxml import etree, html as lhtml

PANDOC_ARGS = ("--from", "markdown-raw_tex", "--to", "html5", "--wrap=none", "--metadata=lang=en")
BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
          "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "h1", "h2", "h3", "h4",
          "h5", "h6", "hr", "br", "section"}


@dataclass(frozen=True)
class NoteTable:
    note: int                           #: 1-based number of the note holding it, as ``notes`` numbers them
    caption: str
    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    foot: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]              #: per column of the first body row: 'left', 'right', 'center' or ''


@dataclass(frozen=True)
class NoteList:
    note: int
    start: int
    type: str                           #: the ``type`` attribute: '1' (decimal), 'i', 'I', 'a' or 'A'
    items: tuple[str, ...]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def citeproc_args(bibliography: Path | None, csl: Path | None) -> tuple[str, ...]:
    if bibliography is None:
        return ()
    assert csl is not None, "a bibliography needs its citation style"
    return ("--citeproc", f"--bibliography={Path(bibliography).resolve()}", f"--csl={Path(csl).resolve()}",
            "--metadata=suppress-bibliography=true")


def pandoc_html(path: Path, bibliography: Path | None = None, csl: Path | None = None) -> str:
    files = [Path(f) for f in (path, bibliography, csl) if f is not None]
    mtimes = tuple(f.stat().st_mtime_ns for f in files)
    return _html(str(Path(path).resolve()), citeproc_args(bibliography, csl), mtimes)


@lru_cache(maxsize=64)
def _html(path: str, citeproc: tuple[str, ...], _mtimes: tuple[int, ...]) -> str:
    proc = subprocess.run([pypandoc.get_pandoc_path(), *PANDOC_ARGS, *citeproc, path], capture_output=True,
                          text=True, check=True, timeout=120)
    return proc.stdout


def _root(path: Path, bibliography: Path | None = None, csl: Path | None = None):
    html = pandoc_html(path, bibliography, csl)
    return lhtml.document_fromstring("<!DOCTYPE html><html><body>" + html + "</body></html>")


def text_of(element) -> str:
    """The text of an element with whitespace squashed, without pandoc's backlinks (↩︎) and note calls;
    a space stands between blocks (cells, paragraphs, items), as a reader sees them."""
    element = etree.fromstring(etree.tostring(element))
    for a in element.xpath(".//a[contains(concat(' ', @class, ' '), ' footnote-back ')]"
                           " | .//a[contains(concat(' ', @class, ' '), ' footnote-ref ')]"):
        _drop(a)
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str):             # comments and processing instructions
            parts.append(el.tail or "")
            return
        block = el.tag in BLOCKS
        if block:
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            walk(child)
        if block:
            parts.append(" ")
        parts.append(el.tail or "")

    parts.append(element.text or "")
    for child in element:
        walk(child)
    return squash("".join(parts))


def _drop(element) -> None:
    parent, tail, prev = element.getparent(), element.tail or "", element.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _copies(root) -> list:
    """Pandoc's note items (one per call), in order."""
    return root.xpath("//section[@role='doc-endnotes']/ol/li")


def _distinct(path: Path, bibliography: Path | None = None,
              csl: Path | None = None) -> tuple[list[str], list[int], list]:
    root = _root(path, bibliography, csl)
    cited = set(root.xpath("//span[contains(concat(' ', @class, ' '), ' citation ')]//a[@role='doc-noteref']/@href"))
    texts: list[str] = []
    counts: list[int] = []
    items: list = []
    written: dict[str, int] = {}        # text of a written note -> its index; a citation's note is never merged
    for li in _copies(root):
        text = text_of(li)
        citation = f"#{li.get('id')}" in cited
        if not citation and text in written:
            counts[written[text]] += 1
            continue
        if not citation:
            written[text] = len(texts)
        texts.append(text)
        counts.append(1)
        items.append(li)
    return texts, counts, items


def notes(path: Path, bibliography: Path | None = None, csl: Path | None = None) -> list[str]:
    """Each note's text, in order of first call, a note cited twice given once."""
    return _distinct(path, bibliography, csl)[0]


def note_calls(path: Path, bibliography: Path | None = None, csl: Path | None = None) -> list[int]:
    """How many calls each note of ``notes`` has (how many copies pandoc wrote of it)."""
    return _distinct(path, bibliography, csl)[1]


def pandoc_copies(path: Path, bibliography: Path | None = None, csl: Path | None = None) -> int:
    """How many note items pandoc's HTML holds: one per call."""
    return len(_copies(_root(path, bibliography, csl)))


def call_count(path: Path, bibliography: Path | None = None, csl: Path | None = None) -> int:
    """How many note calls pandoc's HTML holds in the body (``role="doc-noteref"`` links)."""
    return len(_root(path, bibliography, csl).xpath("//a[@role='doc-noteref']"))


def _rows(section) -> tuple[tuple[str, ...], ...]:
    if section is None:
        return ()
    return tuple(tuple(text_of(cell) for cell in tr.xpath("./th|./td")) for tr in section.xpath("./tr"))


def _align(cell) -> str:
    style = cell.get("style") or ""
    found = re.search(r"text-align:\s*(\w+)", style)
    return found.group(1) if found else (cell.get("align") or "")


def note_tables(path: Path) -> list[NoteTable]:
    """Every table inside a note, in order."""
    out = []
    for number, li in enumerate(_distinct(path)[2], start=1):
        for table in li.xpath(".//table"):
            caption = table.find("caption")
            head = table.find("thead")
            body = table.xpath("./tbody")
            foot = table.find("tfoot")
            header = _rows(head)[0] if head is not None and _rows(head) else ()
            rows = tuple(row for tbody in body for row in _rows(tbody))
            first = body[0].xpath("./tr[1]/td|./tr[1]/th") if body else []
            out.append(NoteTable(number, text_of(caption) if caption is not None else "", header, rows,
                                 _rows(foot), tuple(_align(cell) for cell in first)))
    return out


def note_ordered_lists(path: Path) -> list[NoteList]:
    """Every ordered list inside a note, in order, with its own items only (not those of nested lists)."""
    out = []
    for number, li in enumerate(_distinct(path)[2], start=1):
        for ol in li.xpath(".//ol"):
            items = tuple(text_of(item) for item in ol.xpath("./li"))
            out.append(NoteList(number, int(ol.get("start") or 1), ol.get("type") or "1", items))
    return out


def outline(path: Path) -> list[tuple[int, str]]:
    """The headings of the body as pandoc's HTML writer gives them: (level, text), in order."""
    root = _root(path)
    headings = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    return [(int(h.tag[1]), text_of(h))
            for h in root.xpath(f"//body//*[{headings}][not(ancestor::section[@role='doc-endnotes'])]")]


def title(path: Path) -> str:
    """The title of the article as pandoc's standalone HTML writer gives it (its title block's heading)."""
    proc = subprocess.run([pypandoc.get_pandoc_path(), *PANDOC_ARGS, "--standalone", str(path)], capture_output=True,
                          text=True, check=True, timeout=120)
    [heading] = lhtml.document_fromstring(proc.stdout).xpath("//header[@id='title-block-header']/h1[@class='title']")
    return text_of(heading)
