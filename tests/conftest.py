"""Shared fixtures: the real series, a tiny series written on the fly, and jobs for adapters."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from publish.diagnostics import Report
from publish.job import Job
from publish.load import load_series

ROOT = Path(__file__).resolve().parent.parent
REAL_SERIES = ROOT / "series" / "classical-marxism"
ARTIFACTS = ROOT / "test-artifacts"


def write_series(folder: Path, articles: dict[str, str], config: str | None = None) -> Path:
    """Write a series folder: ``articles`` maps file names to Markdown (dedented)."""
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "series.yml").write_text(config or "title: Test Series\nlanguage: en\n", encoding="utf-8")
    for name, text in articles.items():
        (folder / "articles" / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def make_job(series_dir: Path, out_root: Path) -> Job:
    report = Report()
    series = load_series(series_dir, report)
    final = out_root / series.name
    stage = final / ".stage-test"
    stage.mkdir(parents=True, exist_ok=True)
    return Job(series, stage, final, report)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """No test passes by not running: a skip (a missing module, a missing tool) is a failure that says why."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped, and no test may be ({reason}); install what it needs: make tools"


@pytest.fixture
def real_job(tmp_path) -> Job:
    return make_job(REAL_SERIES, tmp_path)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
