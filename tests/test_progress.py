"""Progress: a bar on a terminal, a line per step with -v, nothing with -q; a summary at the end."""
from __future__ import annotations

import io
import re
import subprocess
import sys

from publish.progress import Progress
from tests.conftest import ROOT
from tests.test_parity import TORTURE


def test_bar_on_a_terminal_lines_when_verbose_nothing_when_quiet():
    stream = io.StringIO()
    bar = Progress(stream, bar=True)
    bar("pdf: building")
    for done in (1, 2):
        bar.step("pdf", done, 2, f"article-{done}")
    bar("pdf: done")
    text = stream.getvalue()
    assert "\rpdf: [############............] 1/2 article-1" in text and "] 2/2 article-2" in text
    assert text.endswith("pdf: done\n")
    verbose = io.StringIO()
    Progress(verbose, verbose=True).step("epub", 1, 3, "a")
    assert verbose.getvalue() == "epub: 1/3 a\n"
    quiet = io.StringIO()
    Progress(quiet, quiet=True, bar=True).step("epub", 1, 3, "a")
    assert quiet.getvalue() == ""


def test_cli_reports_formats_articles_and_a_summary_of_outputs(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(TORTURE), "--out", str(tmp_path), "-v",
                           "--format", "epub,html"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert "site: 1/2 first" in lines and "site: 2/2 second" in lines
    assert any(line.startswith("epub: done in") for line in lines)
    summary = [line.strip() for line in lines if line.startswith("  ")]
    book = tmp_path / "torture" / "torture.epub"  # (some hundred KB, its fonts cut down)
    assert f"{book}  {book.stat().st_size / 1024:.1f} KB" in summary
    assert not any("/." in line for line in summary)


def test_the_print_book_reports_each_part_as_it_is_laid_out(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(TORTURE), "--out", str(tmp_path), "-v",
                           "--format", "pdf"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    steps = [line.split(" ", 2)[1:] for line in proc.stderr.splitlines() if re.match(r"pdf: \d+/\d+ ", line)]
    assert [count for count, _ in steps] == ["1/4", "2/4", "3/4", "4/4"]
    assert {label for _, label in steps} == {"front", "first", "second", "back"}
    assert steps[-1][1] == "back", "the back matter is laid out once the articles' pages are counted"
