"""The book's fonts as the EPUB and the site carry them: every font a stylesheet declares (``@font-face``),
cut down by fontTools to the characters the book shows, as OpenType (EPUB) or WOFF2 (site).

Whatever the script of a font, the same steps: ``declared_faces`` reads the ``@font-face`` rules of a
stylesheet (tinycss2, the CSS parser WeasyPrint uses); ``characters`` gathers what the book shows: its
text, what the stylesheets generate (``content``, ``quotes``) and what reading apps and browsers generate
(``GENERATED``: numbers, list markers, quotes, dashes, the ellipsis, the backlink arrow); ``subset`` cuts a
font down to them with ``fontTools.subset``, keeping fontTools' default layout features (kerning, common
ligatures, marks, the shaping features of Arabic, Hebrew, Indic and CJK scripts) and those the
stylesheets ask for (``features``: ``oldstyle-nums`` is ``onum``, ``small-caps`` is ``smcp``, ...), so
a character set in small capitals keeps its small capital. A cut-down font is a Modified Version under
the SIL Open Font License, which may not bear a Reserved Font Name: it is named after the family the
stylesheet gives it, with "Subset" after it, and keeps its copyright and licence records. The same
font and characters give the same bytes on every build (no timestamp is written).
"""
from __future__ import annotations

import io
import os
import re
import string
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import fontTools
import lxml.html
import tinycss2
from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont

from publish.cache import TEMPORARY, derive_key, settle

#: what reading apps and browsers may draw in the book's font without it being in the text: numbers and
#: list markers (decimal, alphabetic, roman, disc, circle, square), quotation marks of the languages
#: books are written in, dashes, the ellipsis, spaces, the backlink arrow, the close button of a popup
GENERATED = (string.printable.strip() + " \u00a0\u202f\u2009\u2007\u2013\u2014\u2026\u2022\u25e6\u25aa\u2023"
             "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f"
             "\u00b7\u00a7\u00b6\u2020\u2021\u21a9\ufe0e\u2191\u00d7")
#: the OpenType features a CSS keyword of font-variant* (or of the font shorthand) asks for
KEYWORD_FEATURES = {
    "lining-nums": ("lnum",), "oldstyle-nums": ("onum",), "proportional-nums": ("pnum",),
    "tabular-nums": ("tnum",), "diagonal-fractions": ("frac",), "stacked-fractions": ("afrc",),
    "ordinal": ("ordn",), "slashed-zero": ("zero",), "small-caps": ("smcp",), "all-small-caps": ("smcp", "c2sc"),
    "petite-caps": ("pcap",), "all-petite-caps": ("pcap", "c2pc"), "unicase": ("unic",), "titling-caps": ("titl",),
    "common-ligatures": ("liga", "clig"), "discretionary-ligatures": ("dlig",),
    "historical-ligatures": ("hlig",), "contextual": ("calt",), "sub": ("subs",), "super": ("sups",),
    "historical-forms": ("hist",), "ruby": ("ruby",), "full-width": ("fwid",), "proportional-width": ("pwid",),
    "jis78": ("jp78",), "jis83": ("jp83",), "jis90": ("jp90",), "jis04": ("jp04",), "simplified": ("smpl",),
    "traditional": ("trad",),
}
FORMATS = {None: ("opentype", ".otf", "font/otf"), "woff": ("woff", ".woff", "font/woff"),
           "woff2": ("woff2", ".woff2", "font/woff2")}  #: a flavor's CSS format, file extension, media type
#: name records that name the font (family, full name, PostScript name, unique id, typographic family)
NAME_IDS = (1, 3, 4, 6, 16, 21)


@dataclass(frozen=True)
class Face:
    """One ``@font-face`` source: the font file a stylesheet names."""
    url: str         #: as the stylesheet writes it, e.g. ../fonts/LinLibertine_R.otf
    path: Path       #: the file, resolved against the stylesheet's folder
    family: str      #: the family the stylesheet gives it
    named: str = ""  #: the font's own name, when its subset is named after that (``publish.scripts``)
    only: str = ""   #: the characters a face is used for (its unicode-range), as a regular expression of one


def _rules(css: str):
    return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)


def _declarations(css: str):
    """Every declaration of the stylesheet, in @media and @page rules (and their margin boxes) too."""
    for rule in _rules(css):
        if rule.type in ("qualified-rule", "at-rule") and rule.content is not None:
            yield from _declarations_in(rule.content)


def _declarations_in(tokens):
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            yield item
        elif item.type in ("qualified-rule", "at-rule") and item.content is not None:
            yield from _declarations_in(item.content)


def declared_faces(css: str, folder: Path, located: dict | None = None) -> list[Face]:
    """The font files the ``@font-face`` rules of ``css`` name (relative to ``folder``), in order;
    ``located``: URL -> (file, the font's own name) of fonts that are not in ``folder`` (``publish.scripts``)."""
    found = []
    for rule in _rules(css):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        values = {item.lower_name: item.value for item in tinycss2.parse_blocks_contents(rule.content)
                  if item.type == "declaration"}
        family = "".join(t.value for t in values.get("font-family", []) if t.type in ("string", "ident"))
        for token in values.get("src", []):
            url = token.value if token.type == "url" else \
                next((a.value for a in token.arguments if a.type == "string"), None) \
                if token.type == "function" and token.lower_name == "url" else None
            if url and (located or {}).get(url):
                found.append(Face(url, *located[url][:1], family, *located[url][1:]))
            elif url and "://" not in url and not url.startswith("data:"):
                found.append(Face(url, (folder / unquote(url)).resolve(), family))
    return found


def features(css_texts) -> set[str]:
    """The OpenType features the stylesheets ask for (font-variant*, font, font-feature-settings)."""
    found = set()
    for css in css_texts:
        for declaration in _declarations(css):
            name = declaration.lower_name
            for token in declaration.value:
                if name == "font-feature-settings" and token.type == "string" and len(token.value) == 4:
                    found.add(token.value)
                elif (name == "font" or name.startswith("font-variant")) and token.type == "ident":
                    found.update(KEYWORD_FEATURES.get(token.lower_value, ()))
    return found


def generated_text(css_texts) -> str:
    """The strings the stylesheets draw themselves (``content``, ``quotes``)."""
    return "".join(token.value for css in css_texts for declaration in _declarations(css)
                   if declaration.lower_name in ("content", "quotes")
                   for token in declaration.value if token.type == "string")


def characters(texts, css_texts) -> str:
    """Every character the book may draw: ``texts``, what the stylesheets and reading apps generate."""
    found = set(GENERATED) | set(generated_text(css_texts))
    for text in texts:
        found.update(text)
    return "".join(sorted(c for c in found if c.isprintable() or c in "\u00a0\u202f\u2009\u2007"))


def subset(data: bytes, text: str, layout_features: set[str], family: str, flavor: str | None = None) -> bytes:
    """The font ``data`` cut down to the glyphs ``text`` needs with ``layout_features`` (and fontTools'
    defaults), renamed ``<family> Subset``; ``flavor``: None (OpenType) or 'woff2'."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False,
                  fontNumber=0 if data[:4] == b"ttcf" else -1)  # (a collection: its first font)
    options = ftsubset.Options()
    options.layout_features = sorted(set(options.layout_features) | set(layout_features))
    options.name_IDs = ["*"]  # the copyright and licence records with the rest
    options.name_languages = ["*"]
    options.notdef_outline = True  # a character the font lacks shows as a box, not as nothing
    options.drop_tables = [*options.drop_tables, "FFTM"]  # (FontForge's own timestamp)
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    rename(font, f"{family} Subset")
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def rename(font: TTFont, family: str) -> None:
    """Name the font ``family`` wherever it is named (the name table, and a CFF font's own names)."""
    table = font["name"]
    style = (table.getDebugName(2) or "Regular").strip()
    postscript = "".join(c for c in f"{family}-{style}" if c.isalnum() or c == "-")
    names = {1: family, 3: postscript, 4: f"{family} {style}", 6: postscript, 16: family, 21: family}
    for record in list(table.names):
        if record.nameID in NAME_IDS:
            table.setName(names[record.nameID], record.nameID, record.platformID, record.platEncID,
                          record.langID)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FamilyName", family), ("FullName", f"{family} {style}")):
            if hasattr(top, key):
                setattr(top, key, value)


def flavor_of(face: Face) -> str | None:
    """The flavor of the font file a face names (None: plain OpenType or TrueType)."""
    return {".woff": "woff", ".woff2": "woff2"}.get(face.path.suffix.lower())


def file_name(face: Face, flavor: str | None) -> str:
    """The subset's file name: the original's, with the flavor's extension (a plain font keeps its own)."""
    name = Path(unquote(face.url))
    return (name if flavor is None and flavor_of(face) is None else name.with_suffix(FORMATS[flavor][1])).name


def media_type(name: str) -> str:
    return {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}[
        Path(name).suffix.lower()]


def restyle(css: str, urls: dict[str, str], flavor: str | None) -> str:
    """``css`` with each ``@font-face`` source in ``urls`` (as written -> new URL) pointed at its subset,
    in the flavor's format."""
    rules = tinycss2.parse_stylesheet(css)
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        tokens, pointed = rule.content, False
        for index, token in enumerate(tokens):
            url = token.value if token.type == "url" else \
                next((a.value for a in token.arguments if a.type == "string"), None) \
                if token.type == "function" and token.lower_name == "url" else None
            if url in urls:
                tokens[index] = tinycss2.ast.URLToken(token.source_line, token.source_column, urls[url],
                                                      f'url("{urls[url]}")')
                pointed = True
            elif token.type in ("whitespace", "comment"):
                continue
            elif token.type == "function" and token.lower_name == "format" and pointed:
                tokens[index] = tinycss2.ast.FunctionBlock(
                    token.source_line, token.source_column, "format",
                    [tinycss2.ast.StringToken(token.source_line, token.source_column, FORMATS[flavor][0],
                                              f'"{FORMATS[flavor][0]}"')])
                pointed = False
            else:
                pointed = False
    return tinycss2.serialize(rules)


class Subsets:
    """Subsets kept in ``folder`` (``build/.cache/fonts/``) by what they are made of, one file each: a
    build whose text brings no new character makes none again. What no series' last build used is let go
    (``settle``)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: dict[str, set[str]] = {}
        self.since = time.time()

    def get(self, face: Face, text: str, layout_features: set[str], flavor: str | None = None) -> Path:
        """The file of ``face`` cut down to ``text`` (made now if it is not kept already)."""
        if face.only:  # (a face used for one script's characters only keeps no other)
            text = "".join(char for char in text if re.fullmatch(face.only, char))
        suffix = FORMATS[flavor][1] if flavor else Path(unquote(face.url)).suffix.lower()
        key = derive_key("font", face.path, face.family, text, sorted(layout_features), flavor,
                         fontTools.version, *([face.named] if face.named else []), code=("fonts.py",), styles=())
        path = self.folder / f"{key}{suffix}"
        self.used.setdefault(suffix, set()).add(key)
        if not path.is_file():
            data = subset(face.path.read_bytes(), text, layout_features, face.named or face.family, flavor)
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f"{TEMPORARY}{os.getpid()}-")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        return path

    def settle(self, owner: str) -> None:
        for suffix, used in self.used.items():
            settle(self.folder, f"{owner}{suffix}", used, suffix, self.since)


def text_of(markup: str) -> str:
    """What a page (HTML or XHTML) shows in text: its text and its images' text alternatives."""
    root = lxml.html.document_fromstring(markup.encode("utf-8"))
    return "".join(root.itertext()) + "".join(root.xpath("//@alt | //@title"))
