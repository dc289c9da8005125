"""Text pasted from a web page: one paragraph a line, note numbers stuck after punctuation
("…Parenti.1"), and at the end a list of the notes, each closed by a ↩︎ mark.

Calls become ``[^n]``, the list becomes note definitions, a paragraph that ends with a note
and follows one ending in ':' or ',' becomes a block quote (the sentence led into a quotation),
and a short line ending in ':' before short lines becomes a heading over a list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

RETURN_MARK = re.compile(r"\s*\u21a9[\ufe0e\ufe0f]?\s*$")
SEPARATOR = re.compile(r"^\s*[-—–_*=~]{3,}\s*$")
STUCK_NUMBER = re.compile(r"(?<=[.,;:!?”’\"')\]])(\d{1,3})(?=\s|$)")
LIST_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
SPECIAL = re.compile(r"([\\*_`\[<])")
LINE_START = re.compile(r"^(#|>|[-+]\s|\d+[.)]\s)")
CALL_AT_END = re.compile(r"\[\^\d+\]$")
SHORT = 12


@dataclass
class Converted:
    title: str
    body: list[str]
    notes: list[str]
    unmapped: list[tuple[int | None, str]] = field(default_factory=list)

    def markdown(self, front: str) -> str:
        notes = [f"[^{n}]: {text}" for n, text in enumerate(self.notes, start=1)]
        return front + "\n" + "\n\n".join(self.body + notes) + "\n"


def escape(text: str) -> str:
    text = SPECIAL.sub(r"\\\1", text)
    return LINE_START.sub(r"\\\1", text)


def split_notes(lines: list[str], unmapped) -> tuple[list[tuple[int, str]], list[str]]:
    """(numbered body lines, note texts): the notes are the lines that end with a return mark."""
    marked = [i for i, line in enumerate(lines) if RETURN_MARK.search(line)]
    if not marked:
        unmapped.append((None, "no list of notes with ↩︎ marks was found; the text has no footnotes"))
        return [(i + 1, l) for i, l in enumerate(lines)], []
    start = marked[0]
    notes, pending = [], []
    for line in lines[start:]:
        if not line.strip():
            continue
        pending.append(LIST_NUMBER.sub("", RETURN_MARK.sub("", line)).strip())
        if RETURN_MARK.search(line):
            notes.append(" ".join(pending))
            pending = []
    if pending:
        unmapped.append((None, f"text after the last note was added to it: {' '.join(pending)[:60]}"))
        notes[-1] += " " + " ".join(pending)
    body = []
    for i, line in enumerate(lines[:start]):
        if SEPARATOR.match(line):
            unmapped.append((i + 1, f"the separator line '{line.strip()}' was dropped"))
        elif line.strip():
            body.append((i + 1, line.strip()))
    return body, notes


def place_calls(body: list[tuple[int, str]], count: int, unmapped) -> list[tuple[int, str]]:
    """Turn the numbers 1, 2, 3… stuck after punctuation into calls, in order."""
    expected = 1

    def call(match):
        nonlocal expected
        if int(match.group(1)) != expected or expected > count:
            return match.group(0)
        expected += 1
        return f"[^{expected - 1}]"

    placed = [(number, STUCK_NUMBER.sub(call, escape(text))) for number, text in body]
    if expected <= count:
        unmapped.append((None, f"notes {expected}–{count} of the list have no call in the text; "
                               "they were kept as definitions"))
    return placed


def shape_blocks(body: list[tuple[int, str]], unmapped) -> list[str]:
    """Block quotes and a closing heading with its list, from the shape of the paragraphs."""
    blocks: list[str] = []
    in_list = False
    for index, (number, text) in enumerate(body):
        before = body[index - 1][1] if index else ""
        after = body[index + 1][1] if index + 1 < len(body) else ""
        if in_list and len(text.split()) <= SHORT * 2 and not CALL_AT_END.search(text):
            blocks.append(f"- {text}")
        elif CALL_AT_END.search(text) and before.endswith((":", ",")):
            blocks.append(f"> {text}")
        elif text.endswith(":") and len(text.split()) <= 5 and after and not CALL_AT_END.search(after):
            blocks.append(f"## {text[:-1]}")
            unmapped.append((number, f"'{text}' was read as a heading, the short lines after it as a list"))
            in_list = True
        else:
            blocks.append(text)
            in_list = False
    return blocks


def convert_pasted(text: str, title: str) -> Converted:
    unmapped: list[tuple[int | None, str]] = []
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    body, notes = split_notes(lines, unmapped)
    placed = place_calls(body, len(notes), unmapped)
    converted = Converted(title, shape_blocks(placed, unmapped), [escape(n) for n in notes], unmapped)
    unmapped.append((None, "pasted text carries no italics: titles of works may need *…*"))
    return converted
