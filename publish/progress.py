"""Progress on long builds: a bar on a terminal, plain lines in CI or a log, nothing when quiet.

Stages (reading, each format) print a line when they start and end. Steps inside a stage (one
article laid out, one page written) draw a bar on a terminal; with ``verbose`` (``-v``), or when
the output is not a terminal and ``verbose`` is asked, each step is a line of its own.
"""
from __future__ import annotations

import os
import sys
import time


class Progress:
    def __init__(self, stream=None, quiet: bool = False, verbose: bool = False, bar: bool | None = None):
        self.stream = stream or sys.stderr
        self.quiet, self.verbose = quiet, verbose
        tty = getattr(self.stream, "isatty", lambda: False)()
        self.bar = (tty and not os.environ.get("CI")) if bar is None else bar
        self._open_bar = False

    def __call__(self, message: str) -> None:
        """A line of its own (the start or end of a stage, the summary)."""
        if self.quiet:
            return
        self._close_bar()
        print(message, file=self.stream, flush=True)

    def step(self, stage: str, done: int, total: int, item: str = "") -> None:
        """Step ``done`` of ``total`` in ``stage`` finished (``item`` names it)."""
        if self.quiet:
            return
        if self.verbose:
            self(f"{stage}: {done}/{total} {item}".rstrip())
        elif self.bar:
            width = 24
            filled = width * done // max(total, 1)
            text = f"\r{stage}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {item[:40]:<40}"
            self.stream.write(text)
            self.stream.flush()
            self._open_bar = done < total
            if not self._open_bar:
                self.stream.write("\n")

    def _close_bar(self) -> None:
        if self._open_bar:
            self.stream.write("\n")
            self._open_bar = False


def silent(_message: str = "") -> None:
    """A progress that says nothing (the default for library calls)."""


silent.step = lambda *args, **kwargs: None


class Timer:
    def __init__(self):
        self.started = time.monotonic()

    def __str__(self) -> str:
        return f"{time.monotonic() - self.started:.1f} s"
