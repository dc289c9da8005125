"""What an adapter is given: the model, a staging folder, and where outputs finally land.

Each build writes down, beside its outputs (``MANIFEST``), what manuscript each output was made from (a
hash of the series' files and settings: ``manuscript_key``), so that a format built on its own can tell an
earlier output of another format that still matches the manuscript from one that does not.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable
from pathlib import Path

from publish.diagnostics import Report
from publish.engine import LocalEngine
from publish.progress import silent
from publish.model import Series

MANIFEST = ".outputs.json"  #: {an output's top-level name in build/<series>/: the manuscript_key it was made from}


def manuscript_key(series: Series) -> str:
    """A hash of everything an output is made from that the editor writes: the settings, and the bytes of
    series.yml, the articles, their images, the bibliography and the citation style."""
    config = series.config
    digest = hashlib.sha256(repr(config).encode("utf-8"))
    files = [config.folder / "series.yml", *(a.file for a in series.articles),
             *sorted({image for a in series.articles for image in a.images}), config.bibliography, config.csl]
    for path in files:
        if path is not None:
            digest.update(b"\0" + str(path).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


@dataclass
class Job:
    series: Series
    stage: Path          #: the adapter writes here; the build moves outputs into ``final`` when all succeed
    final: Path          #: build/<name>/
    report: Report
    page_map: dict | None = None  #: where each print page begins (publish.pagemap), once the PDF is laid out
    places: dict | None = None    #: the print page of each place an output shows it of (publish.pagemap.load_places)
    progress: Callable = silent   #: progress(message); progress.step(stage, done, total, item)
    engine: object = field(default_factory=LocalEngine)  #: where tasks run (``publish.engine``, ``publish.cluster``)

    def each_article(self, stage: str):
        """The articles in order, reporting a progress step as each one is done."""
        total = len(self.series.articles)
        for done, article in enumerate(self.series.articles, start=1):
            yield article
            self.progress.step(stage, done, total, article.slug)

    @cached_property
    def manuscript(self) -> str:
        """The ``manuscript_key`` of this build's series."""
        return manuscript_key(self.series)

    def output(self, name: str, current: bool = False) -> Path | None:
        """An output of this build (staged) or of an earlier one (final), if it exists; with ``current``, an
        earlier one only if it was made from the manuscript as it is now (``stale`` tells the others)."""
        if (self.stage / name).exists():
            return self.stage / name
        if (self.final / name).exists() and not (current and self.stale(name)):
            return self.final / name
        return None

    def stale(self, name: str) -> bool:
        """Was the earlier output ``name`` made from another manuscript (or is it not known from which)?"""
        return read_manifest(self.final).get(name.split("/")[0]) != self.manuscript

    def write_manifest(self) -> None:
        """Beside this build's outputs: what each was made from (what it did not make keeps its entry)."""
        made = {item.name: self.manuscript for item in self.stage.iterdir() if item.name != MANIFEST}
        kept = {name: key for name, key in read_manifest(self.final).items()
                if name not in made and (self.final / name).exists()}
        (self.stage / MANIFEST).write_text(json.dumps(kept | made, sort_keys=True, indent=1) + "\n",
                                           encoding="utf-8")
