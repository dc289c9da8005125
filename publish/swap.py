"""Putting a build's outputs in place all at once: the new folder takes the old one's place in one rename.

A build writes into a folder of its own beside the outputs, ``<out>/.<name>.stage-*``. When every
format has succeeded, what it did not build is carried over from ``<out>/<name>/`` (hard links: nothing is
copied), and the two folders trade places in one system call (``renameat2`` with ``RENAME_EXCHANGE``), so
that ``<out>/<name>/`` holds either every old output or every new one, at every moment. Where the file
system cannot trade places, the old folder is renamed aside and the new one into place, and a build killed
between the two finds the old one and puts it back (``recover``). One build of a series runs at a time
(``locked``); the next one deletes what a killed build left behind.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}
OLD_LEFTOVERS = (".stage-", ".old-")  #: what earlier versions left inside <out>/<name>/ when killed


def stage_prefix(name: str) -> str:
    return f".{name}.stage-"


def aside_prefix(name: str) -> str:
    return f".{name}.old-"


@contextmanager
def locked(out_root: Path, name: str):
    """Hold the lock of the series ``name`` under ``out_root`` (a second build of it waits here)."""
    out_root.mkdir(parents=True, exist_ok=True)
    with open(out_root / f".{name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(out_root: Path, name: str) -> None:
    """With the lock held: put back outputs a killed build had moved aside, delete its unfinished folders."""
    final = out_root / name
    for folder in sorted(out_root.glob(f"{aside_prefix(name)}*")):
        if not final.exists():
            folder.rename(final)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in out_root.glob(f"{stage_prefix(name)}*"):
        shutil.rmtree(folder, ignore_errors=True)


def new_stage(out_root: Path, name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=stage_prefix(name), dir=out_root))


def install(stage: Path, final: Path) -> list[Path]:
    """Make ``stage`` the outputs in ``final``, with what it lacks carried over from ``final``; return the
    outputs it made. Afterwards ``stage`` holds the old outputs (or nothing), for the caller to delete."""
    made = sorted(item.name for item in stage.iterdir())
    if final.is_dir():
        for item in sorted(final.iterdir()):
            if item.name not in made and not item.name.startswith(OLD_LEFTOVERS):
                link_tree(item, stage / item.name)
    with signals_held():
        if not final.exists():
            stage.rename(final)
        elif not exchange(stage, final):
            aside = Path(tempfile.mkdtemp(prefix=aside_prefix(final.name), dir=final.parent))
            aside.rmdir()
            final.rename(aside)
            stage.rename(final)
            aside.rename(stage)
    return [final / name for name in made]


def link_tree(source: Path, target: Path) -> None:
    """``target`` as a copy of ``source`` made of hard links (copies where the file system has none)."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        target.mkdir()
        for child in source.iterdir():
            link_tree(child, target / child.name)
        shutil.copystat(source, target)
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def exchange(first: Path, second: Path) -> bool:
    """Trade the places of two folders in one step; False where the system cannot."""
    call = getattr(_libc(), "renameat2", None)
    if call is None:
        return False
    if call(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


@contextmanager
def signals_held():
    """Ctrl-C and SIGTERM wait until the block is done, and one that came while it ran is let go: the build
    is over, its outputs in place (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, names)
    try:
        yield
    finally:
        while signal.sigpending() & names:
            signal.sigtimedwait(names, 0)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, names)
