"""Reading the French series (tests/series/revue-fr) back from each of its outputs, each on its own: the print
book with pdfplumber and poppler, the EPUB's XHTML and the site's HTML with lxml. Nothing here imports the
code under test: the index, the notes and the pages are read as a reader finds them."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
from lxml import etree, html as lhtml

from tests import index_support as support
from tests.index_support import folios, index_lines, page_text  # noqa: F401 (for the tests)

NOTE_SIZE = 8.5  #: the size of the print book's notes (print.css), tables in notes included
EM = 10.0        #: the index's type: a subentry starts 1em in, a line that runs over 2em
ENTRY = re.compile(r"^(?P<term>.+?)(?:, (?P<pages>\d+(?:–\d+)?(?:, \d+(?:–\d+)?)*))?"
                   r"(?:(?:,|\s?;) (?P<cross>voir(?: aussi)? .+))?$")
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def flat(text: str) -> str:
    """Text as a reader reads it: a word broken at a line's end joined again, whitespace squashed."""
    return " ".join(re.sub(r"[-\u2010]\n(?=\w)", "", text).split())


def letters(text: str) -> str:
    """Letters and digits only: a note compared across pdftotext's lines, hyphens and table cells."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "").replace("\u2010", ""))


def page_count(pdf: Path) -> int:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def pdf_notes(pdf: Path, first: int, last: int) -> list[tuple[int, str]]:
    """Each note the print book prints, in order: (its number, its text). A note's lines are the NOTE_SIZE lines
    of the page's foot; a line starting "N. " at the notes' left edge opens a note, any other line goes on with
    the note before it, on the same page or at the head of the next page's notes (a continued note). Pages
    ``first`` to ``last`` (1-based): the articles, not the imprint or the colophon, set in the same size."""
    notes: list[list] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages[first - 1:last]:
            rows: dict[float, list[dict]] = {}
            for word in page.extract_words(extra_attrs=["size"]):
                if abs(word["size"] - NOTE_SIZE) < 0.2:
                    rows.setdefault(round(word["top"]), []).append(word)
            if not rows:
                continue
            edge = min(word["x0"] for row in rows.values() for word in row)
            for top in sorted(rows):
                row = sorted(rows[top], key=lambda w: w["x0"])
                text = " ".join(w["text"] for w in row)
                opens = re.match(r"(\d+)\.\s*(.*)", text)
                if opens and abs(row[0]["x0"] - edge) < 1:
                    notes.append([int(opens.group(1)), opens.group(2)])
                else:
                    notes[-1][1] += "\n" + text
    return [(number, flat(text)) for number, text in notes]


def printed_index(pdf: Path, heading: str) -> list[tuple[str, int, str, str]]:
    """(term, level, pages, cross-reference) of each entry of the French index as printed."""
    return support.printed_index(pdf, heading, ENTRY)


def index_groups(pdf: Path, heading: str) -> list[list[str]]:
    """The entries' terms, in the groups the print book sets a line's space between (a column that starts
    goes on with the group before it: the space at a column's head cannot be seen)."""
    groups: list[list[str]] = []
    last = None
    for line in index_lines(pdf, heading):
        same_column = last is not None and (line.page, line.column) == (last.page, last.column)
        if last is None or same_column and line.top - last.top > 1.6 * EM:
            groups.append([])
        if line.kind == "entry":
            groups[-1].append(line.text.split(",")[0])
        last = line
    return groups


def markup_index(root, namespaces=None) -> list[tuple[str, int, list[tuple[str, str]], str]]:
    """An EPUB's or a site's index: (term, level, [(locator's label, its href)], cross-reference) per entry."""
    found = []
    entries = root.xpath("//*[contains(@class, 'index-term')] | //x:span[@epub:type='index-term']",
                         namespaces=namespaces or XHTML)
    for term in entries:
        entry = term.getparent()
        level = len([a for a in entry.iterancestors() if etree.QName(a).localname == "li"])
        links = [("".join(a.itertext()), a.get("href")) for a in entry.xpath("./*[local-name()='a']")]
        own = entry.text or ""
        for child in entry:
            if etree.QName(child).localname != "ul":
                own += "".join(child.itertext()) + (child.tail or "")
        cross = ENTRY.match(" ".join(own.split()))["cross"] or ""
        found.append(("".join(term.itertext()), level, links, cross))
    return found


def epub_file(book: Path, name: str):
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read(name))


def site_page(site: Path, name: str):
    return lhtml.parse(str(site / name)).getroot()


def text_of_id(root, ident: str) -> str:
    """The text of the paragraph (or cell, caption, item) holding the element whose id is ``ident``."""
    [element] = root.xpath("//*[@id=$ident]", ident=ident)
    block = next(a for a in element.iterancestors()
                 if etree.QName(a).localname in ("p", "td", "th", "figcaption", "li", "aside", "caption", "dd"))
    return " ".join("".join(block.itertext()).split())


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
