"""The EPUB and the site of a real-book-shaped series (tests/series/treatise), held to pandoc's own reading of
the manuscript (tests/oracle.py) and to the validators: every note once, with pandoc's text and calls; what
only looks like a call is none; headings nest whatever levels the chapters use."""
from __future__ import annotations

import zipfile

from lxml import etree, html as lhtml

from publish.check import check_outputs
from publish.lint import lint_series
from tests import oracle
from tests.books import TREATISE, treatise  # noqa: F401  (the fixture)
from tests.expected import article_files, article_notes, slug_of
from tests.extract import epub_notes, site_notes

XHTML = "{http://www.w3.org/1999/xhtml}"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def expected_notes() -> dict[str, object]:
    return {note.id: note for path in article_files(TREATISE) for note in article_notes(TREATISE, path)}


def test_epub_and_site_notes_are_pandocs_each_once_with_its_calls(treatise):
    expected = expected_notes()
    for found in (epub_notes(treatise.out / f"{TREATISE.name}.epub"), site_notes(treatise.out / "site")):
        assert sorted(found) == sorted(expected)
        for note_id, note in expected.items():
            assert (found[note_id].number, found[note_id].text) == (note.number, note.text), note_id
            assert len(found[note_id].calls) == note.calls, note_id


def test_a_call_before_a_colon_is_a_call(treatise):
    path = article_files(TREATISE)[0]
    text = path.read_text(encoding="utf-8")
    label = text[text.index("wrote[^") + 7:text.index("]:", text.index("wrote[^"))]  # the fixture's call
    assert not [d for d in treatise.report.items if d.code == "note-unused"]
    definition = text[text.index(f"\n[^{label}]: ") + len(label) + 6:].split("\n\n")[0]
    opening = " ".join(definition.replace("*", "").split()[:6])
    note = next(n for n in article_notes(TREATISE, path) if n.text.startswith(opening))
    notes = epub_notes(treatise.out / f"{TREATISE.name}.epub")
    assert len(notes[note.id].calls) == note.calls == 1


def test_what_only_looks_like_a_call_stays_text_and_is_no_note(treatise):
    path = article_files(TREATISE)[1]
    assert "[^x]" in path.read_text(encoding="utf-8")
    assert not [d for d in treatise.report.items if d.code == "note-undefined"]
    with zipfile.ZipFile(treatise.out / f"{TREATISE.name}.epub") as book:
        page = etree.fromstring(book.read(f"EPUB/text/{slug_of(path)}.xhtml"))
    codes = [etree.tostring(c, method="text", encoding="unicode") for c in page.iter(f"{XHTML}code")]
    assert any("[^x]" in code for code in codes)  # in code it is shown as written


def levels(root, namespace: str = "") -> list[tuple[int, str]]:
    return [(int(e.tag[-1]), " ".join("".join(e.itertext()).split()))
            for e in root.iter(*(f"{namespace}{h}" for h in HEADINGS))]


def test_headings_nest_under_the_title_in_the_epub_and_on_the_site(treatise):
    for path in article_files(TREATISE):
        outline = [text for _, text in oracle.outline(path)]
        with zipfile.ZipFile(treatise.out / f"{TREATISE.name}.epub") as book:
            epub = levels(etree.fromstring(book.read(f"EPUB/text/{slug_of(path)}.xhtml")), XHTML)
        site = levels(lhtml.parse(str(treatise.out / "site" / f"{slug_of(path)}.html")).getroot())
        site = site[site.index(next(h for h in site if h[0] == 1)):]  # from the article's title on
        for found in (epub, site):
            assert found[0][0] == 1
            body = [h for h in found[1:] if h[1] in outline]
            assert [text for _, text in body] == outline, slug_of(path)
            assert all(b[0] <= a[0] + 1 for a, b in zip(found, found[1:]))  # never a level skipped
    sections = article_files(TREATISE)[2]
    assert oracle.outline(sections)[0][0] == 3  # the manuscript's sections start at ###


def test_lint_still_reports_the_skipped_level_at_its_line():
    found = [d for d in lint_series(TREATISE) if d.code == "heading-skip"]
    sections = article_files(TREATISE)[2]
    first = next(n for n, line in enumerate(sections.read_text(encoding="utf-8").splitlines(), 1)
                 if line.startswith("###"))
    assert any(d.file.endswith(sections.name) and d.line == first for d in found)


def test_validators_find_nothing_in_the_series_epub_the_site_and_the_pdf(treatise):
    found = check_outputs(epubs=[treatise.out / f"{TREATISE.name}.epub"], site_dirs=[treatise.out / "site"],
                          pdfs=[treatise.pdf])
    assert [d.format() for d in found if d.severity == "error"] == []
