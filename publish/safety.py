"""What a manuscript may not carry into a published file: raw markup and script links.

Raw HTML or LaTeX (``<script>``, ``<iframe>``, ``<b onclick=…>``) is never written into an
output (the HTML writer drops it); ``javascript:`` and other non-document links are written
as plain text. Both are reported once here, at their line, when the series is read.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from publish.diagnostics import Report
from publish.parse import line_of
from publish.source import SourceText

SAFE_SCHEMES = {"", "http", "https", "mailto", "ftp", "tel"}


def is_safe_url(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower() if ":" in url else ""
    return scheme in SAFE_SCHEMES


UNSAFE = frozenset({"RawInline", "RawBlock", "Link"})  #: the nodes ``report_unsafe`` looks at


def report_unsafe(found: list, source: SourceText, report: Report) -> None:
    """Report raw markup and unsafe links among ``found``: an article's ``UNSAFE`` nodes (``ast.collect``)."""
    for node in found:
        if node["t"] in ("RawInline", "RawBlock"):
            fmt, text = node["c"]
            if not text.lstrip().startswith("<!--"):
                line, col = line_of(source.body, text)
                report.warn("raw-dropped", f"raw {fmt} is left out of every output: {' '.join(text.split())[:60]}",
                            file=source.path, line=line, col=col,
                            hint="write it in Markdown; raw markup is not carried into the outputs")
        elif node["t"] == "Link" and not is_safe_url(node["c"][2][0]):
            url = node["c"][2][0]
            line, col = line_of(source.body, url)
            report.warn("link-unsafe", f"the link '{url[:60]}' is not a web or mail address; its text is kept "
                        "without the link", file=source.path, line=line, col=col,
                        hint="link to an https:// address or to another article")
