"""A Dask cluster on this machine for the tests: a scheduler and workers started as processes of their own.

Each worker runs as a stranger to the build would: from its own copy of the ``publish`` package (its
``.py`` files only, no ``styles/`` beside it), with its working folder and HOME in a folder of its own,
and with ``cluster_guard.py`` preloaded, which refuses (and writes down) any opening of a file of the
series, of the build folder, or of the building checkout's code and styles."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

GUARD = Path(__file__).with_name("cluster_guard.py")
READY_TIMEOUT = 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    forbidden: list[Path]
    address: str = ""
    scheduler: subprocess.Popen | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def audit_log(self) -> Path:
        return self.folder / "audit.log"

    def refused(self) -> list[str]:
        return self.audit_log.read_text(encoding="utf-8").splitlines() if self.audit_log.exists() else []

    def start(self, workers: int = 2) -> "Cluster":
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        logs = self.folder / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
             "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "wb"),
            cwd=self.folder)
        install = self.folder / "install"  # the worker's own copy of the package, without styles/
        shutil.copytree(ROOT / "publish", install / "publish", ignore=shutil.ignore_patterns("__pycache__"))
        for number in range(workers):
            home = self.folder / f"worker-{number}"
            home.mkdir()
            env = {key: value for key, value in os.environ.items() if not key.startswith(("PUBLISH_", "PYTHON"))}
            env.update(HOME=str(home), PYTHONPATH=str(install), PUBLISH_AUDIT_LOG=str(self.audit_log),
                       PUBLISH_FORBIDDEN=os.pathsep.join(map(str, self.forbidden)), PYTHONDONTWRITEBYTECODE="1")
            self.workers.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", self.address, "--no-nanny", "--nthreads", "1",
                 "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(home / "scratch"),
                 "--preload", str(GUARD), "--name", f"worker-{number}"],
                cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=open(logs / f"worker-{number}.log", "wb")))
        with self.client() as client:
            client.wait_for_workers(workers, timeout=READY_TIMEOUT)
        return self

    def client(self):
        from distributed import Client
        return Client(self.address, timeout=READY_TIMEOUT, set_as_default=False)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in [*self.workers, self.scheduler]:
            if process is not None:
                try:
                    process.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def publish_build(series: Path, out: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``publish build`` as a user runs it, with this checkout's code."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "publish", "build", str(series), "--out", str(out), *options],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def output_files(out: Path) -> dict[str, bytes]:
    """Every file a build wrote (not its cache), by its path in the build folder."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and ".cache" not in path.relative_to(out).parts and not path.name.endswith(".lock")}
