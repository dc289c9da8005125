"""The print PDF's notes, read back: each once, whole, numbered, on the page of its first call."""
from __future__ import annotations

import re

import pikepdf

from tests.extract import letters, pdf_destination_pages, pdf_links, pdf_page_texts
from tests.pdf_support import book, built, expected_notes, link_rects, real, screen_of, text_in  # noqa: F401


def test_builds_without_diagnostics(built):
    job, path = built
    assert job.report.items == [] and path.stat().st_size > 0 and screen_of(path).stat().st_size > 0


def test_each_note_printed_once_with_its_number_on_the_page_of_its_first_call(built):
    """Each note as pandoc's HTML writer gives it, compared by letters and digits (pdftotext breaks lines and
    hyphenates); a note begins with its number alone on its line."""
    job, path = built
    pages = pdf_page_texts(path)
    links = pdf_links(path)
    notes = expected_notes(job)
    assert notes and {d for d in pdf_destination_pages(path) if "-note-" in d} == {n.id for n in notes}
    for note in notes:
        text = note.text
        holding = [i for i, page in enumerate(pages) if letters(f"{note.number}. {text}") in letters(page)]
        assert len(holding) == 1, f"note {note.number} printed on pages {holding}"
        first_word = re.escape(text.split()[0])
        assert re.search(rf"^\s*{note.number}\.\s+{first_word}", pages[holding[0]], re.M), \
            f"note {note.number} does not begin with its own number alone"
        call_pages = [page for page, dest in links if dest == note.id]
        assert len(call_pages) == note.calls, f"note {note.number}: as many calls as pandoc's copies"
        assert call_pages[0] == holding[0], f"note {note.number} is not on the page of its first call"


def test_every_call_prints_the_note_number_and_links_to_the_note(built):
    job, path = built
    dests = pdf_destination_pages(path)
    with pikepdf.open(path) as pdf:
        height = float(pdf.pages[0].mediabox[3])
    rects = link_rects(path)
    for note in expected_notes(job):
        calls = [(page, rect) for page, dest, rect in rects if dest == note.id]
        assert len(calls) == note.calls, f"note {note.number}"
        for call_id, (page, rect) in zip(note.call_ids, calls):
            assert dests[call_id] == page
            assert text_in(path, page, rect, height) == str(note.number)
        assert dests[note.id] == calls[0][0]


def test_a_note_cited_twice_is_printed_once_and_numbering_runs_on(book):
    job, path = book
    pages = pdf_page_texts(path)
    [twice] = [n for n in job.series.all_notes if n.label == "twice"]
    assert len(twice.calls) == 2
    assert len([p for p in pages if letters("Karl Marx, Capital, vol. 1") in letters(p)]) == 1
    assert [n.number for n in job.series.all_notes] == list(range(1, 17))
    assert job.series.articles[2].notes[0].number == 16
    assert any(re.search(r"^\s*16\.\s+The last note", p, re.M) for p in pages)


def test_dense_page_keeps_every_note_on_its_calls_page(book):
    job, path = book
    dense = job.series.articles[1]
    assert len(dense.notes) == 12
    dests = pdf_destination_pages(path)
    pages = {dests[n.id] for n in dense.notes}
    assert len(pages) < len(dense.notes), "the test needs pages holding several notes"
    for note in dense.notes:
        assert dests[note.id] == dests[note.calls[0].id]




def test_the_screen_edition_has_the_same_notes_on_the_same_pages(built):
    job, path = built
    assert pdf_destination_pages(screen_of(path)) == pdf_destination_pages(path)
