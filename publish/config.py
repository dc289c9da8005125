"""The series configuration (``series.yml``): schema, defaults and validation.

Every problem in the file is collected and reported at once, each with its line (``publish.schema``).
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
from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationInfo

from publish.config_print import PRINT_KEYS, PrintSection, PrintSettings
from publish.diagnostics import Report
from publish.isbn import check_digit_hint, isbn13, isbn_of
from publish.messages import keys as message_keys
from publish.messages import DATE_PATTERNS, ENGLISH, Messages, placeholders
from publish.paths import CSL_DIR
from publish.schema import Date, Item, Names, RequiredText, Schema, Text, TextList, as_list, refuse, required_text, \
    scalar, section, text, validate
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
    labels: tuple[tuple[str, str], ...] = ()  #: the series' own words for the toolchain's (``publish.messages``)
    scripts: tuple[str, ...] = ()  #: the scripts the book shows besides Latin (``publish.scripts``), once read


KNOWN_KEYS = {"title", "subtitle", "language", "author", "publisher", "date", "rights", "description",
              "identifier", "articles", "print", "notes", "bibliography", "csl", "lint", "labels"}
NOTES_KEYS = {"numbering"}
LINT_KEYS = {"disable", "note-call"}
SECTIONS = {"print": PRINT_KEYS, "notes": NOTES_KEYS, "lint": LINT_KEYS, "labels": set(message_keys())}


def language_tag(value, info: ValidationInfo) -> str:
    tag = required_text(value, info)
    if not LANGUAGE.match(tag):
        raise refuse("config-language", f"'{tag}' is not a language tag",
                     "use a BCP 47 tag such as 'en', 'en-GB', 'de' or 'zh-Hans'")
    return tag


def check_identifier(value, info: ValidationInfo) -> str | None:
    """Any text; an ``urn:isbn:`` must be an ISBN whose check digit is right (``publish.isbn``)."""
    written = text(value, info)
    isbn = isbn_of(written) if written else None
    if isbn is not None and isbn13(isbn) is None:
        raise refuse("config-isbn", f"'{isbn}' is not a valid ISBN (its check digit is wrong, or it has the "
                     "wrong number of digits)", check_digit_hint(isbn))
    return written


def check_numbering(value, info: ValidationInfo) -> str:
    written = scalar(value, info, "'per-article' or 'continuous'")
    if written not in NUMBERING:
        raise refuse("config-numbering", f"unknown note numbering '{written}'", "use 'per-article' or 'continuous'")
    return written


def check_note_call(value, info: ValidationInfo) -> str:
    written = scalar(value, info, "'after' or 'before'")
    if written not in ("after", "before"):
        raise refuse("config-type", f"'note-call: {written}': a note call stands 'after' or 'before' punctuation",
                     "write 'note-call: after' (the default) or 'note-call: before'")
    return written


class NotesSection(Schema):
    numbering: Annotated[str, BeforeValidator(check_numbering)] = "per-article"


class LintSection(Schema):
    disable: Annotated[tuple[Item, ...], as_list("a list of codes, e.g. [straight-quote]", alone=True)] = ()
    note_call: Annotated[str, BeforeValidator(check_note_call), Field(alias="note-call")] = "after"


class SeriesFile(Schema):
    """``series.yml`` as written: each key and what it may hold (see the README)."""

    title: RequiredText
    language: Annotated[str, BeforeValidator(language_tag)]
    subtitle: Text = None
    author: Names = ()
    publisher: Text = None
    date: Date = None
    rights: Text = None
    description: Text = None
    identifier: Annotated[str | None, BeforeValidator(check_identifier)] = None
    articles: TextList = ()
    print: Annotated[PrintSection, section("trim: 6x9in")] = PrintSection()
    notes: Annotated[NotesSection, section("numbering: per-article")] = NotesSection()
    bibliography: Text = None
    csl: Text = None
    lint: Annotated[LintSection, section("disable: [straight-quote]")] = LintSection()
    labels: Annotated[dict[str, Text], section("contents: Inhalt")] = {}


def unknown_keys(report: Report, path: Path, values: dict, lines, known: set, where: str = "",
                 at: tuple = ()) -> None:
    for key in values:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys{where}: {', '.join(sorted(known))}"
        report.warn("config-unknown-key", f"unknown key '{key}'{where} (ignored)", file=path,
                    line=lines.get((*at, key)), hint=hint)


def report_unknown_keys(report: Report, path: Path, values: dict, lines) -> None:
    """Keys ``series.yml`` does not know, at the top and in each section, each with the nearest known key."""
    unknown_keys(report, path, values, lines, KNOWN_KEYS)
    for name, known in SECTIONS.items():
        if isinstance(values.get(name), dict):
            unknown_keys(report, path, values[name], lines, known, f" under '{name}'", (name,))


def name_list(value) -> tuple[str, ...]:
    """The names of an 'author' value that the schema checked: one name or several."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return (str(value).strip(),) if str(value).strip() else ()


def series_file(report, path, folder: Path, name: str | None, line, key, suffixes) -> Path | None:
    """A file named in series.yml: inside the series folder, existing, of a known kind."""
    if not name:
        return None
    target = (folder / name).resolve()
    if not target.is_relative_to(folder):
        report.add("config-path-outside", f"'{key}: {name}' points outside the series folder", file=path,
                   line=line, hint="keep the file inside the series folder")
    elif not target.is_file():
        report.add("config-file-missing", f"'{key}: {name}': no such file", file=path, line=line,
                   hint=f"the path is relative to {folder}")
    elif target.suffix.lower() not in suffixes:
        report.add("config-file-kind", f"'{key}: {name}' should be a {' or '.join(suffixes)} file", file=path,
                   line=line)
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
    report_unknown_keys(report, path, values, lines)
    found = validate(SeriesFile, values, lines, path, report, required=("title", "language"))
    if found is None:
        return None
    bibliography = series_file(report, path, folder, found.bibliography, lines.get("bibliography"), "bibliography",
                               BIBLIOGRAPHY_SUFFIXES)
    csl = series_file(report, path, folder, found.csl, lines.get("csl"), "csl", (".csl",)) or DEFAULT_CSL
    identifier = found.identifier or \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'publish:series:{folder.name}:{found.title}')}"
    return SeriesConfig(
        folder=folder, name=folder.name, title=found.title, language=found.language, subtitle=found.subtitle,
        authors=found.author, publisher=found.publisher, date=found.date, rights=found.rights,
        description=found.description, identifier=identifier, articles=found.articles,
        print=found.print.settings(), numbering=found.notes.numbering, modified=modified_timestamp(folder, found.date),
        bibliography=bibliography, csl=csl, lint=LintSettings(found.lint.disable, found.lint.note_call),
        labels=own_labels(found.labels, lines, path, report),
    )


def own_labels(labels: dict, lines, path: Path, report: Report) -> tuple[tuple[str, str], ...]:
    """The series' own words (``labels:``) for keys the catalogue knows, each using only the values its
    English message is given (an unknown key was warned about with the other unknown keys)."""
    known, found = set(message_keys()), []
    for key, words in labels.items():
        if key not in known or not words:
            continue
        given = placeholders(Messages(ENGLISH).lookup(key))
        extra = placeholders(words) - given
        if extra:
            wrong = sorted(extra)[0]
            report.add("config-label", f"'labels: {key}' uses {{{wrong}}}, which it is not given" if wrong != "{"
                       else f"'labels: {key}' has a brace that opens or closes no {{name}}",
                       file=path, line=lines.get(("labels", key)),
                       hint=f"it may use {', '.join('{' + name + '}' for name in sorted(given)) or 'no {name}'}")
            continue
        if key in DATE_PATTERNS and not Messages(ENGLISH, ((key, words),)).date_pattern_works(key):
            report.add("config-label", f"'labels: {key}: {words}' is not a pattern of dates", file=path,
                       line=lines.get(("labels", key)), hint="write it as Babel (CLDR) does, e.g. 'd MMMM y'")
            continue
        found.append((key, words))
    return tuple(sorted(found))
