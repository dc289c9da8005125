"""Reading manuscript files: encoding, front matter, and where each note is written.

This is the only module that looks at the Markdown text itself (apart from the
pandoc call in ``parse``); it records line numbers so that every diagnostic can
point at ``file:line``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from publish.diagnostics import Report

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
NOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]+)\]")  # '[^b]:' mid-line is a call too, as pandoc reads it
BLOCK_START = re.compile(r"^\s*([-*+]|\d+[.)]|>)\s")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
DEF_MARKER_ATTR = "data-publish-def"


@dataclass
class NoteSite:
    label: str
    line: int
    col: int


@dataclass
class SourceText:
    """One article file as read from disk, with what the note scan found."""

    path: Path
    front_matter: dict
    front_lines: Lines      # where each key of the front matter is written
    body: str               # the Markdown body, lines aligned with the file
    body_for_pandoc: str    # the text pandoc reads: a marker at the start of each note definition
    refs: list[NoteSite] = field(default_factory=list)
    defs: list[NoteSite] = field(default_factory=list)
    heading_lines: list[tuple[int, str]] = field(default_factory=list)


def read_text(path: Path, report: Report) -> str | None:
    """Read a UTF-8 file; accept a byte-order mark and CRLF line endings."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("file-unreadable", f"cannot read file: {exc.strerror}", file=path)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.add("not-utf8", f"the file is not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
                   file=path, line=line, col=col,
                   hint="save the file as UTF-8 (most editors: 'Save with encoding')")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PlainLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a date stays the text it is written as: the schema checks it
    (``publish.schema``), so that a date that does not exist, 2024-02-30, is an error at its line."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@dataclass
class Lines:
    """Where each value of a YAML document is written: the line of its key (or of a list's item), by its
    path, e.g. ``("print", "trim")`` or ``("articles", 2)``; a top-level key may be given alone."""

    paths: dict[tuple, int] = field(default_factory=dict)
    first: int = 1  #: the document's first line
    repeated: list[tuple[tuple, int]] = field(default_factory=list)  #: a key written again in its mapping, its line

    def get(self, key, default=None):
        return self.paths.get(key if isinstance(key, tuple) else (key,), default)

    def near(self, path: tuple) -> int:
        """The line of ``path``, else of the nearest value that holds it, else the document's first."""
        for end in range(len(path), 0, -1):
            if tuple(path[:end]) in self.paths:
                return self.paths[tuple(path[:end])]
        return self.first


def yaml_error(report: Report, path: Path, exc: yaml.YAMLError, line_offset: int = 0) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark and mark and context_mark.line != mark.line:
        problem += f" ({context} on line {context_mark.line + 1 + line_offset})"
    line = mark.line + 1 + line_offset if mark else None
    col = mark.column + 1 if mark else None
    report.add("yaml-syntax", f"YAML syntax error: {problem}", file=path, line=line, col=col,
               hint="check indentation and quote values that contain ':' or start with a special character")


def node_lines(loader: PlainLoader, root: yaml.Node, line_offset: int) -> Lines:
    """The line of every key and list item under ``root`` (a node reached twice, by an alias, is walked once)."""
    lines, seen, todo = Lines(first=1 + line_offset), set(), [(root, ())]
    while todo:
        node, where = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    name = loader.construct_object(key)
                    if (*where, name) in lines.paths and name != "<<":
                        lines.repeated.append(((*where, name), key.start_mark.line + 1 + line_offset))
                    lines.paths.setdefault((*where, name), key.start_mark.line + 1 + line_offset)
                    todo.append((value, (*where, name)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.paths.setdefault((*where, index), item.start_mark.line + 1 + line_offset)
                todo.append((item, (*where, index)))
    return lines


def load_yaml_mapping(text: str, path: Path, report: Report, line_offset: int = 0):
    """Parse a YAML mapping; return (values, Lines) or (None, Lines()) after reporting."""
    loader = PlainLoader(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
        lines = node_lines(loader, node, line_offset) if node is not None else Lines(first=1 + line_offset)
    except yaml.YAMLError as exc:
        yaml_error(report, path, exc, line_offset)
        return None, Lines()
    except RecursionError:
        report.add("yaml-too-deep", "the YAML nests lists or mappings too deeply to be read", file=path,
                   line=1 + line_offset, hint="look for a long run of '[' or '{'")
        return None, Lines()
    except (ValueError, TypeError, OverflowError) as exc:  # a tagged value that cannot be made, e.g. !!float x
        report.add("yaml-syntax", f"YAML value that cannot be read: {exc}", file=path, line=1 + line_offset,
                   hint="remove the '!!' tag, or write the value as plain text")
        return None, Lines()
    finally:
        loader.dispose()
    if values is None:
        return {}, lines
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        report.add("yaml-not-mapping", "expected 'key: value' lines at the top level", file=path,
                   line=1 + line_offset)
        return None, Lines()
    for where, line in lines.repeated:
        name = ": ".join(str(part) for part in where)
        report.add("yaml-duplicate-key", f"'{where[-1]}' is written twice (first at line {lines.paths[where]}); "
                   "only the second would count", file=path, line=line,
                   hint=f"merge the two '{name}' into one, or delete the one you do not mean")
    return values, lines


def split_front_matter(text: str, path: Path, report: Report):
    """Return (front matter dict, key lines, body with blank lines in place of the front matter)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.add("front-matter-missing", "the article has no YAML front matter", file=path, line=1,
                   hint="start the file with '---', a line 'title: ...', and '---'")
        return None, Lines(), text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        report.add("front-matter-unclosed", "the front matter is not closed", file=path, line=1,
                   hint="close the front matter with a line '---'")
        return None, Lines(), text
    values, key_lines = load_yaml_mapping("\n".join(lines[1:end]), path, report, line_offset=1)
    key_lines.first = 1  # the front matter opens on the file's first line
    body = "\n" * (end + 1) + "\n".join(lines[end + 1:])
    return values, key_lines, body


def blank_comments(line: str, inside: bool) -> tuple[str, bool]:
    """``line`` with the parts inside HTML comments blanked out, and whether a comment is still open at its end
    (``inside``: one was open at its start). Pandoc reads a comment as raw HTML: nothing in it is a note."""
    out, at = [], 0
    while at < len(line):
        if inside:
            end = line.find(COMMENT_CLOSE, at)
            stop = len(line) if end < 0 else end + len(COMMENT_CLOSE)
            out.append(" " * (stop - at))
            at, inside = stop, end < 0
        else:
            start = line.find(COMMENT_OPEN, at)
            if start < 0:
                out.append(line[at:])
                break
            out.append(line[at:start])
            at, inside = start, True
    return "".join(out), inside


def scan_notes(body: str):
    """Find note references, note definitions and headings, with their lines.

    Returns (refs, defs, heading_lines, text for pandoc). Each definition gets an
    empty span carrying its index, so the parsed note can be matched to its label.
    What is in code (fenced or a code span) or in an HTML comment is no note. Which
    references pandoc reads as calls is decided from its AST (``publish.notes``);
    the scan gives their lines.
    """
    refs: list[NoteSite] = []
    defs: list[NoteSite] = []
    headings: list[tuple[int, str]] = []
    out: list[str] = []
    fence, comment = None, False
    for number, line in enumerate(body.split("\n"), start=1):
        opener = FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opener and not comment:
            fence = opener.group(1)
            out.append(line)
            continue
        scan, comment = blank_comments(CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line), comment)
        start = 0
        definition = NOTE_DEF.match(scan)
        if definition:
            defs.append(NoteSite(definition.group(1), number, definition.start(1)))
            start = definition.end()
            marker = f' []{{{DEF_MARKER_ATTR}="{len(defs) - 1}"}}'
            rest = line[start:]
            if BLOCK_START.match(rest):  # a note that opens with a list or quote keeps it as a block
                line = f"{line[:start]}{marker}\n\n    {rest.lstrip()}"
            else:
                line = f"{line[:start]}{marker}{rest}"
        for ref in NOTE_REF.finditer(scan, start):
            refs.append(NoteSite(ref.group(1), number, ref.start() + 1))
        if scan.lstrip().startswith("#"):
            headings.append((number, line))
        out.append(line)
    return refs, defs, headings, "\n".join(out)


def read_article_source(path: Path, report: Report) -> SourceText | None:
    text = read_text(path, report)
    if text is None:
        return None
    front, front_lines, body = split_front_matter(text, path, report)
    if front is None:
        return None
    refs, defs, headings, marked = scan_notes(body)
    # pandoc reads the front matter too (titles are Markdown); line numbers stay aligned
    head = text.split("\n")[: body.count("\n", 0, len(body) - len(body.lstrip("\n")))]
    marked_lines = marked.split("\n")
    marked = "\n".join(head + marked_lines[len(head):])
    return SourceText(path, front, front_lines, body, marked, refs, defs, headings)
