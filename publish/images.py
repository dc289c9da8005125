"""Images, checked once when the series is read: local, inside the series, existing, of a known type.

A build never opens a network connection and never reads a file outside the series folder, so a
remote image or a path such as ``../../../etc/passwd`` is refused here, before any adapter runs.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from publish import files
from publish.diagnostics import Report
from publish.parse import line_of
from publish.source import SourceText

KNOWN_TYPES = {".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp"}


def check_images(images: list, source: SourceText, series_folder: Path, report: Report) -> tuple[Path, ...]:
    """Report every unusable image of an article (its Image nodes: ``ast.collect``) at its line;
    return its usable image files."""
    found: list[Path] = []
    for url in dict.fromkeys(node["c"][2][0] for node in images):
        line, col = line_of(source.body, url)
        where = {"file": source.path, "line": line, "col": col}
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        if parts.scheme or parts.netloc:
            report.add("image-remote", f"the image '{url}' is on another server; builds never fetch from the network",
                       hint="download it into the series folder and link the copy", **where)
            continue
        path = resolve(url, source.path)
        if not path.is_relative_to(series_folder.resolve()):
            report.add("image-outside", f"the image '{url}' is outside the series folder; it is not read",
                       hint="move the image into the series folder", **where)
        elif not path.is_file():
            report.add("image-missing", f"the image '{url}' does not exist", hint=f"the path is read relative to "
                       f"{source.path.parent}", **where)
        elif path.suffix.lower() not in KNOWN_TYPES:
            report.add("image-type", f"the image '{url}' is not a JPEG, PNG, GIF, SVG or WebP file",
                       hint="convert it to PNG or JPEG", **where)
        else:
            found.append(path)
    return tuple(found)


def resolve(url: str, article_file: Path) -> Path | None:
    """The file an image URL of an article names (None for data: URLs and remote ones)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return (article_file.parent / unquote(parts.path)).resolve()


def published_name(path: Path) -> str:
    """A safe, stable file name for an image in an output: its name plus a digest of its content."""
    digest = hashlib.sha1(files.read_bytes(path)).hexdigest()[:10]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "image"
    return f"{stem}-{digest}{path.suffix.lower()}"


def relink(article, url_for: Callable[[Path], str | None]):
    """The article with every image URL (in its text and its notes) replaced by ``url_for(file)``
    (kept as written where that gives None)."""
    def walk(node):
        if isinstance(node, list):
            return [walk(child) for child in node]
        if not isinstance(node, dict) or "c" not in node:
            return node
        if node.get("t") == "Image":
            attr, alt, (url, title) = node["c"]
            path = resolve(url, article.file)
            return {"t": "Image", "c": [attr, alt, [(url_for(path) if path else None) or url, title]]}
        return {**node, "c": walk(node["c"])}

    notes = tuple(dataclasses.replace(note, blocks=walk(note.blocks)) for note in article.notes)
    return dataclasses.replace(article, blocks=walk(article.blocks), notes=notes)
