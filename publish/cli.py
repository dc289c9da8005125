"""The command line: ``publish build``, ``check``, ``lint``, ``import``, ``new-series`` and ``new-article``."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from publish import __version__, interrupt
from publish.adapters import ALIASES, FORMATS
from publish.engine import JOBS_VARIABLE, parse_jobs
from publish.progress import Progress
from publish.diagnostics import PublishError, Report, exit_code, print_diagnostics

DEFAULT_SERIES = Path("series/classical-marxism")
SCHEDULER_VARIABLE = "PUBLISH_SCHEDULER"
EPILOG = """\
examples:
  publish build series/classical-marxism              all formats into build/classical-marxism/
  publish build series/classical-marxism --format pdf  only the print PDF
  publish check series/classical-marxism              run EPUBCheck, Ace, the Nu checker, axe and PDF checks
  publish lint series/classical-marxism               typography, repeated sentences, structure, notes
  publish import essay.docx --series series/x         a .docx, .odt, .html or pasted .txt as a new article
  publish new-series series/x                         start a series: series.yml and articles/
  publish new-article series/x "The Paris Commune"    articles/NN-the-paris-commune.md with front matter

exit status: 0 success, 1 the manuscript or an output has errors, 2 wrong usage,
             3 internal error (a bug in publish), 130 interrupted
"""


def jobs_number(text: str) -> int:
    try:
        return parse_jobs(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (a whole number, 1 or more)")


def parse_formats(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(ALIASES.get(name, name) for name in
                                (f.strip().lower() for f in text.split(",") if f.strip())))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or text!r}; choose from {', '.join(FORMATS)}")
    return names


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish", description="Build a series of Markdown essays into an EPUB 3, a print-ready PDF and an "
        "HTML site, with every footnote numbered and worded the same in all three.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the EPUB, PDF and site of a series",
                                description="Build a series folder (series.yml + articles/*.md).")
    build.add_argument("series", nargs="?", type=Path, default=DEFAULT_SERIES,
                       help=f"the series folder (default: {DEFAULT_SERIES})")
    build.add_argument("--format", "-f", type=parse_formats, default=FORMATS,
                       help=f"comma-separated formats to build: {', '.join(FORMATS)} ('html' is the site; "
                       f"default: all)")
    build.add_argument("--out", "-o", type=Path, default=Path("build"),
                       help="output root; outputs go to OUT/<series folder name>/ (default: build)")
    build.add_argument("--jobs", "-j", type=jobs_number, default=None, metavar="N",
                       help=f"worker processes on this machine ({JOBS_VARIABLE}; default: one per CPU this process "
                       "may use, as many as the memory available holds)")
    build.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help=f"lay out the print book and write the articles' EPUBs on the workers of the Dask "
                       f"cluster at ADDRESS, e.g. tcp://host:8786 ({SCHEDULER_VARIABLE}; needs publish[cluster])")
    add_common(build)

    check = commands.add_parser("check", help="run the validators on what was built",
                                description="Run EPUBCheck, DAISY Ace, the Nu HTML checker, axe-core and the "
                                "PDF checks on the outputs of a series that was built before.")
    check.add_argument("series", nargs="?", type=Path, default=DEFAULT_SERIES,
                       help=f"the series folder (default: {DEFAULT_SERIES})")
    check.add_argument("--out", "-o", type=Path, default=Path("build"), help="output root (default: build)")
    add_common(check)
    add_editor_commands(commands)
    return parser


def add_editor_commands(commands) -> None:
    lint = commands.add_parser("lint", help="check the manuscript: typography, repetition, structure, notes",
                               description="Report typography, repeated sentences, structure and note problems "
                               "as file:line:col with a code and a hint. Switch a code off for the series with "
                               "'lint: disable: [code]' in series.yml, or for one line with "
                               "'<!-- lint: disable=code -->' on it or on the line before.")
    lint.add_argument("series", nargs="?", type=Path, default=DEFAULT_SERIES,
                      help=f"the series folder (default: {DEFAULT_SERIES})")
    add_common(lint)
    imp = commands.add_parser("import", help="turn a .docx, .odt, .html or pasted .txt into an article",
                              description="Import a manuscript into a series as articles/NN-slug.md, with its "
                              "footnotes and front matter; report what could not be mapped.")
    imp.add_argument("file", type=Path, help="the manuscript to import")
    imp.add_argument("--series", "-s", type=Path, required=True, help="the series folder to add it to")
    imp.add_argument("--title", help="the article's title (default: the document's, else the file name)")
    imp.add_argument("--force", action="store_true", help="replace an existing article of the same name")
    add_common(imp)
    series = commands.add_parser("new-series", help="start a series folder: series.yml and articles/")
    series.add_argument("folder", type=Path, help="the folder to create")
    series.add_argument("--title", help="the series title (default: from the folder name)")
    series.add_argument("--force", action="store_true", help="replace an existing series.yml")
    add_debug(series)
    article = commands.add_parser("new-article", help="add articles/NN-slug.md with front matter to a series")
    article.add_argument("folder", type=Path, help="the series folder")
    article.add_argument("title", help="the article's title; the file name is made from it")
    article.add_argument("--force", action="store_true", help="replace an existing article of the same name")
    add_debug(article)


def add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    sub.add_argument("--verbose", "-v", action="store_true", help="a line for every article of every format")
    add_debug(sub)


def add_debug(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--debug", action="store_true", help="show a traceback on an internal error")


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_build(args, report: Report, say) -> int:
    from publish.build import build, make_engine
    engine = make_engine(args.jobs, args.scheduler or os.environ.get(SCHEDULER_VARIABLE) or None)
    try:
        if args.verbose:
            say(f"workers: {engine.describe()}")
        outputs = build(args.series, args.format, args.out, report, progress=say, engine=engine)
    finally:
        engine.close()
    print_diagnostics(report.warnings)
    for path in outputs:
        if not path.name.startswith("."):  # the build's own bookkeeping is no output
            say(f"  {path}  {human_size(tree_size(path))}")
    return exit_code(report.items, args.strict)


def run_check(args, report: Report, say) -> int:
    from publish.check import check_outputs
    from publish.config import load_config
    config = load_config(args.series, report)
    if config is None:
        raise PublishError(report.items)
    out = args.out / config.name
    epubs = sorted(out.glob("*.epub")) + sorted((out / "articles").glob("*.epub"))
    pdfs = sorted(out.glob("*.pdf"))
    sites = [out / "site"] if (out / "site").is_dir() else []
    if not (epubs or pdfs or sites):
        report.add("check-nothing-built", f"nothing to check in {out}", hint=f"build first: publish build {args.series}")
        raise PublishError(report.items)
    say(f"checking {len(epubs)} EPUB(s), {len(pdfs)} PDF(s), {len(sites)} site(s) in {out}")
    found = check_outputs(epubs=epubs, site_dirs=sites, pdfs=pdfs)
    print_diagnostics(found)
    code = exit_code(found, args.strict)
    say("all checks passed" if code == 0 else f"{sum(1 for d in found if d.severity == 'error')} error(s)")
    return code


def run_lint(args, report: Report, say) -> int:
    from publish.lint import lint_series
    findings = lint_series(args.series)
    for finding in findings:
        print(finding.format())
    errors = sum(1 for d in findings if d.severity == "error")
    say(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return exit_code(findings, args.strict)


def run_import(args, report: Report, say) -> int:
    from publish.importers import import_file
    path = import_file(args.file, args.series, report, force=args.force, title=args.title)
    print_diagnostics(report.items)
    say(f"wrote {path}" + (f" ({len(report.warnings)} thing(s) to check by hand, above)" if report.warnings else ""))
    return exit_code(report.items, args.strict)


def run_new_series(args, report: Report, say) -> int:
    from publish.scaffold import new_series
    for path in new_series(args.folder, force=args.force, title=args.title):
        say(f"created {path}")
    say(f"next: publish new-article {args.folder} \"Title\"")
    return 0


def run_new_article(args, report: Report, say) -> int:
    from publish.scaffold import new_article
    say(f"created {new_article(args.folder, args.title, force=args.force)}")
    return 0


COMMANDS = {"build": run_build, "check": run_check, "lint": run_lint, "import": run_import,
            "new-series": run_new_series, "new-article": run_new_article}


def main(argv=None) -> int:
    interrupt.install()
    parser = make_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", False) is None and os.environ.get(JOBS_VARIABLE):
        try:
            args.jobs = parse_jobs(os.environ[JOBS_VARIABLE])
        except ValueError:
            parser.error(f"{JOBS_VARIABLE}={os.environ[JOBS_VARIABLE]!r} is not a number of workers (a whole "
                         "number, 1 or more)")
    report = Report(strict=getattr(args, "strict", False))
    say = Progress(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))
    try:
        return COMMANDS[args.command](args, report, say)
    except PublishError as exc:
        print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.severity == "error" or report.strict)
        print(f"publish: {errors} error(s); nothing was written" +
              (", earlier outputs are unchanged" if args.command in ("build", "check") else ""), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("publish: interrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the toolchain, never the editor's fault
        if args.debug:
            traceback.print_exc()
        print(f"publish: internal error: {type(exc).__name__}: {exc}\n"
              "  hint: this is a bug in publish, not in your manuscript; rerun with --debug and report it",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
