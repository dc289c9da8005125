"""The heart of the product: every note has the same number and text in the EPUB, the site and the PDF.

The series are built once through the command line, then every output is read back by its
standard semantics (tests/extract.py) and compared note by note with the model.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from publish.load import load_series
from publish.render import HtmlWriter
from tests.conftest import REAL_SERIES, ROOT
from tests.extract import (epub_notes, letters, pdf_destination_pages, pdf_links, pdf_page_texts, site_notes,
                           squash)

TORTURE = ROOT / "tests" / "series" / "torture"


def expected_notes(series_dir: Path):
    series = load_series(series_dir)
    for note in series.all_notes:
        text = squash(" ".join(HtmlWriter().blocks([b]).striptags() for b in note.blocks))
        yield note, text


@pytest.fixture(scope="module", params=[REAL_SERIES, TORTURE], ids=["classical-marxism", "torture"])
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("parity")
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(request.param), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    name = request.param.name
    return request.param, out / name


def test_epub_and_site_carry_each_note_once_with_the_same_number_and_text(built):
    series_dir, out = built
    epub = epub_notes(out / f"{out.name}.epub")
    site = site_notes(out / "site")
    expected = list(expected_notes(series_dir))
    assert sorted(epub) == sorted(site) == sorted(n.id for n, _ in expected)
    for note, text in expected:
        for found in (epub[note.id], site[note.id]):
            assert found.number == note.number
            assert found.text == text
            assert list(found.calls) == [c.id for c in note.calls]
            assert list(found.backlinks) == [c.id for c in note.calls]


def test_pdf_prints_each_note_once_on_the_page_of_its_first_call(built):
    series_dir, out = built
    pdf = out / f"{out.name}.pdf"
    pages = [letters(p) for p in pdf_page_texts(pdf)]
    dests = pdf_destination_pages(pdf)
    links = pdf_links(pdf)
    for note, text in expected_notes(series_dir):
        printed = letters(f"{note.number}. {text}")
        holding = [i for i, page in enumerate(pages) if printed in page]
        assert len(holding) == 1, f"note {note.number} printed on pages {holding}"
        assert dests[note.id] == holding[0]
        calls_to_note = [page for page, dest in links if dest == note.id]
        assert len(calls_to_note) == len(note.calls), f"note {note.number}: {calls_to_note}"
        assert calls_to_note[0] == holding[0], f"note {note.number} is not on the page of its first call"
