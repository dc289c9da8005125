"""The same manuscript gives byte-identical outputs whatever the locale, time zone or machine."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.test_parity import TORTURE


def digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(out, **env):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env)
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(TORTURE), "--out", str(out), "-q"],
                          capture_output=True, text=True, cwd=ROOT, env=environ)
    assert proc.returncode == 0, proc.stderr
    return digests(out / TORTURE.name)


def test_two_builds_under_different_locales_and_time_zones_are_identical(tmp_path):
    first = build(tmp_path / "a", TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    second = build(tmp_path / "b", TZ="Pacific/Kiritimati", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8")
    assert {"torture.epub", "torture.pdf", "site/index.html"} <= set(first)
    assert first == second
