"""What a build makes of each part, kept under ``build/.cache/`` by what it depends on: the print book's
laid-out parts (``build/.cache/pdf/``), the articles' own EPUBs (``build/.cache/epub/``).

An entry is keyed by a hash of everything it depends on: for a part of the
print book, its HTML, the series' print settings, the files it shows or reports
lines of (not its place in the book: see ``pdf_folios``); for an article's EPUB,
its edition and page breaks; and the toolchain (our version and the code it goes
through, WeasyPrint's version, the stylesheets, templates and fonts). What is
made depends on nothing else, so a warm build gives the same bytes as a cold one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import weasyprint

import publish
from publish.paths import STYLES

PACKAGE = Path(publish.__file__).resolve().parent
#: the code a part's layout goes through, besides WeasyPrint
CODE = ("adapters/pdf*.py", "cache.py", "pagemap.py", "diagnostics.py", "model.py")
STYLE_FILES = ("css/*", "fonts/*", "templates/pdf/*")


def _digest_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


@lru_cache(maxsize=4)
def toolchain(code: tuple[str, ...] = CODE, styles: tuple[str, ...] = STYLE_FILES) -> str:
    """Our version and ``code`` (file patterns in the package), WeasyPrint's version, the ``styles``
    (file patterns in ``styles/``: stylesheets, templates, fonts)."""
    files = [p for pattern in code for p in PACKAGE.glob(pattern)] + \
            [p for pattern in styles for p in STYLES.glob(pattern)]
    return f"{publish.__version__}:{weasyprint.__version__}:{_digest_files(files)}"


def key(*inputs, code: tuple[str, ...] = CODE, styles: tuple[str, ...] = STYLE_FILES) -> str:
    """A hash of ``inputs`` (strings, numbers, paths by their contents, and lists of them) and of the
    toolchain that makes something of them (``toolchain``: by default, the print book's)."""
    digest = hashlib.sha256(toolchain(code, styles).encode("utf-8"))
    for item in inputs:
        if isinstance(item, Path):
            item = _digest_files([item])
        elif isinstance(item, (list, tuple)) and all(isinstance(p, Path) for p in item) and item:
            item = _digest_files(item)
        digest.update(b"\1" + repr(item).encode("utf-8"))
    return digest.hexdigest()


class PartCache:
    """Pickled results under ``folder``, by key."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, name: str):
        try:
            return pickle.loads((self.folder / f"{name}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, name: str, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / f"{name}.pickle")
