"""The files a task reads (the series' images, the stylesheets, fonts and templates of ``styles/``): from
the disk, or, on a worker of a cluster, from the bytes its task carried.

Code that may run in a task reads these files through ``read_bytes`` / ``read_text``. On the machine
that runs the build they come from the disk. A worker elsewhere has neither the series nor the build's
``styles/``: it runs the task inside ``serving(files)``, where exactly the files the task carried are
read, from memory, and any other is ``NotCarried``: nothing is read from its own disk. A carried file is
named by ``name_of``: a file of the series by its path on the building machine (the series' paths are
in the task, so every URL made from them is the same), a file of ``styles/`` by its path in there
(each machine has ``styles/`` where its own install of the package puts it).
"""
from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from pathlib import Path

from publish.paths import STYLES

STYLES_NAME = "styles:"  #: what the name of a file of styles/ starts with

_served: dict[str, bytes] | None = None
_stamps: dict[str, str] = {}
_lock = threading.RLock()  #: one task at a time serves its files in a process


class NotCarried(FileNotFoundError):
    """A file the task did not carry, asked for on a worker that has only what the task carried."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def name_of(path: Path) -> str:
    """The name a task carries ``path`` by: ``styles:css/base.css``, or the absolute path."""
    path = Path(path)
    return STYLES_NAME + path.relative_to(STYLES).as_posix() if path.is_relative_to(STYLES) else str(path)


def carry(paths) -> dict[str, bytes]:
    """The files ``paths`` as a task carries them: name -> bytes."""
    return {name_of(path): Path(path).read_bytes() for path in paths}


def carried(data: bytes) -> bytes:
    """A file's bytes as a cluster holds them (``publish.cluster``)."""
    return data


def read_bytes(path: Path) -> bytes:
    if _served is None:
        return Path(path).read_bytes()
    try:
        return _served[name_of(path)]
    except KeyError:
        raise NotCarried(f"{path} was not carried by the task") from None


def read_text(path: Path) -> str:
    return read_bytes(path).decode("utf-8")


def stamp(path: Path):
    """What changes when the file changes (its content's digest on a worker; its time and size on disk)."""
    if _served is not None:
        return _stamps.get(name_of(path))
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def serving_files() -> bool:
    return _served is not None


@contextmanager
def serving(files: dict[str, bytes]):
    """Within: the files read are ``files`` (``name_of`` -> bytes), and only those."""
    global _served, _stamps
    with _lock:
        before = _served, _stamps
        _served, _stamps = dict(files), {path: digest(data) for path, data in files.items()}
        try:
            yield
        finally:
            _served, _stamps = before
