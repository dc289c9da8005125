"""Gradients under PDF/X: WeasyPrint draws a CSS linear or radial gradient as an RGB shading inside a tiling
pattern; made PDF/X, each is in CMYK (its colours converted, interpolated in CMYK), Ghostscript renders it in
colour inks, and `publish check` finds nothing; the same file claiming PDF/X unconverted is an RGB gradient
to the check."""
from __future__ import annotations

import shutil

import pikepdf
import pytest
from weasyprint import HTML

from publish.adapters.pdf.pdfx import make_pdfx
from publish.adapters.pdf.pdfx.profile import cmyk_profile
from publish.check import check_outputs
from tests.press_support import ink_coverage, renders

PAGE = """<style>@page { size: 100mm 100mm; margin: 10mm }</style>
<div style="height: 25mm; background: linear-gradient(to right, #c03, #06c)"></div>
<div style="height: 25mm; background: radial-gradient(#e60, #063)"></div>
<div style="height: 15mm; background: linear-gradient(#000, #fff, #f80)"></div>"""


@pytest.fixture(scope="module")
def gradients(tmp_path_factory):
    root = tmp_path_factory.mktemp("gradients")
    HTML(string=PAGE).write_pdf(root / "rgb.pdf")
    profile = cmyk_profile(root / "icc")
    for variant in ("x-1a", "x-4"):
        shutil.copy(root / "rgb.pdf", root / f"{variant}.pdf")
        make_pdfx(root / f"{variant}.pdf", variant, profile, "gradients")
    return root


def shading_spaces(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(obj.ColorSpace) for obj in pdf.objects
                if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and "/ShadingType" in obj]


def pdfx_problems(path) -> list:
    """What ``publish check`` finds of the PDF/X claim (a page of gradients has no text, which it also says)."""
    return [d for d in check_outputs(pdfs=[path], accessibility=False) if d.code.startswith("pdfx")]


@pytest.mark.parametrize("variant", ["x-1a", "x-4"])
def test_gradients_are_made_cmyk(gradients, variant):
    assert shading_spaces(gradients / "rgb.pdf").count("/DeviceRGB") == 3, "WeasyPrint writes them in RGB"
    path = gradients / f"{variant}.pdf"
    spaces = shading_spaces(path)
    assert spaces.count("/DeviceCMYK") == 3 and "/DeviceRGB" not in spaces, spaces
    renders(path)
    [(c, m, y, k)] = ink_coverage(path)
    assert c > 0.05 and m > 0.05 and y > 0.05, "the gradients print in colour"
    assert pdfx_problems(path) == []


def test_a_gradient_left_in_rgb_fails_the_check(gradients, tmp_path):
    """The converted file with one gradient put back in RGB (nothing else in it is RGB)."""
    with pikepdf.open(gradients / "x-4.pdf") as pdf:
        [shading, *_] = [obj for obj in pdf.objects
                         if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and "/ShadingType" in obj]
        shading.ColorSpace = pikepdf.Name.DeviceRGB
        for function in shading.Function.Functions:
            function.C0, function.C1 = pikepdf.Array([1, 0, 0]), pikepdf.Array([0, 0, 1])
        pdf.save(tmp_path / "forged.pdf")
    assert pdfx_problems(gradients / "x-4.pdf") == []
    [problem] = pdfx_problems(tmp_path / "forged.pdf")
    assert problem.code == "pdfx-rgb" and "gradient" in problem.message
