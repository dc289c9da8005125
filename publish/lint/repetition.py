"""Repeated and near-repeated sentences within an article.

A sentence written twice, or twice with a word or two changed ("…formed in Moscow…" /
"…formed in Russia…"), is usually a revision left half done.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from publish.diagnostics import Report
from publish.lint.text import MASK, ArticleText

SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')\]" + MASK + r"]*\s+(?=[^a-z\s])")
WORD = re.compile(r"\w+")
MIN_WORDS = 6
NEAR = 0.85


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    line: int
    col: int


def sentences(article: ArticleText) -> list[Sentence]:
    """The sentences of the body text (not of notes or headings), each with where it starts."""
    found: list[Sentence] = []
    for paragraph in article.paragraphs(kinds=("text",)):
        places = [(line.number, col) for line in paragraph for col in range(1, len(line.prose) + 2)]
        text = "\n".join(line.prose for line in paragraph)
        start = 0
        for end in [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]:
            piece = text[start:end]
            offset = start + len(piece) - len(piece.lstrip())
            words = tuple(w.lower() for w in WORD.findall(piece))
            if len(words) >= MIN_WORDS and offset < len(places):
                found.append(Sentence(words, *places[offset]))
            start = end
    return found


def similar(a: Sentence, b: Sentence) -> bool:
    if abs(len(a.words) - len(b.words)) > max(len(a.words), len(b.words)) * (1 - NEAR):
        return False
    shared = len(set(a.words) & set(b.words))
    if shared < NEAR * max(len(set(a.words)), len(set(b.words))) - 1:
        return False
    return SequenceMatcher(None, a.words, b.words, autojunk=False).ratio() >= NEAR


class Index:
    """Earlier sentences by their rarest words (a prefix filter): a sentence that shares enough words
    with another to pass ``similar`` shares one of its few rarest words with it, so only those are compared."""

    def __init__(self, every: list[Sentence]):
        self.frequency = Counter(w for sentence in every for w in set(sentence.words))
        self.by_word: dict[str, list[Sentence]] = {}

    def prefix(self, sentence: Sentence) -> list[str]:
        words = sorted(set(sentence.words), key=lambda w: (self.frequency[w], w))
        needed = math.ceil(NEAR * len(words) - 1)
        return words[:len(words) - needed + 1]

    def twin(self, sentence: Sentence) -> Sentence | None:
        """The first earlier sentence that nearly repeats this one; then this one joins the index."""
        prefix = self.prefix(sentence)
        found = {id(s): s for w in prefix for s in self.by_word.get(w, ())}
        for word in prefix:
            self.by_word.setdefault(word, []).append(sentence)
        near = [s for s in found.values() if similar(s, sentence)]
        return min(near, key=lambda s: (s.line, s.col)) if near else None


def check(article: ArticleText, context, report: Report) -> None:
    every = sentences(article)
    seen: dict[tuple[str, ...], Sentence] = {}
    index = Index(every)
    for sentence in every:
        where = dict(file=article.path, line=sentence.line, col=sentence.col)
        first = seen.get(sentence.words)
        if first:
            report.warn("repeated-sentence", f"this sentence repeats the one on line {first.line}",
                        hint="delete one of the two", **where)
            continue
        twin = index.twin(sentence)
        if twin:
            changed = sorted(set(sentence.words) ^ set(twin.words))
            report.warn("near-repeat", f"this sentence nearly repeats the one on line {twin.line}:{twin.col} "
                        f"(differs in: {', '.join(changed[:6]) or 'word order'})",
                        hint="a revision left half done? keep one of the two", **where)
        seen[sentence.words] = sentence
