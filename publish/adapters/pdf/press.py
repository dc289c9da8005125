"""What the press and the screen need of the written PDF: exact page boxes, and a screen edition.

WeasyPrint sets the MediaBox to the trim plus the CSS ``bleed`` and puts the
BleedBox at most 10 pt outside the TrimBox. With crop marks the CSS bleed is
wider than the bleed the printer asked for (the marks sit outside it), so
``exact_bleed_box`` sets every BleedBox to the trim plus ``print.bleed``.

The screen edition is the print book cut at the trim (``cut_at_trim``):
every page box is the TrimBox, so neither the bleed nor the marks show, and
its pages are the print book's, page for page. Its links are in colour: in
each part (``screen_part``), the text the tagged structure puts under a
``Link`` element is drawn in ``SCREEN_LINK_RGB`` instead of black (``colour_links``).
"""
from __future__ import annotations

from io import BytesIO

import pikepdf
import pydyf

from publish.config_print import PrintSettings
from publish.templates import render

MM_PT = 72 / 25.4
SCREEN_LINK_RGB = (0.102, 0.294, 0.549)  #: #1a4b8c, the links of the site
FILL_OPERATORS = {"g", "rg", "k", "cs", "sc", "scn"}
PRESS_TEMPLATE = "pdf/press.css"


def press_css(settings: PrintSettings) -> str:
    """The print edition's @page bleed and marks (the screen edition has neither)."""
    return render(PRESS_TEMPLATE, settings=settings)


def exact_bleed_box(settings: PrintSettings):
    """A WeasyPrint ``finisher``: the BleedBox of every page is the TrimBox plus the bleed."""
    bleed = settings.bleed_mm * MM_PT

    def finish(document, pdf) -> None:
        for item in pdf.objects:
            if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/Page" and "TrimBox" in item:
                left, top, right, bottom = item["TrimBox"]
                m_left, m_top, m_right, m_bottom = item["MediaBox"]  # the bleed box never leaves the sheet
                item["BleedBox"] = pydyf.Array([max(left - bleed, m_left), max(top - bleed, m_top),
                                                min(right + bleed, m_right), min(bottom + bleed, m_bottom)])
    return finish


def _link_ids(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """StructParents key of a page -> the marked-content ids on it that belong to a ``Link`` element."""
    tree = pdf.Root.get("/StructTreeRoot")
    nums = list(tree.ParentTree.Nums) if tree is not None and "/ParentTree" in tree else []
    found: dict[int, set[int]] = {}
    for key, elements in zip(nums[::2], nums[1::2]):
        if not isinstance(elements, pikepdf.Array):
            continue
        for mcid, element in enumerate(elements):
            while isinstance(element, pikepdf.Dictionary) and "/S" in element and element.S != "/Link":
                element = element.get("/P")
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/Link":
                found.setdefault(int(key), set()).add(mcid)
    return found


def _mcid(operands) -> int | None:
    properties = operands[1] if len(operands) == 2 else None
    return int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None


def _recoloured(instructions, links: set[int], colour: tuple[float, ...]) -> list:
    """A page's content with the fill colour of the marked content ``links`` set to ``colour``."""
    link_fill = pikepdf.ContentStreamInstruction([*colour], pikepdf.Operator("rg"))
    out, fill, saved, depth, inside = [], [], [], 0, None
    for item in instructions:
        operator = str(item.operator)
        if operator in ("BDC", "BMC"):
            depth += 1
            out.append(item)
            if inside is None and operator == "BDC" and _mcid(item.operands) in links:
                inside = depth
                out.append(link_fill)
            continue
        if operator == "EMC":
            out.append(item)
            if inside == depth:
                inside = None
                out.extend(fill or [pikepdf.ContentStreamInstruction([0], pikepdf.Operator("g"))])
            depth -= 1
            continue
        if operator == "q":
            saved.append(list(fill))
        elif operator == "Q":
            fill = saved.pop() if saved else fill
        elif operator in FILL_OPERATORS:
            fill = ([] if operator in ("cs", "g", "rg", "k") else fill) + [item]
            if inside is not None:
                continue  # the link keeps its colour; the colour set here is restored after it
        out.append(item)
    return out


def colour_links(pdf: pikepdf.Pdf, colour: tuple[float, ...] = SCREEN_LINK_RGB) -> None:
    """Draw the text of every link of the tagged ``pdf`` in ``colour``."""
    links = _link_ids(pdf)
    for page in pdf.pages:
        mine = links.get(int(page.obj.get("/StructParents", -1)))
        if mine:
            instructions = _recoloured(pikepdf.parse_content_stream(page), mine, colour)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def screen_part(print_part: bytes) -> bytes:
    """A part of the print book (a PDF) with its links in colour, for the screen edition."""
    with pikepdf.open(BytesIO(print_part)) as pdf:
        colour_links(pdf)
        out = BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def cut_gutter_bleed(pdf: pikepdf.Pdf, rtl: bool = False) -> None:
    """No bleed at the spine: the sheet and the BleedBox of every page end at the trim on its spine side (the
    left of a recto, the right of a verso; the other way round in a book bound on the right), as KDP's and
    IngramSpark's interiors are sized: trim + bleed wide, trim + two bleeds high."""
    for number, page in enumerate(pdf.pages, start=1):
        trim = page.obj.get("/TrimBox")
        if trim is None:
            continue
        spine_on_left = (number % 2 == 1) != rtl  # a recto of a book read left to right
        for name in ("/MediaBox", "/CropBox", "/BleedBox"):
            if name in page.obj:
                box = [float(v) for v in page.obj[name]]
                if spine_on_left:
                    box[0] = float(min(trim[0], trim[2]))
                else:
                    box[2] = float(max(trim[0], trim[2]))
                page.obj[name] = pikepdf.Array(box)


def cut_at_trim(pdf: pikepdf.Pdf) -> None:
    """Every page box of ``pdf`` made its TrimBox: neither the bleed nor the marks show."""
    for page in pdf.pages:
        trim = page.obj.get("/TrimBox")
        if trim is None:
            continue
        for name in ("/MediaBox", "/CropBox", "/BleedBox"):
            if name in page.obj or name == "/MediaBox":
                page.obj[name] = pikepdf.Array(list(trim))
