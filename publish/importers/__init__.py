"""``publish import``: a manuscript as it arrives becomes a canonical article of a series.

.docx, .odt and .html go through pandoc; .txt is read as text pasted from a web page.
The article gets the next number and a slug from its title; an existing article is
never overwritten unless asked (``force``). What could not be mapped is reported.
"""
from __future__ import annotations

from pathlib import Path

from publish.diagnostics import PublishError, Report
from publish.importers.documents import FORMATS, convert_document
from publish.importers.pasted import convert_pasted
from publish.scaffold import article_path, front_matter, require_series, slugify
from publish.source import read_text

PASTED = (".txt",)


def title_from_name(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().title() or "Untitled"


def convert(path: Path, title: str | None, report: Report) -> tuple[str, str] | None:
    """(title, article text with front matter), or None after reporting why not."""
    suffix = path.suffix.lower()
    if suffix in PASTED:
        text = read_text(path, report)
        if text is None:
            return None
        converted = convert_pasted(text, title or title_from_name(path))
        for line, message in converted.unmapped:
            report.warn("import-unmapped", message, file=path, line=line)
        return converted.title, converted.markdown(front_matter(converted.title))
    if suffix not in FORMATS:
        report.add("import-format", f"cannot import a '{suffix or path.name}' file", file=path,
                   hint=f"import one of {', '.join(sorted(set(FORMATS) | set(PASTED)))}")
        return None
    try:
        found_title, body, notes, unmapped = convert_document(path)
    except (RuntimeError, OSError, ValueError) as exc:
        report.add("import-failed", f"pandoc could not read the file: {' '.join(str(exc).split())[:200]}",
                   file=path, hint="open it in its program and save it again, or export it as .docx")
        return None
    for line, message in unmapped:
        report.warn("import-unmapped", message, file=path, line=line)
    title = title or found_title or title_from_name(path)
    return title, f"{front_matter(title)}\n{body}"


def import_file(path: Path, series: Path, report: Report, force: bool = False,
                title: str | None = None) -> Path:
    """Write the article into ``series/articles/``; raise PublishError when nothing could be written."""
    require_series(series)
    if not path.is_file():
        report.add("import-format", f"no such file: {path}", file=path)
        raise PublishError(report.items)
    result = convert(path, title, report)
    if result is None:
        raise PublishError(report.items)
    title, text = result
    target = article_path(series, slugify(title))
    if target.exists() and not force:
        report.add("import-exists", f"{target} already exists; nothing was written", file=target,
                   hint="pass --force to replace it, or --title to import under another name")
        raise PublishError(report.items)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
