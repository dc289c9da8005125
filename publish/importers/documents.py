"""Word processor files and web pages (.docx, .odt, .html) through pandoc, notes included."""
from __future__ import annotations

import json
from pathlib import Path

import pypandoc

from publish.ast import stringify

FORMATS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html"}
WRITER = "markdown-smart"   # keep curly quotes and dashes as the characters they are


def read_ast(path: Path) -> dict:
    return json.loads(pypandoc.convert_file(str(path), "json", format=FORMATS[path.suffix.lower()]))


def take_title(ast: dict) -> str | None:
    """The document's title, else a first level-1 heading (which is then taken out of the body)."""
    title = ast.get("meta", {}).get("title")
    blocks = ast.get("blocks", [])
    if blocks and blocks[0].get("t") == "Div" and blocks[0]["c"][0][0] == "title-block-header":
        blocks.pop(0)                  # a page made by pandoc repeats its title in the body
    if title:
        return stringify(title["c"]).strip() or None
    if blocks and blocks[0].get("t") == "Header" and blocks[0]["c"][0] == 1:
        return stringify(blocks.pop(0)["c"][2]).strip() or None
    return None


def survey(node, found: dict[str, list]) -> None:
    """Collect what the Markdown cannot carry over as it is: images, raw markup, notes left as links."""
    if isinstance(node, list):
        for item in node:
            survey(item, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    if kind == "Note":
        found["notes"].append(node)
    elif kind == "Image":
        found["images"].append(node["c"][2][0])
    elif kind in ("RawBlock", "RawInline"):
        found["raw"].append(node["c"][1][:40])
    elif kind == "Superscript" and any(isinstance(n, dict) and n.get("t") == "Link" and
                                       n["c"][2][0].startswith("#") for n in node["c"]):
        found["linked"].append(stringify(node["c"]))
    survey(node.get("c"), found)


def unmapped_of(found: dict[str, list]) -> list[tuple[int | None, str]]:
    items: list[tuple[int | None, str]] = []
    for target in found["images"]:
        items.append((None, f"image '{target}': copy the file into the series and correct the path"))
    for text in found["raw"]:
        items.append((None, f"raw markup kept as it was (it will be left out of the outputs): {text}"))
    if found["linked"]:
        items.append((None, f"{len(found['linked'])} note number(s) linked to the end of the page "
                            f"({', '.join(found['linked'][:5])}) could not be turned into footnotes"))
    return items


def convert_document(path: Path) -> tuple[str | None, str, int, list[tuple[int | None, str]]]:
    """(title, Markdown body with footnotes, number of notes, what could not be mapped)."""
    ast = read_ast(path)
    title = take_title(ast)
    ast["meta"] = {}
    found: dict[str, list] = {"notes": [], "images": [], "raw": [], "linked": []}
    survey(ast["blocks"], found)
    body = pypandoc.convert_text(json.dumps(ast), WRITER, format="json", extra_args=["--wrap=none"])
    return title, body.strip() + "\n", len(found["notes"]), unmapped_of(found)
