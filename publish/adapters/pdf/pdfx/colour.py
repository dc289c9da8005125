"""Every colour of a written PDF made CMYK for the press, black and greys as black ink alone.

WeasyPrint writes RGB: ``r g b rg`` for the text, ``/DeviceRGB`` images. Here each colour operator of
every page, form and pattern is rewritten (``recolour``): a grey (the text's black, ``0 0 0 rg``) becomes
black ink alone (``0 0 0 1 k``), so that text prints on one plate and never as a blur of four inks; any
other colour goes through littleCMS (Pillow's ImageCms) from sRGB to the FOGRA39 profile. An RGB image is
converted the same way and written again as CMYK (Flate); a grey image is left as it is (grey is black ink).
A gradient (an axial or radial shading, as WeasyPrint writes a CSS gradient: its colours the C0 and C1 of
exponential functions, alone or stitched) has each of its colours converted the same way and is interpolated
in CMYK (``recolour_shading``); the blending space of a transparency group kept for PDF/X-4 is made CMYK.
A shading of another kind stays as it is, and ``publish check`` names it (``pdfx-rgb``).
With ``flatten`` (PDF/X-1a, which forbids transparency) an image's soft mask is composited onto white paper
and dropped, as are soft masks, constant alpha and transparency groups of the graphics state.
"""
from __future__ import annotations

import zlib
from io import BytesIO

import pikepdf
from PIL import Image, ImageCms

RGB_SPACES = ("/DeviceRGB", "/CalRGB")
COLOUR_OPERATORS = {"rg", "RG", "cs", "CS", "sc", "scn", "SC", "SCN", "q", "Q"}


class Converter:
    """sRGB to the CMYK of ``profile`` (an ICC profile's bytes); neutral greys to black ink alone."""

    def __init__(self, profile: bytes):
        self.transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                                 ImageCms.ImageCmsProfile(BytesIO(profile)), "RGB", "CMYK",
                                                 renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        self.known: dict[tuple, tuple] = {}
        self.spaces: set[str] = set()  #: the names of the colour spaces the content sets (cs, CS)
        self.resources: list = []      #: the resources of every page and form seen

    def cmyk(self, rgb: tuple[float, float, float]) -> tuple[float, ...]:
        if rgb not in self.known:
            if rgb[0] == rgb[1] == rgb[2]:
                self.known[rgb] = (0.0, 0.0, 0.0, round(1 - rgb[0], 4))
            else:
                pixel = Image.new("RGB", (1, 1), tuple(round(min(max(v, 0.0), 1.0) * 255) for v in rgb))
                ink = ImageCms.applyTransform(pixel, self.transform).getpixel((0, 0))
                self.known[rgb] = tuple(round(v / 255, 4) for v in ink)
        return self.known[rgb]

    def image(self, picture: Image.Image) -> Image.Image:
        return ImageCms.applyTransform(picture.convert("RGB"), self.transform)


def _op(operands, operator: str) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), pikepdf.Operator(operator))


def _is_rgb_space(name, resources) -> bool:
    if str(name) in RGB_SPACES:
        return True
    spaces = resources.get("/ColorSpace") if resources is not None else None
    space = name if isinstance(name, pikepdf.Array) else spaces.get(str(name)) if spaces is not None else None
    return isinstance(space, pikepdf.Array) and len(space) == 2 and str(space[0]) == "/ICCBased" \
        and int(space[1].get("/N", 0)) == 3


def recolour(instructions, convert: Converter, resources) -> list | None:
    """The instructions with every RGB colour made CMYK; None when there was none."""
    out, changed, space, saved = [], False, {"fill": False, "stroke": False}, []
    for item in instructions:
        operator = str(item.operator)
        if operator not in COLOUR_OPERATORS:
            out.append(item)
            continue
        side = "stroke" if operator.isupper() else "fill"
        if operator == "q":
            saved.append(dict(space))
        elif operator == "Q":
            space = saved.pop() if saved else space
        elif operator in ("rg", "RG"):
            item, changed = _op(convert.cmyk(tuple(float(v) for v in item.operands)), "K" if side == "stroke"
                                else "k"), True
        elif operator in ("cs", "CS"):
            space[side] = _is_rgb_space(item.operands[0], resources)
            convert.spaces.add(str(item.operands[0]))
            if space[side]:
                item, changed = _op([pikepdf.Name.DeviceCMYK], operator), True
        elif space[side] and len(item.operands) == 3:  # sc, scn, SC, SCN in an RGB space
            item = _op(convert.cmyk(tuple(float(v) for v in item.operands)), operator)
        out.append(item)
    return out if changed else None


def _flatten_state(resources) -> None:
    """No soft mask and no constant alpha in any graphics state of ``resources`` (PDF/X-1a)."""
    for _, state in (resources.get("/ExtGState") or {}).items():
        if "/SMask" in state:
            state.SMask = pikepdf.Name("/None")
        for key in ("/CA", "/ca"):
            if key in state:
                del state[key]
        if "/BM" in state:
            state.BM = pikepdf.Name.Normal


def _recolour_image(image: pikepdf.Stream, convert: Converter, flatten: bool) -> None:
    picture = pikepdf.PdfImage(image).as_pil_image()
    mask = image.get("/SMask") if flatten else None
    if mask is not None:
        alpha = pikepdf.PdfImage(mask).as_pil_image().convert("L").resize(picture.size)
        paper = Image.new(picture.mode if picture.mode in ("L", "RGB") else "RGB", picture.size, "white")
        paper.paste(picture.convert(paper.mode), (0, 0), alpha)
        picture = paper
        del image["/SMask"]
    if picture.mode in ("L", "1") and mask is None and str(image.get("/ColorSpace")) == "/DeviceGray":
        return
    if picture.mode in ("L", "1"):
        ink, space = picture.convert("L"), pikepdf.Name.DeviceGray
    else:
        ink, space = convert.image(picture), pikepdf.Name.DeviceCMYK
    image.write(zlib.compress(ink.tobytes(), 9), filter=pikepdf.Name.FlateDecode)
    for key in ("/DecodeParms", "/Decode", "/Intent"):
        if key in image:
            del image[key]
    image.ColorSpace, image.BitsPerComponent = space, 8


def _needs_recolouring(image: pikepdf.Stream, flatten: bool) -> bool:
    """An image in an RGB, indexed or ICC-based space, or (``flatten``) with a soft mask."""
    if image.get("/ImageMask", False):
        return False
    space = image.get("/ColorSpace")
    kind = str(space[0]) if isinstance(space, pikepdf.Array) else str(space)
    return (flatten and "/SMask" in image) or kind in (*RGB_SPACES, "/Indexed", "/ICCBased")


def _function_colours(function) -> list | None:
    """The exponential functions (type 2) of ``function``, itself one or stitching them (type 3); None when it
    holds another kind."""
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        return [function]
    if kind == 3:
        parts = [_function_colours(part) for part in function.get("/Functions", [])]
        return None if any(part is None for part in parts) else [one for part in parts for one in part]
    return None


def recolour_shading(shading, convert: Converter) -> None:
    """An RGB gradient made CMYK: each colour its functions run between converted, its space DeviceCMYK."""
    space = shading.get("/ColorSpace")
    if space is None or not _is_rgb_space(space, None):
        return
    functions = _function_colours(shading.Function) if "/Function" in shading else None
    if not functions or isinstance(shading.Function, pikepdf.Array):
        return
    if "/Background" in shading:
        shading.Background = pikepdf.Array(convert.cmyk(tuple(float(v) for v in shading.Background)))
    for function in functions:
        for key in ("/C0", "/C1"):
            rgb = tuple(float(v) for v in function.get(key, [0, 0, 0] if key == "/C0" else [1, 1, 1]))
            function[key] = pikepdf.Array(convert.cmyk(rgb))
    shading.ColorSpace = pikepdf.Name.DeviceCMYK


def _recolour_shadings(resources, convert: Converter, seen: set) -> None:
    """The shadings ``resources`` names (for ``sh``) and those of its shading patterns."""
    shadings = [item for _, item in (resources.get("/Shading") or {}).items()]
    shadings += [item.Shading for _, item in (resources.get("/Pattern") or {}).items()
                 if not isinstance(item, pikepdf.Stream) and "/Shading" in item]
    for shading in shadings:
        if shading.is_indirect and shading.objgen in seen:
            continue
        if shading.is_indirect:
            seen.add(shading.objgen)
        recolour_shading(shading, convert)


def _recolour_group(owner, flatten: bool) -> None:
    """No transparency group for PDF/X-1a; for X-4, a group blending in RGB made to blend in CMYK."""
    group = owner.get("/Group")
    if group is None:
        return
    if flatten:
        del owner["/Group"]
    elif "/CS" in group and _is_rgb_space(group.CS, None):
        group.CS = pikepdf.Name.DeviceCMYK


def recolour_resources(owner, convert: Converter, flatten: bool, seen: set) -> None:
    """The content of ``owner`` (a page or a form) and of every form, pattern, shading and image it uses,
    in CMYK."""
    resources = owner.get("/Resources")
    _recolour_group(owner, flatten)
    if resources is None:
        return
    convert.resources.append(resources)
    if flatten:
        _flatten_state(resources)
    _recolour_shadings(resources, convert, seen)
    for group in ("/XObject", "/Pattern"):
        for _, item in (resources.get(group) or {}).items():
            if not isinstance(item, pikepdf.Stream) or item.objgen in seen:
                continue  # (a shading pattern is a dictionary: its colours are its shading's, seen above)
            seen.add(item.objgen)
            if item.get("/Subtype") == "/Image":
                if _needs_recolouring(item, flatten):
                    _recolour_image(item, convert, flatten)
            else:  # a form, or a tiling pattern
                recolour_resources(item, convert, flatten, seen)
                _rewrite(item, convert, item.get("/Resources"))


def _rewrite(stream, convert: Converter, resources) -> None:
    changed = recolour(pikepdf.parse_content_stream(stream), convert, resources)
    if changed is not None:
        stream.write(pikepdf.unparse_content_stream(changed))


def recolour_pdf(pdf: pikepdf.Pdf, convert: Converter, flatten: bool) -> None:
    """Every page of ``pdf`` in CMYK (``flatten``: without transparency)."""
    seen: set = set()
    for page in pdf.pages:
        recolour_resources(page.obj, convert, flatten, seen)
        changed = recolour(pikepdf.parse_content_stream(page), convert, page.obj.get("/Resources"))
        if changed is not None:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(changed))
    if flatten:
        drop_unused_spaces(convert)


def drop_unused_spaces(convert: Converter) -> None:
    """The colour spaces no content sets taken out of the resources (WeasyPrint declares its Lab spaces on
    every page, which PDF/X-1a does not know, whether or not a page uses them)."""
    for resources in convert.resources:
        spaces = resources.get("/ColorSpace")
        for name in [str(key) for key in (spaces.keys() if spaces is not None else ())]:
            if name not in convert.spaces:
                del spaces[name]
