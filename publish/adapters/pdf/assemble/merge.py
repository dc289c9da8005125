"""The parts of the print book, each a PDF of its own, put together into one book with pikepdf.

The pages are appended in order, keeping their boxes; the named destinations
(every id of the book), the outline and the tagged structure (PDF/UA-1) of the
parts are joined: each part's structure elements go under the book's one
``Document`` element, and the keys of its parent tree are renumbered after
those of the parts before it. Links to another part (``book-part:<id>``, see
``parts/book.py``) become links to the named destination ``<id>``. The book keeps
the metadata of its first part, which every part shares. The folios are laid
over its pages last (``folios.py``).
"""
from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path

import pikepdf

from publish.adapters.pdf.assemble.folios import lay_over
from publish.adapters.pdf.parts.book import XREF
from publish.adapters.pdf.press import cut_at_trim, cut_gutter_bleed


def _pairs(array) -> list[tuple]:
    items = list(array)
    return list(zip(items[::2], items[1::2]))


def _destinations(pdf: pikepdf.Pdf) -> list[tuple[str, object]]:
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    return [(str(name), dest) for name, dest in _pairs(dests.Names)] if dests is not None else []


def _ids(tree) -> dict[str, object]:
    """The structure elements a part names by their ``/ID`` (its notes)."""
    ids = tree.get("/IDTree")
    return {str(name): element for name, element in _pairs(ids.Names)} if ids is not None and "/Names" in ids else {}


def _outline(pdf: pikepdf.Pdf) -> list:
    """The outline of ``pdf`` as (title, page index, left, top, children)."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def item(entry):
        dest = entry.destination
        return (entry.title, pages[dest[0].objgen], float(dest[2]), float(dest[3]), [item(c) for c in entry.children])

    with pdf.open_outline() as outline:
        return [item(entry) for entry in outline.root]


def _outline_items(entries: list, offset: int) -> list:
    found = []
    for title, page, left, top, children in entries:
        entry = pikepdf.OutlineItem(title, page + offset, "XYZ", left=left, top=top)
        entry.children.extend(_outline_items(children, offset))
        found.append(entry)
    return found


class Book:
    """The book being put together, from its first part."""

    def __init__(self, first: bytes):
        self.pdf = pikepdf.open(BytesIO(first))
        tree = self.pdf.Root.StructTreeRoot
        self.document = tree.K[0]
        self.nums = _pairs(tree.ParentTree.Nums)
        self.ids = _ids(tree)
        self.dests = dict(_destinations(self.pdf))
        self.outline = _outline(self.pdf)

    def next_key(self) -> int:
        return max((int(key) for key, _ in self.nums), default=-1) + 1

    def append(self, data: bytes) -> None:
        part = pikepdf.open(BytesIO(data))
        offset, start = self.next_key(), len(self.pdf.pages)
        for page in part.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots") or []:
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        kids = part.Root.StructTreeRoot.K[0].K
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/P" in kid:
                del kid["/P"]
        self.outline += [_shift(entry, start) for entry in _outline(part)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # the destinations are joined below
            self.pdf.pages.extend(part.pages)
        for kid in kids:
            kid = self._copy(part, kid)
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = self.document
            self.document.K.append(kid)
        for key, value in _pairs(part.Root.StructTreeRoot.ParentTree.Nums):
            self.nums.append((int(key) + offset, self._copy(part, value)))
        for name, dest in _destinations(part):
            self.dests.setdefault(name, self._copy(part, dest))
        for name, element in _ids(part.Root.StructTreeRoot).items():
            self.ids.setdefault(name, self._copy(part, element))

    def _copy(self, part: pikepdf.Pdf, item):
        """``item`` of ``part`` copied into the book (pages already copied are referred to, not copied again)."""
        if not isinstance(item, pikepdf.Object) or not item.is_indirect:
            item = part.make_indirect(item)
        return self.pdf.copy_foreign(item)

    def link_parts(self) -> list[str]:
        """Links to other parts made internal; returns the ids they name that the book does not have."""
        missing = []
        for page in self.pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                action = annot.get("/A")
                uri = str(action.get("/URI", "")) if action is not None else ""
                if not uri.startswith(XREF):
                    continue
                del annot["/A"]
                target = uri[len(XREF):]
                if target in self.dests:
                    annot.Dest = pikepdf.String(target)
                    annot.Contents = pikepdf.String(target)
                else:
                    missing.append(target)
        return missing

    def save(self, target: Path) -> None:
        tree = self.pdf.Root.StructTreeRoot
        tree.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array([x for pair in self.nums for x in pair]))
        tree.ParentTreeNextKey = self.next_key()
        if self.ids:  # the notes' ids (layout/tags.py)
            tree.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(
                [x for name in sorted(self.ids) for x in (pikepdf.String(name), self.ids[name])]))
        names = pikepdf.Array([x for name in sorted(self.dests) for x in (pikepdf.String(name), self.dests[name])])
        self.pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=names))
        with self.pdf.open_outline() as outline:
            outline.root[:] = _outline_items(self.outline, 0)
        self.pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def bind_on_the_right(pdf: pikepdf.Pdf) -> None:
    """/ViewerPreferences /Direction /R2L: the reading order of a book written right to left."""
    preferences = pdf.Root.get("/ViewerPreferences")
    if preferences is None:
        pdf.Root.ViewerPreferences = preferences = pikepdf.Dictionary()
    preferences.Direction = pikepdf.Name.R2L


def _shift(entry: tuple, offset: int) -> tuple:
    title, page, left, top, children = entry
    return title, page + offset, left, top, [_shift(child, offset) for child in children]


def merge(parts: list[bytes], sheets: list[tuple | None], target: Path, trim: bool = False,
          rtl: bool = False, gutter_bleed: bool = True) -> list[str]:
    """Write the book of ``parts`` (PDFs, in order), each with its folio sheet laid over its pages
    (``folios.py``: the sheet and the folio of each page; None: no folio), to ``target``, with ``trim``
    cut at the trim (or, without ``gutter_bleed``, at the spine side of each page), and bound on the right for a language written right to left (``rtl``: viewers then show
    its spreads right to left); return the ids links name in vain."""
    book = Book(parts[0])
    starts = [0]
    for data in parts[1:]:
        starts.append(len(book.pdf.pages))
        book.append(data)
    missing = book.link_parts()
    for start, sheet in zip(starts, sheets):
        if sheet is not None:
            lay_over(book.pdf, *sheet, start)
    if trim:
        cut_at_trim(book.pdf)
    elif not gutter_bleed:
        cut_gutter_bleed(book.pdf, rtl)
    if rtl:
        bind_on_the_right(book.pdf)
    book.save(target)
    return missing
