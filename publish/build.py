"""A build: load the series once, run the adapters, and put outputs in place atomically.

Adapters write into a staging folder beside the outputs. Only when every
requested adapter has succeeded are the staged outputs renamed into place, so a
failed or interrupted build leaves the previous outputs exactly as they were.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from publish.adapters import ADAPTERS, ALIASES, FORMATS
from publish.diagnostics import Report
from publish.job import Job
from publish.load import load_series
from publish.progress import silent


def install_commit(stage: Path, final: Path) -> list[Path]:
    """Move every staged output into ``final``, replacing the old one."""
    placed = []
    for item in sorted(stage.iterdir()):
        target = final / item.name
        if item.is_dir():
            old = None
            if target.exists():
                old = final / f".old-{item.name}-{os.getpid()}"
                target.rename(old)
            item.rename(target)
            if old:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(item, target)
        placed.append(target)
    return placed


def build(series_dir: Path, formats=FORMATS, out_root: Path = Path("build"), report: Report | None = None,
          progress=None) -> list[Path]:
    """Build ``formats`` of the series in ``series_dir`` into ``out_root/<name>/``; return the outputs."""
    report = report or Report()
    formats = {ALIASES.get(name, name) for name in formats}
    say = progress or silent
    started = time.monotonic()
    say(f"reading {series_dir}")
    series = load_series(Path(series_dir), report, cache_dir=Path(out_root) / ".cache")
    say(f"read {len(series.articles)} article(s), {len(series.all_notes)} note(s)")
    final = Path(out_root) / series.name
    final.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=final))
    try:
        job = Job(series, stage, final, report, progress=say)
        for name in FORMATS:
            if name in formats:
                t0 = time.monotonic()
                say(f"{name}: building")
                ADAPTERS[name](job)
                say(f"{name}: done in {time.monotonic() - t0:.1f} s")
        report.raise_if_errors()
        placed = install_commit(stage, final)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    say(f"built in {time.monotonic() - started:.1f} s")
    return placed
