"""Diagnostics: the one error type, the one printer, the one exit-code rule.

Every problem an editor can act on is a ``Diagnostic`` with a stable code, a
location (``file:line:col``), a message and an optional hint. Stages collect
diagnostics into a ``Report`` and raise ``PublishError`` once, so one run shows
every problem of a stage.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    severity: str = ERROR

    def location(self) -> str:
        if not self.file:
            return "publish"
        parts = [_display_path(self.file)]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.location()}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def _display_path(path: str) -> str:
    """Show paths relative to the working directory when they are below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


class PublishError(Exception):
    """Raised when a stage found errors; carries every diagnostic of the stage."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


@dataclass
class Report:
    """Collects the diagnostics of a stage; ``raise_if_errors`` stops once."""

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, file: str | Path | None = None, line: int | None = None,
            col: int | None = None, hint: str | None = None, severity: str = ERROR) -> None:
        self.items.append(Diagnostic(code, message, str(file) if file else None, line, col, hint, severity))

    def warn(self, code: str, message: str, **where) -> None:
        self.add(code, message, severity=WARNING, **where)

    def extend(self, diagnostics) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR or self.strict]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PublishError(self.items)


def print_diagnostics(diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for d in diagnostics:
        print(d.format(), file=stream)


def exit_code(diagnostics, strict: bool = False) -> int:
    """0 when nothing blocks, 1 when an error (or, with --strict, a warning) was found."""
    for d in diagnostics:
        if d.severity == ERROR or strict:
            return 1
    return 0
