"""What a build makes of each part, kept under ``build/.cache/`` by what it depends on: the print book's
laid-out parts (``build/.cache/pdf/``), the articles' own EPUBs (``build/.cache/epub/``).

An entry is keyed by a hash of everything it depends on: for a part of the
print book, its HTML, the series' print settings, the files it shows or reports
lines of (not its place in the book: see ``adapters/pdf/assemble/folios.py``); for an article's EPUB,
its edition and page breaks; and the toolchain (our version and the code it goes
through, WeasyPrint's version, the stylesheets, templates and fonts). What is
made depends on nothing else, so a warm build gives the same bytes as a cold one.
After a build, what no series' last build used is deleted (``settle``): the cache
holds what the next build of each series may need, and does not grow with edits.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from functools import lru_cache
from typing import Callable
from pathlib import Path

import publish
from publish.codec import Codec
from publish.engine import LocalEngine, Task
from publish.paths import STYLES

PACKAGE = Path(publish.__file__).resolve().parent
#: the code a part's layout goes through, besides WeasyPrint
CODE = ("adapters/pdf/**/*.py", "cache.py", "codec.py", "pagemap.py", "diagnostics.py", "model.py")
#: the modules whose dataclasses an entry may hold: a laid-out part (``PartResult``), what it found, the notes
#: those findings name. An entry naming any other class is a miss (``publish.codec``).
DATA_MODULES = ("publish.adapters.pdf.layout.typeset", "publish.adapters.pdf.checks.notes",
                "publish.adapters.pdf.checks.images", "publish.adapters.pdf.checks.overflow", "publish.model")
MAGIC = b"publish cache 1\n"  #: what every entry starts with, then the SHA-256 of the rest
TEMPORARY = ".tmp-"   #: the start of the name of a file being written: .tmp-<pid>-...
STYLE_FILES = ("css/*", "fonts/*", "templates/pdf/*")


def digest_files(paths) -> str:
    """A hash of the names and contents of ``paths`` (a missing file counts as missing)."""
    return _digest_files(paths)


def _digest_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(str(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


@lru_cache(maxsize=4)
def fingerprint_toolchain(code: tuple[str, ...] = CODE, styles: tuple[str, ...] = STYLE_FILES) -> str:
    """Our version and ``code`` (file patterns in the package), WeasyPrint's version, the ``styles``
    (file patterns in ``styles/``: stylesheets, templates, fonts)."""
    files = [p for pattern in code for p in PACKAGE.glob(pattern)] + \
            [p for pattern in styles for p in STYLES.glob(pattern)]
    import weasyprint  # only when something is laid out: reading a series does not load it

    return f"{publish.__version__}:{weasyprint.__version__}:{_digest_files(files)}"


def derive_key(*inputs, code: tuple[str, ...] = CODE, styles: tuple[str, ...] = STYLE_FILES) -> str:
    """A hash of ``inputs`` (strings, numbers, paths by their contents, and lists of them) and of the
    toolchain that makes something of them (``fingerprint_toolchain``: by default, the print book's)."""
    digest = hashlib.sha256(fingerprint_toolchain(code, styles).encode("utf-8"))
    for item in inputs:
        if isinstance(item, Path):
            item = _digest_files([item])
        elif isinstance(item, (list, tuple)) and all(isinstance(p, Path) for p in item) and item:
            item = _digest_files(item)
        digest.update(b"\1" + repr(item).encode("utf-8"))
    return digest.hexdigest()


def settle(folder: Path, owner: str, used: set[str], suffix: str, since: float) -> None:
    """Keep in ``folder`` only the entries (files ending in ``suffix``, named by key) that the last build of
    some series used: ``used``, of the series ``owner``, is written down beside them, and whatever no
    series' list names is deleted (unless written since ``since``, by a build running beside this one)."""
    if not folder.is_dir():
        return
    remove_abandoned(folder)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f"{TEMPORARY}{os.getpid()}-")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write("".join(f"{name}\n" for name in sorted(used)))
    os.replace(temporary, folder / f".used-by-{owner}")
    kept = set()
    for listing in folder.glob(".used-by-*"):
        kept.update(listing.read_text(encoding="utf-8").split())
    for entry in folder.glob(f"*{suffix}"):
        try:
            if entry.name[:-len(suffix)] not in kept and entry.stat().st_mtime < since:
                entry.unlink()
        except OSError:
            pass  # gone already


def remove_abandoned(folder: Path) -> None:
    """Delete the half-written files of writers that were killed (their process is gone)."""
    for path in folder.glob(f"{TEMPORARY}*"):
        pid = path.name[len(TEMPORARY):].split("-", 1)[0].split(".", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            path.unlink(missing_ok=True)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's
    return True


class PartCache:
    """Results under ``folder``, by key, as data (``publish.codec``: MessagePack, no code); what a build used
    is kept, the rest let go (``settle``). An entry that is damaged, foreign or of another version is a miss."""

    SUFFIX = ".msgpack"
    OLDER = (".pickle",)  #: what earlier versions wrote: never read, deleted by ``settle``
    codec = Codec(DATA_MODULES)

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self.since = time.time()

    def get(self, name: str):
        try:
            data = (self.folder / f"{name}{self.SUFFIX}").read_bytes()
            head, digest, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
            if head != MAGIC or hashlib.sha256(payload).digest() != digest:
                return None
            value = self.codec.decode(payload)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
            return None
        self.used.add(name)
        return value

    def settle(self, owner: str) -> None:
        """After a build of the series ``owner``: let go of what no series' last build used."""
        settle(self.folder, owner, self.used, self.SUFFIX, self.since)
        for suffix in self.OLDER:
            for entry in self.folder.glob(f"*{suffix}"):
                entry.unlink(missing_ok=True)

    def put(self, name: str, value) -> None:
        """Keep ``value`` (not kept when the codec cannot write it: the next build computes it again)."""
        try:
            payload = self.codec.encode(value)
        except (TypeError, ValueError, OverflowError):
            return
        self.used.add(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f"{TEMPORARY}{os.getpid()}-")
        with os.fdopen(handle, "wb") as file:
            file.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, self.folder / f"{name}{self.SUFFIX}")


def run_cached(cache: PartCache, tasks: dict[str, Task], done: Callable[[str], None] | None = None,
               engine=None) -> dict:
    """The result of each task (run by ``engine``, by default this machine's processes), by its key, from
    the cache where it was computed before, each computed one kept as soon as it is done (an interrupted
    build keeps them); ``done(key)`` is called as each is found or computed."""
    done = done or (lambda name: None)
    found = {name: cache.get(name) for name in tasks}
    todo = [name for name, value in found.items() if value is None]
    for name in tasks:
        if found[name] is not None:
            done(name)

    def finished(index: int, value) -> None:
        cache.put(todo[index], value)
        found[todo[index]] = value
        done(todo[index])

    (engine or LocalEngine()).run_all([tasks[name] for name in todo], finished)
    return found
