"""Golden files of the note markup in each output, on canonical text, reviewed as diffs.

Refresh with `make golden` (UPDATE_GOLDEN=1) after an intended change, then read the diff.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from lxml import etree, html as lhtml

from tests.conftest import ROOT
from tests.extract import pdf_page_texts

TORTURE = ROOT / "tests" / "series" / "torture"
GOLDEN = ROOT / "tests" / "golden"
NOTES = ["first-note-2", "first-note-8"]  # a note cited twice; a note of paragraphs, a list and a quote


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden")
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(TORTURE), "--out", str(root), "-q"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return root / "torture"


def pretty(element) -> str:
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    parsed = etree.fromstring(text, etree.XMLParser(remove_blank_text=True))
    return etree.tostring(parsed, encoding="unicode", pretty_print=True)


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run make golden"
    assert actual == path.read_text(encoding="utf-8")


def test_epub_note_markup(out):
    with zipfile.ZipFile(out / "torture.epub") as z:
        page = next(n for n in z.namelist() if n.endswith("first.xhtml"))
        root = etree.fromstring(z.read(page))
    parts = []
    for note_id in NOTES:
        parts += [pretty(e) for e in root.xpath(f"//*[@href='#{note_id}']/parent::*")]
        parts.append(pretty(root.xpath(f"//*[@id='{note_id}']")[0]))
    compare("epub-notes.xhtml", "\n".join(parts))


def test_site_note_markup(out):
    root = lhtml.parse(str(out / "site" / "first.html")).getroot()
    parts = []
    for note_id in NOTES:
        parts += [pretty(e) for e in root.xpath(f"//*[@href='#{note_id}']/parent::sup")]
        parts.append(pretty(root.xpath(f"//*[@id='{note_id}']")[0]))
    compare("site-notes.html", "\n".join(parts))


def test_pdf_note_text(out):
    pages = pdf_page_texts(out / "torture.pdf")
    page = next(p for p in pages if "second point" in p)  # the page of the first essay's calls and notes
    compare("pdf-notes-page.txt", "\n".join(line.rstrip() for line in page.splitlines()) + "\n")
