#!/usr/bin/env python3
"""Check that a change to the toolchain changes no output: build with the code of a reference commit and with
the working tree, and compare every output byte for byte.

    python tools/same-outputs.py [--ref REV] [SERIES ...]      (make same-outputs [REF=rev])

Each SERIES folder (default: the default series, the torture fixtures and a series of ``--corpus`` articles
made by bench/gen_corpus.py) is built into every format twice,
from the same manuscript: once by the toolchain as it is at REV (default: HEAD, i.e. before the uncommitted
change), taken out with ``git archive``, and once by the working tree. Both builds are dated from the same
SOURCE_DATE_EPOCH. Every output of both build folders is compared (the build's bookkeeping, the files whose names
start with a dot, is not an output); the differences are listed and the exit
status is 1 when there is any, 0 when every output is the same.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERIES = ("series/classical-marxism", "tests/series/torture")
EPOCH = "1714521600"  # 2024-05-01: any fixed moment will do, as long as both builds share it


def export(ref: str, target: Path) -> None:
    """The tree of ``ref`` written out into ``target``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref], check=True,
                             capture_output=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def build(code: Path, series: Path, out: Path) -> None:
    """Build every format of ``series`` into ``out`` with the toolchain in ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code), SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run([sys.executable, "-m", "publish", "build", str(series), "--out", str(out), "-q"],
                          cwd=code, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"same-outputs: building {series} with {code} failed:\n{proc.stderr}")


def files(folder: Path) -> set[str]:
    """The outputs in a build folder: not the build's own bookkeeping (.pagemap.json, .outputs.json), which
    records what each output was made from, not what a reader gets."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")}


def compare(before: Path, after: Path) -> list[str]:
    """What differs between two build folders, a line each."""
    old, new = files(before), files(after)
    found = [f"only before: {name}" for name in sorted(old - new)]
    found += [f"only after:  {name}" for name in sorted(new - old)]
    found += [f"differs:     {name}" for name in sorted(old & new)
              if not filecmp.cmp(before / name, after / name, shallow=False)]
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="the commit whose toolchain builds the reference (default: HEAD)")
    parser.add_argument("--corpus", type=int, default=3, metavar="N",
                        help="also build a generated series of N articles (default: 3; 0: none)")
    parser.add_argument("series", nargs="*", help="series folders to build (default: "
                        f"{', '.join(DEFAULT_SERIES)})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="same-outputs-") as temporary:
        work = Path(temporary)
        export(args.ref, work / "ref")
        names = [str((ROOT / name).resolve()) for name in args.series or DEFAULT_SERIES]
        if args.corpus:
            corpus = work / "corpus"
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(corpus), "--articles",
                            str(args.corpus)], check=True, capture_output=True)
            names.append(str(corpus))
        differences = 0
        for name in names:
            series = Path(name)
            build(work / "ref", series, work / "before")
            build(ROOT, series, work / "after")
            found = compare(work / "before" / series.name, work / "after" / series.name)
            count = len(files(work / "after" / series.name))
            print(f"{series.name}: {count} files, " + ("all the same" if not found else f"{len(found)} differ"))
            for line in found:
                print(f"  {line}")
            differences += len(found)
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
