"""The scripts a book shows besides Latin, and the open font each is set in, declared with ``@font-face``.

The book font (Linux Libertine) covers Latin, Greek and Cyrillic. A book that shows Arabic, Hebrew or
Chinese and Japanese characters (in its text, its notes, its titles or the words the toolchain adds in its
language) is given, for those characters only, a font of that script: the same family name as the book font
with a ``unicode-range``, so every rule that sets "Libertine" sets the other script in its own font, in the
print book, the EPUB and the site alike. The fonts are SIL Open Font License fonts from Debian packages
(``tools/install-deps.sh runtime``); they are named by their file, never left to fontconfig's choice. A book
without those scripts declares none of them, and its outputs are what they were without this module.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from publish import files
from publish.ast import stringify
from publish.messages import Messages, is_rtl, is_uncased
from publish.paths import CSS

BOOK_FAMILY = "Libertine"  #: the family base.css gives the book font
RTL_SCRIPTS = ("arabic", "hebrew")  #: the scripts of ``FONTS`` written right to left


@dataclass(frozen=True)
class ScriptFont:
    script: str
    name: str                       #: the font's own family name (its subsets are named after it)
    package: str                    #: the Debian package that installs it
    regular: Path
    bold: Path
    ranges: str                     #: the CSS unicode-range of the script
    pattern: re.Pattern
    keeps: str = ""                 #: characters outside the script its text needs the font to keep
    licence: Path | None = None     #: its licence, when it is not the SIL Open Font License the site ships
    over_book: bool = False         #: the book font draws this script too, less well: the print book's stack
                                    #: names this font first (its unicode-range keeps it to its script)


NOTO = Path("/usr/share/fonts/truetype/noto")
WQY = Path("/usr/share/fonts/truetype/wqy")
FONTS = (
    ScriptFont("arabic", "Noto Naskh Arabic", "fonts-noto-core", NOTO / "NotoNaskhArabic-Regular.ttf",
               NOTO / "NotoNaskhArabic-Bold.ttf",
               "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200D",
               re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe]"),
               keeps="\u200c\u200d"),  # (the joiners Persian writes between the parts of a word)
    ScriptFont("hebrew", "Noto Serif Hebrew", "fonts-noto-core", NOTO / "NotoSerifHebrew-Regular.ttf",
               NOTO / "NotoSerifHebrew-Bold.ttf", "U+0590-05FF, U+FB1D-FB4F",
               re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]"), keeps="", over_book=True),  # (Libertine has Hebrew)
    ScriptFont("cjk", "WenQuanYi Micro Hei", "fonts-wqy-microhei", WQY / "wqy-microhei.ttc", WQY / "wqy-microhei.ttc",
               "U+2E80-2FDF, U+3000-30FF, U+3100-31FF, U+3200-33FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, "
               "U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F",
               re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                          "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002fa1f]"),
               licence=Path("/usr/share/doc/fonts-wqy-microhei/copyright")),  # (Apache 2.0, or GPL 3 + font exception)
)
BY_SCRIPT = {font.script: font for font in FONTS}
STYLES = (("normal", "normal", "regular"), ("italic", "normal", "regular"), ("normal", "bold", "bold"),
          ("italic", "bold", "bold"))  #: (font-style, font-weight, file): the book font's four faces


def scripts_in(text: str) -> tuple[str, ...]:
    """The scripts of ``FONTS`` that ``text`` shows, in their order."""
    return tuple(font.script for font in FONTS if font.pattern.search(text))


def series_scripts(config, articles) -> tuple[str, ...]:
    """The scripts a series shows: in its metadata, its articles and notes (pandoc's tree, whole), and the
    toolchain's own words in its language."""
    messages = Messages(config.language, config.labels)
    parts = [json.dumps([config.title, config.subtitle, config.authors, config.publisher, config.rights,
                         config.description, config.print.also], ensure_ascii=False)]
    parts += [json.dumps([a.title, a.subtitle, a.authors, a.blocks, [n.blocks for n in a.notes]],
                         ensure_ascii=False) for a in articles]
    parts += [messages.lookup(key) for key in ("contents", "notes", "bibliography", "set-in", "cover")]
    return scripts_in("\n".join(parts))


def text_direction(text: str) -> str | None:
    """'ltr' or 'rtl' by the first letter with a direction (as HTML's dir="auto" decides); None without one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def note_direction(note, language: str) -> str | None:
    """The direction of a note whose text runs the other way from its book's (a note in Latin letters in an
    Arabic book: 'ltr'), decided once for every output; None for a note that runs the book's way."""
    found = text_direction(stringify(note.blocks))
    return found if found and found != ("rtl" if is_rtl(language) else "ltr") else None


#: the arrow of a further backlink by the way its note reads: Unicode mirrors no arrow (U+21A9 is not
#: Bidi_Mirrored), and reading apps without CSS transforms (Adobe's RMSDK, older Kobos) would not turn it
BACK_ARROWS = {"ltr": "\u21a9", "rtl": "\u21aa"}


def back_arrow(note, language: str) -> str:
    """↩ in a note read left to right, ↪ in one read right to left: it points back the way the reader came."""
    return BACK_ARROWS[note_direction(note, language) or ("rtl" if is_rtl(language) else "ltr")]


def fonts_of(scripts) -> tuple[ScriptFont, ...]:
    return tuple(BY_SCRIPT[script] for script in scripts)


def file_of(font: ScriptFont, weight: str) -> Path:
    return font.bold if weight == "bold" else font.regular


def face_name(path: Path) -> str:
    """The name a font file takes in the EPUB and on the site (a collection's first font is a .ttf)."""
    return path.with_suffix(".ttf").name


def font_faces(scripts, url_of, own_families: bool = False) -> str:
    """The ``@font-face`` rules of the scripts' fonts, as faces of the book font's family for the script's
    characters; ``url_of(path)``: the URL a stylesheet gives the font file. ``own_families``: each font under
    its own name instead, after the book font in every font-family that names it (for WeasyPrint, which
    mixes up the glyphs of two fonts of one family)."""
    rules = []
    for font in fonts_of(scripts):
        family = font.name if own_families else BOOK_FAMILY
        for style, weight, _ in STYLES:
            rules.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight};\n'
                         f'  src: url("{url_of(file_of(font, weight))}") format("truetype");\n'
                         f'  unicode-range: {font.ranges}; }}')
    if own_families and rules:
        stack = ", ".join(f'"{name}"' for name in print_stack(scripts)) + ", serif"
        rules.append(f"body {{ font-family: {stack}; }}")
        rules.append("@page { " + " ".join(f"@{box} {{ font-family: {stack}; }}" for box in
                                           ("top-left", "top-center", "top-right", "bottom-center")) + " }")
    return "\n".join(rules) + "\n" if rules else ""


def print_stack(scripts) -> tuple[str, ...]:
    """The print book's font families in order: a script's font the book font also draws (Hebrew) before it,
    so that all three outputs set that script in one face (WeasyPrint gives each face its unicode-range)."""
    fonts = fonts_of(scripts)
    return (*(f.name for f in fonts if f.over_book), BOOK_FAMILY, *(f.name for f in fonts if not f.over_book))


def located(scripts, url_of) -> dict[str, tuple[Path, str, str]]:
    """What each URL of ``font_faces`` names: the font file, the font's own name, and the characters it is
    used for (a regular expression of one character: its cut keeps only those)."""
    def used_for(font: ScriptFont) -> str:
        return f"{font.pattern.pattern}|[{font.keeps}]" if font.keeps else font.pattern.pattern

    return {url_of(file_of(font, weight)): (file_of(font, weight), font.name, used_for(font))
            for font in fonts_of(scripts) for _, weight, _ in STYLES}


def font_files(scripts) -> tuple[Path, ...]:
    """The files of the scripts' fonts, each once."""
    return tuple(dict.fromkeys(file_of(font, weight) for font in fonts_of(scripts) for _, weight, _ in STYLES))


def licences(scripts) -> dict[str, Path]:
    """The licences to ship beside the scripts' fonts that are not under the OFL: file name -> the text."""
    return {f"LICENSE-{font.name.replace(' ', '')}.txt": font.licence for font in fonts_of(scripts) if font.licence}


def font_names(scripts) -> tuple[str, ...]:
    return tuple(font.name for font in fonts_of(scripts))


def book_css(config, url_of, sheets: tuple[str, ...] = ("rtl.css",), own_families: bool = False,
             notes_sheets: tuple[str, ...] = ()) -> str:
    """What a book adds to its format's stylesheets, in its language and scripts: the ``@font-face`` rules of
    its scripts' fonts; written right to left, ``sheets`` from styles/css; written left to right but showing a
    script written right to left (an Arabic note in an English book), ``notes_sheets``; in a script without
    capitals, uncased.css (empty for a book in Latin script written left to right)."""
    css = font_faces(config.scripts, url_of, own_families)
    return css + "".join(files.read_text(CSS / name) for name in added_sheets(config, sheets, notes_sheets))


def added_sheets(config, sheets: tuple[str, ...], notes_sheets: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The sheets of styles/css that ``book_css`` adds, in order."""
    added = sheets if is_rtl(config.language) else notes_sheets if set(config.scripts) & set(RTL_SCRIPTS) else ()
    return added + (("uncased.css",) if is_uncased(config.language) else ())


@dataclass(frozen=True)
class ListMarks:
    """The comma and the semicolon that separate the parts of a list (an index entry's pages, its "see")."""
    comma: str = ","
    semicolon: str = ";"


def list_marks(messages: Messages) -> ListMarks:
    """The book's comma and semicolon in lists, from its catalogue: the Arabic script's own (، ؛) in Arabic and
    Persian, French's thin space before a semicolon, else "," and ";"."""
    return ListMarks(messages["comma"], messages["semicolon"])
