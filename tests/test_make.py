"""The make targets: what each one runs, and which stamps say a format is up to date."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from tests.conftest import ROOT, write_series

LONG = "---\ntitle: A\n---\n\n" + "\n\n".join(
    f"A paragraph of ordinary prose, long enough to fill a page when it is said often.[^{i}] " * 8
    + f"\n\n[^{i}]: Note {i}." for i in range(12)) + "\n"


def make(*args: str, **variables: str) -> subprocess.CompletedProcess:
    settings = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args, *settings],
                          capture_output=True, text=True, timeout=600, env=dict(os.environ))


def test_check_installs_its_tools_as_test_does():
    for target in ("check", "test"):
        proc = make("-n", target, STAMP=str(ROOT / "pyproject.toml"))
        assert proc.returncode == 0, proc.stderr
        assert "install-deps.sh check" in proc.stdout and "install-deps.sh all" in proc.stdout, target


def has_page_list(epub: Path) -> bool:
    with zipfile.ZipFile(epub) as book:
        return any(b'epub:type="page-list"' in book.read(name) for name in book.namelist()
                   if name.endswith(".xhtml"))


def test_an_epub_made_before_the_print_book_is_made_again_after_it(tmp_path):
    """make epub, make pdf, make epub: the last EPUB lists the print book's pages."""
    folder = write_series(tmp_path / "paged", {"01-a.md": LONG})
    stamp = tmp_path / "venv-stamp"
    stamp.write_text("", encoding="utf-8")
    made = (ROOT / "pyproject.toml").stat().st_mtime + 0.5  # newer than pyproject.toml, and in the past
    os.utime(stamp, (made, made))
    time.sleep(max(0.0, made + 0.1 - time.time()))
    variables = {"SERIES": str(folder), "BUILD": str(tmp_path / "out"), "PY": sys.executable, "STAMP": str(stamp)}
    for target in ("epub", "pdf"):
        proc = make(target, **variables)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        time.sleep(1.1)  # the stamps' times must differ from the outputs' times
    assert not has_page_list(tmp_path / "out" / "paged" / "paged.epub")
    proc = make("epub", **variables)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert has_page_list(tmp_path / "out" / "paged" / "paged.epub")
    proc = make("epub", **variables)
    assert "publish build" not in proc.stdout  # and now it is up to date
