"""What the book carries besides its documents: the stylesheet, the fonts it declares (cut down to the
characters of the series: ``publish.fonts``), and the images of its articles and notes, copied into the
book with their links pointed at the copies.

An image is written relative to its article (``![A map](maps/1871.png)``); when the series
is read, each is checked to be a local file inside the series in a type every reading app
shows (``publish.images``). Images with no text alternative are reported, and the book then
makes no accessibility claim it could not keep.
"""
from __future__ import annotations

import dataclasses
import hashlib
import posixpath
from pathlib import Path

from publish import files, fonts, scripts
from publish.adapters.epub.documents import STYLESHEET
from publish.adapters.epub.package import Document, Resource
from publish.ast import nodes, stringify
from publish.diagnostics import Report
from publish.images import published_name, relink, resolve
from publish.model import Article, Series
from publish.paths import CSS

STYLESHEETS = ("base.css", "epub.css")  #: the book's one stylesheet: the shared typography, then the EPUB's
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
            self.resources[path] = Resource(uid, name, MEDIA_TYPES[path.suffix.lower()], files.read_bytes(path))
        return self.resources[path]

    def items(self) -> list[Resource]:
        """The image files, in a fixed order (by their name in the book)."""
        unique = {res.name: res for res in self.resources.values()}
        return [unique[name] for name in sorted(unique)]


def font_url(path: Path) -> str:
    """Where the stylesheet finds a script's font (``publish.scripts``): in the book's fonts/."""
    return f"../fonts/{scripts.face_name(path)}"


def stylesheet(config=None) -> str:
    """The book's stylesheet: the shared typography, then the EPUB's own, then what the book's language and
    scripts add (``scripts.book_css``: nothing for a book in Latin script written left to right)."""
    css = "\n".join(files.read_text(CSS / name) for name in STYLESHEETS)
    extra = scripts.book_css(config, font_url) if config is not None else ""
    return css + "\n" + extra if extra else css


def font_files(series: Series, documents: list[Document], subsets: fonts.Subsets) -> tuple[tuple[str, Path], ...]:
    """Each font the stylesheet declares, cut down to what ``documents`` (the series book's) and the
    series' titles and names show: (its name in the book, the file of the subset)."""
    config = series.config
    css = stylesheet(config)
    names = [config.title, config.subtitle or "", *config.authors, config.publisher or "", config.rights or ""]
    for article in series.articles:
        names += [article.title, article.subtitle or "", *article.authors]
    text = fonts.characters([fonts.text_of(doc.content) for doc in documents] + names, [css])
    wanted = fonts.features([css])
    located = scripts.located(config.scripts, font_url)
    found = {posixpath.normpath(posixpath.join(posixpath.dirname(STYLESHEET), face.url)):
             subsets.get(face, text, wanted, fonts.flavor_of(face)) for face in fonts.declared_faces(css, CSS, located)}
    return tuple(found.items())  # (a file two faces name is carried once)


def stylesheet_and_fonts(fonts_in_book: tuple[tuple[str, Path], ...], config=None) -> list[Resource]:
    """The stylesheet and the fonts it names (``font_files``)."""
    found = [Resource("css", STYLESHEET, "text/css", stylesheet(config).encode("utf-8"))]
    for number, (name, path) in enumerate(fonts_in_book, start=1):
        found.append(Resource(f"font-{number}", name, fonts.media_type(name), files.read_bytes(path)))
    return found
