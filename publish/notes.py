"""Footnotes, decided once: identity, numbering, ids and text for every output.

Pandoc gives a note cited twice as two copies of the note, and keeps no label.
Here every note is lifted out of the article, matched to its ``[^label]`` through
the marker ``source`` put in each definition, given one number (in order of
first call) and one id, and replaced at each call by a ``NoteCall`` inline.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from publish.diagnostics import Report
from publish.model import Note, NoteCall
from publish.source import DEF_MARKER_ATTR, SourceText


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

    def lift(self, node, in_heading: bool = False):
        if isinstance(node, list):
            return [self.lift(n, in_heading) for n in node]
        if not isinstance(node, dict) or "t" not in node:
            return node
        if node["t"] == "Note":
            return self._call(node["c"], in_heading)
        if "c" not in node:
            return node
        return {"t": node["t"], "c": self.lift(node["c"], in_heading or node["t"] == "Header")}

    def _call(self, blocks: list, in_heading: bool) -> dict:
        index, blocks = _take_marker(blocks)
        definition = self.source.defs[index] if index is not None else None
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


def check_labels(source: SourceText, report: Report) -> None:
    """Diagnostics that the source scan alone decides: undefined, duplicate and unused labels."""
    defined: dict[str, int] = {}
    for d in source.defs:
        if d.label in defined:
            report.add("note-duplicate-label", f"footnote [^{d.label}] is defined twice (first on line "
                       f"{defined[d.label]})", file=source.path, line=d.line, col=d.col,
                       hint="give each note its own label, or delete one definition")
        else:
            defined[d.label] = d.line
    referenced = {r.label for r in source.refs}
    for r in source.refs:
        if r.label not in defined:
            report.add("note-undefined", f"footnote [^{r.label}] is referenced but never defined", file=source.path,
                       line=r.line, col=r.col, hint=f"add a definition '[^{r.label}]: text' below the paragraph")
    for label, line in defined.items():
        if label not in referenced:
            report.warn("note-unused", f"footnote [^{label}] is defined but never referenced", file=source.path,
                        line=line, hint=f"delete the definition, or cite it in the text as [^{label}]")


def lift_notes(blocks: list, source: SourceText, slug: str, first_number: int, report: Report):
    """Return (blocks with NoteCall inlines, notes in order, the next free number)."""
    check_labels(source, report)
    lifter = NoteLifter(source, slug, first_number, report)
    new_blocks = lifter.lift(blocks)
    return new_blocks, lifter.notes(), lifter.next_number
