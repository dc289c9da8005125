"""Read notes back out of built outputs by their standard semantics, as a reading system would.

EPUB: ``epub:type="footnote"`` / ``role="doc-footnote"`` targets of ``role="doc-noteref"`` calls.
Site: ``li`` items of the ``role="doc-endnotes"`` section. PDF: the text of each page (pdftotext)
and the link annotations with their destinations (pikepdf).
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree, html as lhtml

from tests.oracle import BLOCKS

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@dataclass(frozen=True)
class FoundNote:
    id: str
    number: int
    text: str                 # the note's text without its number and backlinks
    calls: tuple[str, ...]    # ids of the calls that link to it
    backlinks: tuple[str, ...]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _note_text(element) -> tuple[int, str, tuple[str, ...]]:
    """Number, text and backlink targets of a note element (the number is its first backlink)."""
    element = _copy(element)
    number_el = element.xpath(".//*[contains(concat(' ', @class, ' '), ' note-number ')]")[0]
    number = int(re.sub(r"\D", "", number_el.xpath("string()")))
    backlinks = tuple(a.get("href").split("#")[-1] for a in element.xpath(".//*[@role='doc-backlink']"))
    for el in element.xpath(".//*[contains(concat(' ', @class, ' '), ' note-number ') or "
                            "contains(concat(' ', @class, ' '), ' note-backlink ')]"):
        _drop(el)
    return number, spaced_text(element), backlinks


def spaced_text(element) -> str:
    """The text of an element, whitespace squashed, with a space between blocks (paragraphs, list items,
    cells) as a reader sees them, whether or not the markup has whitespace between them."""
    element = _copy(element)
    for el in element.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in BLOCKS:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    return squash(element.xpath("string()"))


def _copy(element):
    return etree.fromstring(etree.tostring(element))


def _drop(element) -> None:
    parent = element.getparent()
    tail = element.tail or ""
    prev = element.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _calls(root) -> dict[str, list[str]]:
    calls: dict[str, list[str]] = {}
    for a in root.xpath("//*[@role='doc-noteref']"):
        calls.setdefault(a.get("href").split("#")[-1], []).append(a.get("id"))
    return calls


def epub_notes(path: Path) -> dict[str, FoundNote]:
    found = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xhtml"):
                continue
            root = etree.fromstring(z.read(name))
            calls = _calls(root)
            for aside in root.iter(f"{XHTML}aside"):
                if aside.get(EPUB_TYPE) != "footnote" or aside.get("role") != "doc-footnote":
                    continue
                number, text, back = _note_text(aside)
                found[aside.get("id")] = FoundNote(aside.get("id"), number, text, tuple(calls.get(aside.get("id"), [])), back)
    return found


def site_notes(site: Path) -> dict[str, FoundNote]:
    found = {}
    for page in sorted(site.glob("*.html")):
        root = lhtml.parse(str(page)).getroot()
        calls = _calls(root)
        for li in root.xpath("//*[@role='doc-endnotes']//ol[contains(@class,'notes-list')]/li"):
            number, text, back = _note_text(li)
            found[li.get("id")] = FoundNote(li.get("id"), number, text, tuple(calls.get(li.get("id"), [])), back)
    return found


def pdf_page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destinations -> 0-based page index."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return out
    tree = pikepdf.NameTree(names.Dests)
    for key, value in tree.items():
        dest = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
        out[str(key)] = pages.get(dest[0].objgen, -1)
    return out


def pdf_links(path: Path) -> list[tuple[int, str]]:
    """(page index, destination name) of every internal link annotation, in page order."""
    links = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots") or []:
                if annot.get("/Subtype") != "/Link":
                    continue
                dest = annot.get("/Dest")
                if dest is None and "/A" in annot:
                    dest = annot.A.get("/D")
                if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                    links.append((index, str(dest).lstrip("/")))
    return links


def pdf_destination_pages(path: Path) -> dict[str, int]:
    with pikepdf.open(path) as pdf:
        return pdf_destinations(pdf)


def letters(text: str) -> str:
    """Text reduced to its letters and digits: compares a note across line breaks and hyphenation."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", ""))
