"""Typography: quotes, dashes, spaces, "Ibid.", balanced pairs, and where a note call stands."""
from __future__ import annotations

import re

from publish.diagnostics import Report
from publish.lint.text import MASK, ArticleText, Context, Line
from publish.source import NOTE_DEF, NOTE_REF

STRAIGHT_QUOTE = re.compile(r"[\"']")
HYPHEN_DASH = re.compile(r"(?<=\s)-{1,3}(?=\s)|(?<=\w)-{2,3}(?=\w)")
DOUBLE_SPACE = re.compile(r"(?<=[^\s" + MASK + r"]) {2,}(?=[^\s" + MASK + r"])")
SPACE_BEFORE = re.compile(r"(?<=[^\s" + MASK + r"])[ \t]+(?=[,.;:!?](?:$|[\s" + MASK + r"”’\"')\]]))(?!\.\.)")
IBID = re.compile(r"\b[Ii]bid\b(?!\.)")
PUNCTUATION = ".,;:!?"
BRACKETS = {"(": ")", "[": "]"}
#: a language's quotation marks: (opening, closing) of the first level, then every mark its text may hold
#: (the second level's too); by full tag first, then by primary language; English for the others
QUOTES = {
    "en": ("“”", "“”‘’"), "de": ("„“", "„“‚‘"), "de-ch": ("«»", "«»‹›"), "fr": ("«»", "«»“”‘’"),
    "es": ("«»", "«»“”‘’"), "it": ("«»", "«»“”‘’"), "pt": ("«»", "«»“”‘’"), "pt-br": ("“”", "“”‘’"),
    "ru": ("«»", "«»„“"), "ar": ("«»", "«»“”"), "fa": ("«»", "«»“”"), "he": ("“”", "“”‘’„"),
    "zh": ("“”", "“”‘’"), "zh-hant": ("「」", "「」『』"), "zh-tw": ("「」", "「」『』"), "ja": ("「」", "「」『』"),
}
QUOTE_MARKS = set("“”„«»‹›「」『』")  #: the quotation marks lint knows (’ is also the apostrophe: left alone)


def quotes_of(language: str) -> tuple[str, str]:
    """(the first-level pair, every mark allowed) for a BCP 47 tag."""
    tag = language.lower()
    return QUOTES.get(tag) or QUOTES.get(tag.split("-")[0]) or QUOTES["en"]


def check_lines(article: ArticleText, config, report: Report) -> None:
    french = config.language.lower().startswith("fr")
    pair, allowed = quotes_of(config.language)
    for line in article.lines:
        if line.kind not in ("text", "note", "heading"):
            continue
        where = dict(file=article.path, line=line.number)
        for found in STRAIGHT_QUOTE.finditer(line.prose):
            report.warn("straight-quote", f"straight quote {found.group(0)} where a curly one belongs",
                        col=found.start() + 1, hint=f"write {pair[0]} {pair[1]} around quotations and ’ for an "
                        "apostrophe", **where)
        for col, char in enumerate(line.prose, start=1):
            if char in QUOTE_MARKS and char not in allowed:
                report.warn("quote-style", f"'{char}' is not a quotation mark of text in '{config.language}'",
                            col=col, hint=f"quote with {pair[0]}…{pair[1]}, as the series' language does", **where)
        for found in HYPHEN_DASH.finditer(line.prose):
            report.warn("hyphen-dash", f"'{found.group(0)}' used as a dash", col=found.start() + 1,
                        hint="write an em dash — or an en dash – instead", **where)
        table_row = line.raw.lstrip().startswith("|")   # cells are padded to line up
        for found in DOUBLE_SPACE.finditer("" if table_row else line.prose):
            report.warn("double-space", "two or more spaces between words", col=found.start() + 1,
                        hint="leave one space", **where)
        if not french:
            for found in SPACE_BEFORE.finditer(line.prose):
                mark = line.prose[found.end()]
                report.warn("space-before-punctuation", f"a space before '{mark}'", col=found.start() + 1,
                            hint=f"remove the space before '{mark}'", **where)
        for found in IBID.finditer(line.prose):
            report.warn("ibid-period", f"'{found.group(0)}' without its period", col=found.start() + 1,
                        hint="write 'Ibid.' (an abbreviation of ibidem)", **where)
        check_note_calls(article, line, config.lint.note_call, report)


def check_note_calls(article: ArticleText, line: Line, placement: str, report: Report) -> None:
    """House style 'after': 'text.[^1]'; 'before': 'text[^1].'."""
    definition = NOTE_DEF.match(line.clean)
    for found in NOTE_REF.finditer(line.clean, definition.end() if definition else 0):
        after = line.clean[found.end():].lstrip("”’")[:1]
        before = line.clean[:found.start()].rstrip("”’\"'")
        if placement == "after" and after and after in PUNCTUATION:
            report.warn("note-call-position", f"note call [^{found.group(1)}] stands before '{after}'",
                        file=article.path, line=line.number, col=found.start() + 1,
                        hint=f"the house style puts the call after punctuation: '{after}[^{found.group(1)}]'")
        elif placement == "before" and before and before[-1] in PUNCTUATION:
            report.warn("note-call-position", f"note call [^{found.group(1)}] stands after '{before[-1]}'",
                        file=article.path, line=line.number, col=found.start() + 1,
                        hint="the house style (lint: note-call: before) puts the call before punctuation")


def check_pairs(article: ArticleText, report: Report, language: str = "en") -> None:
    """Quotation marks (the language's own), parentheses and brackets open and close within a paragraph."""
    pair = quotes_of(language)[0]
    openers = {pair[0]: pair[1], **BRACKETS}
    closers = {v: k for k, v in openers.items()}
    for paragraph in article.paragraphs():
        stack: list[tuple[str, Line, int]] = []
        straight: list[tuple[Line, int]] = []
        for line in paragraph:
            for col, char in enumerate(line.prose, start=1):
                if char in openers:
                    stack.append((char, line, col))
                elif char in closers:
                    if stack and stack[-1][0] == closers[char]:
                        stack.pop()
                    else:
                        unbalanced(article, report, line, col, f"'{char}' closes nothing")
                        stack.clear()
                elif char == '"':
                    straight.append((line, col))
        for char, line, col in stack[:1]:
            unbalanced(article, report, line, col, f"'{char}' is never closed in its paragraph")
        if len(straight) % 2:
            unbalanced(article, report, *straight[-1], "an odd number of '\"' in the paragraph")


def unbalanced(article: ArticleText, report: Report, line: Line, col: int, message: str) -> None:
    report.warn("unbalanced", message, file=article.path, line=line.number, col=col,
                hint="add the missing quote or bracket, or remove the stray one")


def check(article: ArticleText, context: Context, report: Report) -> None:
    check_lines(article, context.config, report)
    check_pairs(article, report, context.config.language)
