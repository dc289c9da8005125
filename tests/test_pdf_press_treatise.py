"""PDF/X on a real book's shapes: tests/series/treatise (tables, a figure, notes continued over pages, a
30-page chapter; some 56 pages) built as PDF/X-1a and as PDF/X-4, and read back as a print shop's
preflight reads it: Ghostscript renders every page and measures its inks, pdffonts lists the fonts, and
every object of the file is walked here (pikepdf) for an RGB colour space, an RGB colour operator and
transparency, independently of publish's own check, which must pass them and still fail forged files."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from publish.build import build
from publish.check import check_outputs
from publish.diagnostics import Report, exit_code
from tests.press_support import ink_coverage, renders, tool

TREATISE = Path(__file__).parent / "series" / "treatise"
VARIANTS = {"x1a": "x-1a", "x4": "x-4"}
RGB_NAMES = {"/DeviceRGB", "/CalRGB"}


@pytest.fixture(scope="module")
def treatise(tmp_path_factory) -> dict[str, Path]:
    """The treatise built once as each PDF/X variant: {'x1a': build/t-x1a/, 'x4': build/t-x4/}."""
    root = tmp_path_factory.mktemp("treatise")
    built = {}
    for name, variant in VARIANTS.items():
        folder = root / "series" / f"t-{name}"
        shutil.copytree(TREATISE, folder)
        settings = (folder / "series.yml").read_text(encoding="utf-8")
        assert "  trim: 6x9in\n" in settings
        (folder / "series.yml").write_text(settings.replace("  trim: 6x9in\n", f"  trim: 6x9in\n  pdfx: {variant}\n"),
                                           encoding="utf-8")
        report = Report()
        build(folder, ("pdf",), root / "out", report)
        assert not report.errors, report.errors
        built[name] = root / "out" / f"t-{name}"
    return built


def outputs(treatise, name: str) -> list[Path]:
    return [treatise[name] / f"t-{name}.pdf", treatise[name] / f"t-{name}-cover.pdf"]


def rgb_space(space) -> bool:
    """An RGB colour space, however it is written (a name, an ICC profile of three components, an indexed
    or pattern space over one)."""
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if kind in ("/Indexed", "/Pattern") and len(space) > 1:
            return rgb_space(space[1])
        return kind in RGB_NAMES
    return False


def streams_drawn(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Every content stream of the file: pages, forms, tiling patterns, Type 3 glyphs, appearance streams."""
    found = [content for page in pdf.pages for content in
             (page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents])]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1):
            found.append(obj)
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type3":
            found += [glyph for _, glyph in obj.CharProcs.items()]
    return found


def preflight(path: Path) -> list[str]:
    """What a PDF/X-1a preflight finds in ``path``: every RGB colour and every transparency, as text."""
    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            where = f"{obj.objgen} {obj.get('/Type', '')}{obj.get('/Subtype', '')}"
            for key in ("/ColorSpace", "/CS"):
                space = obj.get(key)
                spaces = [v for _, v in space.items()] if isinstance(space, pikepdf.Dictionary) else [space]
                found += [f"{where}: {key} RGB" for one in spaces if rgb_space(one)]
            group = obj.get("/Group")
            if isinstance(group, pikepdf.Dictionary):
                found += [f"{where}: transparency group"] + ([f"{where}: group in RGB"] if rgb_space(group.get("/CS"))
                                                               else [])
            if float(obj.get("/CA", 1)) < 1 or float(obj.get("/ca", 1)) < 1:
                found.append(f"{where}: constant alpha")
            if str(obj.get("/SMask", "/None")) != "/None":
                found.append(f"{where}: soft mask")
            if str(obj.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                found.append(f"{where}: blend mode {obj.BM}")
            if obj.get("/ShadingType") is not None and rgb_space(obj.get("/ColorSpace")):
                found.append(f"{where}: RGB shading")
            if obj.get("/Subtype") == "/Type3":
                found.append(f"{where}: a Type 3 font")
        for stream in streams_drawn(pdf):
            found += [f"{stream.objgen}: {item.operator}" for item in pikepdf.parse_content_stream(stream)
                      if str(item.operator) in ("rg", "RG")]
        for number, page in enumerate(pdf.pages, 1):
            for _, annotation in enumerate(page.obj.get("/Annots") or []):
                found.append(f"page {number}: an annotation {annotation.get('/Subtype')}")
    return found


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_page_renders_and_every_font_is_embedded(treatise, name):
    for path in outputs(treatise, name):
        renders(path)
        fonts = subprocess.run([tool("pdffonts", "poppler-utils"), str(path)], capture_output=True, text=True,
                               check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row) for row in rows)
        assert all(row.split()[-5] == "yes" for row in rows), f"a font not embedded in {path.name}:\n{fonts}"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_page_has_its_trim_inside_its_bleed_inside_its_media_and_the_output_intent(treatise, name):
    for path in outputs(treatise, name):
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) >= (50 if path.name == f"t-{name}.pdf" else 1)
            intents = pdf.Root.OutputIntents
            assert [str(intent.S) for intent in intents] == ["/GTS_PDFX"]
            assert int(intents[0].DestOutputProfile.N) == 4, "a CMYK printing condition"
            for number, page in enumerate(pdf.pages, 1):
                trim, bleed, media = ([float(v) for v in page.obj[key]]
                                      for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
                for inner, outer in ((trim, bleed), (bleed, media)):
                    assert inner[0] >= outer[0] - 0.001 and inner[1] >= outer[1] - 0.001 and \
                        inner[2] <= outer[2] + 0.001 and inner[3] <= outer[3] + 0.001, (path.name, number)
                assert bleed[0] <= trim[0] - 8.5 and bleed[2] >= trim[2] + 8.5, "3 mm of bleed"


def test_x_1a_has_no_rgb_and_no_transparency_anywhere(treatise):
    for path in outputs(treatise, "x1a"):
        assert preflight(path) == [], path.name


def test_x_4_has_no_rgb_anywhere_and_its_transparency_blends_in_cmyk(treatise):
    for path in outputs(treatise, "x4"):
        rgb = [problem for problem in preflight(path) if "RGB" in problem or problem.endswith(("rg", "RG"))
               or "Type 3" in problem or "annotation" in problem]
        assert rgb == [], path.name


def test_x_1a_text_pages_are_black_ink_alone(treatise):
    """Ghostscript's ink coverage of every page of the treatise: the pages of text (and the grey plate) use
    the black plate alone."""
    coverage = ink_coverage(treatise["x1a"] / "t-x1a.pdf")
    assert len(coverage) >= 50
    for number, (c, m, y, k) in enumerate(coverage, 1):
        assert (c, m, y) == (0, 0, 0), f"page {number}: {(c, m, y, k)}"
    assert sum(k > 0 for *_, k in coverage) >= 45, "the text is printed"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_publish_check_passes_the_treatise(treatise, name):
    assert check_outputs(pdfs=outputs(treatise, name), accessibility=False) == []


def forged(source: Path, target: Path, edit) -> list[str]:
    with pikepdf.open(source) as pdf:
        edit(pdf, pdf.pages[len(pdf.pages) // 2])
        pdf.save(target)
    found = check_outputs(pdfs=[target], accessibility=False)
    assert exit_code(found) == 1
    return sorted({d.code for d in found if d.code.startswith("pdfx")})


def _form(pdf: pikepdf.Pdf, content: bytes, **resources) -> pikepdf.Stream:
    return pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10],
                           Resources=pikepdf.Dictionary(**resources))


def _draw(pdf, page, name: str, form) -> None:
    page.obj.Resources.XObject = page.obj.Resources.get("/XObject", pikepdf.Dictionary())
    page.obj.Resources.XObject[name] = form
    page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes() + f"\nq {name} Do Q\n".encode())


def rgb_gradient(pdf, page):
    shading = pdf.make_indirect(pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 10, 0],
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1)))
    _draw(pdf, page, "/Grad", _form(pdf, b"/Sh0 sh", Shading=pikepdf.Dictionary(Sh0=shading)))


def rgb_group(pdf, page):
    form = _form(pdf, b"0 0 0 1 k 0 0 5 5 re f")
    form.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceRGB)
    _draw(pdf, page, "/Grp", form)


def multiply(pdf, page):
    page.obj.Resources.ExtGState = pikepdf.Dictionary(Mult=pikepdf.Dictionary(BM=pikepdf.Name.Multiply))


def rgb_glyph(pdf, page):
    glyph = pdf.make_stream(b"0 0 0 0 0 0 d1 1 0 0 rg 0 0 1 1 re f")
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1, 1], FontMatrix=[1, 0, 0, 1, 0, 0],
        CharProcs=pikepdf.Dictionary(a=glyph), Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]),
        FirstChar=97, LastChar=97, Widths=[1]))
    page.obj.Resources.Font["/T3"] = font


def rgb_appearance(pdf, page):
    look = _form(pdf, b"0 1 0 RG 0 0 10 10 re S")
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[0, 0, 10, 10],
        AP=pikepdf.Dictionary(N=look))]))


@pytest.mark.parametrize("edit, codes", [
    (rgb_gradient, ["pdfx-rgb"]), (rgb_group, ["pdfx-rgb", "pdfx-transparency"]),
    (multiply, ["pdfx-transparency"]), (rgb_glyph, ["pdfx-rgb"]), (rgb_appearance, ["pdfx-rgb"]),
])
def test_publish_check_fails_the_treatise_forged(treatise, tmp_path, edit, codes):
    assert forged(treatise["x1a"] / "t-x1a.pdf", tmp_path / "forged.pdf", edit) == codes


def test_a_forged_rgb_group_fails_x_4_too(treatise, tmp_path):
    assert forged(treatise["x4"] / "t-x4.pdf", tmp_path / "forged.pdf", rgb_group) == ["pdfx-rgb"]
