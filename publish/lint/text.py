"""An article as the checks see it: lines sorted into kinds, with the prose masked from markup.

Each line keeps its number and its columns, so a finding points at ``file:line:col``.
Markup that is not prose (code, comments, link targets, attributes, note calls) is
replaced by ``MASK``, which is neither a space nor punctuation: no check fires on it,
and columns stay where they were.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from publish.config import SeriesConfig
from publish.source import CODE_SPAN, FENCE, NOTE_DEF, NOTE_REF

MASK = "\0"
DISABLE = re.compile(r"<!--\s*lint:\s*disable=([\w\s,-]+?)\s*-->")
COMMENT = re.compile(r"<!--.*?-->")
HEADING = re.compile(r"^ {0,3}(#{1,6})(\s+|$)")
RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
BLOCK_MARKERS = re.compile(r"^(\s*(?:>\s?)*)(\s*(?:[-*+]|\d+[.)])\s+)?")
MARKUP = [
    re.compile(r"(?<=\])\([^)]*\)"),       # link and image targets
    re.compile(r"<[^>\s][^>]*>"),        # autolinks and tags
    re.compile(r"https?://\S+"),         # bare addresses
    re.compile(r"\{(?:[#.]|[\w-]+=)[^}]*\}"),  # attributes {#id .class}, {index="Entry"}
]


@dataclass
class Context:
    """What the checks know about the series: its settings, and each article's page name and heading ids."""

    config: SeriesConfig
    pages: dict[str, set[str] | None]   # slug -> heading ids (None when the series did not load)
    names: dict[str, str]               # file name, stem or page file -> slug


@dataclass
class Line:
    number: int
    raw: str
    kind: str            # text, heading, note, blank, code, rule, comment
    clean: str = ""      # code spans, comments and addresses masked; note calls kept
    prose: str = ""      # also note calls and block markers masked


@dataclass
class ArticleText:
    path: Path
    lines: list[Line]
    disabled: dict[int, set[str]] = field(default_factory=dict)

    def paragraphs(self, kinds=("text", "note")) -> list[list[Line]]:
        """Runs of prose lines; a heading, a blank line or a new note definition ends a run."""
        runs: list[list[Line]] = []
        current: list[Line] = []
        for line in self.lines:
            starts_note = line.kind == "note" and bool(NOTE_DEF.match(line.raw))
            if line.kind not in kinds or starts_note:
                if current:
                    runs.append(current)
                current = [line] if line.kind in kinds else []
                continue
            current.append(line)
        if current:
            runs.append(current)
        return runs

    def is_disabled(self, code: str, line: int | None) -> bool:
        if line is None:
            return False
        codes = self.disabled.get(line, set()) | self.disabled.get(line - 1, set())
        return code in codes or "all" in codes


def mask(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: MASK * len(m.group(0)), text)


def clean_line(raw: str) -> str:
    text = mask(raw, CODE_SPAN)
    text = mask(text, COMMENT)
    for pattern in MARKUP:
        text = mask(text, pattern)
    return text


def prose_of(clean: str, kind: str) -> str:
    text = mask(clean, NOTE_DEF) if kind == "note" else clean  # (a definition's label first: it is no call)
    text = mask(text, NOTE_REF)
    if kind == "heading":
        return mask(text, HEADING)
    return BLOCK_MARKERS.sub(lambda m: " " * len(m.group(0)), text, count=1)


def kind_of(raw: str, in_note: bool) -> str:
    if not raw.strip():
        return "blank"
    if HEADING.match(raw):
        return "heading"
    if NOTE_DEF.match(raw) or (in_note and raw.startswith(("    ", "\t"))):
        return "note"
    if RULE.match(raw) or TABLE_RULE.match(raw):
        return "rule"
    return "text"


def front_matter_end(lines: list[str]) -> int:
    """The number of lines taken by the front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return end + 1
    return 0


def article_text(path: Path, text: str) -> ArticleText:
    raw_lines = text.split("\n")
    skip = front_matter_end(raw_lines)
    lines: list[Line] = []
    disabled: dict[int, set[str]] = {}
    fence, in_comment, in_note = None, False, False
    for number, raw in enumerate(raw_lines, start=1):
        for found in DISABLE.finditer(raw):
            disabled.setdefault(number, set()).update(c.strip() for c in found.group(1).split(",") if c.strip())
        if number <= skip:
            continue
        opener = FENCE.match(raw)
        if fence or opener:
            if fence is None:
                fence = opener.group(1)
            elif opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            lines.append(Line(number, raw, "code"))
            continue
        if in_comment or (raw.lstrip().startswith("<!--") and "-->" not in raw):
            in_comment = "-->" not in raw
            lines.append(Line(number, raw, "comment"))
            continue
        kind = kind_of(raw, in_note)
        in_note = kind == "note" or (in_note and kind == "blank")
        clean = clean_line(raw)
        lines.append(Line(number, raw, kind, clean, prose_of(clean, kind)))
    return ArticleText(path, lines, disabled)
