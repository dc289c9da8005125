"""Markdown to pandoc AST: the one place where a manuscript's Markdown is read.

With a bibliography, pandoc's citeproc runs in the same pass: in a note style each
citation becomes a note, numbered with the written notes by ``publish.notes``.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc

from publish.cache import TEMPORARY, settle
from publish.config import SeriesConfig
from publish.diagnostics import Report
from publish.engine import usable_cpus
from publish.source import SourceText

READER = "markdown-raw_tex"
PANDOC_TIMEOUT_S = 60
MAX_DEPTH = 100  # nesting of blocks and inlines; far beyond any real essay, well within Python's stack
UNKNOWN_CITATION = re.compile(r"Citeproc: citation (\S+) not found")


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def citeproc_args(config: SeriesConfig) -> list[str]:
    if not config.bibliography:
        return []
    return ["--citeproc", f"--bibliography={config.bibliography}", f"--csl={config.csl}",
            f"--metadata=lang={config.language}", "--metadata=suppress-bibliography=true",
            "--metadata=link-citations=false"]


def shared_types(node: dict) -> dict:
    """A JSON object of the AST with its node type ("Str", "Space", ...) as one shared string: the trees of
    a long series hold millions of them (a quarter of their memory)."""
    kind = node.get("t")
    if isinstance(kind, str):
        node["t"] = sys.intern(kind)
    return node


def run_pandoc(text: str, args: list[str], path: Path, report: Report) -> tuple[dict | None, str]:
    try:
        proc = subprocess.run([pandoc_path(), "--from", READER, "--to", "json", *args], input=text,
                              capture_output=True, text=True, timeout=PANDOC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        report.add("parse-timeout", f"pandoc did not finish reading the file in {PANDOC_TIMEOUT_S} s", file=path,
                   hint="look for very deep nesting or an enormous paragraph")
        return None, ""
    if proc.returncode != 0:
        report.add("parse-failed", f"pandoc could not read the file: {proc.stderr.strip()[:300]}", file=path)
        return None, proc.stderr
    try:
        tree = json.loads(proc.stdout, object_hook=shared_types)
    except RecursionError:
        tree = None
    if tree is None or nesting_depth(tree["blocks"]) > MAX_DEPTH:
        report.add("nesting-too-deep", f"the text nests quotes, lists or emphasis more than {MAX_DEPTH} levels deep",
                   file=path, hint="look for a run of '>' or list markers; flatten the structure")
        return None, proc.stderr
    return tree, proc.stderr


def nesting_depth(root) -> int:
    """Depth of the deepest node, counted without recursion."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = node.get("c")
            depth += 1
        if isinstance(node, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth) for child in node if isinstance(child, (list, dict)))
    return deepest


def line_of(text: str, needle: str) -> tuple[int | None, int | None]:
    at = text.find(needle)
    if at < 0:
        return None, None
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


class ParseCache:
    """Parsed articles by content (text, pandoc, citation files), kept under the build folder."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "parse" if folder else None
        self.used: set[str] = set()
        self.since = time.time()

    def derive_key(self, text: str, args: list[str], config: SeriesConfig) -> str:
        digest = hashlib.sha256(f"{pypandoc.get_pandoc_version()}\0{READER}\0{args}\0{text}".encode("utf-8"))
        for extra in (config.bibliography, config.csl if config.bibliography else None):
            if extra:
                digest.update(extra.read_bytes())
        return digest.hexdigest()

    def get(self, key: str):
        if self.folder and (self.folder / f"{key}.json").is_file():
            try:
                text = (self.folder / f"{key}.json").read_text(encoding="utf-8")
                entry = json.loads(text, object_hook=shared_types)
            except (OSError, ValueError, RecursionError):
                return None
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], dict)
                    and isinstance(entry[0].get("blocks"), list) and isinstance(entry[1], str)):
                return None  # not what ``put`` writes: a miss
            self.used.add(key)
            return entry
        return None

    def put(self, key: str, tree: dict, stderr: str) -> None:
        if not self.folder:
            return
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        # a name of its own per writer: two articles with the same text are parsed at the same time
        temp = self.folder / f"{TEMPORARY}{os.getpid()}-{threading.get_ident()}-{key}"
        try:
            temp.write_text(json.dumps([tree, stderr]), encoding="utf-8")
            os.replace(temp, self.folder / f"{key}.json")
        finally:
            temp.unlink(missing_ok=True)


def parse_source(source: SourceText, config: SeriesConfig, report: Report,
                 cache: ParseCache | None = None) -> dict | None:
    """Parse one article (or take it from the cache); report citation keys the bibliography does not hold."""
    cache = cache or ParseCache(None)
    args = citeproc_args(config)
    key = cache.derive_key(source.body_for_pandoc, args, config)
    cached = cache.get(key)
    if cached:
        tree, stderr = cached
    else:
        tree, stderr = run_pandoc(source.body_for_pandoc, args, source.path, report)
        if tree is not None:
            cache.put(key, tree, stderr)
    for key in dict.fromkeys(UNKNOWN_CITATION.findall(stderr)):
        line, col = line_of(source.body, "@" + key)
        report.add("citation-unknown", f"citation @{key} is not in the bibliography", file=source.path, line=line,
                   col=col, hint=f"add '{key}' to {config.bibliography.name}, or correct the key")
    return tree


def parse_sources(sources: list[SourceText], config: SeriesConfig, report: Report,
                  cache_dir: Path | None = None, jobs: int | None = None) -> list[dict | None]:
    """Parse every article (``jobs`` pandoc processes side by side, by default one per usable CPU; the
    results keep the input order)."""
    cache = ParseCache(cache_dir)
    with ThreadPoolExecutor(max_workers=jobs or usable_cpus()) as pool:
        trees = list(pool.map(lambda s: parse_source(s, config, report, cache), sources))
    if cache.folder:
        settle(cache.folder, config.name, cache.used, ".json", cache.since)
    return trees


def parse_bibliography(keys: list[str], config: SeriesConfig, report: Report) -> list:
    """The bibliography entries of every cited key, formatted by the style, as pandoc blocks."""
    if not keys or not config.bibliography:
        return []
    text = "---\nnocite: |\n  " + ", ".join("@" + k for k in keys) + "\n---\n"
    tree, _ = run_pandoc(text, citeproc_args(config)[:-2], config.bibliography, report)
    if not tree:
        return []
    for block in tree["blocks"]:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            return block["c"][1]
    return []
