"""A PDF/X claim preflighted (pikepdf): what a file that says it is PDF/X must hold.

No free checker verifies PDF/X here (veraPDF cannot be installed), so these are the rules a press's
preflight fails a file on first, read from the file itself. A file claims PDF/X when its document
information or its XMP metadata names a ``GTS_PDFXVersion``; then

- it needs an output intent (``/OutputIntents``, ``/S /GTS_PDFX``) with its ICC profile or a registered
  condition (``pdfx-output-intent``), and ``Trapped`` set to true or false (``pdfx-trapped``);
- no page, form, pattern, Type 3 glyph or annotation's appearance may set an RGB colour (``rg``, ``RG``,
  ``cs /DeviceRGB`` or an ICC-based RGB space), and no image, gradient (shading) or transparency group's
  blending space may be RGB (``pdfx-rgb``): the press prints CMYK;
- before PDF/X-4, nothing may be transparent: no soft mask on an image or in a graphics state, no
  constant alpha under 1, no blend mode but Normal, no transparency group (``pdfx-transparency``).
  PDF/X-4 allows transparency.
"""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf

from publish.diagnostics import Diagnostic

RGB_OPERATORS = {"rg", "RG"}
SPACE_OPERATORS = {"cs", "CS"}
PDFX_XMP = re.compile(r"GTS_PDFXVersion[^>]*>\s*([^<]+)<|GTS_PDFXVersion=\"([^\"]+)\"")


def claimed_version(pdf) -> str | None:
    """The PDF/X version the file claims (None: no claim)."""
    version = pdf.docinfo.get("/GTS_PDFXVersion") if pdf.trailer.get("/Info") is not None else None
    if version is not None:
        return str(version)
    metadata = pdf.Root.get("/Metadata")
    found = PDFX_XMP.search(metadata.read_bytes().decode("utf-8", "replace")) if metadata is not None else None
    return (found.group(1) or found.group(2)).strip() if found else None


def check_pdfx(path: Path) -> list[Diagnostic]:
    with pikepdf.open(path) as pdf:
        version = claimed_version(pdf)
        if version is None:
            return []
        found = _intent_problems(pdf, version, path)
        rgb, transparent = _pages_with(pdf, transparency=not version.startswith("PDF/X-4"))
    if rgb:
        found.append(Diagnostic("pdfx-rgb", f"the file claims {version} but sets RGB colours (a colour, an image, "
                                f"a gradient or a transparency group's blending space) on {_pages(rgb)}",
                                str(path), hint="a PDF/X file is printed in CMYK: build it again with "
                                "'print: pdfx' (publish converts every colour), or convert it with the printer's profile"))
    if transparent:
        found.append(Diagnostic("pdfx-transparency", f"the file claims {version} but has a soft mask or "
                                f"transparency on {_pages(transparent)}", str(path),
                                hint="PDF/X-1a allows no transparency: use 'pdfx: x-4', or flatten it"))
    return found


def _intent_problems(pdf, version: str, path: Path) -> list[Diagnostic]:
    intents = [intent for intent in (pdf.Root.get("/OutputIntents") or [])
               if str(intent.get("/S")) == "/GTS_PDFX"]
    found = []
    if not any("/DestOutputProfile" in intent or "/OutputConditionIdentifier" in intent for intent in intents):
        found.append(Diagnostic("pdfx-output-intent", f"the file claims {version} but has no PDF/X output intent",
                                str(path), hint="a PDF/X file names its printing condition and CMYK profile "
                                "(/OutputIntents); build it with 'print: pdfx'"))
    if str(pdf.docinfo.get("/Trapped", "")) not in ("/True", "/False"):
        found.append(Diagnostic("pdfx-trapped", f"the file claims {version} but does not say whether it is "
                                "trapped (/Trapped)", str(path), hint="build it with 'print: pdfx'"))
    return found


def _pages_with(pdf, transparency: bool) -> tuple[list[int], list[int]]:
    """The pages (from 1) that set an RGB colour, and those with transparency."""
    rgb, transparent = [], []
    for number, page in enumerate(pdf.pages, 1):
        seen: set = set()
        colours, alpha = _stream_problems(page.obj, page, seen)
        for annotation in page.obj.get("/Annots") or []:  # (what a viewer draws of a link, a note, a field)
            for _, look in (annotation.get("/AP") or {}).items():
                for form in [look] if isinstance(look, pikepdf.Stream) else [one for _, one in look.items()]:
                    more_rgb, more_alpha = _stream_problems(form, form, seen)
                    colours, alpha = colours or more_rgb, alpha or more_alpha
        if colours:
            rgb.append(number)
        if transparency and (alpha or "/Group" in page.obj):
            transparent.append(number)
    return rgb, transparent


def _stream_problems(owner, content, seen: set) -> tuple[bool, bool]:
    """Whether ``content`` (of ``owner``: a page, a form, a pattern or a Type 3 glyph) or anything it draws
    sets RGB (a colour, an image, a gradient, a transparency group's blending space), or is transparent."""
    resources = owner.get("/Resources") or pikepdf.Dictionary()
    rgb = _rgb_space((owner.get("/Group") or {}).get("/CS"), resources) or _shadings_rgb(resources)
    alpha = _states_transparent(resources)
    for item in pikepdf.parse_content_stream(content):
        operator = str(item.operator)
        if operator in RGB_OPERATORS or operator in SPACE_OPERATORS and _rgb_space(item.operands[0], resources):
            rgb = True
    for _, item in _drawn(resources):
        if not isinstance(item, pikepdf.Stream) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        if item.get("/Subtype") == "/Image":
            rgb |= _rgb_space(item.get("/ColorSpace"), resources)
            alpha |= "/SMask" in item
        else:
            more_rgb, more_alpha = _stream_problems(item if "/Resources" in item else owner, item, seen)
            rgb, alpha = rgb or more_rgb, alpha or more_alpha or "/Group" in item
    return rgb, alpha


def _drawn(resources):
    """The forms, images and tiling patterns ``resources`` names, and the glyphs of its Type 3 fonts."""
    for group in ("/XObject", "/Pattern"):
        yield from (resources.get(group) or {}).items()
    for _, font in (resources.get("/Font") or {}).items():
        if font.get("/Subtype") == "/Type3":
            glyphs = font.get("/CharProcs") or {}
            for name, glyph in glyphs.items():
                if "/Resources" not in glyph and "/Resources" in font:
                    glyph.Resources = font.Resources  # (read only: the file is not written)
                yield name, glyph


def _shadings_rgb(resources) -> bool:
    """Whether a gradient (a shading, or a shading pattern) of ``resources`` is in RGB."""
    shadings = [item for _, item in (resources.get("/Shading") or {}).items()]
    shadings += [item.Shading for _, item in (resources.get("/Pattern") or {}).items()
                 if not isinstance(item, pikepdf.Stream) and "/Shading" in item]
    return any(_rgb_space(shading.get("/ColorSpace"), resources) for shading in shadings)


def _states_transparent(resources) -> bool:
    for _, state in (resources.get("/ExtGState") or {}).items():
        if str(state.get("/SMask", "/None")) != "/None" or any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca")):
            return True
        modes = state.get("/BM", pikepdf.Name.Normal)
        if any(str(mode) not in ("/Normal", "/Compatible")
               for mode in (modes if isinstance(modes, pikepdf.Array) else [modes])):
            return True
    return False


def _rgb_space(space, resources) -> bool:
    if space is None:
        return False
    if isinstance(space, pikepdf.Name) and str(space) not in ("/DeviceRGB", "/CalRGB"):
        named = (resources.get("/ColorSpace") or {}).get(str(space))
        space = named if named is not None else space
    if isinstance(space, pikepdf.Array):
        kind = str(space[0])
        if kind == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if kind == "/Indexed":
            return _rgb_space(space[1], resources)
        return kind == "/CalRGB"
    return str(space) in ("/DeviceRGB", "/CalRGB")


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:8]))
    return f"page{'s' if len(numbers) > 1 else ''} {shown}" + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")
