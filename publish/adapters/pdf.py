"""pdf adapter (being written)."""
from __future__ import annotations

from pathlib import Path

from publish.job import Job


def build(job: Job) -> list[Path]:
    raise NotImplementedError("pdf adapter")
