"""make serve: the site served on 127.0.0.1 and rebuilt after an edit of the manuscript."""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from urllib.error import URLError

import pytest
from conftest import ROOT, write_series
from test_site import ARTICLES, CONFIG

STARTUP_SECONDS = 90
REBUILD_SECONDS = 30  #: one poll (1 s) and one site build of two short articles, with room for a busy machine


def read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def wait_for_url(lines: queue.Queue, deadline: float) -> str:
    while time.monotonic() < deadline:
        try:
            found = re.search(r"http://127\.0\.0\.1:\d+/", lines.get(timeout=1))
        except queue.Empty:
            continue
        if found:
            return found.group(0)
    raise AssertionError("the server printed no URL")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.read().decode("utf-8")


@pytest.fixture
def server(tmp_path):
    series = write_series(tmp_path / "letters", ARTICLES, CONFIG)
    env = dict(os.environ, PORT="0")  # any free port; the server prints which
    proc = subprocess.Popen([sys.executable, "-m", "publish.serve", str(series), "--out", str(tmp_path / "out")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        yield series, wait_for_url(lines, time.monotonic() + STARTUP_SECONDS), proc, lines
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)


def edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def wait_for_line(lines: queue.Queue, words: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if words in lines.get(timeout=1):
                return
        except queue.Empty:
            continue
    raise AssertionError(f"the server never said {words!r}")


def test_serves_the_site_and_rebuilds_after_an_edit(server):
    series, url, proc, lines = server
    assert "A labelled note." in fetch(url + "first.html")
    assert "Letters on Method" in fetch(url)
    manuscript = series / "articles" / "01-first.md"
    edit(manuscript, "A labelled note.", "A broken call.[^missing]")  # a failed build keeps the last good site
    wait_for_line(lines, "build failed", REBUILD_SECONDS)
    assert "A labelled note." in fetch(url + "first.html")
    edit(manuscript, "A broken call.[^missing]", "An edited line.")
    edited, deadline = time.monotonic(), time.monotonic() + REBUILD_SECONDS
    while "An edited line." not in fetch(url + "first.html"):
        assert time.monotonic() < deadline, f"no rebuild within {REBUILD_SECONDS} s"
        time.sleep(0.25)
    print(f"edit served after {time.monotonic() - edited:.1f} s")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    with pytest.raises(URLError):
        fetch(url)
