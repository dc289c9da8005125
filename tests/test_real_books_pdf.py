"""The print book of a real-book-shaped series: long notes continued over pages, tables and lists in notes,
a caption's note, a 30-page chapter. Read back from the PDF (pdfplumber, pikepdf), held to pandoc's text."""
from __future__ import annotations

import pdfplumber
import pikepdf

from tests import oracle
from tests.books import (TREATISE, article_pages, comparable, expected_notes_in_print, printed_notes,
                         treatise)  # noqa: F401  (the fixture)
from tests.expected import article_files, article_notes, slug_of
from tests.extract import pdf_destination_pages, pdf_links

LONG = "wages-of-labour"  #: the chapter with a note of about 90 printed lines and one of about three pages


def test_the_book_builds_with_no_error_and_no_note_reported_too_long(treatise):
    assert not [d for d in treatise.report.items if d.severity == "error"]
    assert not [d for d in treatise.report.items if d.code in ("note-too-long", "note-page-drift", "note-unused",
                                                               "note-undefined")]


def test_every_note_prints_whole_and_once_in_order(treatise):
    """Page after page, an article's notes read as pandoc has them: every word, once, none cut off."""
    pages = article_pages(treatise.pdf)
    for path in article_files(TREATISE):
        printed = comparable("".join(printed_notes(treatise.pdf, pages[slug_of(path)])))
        assert printed == expected_notes_in_print(path), slug_of(path)


def note_pages(pdf, note_id: str) -> list[int]:
    """The pages (0-based) on which a note's text is drawn, read from its tagged Note element."""
    with pikepdf.open(pdf) as book:
        index = {page.objgen: i for i, page in enumerate(book.pages)}
        names = list(book.Root.StructTreeRoot.IDTree.Names)
        element = dict(zip((str(n) for n in names[::2]), names[1::2]))[note_id]
        assert element.S == "/Note"
        found = set()

        def walk(node):
            kids = node.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary):
                    if "/Pg" in kid:
                        found.add(index[kid.Pg.objgen])
                    if "/S" in kid:
                        walk(kid)
        walk(element)
        return sorted(found)


def test_a_long_note_starts_on_its_calls_page_and_runs_on_page_after_page_as_one_note(treatise):
    path = article_files(TREATISE)[0]
    notes = article_notes(TREATISE, path)
    longest = sorted(notes, key=lambda n: len(n.text))[-2:]  # the note of ~1,000 words and the one of ~2,600
    links = pdf_links(treatise.pdf)
    for note in longest:
        call_page = next(page for page, dest in links if dest == note.id)
        pages = note_pages(treatise.pdf, note.id)
        assert pages[0] == call_page, note.number              # it starts on its call's page
        assert pages == list(range(pages[0], pages[-1] + 1))    # and goes on page after page
    three_pages = longest[-1]
    assert len(note_pages(treatise.pdf, three_pages.id)) >= 3  # a note three pages long runs over three pages


def test_the_head_of_a_continued_note_fills_its_page_and_is_never_a_single_line(treatise):
    path = article_files(TREATISE)[0]
    longest = sorted(article_notes(TREATISE, path), key=lambda n: len(n.text))[-1]
    links = pdf_links(treatise.pdf)
    call_page = next(page for page, dest in links if dest == longest.id)
    with pdfplumber.open(treatise.pdf) as book:
        page = book.pages[call_page]
        lines = {round(c["top"]) for c in page.chars if 7.0 <= c["size"] <= 8.8 and c["text"].strip()}
        body = [c for c in page.chars if abs(c["size"] - 10.5) < 0.2]
        notes_top = min(c["top"] for c in page.chars if 7.0 <= c["size"] <= 8.8)
        lowest_text = max(c["bottom"] for c in body)
    assert len(lines) >= 2
    assert notes_top - lowest_text < 3 * 13.5  # no gap of lines between the text and the notes


def test_a_table_in_a_note_prints_its_caption_head_rows_and_total(treatise):
    path = next(p for p in article_files(TREATISE) if oracle.note_tables(p))
    table = oracle.note_tables(path)[0]
    pages = article_pages(treatise.pdf)[slug_of(path)]
    printed = comparable("".join(printed_notes(treatise.pdf, pages)))
    rows = [table.header, *table.body, *table.foot]
    at = printed.index(comparable(table.caption))
    for row in rows:
        at = printed.index(comparable("".join(row)), at)  # every row, in order, whole
    assert any("TOTAL" in cell.upper() for row in table.foot for cell in row)


def test_numbers_in_a_table_in_a_note_stand_right_aligned(treatise):
    path = next(p for p in article_files(TREATISE) if oracle.note_tables(p))
    table = oracle.note_tables(path)[0]
    column = next(i for i, side in enumerate(table.align) if side == "right")
    figures = [row[column] for row in table.body]
    with pdfplumber.open(treatise.pdf) as book:
        for page in book.pages[article_pages(treatise.pdf)[slug_of(path)].start:]:
            words = page.extract_words(extra_attrs=["size"])
            found = [w for w in words if w["text"] in figures and w["size"] < 9]
            if len(found) >= len(figures):
                break
    rights = [round(w["x1"]) for w in found if w["text"] in figures][:len(figures)]
    assert max(rights) - min(rights) <= 1


def test_an_ordered_list_in_a_note_keeps_its_start_and_style(treatise):
    path = next(p for p in article_files(TREATISE) if oracle.note_ordered_lists(p))
    found = oracle.note_ordered_lists(path)[0]
    assert (found.start, found.type) == (3, "i")  # the fixture's list, as pandoc reads it
    printed = comparable("".join(printed_notes(treatise.pdf, article_pages(treatise.pdf)[slug_of(path)])))
    assert comparable("iii." + found.items[0]) in printed and comparable("iv." + found.items[1]) in printed


def test_the_captions_note_is_one_note_printed_on_the_figures_page(treatise):
    path = article_files(TREATISE)[1]
    notes = article_notes(TREATISE, path)
    caption_note = next(n for n in notes if "caption" in n.text.lower() or "engraving" in n.text.lower())
    dests = pdf_destination_pages(treatise.pdf)
    with pdfplumber.open(treatise.pdf) as book:
        figure_page = next(i for i in article_pages(treatise.pdf)[slug_of(path)] if book.pages[i].images)
    assert dests[caption_note.id] == figure_page
    assert sum(1 for name in dests if name.startswith(f"{slug_of(path)}-note-")) == len(notes)


def test_the_long_chapter_runs_to_thirty_pages(treatise):
    pages = article_pages(treatise.pdf)
    assert len(pages[slug_of(article_files(TREATISE)[3])]) >= 28


def test_a_note_in_a_table_cell_prints_at_the_foot_of_the_tables_page_with_its_image(treatise):
    path = article_files(TREATISE)[1]
    cell_note = next(n for n in article_notes(TREATISE, path) if n.text.startswith("A house with a door"))
    dests = pdf_destination_pages(treatise.pdf)
    page = dests[cell_note.id]
    with pdfplumber.open(treatise.pdf) as book:
        words = book.pages[page].extract_words(extra_attrs=["size"])
        assert any(w["text"] == "Pendleton" and w["size"] > 9 for w in words)  # the body table stands here
        notes_top = min(c["top"] for c in book.pages[page].chars if 7.0 <= c["size"] <= 8.8)
        assert any(image["top"] > notes_top for image in book.pages[page].images)  # the note's image, below
