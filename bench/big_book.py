#!/usr/bin/env python3
"""Benchmark: a real-book-sized series, our clean build against the plain pandoc commands, in one run.

    nice -n 10 .venv/bin/python bench/big_book.py [--chapters 40] [--notes 40] [--words 7400] [--skip-pandoc]

Generates with bench/gen_corpus.py a series of 40 chapters with 40 notes each (1,600 notes) and about 7,400
words of prose a chapter, which makes about 950 pages in our 6x9in print book (measured: 24 pages a chapter,
front and back matter 8). Then times, each as its own process with its peak memory (the largest process of
the command's tree), with bench/run.py's own helpers:
  pandoc -> EPUB, pandoc -s -> HTML, pandoc --pdf-engine=weasyprint -> PDF   (the baseline, all chapters)
  publish build, all three formats, clean (no cache, no earlier outputs)
and prints a table (seconds, peak MB, ratios to pandoc's total) and the page count of our print PDF.
If our build fails, its error output is printed instead of its figures.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, pandoc_baseline, run  # noqa: E402  (bench/run.py: one way of timing for every benchmark)

PANDOC = ("pandoc epub", "pandoc html", "pandoc pdf")


def generate(corpus: Path, chapters: int, notes: int, words: int) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--articles",
                           str(chapters), "--notes", str(notes), "--words", str(words)],
                          check=True, capture_output=True, text=True)
    return proc.stdout.strip()


def build_clean(corpus: Path, out: Path) -> tuple[float, float] | str:
    """(seconds, peak MB) of a clean ``publish build``, or the error it failed with."""
    try:
        return run([sys.executable, "-m", "publish", "build", str(corpus), "--out", str(out), "-q"], ROOT)
    except SystemExit as failed:
        return str(failed)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def report(timings: dict[str, tuple[float, float]]) -> None:
    """The table: ratios of time to the sum of the pandoc commands, of memory to the largest of them
    (they run one after the other, so the most memory they need at once is the largest one's)."""
    seconds = sum(timings[k][0] for k in PANDOC if k in timings)
    memory = max((timings[k][1] for k in PANDOC if k in timings), default=0)
    print(f"  {'command':<24} {'seconds':>9} {'peak MB':>9} {'time / pandoc':>14} {'memory / pandoc':>16}")
    rows = list(timings.items())
    if seconds:
        rows.insert(len([k for k in PANDOC if k in timings]), ("pandoc, all three", (seconds, memory)))
    for name, (secs, megabytes) in rows:
        ratios = f"{secs / seconds:14.2f} {megabytes / memory:16.2f}" if seconds else ""
        print(f"  {name:<24} {secs:9.1f} {megabytes:9.0f} {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=int, default=40)
    parser.add_argument("--notes", type=int, default=40, help="notes per chapter")
    parser.add_argument("--words", type=int, default=7400, help="words of prose per chapter")
    parser.add_argument("--skip-pandoc", action="store_true", help="time only our build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-big-book-") as tmp:
        corpus = Path(tmp) / "big-book"
        print(generate(corpus, args.chapters, args.notes, args.words))
        out = Path(tmp) / "out"
        out.mkdir()
        timings = {} if args.skip_pandoc else pandoc_baseline(corpus, out)
        ours = build_clean(corpus, out)
        if isinstance(ours, str):
            report(timings)
            print(f"\npublish build failed:\n{ours}")
            raise SystemExit(1)
        timings["publish build, clean"] = ours
        report(timings)
        print(f"  our print PDF: {page_count(out / corpus.name / f'{corpus.name}.pdf')} pages")
        if not args.skip_pandoc:
            print(f"  pandoc's PDF:  {page_count(out / 'book.pdf')} pages")


if __name__ == "__main__":
    main()
