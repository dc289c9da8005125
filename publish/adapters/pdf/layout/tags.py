"""Each note tagged as one ``Note`` in the part's structure tree, however many pages it runs over.

WeasyPrint 70 tags the notes at the foot of a page as ``Span`` elements of one
``NonStruct`` that closes the page's elements, one ``Span`` per piece, in the order
the notes stand. Here each note becomes a ``Note`` (with its id as ``/ID``, as
PDF/UA asks), the pieces of a continued note are joined into its head's ``Note``,
and the ``Note`` is moved into the structure just after its call, where a screen
reader should read it. The notes of each page are known from the layout
(``areas``: the element ids of each page's notes, in order); a page whose
structure does not show them as expected is left as WeasyPrint wrote it.
"""
from __future__ import annotations

from io import BytesIO

import pikepdf

from publish.adapters.pdf.layout.continued import note_of_piece


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _set_kids(element, kids: list) -> None:
    element.K = pikepdf.Array(kids)


def _without(element, child) -> None:
    _set_kids(element, [kid for kid in _kids(element) if not (isinstance(kid, pikepdf.Object)
                                                             and kid.is_indirect and kid.objgen == child.objgen)])


def _find_calls(element, found: dict) -> None:
    """The ``Link`` element of every link annotation to a note, by the note's id."""
    for kid in _kids(element):
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        if kid.get("/Type") == pikepdf.Name.OBJR and element.get("/S") == pikepdf.Name.Link:
            target = kid.Obj.get("/Dest")
            if target is not None:
                found.setdefault(str(target), element)
        elif "/S" in kid:
            _find_calls(kid, found)


def tag_notes(data: bytes, areas: list[list[str]]) -> bytes:
    """The part's PDF (``data``) with its notes tagged as ``Note``s (``areas``: the ids of each page's notes)."""
    with pikepdf.open(BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        document = _kids(root)[0]
        page_of = {page.objgen: index for index, page in enumerate(pdf.pages)}
        pieces: dict[str, list] = {}
        for index, ids in enumerate(areas):
            if not ids:
                continue
            on_page = [kid for kid in _kids(document) if isinstance(kid, pikepdf.Dictionary) and "/Pg" in kid
                       and page_of.get(kid.Pg.objgen) == index]
            area = on_page[-1] if on_page else None
            if area is None or area.get("/S") != pikepdf.Name.NonStruct or len(_kids(area)) != len(ids):
                continue
            for element, element_id in zip(_kids(area), ids):
                pieces.setdefault(note_of_piece(element_id), []).append((element, area))
        calls: dict = {}
        _find_calls(document, calls)
        for note_id, found in pieces.items():
            _join(document, note_id, found, calls.get(note_id))
        if pieces:
            names = pikepdf.Array()
            for note_id in sorted(pieces):
                names.extend([pikepdf.String(note_id), pieces[note_id][0][0]])
            root.IDTree = pikepdf.Dictionary(Names=names)
        out = BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _join(document, note_id: str, found: list, call) -> None:
    """One ``Note`` of a note's pieces (each with the area it stood in), moved after its call."""
    (head, head_area), rest = found[0], found[1:]
    head.S = pikepdf.Name.Note
    head.ID = pikepdf.String(note_id)
    kids = _kids(head)
    for piece, area in rest:
        for kid in _kids(piece):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = head
            elif isinstance(kid, int):  # a marked content of another page: named with its page
                kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=piece.Pg, MCID=kid)
            kids.append(kid)
        _drop(document, area, piece)
    _set_kids(head, kids)
    holder = call.get("/P") if call is not None else None  # the call's <sup>: the note is read after it
    parent = holder.get("/P") if holder is not None else None
    siblings = _kids(parent) if parent is not None else []
    at = next((i for i, kid in enumerate(siblings) if isinstance(kid, pikepdf.Object) and kid.is_indirect
               and kid.objgen == holder.objgen), None)
    if at is not None:
        _drop(document, head_area, head)
        _set_kids(parent, siblings[:at + 1] + [head] + siblings[at + 1:])
        head.P = parent


def _drop(document, area, element) -> None:
    """Take ``element`` out of its page's notes; an emptied area goes too."""
    _without(area, element)
    if not _kids(area):
        _without(document, area)
