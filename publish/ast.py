"""Small helpers over pandoc's JSON AST."""
from __future__ import annotations

QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def nodes(tree):
    """Every node (``{"t": …}``) of a block or inline list, in reading order, without recursion."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "t" in item:
                yield item
                stack.append(item.get("c"))
            else:  # a citation: its prefix and suffix are inlines too
                stack.extend(reversed(list(item.values())))


def collect(tree, groups: dict[str, frozenset[str]]) -> dict[str, list]:
    """The nodes of ``tree`` whose type is in each group, in reading order, found in one walk."""
    found: dict[str, list] = {name: [] for name in groups}
    wanted = [(name, types) for name, types in groups.items()]
    for node in nodes(tree):
        kind = node["t"]
        for name, types in wanted:
            if kind in types:
                found[name].append(node)
    return found


def stringify(node) -> str:
    """Plain text of an inline or block list, as a reader would read it (notes left out)."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Note", "NoteCall"):
        return ""
    if kind == "Quoted":
        left, right = QUOTES[content[0]["t"]]
        return left + stringify(content[1]) + right
    if kind in ("Code", "Math"):
        return content[1]
    if kind == "RawInline":
        return ""
    if kind in ("Link", "Image", "Span"):
        return stringify(content[1])
    if kind == "Cite":
        return stringify(content[1])
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                "Para", "Plain"):
        return stringify(content)
    if kind == "Header":
        return stringify(content[2])
    if isinstance(content, list):
        return " ".join(filter(None, (stringify(c) for c in content)))
    return ""


def meta_inlines(meta: dict, key: str) -> list:
    """The inlines of a metadata field (MetaInlines, MetaString or a one-paragraph MetaBlocks)."""
    value = meta.get(key)
    if not value:
        return []
    kind, content = value["t"], value.get("c")
    if kind == "MetaInlines":
        return content
    if kind == "MetaString":
        return [{"t": "Str", "c": content}]
    if kind == "MetaBlocks" and content and content[0]["t"] in ("Para", "Plain"):
        return content[0]["c"]
    return []
