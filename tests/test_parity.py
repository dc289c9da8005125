"""The heart of the product: every note has the same number and text in the EPUB, the site and the PDF.

The series are built once through the command line, then every output is read back by its standard semantics
(tests/extract.py) and compared note by note with what pandoc's own HTML writer makes of each article
(tests/oracle.py, through tests/expected.py): the expected text never comes from the toolchain's own writer,
so a mistake every output shares still fails here.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests import expected
from tests.conftest import REAL_SERIES, ROOT
from tests.extract import epub_notes, letters, pdf_destination_pages, pdf_links, pdf_page_texts, site_notes

TORTURE = ROOT / "tests" / "series" / "torture"


@pytest.fixture(scope="module", params=[REAL_SERIES, TORTURE], ids=["classical-marxism", "torture"])
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("parity")
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(request.param), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    name = request.param.name
    return request.param, out / name


def test_epub_and_site_carry_each_note_once_with_pandocs_number_and_text(built):
    """Number and text of each note, in order, as pandoc writes them. The outputs' number is a backlink
    ("1.") and further calls add backlinks; tests/extract.py leaves both out, as the oracle leaves out
    pandoc's own backlinks (↩︎), so the texts compare as they are, whitespace squashed."""
    series_dir, out = built
    epub = epub_notes(out / f"{out.name}.epub")
    site = site_notes(out / "site")
    notes = expected.all_notes(series_dir)
    assert notes, "the series has notes"
    for name, found in (("epub", epub), ("site", site)):
        assert list(found) == [n.id for n in notes], name       # each note once, in the order of its calls
        for note in notes:
            got = found[note.id]
            assert (got.number, got.text) == (note.number, note.text), f"{name} {note.id}"
            assert list(got.calls) == note.call_ids, f"{name} {note.id}: one call per copy pandoc made"
            assert list(got.backlinks) == note.call_ids, f"{name} {note.id}"


def test_every_call_of_each_article_is_a_call_pandoc_sees(built):
    """As many calls in each article as pandoc finds in it: none lost, none made up."""
    series_dir, out = built
    for found in (epub_notes(out / f"{out.name}.epub"), site_notes(out / "site")):
        for path in expected.article_files(series_dir):
            slug = expected.slug_of(path)
            calls = [c for note_id, note in found.items() if note_id.startswith(f"{slug}-note-") for c in note.calls]
            assert len(calls) == expected.call_count(series_dir, path), path.name


def test_pdf_prints_each_note_once_on_the_page_of_its_first_call(built):
    """The print book's text is read with pdftotext, so a note is compared by its letters and digits only
    (line breaks, hyphenation and the hanging number's spacing are the page's, not the note's)."""
    series_dir, out = built
    pdf = out / f"{out.name}.pdf"
    pages = [letters(p) for p in pdf_page_texts(pdf)]
    dests = pdf_destination_pages(pdf)
    links = pdf_links(pdf)
    for note in expected.all_notes(series_dir):
        printed = letters(f"{note.number}. {note.text}")
        holding = [i for i, page in enumerate(pages) if printed in page]
        assert len(holding) == 1, f"note {note.number} printed on pages {holding}"
        assert dests[note.id] == holding[0]
        calls_to_note = [page for page, dest in links if dest == note.id]
        assert len(calls_to_note) == note.calls, f"note {note.number}: {calls_to_note}"
        assert calls_to_note[0] == holding[0], f"note {note.number} is not on the page of its first call"
        assert [dests[c] for c in note.call_ids] == calls_to_note, f"note {note.number}: calls and their pages"
