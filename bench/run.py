#!/usr/bin/env python3
"""Benchmark: our build against the plain pandoc commands a user would otherwise run, in one run.

    .venv/bin/python bench/run.py [--articles 12 48] [--skip-pandoc]

For each corpus size it generates a deterministic footnote-heavy series (bench/gen_corpus.py), then
times, each as a separate process with its peak memory (the largest process of the command's tree):
  pandoc -> EPUB, pandoc -s -> HTML, pandoc --pdf-engine=weasyprint -> PDF   (the baseline)
  publish build (all three formats, clean: no cache, no earlier outputs)
  publish build after editing one article (incremental)
  make with nothing changed (no-op)
and prints the ratios the performance targets are stated in.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB of the largest process) of one command, which must succeed."""
    env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def pandoc_baseline(corpus: Path, out: Path) -> dict[str, tuple[float, float]]:
    pandoc = subprocess.run([sys.executable, "-c", "import pypandoc; print(pypandoc.get_pandoc_path())"],
                            capture_output=True, text=True, check=True).stdout.strip()
    articles = sorted(str(p) for p in (corpus / "articles").glob("*.md"))
    common = [pandoc, "--file-scope", "--metadata", "title=Benchmark", "--metadata", "lang=en"]
    return {
        "pandoc epub": run(common + ["-o", str(out / "book.epub"), *articles], corpus),
        "pandoc html": run(common + ["-s", "-o", str(out / "book.html"), *articles], corpus),
        "pandoc pdf": run(common + ["--pdf-engine=weasyprint", "-o", str(out / "book.pdf"), *articles], corpus),
    }


def ours(corpus: Path, out: Path) -> dict[str, tuple[float, float]]:
    build = [sys.executable, "-m", "publish", "build", str(corpus), "--out", str(out), "-q"]
    results = {"publish clean": run(build, ROOT)}
    article = sorted((corpus / "articles").glob("*.md"))[len(list((corpus / "articles").glob("*.md"))) // 2]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence, added by an editor.\n",
                       encoding="utf-8")
    results["publish after one edit"] = run(build, ROOT)
    make = ["make", "-s", "-C", str(ROOT), "all", f"SERIES={corpus}"]
    run(make, ROOT)  # brings make's stamps up to date
    results["make no-op"] = run(make, ROOT)
    shutil.rmtree(ROOT / "build" / corpus.name, ignore_errors=True)
    return results


def report(size: int, timings: dict[str, tuple[float, float]]) -> None:
    print(f"\n== {size} articles ==")
    for name, (seconds, megabytes) in timings.items():
        print(f"  {name:<26} {seconds:7.2f} s  {megabytes:7.0f} MB peak")
    if "pandoc pdf" in timings:
        baseline = sum(timings[k][0] for k in ("pandoc epub", "pandoc html", "pandoc pdf"))
        print(f"  clean build / sum of pandoc commands: {timings['publish clean'][0] / baseline:.2f} (target <= 0.6)")
    print(f"  one-edit rebuild / clean build:       "
          f"{timings['publish after one edit'][0] / timings['publish clean'][0]:.2f} (target <= 0.15)")
    print(f"  no-op make:                            {timings['make no-op'][0]:.2f} s (target <= 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[12, 48])
    parser.add_argument("--skip-pandoc", action="store_true", help="time only our build")
    args = parser.parse_args()
    clean = {}
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        for size in args.articles:
            corpus = Path(tmp) / f"bench-{size}"
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--articles",
                            str(size)], check=True, stdout=subprocess.DEVNULL)
            out = Path(tmp) / f"out-{size}"
            out.mkdir()
            timings = {} if args.skip_pandoc else pandoc_baseline(corpus, out)
            timings.update(ours(corpus, out))
            clean[size] = timings["publish clean"][0]
            report(size, timings)
    if len(clean) == 2:
        small, large = sorted(clean)
        print(f"\n{large} vs {small} articles, clean build: {clean[large] / clean[small]:.2f}x "
              f"(target for 48 vs 12: <= 4.2x)")


if __name__ == "__main__":
    main()
