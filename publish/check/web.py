"""Site validators: the Nu HTML checker (HTML and CSS) and axe-core (accessibility).

Nu errors and warnings are errors here; its informational messages are ignored.
Every axe violation is an error, whatever its impact, and so is a page that did
not load in the browser.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

from publish.diagnostics import Diagnostic

from .tools import Tools, failed, first_error_line, java_command, require_file, run

VNU_TIMEOUT = 900
AXE_TIMEOUT_BASE, AXE_TIMEOUT_PER_PAGE = 120, 30
CHROME_OPTIONS = ",".join([
    "no-sandbox", "disable-dev-shm-usage", "disable-gpu",
    # the machine may have no network: keep Chromium from trying its own services
    "disable-background-networking", "disable-component-update", "disable-sync", "no-first-run",
])
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")


def html_pages(site_dirs: list[Path]) -> list[Path]:
    """The HTML pages of the given site folders (a file given directly counts as a page)."""
    return _files(site_dirs, PAGE_SUFFIXES)


def _files(site_dirs: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    found = []
    for site in site_dirs:
        if site.is_file():
            found += [site] if site.suffix.lower() in suffixes else []
        else:
            found += sorted(p for p in site.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
    return found


def _where(site_dirs: list[Path]) -> Path | None:
    """The folder a problem of a whole run is reported on (none when there are several)."""
    return site_dirs[0] if len(site_dirs) == 1 else None


# ------------------------------------------------------------------ Nu HTML checker
# HTML and CSS are checked in two runs: with --also-check-css, vnu 26.9.27 gives
# HTML messages one line too low.

def vnu(tools: Tools, site_dirs: list[Path]) -> list[Diagnostic]:
    """The HTML pages of the site folders."""
    return _vnu(tools, ["--skip-non-html", *map(str, site_dirs)], _where(site_dirs))


def vnu_css(tools: Tools, site_dirs: list[Path]) -> list[Diagnostic]:
    """The style sheets of the site folders."""
    sheets = _files(site_dirs, (".css",))
    return _vnu(tools, ["--css", *map(str, sheets)], _where(site_dirs)) if sheets else []


def _vnu(tools: Tools, args: list[str], where: Path | None) -> list[Diagnostic]:
    cmd = java_command(tools, "vnu", tools.vnu_jar, where)
    options = ["--format", "json", "--stdout", "--exit-zero-always"]
    proc = run("vnu", [*cmd, *options, *args], VNU_TIMEOUT, file=where)
    try:
        messages = json.loads(proc.stdout)["messages"]
    except (ValueError, KeyError, TypeError):
        raise failed("vnu", f"unreadable output (exit status {proc.returncode}): "
                     f"{first_error_line(proc.stderr + proc.stdout)}", where) from None
    return [d for d in map(vnu_diagnostic, messages) if d]


def vnu_diagnostic(msg: dict) -> Diagnostic | None:
    kind = msg.get("type")
    if kind == "info" and msg.get("subType") != "warning":
        return None
    label = "warning" if kind == "info" else "error"
    if kind == "non-document-error":
        label = "could not check"
    last = msg.get("lastLine")
    first = msg.get("firstLine")
    line = first if isinstance(first, int) and first > 0 else last
    col = msg.get("firstColumn") if isinstance(msg.get("firstColumn"), int) else None
    text = f"{label}: {' '.join(str(msg.get('message', '')).split())}"
    extract = " ".join(str(msg.get("extract", "")).split())
    hint = f"near: {extract[:120]}" if extract else None
    return Diagnostic("vnu", text, _url_path(msg.get("url", "")) or None,
                      line if isinstance(line, int) and line > 0 else None, col or None, hint)


def _url_path(url: str) -> str:
    return unquote(urlparse(url).path) if url.startswith("file:") else url


# ------------------------------------------------------------------ axe-core

def axe(tools: Tools, site_dirs: list[Path]) -> list[Diagnostic]:
    pages = html_pages(site_dirs)
    if not pages:
        return []
    where = _where(site_dirs)
    cmd = [str(require_file("axe", tools.axe, where)),
           *[p.resolve().as_uri() for p in pages],
           "--chrome-path", str(require_file("axe", tools.chromium, where)),
           "--chromedriver-path", str(require_file("axe", tools.chromedriver, where)),
           "--chrome-options", CHROME_OPTIONS, "-j"]
    timeout = AXE_TIMEOUT_BASE + AXE_TIMEOUT_PER_PAGE * len(pages)
    proc = run("axe", cmd, timeout, file=where)
    try:
        results = json.loads(proc.stdout)
    except ValueError:
        results = None
    if proc.returncode != 0 or not isinstance(results, list):
        raise failed("axe", f"exit status {proc.returncode}: "
                     f"{first_error_line(proc.stderr + proc.stdout)}", where)
    if len(results) != len(pages):
        raise failed("axe", f"{len(results)} results for {len(pages)} pages", where)
    found = []
    for page, result in zip(pages, results, strict=True):
        found += axe_diagnostics(page, result)
    return found


def axe_diagnostics(page: Path, result: dict) -> list[Diagnostic]:
    url = str(result.get("url", ""))
    if url.startswith("chrome-error:") or not url.startswith("file:"):
        return [Diagnostic("axe-page-not-loaded", f"the page did not load in Chromium ({url})",
                           str(page), hint="check that the file is readable HTML")]
    found = []
    for violation in result.get("violations", []):
        nodes = violation.get("nodes", [])
        targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in nodes[:3])
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        message = (f"{violation.get('impact') or 'unknown impact'}: {violation.get('help', '')}"
                   f" ({len(nodes)} element{'s' if len(nodes) != 1 else ''}: {targets}{more})")
        found.append(Diagnostic(f"axe-{violation.get('id', 'unknown')}", message, str(page),
                                hint=violation.get("helpUrl") or None))
    return found
