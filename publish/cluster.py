"""The build's tasks on a Dask cluster: ``publish build SERIES --scheduler tcp://host:8786``.

The parts of the print book are laid out, and the articles' own EPUBs written, by the workers of a
``dask.distributed`` cluster instead of this machine's processes; the rest of the build (reading the
series, putting the PDFs together, the series EPUB, the site) stays here. Each task carries all it
needs: its arguments (the part's HTML, the series' settings and notes) and the files it reads (the
part's images; the stylesheets, fonts and templates: ``Task.reads``), each file sent to the cluster
once per build and named by its content's hash, so a worker needs no access to the series, the build
folder or this machine's ``styles/``: it serves the task's files from memory and reads no other
(``publish.files``). Its own install of publish must be the same code (``code_fingerprint``: checked
by every task). A worker lost mid-build is retried on another by Dask (up to its
``distributed.scheduler.allowed-failures``); a task that fails names its part.

Dask moves arguments and results with pickle: run the scheduler and workers where only those who run
builds can reach them (Dask's own TLS options secure a wider network).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import publish
from publish import files
from publish.diagnostics import Diagnostic, PublishError
from publish.engine import LocalEngine, Task, TaskFailed, call_task

WORKERS_TIMEOUT = 30  #: seconds to wait for the cluster's first worker
LIBRARIES = ("weasyprint", "fonttools", "pikepdf", "pillow", "ebooklib", "jinja2", "pydyf")
INSTALL_HINT = "pip install 'publish[cluster]'"


class WorkerMismatch(RuntimeError):
    """The worker's publish (or a library it lays out with) is not the one that built the task."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Our version, our code and the versions of the libraries a task goes through (as first loaded)."""
    digest = hashlib.sha256(publish.__version__.encode("utf-8"))
    package = Path(publish.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode("utf-8"))
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode("utf-8"))
    return digest.hexdigest()


def run_on_worker(expected: str, function, args: tuple, label: str, carried: dict[str, bytes]):
    """One task on a worker: the same code as the build's, the task's files served from memory."""
    found = code_fingerprint()
    if found != expected:
        raise WorkerMismatch(f"the worker runs other code (publish {publish.__version__}, {found[:12]}) than "
                             f"the build ({expected[:12]})")
    with files.serving(carried):
        return call_task(function, args, label)


class ClusterEngine:
    """Tasks on the workers of the Dask cluster whose scheduler is at ``address``; the tasks that must stay
    here (``remote=False``) on ``local``."""

    def __init__(self, address: str, local: LocalEngine):
        try:
            from distributed import Client
        except ImportError:
            raise PublishError([Diagnostic(
                "cluster-no-dask", f"building on the cluster at {address} needs Dask, which is not installed",
                hint=f"install it: {INSTALL_HINT}; or build without --scheduler")]) from None
        self.address, self.local, self.jobs = address, local, local.jobs
        try:
            self.client = Client(address, set_as_default=False)  # (timeout: distributed.comm.timeouts.connect)
        except (OSError, TimeoutError, ValueError) as exc:
            raise PublishError([Diagnostic(
                "cluster-unreachable", f"no Dask scheduler answers at {address} ({exc})",
                hint="start one there (dask scheduler) with its workers (dask worker ADDRESS), or check the "
                     "address and port")]) from None
        self.code = code_fingerprint()
        self.sent: dict[str, object] = {}      #: content hash -> the future of its bytes on the cluster
        self.hashes: dict[Path, str] = {}

    def describe(self) -> str:
        workers = self.client.scheduler_info().get("workers", {})
        threads = sum(worker.get("nthreads", 0) for worker in workers.values())
        return f"the Dask cluster at {self.address}: {len(workers)} worker(s), {threads} thread(s)"

    def close(self) -> None:
        self.client.close()

    def carry(self, paths) -> dict[str, object]:
        """The files ``paths`` as a task carries them: name -> the future of their bytes, each sent once."""
        carried = {}
        for path in paths:
            if path not in self.hashes:
                data = Path(path).read_bytes()
                self.hashes[path] = files.digest(data)
                if self.hashes[path] not in self.sent:  # a task of its own, not scattered: if the worker
                    # holding it is lost, the scheduler makes it again from the bytes it was sent
                    self.sent[self.hashes[path]] = self.client.submit(files.carried, data,
                                                                      key=f"publish-file-{self.hashes[path]}")
            carried[files.name_of(path)] = self.sent[self.hashes[path]]
        return carried

    def run_all(self, tasks: list[Task], done=None, remote: bool = True) -> list:
        """As ``LocalEngine.run_all``, each task on a worker of the cluster (``remote``: may they leave this
        machine? if not, they run here)."""
        if not remote or not tasks:
            return self.local.run_all(tasks, done, remote=False)
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        done = done or (lambda index, result: None)
        self.wait_for_workers()
        futures = {self.client.submit(run_on_worker, self.code, task.function, task.args, task.label,
                                      self.carry(task.reads), pure=False, priority=task.size): index
                   for index, task in enumerate(tasks)}
        results = [None] * len(tasks)
        try:
            for future in as_completed(list(futures), loop=self.client.loop):
                index = futures[future]
                try:
                    results[index] = future.result()
                except KilledWorker:
                    raise PublishError([Diagnostic(
                        "cluster-worker-lost", f"{tasks[index].label}: the cluster's workers died while making "
                        "it, again and again", hint="see the workers' logs: a worker killed for want of memory "
                        "needs more (dask worker --memory-limit)")]) from None
                except WorkerMismatch as exc:
                    raise PublishError([Diagnostic(
                        "cluster-worker-version", f"{tasks[index].label}: {exc}",
                        hint=f"install the same publish and libraries on every worker as here ({INSTALL_HINT}, "
                             "from the same commit), and restart the workers")]) from None
                done(index, results[index])
        except BaseException:
            self.client.cancel(list(futures))
            raise
        return results

    def wait_for_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise PublishError([Diagnostic(
                "cluster-no-workers", f"the Dask scheduler at {self.address} has no worker",
                hint="start workers: dask worker ADDRESS --nworkers N --nthreads 1")]) from None


__all__ = ["ClusterEngine", "TaskFailed", "code_fingerprint", "run_on_worker"]
