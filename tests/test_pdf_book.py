"""The print book as a reader holds it: front matter, contents, openings, running heads, back matter,
blank versos, fonts, hyphenation and metadata, read back with pdftotext, pdffonts, pikepdf and pdftoppm."""
from __future__ import annotations

import re
import subprocess

import pikepdf

from publish.check import check_outputs
from tests import expected
from tests.extract import letters, pdf_destination_pages, pdf_page_texts, squash
from tests.pdf_support import book, boxes, built, openings, page_image, real, screen_of  # noqa: F401


def lines_of(page: str) -> list[str]:
    return [squash(line) for line in page.splitlines() if line.strip()]


def test_fonts_are_all_embedded_and_the_book_font_is_used(built):
    _, path = built
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows)
    assert all(r.split()[-5] == "yes" for r in rows), rows
    assert any("Libertine" in r for r in rows)


def back_matter_start(path, pages: list[str]) -> int:
    """The 0-based page where the back matter (bibliography, other books, colophon) begins."""
    firsts = [lines_of(page)[:1] for page in pages]
    starts = [i for i, first in enumerate(firsts) if first == ["Also in this series"]
              or first and first[0].startswith("This book is set in")]
    bibliography = pdf_destination_pages(path).get("bibliography")
    return min(starts + ([bibliography] if bibliography is not None else []))


def titles(job) -> dict[str, str]:
    """Article slug -> title, as pandoc writes each article's title (tests/oracle.py), not the model's."""
    return expected.article_titles(job.series.config.folder)


def test_contents_lists_the_real_page_of_each_opening(built):
    job, path = built
    pages = pdf_page_texts(path)
    [toc] = [p for p in pages if "Contents" in p]
    listed = {squash(m["title"]): int(m["page"])
              for m in re.finditer(r"^\s*(?P<title>\S.*?)[\s.]*\.\s*(?P<page>\d+)\s*$", toc, re.M)}
    assert len(listed) == len(titles(job))
    for slug, title in titles(job).items():
        opening = openings(job, path)[slug]
        assert listed[title] == opening + 1
        assert title in pages[opening]


def test_articles_open_on_odd_pages_without_running_head(built):
    job, path = built
    pages = pdf_page_texts(path)
    series_title = expected.settings(job.series.config.folder)["title"]
    for slug, title in titles(job).items():
        page = openings(job, path)[slug]
        lines = [line.strip() for line in pages[page].splitlines() if line.strip()]
        assert (page + 1) % 2 == 1
        assert lines[0] == title and series_title not in lines[0]
        assert lines[-1] == str(page + 1), "an opening has its folio at the foot"


def test_body_pages_carry_running_heads_and_folios(built):
    job, path = built
    pages = pdf_page_texts(path)
    starts = sorted(openings(job, path).items(), key=lambda item: item[1])
    ends = [page for _, page in starts[1:]] + [back_matter_start(path, pages)]
    seen = set()
    series_title, article_titles = expected.settings(job.series.config.folder)["title"], titles(job)
    for (slug, start), end in zip(starts, ends):
        for index in range(start + 1, end):
            lines = [line.split() for line in pages[index].splitlines() if line.strip()]
            if not lines:
                continue  # a blank verso before the next opening
            head, folio = " ".join(lines[0]), str(index + 1)
            running = f"{folio} {series_title}" if (index + 1) % 2 == 0 else f"{article_titles[slug]} {folio}"
            assert head == running, f"page {index + 1}"
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


def test_validators_and_preflight_find_nothing(real, book):
    pdfs = [real[1], screen_of(real[1]), book[1], screen_of(book[1])]
    assert [str(d) for d in check_outputs(pdfs=pdfs, accessibility=False)] == []


def test_half_title_blank_verso_title_page_imprint_then_contents_on_a_recto(book):
    _, path = book
    pages = [lines_of(p) for p in pdf_page_texts(path)]
    assert pages[0] == ["A Book of Notes"], "the half-title carries the title alone"
    assert pages[1] == []
    assert pages[2] == ["A Book of Notes", "Essays for testing", "Ada Example, Bertrand Sample", "Test Press"]
    imprint = " ".join(pages[3])
    for text in ("© 2024 Test Press. All rights reserved.", "Published by Test Press, 1 May 2024",
                 "ISBN 9780000000002"):
        assert text in imprint
    assert pages[4][0] == "Contents"


def test_back_matter_lists_the_series_and_ends_with_a_colophon_naming_the_fonts(built):
    job, path = built
    pages = [lines_of(p) for p in pdf_page_texts(path)]
    also = [i for i, page in enumerate(pages) if page[:1] == ["Also in this series"]]
    listed = job.series.config.print.also
    assert len(also) == (1 if listed else 0), "the page is there only when series.yml lists other books"
    if listed:
        assert pages[also[0]][1:] == list(listed) and (also[0] + 1) % 2 == 1
    assert len(pages) % 2 == 0 and pages[-1][0].startswith("This book is set in")
    colophon = letters(" ".join(pages[-1]))
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    families = {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]).split("-")[0] for row in rows}
    assert families and all(letters(family) in colophon for family in families), (families, pages[-1])


def test_blank_pages_are_truly_blank(built, tmp_path):
    _, path = built
    pages = pdf_page_texts(path)
    blank = [i for i, page in enumerate(pages) if not page.strip()]
    assert 1 in blank, "the verso after the half-title is blank"
    trims, medias = boxes(path, "/TrimBox"), boxes(path, "/MediaBox")
    for index in blank:
        assert (index + 1) % 2 == 0, f"page {index + 1}: only versos are left blank"
        image = page_image(path, index + 1, tmp_path / f"blank-{index}")
        scale = image.width / (medias[index][2] - medias[index][0])
        inset = [round((t - m) * scale) for t, m in zip(trims[index][:2], medias[index][:2])]
        inside = image.crop((inset[0], inset[1], image.width - inset[0], image.height - inset[1]))
        assert inside.getextrema() == ((255, 255),) * 3, f"page {index + 1} has marks inside its trim"


def test_words_are_hyphenated_by_the_language_of_the_book(real):
    job, path = real
    source = job.series.articles[0].file.read_text(encoding="utf-8")
    lines = [line.strip() for page in pdf_page_texts(path) for line in page.splitlines() if line.strip()]
    broken = [re.search(r"(\w+)[\u2010-]$", a)[1] + re.match(r"\w*", b)[0] for a, b in zip(lines, lines[1:])
              if re.search(r"[a-z][\u2010-]$", a) and b[:1].islower()]
    hyphenated = [word for word in broken if re.search(rf"\b{word}\b", source)]
    assert len(hyphenated) >= 2, f"no word broken at a hyphenation point: {broken}"


def bare(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text).lower()


def lines_per_page_of_paragraphs(path, paragraphs: list[str]) -> list[dict[int, int]]:
    """For each paragraph, how many of its lines each page (0-based) prints, read in order with pdftotext."""
    counts: list[dict[int, int]] = [{} for _ in paragraphs]
    index, done = 0, ""
    for number, page in enumerate(pdf_page_texts(path)):
        for line in page.splitlines():
            piece = bare(line)
            if index == len(paragraphs) or not piece:
                continue
            if paragraphs[index].startswith(done + piece):  # a line of the paragraph being read (not a note, a head)
                done += piece
                counts[index][number] = counts[index].get(number, 0) + 1
                if done == paragraphs[index]:
                    index, done = index + 1, ""
    assert index == len(paragraphs), f"paragraph {index + 1} not found whole"
    return counts


def test_no_paragraph_leaves_a_single_line_at_the_foot_or_head_of_a_page(real):
    job, path = real
    paragraphs = []
    for article in job.series.articles:
        body = article.file.read_text(encoding="utf-8").split("---", 2)[2]
        paragraphs += [bare(re.sub(r"\[\^[\w-]+\]|\^\[[^\]]*\]|\]\([^)]*\)", "", block))
                       for block in body.strip().split("\n\n") if not block.startswith("[^")]
    counts = lines_per_page_of_paragraphs(path, paragraphs)
    split = [c for c in counts if len(c) > 1]
    assert split, "the test needs paragraphs broken across pages"
    assert all(min(c.values()) >= 2 for c in split), split
