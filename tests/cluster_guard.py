"""Loaded into each Dask worker of the cluster tests (``dask worker --preload``): the worker may open no
file below the folders named in ``PUBLISH_FORBIDDEN`` (the series, the build folder, the building
checkout's code and styles). Python reports every opening of a file or listing of a folder to an
audit hook (PEP 578: ``open``, ``os.listdir``, ``os.scandir``...); this one writes each forbidden one
to ``PUBLISH_AUDIT_LOG`` and refuses it, so a worker that needed the series would fail and say so.
(What C libraries open by themselves is not reported; the files they are given here are the fonts
WeasyPrint writes to its own temporary folder.)"""
from __future__ import annotations

import os
import sys

FORBIDDEN = tuple(os.path.abspath(p) + os.sep for p in os.environ.get("PUBLISH_FORBIDDEN", "").split(os.pathsep) if p)
LOG = os.environ.get("PUBLISH_AUDIT_LOG", "")
EVENTS = {"open", "os.listdir", "os.scandir", "os.chdir", "shutil.copyfile", "glob.glob"}


def _guard(event: str, args) -> None:
    if event not in EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    if path == LOG:
        return
    full = os.path.abspath(path) + os.sep
    if any(full.startswith(root) for root in FORBIDDEN):
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {event} {path}\n")
        raise PermissionError(f"the worker may not read {path}")


sys.addaudithook(_guard)
