"""A build: load the series once, run the adapters, and put outputs in place all at once.

Adapters write into a staging folder beside the outputs. Only when every
requested adapter has succeeded does that folder take the place of the outputs'
folder, in one rename (``publish.swap``), so a failed, interrupted or killed build
leaves the previous outputs exactly as they were, and the next build cleans up
after a killed one.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from publish import swap
from publish.adapters import ADAPTERS, ALIASES, FORMATS
from publish.diagnostics import Report
from publish.engine import LocalEngine
from publish.job import Job
from publish.load import load_series
from publish.progress import silent


def make_engine(jobs: int | None = None, scheduler: str | None = None):
    """Where the build's tasks run: ``jobs`` processes here (default: as many as the machine gives), or
    the Dask cluster whose scheduler is at ``scheduler`` (``publish.cluster``)."""
    if scheduler:
        from publish.cluster import ClusterEngine
        return ClusterEngine(scheduler, LocalEngine(jobs))
    return LocalEngine(jobs)


def build(series_dir: Path, formats=FORMATS, out_root: Path = Path("build"), report: Report | None = None,
          progress=None, engine=None) -> list[Path]:
    """Build ``formats`` of the series in ``series_dir`` into ``out_root/<name>/``; return the outputs.
    ``engine``: where tasks run (``make_engine``; default: this machine's processes)."""
    report = report or Report()
    formats = {ALIASES.get(name, name) for name in formats}
    say = progress or silent
    started = time.monotonic()
    say(f"reading {series_dir}")
    engine = engine or LocalEngine()
    series = load_series(Path(series_dir), report, cache_dir=Path(out_root) / ".cache", jobs=engine.jobs)
    say(f"read {len(series.articles)} article(s), {len(series.all_notes)} note(s)")
    out_root = Path(out_root)
    final = out_root / series.name
    with swap.locked(out_root, series.name):
        swap.recover(out_root, series.name)
        stage = swap.new_stage(out_root, series.name)
        try:
            job = Job(series, stage, final, report, progress=say, engine=engine)
            for name in FORMATS:
                if name in formats:
                    t0 = time.monotonic()
                    say(f"{name}: building")
                    ADAPTERS[name](job)
                    say(f"{name}: done in {time.monotonic() - t0:.1f} s")
            report.raise_if_errors()
            job.write_manifest()
            placed = swap.install(stage, final)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    say(f"built in {time.monotonic() - started:.1f} s")
    return placed
