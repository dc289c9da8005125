"""Pandoc AST -> XHTML-compatible HTML, shared by every adapter.

One writer owns the markup of the text, so the EPUB, the site and the PDF say the
same thing in the same way. An adapter only supplies ``note_call``: the markup
of a note call (given the ``Note`` and which call of it this is), and ``xrefs``:
where a cross-reference leads in it (``publish.xref``).
``flat=True`` writes blocks as spans, for note bodies that must sit inline
at their call (WeasyPrint's ``float: footnote``): each span's class names the
element it stands for (``p``, ``ol``, ``table``, ``thead``, ``td`` ...) and
print.css gives it that element's display, so a note prints what it holds
(a table with its caption, head and foot, a list with its start and style).
"""
from __future__ import annotations

import re
from html import escape
from typing import Callable

from markupsafe import Markup

from publish.ast import QUOTES, stringify
from publish.safety import is_safe_url

CLASS_ATTR = re.compile(r' class="([^"]*)"')
SIZE = re.compile(r"^\d+(\.\d+)?(%|px|em|rem|cm|mm|in|pt)$")  # pandoc's {width=50%} on an image
ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}
LIST_STYLE = {"LowerRoman": "lower-roman", "UpperRoman": "upper-roman", "LowerAlpha": "lower-alpha",
              "UpperAlpha": "upper-alpha"}
SIMPLE_INLINE = {"Emph": "em", "Strong": "strong", "Underline": "u", "Strikeout": "del",
                 "Superscript": "sup", "Subscript": "sub"}


def attrs(attr=None, **extra) -> str:
    """Render a pandoc Attr ([id, classes, key-values]) plus extra attributes."""
    ident, classes, pairs = attr or ["", [], []]
    items = []
    if ident:
        items.append(("id", ident))
    cls = " ".join(classes)
    if cls:
        items.append(("class", cls))
    for key, value in pairs:
        key = key if key.startswith("data-") or key in ("lang", "dir", "title") else f"data-{key}"
        items.append((key, value))
    items.extend((k.replace("_", "-"), v) for k, v in extra.items() if v is not None)
    return "".join(f' {k}="{escape(str(v))}"' for k, v in items)


class HtmlWriter:
    def __init__(self, note_call: Callable[..., str] | None = None, *, flat: bool = False,
                 id_prefix: str = "", on_raw: Callable[[str, str], None] | None = None, xrefs=None):
        self.note_call = note_call
        self.xrefs = xrefs  #: how this output writes a cross-reference (``publish.xref.XrefLinks``)
        self.flat = flat
        self.id_prefix = id_prefix
        self.on_raw = on_raw

    # -- blocks -------------------------------------------------------------
    def blocks(self, blocks: list) -> Markup:
        return Markup("".join(self.block(b) for b in blocks))

    def _tag(self, name: str, inner: str, attr="", flat_class: str | None = None) -> str:
        return f"{self._open(name, attr, flat_class)}{inner}</{'span' if self.flat else name}>"

    def _open(self, name: str, attr="", flat_class: str | None = None) -> str:
        if not self.flat:
            return f"<{name}{attr}>"
        classes = flat_class or name
        own = CLASS_ATTR.search(attr)
        if own:  # one class attribute: the element's name first, then the manuscript's classes
            classes, attr = f"{classes} {own.group(1)}", attr[:own.start()] + attr[own.end():]
        return f'<span class="{classes}"{attr}>'

    def block(self, b: dict) -> str:
        kind, c = b["t"], b.get("c")
        if kind == "Para":
            return self._tag("p", self.inlines(c), flat_class="p")
        if kind == "Plain":
            return self.inlines(c)
        if kind == "Header":
            level, attr, inl = c
            ident = self.id_prefix + attr[0] if attr[0] else ""
            return self._tag(f"h{level}", self.inlines(inl), attrs([ident, attr[1], attr[2]]), "heading")
        if kind == "BlockQuote":
            return self._tag("blockquote", self.blocks(c), flat_class="blockquote")
        if kind == "BulletList":
            return self._list("ul", c, "")
        if kind == "OrderedList":
            (start, style, _delim), items = c
            if self.flat:
                kind_class = f' {LIST_STYLE[style["t"]]}' if style["t"] in LIST_STYLE else ""
                counter = f' style="counter-reset: note-list {start - 1}"' if start != 1 else ""
                return self._list("ol", items, "", f"ol{kind_class}", counter)
            extra = (f' start="{start}"' if start != 1 else "")
            if style["t"] in LIST_STYLE:
                extra += f' style="list-style-type: {LIST_STYLE[style["t"]]}"'
            return self._list("ol", items, extra)
        if kind == "DefinitionList":
            return self._definitions(c)
        if kind == "CodeBlock":
            code = escape(c[1], quote=False)
            return self._tag("pre", f"<code>{code}</code>" if not self.flat else code, attrs(c[0]), "pre")
        if kind == "LineBlock":
            return self._tag("div", "<br />".join(self.inlines(line) for line in c), ' class="line-block"',
                             "line-block")
        if kind == "HorizontalRule":
            return '<span class="hr"></span>' if self.flat else '<hr />'
        if kind == "Div":
            return self._tag("div", self.blocks(c[1]), attrs(c[0]), "div")
        if kind == "Figure":
            return self._figure(c)
        if kind == "Table":
            return self._table(c)
        if kind == "RawBlock":
            return self._raw(c[0], c[1])
        return ""

    def _list(self, tag: str, items: list, extra: str, flat_class: str = "", flat_extra: str = "") -> str:
        if self.flat:
            inner = "".join(f'<span class="li">{self.blocks(item)}</span>' for item in items)
            return f'<span class="{flat_class or tag}"{flat_extra}>{inner}</span>'
        inner = "".join(f"<li>{self.blocks(item)}</li>" for item in items)
        return f"<{tag}{extra}>{inner}</{tag}>"

    def _definitions(self, items: list) -> str:
        parts = []
        for term, definitions in items:
            parts.append(self._tag("dt", self.inlines(term), flat_class="dt"))
            parts.extend(self._tag("dd", self.blocks(d), flat_class="dd") for d in definitions)
        return self._tag("dl", "".join(parts), flat_class="dl")

    def _figure(self, c) -> str:
        attr, caption, body = c
        cap = self.blocks(caption[1])
        if self.flat:
            return f'<span class="figure">{self.blocks(body)}<span class="caption">{cap}</span></span>'
        return f"<figure{attrs(attr)}>{self.blocks(body)}<figcaption>{cap}</figcaption></figure>"

    def _table(self, c) -> str:
        """A table with its caption, head rows, bodies (each with its intermediate head rows) and foot rows."""
        attr, caption, colspecs, head, bodies, foot = c
        aligns = [ALIGN.get(spec[0]["t"]) for spec in colspecs]
        parts = [self._open("table", attrs(attr))]
        if caption[1]:
            parts.append(self._tag("caption", self.blocks(caption[1]), flat_class="table-caption"))
        parts.append(self._rows("thead", head[1], "th", aligns))
        for body in bodies:
            inner = self._row_list(body[2], "th", aligns) + self._row_list(body[3], "td", aligns)
            parts.append(self._tag("tbody", inner) if inner else "")
        parts.append(self._rows("tfoot", foot[1], "td", aligns))
        parts.append("</span>" if self.flat else "</table>")
        return "".join(parts)

    def _rows(self, section: str, rows: list, cell_tag: str, aligns: list) -> str:
        return self._tag(section, self._row_list(rows, cell_tag, aligns)) if rows else ""

    def _row_list(self, rows: list, cell_tag: str, aligns: list) -> str:
        out = []
        for _attr, cells in rows:
            row = []
            for col, (cattr, align, rowspan, colspan, blocks) in enumerate(cells):
                style = ALIGN.get(align["t"]) or (aligns[col] if col < len(aligns) else None)
                extra = attrs(cattr, rowspan=rowspan if rowspan > 1 else None,
                              colspan=colspan if colspan > 1 else None,
                              style=f"text-align: {style}" if style else None)
                row.append(self._tag(cell_tag, self.blocks(blocks), extra))
            out.append(self._tag("tr", "".join(row)))
        return "".join(out)

    def _raw(self, fmt: str, text: str) -> str:
        if self.on_raw and not text.lstrip().startswith("<!--"):
            self.on_raw(fmt, text)
        return ""

    # -- inlines ------------------------------------------------------------
    def inlines(self, inlines: list) -> Markup:
        return Markup("".join(self.inline(i) for i in inlines))

    def inline(self, i: dict) -> str:
        kind, c = i["t"], i.get("c")
        if kind == "Str":
            return escape(c, quote=False)
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "<br />"
        if kind in SIMPLE_INLINE:
            tag = SIMPLE_INLINE[kind]
            return f"<{tag}>{self.inlines(c)}</{tag}>"
        if kind == "SmallCaps":
            return f'<span class="smallcaps">{self.inlines(c)}</span>'
        if kind == "Quoted":
            left, right = QUOTES[c[0]["t"]]
            return f"{left}{self.inlines(c[1])}{right}"
        if kind == "Cite":
            return f'<span class="citation">{self.inlines(c[1])}</span>'
        if kind == "Code":
            return f"<code{attrs(c[0])}>{escape(c[1], quote=False)}</code>"
        if kind == "Math":
            return f'<span class="math">{escape(c[1], quote=False)}</span>'
        if kind == "RawInline":
            return self._raw(c[0], c[1])
        if kind == "Link":
            attr, inl, (url, title) = c
            if not is_safe_url(url):
                return f"<span{attrs(attr)}>{self.inlines(inl)}</span>"
            return f"<a{attrs(attr, href=url, title=title or None)}>{self.inlines(inl)}</a>"
        if kind == "Image":
            (ident, classes, pairs), inl, (url, title) = c
            size = "; ".join(f"{k}: {v}" for k, v in pairs if k in ("width", "height") and SIZE.match(v))
            rest = [(k, v) for k, v in pairs if k not in ("width", "height")]
            extra = attrs([ident, classes, rest], src=url, alt=stringify(inl), title=title or None, style=size or None)
            return f"<img{extra} />"
        if kind == "Span":
            return f"<span{attrs(c[0])}>{self.inlines(c[1])}</span>"
        if kind == "XRef":
            inner = self.inlines(c[1])
            return self.xrefs.render(c, inner, attrs) if self.xrefs else f"<span{attrs(c[0])}>{inner}</span>"
        if kind == "NoteCall":
            if self.note_call is None:
                return ""
            return self.note_call(c[0], c[1])
        return ""
