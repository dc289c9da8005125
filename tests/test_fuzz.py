"""Generated manuscripts, series files and front matter either build into well-formed outputs (the PDF too) or
fail with a diagnostic at a line — never a traceback, never an internal error."""
from __future__ import annotations

import shutil
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from publish.adapters import epub
from publish.adapters import site as site_adapter
from publish.diagnostics import PublishError, Report
from publish.job import Job
from publish.load import load_series
from tests.conftest import write_series

WORDS = st.sampled_from(["word", "Ленин", "马克思", "café", "naïve", "\u200b", "&amp;", "<b>", "*em*", "**", "`x`",
                         "[", "]", "^", "\\", "—", "“quoted”", "'", '"', "e\u0301", "🙂", "\t", "#", "@key"])
LABELS = st.sampled_from(["1", "a", "marx-1871", "é", "x_y", "2b", "ÜBER"])


@st.composite
def manuscripts(draw):
    labels = draw(st.lists(LABELS, max_size=6))
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORDS, min_size=1, max_size=12))
        refs = [f"[^{label}]" for label in draw(st.lists(st.sampled_from(labels), max_size=3))] if labels else []
        inline = ["^[" + " ".join(draw(st.lists(WORDS, max_size=4))) + "]"] if draw(st.booleans()) else []
        prefix = draw(st.sampled_from(["", "> ", "- ", "## ", "1. "]))
        paragraphs.append(prefix + " ".join(words + refs + inline))
    defs = [f"[^{label}]: " + " ".join(draw(st.lists(WORDS, max_size=5))) for label in draw(st.sets(LABELS))]
    title = draw(st.sampled_from(["A", "'Quoted: title'", "Ünïcode", "x: y", "[bracket", '"<i>x</i>"']))
    return f"---\ntitle: {title}\n---\n\n" + "\n\n".join(paragraphs + defs) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=manuscripts())
def test_any_manuscript_builds_or_fails_with_a_diagnostic(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("fuzz")
    folder = write_series(root / "s", {"01-a.md": text})
    report = Report()
    try:
        series = load_series(folder, report)
    except PublishError as exc:
        assert exc.diagnostics and all(d.code and d.file for d in exc.diagnostics)
        return
    stage = root / "stage"
    stage.mkdir()
    job = Job(series, stage, root / "final", report)
    epub.build(job)
    site_adapter.build(job)
    with zipfile.ZipFile(stage / "s.epub") as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                etree.fromstring(z.read(name))  # well-formed XML, or this raises
    for page in (stage / "site").glob("*.html"):
        assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- series.yml, front matter, several articles, the PDF

SCALAR = st.one_of(
    st.sampled_from(["", "x", "Ленин", "马克思", "2024", "2024-05-01", "2024-02-30", "\"2024-13-01\"", "0000-01-01",
                     "2024-05-01 10:00:00", "2024-05-01T25:00", "May 2024", "6x9in", "a5", "150x230mm", "1.2.3x9in",
                     "1x1in", "9999x9999mm", ".5x.5in", "3mm", "1..5mm", "0", "-1", "11mm", "0.125in", "crop",
                     "none", "yes", "null", "~", "true", "1e400", ".inf", "0x1F", "'quoted: text'", "[Draft] Essays",
                     "!!binary aGVsbG8=", "!!float x", "!!timestamp 2024-02-30", "*undefined", "&a x", "{", "'"]),
    st.integers(-10**20, 10**20).map(str), st.floats(allow_nan=True).map(repr))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.dictionaries(st.sampled_from(["a", "trim", "numbering", "name"]), inner, max_size=2).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")), max_leaves=4)
DATES = st.sampled_from(["2024", "2024-05", "2024-05-01", "2024-02-30", "\"2024-13-01\"", "2024-13-01", "0000",
                         "2024-00", "2024-05-01 10:00:00", "2024-05-01T25:00", "May 2024", "!!timestamp 2024-02-30",
                         "2024-05-01T10:00:00Z", "99999-01-01", "[2024]"])
SERIES_KEYS = ["title", "language", "subtitle", "author", "publisher", "date", "rights", "description", "identifier",
               "articles", "notes", "bibliography", "csl", "lint", "subtitel", "print"]
PRINT_VALUES = {"trim": st.sampled_from(["6x9in", "a5", "150x230mm", "1.2.3x9in", "1x1in", "7x7furlongs", "0x9in",
                                         "5.5 x 8.5 in", "[6, 9]", "1.x9in", "..x9in", "6x9"]),
                "bleed": st.sampled_from(["3mm", "0", "1..5mm", "0.125in", "12mm", "lots", "-3mm", "{a: 1}"]),
                "marks": st.sampled_from(["crop", "none", "yes", "[crop]"]),
                "also": st.sampled_from(["[One, Two]", "One", "[[x]]", "", "[\"\", 'B: c']"]),
                "extra": SCALAR}


@st.composite
def series_yml(draw) -> str:
    lines = [f"title: {draw(st.sampled_from(['T', 'A Series', '', '[x]', 'x: y']))}",
             f"language: {draw(st.sampled_from(['en', 'de-CH', 'fr', 'English', '12', '']))}"]
    if draw(st.booleans()):
        lines.append(f"date: {draw(DATES)}")
    for key in draw(st.lists(st.sampled_from(SERIES_KEYS), max_size=6, unique=True)):
        if key == "date":
            continue
        if key == "print":
            lines.append("print:")
            lines += [f"  {name}: {draw(PRINT_VALUES[name])}"
                      for name in draw(st.lists(st.sampled_from(sorted(PRINT_VALUES)), max_size=4, unique=True))]
        else:
            lines.append(f"{key}: {draw(VALUE)}")
    if draw(st.booleans()):
        lines = [lines[1], lines[0], *lines[2:]]
    return "\n".join(lines) + "\n"


@st.composite
def front_matter_article(draw) -> str:
    title = draw(st.sampled_from(["A", "", "Ünïcode", "[bracket", '"<i>x</i>"', "{a: b}"]))
    lines = [f"title: {title}"]
    if draw(st.booleans()):
        lines.append(f"date: {draw(DATES)}")
    for key in draw(st.lists(st.sampled_from(["author", "subtitle", "titel", "date"]), max_size=3, unique=True)):
        lines.append(f"{key}: {draw(VALUE)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + draw(manuscripts()).split("---\n", 2)[-1]


def no_crash(call) -> list:
    """Run ``call``: it may stop with diagnostics (each with a code and a file), never with anything else."""
    try:
        call()
    except PublishError as exc:
        assert exc.diagnostics and all(d.code and d.file for d in exc.diagnostics)
        return exc.diagnostics
    return []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(config=series_yml(), articles=st.lists(front_matter_article() | st.deferred(lambda: plausible_article()),
                                           min_size=1, max_size=3))
def test_any_series_file_and_front_matter_load_or_fail_with_a_diagnostic(tmp_path_factory, config, articles):
    root = tmp_path_factory.mktemp("fuzz-config")
    folder = write_series(root / "s", {f"0{i}-a{i}.md": text for i, text in enumerate(articles, 1)}, config)
    for diagnostic in no_crash(lambda: load_series(folder, Report())):
        if diagnostic.code.startswith(("config-", "yaml-")):
            assert diagnostic.line, diagnostic.format()
    shutil.rmtree(root, ignore_errors=True)


@st.composite
def plausible_series_yml(draw) -> str:
    """A series.yml an editor might write: valid values, mostly, so that most builds go through to the PDF."""
    lines = ["title: " + draw(st.sampled_from(["T", "'Ünïcode: a series'", "'[Draft] Essays'"])),
             "language: " + draw(st.sampled_from(["en", "de", "fr", "zh-Hans"]))]
    optional = {"date": st.sampled_from(["2024", "2024-05", "2024-02-29", "2024-05-01 10:00", "2024-05-01", "2023-02-29"]),
                "author": st.sampled_from(["A", "[A, B]", "[Ленин, '马克思']"]),
                "notes": st.sampled_from(["{numbering: continuous}", "{numbering: per-article}"]),
                "print": st.builds(lambda trim, bleed, marks: f"{{trim: {trim}, bleed: {bleed}, marks: {marks}}}",
                                   st.sampled_from(["6x9in", "a5", "royal", "120x190mm", "5.5x8.5in", "demy", "5x8in", "1.2.3x9in"]),
                                   st.sampled_from(["3mm", "0", "0.125in", "5mm", "2", "1..5mm"]),
                                   st.sampled_from(["crop", "none"]))}
    for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=4, unique=True)):
        lines.append(f"{key}: {draw(optional[key])}")
    return "\n".join(lines) + "\n"


QUOTED = "'x: y'"


@st.composite
def plausible_article(draw) -> str:
    front = [f"title: {draw(st.sampled_from(['A', 'Ünïcode', QUOTED, 'Tom & Jerry']))}"]
    if draw(st.booleans()):
        front.append(f"date: {draw(st.sampled_from(['2024-01-15', '2024-02-29', '1999', '2024-13-01']))}")
    labels = draw(st.lists(LABELS, max_size=4, unique=True))
    paragraphs = [" ".join(draw(st.lists(WORDS, min_size=3, max_size=40))) + "".join(f"[^{label}]" for label in
                  draw(st.lists(st.sampled_from(labels), max_size=2))) if labels else "" for _ in range(3)]
    notes = [f"[^{label}]: Note " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=30))) for label in labels]
    body = "\n\n".join(["Opening words.", *paragraphs, *(f"Cited.[^{label}]" for label in labels), *notes])
    return "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(config=plausible_series_yml(), articles=st.lists(plausible_article(), min_size=2, max_size=3))
def test_any_series_builds_every_format_or_fails_with_a_diagnostic(tmp_path_factory, config, articles):
    """The whole command, the PDF too: exit 0 or 1, and never a traceback or an internal error."""
    import contextlib
    import io
    from publish.cli import main
    root = tmp_path_factory.mktemp("fuzz-build")
    folder = write_series(root / "s", {f"0{i}-a{i}.md": text for i, text in enumerate(articles, 1)}, config)
    said = io.StringIO()
    with contextlib.redirect_stderr(said), contextlib.redirect_stdout(said):
        code = main(["build", str(folder), "--out", str(root / "out"), "-q"])
    assert code in (0, 1), said.getvalue()
    assert "Traceback" not in said.getvalue() and "internal error" not in said.getvalue(), said.getvalue()
    if code == 0:
        assert {p.name for p in (root / "out" / "s").iterdir()} >= {"s.pdf", "s.epub", "site"}
    shutil.rmtree(root, ignore_errors=True)
