"""Images in articles and notes: copied into the book, their links pointed at the copies.

An image is written relative to its article (``![A map](maps/1871.png)``). It
must be a file inside the series folder in a type every reading app shows;
a remote image cannot be shown offline and is refused. Images with no text
alternative are reported, and the book then makes no accessibility claim it
could not keep.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from publish.adapters.epub_package import Resource
from publish.ast import stringify
from publish.diagnostics import Report
from publish.model import Article

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
        notes = tuple(dataclasses.replace(note, blocks=self._walk(note.blocks, article))
                      for note in article.notes)
        return dataclasses.replace(article, blocks=self._walk(article.blocks, article), notes=notes)

    def _walk(self, node, article: Article):
        if isinstance(node, list):
            return [self._walk(child, article) for child in node]
        if not isinstance(node, dict) or "c" not in node:
            return node
        if node.get("t") == "Image":
            return self._image(node, article)
        return {**node, "c": self._walk(node["c"], article)}

    def _image(self, node: dict, article: Article) -> dict:
        attr, alt, (url, title) = node["c"]
        target = self._resource(url, article)
        if target is None:
            return node
        if not stringify(alt).strip():
            self.without_text += 1
            self.report.warn("epub-image-alt", f"the image '{url}' has no text alternative", file=article.file,
                             hint="describe it between the brackets: ![A map of Paris in 1871](map.png)")
        return {"t": "Image", "c": [attr, alt, [f"../{target.name}", title]]}

    def _resource(self, url: str, article: Article) -> Resource | None:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return None
        if parts.scheme or parts.netloc:
            self.report.add("epub-image-remote", f"the image '{url}' is on the web, not in the series",
                            file=article.file, hint="download it into the series folder and link the copy")
            return None
        path = (article.file.parent / unquote(parts.path)).resolve()
        if path in self.resources:
            return self.resources[path]
        media_type = MEDIA_TYPES.get(path.suffix.lower())
        if not path.is_relative_to(self.series_folder.resolve()):
            self.report.add("epub-image-outside", f"the image '{url}' is outside the series folder",
                            file=article.file, hint="move it into the series folder")
        elif not path.is_file():
            self.report.add("epub-image-missing", f"the image '{url}' does not exist", file=article.file,
                            hint=f"check the path; it is read relative to {article.file.parent}")
        elif media_type is None:
            self.report.add("epub-image-type", f"the image '{url}' is not a JPEG, PNG, GIF, SVG or WebP file",
                            file=article.file, hint="convert it to PNG or JPEG")
        else:
            data = path.read_bytes()
            digest = hashlib.sha1(data).hexdigest()[:10]
            stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "image"
            name = f"images/{stem}-{digest}{path.suffix.lower()}"
            uid = "image-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
            self.resources[path] = Resource(uid, name, media_type, data)
            return self.resources[path]
        return None

    def items(self) -> list[Resource]:
        """The image files, in a fixed order (by their name in the book)."""
        unique = {res.name: res for res in self.resources.values()}
        return [unique[name] for name in sorted(unique)]
