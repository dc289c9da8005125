"""Markdown to pandoc AST: the one place where a manuscript's Markdown is read."""
from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc

from publish.diagnostics import Report
from publish.source import SourceText

READER = "markdown-raw_tex"
PANDOC_TIMEOUT_S = 120


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def parse_markdown(text: str, path: Path, report: Report) -> dict | None:
    """Run pandoc's Markdown reader on ``text``; return the JSON AST."""
    try:
        proc = subprocess.run([pandoc_path(), "--from", READER, "--to", "json"], input=text,
                              capture_output=True, text=True, timeout=PANDOC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        report.add("parse-timeout", f"pandoc did not finish reading the file in {PANDOC_TIMEOUT_S} s", file=path,
                   hint="look for very deep nesting or an enormous paragraph")
        return None
    if proc.returncode != 0:
        report.add("parse-failed", f"pandoc could not read the file: {proc.stderr.strip()[:300]}", file=path)
        return None
    return json.loads(proc.stdout)


def parse_sources(sources: list[SourceText], report: Report) -> list[dict | None]:
    """Parse every article (pandoc runs in parallel; results keep the input order)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda s: parse_markdown(s.body_for_pandoc, s.path, report), sources))
