"""Serve a series' site on this machine and rebuild it whenever the manuscript or a style changes.

    python -m publish.serve SERIES [--out build]      (make serve SERIES=... PORT=...)

The site ``<out>/<name>/site`` is served on http://127.0.0.1:PORT/ (PORT from
the environment, 8000 when unset; 0 picks a free port). Every second the
modification times of the files under the series folder and ``styles/`` are
compared with the last look; after a change the site is rebuilt in a
subprocess (``python -m publish build SERIES --format site``), so a failed
build leaves the last good site being served. Ctrl-C or SIGTERM stops it.
"""
from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from publish.paths import ROOT, STYLES

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_SECONDS = 1.0


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of the site, never cached by the browser, one short log line per request."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name http.server uses
        pass


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under ``folders``, leaving out hidden and backup files."""
    seen = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.name.endswith("~"):
                continue
            try:
                info = path.stat()
            except OSError:  # removed while looking
                continue
            if path.is_file():
                seen[str(path)] = (info.st_mtime_ns, info.st_size)
    return seen


def rebuild(series: Path, out: Path) -> bool:
    """Build the site in a subprocess; its diagnostics go to this terminal."""
    command = [sys.executable, "-m", "publish", "build", str(series), "--format", "site", "--out", str(out)]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, check=False)
    outcome = "rebuilt" if done.returncode == 0 else "build failed, still serving the last good site"
    print(f"{outcome} in {time.monotonic() - started:.1f} s", flush=True)
    return done.returncode == 0


def start_server(site: Path, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((HOST, port), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(series: Path, out: Path, folders: list[Path]) -> None:
    """Rebuild after every change, forever; a change during a build brings one more build."""
    last = snapshot(folders)
    while True:
        time.sleep(POLL_SECONDS)
        now = snapshot(folders)
        if now != last:
            changed = sorted(set(now.items()) ^ set(last.items()))
            print(f"changed: {Path(changed[0][0]).name}{' and more' if len(changed) > 2 else ''}", flush=True)
            last = now
            rebuild(series, out)


def stop_on_sigterm() -> None:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


def port_from_environment() -> int:
    value = os.environ.get("PORT", "").strip()
    if not value:
        return DEFAULT_PORT
    if not value.isdigit() or int(value) > 65535:
        raise SystemExit(f"PORT must be a number from 0 to 65535, not {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish.serve", description=__doc__.split("\n")[0])
    parser.add_argument("series", type=Path, help="the series folder")
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="where builds go (default: build/)")
    args = parser.parse_args(argv)
    series, out = args.series.resolve(), args.out.resolve()
    if not (series / "series.yml").is_file():
        parser.error(f"{args.series} holds no series.yml")
    port = port_from_environment()
    stop_on_sigterm()
    rebuild(series, out)
    server = start_server(out / series.name / "site", port)
    print(f"serving {series.name} at http://{HOST}:{server.server_address[1]}/  (Ctrl-C to stop)", flush=True)
    try:
        watch(series, out, [series, STYLES])
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
