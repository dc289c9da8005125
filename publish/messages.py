"""The words the toolchain adds to a book (contents, notes, the imprint, downloads...), in the series' language.

One catalogue serves the EPUB, the PDF and the site: gettext ``.po`` files in ``publish/locale/``, one per
language, read with Babel (``babel.messages.pofile``; read as they are, so no compiled ``.mo`` is kept). A
message is named by a key (``contents``, ``back-to-reference``); ``en.po`` holds every key, and the English
words are what a language falls back to when its file lacks a key or the language has no file at all
(``missing`` says which: the loader warns, ``label-untranslated``). A series may give its own words for any
key in ``series.yml`` (``labels:``). Dates are written by the language's own rules (Babel, CLDR), in the
patterns the catalogue gives (``date-format``, ``month-format``), and so are numbers. A language that writes the
first day of a month otherwise (French "1er juillet") gives ``date-format-first``; one that does not needs no
such key, and its own ``date-format`` stands in (``FALLBACK``), not the English. So with the punctuation the
toolchain adds, where French sets a thin space before a colon or a semicolon (``title-subtitle``,
``semicolon``, and the Arabic script's own comma and semicolon, ``comma``): a language that punctuates as
English does leaves them out, and the English stands in.
"""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import icu
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from markupsafe import Markup, escape

LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
RTL_LANGUAGES = ("ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ckb")  #: written right to left
#: languages whose books are not hyphenated (their scripts break lines otherwise): no pattern is missed
DATE_PATTERNS = ("date-format", "date-format-first", "month-format")  #: patterns of dates (Babel, CLDR)
#: keys a language may leave out, with the key of its own catalogue that stands in for each
FALLBACK = {"date-format-first": "date-format", "title-subtitle": None, "semicolon": None, "comma": None}
UNHYPHENATED = RTL_LANGUAGES + ("zh", "ja", "ko", "th", "lo", "km", "my", "bo")


def primary(language: str) -> str:
    """The primary subtag of a BCP 47 tag: 'de-CH' -> 'de'."""
    return language.split("-")[0].lower()


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """The translated messages of one language's ``.po`` file (key -> words); empty when there is none."""
    path = LOCALE_DIR / f"{language}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as file:
        return {message.id: message.string for message in read_po(file) if message.id and message.string}


def keys() -> tuple[str, ...]:
    """Every message's key, as the English catalogue lists them."""
    return tuple(catalogue(ENGLISH))


def placeholders(text: str) -> set[str]:
    """The ``{name}``s of a message; ``{"{"}`` when a brace stands alone (write ``{{`` for a brace)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"{"}


def is_rtl(language: str) -> bool:
    return primary(language) in RTL_LANGUAGES


def is_uncased(language: str) -> bool:
    """Whether the language's script has no capital letters (its books are not hyphenated either)."""
    return primary(language) in UNHYPHENATED


@lru_cache(maxsize=None)
def babel_locale(language: str) -> Locale:
    """Babel's locale for the tag (its primary language when the whole tag is unknown; else English)."""
    for tag in (language.replace("-", "_"), primary(language)):
        try:
            return Locale.parse(tag)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse(ENGLISH)


@lru_cache(maxsize=None)
def digits_of(language: str) -> dict[int, str]:
    """The language's own digits (Persian writes ۰۱۲۳۴۵۶۷۸۹), as a ``str.translate`` table; empty where it writes
    0–9. Babel knows the locale's numbering system and its separators but writes 0–9 whatever it is: the
    digits of the system are CLDR's, as ICU holds them."""
    name = babel_locale(language).default_numbering_system
    system = icu.NumberingSystem.createInstanceByName(name)
    digits = system.getDescription()
    if name == "latn" or system.isAlgorithmic() or len(digits) != 10:
        return {}
    return str.maketrans("0123456789", digits)


@dataclass(frozen=True)
class Messages:
    """The words of one language, with a series' own (``labels``: key -> words) in front."""

    language: str
    labels: tuple[tuple[str, str], ...] = ()

    def lookup(self, key: str) -> str:
        own = dict(self.labels)
        if key in own:
            return own[key]
        found = catalogue(primary(self.language)).get(key)
        if found is None and FALLBACK.get(key):
            return self.lookup(FALLBACK[key])
        return found if found is not None else catalogue(ENGLISH)[key]

    def __getitem__(self, key: str) -> str:
        return self.lookup(key)

    def format(self, key: str, **values) -> str:
        """The message with its ``{name}``s filled in (whole numbers in the language's digits)."""
        return self.lookup(key).format(**self.in_own_digits(values))

    def markup(self, key: str, **values) -> Markup:
        """As ``format``, for HTML: the words escaped, the values escaped unless they are Markup."""
        return escape(self.lookup(key)).format(**self.in_own_digits(values))

    def missing(self) -> list[str]:
        """The keys this language has no words for (English stands in), unless the series gives its own."""
        if primary(self.language) == ENGLISH:
            return []
        own, found = dict(self.labels), catalogue(primary(self.language))
        return [key for key in keys() if key not in own and key not in found and key not in FALLBACK]

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.language) else "ltr"

    @property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    def title_line(self, title: str, subtitle: str | None) -> str:
        """A title and its subtitle on one line ("Title: Subtitle"), punctuated as the language does."""
        return self.format("title-subtitle", title=title, subtitle=subtitle) if subtitle else title

    def number(self, value: int) -> str:
        return self.in_digits(format_decimal(value, locale=self.locale, numbering_system="default"))

    def decimal(self, value: float, pattern: str = "0.0") -> str:
        return self.in_digits(format_decimal(value, format=pattern, locale=self.locale, numbering_system="default"))

    def in_own_digits(self, values: dict) -> dict:
        return {name: self.in_digits(str(value)) if type(value) is int else value for name, value in values.items()}

    def in_digits(self, text: str) -> str:
        """``text`` with 0–9 written in the language's own digits."""
        return text.translate(digits_of(self.language))

    def count_words(self, count: int) -> str:
        """``count`` as ``series-statement`` writes it: in words up to twelve (``number-words``)."""
        words = self.lookup("number-words").split()
        return words[count] if 0 <= count < len(words) else self.number(count)

    def date_pattern_works(self, key: str) -> bool:
        """Whether the pattern ``key`` writes a date (a series' own may be broken: ``'`` left open)."""
        try:
            format_date(dt.date(2024, 3, 5), self.lookup(key), locale=self.locale)
        except (ValueError, KeyError, AttributeError, TypeError):
            return False
        return True

    def date(self, value: str | None) -> str | None:
        """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as the language writes it."""
        if not value:
            return None
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 1:
            return self.in_digits(str(parts[0]))
        day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        first = len(parts) > 2 and day.day == 1
        pattern = self.lookup("date-format-first" if first else "date-format" if len(parts) > 2 else "month-format")
        return self.in_digits(format_date(day, pattern, locale=self.locale))


def report_missing(config, report, path) -> None:
    """Warn (``label-untranslated``) about each word of the toolchain the series' language lacks."""
    messages = messages_for(config)
    missing = messages.missing()
    if not missing:
        return
    language = primary(config.language)
    hint = f"write it under 'labels:' in series.yml, or add it to publish/locale/{language}.po"
    if not catalogue(language):
        report.warn("label-untranslated", f"the toolchain's words have no '{language}' translation: the "
                    f"{len(missing)} strings ({', '.join(missing[:4])}, ...) are written in English", file=path,
                    hint=hint)
        return
    for key in missing:
        report.warn("label-untranslated", f"'{key}' has no '{language}' translation: the English "
                    f"'{catalogue(ENGLISH)[key]}' is written instead", file=path, hint=hint)


def report_hyphenation(config, report, path) -> None:
    """Warn (``hyphenation-none``) when the print book's language is hyphenated but has no patterns (Pyphen's,
    which WeasyPrint uses): its lines are then broken between words only."""
    import pyphen  # (WeasyPrint's own dependency)
    if primary(config.language) in UNHYPHENATED or pyphen.language_fallback(config.language.replace("-", "_")):
        return
    report.warn("hyphenation-none", f"no hyphenation patterns for '{config.language}': the print book breaks "
                "its lines between words only", file=path,
                hint="set the language's tag as Pyphen knows it (e.g. 'de-CH', 'pt-BR'), or accept wider spaces")


def messages_for(config) -> Messages:
    """The words of a series (a ``SeriesConfig``): its language, and its own ``labels:``."""
    return Messages(config.language, tuple(getattr(config, "labels", ()) or ()))
