#!/usr/bin/env python3
"""Benchmark: workers, a Dask cluster, and what each output weighs, in one run.

    .venv/bin/python bench/scale.py [--articles 12 48] [--cluster 48] [--ref REV]

For each corpus size (bench/gen_corpus.py) it times, each as its own process from a clean state (no cache,
no earlier outputs), with the peak memory of its largest process:
  publish build -j 1, -j 2 and with the default number of workers;
  for the sizes in --cluster: publish build --scheduler, on a Dask scheduler and two workers started here
  (dask worker --nworkers 2 --nthreads 1), beside the local build with the default workers;
then it prints the bytes of each output (the series EPUB, the articles' EPUBs, the PDFs, the site, and one
article's site page with everything it loads) as built by the toolchain at REV (default: the merge base with
main, before the fonts were cut) and by the working tree. Every build of one size must give the same bytes.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(ref: str, target: Path) -> None:
    """The tree of ``ref`` written out into ``target`` (as tools/same-outputs.py does)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref], check=True,
                             capture_output=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def build(code: Path, corpus: Path, out: Path, *options: str) -> tuple[float, float]:
    """(seconds, peak MB of the largest process) of a clean build of ``corpus`` with the toolchain in ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    command = [sys.executable, "-m", "publish", "build", str(corpus), "--out", str(out), "-q", *options]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")}


def weights(folder: Path) -> dict[str, int]:
    """The bytes of each output of a build folder (build/<name>/)."""
    def size(pattern: str) -> int:
        return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file())
    site = folder / "site"
    page = sorted(p for p in site.glob("*.html") if p.name not in ("index.html", "bibliography.html"))[0]
    loaded = {page} | {(page.parent / u).resolve() for u in re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"',
                                                                       page.read_text(encoding="utf-8"))}
    for sheet in [p for p in loaded if p.suffix == ".css"]:
        loaded |= {(sheet.parent / u).resolve()
                   for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8"))}
    return {"series EPUB": size("*.epub"), "articles' EPUBs": size("articles/*.epub"),
            "print PDF": size(f"{folder.name}.pdf"), "screen PDF": size(f"{folder.name}-screen.pdf"),
            "site": size("site/**/*"), "site without downloads": size("site/**/*") - size("site/downloads/**/*"),
            "one site page and what it loads": sum(p.stat().st_size for p in loaded if p.is_file())}


def start_cluster(folder: Path) -> tuple[str, list[subprocess.Popen]]:
    port = 8786 + os.getpid() % 1000
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                                  str(port), "--no-dashboard"], cwd=folder, stderr=subprocess.DEVNULL)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nworkers", "2", "--nthreads",
                                "1", "--no-dashboard", "--host", "127.0.0.1"], cwd=folder, env=env,
                               stderr=subprocess.DEVNULL)
    from distributed import Client
    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
    return address, [workers, scheduler]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[12, 48])
    parser.add_argument("--cluster", type=int, nargs="*", default=[48])
    parser.add_argument("--ref", default=None, help="the toolchain to weigh the outputs of before (default: "
                        "the merge base with main)")
    args = parser.parse_args()
    ref = args.ref or subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"], check=True,
                                     capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="publish-scale-") as tmp:
        tmp = Path(tmp)
        before = tmp / "before"
        export(ref, before)
        for size in args.articles:
            corpus = tmp / f"bench-{size}"
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--articles",
                            str(size)], check=True, stdout=subprocess.DEVNULL)
            print(f"\n== {size} articles ==", flush=True)
            made = {}
            for label, options in (("-j 1", ["-j", "1"]), ("-j 2", ["-j", "2"]), ("default", [])):
                seconds, peak = build(ROOT, corpus, tmp / f"out-{size}-{label}", *options)
                made[label] = outputs(tmp / f"out-{size}-{label}" / corpus.name)
                print(f"  publish build {label:<24} {seconds:7.1f} s  {peak:6.0f} MB peak", flush=True)
            if size in args.cluster:
                address, processes = start_cluster(tmp)
                try:
                    seconds, peak = build(ROOT, corpus, tmp / f"out-{size}-cluster", "--scheduler", address)
                finally:
                    for process in processes:
                        process.send_signal(signal.SIGTERM)
                        process.wait(30)
                made["cluster"] = outputs(tmp / f"out-{size}-cluster" / corpus.name)
                print(f"  publish build --scheduler (2 workers) {seconds:7.1f} s  {peak:6.0f} MB peak "
                      "(this process; the workers beside it)", flush=True)
            first = made["-j 1"]
            for label, found in made.items():
                assert found == first, f"{label} gave other bytes than -j 1"
            print("  every build gave the same bytes", flush=True)
            build(before, corpus, tmp / f"out-{size}-before")
            old, new = weights(tmp / f"out-{size}-before" / corpus.name), weights(tmp / f"out-{size}-default" /
                                                                                  corpus.name)
            for name in new:
                print(f"  {name:<34} {old[name] / 1024:9.0f} KB before {new[name] / 1024:9.0f} KB after", flush=True)


if __name__ == "__main__":
    main()
