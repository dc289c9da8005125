"""Where the validators live and how they are run.

Every validator is an external program. Running one either gives its output or
raises ``ValidatorProblem``, which becomes a ``validator-missing`` or
``validator-failed`` diagnostic: a validator that cannot run never passes.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from publish.diagnostics import Diagnostic

HINT = "run: make deps"
JAVA_OPTS = ["-Xss16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tools_home() -> Path:
    """The folder ``tools/install-deps.sh`` installs the validators into."""
    home = os.environ.get("TOOLS_HOME")
    if home:
        return Path(home).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "publish-tools"


class ValidatorProblem(Exception):
    """A validator could not run, or its output could not be read."""

    def __init__(self, code: str, tool: str, message: str, file: str | Path | None = None,
                 hint: str = HINT):
        super().__init__(f"{tool}: {message}")
        self.code, self.tool, self.file, self.hint = code, tool, file, hint

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, str(self), str(self.file) if self.file else None,
                          hint=self.hint)


def missing(tool: str, what: str, file=None) -> ValidatorProblem:
    return ValidatorProblem("validator-missing", tool, f"not installed ({what})", file)


def failed(tool: str, message: str, file=None) -> ValidatorProblem:
    return ValidatorProblem("validator-failed", tool, message, file)


def _version_key(path: Path) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))


@dataclass(frozen=True)
class Tools:
    """Paths of the installed validators (nothing here checks that they exist)."""

    home: Path

    @classmethod
    def find(cls) -> "Tools":
        return cls(tools_home())

    @property
    def node_modules(self) -> Path:
        return self.home / "node" / "node_modules"

    @property
    def epubcheck_jar(self) -> Path:
        jars = sorted(self.home.glob("epubcheck-*/epubcheck.jar"), key=_version_key)
        return jars[-1] if jars else self.home / "epubcheck-5.3.0" / "epubcheck.jar"

    @property
    def vnu_jar(self) -> Path:
        return self.node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"

    @property
    def ace(self) -> Path:
        bin_dir = self.node_modules / ".bin"
        return next((p for p in (bin_dir / "ace-cli", bin_dir / "ace") if p.exists()),
                    bin_dir / "ace-cli")

    @property
    def axe(self) -> Path:
        return self.node_modules / ".bin" / "axe"

    @property
    def java(self) -> str | None:
        return shutil.which(os.environ.get("PUBLISH_JAVA", "java"))

    @property
    def chromium(self) -> Path:
        return Path(os.environ.get("PUBLISH_CHROMIUM", "/usr/bin/chromium"))

    @property
    def chromedriver(self) -> Path:
        return Path(os.environ.get("PUBLISH_CHROMEDRIVER", "/usr/bin/chromedriver"))


def require_file(tool: str, path: Path, file=None) -> Path:
    if not path.exists():
        raise missing(tool, str(path), file)
    return path


def require_command(tool: str, name: str, file=None) -> str:
    found = shutil.which(name)
    if not found:
        raise missing(tool, f"command {name}", file)
    return found


def java_command(tools: Tools, tool: str, jar: Path, file=None) -> list[str]:
    if not tools.java:
        raise missing(tool, "java, version 17 or newer", file)
    return [tools.java, *JAVA_OPTS, "-jar", str(require_file(tool, jar, file))]


def run(tool: str, cmd: list[str], timeout: float, env: dict | None = None,
        file=None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a validator in its own process group; on timeout the whole group is killed
    (Chromium and its drivers are grandchildren and would otherwise keep the pipes open)."""
    full_env = {**os.environ, **(env or {})}
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=full_env, cwd=cwd,
                                start_new_session=True)
    except FileNotFoundError:
        raise missing(tool, cmd[0], file) from None
    except OSError as exc:
        raise failed(tool, f"could not start {cmd[0]}: {exc}", file) from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise failed(tool, f"timed out after {timeout:.0f} s", file) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, _text(out), _text(err))


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def first_error_line(text: str, limit: int = 240) -> str:
    """The first line of a tool's output that looks like an error, for a diagnostic."""
    lines = [_ANSI.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    pick = next((line for line in lines if re.search(r"error|exception|fail", line, re.I)),
                lines[-1] if lines else "no output")
    return pick[:limit]
