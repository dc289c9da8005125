"""Where a build's tasks run: worker processes on this machine, as many as it can give, or a Dask cluster.

A task is a pure function of its arguments (a part of the print book laid out, an article's EPUB
written): ``Task(function, args, size, label, reads)``. ``Engine.run_all`` runs a list of them and gives
their results in the order of the list, whatever the number of workers, so the outputs are the same
bytes with one worker or sixteen. By default a build takes one worker process per CPU this process
may run on (``os.sched_getaffinity``), no more than the memory available gives room for
(``MEMORY_PER_WORKER`` each); ``-j N`` / ``--jobs N`` or ``PUBLISH_JOBS`` set the number.
``publish.cluster`` runs the same tasks on the workers of a Dask cluster instead.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path
from typing import Callable, NamedTuple

#: what one worker laying out parts with WeasyPrint holds at its peak, with room to spare (a 30-page
#: chapter with 60 notes: about 300 MB; see bench/README.md)
MEMORY_PER_WORKER = 512 * 2**20
JOBS_VARIABLE = "PUBLISH_JOBS"


class Task(NamedTuple):
    function: Callable
    args: tuple
    size: int = 0            #: how long it is likely to take, relative to the others (largest first)
    label: str = ""          #: what it makes, to name it when it fails: "the part 'siege-socialism'"
    reads: tuple = ()        #: the files it reads (of the series and styles/), for a worker without them


class TaskFailed(RuntimeError):
    """A task raised: a bug, reported with the part it was making."""


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory the build may still take: what the kernel says is available, within the
    limit of the control group the process runs in, if any (None where neither can be read)."""
    found = []
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    group = Path("/sys/fs/cgroup")
    try:
        limit = (group / "memory.max").read_text(encoding="ascii").strip()
        if limit != "max":
            found.append(int(limit) - int((group / "memory.current").read_text(encoding="ascii")))
    except (OSError, ValueError):
        pass
    return max(0, min(found)) if found else None


def default_jobs() -> int:
    """One worker per usable CPU, as many as the available memory holds (at least one)."""
    memory = available_memory()
    room = usable_cpus() if memory is None else memory // MEMORY_PER_WORKER
    return max(1, min(usable_cpus(), room))


def parse_jobs(text: str) -> int:
    """A number of workers as ``-j`` or ``PUBLISH_JOBS`` give it; ValueError unless a whole number >= 1."""
    number = int(text)
    if number < 1:
        raise ValueError(f"{text} is not a number of workers")
    return number


class LocalEngine:
    """Tasks run on ``jobs`` processes of this machine (forked: they start with what the build loaded)."""

    def __init__(self, jobs: int | None = None):
        self.jobs = jobs or default_jobs()

    def describe(self) -> str:
        return f"{self.jobs} worker process{'es' if self.jobs != 1 else ''} on this machine " \
               f"({usable_cpus()} CPU{'s' if usable_cpus() != 1 else ''} usable)"

    def close(self) -> None:
        pass

    def run_all(self, tasks: list[Task], done: Callable[[int, object], None] | None = None,
                remote: bool = True) -> list:
        """``function(*args)`` of every task, the largest first, the results in the order of ``tasks``;
        ``done(index, result)`` as each ends. (``remote``: whether the tasks may leave this machine;
        here they never do.)"""
        done = done or (lambda index, result: None)
        results = [None] * len(tasks)
        workers = min(self.jobs, len(tasks))
        if workers < 2:
            for index, task in enumerate(tasks):
                results[index] = call_task(task.function, task.args, task.label)
                done(index, results[index])
            return results
        order = sorted(range(len(tasks)), key=lambda i: -tasks[i].size)
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=quiet_worker)
        try:
            calls = [(i, tasks[i].function, tasks[i].args, tasks[i].label) for i in order]
            for index, result in pool.imap_unordered(_call, calls, chunksize=1):
                results[index] = result
                done(index, result)
        except BaseException:
            pool.terminate()  # an error or an interrupt: stop the other workers at once
            pool.join()
            raise
        pool.close()  # (terminating a pool whose workers are leaving can hang: let them leave)
        pool.join()
        return results


def call_task(function: Callable, args: tuple, label: str):
    """``function(*args)``; what it raises comes back as ``TaskFailed`` naming ``label``."""
    try:
        return function(*args)
    except (KeyboardInterrupt, SystemExit, TaskFailed):
        raise
    except Exception as exc:
        raise TaskFailed(f"{label or function.__name__}: {type(exc).__name__}: {exc}") from exc


def quiet_worker() -> None:
    """A worker leaves Ctrl-C to the build and ends quietly when the build stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(task: tuple):
    """One task of ``run_all`` in a worker: (its index, its result)."""
    index, function, args, label = task
    return index, call_task(function, args, label)
