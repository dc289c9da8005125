"""Structure: heading levels, empty sections, links between articles, images without alt text."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from publish.diagnostics import Report
from publish.lint.text import HEADING, ArticleText, Context

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
IMAGE = re.compile(r"!\[([^\]]*)\]\(")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_headings(article: ArticleText, report: Report) -> None:
    """A heading goes at most one level deeper than the one before it; a section holds something."""
    headings = [(line, len(HEADING.match(line.raw).group(1))) for line in article.lines if line.kind == "heading"]
    previous = 0 if any(level == 1 for _, level in headings) else 1
    for line, level in headings:
        if level > previous + 1:
            report.warn("heading-skip", f"a level-{level} heading follows a level-{previous} one",
                        file=article.path, line=line.number, col=1,
                        hint=f"use {'#' * (previous + 1)} here, or add the missing level above it")
        previous = level
    for index, (line, level) in enumerate(headings):
        following = [l for l in article.lines if l.number > line.number]
        end = next((h.number for h, lv in headings[index + 1:] if lv <= level), None)
        deeper = any(lv > level for _, lv in headings[index + 1:index + 2])
        body = [l for l in following if (end is None or l.number < end) and l.kind in ("text", "code")]
        if not body and not deeper:
            report.warn("empty-section", f"the section '{line.raw.strip('# ').strip()}' is empty",
                        file=article.path, line=line.number, col=1,
                        hint="write the section, or remove its heading")


def page_of(target: str, context: Context) -> str | None:
    """The slug an article link points at, '' for no article, None when it should be one but is not."""
    path = PurePosixPath(target)
    if path.suffix not in (".md", ".html") and "." in path.name:
        return ""                      # a file of another kind: an image, a PDF
    if len(path.parts) > 1 and path.parts[-2] not in ("articles", ".", ".."):
        return ""
    return context.names.get(path.name) or context.names.get(path.stem)


def check_links(article: ArticleText, context: Context, report: Report) -> None:
    for line in article.lines:
        if line.kind not in ("text", "note", "heading"):
            continue
        for found in LINK.finditer(line.raw):
            if line.clean[found.start()] != "[":      # inside code or a comment
                continue
            target = found.group(1)
            if SCHEME.match(target) or target.startswith(("#", "/")):
                continue
            path, _, fragment = target.partition("#")
            slug = page_of(path, context)
            ids = context.pages.get(slug) if slug else None
            if slug is None:
                message = f"'{target}' is not an article of this series"
            elif slug and fragment and ids is not None and fragment not in ids \
                    and not fragment.startswith("note:"):  # a note by its label: the loader checks it
                message = f"'{target}': the article '{slug}' has no heading with the id '{fragment}'"
            else:
                continue
            report.add("link-unresolved", message, file=article.path, line=line.number,
                       col=found.start(1) + 1, hint="link to an article file such as 02-slug.md, or its "
                       "page slug.html, and to an id its headings have")


def check_images(article: ArticleText, report: Report) -> None:
    for line in article.lines:
        if line.kind not in ("text", "note", "heading"):
            continue
        for found in IMAGE.finditer(line.raw):
            if line.clean[found.start()] == "!" and not found.group(1).strip():
                report.warn("image-no-alt", "an image without alt text", file=article.path, line=line.number,
                            col=found.start() + 1, hint="describe what it shows: ![a map of the front, 1919](map.png)")


def check(article: ArticleText, context: Context, report: Report) -> None:
    check_headings(article, report)
    check_links(article, context, report)
    check_images(article, report)
