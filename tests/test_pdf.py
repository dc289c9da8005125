"""The print PDF, read back as a reader and a print shop would: page texts (pdftotext), link
annotations and page boxes (pikepdf), fonts (pdffonts), and page images to look at."""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from publish.adapters import pdf as pdf_adapter
from publish.adapters.pdf_document import book_html
from publish.adapters.pdf_layout_check import drifts
from publish.adapters.pdf_weasyprint import LocalFetcher, captured_log, report_log
from publish.check import check_outputs
from publish.diagnostics import ERROR, WARNING, Report
from publish.load import load_series
from publish.render import HtmlWriter
from tests.conftest import REAL_SERIES, make_job, write_series
from tests.extract import letters, pdf_destination_pages, pdf_links, pdf_page_texts, squash

PT_PER_MM = 72 / 25.4
WORDS = ("the argument of this chapter turns on the relation between wages prices and the rate of profit "
         "in the long run as the workers of every country came to see it").split()


def prose(seed: int, count: int) -> str:
    text = " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(count))
    return text[0].upper() + text[1:] + "."


def paragraphs(seed: int, count: int, sentences: int = 5) -> list[str]:
    return [" ".join(prose(seed + i * 3 + j, 12 + (i + j) % 7) for j in range(sentences)) for i in range(count)]


def book_articles() -> dict[str, str]:
    first = paragraphs(1, 14)
    first[0] += "[^twice]"
    first[2] += "[^one]"
    first[9] += " As said before.[^twice]"
    first[11] += "^[An inline note in the first essay.]"
    dense = [f"{prose(i, 9)} {prose(i + 1, 8)}[^d{i}] {prose(i + 2, 14)}" for i in range(1, 13)]
    return {
        "01-first.md": "---\ntitle: The First Essay\nsubtitle: On wages\nauthor: Ada Example\n---\n\n"
                       + "\n\n".join(first) + "\n\n[^twice]: Karl Marx, *Capital*, vol. 1 (London, 1976), 270."
                       "\n\n[^one]: A note with *italics* and two sentences. It ends here.\n",
        "02-dense.md": "---\ntitle: Dense Notes\n---\n\n" + "\n\n".join(dense) + "\n\n" + "\n\n".join(
            f"[^d{i}]: Dense note {i}: {prose(i + 5, 10 + 4 * (i % 4))} {prose(i + 6, 12)}" for i in range(1, 13)),
        "03-third.md": "---\ntitle: The Third Essay\n---\n\n" + "\n\n".join(paragraphs(40, 6))
                       + " Numbering runs on.[^last]\n\n[^last]: The last note of the book.\n",
    }


BOOK_CONFIG = ("title: A Book of Notes\nsubtitle: Essays for testing\nlanguage: en\nauthor: [Ada Example, Bertrand Sample]"
               "\npublisher: Test Press\ndate: 2024-05-01\nprint: {trim: 5.5x8.5in}\nnotes: {numbering: continuous}\n")


def build_pdf(series_dir: Path, out: Path):
    job = make_job(series_dir, out)
    [path] = pdf_adapter.build(job)
    return job, path


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return build_pdf(REAL_SERIES, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("book")
    return build_pdf(write_series(root / "book", book_articles(), BOOK_CONFIG), root / "out")


@pytest.fixture(params=["real", "book"])
def built(request):
    return request.getfixturevalue(request.param)


# -- reading the PDF ---------------------------------------------------------------------------

def note_text(note) -> str:
    return squash(" ".join(HtmlWriter().blocks([b]).striptags() for b in note.blocks))


def link_rects(path: Path) -> list[tuple[int, str, list[float]]]:
    """(0-based page, destination, [x0, y0, x1, y1]) of every internal link."""
    found = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots") or []:
                if annot.get("/Subtype") == "/Link" and isinstance(annot.get("/Dest"), pikepdf.String):
                    found.append((index, str(annot.Dest), [float(v) for v in annot.Rect]))
    return found


def text_in(path: Path, page: int, rect: list[float], height: float) -> str:
    x0, x1 = sorted((rect[0], rect[2]))
    y0, y1 = sorted((rect[1], rect[3]))
    args = ["-f", str(page + 1), "-l", str(page + 1), "-r", "72", "-x", str(int(x0) - 1),
            "-y", str(int(height - y1) - 1), "-W", str(int(x1 - x0) + 3), "-H", str(int(y1 - y0) + 3)]
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.strip()


def openings(job, path: Path) -> dict[str, int]:
    """Article slug -> 0-based page of its opening."""
    dests = pdf_destination_pages(path)
    return {a.slug: dests[f"article-{a.slug}"] for a in job.series.articles}


# -- notes ---------------------------------------------------------------------------------------

def test_builds_without_diagnostics(built):
    job, path = built
    assert job.report.items == [] and path.stat().st_size > 0


def test_each_note_printed_once_with_its_number_on_the_page_of_its_first_call(built):
    job, path = built
    pages = pdf_page_texts(path)
    links = pdf_links(path)
    for note in job.series.all_notes:
        text = note_text(note)
        holding = [i for i, page in enumerate(pages) if letters(f"{note.number}. {text}") in letters(page)]
        assert len(holding) == 1, f"note {note.number} printed on pages {holding}"
        first_word = re.escape(text.split()[0])
        assert re.search(rf"^\s*{note.number}\.\s+{first_word}", pages[holding[0]], re.M), \
            f"note {note.number} does not begin with its own number alone"
        call_pages = [page for page, dest in links if dest == note.id]
        assert len(call_pages) == len(note.calls)
        assert call_pages[0] == holding[0], f"note {note.number} is not on the page of its first call"


def test_every_call_prints_the_note_number_and_links_to_the_note(built):
    job, path = built
    dests = pdf_destination_pages(path)
    with pikepdf.open(path) as pdf:
        height = float(pdf.pages[0].mediabox[3])
    rects = link_rects(path)
    for note in job.series.all_notes:
        calls = [(page, rect) for page, dest, rect in rects if dest == note.id]
        for call, (page, rect) in zip(note.calls, calls):
            assert dests[call.id] == page
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


# -- the book ------------------------------------------------------------------------------------

def test_fonts_are_all_embedded_and_the_book_font_is_used(built):
    _, path = built
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows)
    assert all(r.split()[-5] == "yes" for r in rows), rows
    assert any("Libertine" in r for r in rows)


def test_every_page_has_the_trim_size(built):
    job, path = built
    want = (job.series.config.print.width_mm * PT_PER_MM, job.series.config.print.height_mm * PT_PER_MM)
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for box in (page.mediabox, page.obj.TrimBox):
                x0, y0, x1, y1 = (float(v) for v in box)
                assert (x1 - x0, y1 - y0) == pytest.approx(want, abs=0.01)


def test_contents_lists_the_real_page_of_each_opening(built):
    job, path = built
    pages = pdf_page_texts(path)
    [toc] = [p for p in pages if "Contents" in p]
    listed = {squash(m["title"]): int(m["page"])
              for m in re.finditer(r"^\s*(?P<title>\S.*?)[\s.]*\.\s*(?P<page>\d+)\s*$", toc, re.M)}
    for article in job.series.articles:
        opening = openings(job, path)[article.slug]
        assert listed[article.title] == opening + 1
        assert article.title in pages[opening]


def test_articles_open_on_odd_pages_without_running_head(built):
    job, path = built
    pages = pdf_page_texts(path)
    for article in job.series.articles:
        page = openings(job, path)[article.slug]
        lines = [line.strip() for line in pages[page].splitlines() if line.strip()]
        assert (page + 1) % 2 == 1
        assert lines[0] == article.title and job.series.title not in lines[0]
        assert lines[-1] == str(page + 1), "an opening has its folio at the foot"


def test_body_pages_carry_running_heads_and_folios(built):
    job, path = built
    pages = pdf_page_texts(path)
    starts = sorted(openings(job, path).items(), key=lambda item: item[1])
    ends = [page for _, page in starts[1:]] + [len(pages)]
    seen = set()
    for (slug, start), end in zip(starts, ends):
        article = next(a for a in job.series.articles if a.slug == slug)
        for index in range(start + 1, end):
            lines = [line.split() for line in pages[index].splitlines() if line.strip()]
            if not lines:
                continue  # a blank verso before the next opening
            head, folio = " ".join(lines[0]), str(index + 1)
            expected = (f"{folio} {job.series.title}" if (index + 1) % 2 == 0 else f"{article.title} {folio}")
            assert head == expected, f"page {index + 1}"
            seen.add((index + 1) % 2)
    assert seen == {0, 1}, "the test needs body pages on both sides"


def test_metadata_title_authors_language_and_dates(book):
    job, path = book
    with pikepdf.open(path) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "A Book of Notes"
        assert "Ada Example" in str(info["/Author"]) and "Bertrand Sample" in str(info["/Author"])
        assert str(pdf.Root.Lang) == "en"
        stamp = job.series.config.modified
        assert str(info["/ModDate"]).startswith("D:" + re.sub(r"\D", "", stamp)[:14])
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)


def test_validators_find_no_errors(real, book):
    found = check_outputs(pdfs=[real[1], book[1]], accessibility=False)
    assert [d for d in found if d.severity == ERROR] == []


def test_two_builds_are_byte_identical(real, tmp_path):
    _, again = build_pdf(REAL_SERIES, tmp_path)
    assert again.read_bytes() == real[1].read_bytes()


def test_page_images_for_review(real, book, artifacts):
    shots = {"pdf-title-page": (real[1], 1), "pdf-opening": (real[1], openings(*real)["siege-socialism"] + 1)}
    dense = book[0].series.articles[1]
    shots["pdf-dense-notes"] = (book[1], pdf_destination_pages(book[1])[dense.notes[0].id] + 1)
    for name, (path, page) in shots.items():
        target = artifacts / name
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                        str(path), str(target)], check=True)
        assert target.with_suffix(".png").stat().st_size > 1000


# -- what WeasyPrint 70 gets wrong, and what we do about it ------------------------------------

def long_note(after: int) -> str:
    """A note of 250 sentences, followed by ``after`` paragraphs of text."""
    return ("---\ntitle: A Long Note\n---\n\nShort text with a long note.[^long] Cited again.[^long]\n\n"
            + "".join(p + "\n\n" for p in paragraphs(2, after)) + "[^long]: "
            + " ".join(f"Sentence {i} of the long note." for i in range(250)) + "\n")


@pytest.mark.parametrize("after", [0, 12], ids=["left-out", "printed-over-the-text"])
def test_note_longer_than_a_page_is_reported_with_its_line_not_shipped_cut(tmp_path, after):
    text = long_note(after)
    job, _ = build_pdf(write_series(tmp_path / "s", {"01-long.md": text}), tmp_path / "out")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith("[^long]:"))
    assert [(d.code, Path(d.file).name, d.line) for d in job.report.items] == [("note-too-long", "01-long.md", line)]
    # Why: WeasyPrint 70 does not continue a note on the next page; laid out unchecked, the note loses its text.
    setter = pdf_adapter.Typesetter(job.series)
    setter.render(setter.parse(book_html(job.series))).write_pdf(tmp_path / "raw.pdf")
    printed = letters(" ".join(pdf_page_texts(tmp_path / "raw.pdf")))
    assert sum(letters(f"Sentence {i} of the long note.") in printed for i in range(250)) < 200


def squeezed(root: Path, fillers: int) -> Path:
    """A page with a note, then a paragraph starting at its foot: WeasyPrint defers the note for it."""
    text = " ".join(paragraphs(3, 1, 12))
    lines = "\n\n".join(f"Line {i}." for i in range(fillers))
    body = (f"{text}\n\nWords with a call.[^a] More words to fill the line.\n\n{lines}\n\n{text}\n\n"
            "[^a]: A note that takes two lines at the foot of the page, so that it can be moved away.\n")
    return write_series(root / f"s{fillers}", {"01-squeeze.md": f"---\ntitle: Squeeze\n---\n\n{body}"},
                        "title: T\nlanguage: en\nprint:\n  trim: 100x140mm\n")


def test_a_note_deferred_by_weasyprint_is_brought_back_to_its_call(tmp_path):
    deferred = []
    for fillers in range(25):  # a page holds ~21 lines: one count puts the paragraph's first line last
        series = load_series(squeezed(tmp_path, fillers))
        setter = pdf_adapter.Typesetter(series)
        if drifts(setter.render(setter.parse(book_html(series))), series):
            deferred.append(fillers)
    assert deferred, "WeasyPrint no longer defers notes: pdf_pagination may be unnecessary"
    for fillers in deferred:
        job, path = build_pdf(squeezed(tmp_path, fillers), tmp_path / f"out{fillers}")
        assert job.report.items == []
        dests = pdf_destination_pages(path)
        assert dests["squeeze-note-1"] == dests["squeeze-noteref-1"]


def test_remote_and_outside_files_are_refused_with_their_line(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nRemote ![R](https://example.com/x.png)"
                                           "\n\nOutside ![O](../../outside.png)\n\nInside ![I](ok.png)\n"})
    Image.new("RGB", (40, 30), "red").save(tmp_path / "outside.png")
    Image.new("RGB", (40, 30), "blue").save(folder / "articles" / "ok.png")
    job, path = build_pdf(folder, tmp_path / "out")
    assert sorted((d.code, d.line) for d in job.report.items) == [("pdf-remote-resource", 5),
                                                                   ("pdf-remote-resource", 7)]
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) == 3  # two header lines, the one image from the series folder
    fetcher = LocalFetcher([tmp_path / "series"])
    assert fetcher.allows((tmp_path / "series" / "a.png").as_uri()) and fetcher.allows("data:image/png,x")
    for url in ("https://example.com/a.png", "http://localhost/a.png", (tmp_path / "a.png").as_uri(),
                (tmp_path / "series" / ".." / "a.png").as_uri(), "file://otherhost/a.png"):
        assert not fetcher.allows(url), url


def test_weasyprint_log_becomes_diagnostics():
    records: list[logging.LogRecord] = []
    with captured_log(records):
        for _ in range(2):
            logging.getLogger("weasyprint").warning("Ignored `colr: red` at 1:1, unknown property.")
        logging.getLogger("weasyprint").error("Failed to load image at %r", "file:///x.png")
        logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
    report = Report()
    report_log(records, LocalFetcher([]), report)
    assert [(d.code, d.severity) for d in report.items] == [("pdf-weasyprint", WARNING), ("pdf-weasyprint", ERROR)]
    assert report.items[0].message.endswith("(2 times)")


def test_links_to_headings_survive_the_prefixed_ids_and_broken_ones_are_warnings(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nSee [it](#later) and [this](#nowhere)."
                                           "\n\n## Later {#later}\n\nText.\n"})
    job, path = build_pdf(folder, tmp_path / "out")
    assert [(d.code, d.severity, d.line) for d in job.report.items] == [("pdf-broken-link", WARNING, 5)]
    assert (4, "a--later") in pdf_links(path) and pdf_destination_pages(path)["a--later"] == 4
