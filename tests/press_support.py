"""Shared by the tests of the press files (the PDF/X print book and the full-wrap cover): small books built
into one folder (so the CMYK profile is built once, in its .cache), and the outside tools that read them
back: Ghostscript (rendering, ink coverage) and zbar (the barcode)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf

from publish.build import build
from publish.diagnostics import Report
from tests.conftest import write_series
from tests.pdf_support import paragraphs

ISBN = "978-0-306-40615-7"          #: a valid ISBN, written by hand
ISBN_DIGITS = "9780306406157"       #: what a scanner reads from its barcode
IN_PT = 72.0
MM_PT = 72 / 25.4

ARTICLES = {
    "01-first.md": "---\ntitle: The First Essay\n---\n\n" + "\n\n".join(paragraphs(5, 10)) + "[^n]\n\n"
                   "[^n]: A note, in black like the text.\n",
    "02-second.md": "---\ntitle: The Second Essay\n---\n\n" + "\n\n".join(paragraphs(9, 8)) + "\n",
}


def config(*print_lines: str, identifier: str = f"urn:isbn:{ISBN}", description: str | None = None) -> str:
    lines = ["title: A Book for the Press", "language: en", "author: Ada Example", "publisher: Test Press",
             "date: 2024-05-01", f"description: {description or 'Essays on wages, prices and profit.'}"]
    lines += [f"identifier: {identifier}"] if identifier else []
    lines += ["print:", *(f"  {line}" for line in print_lines)] if print_lines else []
    return "\n".join(lines) + "\n"


def build_book(root: Path, name: str, series_yml: str, articles: dict[str, str] = ARTICLES,
               extra: dict[str, bytes] | None = None) -> Path:
    """Build the print book of a series written on the fly into ``root``/out; return build/<name>/."""
    folder = write_series(root / "series" / name, articles, series_yml)
    for file_name, data in (extra or {}).items():
        (folder / file_name).write_bytes(data)
    report = Report()
    build(folder, ("pdf",), root / "out", report)
    assert not report.errors, report.errors
    return root / "out" / name


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install {package} (tools/install-deps.sh all)"
    return found


def ghostscript(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([tool("gs", "ghostscript"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", *args],
                          capture_output=True, text=True, timeout=300)


def ink_coverage(path: Path) -> list[tuple[float, float, float, float]]:
    """Ghostscript's ink coverage of each page: the share of the page each of C, M, Y, K covers."""
    proc = ghostscript("-o", "-", "-sDEVICE=inkcov", str(path))
    assert proc.returncode == 0, proc.stderr
    rows = re.findall(r"^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK OK", proc.stdout, re.M)
    return [tuple(float(v) for v in row) for row in rows]


def renders(path: Path) -> None:
    """Ghostscript reads and renders every page without an error."""
    proc = ghostscript("-o", "/dev/null", "-sDEVICE=nullpage", str(path))
    assert proc.returncode == 0 and "error" not in (proc.stdout + proc.stderr).lower(), proc.stdout + proc.stderr


def render_grey(path: Path, target: Path, resolution: int = 300, device: str = "pnggray") -> Path:
    """Ghostscript's rendering of the first page (its whole MediaBox) as a grey (or ``device``) PNG."""
    proc = ghostscript("-o", str(target), f"-sDEVICE={device}", f"-r{resolution}", str(path))
    assert proc.returncode == 0, proc.stderr
    return target


def barcodes(image: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """What zbar reads in ``image``: (kind, data, the corners of where it found it, in pixels)."""
    proc = subprocess.run([tool("zbarimg", "zbar-tools"), "--xml", "-q", str(image)], capture_output=True,
                          text=True, timeout=120)
    found = []
    for symbol in re.finditer(r"<symbol type='([^']+)'.*?>(.*?)</symbol>", proc.stdout, re.S):
        data = re.search(r"<data><!\[CDATA\[(.*?)\]\]></data>", symbol.group(2), re.S)
        points = re.findall(r"<point x='(\d+)' y='(\d+)'/>", symbol.group(2))
        found.append((symbol.group(1), data.group(1) if data else "", [(int(x), int(y)) for x, y in points]))
    return found
