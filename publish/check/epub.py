"""EPUB validators: EPUBCheck (conformance) and DAISY Ace (accessibility).

EPUBCheck errors and warnings are both errors here: a book ships with none.
Every Ace violation is an error, whatever its impact.
"""
from __future__ import annotations

import json
import posixpath
import tempfile
import zipfile
import zlib
from pathlib import Path

from publish.diagnostics import Diagnostic

from .tools import Tools, failed, first_error_line, java_command, require_file, run

EPUBCHECK_TIMEOUT = 600
ACE_TIMEOUT = 900
_REPORTED = {"FATAL": "fatal", "ERROR": "error", "WARNING": "warning"}


# ------------------------------------------------------------------ the zip itself

def unreadable(epub: Path) -> Diagnostic | None:
    """An ``epub-damaged`` error when the book is not a whole zip (truncated, a byte changed, not a zip)."""
    try:
        with zipfile.ZipFile(epub) as book:
            broken = book.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
        broken, reason = True, str(exc)
    else:
        reason = f"{broken} does not match its checksum"
    if not broken:
        return None
    return Diagnostic("epub-damaged", f"the EPUB cannot be read: {reason}", str(epub),
                      hint="build it again (make epub); if it was copied, copy it again")


# ------------------------------------------------------------------ EPUBCheck

def epubcheck(tools: Tools, epub: Path) -> list[Diagnostic]:
    cmd = java_command(tools, "epubcheck", tools.epubcheck_jar, epub)
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        report = Path(tmp) / "report.json"
        proc = run("epubcheck", [*cmd, str(epub), "-q", "--json", str(report)],
                   EPUBCHECK_TIMEOUT, file=epub)
        data = _read_json(report, "epubcheck", proc, epub)
    diagnostics = epubcheck_diagnostics(data, epub)
    if proc.returncode not in (0, 1):
        raise failed("epubcheck", f"exit status {proc.returncode}: "
                     f"{first_error_line(proc.stderr + proc.stdout)}", epub)
    return diagnostics


def epubcheck_diagnostics(data: dict, epub: Path) -> list[Diagnostic]:
    """One error per reported place of every fatal error, error and warning."""
    try:
        messages = data["messages"]
    except (KeyError, TypeError):
        raise failed("epubcheck", "report has no messages", epub) from None
    found = []
    for msg in messages:
        severity = _REPORTED.get(str(msg.get("severity", "")).upper())
        if not severity:
            continue  # USAGE, INFO, SUPPRESSED
        text = f"{severity}: {msg.get('message', '').strip()}"
        for loc in msg.get("locations") or [{}]:
            found.append(Diagnostic(
                f"epubcheck-{msg.get('ID', 'unknown')}", text, _inner(epub, loc.get("path")),
                _positive(loc.get("line")), _positive(loc.get("column")),
                hint=msg.get("suggestion") or None))
    return found


def _inner(epub: Path, path: str | None) -> str:
    """'book.epub/OEBPS/x.xhtml' for a file inside the book, the book itself otherwise."""
    if not path or path in (epub.name, str(epub)):
        return str(epub)
    return f"{epub}/{path.lstrip('/')}"


def _positive(value) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


# ------------------------------------------------------------------ Ace

def ace(tools: Tools, epub: Path) -> list[Diagnostic]:
    ace_bin = require_file("ace", tools.ace, epub)
    chromium = require_file("ace", tools.chromium, epub)
    with tempfile.TemporaryDirectory(prefix="ace-") as tmp:
        out_dir = Path(tmp) / "report"
        # -E: exit 2 on violations and 1 on a crash; Ace passes --no-sandbox to Chromium itself
        proc = run("ace", [str(ace_bin), "-E", "-f", "-o", str(out_dir), str(epub.resolve())],
                   ACE_TIMEOUT, env={"PUPPETEER_EXECUTABLE_PATH": str(chromium)}, file=epub)
        data = _read_json(out_dir / "report.json", "ace", proc, epub)
    if proc.returncode not in (0, 2):
        raise failed("ace", f"exit status {proc.returncode}: "
                     f"{first_error_line(proc.stdout + proc.stderr)}", epub)
    return ace_diagnostics(data, epub)


def ace_diagnostics(data: dict, epub: Path) -> list[Diagnostic]:
    """One error per failed assertion of every checked document."""
    try:
        documents = data["assertions"]
    except (KeyError, TypeError):
        raise failed("ace", "report has no assertions", epub) from None
    opf_dir = _opf_dir(documents)
    found = []
    for doc in documents:
        subject = _subject_path(doc.get("earl:testSubject", {}).get("url", ""), opf_dir)
        for item in doc.get("assertions", []):
            result = item.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            found.append(_ace_diagnostic(item.get("earl:test", {}), result, _inner(epub, subject)))
    return found


def _ace_diagnostic(test: dict, result: dict, file: str) -> Diagnostic:
    impact = test.get("earl:impact") or "unknown impact"
    helptext = test.get("help", {})
    summary = helptext.get("dct:description") or test.get("dct:description") or ""
    pointer = result.get("earl:pointer", {})
    where = ", ".join(pointer.get("css", [])[:3])
    cfi = ", ".join(pointer.get("cfi", [])[:1])
    reasons = [r.strip() for r in result.get("dct:description", "").splitlines() if r.strip()]
    details = reasons[0][:200] if reasons else ""
    message = f"{impact}: {summary}"
    if where:
        message += f" (at {where}" + (f", cfi {cfi}" if cfi else "") + ")"
    if details:
        message += f": {details}"
    return Diagnostic(f"ace-{test.get('dct:title', 'unknown')}", message, file,
                      hint=helptext.get("url") or None)


def _opf_dir(documents: list) -> str:
    for doc in documents:
        url = doc.get("earl:testSubject", {}).get("url", "")
        if url.endswith(".opf"):
            return posixpath.dirname(url.lstrip("/"))
    return ""


def _subject_path(url: str, opf_dir: str) -> str:
    """Ace names content documents relative to the package document."""
    if not url or url.startswith("/") or url.endswith(".opf"):
        return url.lstrip("/")
    if opf_dir and not url.startswith(opf_dir + "/"):
        return posixpath.normpath(posixpath.join(opf_dir, url))
    return url


# ------------------------------------------------------------------ shared

def _read_json(path: Path, tool: str, proc, epub: Path) -> dict:
    if not path.exists():
        raise failed(tool, f"wrote no report (exit status {proc.returncode}): "
                     f"{first_error_line(proc.stdout + proc.stderr)}", epub)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise failed(tool, f"unreadable report: {exc}", epub) from None
