"""What the book carries besides its documents: the stylesheet, the fonts, and the images of its articles
and notes, copied into the book with their links pointed at the copies.

An image is written relative to its article (``![A map](maps/1871.png)``); when the series
is read, each is checked to be a local file inside the series in a type every reading app
shows (``publish.images``). Images with no text alternative are reported, and the book then
makes no accessibility claim it could not keep.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from publish.adapters.epub.documents import STYLESHEET
from publish.adapters.epub.package import Resource
from publish.ast import nodes, stringify
from publish.diagnostics import Report
from publish.images import published_name, relink, resolve
from publish.model import Article
from publish.paths import CSS, FONTS

FONT_FILES = ("LinLibertine_R.otf", "LinLibertine_RI.otf", "LinLibertine_RB.otf", "LinLibertine_RBI.otf")
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}


@dataclasses.dataclass
class ImageSet:
    """The images of the whole book: one copy of each file, however often it is shown."""

    series_folder: Path
    report: Report
    resources: dict[Path, Resource] = dataclasses.field(default_factory=dict)
    without_text: int = 0

    def relink(self, article: Article) -> Article:
        """The article with every image pointed at its copy in the book (``../images/...``)."""
        for node in nodes([article.blocks, [note.blocks for note in article.notes]]):
            if node["t"] == "Image":
                _attr, alt, (url, _title) = node["c"]
                if self._resource(url, article) and not stringify(alt).strip():
                    self.without_text += 1
                    self.report.warn("epub-image-alt", f"the image '{url}' has no text alternative",
                                     file=article.file,
                                     hint="describe it between the brackets: ![A map of Paris in 1871](map.png)")
        return relink(article, lambda path: f"../{self.resources[path].name}" if path in self.resources else None)

    def _resource(self, url: str, article: Article) -> Resource | None:
        """The book's copy of an image; every image was checked when the series was read."""
        path = resolve(url, article.file)
        if path is None or path not in article.images:
            return None
        if path not in self.resources:
            name = f"images/{published_name(path)}"
            uid = "image-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
            self.resources[path] = Resource(uid, name, MEDIA_TYPES[path.suffix.lower()], path.read_bytes())
        return self.resources[path]

    def items(self) -> list[Resource]:
        """The image files, in a fixed order (by their name in the book)."""
        unique = {res.name: res for res in self.resources.values()}
        return [unique[name] for name in sorted(unique)]


def stylesheet_and_fonts() -> list[Resource]:
    """The stylesheet (shared typography, then the EPUB's own) and the fonts it names."""
    css = (CSS / "base.css").read_text(encoding="utf-8") + "\n" + (CSS / "epub.css").read_text(encoding="utf-8")
    found = [Resource("css", STYLESHEET, "text/css", css.encode("utf-8"))]
    for number, name in enumerate(FONT_FILES, start=1):
        found.append(Resource(f"font-{number}", f"fonts/{name}", "font/otf", (FONTS / name).read_bytes()))
    return found
