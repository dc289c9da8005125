"""Shared by the PDF tests: a book written on the fly, the real series, and ways to read the PDFs back
as a reader and a print shop would (pdftotext, pikepdf, pdftoppm)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from publish.adapters import pdf as pdf_adapter
from tests import expected
from tests.conftest import REAL_SERIES, make_job, write_series
from tests.extract import pdf_destination_pages

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
               "\npublisher: Test Press\ndate: 2024-05-01\nrights: © 2024 Test Press. All rights reserved."
               "\nidentifier: urn:isbn:9780000000002\nprint: {trim: 5.5x8.5in, marks: crop, also: [Wages Again, "
               "Prices and Profit]}\nnotes: {numbering: continuous}\n")


def build_pdf(series_dir: Path, out: Path):
    """Build the PDF editions; return the job and the print PDF (the screen PDF lies beside it)."""
    job = make_job(series_dir, out)
    paths = pdf_adapter.build(job)
    assert [p.name for p in paths] == [f"{job.series.name}.pdf", f"{job.series.name}-screen.pdf",
                                       f"{job.series.name}-cover.pdf"]
    return job, paths[0]


def screen_of(path: Path) -> Path:
    return path.with_name(f"{path.stem}-screen.pdf")


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


def expected_notes(job) -> list[expected.ExpectedNote]:
    """The notes the book must print, as pandoc's own HTML writer reads the series' articles (tests/oracle.py):
    never the toolchain's own model or writer, so a mistake they share still fails the tests."""
    return expected.all_notes(job.series.config.folder)


def link_rects(path: Path) -> list[tuple[int, str, list[float]]]:
    """(0-based page, destination, [x0, y0, x1, y1]) of every internal link."""
    found = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots") or []:
                if annot.get("/Subtype") == "/Link" and isinstance(annot.get("/Dest"), pikepdf.String):
                    found.append((index, str(annot.Dest), [float(v) for v in annot.Rect]))
    return found


def text_in(path: Path, page: int, rect: list[float], top: float) -> str:
    """The text inside ``rect`` (PDF points) of a page whose top edge is at ``top`` (its MediaBox's)."""
    x0, x1 = sorted((rect[0], rect[2]))
    y0, y1 = sorted((rect[1], rect[3]))
    with pikepdf.open(path) as pdf:
        left = float(pdf.pages[page].mediabox[0])
    args = ["-f", str(page + 1), "-l", str(page + 1), "-r", "72", "-x", str(int(x0 - left) - 1),
            "-y", str(int(top - y1) - 1), "-W", str(int(x1 - x0) + 3), "-H", str(int(y1 - y0) + 3)]
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.strip()


def boxes(path: Path, name: str) -> list[list[float]]:
    """A page box (e.g. '/TrimBox') of every page, as [x0, y0, x1, y1] in points, read as written."""
    with pikepdf.open(path) as pdf:
        return [[float(v) for v in page.obj[name]] for page in pdf.pages]


def openings(job, path: Path) -> dict[str, int]:
    """Article slug -> 0-based page of its opening."""
    dests = pdf_destination_pages(path)
    return {slug: dests[f"article-{slug}"] for slug in expected.article_titles(job.series.config.folder)}


def page_image(path: Path, page: int, target: Path, resolution: int = 50) -> Image.Image:
    """pdftoppm's image of a 1-based page (its whole MediaBox), saved as ``target``.png."""
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(target)], check=True)
    return Image.open(target.with_suffix(".png")).convert("RGB")
