"""Reading a print book's index back from its PDF: its lines column by column, with where each line starts.

The index is set in two columns of 10pt type: an entry's first line at the column's left edge, a subentry's
1em (10pt) in, a line that runs over from either 2em (20pt) in. The words are read with pdfplumber, as placed on
the page, so what is checked is what a reader sees, column after column.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

INDEX_SIZE = 10.0  #: the size of the index's type (print.css), apart from its title (19pt) and folio (9pt)
EM = INDEX_SIZE
ENTRY = re.compile(r"^(?P<term>.+?)(?:, (?P<pages>\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*))?"
                   r"(?:[,;] (?P<cross>see(?: also)? .+))?$")


@dataclass(frozen=True)
class Line:
    page: int      #: the PDF's page (1-based)
    column: int    #: 0 or 1
    indent: float  #: pt from the column's left edge
    text: str
    top: float = 0.0  #: pt from the page's top

    @property
    def kind(self) -> str:
        """'entry', 'subentry' or 'run-over', by where the line starts."""
        return "entry" if self.indent < EM / 2 else "subentry" if self.indent < 1.5 * EM else "run-over"


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def index_pages(pdf: Path, heading: str = "Index") -> list[int]:
    """The pages of the index: from the one headed ``heading`` up to the last that holds 10pt type."""
    with pdfplumber.open(pdf) as doc:
        count = len(doc.pages)
    start = next(n for n in range(1, count + 1) if page_text(pdf, n).lstrip().startswith(heading + "\n"))
    return [n for n in range(start, count + 1) if n == start or column_words(pdf, n)]


def column_words(pdf: Path, number: int) -> list[dict]:
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[number - 1].extract_words(extra_attrs=["size"])
    return [w for w in words if abs(w["size"] - INDEX_SIZE) < 0.2]


def gutter(words: list[dict]) -> float:
    """The middle of the widest stretch between the columns that no word covers (point by point)."""
    left, right = int(min(w["x0"] for w in words)), int(max(w["x1"] for w in words)) + 1
    covered = [False] * (right - left + 1)
    for word in words:
        for x in range(int(word["x0"]) - left, int(word["x1"]) - left + 1):
            covered[x] = True
    best, start = (0, 0), None
    for x, taken in enumerate(covered + [True]):
        if not taken and start is None:
            start = x
        elif taken and start is not None:
            best, start = max(best, (x - start, start)), None
    width, start = best
    return left + start + width / 2 if width else float(right)


def index_lines(pdf: Path, heading: str = "Index") -> list[Line]:
    """Every line of the index headed ``heading``, in reading order: page by page, the left column then the
    right."""
    found = []
    for number in index_pages(pdf, heading):
        words = column_words(pdf, number)
        if not words:
            continue
        left, middle = min(w["x0"] for w in words), gutter(words)
        for column in (0, 1):
            mine = [w for w in words if (w["x0"] >= middle) == bool(column)]
            if not mine:
                continue
            edge = left if column == 0 else min(w["x0"] for w in mine)
            rows: dict[float, list[dict]] = {}
            for word in mine:
                rows.setdefault(round(word["top"]), []).append(word)
            for top in sorted(rows):
                row = sorted(rows[top], key=lambda w: w["x0"])
                found.append(Line(number, column, row[0]["x0"] - edge, " ".join(w["text"] for w in row), top))
    return found


def printed_index(pdf: Path, heading: str = "Index", pattern: re.Pattern = ENTRY) -> list[tuple[str, int, str, str]]:
    """The PDF's index as printed: (term, level, pages, cross-reference) per entry, a line that runs over joined
    to the line it continues; ``pattern``: an entry's line in the book's language (ENTRY: English)."""
    joined: list[list] = []
    for line in index_lines(pdf, heading):
        if line.kind == "run-over" and joined:
            joined[-1][1] += " " + line.text
        else:
            joined.append([0 if line.kind == "entry" else 1, line.text])
    found = []
    for level, text in joined:
        entry = pattern.match(text)
        assert entry, text
        found.append((entry["term"], level, entry["pages"] or "", entry["cross"] or ""))
    return found


def folios(pdf: Path) -> dict[str, int]:
    """The folio printed on each page -> the page it is on: in the running head (after the title on a recto,
    before it on a verso: pdftotext reads a recto's head as its title's line, then the folio), or alone at the
    foot of an opening page."""
    found = {}
    with pdfplumber.open(pdf) as doc:
        count = len(doc.pages)
    for number in range(1, count + 1):
        lines = [line.strip() for line in page_text(pdf, number).splitlines() if line.strip()]
        for line in (lines[:2] + lines[-1:]) if lines else []:
            if line.isdigit():
                found[line] = number
                break
    return found
