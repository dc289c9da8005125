"""What an adapter is given: the model, a staging folder, and where outputs finally land."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from publish.diagnostics import Report
from publish.progress import silent
from publish.model import Series


@dataclass
class Job:
    series: Series
    stage: Path          #: the adapter writes here; the build moves outputs into ``final`` when all succeed
    final: Path          #: build/<name>/
    report: Report
    page_map: dict | None = None  #: where each print page begins (publish.pagemap), once the PDF is laid out
    progress: Callable = silent   #: progress(message); progress.step(stage, done, total, item)

    def each_article(self, stage: str):
        """The articles in order, reporting a progress step as each one is done."""
        total = len(self.series.articles)
        for done, article in enumerate(self.series.articles, start=1):
            yield article
            self.progress.step(stage, done, total, article.slug)

    def output(self, name: str) -> Path | None:
        """An output of this build (staged) or of an earlier one (final), if it exists."""
        for folder in (self.stage, self.final):
            if (folder / name).exists():
                return folder / name
        return None
