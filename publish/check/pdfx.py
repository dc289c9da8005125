"""A PDF/X claim preflighted (pikepdf): what a file that says it is PDF/X must hold.

No free checker verifies PDF/X here (veraPDF cannot be installed), so these are the rules a press's
preflight fails a file on first, read from the file itself. A file claims PDF/X when its document
information or its XMP metadata names a ``GTS_PDFXVersion``; then

- it needs an output intent (``/OutputIntents``, ``/S /GTS_PDFX``) with its ICC profile or a registered
  condition (``pdfx-output-intent``), and ``Trapped`` set to true or false (``pdfx-trapped``);
- no page, form or pattern may set an RGB colour (``rg``, ``RG``, ``cs /DeviceRGB`` or an ICC-based RGB
  space), and no image may be RGB (``pdfx-rgb``): the press prints CMYK;
- before PDF/X-4, nothing may be transparent: no soft mask on an image or in a graphics state, no
  constant alpha under 1, no transparency group (``pdfx-transparency``). PDF/X-4 allows transparency.
"""
from __future__ import annotations

import re
from pathlib import Path

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
    import pikepdf
    with pikepdf.open(path) as pdf:
        version = claimed_version(pdf)
        if version is None:
            return []
        found = _intent_problems(pdf, version, path)
        rgb, transparent = _pages_with(pdf, transparency=not version.startswith("PDF/X-4"))
    if rgb:
        found.append(Diagnostic("pdfx-rgb", f"the file claims {version} but sets RGB colours on {_pages(rgb)}",
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
        if colours:
            rgb.append(number)
        if transparency and (alpha or "/Group" in page.obj):
            transparent.append(number)
    return rgb, transparent


def _stream_problems(owner, content, seen: set) -> tuple[bool, bool]:
    """Whether ``content`` (of ``owner``: a page or a form) or anything it draws sets RGB, or is transparent."""
    import pikepdf
    resources = owner.get("/Resources") or pikepdf.Dictionary()
    rgb, alpha = False, _states_transparent(resources)
    for item in pikepdf.parse_content_stream(content):
        operator = str(item.operator)
        if operator in RGB_OPERATORS or operator in SPACE_OPERATORS and _rgb_space(item.operands[0], resources):
            rgb = True
    for group in ("/XObject", "/Pattern"):
        for _, item in (resources.get(group) or {}).items():
            if not isinstance(item, pikepdf.Stream) or item.objgen in seen:
                continue
            seen.add(item.objgen)
            if item.get("/Subtype") == "/Image":
                rgb |= _rgb_space(item.get("/ColorSpace"), resources)
                alpha |= "/SMask" in item
            else:
                more_rgb, more_alpha = _stream_problems(item, item, seen)
                rgb, alpha = rgb or more_rgb, alpha or more_alpha or "/Group" in item
    return rgb, alpha


def _states_transparent(resources) -> bool:
    for _, state in (resources.get("/ExtGState") or {}).items():
        if str(state.get("/SMask", "/None")) != "/None" or any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca")):
            return True
    return False


def _rgb_space(space, resources) -> bool:
    import pikepdf
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
