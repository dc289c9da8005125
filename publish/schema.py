"""What each key of ``series.yml`` and of an article's front matter may hold, checked by pydantic.

A value is read by the YAML loader with the line it is written on (``source.Lines``); the models here
check every value of a file in one pass, and ``validate`` reports each problem at its line with its code
(``config-*``) and a hint, all at once. A model never stops at the first problem, and no value a file can
hold gets past it unchecked: the rest of the toolchain reads only what a model gave back.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from publish.diagnostics import Report
from publish.source import Lines

SCALARS = (str, int, float, bool)  #: what YAML reads as one value (dates stay text: ``source.PlainLoader``)
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
DATE_HINT = "write dates as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-05-01"


def refuse(code: str, message: str, hint: str | None = None) -> PydanticCustomError:
    """The problem of one value, raised by a validator: ``validate`` reports it as ``code`` at its line."""
    return PydanticCustomError(code, "{message}", {"message": message, "hint": hint})


def key_of(info: ValidationInfo) -> str:
    return str(info.field_name)


def scalar(value, info: ValidationInfo, what: str = "text", hint: str | None = None) -> str:
    """One value of YAML as text; a list or a mapping (or a tagged value such as !!binary) is an error."""
    if not isinstance(value, SCALARS):
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else \
            type(value).__name__
        raise refuse("config-type", f"'{key_of(info)}' must be {what}, not {kind}",
                     hint or f"quote the value if it is text, e.g. {key_of(info)}: \"[Draft] A title\"")
    return str(value).strip()


def text(value, info: ValidationInfo) -> str | None:
    return None if value is None else scalar(value, info)


def required_text(value, info: ValidationInfo) -> str:
    found = text(value, info)
    if not found:
        raise refuse("config-missing-key", f"'{key_of(info)}' is empty", f"write a value: '{key_of(info)}: ...'")
    return found


def item(value, info: ValidationInfo) -> str:
    """An item of a list (a name, a file name, a title, a code), as text."""
    return scalar(value, info, "a list of single values", "write each item as text, e.g. [One, Two]")


def as_list(what: str, alone: bool = False):
    """A list of values (``alone``: a single value stands for a list of one); its items are ``item``s."""
    def check(value, info: ValidationInfo):
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if alone and isinstance(value, SCALARS):
            return [value]
        raise refuse("config-type", f"'{key_of(info)}' must be {what}", f"write a list, e.g. {key_of(info)}: [One, Two]")
    return BeforeValidator(check)


def filled(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(value for value in values if value)


def date(value, info: ValidationInfo) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY, a date that exists (a time after the day is accepted and dropped)."""
    if value is None:
        return None
    written = scalar(value, info, "a date")
    if DATE.fullmatch(written):
        try:
            dt.date.fromisoformat(written + "-01-01"[len(written) - 4:])
            return written
        except ValueError:
            raise refuse("config-date", f"'{key_of(info)}: {written}' is not a day of the calendar",
                         DATE_HINT) from None
    if DATE.fullmatch(written[:10]) and written[10:11] in ("T", "t", " "):
        try:
            return dt.datetime.fromisoformat(written.replace("z", "Z")).date().isoformat()
        except ValueError:
            pass
    raise refuse("config-date", f"'{key_of(info)}' is not a date: {written!r}", DATE_HINT)


Text = Annotated[str | None, BeforeValidator(text)]
RequiredText = Annotated[str, BeforeValidator(required_text)]
Item = Annotated[str, BeforeValidator(item)]
Names = Annotated[tuple[Item, ...], as_list("a name or a list of names", alone=True), AfterValidator(filled)]
TextList = Annotated[tuple[Item, ...], as_list("a list of file names")]
Date = Annotated[str | None, BeforeValidator(date)]


def section(example: str):
    """A mapping under a key, e.g. ``print:``; empty when the key is there with nothing under it."""
    def check(value, info: ValidationInfo):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise refuse("config-type", f"'{key_of(info)}' must hold keys such as '{example}'")
        return value
    return BeforeValidator(check)


class Schema(BaseModel):
    """A mapping of a file: keys it does not know are kept (the caller warns about them, with a suggestion)."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class FrontMatter(Schema):
    """An article's front matter; pandoc reads ``title`` and ``subtitle`` again, as Markdown."""

    title: RequiredText
    subtitle: Text = None
    author: Names = ()
    date: Date = None


def validate(schema: type[Schema], values: dict, lines: Lines, path: Path, report: Report,
             required: tuple[str, ...] = ()) -> Schema | None:
    """``values`` as ``schema`` reads them, every problem reported at its line. Where a key is wrong, its
    default stands in for it, so that what comes next can be checked too; None when a key of ``required``
    is wrong or missing."""
    try:
        return schema.model_validate(values)
    except ValidationError as exc:
        wrong = {error["loc"][0] for error in exc.errors() if error["loc"]}
        for error in exc.errors(include_url=False):
            report_error(error, lines, path, report)
    if not wrong or wrong & set(required) or any(schema.model_fields[name].is_required() for name in wrong
                                    if name in schema.model_fields):
        return None
    return validate(schema, {key: value for key, value in values.items() if key not in wrong}, lines, path,
                    Report())


def report_error(error: dict, lines: Lines, path: Path, report: Report) -> None:
    loc, context = tuple(error["loc"]), error.get("ctx") or {}
    if error["type"] == "missing":
        key = loc[-1]
        report.add("config-missing-key", f"required key '{key}' is missing", file=path, line=lines.near(loc[:-1]),
                   hint=f"add a line '{key}: ...'")
    elif "message" in context:
        report.add(error["type"], context["message"], file=path, line=lines.near(loc), hint=context.get("hint"))
    else:  # a check of pydantic's own
        where = ".".join(str(part) for part in loc)
        report.add("config-type", f"'{where}': {error['msg']}", file=path, line=lines.near(loc),
                   hint="see what each key holds in the README (A series folder)")
