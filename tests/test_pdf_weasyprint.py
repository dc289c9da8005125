"""What WeasyPrint 70 gets wrong or lets through, and what the PDF adapter does about it: notes too long
or deferred, files from outside the series, its log, links, and lines sticking out of the text block."""
from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from publish.adapters import pdf as pdf_adapter
from publish.adapters.pdf.layout.typeset import Typesetter
from publish.adapters.pdf.parts.book import book_parts, document_html
from publish.adapters.pdf.checks.notes import drifts
from publish.adapters.pdf.checks.log import report_log
from publish.adapters.pdf.layout.fence import LocalFetcher, captured_log
from publish.diagnostics import ERROR, WARNING, Report
from publish.load import load_series
from tests.conftest import write_series
from tests.extract import letters, pdf_destination_pages, pdf_links, pdf_page_texts
from tests.pdf_support import PT_PER_MM, boxes, build_pdf, paragraphs


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
    setter = Typesetter(job.series)
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



def book_html(series) -> str:
    """The whole book as one HTML document (the build lays it out in parts)."""
    return document_html(series, "\n".join(part.body for part in book_parts(series)), None)

def test_a_note_deferred_by_weasyprint_is_brought_back_to_its_call(tmp_path):
    deferred = []
    for fillers in range(25):  # a page holds ~21 lines: one count puts the paragraph's first line last
        series = load_series(squeezed(tmp_path, fillers))
        setter = Typesetter(series)
        if drifts(setter.render(setter.parse(book_html(series))), series):
            deferred.append(fillers)
    assert deferred, "WeasyPrint no longer defers notes: the pagination repair may be unnecessary"
    for fillers in deferred:
        job, path = build_pdf(squeezed(tmp_path, fillers), tmp_path / f"out{fillers}")
        assert job.report.items == []
        dests = pdf_destination_pages(path)
        assert dests["squeeze-note-1"] == dests["squeeze-noteref-1"]


def test_remote_and_outside_files_never_reach_the_typesetter(tmp_path):
    """Reading the series refuses such images at their line; WeasyPrint's fetcher refuses them again."""
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nInside ![I](ok.png)\n"})
    Image.new("RGB", (40, 30), "blue").save(folder / "articles" / "ok.png")
    Image.new("RGB", (40, 30), "red").save(tmp_path / "outside.png")
    job, path = build_pdf(folder, tmp_path / "out")
    setter = Typesetter(job.series)
    html = book_html(job.series).replace("</body>", f'<img src="https://example.com/x.png" alt="R">'
                                         f'<img src="{(tmp_path / "outside.png").as_uri()}" alt="O"></body>')
    with captured_log([]):
        setter.render(setter.parse(html)).write_pdf(tmp_path / "fenced.pdf")
    assert sorted(setter.fetcher.refused) == sorted(["https://example.com/x.png", (tmp_path / "outside.png").as_uri()])
    for pdf in (path, tmp_path / "fenced.pdf"):
        images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
        assert len(images.splitlines()) == 3, pdf  # two header lines, the one image from the series folder
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
    opening = pdf_destination_pages(path)["article-a"]
    assert (opening, "a--later") in pdf_links(path) and pdf_destination_pages(path)["a--later"] == opening


def test_a_word_sticking_out_of_the_text_block_is_reported_with_its_line(tmp_path):
    number = "0123456789" * 8  # no hyphenation point, no break opportunity
    text = f"---\ntitle: Wide\n---\n\nA paragraph that fits.\n\nThe catalogue number is {number} in the archive.\n"
    job, path = build_pdf(write_series(tmp_path / "s", {"01-wide.md": text}), tmp_path / "out")
    found = [(d.code, d.severity, Path(d.file).name, d.line) for d in job.report.items]
    assert found == [("pdf-overflow", ERROR, "01-wide.md", 7)]
    assert "past the text block on page 7" in job.report.items[0].message
    # Why: the printed line really does run into the margin, past the right edge of the other lines.
    words = subprocess.run(["pdftotext", "-bbox", "-f", "7", "-l", "7", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    right = {w: float(x) for x, w in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]+)<', words)}
    [media], [trim] = boxes(path, "/MediaBox")[6:7], boxes(path, "/TrimBox")[6:7]
    text_block_right = trim[2] - media[0] - 15 * PT_PER_MM  # a recto's outer margin is 15 mm (print.css)
    assert right[number] > text_block_right + 10
