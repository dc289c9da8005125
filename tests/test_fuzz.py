"""Generated manuscripts either build into well-formed outputs or fail with a diagnostic — never a traceback."""
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
