"""What an editor meets at the command line: clear errors, nothing lost, the manuscript untouched."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REAL_SERIES, ROOT, write_series

GOOD = "---\ntitle: A\n---\nText[^1].\n\n[^1]: A note.\n"


def publish(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "publish", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def snapshot(folder: Path) -> dict[str, str]:
    """Every output file with its digest (the parse cache under .cache/ is no output)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(folder).parts}


def test_help_lists_commands_and_formats():
    proc = publish("--help")
    assert proc.returncode == 0 and "build" in proc.stdout and "check" in proc.stdout
    proc = publish("build", "--help")
    assert proc.returncode == 0 and "--format" in proc.stdout and "pdf, epub, site" in proc.stdout and "html" in proc.stdout


def test_unknown_format_is_a_usage_error():
    proc = publish("build", REAL_SERIES, "--format", "docx")
    assert proc.returncode == 2 and "unknown format" in proc.stderr


def test_manuscript_error_is_one_line_with_location_and_hint(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText[^nope].\n"})
    proc = publish("build", folder, "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert "01-a.md:4:5: error[note-undefined]: footnote [^nope] is referenced but never defined" in proc.stderr
    assert "hint: add a definition" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "out" / "s").exists()


def test_failed_build_keeps_previous_outputs_and_manuscript(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": GOOD})
    out = tmp_path / "out"
    assert publish("build", folder, "--format", "html", "--out", out).returncode == 0
    before_out, before_src = snapshot(out), snapshot(folder)
    assert any(k.endswith("a.html") for k in before_out)
    (folder / "series.yml").write_text("title: [broken\nlanguage: en\n", encoding="utf-8")
    proc = publish("build", folder, "--format", "html", "--out", out)
    assert proc.returncode == 1 and "series.yml:2:" in proc.stderr and "on line 1" in proc.stderr and "error[yaml-syntax]" in proc.stderr
    assert snapshot(out) == before_out
    assert snapshot(folder) != before_src  # only the edit above
    (folder / "series.yml").write_text("title: Test Series\nlanguage: en\n", encoding="utf-8")
    assert snapshot(folder) == before_src


def test_build_never_changes_the_manuscript(tmp_path):
    before = snapshot(REAL_SERIES)
    assert publish("build", REAL_SERIES, "--format", "html", "--out", tmp_path).returncode == 0
    assert snapshot(REAL_SERIES) == before


def test_sigterm_leaves_previous_outputs_intact(tmp_path):
    paragraph = "A sentence of ordinary length that fills the page with text.[^{n}] " * 6
    long_article = "---\ntitle: Long\n---\n" + "\n\n".join(
        paragraph.format(n=i) + f"\n\n[^{i}]: Note {i}." for i in range(120)) + "\n"
    folder = write_series(tmp_path / "s", {"01-a.md": GOOD})
    out = tmp_path / "out"
    assert publish("build", folder, "--format", "html", "--out", out).returncode == 0
    before = snapshot(out)
    for k in range(2, 6):
        (folder / "articles" / f"0{k}-long-{k}.md").write_text(long_article, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "publish", "build", str(folder), "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted; earlier outputs are unchanged" in err
    assert snapshot(out) == before  # no partial file, no staging folder left behind
