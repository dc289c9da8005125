"""The series configuration (``series.yml``): schema, defaults and validation.

Every problem in the file is collected and reported at once, each with its line.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from publish.config_print import PRINT_KEYS, PrintSettings, parse_print
from publish.diagnostics import Report
from publish.paths import CSL_DIR
from publish.source import load_yaml_mapping, read_text

SERIES_FILE = "series.yml"
ARTICLES_DIR = "articles"
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")

NUMBERING = ("per-article", "continuous")
DEFAULT_CSL = CSL_DIR / "chicago-notes-bibliography-17th-edition.csl"
BIBLIOGRAPHY_SUFFIXES = (".json", ".yaml", ".yml", ".bib", ".bibtex")


@dataclass(frozen=True)
class LintSettings:
    """The ``lint:`` section: checks switched off for the series, and the house style for note calls."""

    disable: tuple[str, ...] = ()  #: codes that `publish lint` does not report for this series
    note_call: str = "after"       #: a note call stands 'after' or 'before' punctuation


@dataclass(frozen=True)
class SeriesConfig:
    """What ``series.yml`` says, with every default filled in."""

    folder: Path                   #: the series folder
    name: str                      #: the folder's name: outputs go to build/<name>/
    title: str                     #: required
    language: str                  #: required, a BCP 47 tag such as 'en' or 'de-CH'
    subtitle: str | None = None
    authors: tuple[str, ...] = ()  #: 'author' in the file: one name or a list
    publisher: str | None = None
    date: str | None = None        #: ISO date of publication (YYYY, YYYY-MM or YYYY-MM-DD)
    rights: str | None = None
    description: str | None = None
    identifier: str = ""           #: stable; derived from the series when absent
    articles: tuple[str, ...] = () #: explicit order of article files; default: file-name order
    print: PrintSettings = PrintSettings()
    numbering: str = "per-article" #: notes: numbering: per-article | continuous
    bibliography: Path | None = None  #: CSL JSON/YAML or BibTeX, relative to the series folder
    csl: Path = DEFAULT_CSL        #: the citation style; default Chicago notes and bibliography
    modified: str = ""             #: the build's modification timestamp (reproducible)
    lint: LintSettings = LintSettings()


KNOWN_KEYS = {"title", "subtitle", "language", "author", "publisher", "date", "rights", "description",
              "identifier", "articles", "print", "notes", "bibliography", "csl", "lint"}
NOTES_KEYS = {"numbering"}
LINT_KEYS = {"disable", "note-call"}


def unknown_keys(report: Report, path: Path, values: dict, lines: dict, known: set, where: str = "") -> None:
    for key in values:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys{where}: {', '.join(sorted(known))}"
        report.warn("config-unknown-key", f"unknown key '{key}'{where} (ignored)", file=path, line=lines.get(key),
                   hint=hint)


def parse_lint(section, report: Report, path: Path, lines: dict) -> LintSettings:
    """``lint: {disable: [code, ...], note-call: after|before}``."""
    if not isinstance(section, dict):
        report.add("config-type", "'lint' must hold keys such as 'disable: [straight-quote]'", file=path,
                   line=lines.get("lint"))
        return LintSettings()
    unknown_keys(report, path, section, lines, LINT_KEYS, " under 'lint'")
    disable = section.get("disable") or []
    disable = [disable] if isinstance(disable, str) else disable
    placement = str(section.get("note-call", "after"))
    if not isinstance(disable, list) or placement not in ("after", "before"):
        report.add("config-type", "'lint' takes 'disable: [code, ...]' and 'note-call: after' or 'before'",
                   file=path, line=lines.get("lint"))
        return LintSettings()
    return LintSettings(tuple(str(code) for code in disable), placement)


def text_value(report, path, values, lines, key, required=False):
    value = values.get(key)
    if value is None:
        if required:
            report.add("config-missing-key", f"required key '{key}' is missing", file=path, line=1,
                       hint=f"add a line '{key}: ...'")
        return None
    if isinstance(value, (dict, list)):
        report.add("config-type", f"'{key}' must be text", file=path, line=lines.get(key))
        return None
    text = str(value).strip()
    if required and not text:
        report.add("config-missing-key", f"'{key}' is empty", file=path, line=lines.get(key))
        return None
    return text


def date_value(report, path, values, lines, key="date"):
    value = values.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    report.add("config-date", f"'{key}' is not a date: {text!r}", file=path, line=lines.get(key),
               hint="write dates as YYYY-MM-DD, YYYY-MM or YYYY")
    return None


def name_list(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return (str(value).strip(),) if str(value).strip() else ()


def series_file(report, path, folder: Path, values, lines, key, suffixes) -> Path | None:
    """A file named in series.yml: inside the series folder, existing, of a known kind."""
    name = text_value(report, path, values, lines, key)
    if not name:
        return None
    target = (folder / name).resolve()
    if not target.is_relative_to(folder):
        report.add("config-path-outside", f"'{key}: {name}' points outside the series folder", file=path,
                   line=lines.get(key), hint="keep the file inside the series folder")
    elif not target.is_file():
        report.add("config-file-missing", f"'{key}: {name}': no such file", file=path, line=lines.get(key),
                   hint=f"the path is relative to {folder}")
    elif target.suffix.lower() not in suffixes:
        report.add("config-file-kind", f"'{key}: {name}' should be a {' or '.join(suffixes)} file", file=path,
                   line=lines.get(key))
    else:
        return target
    return None


def modified_timestamp(folder: Path, date: str | None) -> str:
    """A reproducible 'last modified' time: SOURCE_DATE_EPOCH, else the last commit, else the date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "."], cwd=folder,
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    elif date:
        parts = [int(p) for p in date.split("-")] + [1, 1]
        moment = dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def load_config(folder: Path, report: Report) -> SeriesConfig | None:
    """Read and validate ``series.yml``; every problem goes to ``report``."""
    folder = folder.resolve()
    path = folder / SERIES_FILE
    if not path.is_file():
        report.add("series-missing", f"no {SERIES_FILE} in {folder}", file=folder,
                   hint=f"a series folder holds {SERIES_FILE} and an '{ARTICLES_DIR}/' folder")
        return None
    text = read_text(path, report)
    if text is None:
        return None
    values, lines = load_yaml_mapping(text, path, report)
    if values is None:
        return None
    unknown_keys(report, path, values, lines, KNOWN_KEYS)
    title = text_value(report, path, values, lines, "title", required=True)
    language = text_value(report, path, values, lines, "language", required=True)
    if language and not LANGUAGE.match(language):
        report.add("config-language", f"'{language}' is not a language tag", file=path, line=lines.get("language"),
                   hint="use a BCP 47 tag such as 'en', 'en-GB', 'de' or 'zh-Hans'")
    date = date_value(report, path, values, lines)
    print_settings = PrintSettings()
    section = values.get("print") or {}
    if not isinstance(section, dict):
        report.add("config-type", "'print' must hold keys such as 'trim: 6x9in'", file=path, line=lines.get("print"))
    else:
        unknown_keys(report, path, section, lines, PRINT_KEYS, " under 'print'")
        print_settings = parse_print(section, report, path, lines.get("print"))
    numbering = "per-article"
    notes = values.get("notes") or {}
    if not isinstance(notes, dict):
        report.add("config-type", "'notes' must hold keys such as 'numbering: per-article'", file=path,
                   line=lines.get("notes"))
    else:
        unknown_keys(report, path, notes, lines, NOTES_KEYS, " under 'notes'")
        numbering = str(notes.get("numbering", numbering))
        if numbering not in NUMBERING:
            report.add("config-numbering", f"unknown note numbering '{numbering}'", file=path, line=lines.get("notes"),
                       hint="use 'per-article' or 'continuous'")
    articles = values.get("articles") or []
    if not isinstance(articles, list):
        report.add("config-type", "'articles' must be a list of file names", file=path, line=lines.get("articles"))
        articles = []
    bibliography = series_file(report, path, folder, values, lines, "bibliography", BIBLIOGRAPHY_SUFFIXES)
    csl = series_file(report, path, folder, values, lines, "csl", (".csl",)) or DEFAULT_CSL
    if not title or not language:
        return None
    identifier = text_value(report, path, values, lines, "identifier") or \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'publish:series:{folder.name}:{title}')}"
    return SeriesConfig(
        folder=folder, name=folder.name, title=title, language=language,
        subtitle=text_value(report, path, values, lines, "subtitle"),
        authors=name_list(values.get("author")),
        publisher=text_value(report, path, values, lines, "publisher"),
        date=date, rights=text_value(report, path, values, lines, "rights"),
        description=text_value(report, path, values, lines, "description"),
        identifier=identifier, articles=tuple(str(a) for a in articles),
        print=print_settings, numbering=numbering, modified=modified_timestamp(folder, date),
        bibliography=bibliography, csl=csl, lint=parse_lint(values.get("lint") or {}, report, path, lines),
    )
