"""Articles: find them, check their front matter, and build the model from each parse."""
from __future__ import annotations

import re
from pathlib import Path

from publish.ast import collect, meta_inlines, nodes, stringify
from publish.config import ARTICLES_DIR, SeriesConfig, name_list, unknown_keys
from publish.diagnostics import Report
from publish.model import Article, Heading
from publish.images import check_images
from publish.notes import lift_notes
from publish.safety import UNSAFE, report_unsafe
from publish.schema import FrontMatter, validate
from publish.source import SourceText

FRONT_KEYS = {"title", "subtitle", "author", "date"}
NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")


def slug_of(path: Path) -> str:
    return NUMBER_PREFIX.sub("", path.stem) or path.stem


def find_articles(config: SeriesConfig, report: Report) -> list[Path]:
    """The article files in series order: the 'articles' list, else file-name order."""
    folder = config.folder / ARTICLES_DIR
    series_file = config.folder / "series.yml"
    if config.articles:
        paths = []
        for name in config.articles:
            path = (folder / name).resolve()
            if not path.is_relative_to(folder.resolve()):
                report.add("article-outside", f"article '{name}' is outside the articles folder", file=series_file)
            elif not path.is_file():
                report.add("article-missing", f"article '{name}' is listed but {ARTICLES_DIR}/{name} does not exist",
                           file=series_file, hint="check the file name, or remove it from 'articles'")
            else:
                paths.append(path)
    else:
        paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not paths and not report.errors:
        report.add("series-empty", f"the series has no articles: no .md files in {folder}", file=series_file,
                   hint=f"add Markdown files to {ARTICLES_DIR}/, e.g. {ARTICLES_DIR}/01-first-essay.md")
    seen: dict[str, Path] = {}
    for path in paths:
        slug = slug_of(path)
        if slug in seen:
            report.add("article-duplicate-slug", f"'{path.name}' and '{seen[slug].name}' both make the page '{slug}'",
                       file=path, hint="rename one of the files")
        seen[slug] = path
    return paths


def check_front_matter(source: SourceText, report: Report) -> None:
    """Check the front matter's values (``schema.FrontMatter``); keep them as the schema read them."""
    front, lines, path = source.front_matter, source.front_lines, source.path
    unknown_keys(report, path, front, lines, FRONT_KEYS)
    found = validate(FrontMatter, front, lines, path, report, required=("title",))
    if found is not None:
        source.front_matter = {**front, "title": found.title, "subtitle": found.subtitle, "author": found.author,
                               "date": found.date}


def nest_headings(blocks: list) -> tuple[list, tuple[Heading, ...]]:
    """Body headings nest under the article's title (h1), whatever levels the manuscript uses: the highest
    becomes h2, and none is more than one level below the heading before it (a chapter whose sections
    start at '###', as pandoc writes books it converts, reads h2, h3, ...). ``publish lint`` reports the
    skipped levels of the manuscript."""
    found: list[dict] = []

    def collect(node):
        if isinstance(node, list):
            for n in node:
                collect(n)
        elif isinstance(node, dict):
            if node.get("t") == "Header":
                found.append(node)
            elif node.get("t") in ("Div", "BlockQuote"):
                collect(node["c"] if node["t"] == "BlockQuote" else node["c"][1])

    collect(blocks)
    top = min((h["c"][0] for h in found), default=1)
    headings, previous = [], 1
    for h in found:
        h["c"][0] = previous = min(6, h["c"][0] - top + 2, previous + 1)
        headings.append(Heading(h["c"][0], h["c"][1][0], stringify(h["c"][2])))
    return blocks, tuple(headings)


def build_article(source: SourceText, ast: dict, index: int, first_number: int, report: Report,
                  series_folder: Path | None = None, found: dict | None = None):
    """Return (Article, next note number); ``found``: the article's ``WALKED`` nodes, if collected already."""
    found = collect(ast.get("blocks", []), WALKED) if found is None else found
    slug = slug_of(source.path)
    meta = ast.get("meta", {})
    title_inlines = meta_inlines(meta, "title")
    if any(stringify_has_note(i) for i in title_inlines):
        report.warn("note-in-title", "the title holds a note; it is left out of the title", file=source.path,
                    line=source.front_lines.get("title"), hint="move the note into the text")
        title_inlines = [i for i in title_inlines if i.get("t") != "Note"]
    report_unsafe(found["unsafe"], source, report)
    images = check_images(found["images"], source, series_folder or source.path.parent.parent, report)
    blocks, notes, next_number = lift_notes(ast.get("blocks", []), source, slug, first_number, report)
    blocks, headings = nest_headings(blocks)
    front = source.front_matter
    article = Article(
        slug=slug, index=index, file=source.path,
        title=stringify(title_inlines) or str(front.get("title", slug)),
        title_inlines=title_inlines,
        subtitle=stringify(meta_inlines(meta, "subtitle")) or None,
        authors=name_list(front.get("author")),
        date=front.get("date"),
        blocks=blocks, notes=notes, headings=headings, images=images,
    )
    return article, next_number


#: the nodes of an article's AST that reading it looks at, collected in one walk (``ast.collect``)
WALKED = {"unsafe": UNSAFE, "images": frozenset({"Image"}), "citations": frozenset({"Cite"})}


def stringify_has_note(node) -> bool:
    return any(n["t"] == "Note" for n in nodes(node))
