"""Footnotes, decided once: identity, numbering, ids and text for every output.

Pandoc gives a note cited twice as two copies of the note, and keeps no label.
Here every note is lifted out of the article, matched to its ``[^label]`` through
the marker ``source`` put in each definition, given one number (in order of
first call) and one id, and replaced at each call by a ``NoteCall`` inline.

Pandoc's AST decides what is a call: a ``[^label]`` pandoc did not read as one
(in code, in an HTML comment) is none, and a definition no call reaches is
unused. The scan of the source (``publish.source``) only gives the lines.
A figure's caption is copied by pandoc into its image's text alternative: a note
there is the caption's note, lifted once. A note in the text alternative of an
image that is no figure is called right after the image (an alternative text
cannot hold a call).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from publish.ast import nodes
from publish.diagnostics import Report
from publish.model import Note, NoteCall
from publish.source import DEF_MARKER_ATTR, NOTE_REF, SourceText

NOTE_TEXT = NOTE_REF  #: a reference pandoc kept as text looks as it was written


@dataclass
class _Pending:
    number: int
    id: str
    label: str | None
    blocks: list
    line: int | None
    calls: list[NoteCall] = field(default_factory=list)


def note_id(slug: str, number: int) -> str:
    return f"{slug}-note-{number}"


def call_id(slug: str, number: int, index: int) -> str:
    return f"{slug}-noteref-{number}" + (f"-{index}" if index > 1 else "")


def _take_marker(blocks: list) -> tuple[int | None, list]:
    """Remove the definition marker from the start of a note; return (definition index, blocks)."""
    if not blocks or blocks[0]["t"] not in ("Para", "Plain"):
        return None, blocks
    inlines = blocks[0]["c"]
    first = inlines[0] if inlines else None
    if not (first and first["t"] == "Span" and first["c"][0][2] and first["c"][0][2][0][0] == DEF_MARKER_ATTR):
        return None, blocks
    index = int(first["c"][0][2][0][1])
    rest = inlines[1:]
    while rest and rest[0]["t"] in ("Space", "SoftBreak"):
        rest = rest[1:]
    head = [{"t": blocks[0]["t"], "c": rest}] if rest else []
    return index, head + blocks[1:]


class NoteLifter:
    """Walks one article in reading order and lifts its notes out."""

    def __init__(self, source: SourceText, slug: str, first_number: int, report: Report):
        self.source, self.slug, self.report = source, slug, report
        self.next_number = first_number
        self.by_key: dict[str, _Pending] = {}
        self.order: list[_Pending] = []
        self.refs_by_label: dict[str, list] = defaultdict(list)
        for ref in source.refs:
            self.refs_by_label[ref.label].append(ref)
        self.inline_count = 0
        self.used: set[int] = set()  #: the definitions (their index in ``source.defs``) a call reached

    def lift(self, node, in_heading: bool = False):
        if isinstance(node, list):
            lifted = []
            for item in node:
                if isinstance(item, dict) and item.get("t") == "Image" and _notes_in(item["c"][1]):
                    attr, alt, target = item["c"]  # an image's alternative text cannot hold a call
                    lifted.append({"t": "Image", "c": [attr, _without_notes(alt), target]})
                    lifted.extend(self._call(n["c"], in_heading) for n in _notes_in(alt))
                else:
                    lifted.append(self.lift(item, in_heading))
            return lifted
        if not isinstance(node, dict) or "t" not in node:
            return node
        if node["t"] == "Note":
            return self._call(node["c"], in_heading)
        if node["t"] == "Figure":  # its caption is read first; the image's copy of it holds no note of its own
            attr, caption, body = node["c"]
            return {"t": "Figure", "c": [attr, self.lift(caption, in_heading), self.lift(_without_notes(body))]}
        if "c" not in node:
            return node
        return {"t": node["t"], "c": self.lift(node["c"], in_heading or node["t"] == "Header")}

    def _call(self, blocks: list, in_heading: bool) -> dict:
        index, blocks = _take_marker(blocks)
        definition = self.source.defs[index] if index is not None else None
        if index is not None:
            self.used.add(index)
        if definition:
            key, label, line = f"label:{definition.label}", definition.label, definition.line
        else:
            self.inline_count += 1
            key, label, line = f"inline:{self.inline_count}", None, None
        pending = self.by_key.get(key)
        if pending is None:
            number = self.next_number
            self.next_number += 1
            pending = _Pending(number, note_id(self.slug, number), label, self.lift(blocks), line)
            self.by_key[key] = pending
            self.order.append(pending)
            if not blocks:
                self.report.add("note-empty", f"note {self._name(pending)} is empty", file=self.source.path,
                                line=line, hint="write the note's text after the label, or remove the note")
        count = len(pending.calls) + 1
        refs = self.refs_by_label.get(label or "", [])
        call_line = refs[count - 1].line if label and count <= len(refs) else None
        pending.calls.append(NoteCall(call_id(self.slug, pending.number, count), call_line))
        if in_heading:
            self.report.warn("note-in-heading", f"note {self._name(pending)} is called in a heading",
                             file=self.source.path, line=call_line or self._heading_line(),
                             hint="move the call into the text: a note in a heading shows in the table of contents")
        return {"t": "NoteCall", "c": [pending.id, count]}

    def _heading_line(self) -> int | None:
        for line, text in self.source.heading_lines:
            if "^[" in text or "[^" in text:
                return line
        return None

    @staticmethod
    def _name(pending: _Pending) -> str:
        return f"[^{pending.label}]" if pending.label else f"{pending.number} (inline)"

    def notes(self) -> tuple[Note, ...]:
        return tuple(Note(p.number, p.id, p.label, p.blocks, tuple(p.calls), self.source.path, p.line)
                     for p in self.order)


def _notes_in(inlines: list) -> list:
    return [node for node in nodes(inlines) if node["t"] == "Note"]


def _without_notes(node):
    """A copy of ``node`` with every note left out."""
    if isinstance(node, list):
        return [_without_notes(item) for item in node if not (isinstance(item, dict) and item.get("t") == "Note")]
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": _without_notes(node["c"])}
    return node


def literal_labels(blocks: list) -> set[str]:
    """The labels pandoc left as text, '[^label]' (a reference with no definition): it reads as a call."""
    return {match.group(1) for node in nodes(blocks) if node["t"] == "Str" and "[^" in node["c"]
            for match in NOTE_TEXT.finditer(node["c"])}


def check_labels(source: SourceText, used: set[int], literal: set[str], report: Report) -> None:
    """Labels defined twice, referenced with no definition (``literal``: left as text by pandoc), or defined
    and never called (``used``: the definitions a call of pandoc's AST reached)."""
    defined: dict[str, int] = {}
    for d in source.defs:
        if d.label in defined:
            report.add("note-duplicate-label", f"footnote [^{d.label}] is defined twice (first on line "
                       f"{defined[d.label]})", file=source.path, line=d.line, col=d.col,
                       hint="give each note its own label, or delete one definition")
        else:
            defined[d.label] = d.line
    undefined = {}
    for r in source.refs:
        if r.label not in defined and r.label in literal:
            undefined.setdefault(r.label, r)
    for label in sorted(literal - defined.keys() - undefined.keys()):
        undefined[label] = None  # written where the scan does not look (pandoc reads it anyway)
    for label, ref in undefined.items():
        report.add("note-undefined", f"footnote [^{label}] is referenced but never defined", file=source.path,
                   line=ref.line if ref else None, col=ref.col if ref else None,
                   hint=f"add a definition '[^{label}]: text' below the paragraph")
    called = {source.defs[index].label for index in used}
    for label, line in defined.items():
        if label not in called:
            report.warn("note-unused", f"footnote [^{label}] is defined but never referenced", file=source.path,
                        line=line, hint=f"delete the definition, or cite it in the text as [^{label}]")


def lift_notes(blocks: list, source: SourceText, slug: str, first_number: int, report: Report):
    """Return (blocks with NoteCall inlines, notes in order, the next free number)."""
    lifter = NoteLifter(source, slug, first_number, report)
    new_blocks = lifter.lift(blocks)
    check_labels(source, lifter.used, literal_labels(blocks), report)
    return new_blocks, lifter.notes(), lifter.next_number
