"""The cover image: the series' own ``cover.jpg`` / ``cover.png``, or one drawn from its metadata.

The EPUB shows it; the print cover (``adapters/pdf/cover``) puts the same supplied image on its front, or
sets the drawn cover's design (its colours, fonts and lines of text) in type.

A drawn cover is 1600 x 2560 px (the shape retailers ask for), set in the
shipped Libertine: title, subtitle and authors (and, for an article's own
book, the series above them). A supplied cover much larger than that (a
designer's 4000 x 6400 px file) is scaled down until its shorter side meets
that size (``sized``): no reading app or retailer shows more, and every
reader would download it. It is the same bytes on every build: nothing in it
depends on the time or the machine.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from publish import files, scripts
from publish.config import SeriesConfig
from publish.diagnostics import Report
from publish.paths import FONTS

WIDTH, HEIGHT = 1600, 2560
MARGIN = 170
MIN_SIDE = (1600, 2560)
LARGER = 1.25  #: a supplied cover is scaled down when it is this many times MIN_SIDE on both sides, or more
INK = (244, 236, 220)
PAPER = (58, 30, 34)
RULE = (201, 162, 92)
ROMAN, ITALIC = "LinLibertine_R.otf", "LinLibertine_RI.otf"  #: the fonts a drawn cover is set in (in styles/fonts)
COVER_FONTS = (ROMAN, ITALIC)
SUPPLIED = {"cover.jpg": "image/jpeg", "cover.jpeg": "image/jpeg", "cover.png": "image/png"}


@dataclass(frozen=True)
class Cover:
    data: bytes
    name: str        #: file name inside the book, e.g. 'cover.jpg'
    media_type: str


def make_cover(config: SeriesConfig, report: Report) -> Cover:
    """The series' own cover if it has one, else a drawn one."""
    return supplied_cover(config, report) or Cover(draw_cover(config), "cover.jpg", "image/jpeg")


def supplied_cover(config: SeriesConfig, report: Report) -> Cover | None:
    """The series' own cover, if it has a readable one (what is wrong with it goes to ``report``, once in a
    build: the EPUB and the print cover both ask)."""
    found, supplied = Report(), None
    for name, media_type in SUPPLIED.items():
        path = config.folder / name
        if path.is_file():
            supplied = _supplied_cover(path, media_type, found)
            if supplied:
                break
    report.extend([problem for problem in found.items if problem not in report.items])
    return supplied


def _supplied_cover(path: Path, media_type: str, report: Report) -> Cover | None:
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            size, kind = image.size, image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        report.add("epub-cover-unreadable", f"{path.name} is not a readable image", file=path,
                   hint="save the cover as a JPEG or PNG, or delete it to get a generated cover")
        return None
    if kind not in ("JPEG", "PNG") or (kind == "PNG") != (media_type == "image/png"):
        report.add("epub-cover-format", f"{path.name} holds a {kind} image", file=path,
                   hint="save it as a real JPEG (cover.jpg) or PNG (cover.png)")
        return None
    if size[0] < MIN_SIDE[0] or size[1] < MIN_SIDE[1]:
        report.warn("epub-cover-small", f"{path.name} is {size[0]} x {size[1]} px; retailers ask for at least "
                    f"{MIN_SIDE[0]} x {MIN_SIDE[1]}", file=path, hint="export the cover at 1600 x 2560 px or more")
    return Cover(sized(data, size, kind), "cover" + path.suffix.lower().replace(".jpeg", ".jpg"), media_type)


def sized(data: bytes, size: tuple[int, int], kind: str) -> bytes:
    """A supplied cover of ``size`` px scaled down to MIN_SIDE (its shorter side meeting it, in its own
    shape), when it is LARGER than that; else as it is."""
    scale = max(MIN_SIDE[0] / size[0], MIN_SIDE[1] / size[1])
    if scale * LARGER > 1:
        return data
    with Image.open(io.BytesIO(data)) as image:
        image = image.resize((round(size[0] * scale), round(size[1] * scale)), Image.LANCZOS)
    out = io.BytesIO()
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True, progressive=True)
    return out.getvalue()


def draw_cover(config: SeriesConfig, collection: str | None = None) -> bytes:
    """A cover of the book's title, subtitle, authors and publisher; ``collection``: the series it is part of
    (an article's own book), set above the title."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inset = MARGIN // 2
    draw.rectangle((inset, inset, WIDTH - inset, HEIGHT - inset), outline=RULE, width=6)
    if collection:
        _draw_rule(draw, _draw_block(draw, collection, ITALIC, 80, 380, max_lines=2) + 60)
    y = _draw_block(draw, config.title, ROMAN, 170, 760, max_lines=5)
    if config.subtitle:
        y = _draw_rule(draw, y + 70)
        _draw_block(draw, config.subtitle, ITALIC, 92, y + 70, max_lines=4)
    if config.authors:
        _draw_block(draw, ", ".join(config.authors), ROMAN, 96, HEIGHT - 560, max_lines=3)
    if config.publisher:
        _draw_block(draw, config.publisher, ROMAN, 60, HEIGHT - 300, max_lines=1)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, subsampling=0, optimize=True)
    return out.getvalue()


def _draw_rule(draw: ImageDraw.ImageDraw, y: int) -> int:
    draw.line((WIDTH // 2 - 160, y, WIDTH // 2 + 160, y), fill=RULE, width=4)
    return y


def _draw_block(draw: ImageDraw.ImageDraw, text: str, font_file: str, size: int, top: int, max_lines: int) -> int:
    """Draw ``text`` centred from ``top``, shrinking it until it fits; return the bottom."""
    width = WIDTH - 2 * MARGIN
    shown = scripts.fonts_of(scripts.scripts_in(text))  # (a title in Arabic or Chinese: in its script's font)
    path = shown[0].regular if shown else FONTS / font_file
    while True:
        font = ImageFont.truetype(io.BytesIO(files.read_bytes(path)), size)
        lines = _wrap(text, font, width)
        if (len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines)) or size <= 24:
            break
        size = int(size * 0.9)
    leading = int(size * 1.2)
    for number, line in enumerate(lines):
        draw.text((WIDTH / 2, top + number * leading), line, font=font, fill=INK, anchor="ma")
    return top + len(lines) * leading


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
