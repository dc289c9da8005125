"""PDF/X for the press (print: pdfx): the print book and its cover read back as a press's preflight would,
with pikepdf (the claim, the output intent, the boxes, no transparency) and Ghostscript (every page renders;
its ink coverage shows the text on the black plate alone), and `publish check` failing a false claim."""
from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from PIL import Image

from publish.build import build
from publish.check import check_outputs
from publish.config import load_config
from publish.diagnostics import Report, exit_code
from tests.conftest import write_series
from tests.press_support import (ARTICLES, ISBN, ISBN_DIGITS, barcodes, build_book, config, ink_coverage,
                                 render_grey, renders)

PICTURE = "![A picture with a transparent corner](corner.png)\n"


def transparent_png() -> bytes:
    """A red picture whose left half is see-through: an image with a soft mask in the PDF."""
    image = Image.new("RGBA", (600, 300), (200, 30, 30, 255))
    image.paste((0, 0, 0, 0), (0, 0, 300, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    """Build/ with the same book plain, as PDF/X-1a and as PDF/X-4 (one CMYK profile, in build/.cache)."""
    root = tmp_path_factory.mktemp("pdfx")
    articles = dict(ARTICLES) | {"03-picture.md": "---\ntitle: A Picture\n---\n\n" + PICTURE}
    built = {}
    for name, lines in (("plain", ()), ("x1a", ("pdfx: x-1a",)), ("x4", ("pdfx: x-4",))):
        built[name] = build_book(root, name, config(*lines), articles,
                                 extra={"articles/corner.png": transparent_png()})
    return root, built


def every_object(pdf: pikepdf.Pdf):
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)]


def images(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """The images the pages draw (not their masks)."""
    found = {}
    for page in pdf.pages:
        for image in page.get_images().values():
            found[image.objgen] = image
    return list(found.values())


@pytest.mark.parametrize("name", ["x1a-cover", "x1a"])
def test_pdfx_1a_claims_the_standard_with_its_cmyk_output_intent(press, name, tmp_path):
    root, built = press
    path = built["x1a"] / f"{name}.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.3", "PDF/X-1a:2001 is built on PDF 1.3"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1:2001"
        assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2001"
        assert pdf.docinfo.Trapped == pikepdf.Name("/False")
        assert pdf.docinfo.get("/Title") == "A Book for the Press"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name("/GTS_PDFX") and str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile.read_bytes()
        assert int(intent.DestOutputProfile.N) == 4
        assert profile[12:20] == b"prtrCMYK" and profile[36:40] == b"acsp", "an ICC output profile of CMYK"
        for page in pdf.pages:
            assert "/TrimBox" in page.obj and "/BleedBox" in page.obj
            assert "/Annots" not in page.obj, "no link on the printed page"
            assert not page.obj.Resources.get("/ColorSpace"), "no Lab or ICC colour space for the content to set"
        for obj in every_object(pdf):
            assert "/SMask" not in obj or obj.SMask == pikepdf.Name("/None"), "no soft mask in PDF/X-1a"
            assert obj.get("/S") != "/Transparency", "no transparency group in PDF/X-1a"
            assert float(obj.get("/ca", 1)) == 1 and float(obj.get("/CA", 1)) == 1
        for image in images(pdf):
            assert image.ColorSpace in (pikepdf.Name("/DeviceCMYK"), pikepdf.Name("/DeviceGray"))
        metadata = str(pdf.open_metadata())
        assert "pdfuaid" not in metadata.replace('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"', "")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in row and "(OT)" not in row for row in rows), \
        "every font embedded, as a bare CFF program (PDF 1.3), not an OpenType one (PDF 1.6)"
    renders(path)
    found = check_outputs(pdfs=[path], accessibility=False)
    assert [d.code for d in found if d.code != "pdf-image-resolution"] == []  # (the test's picture is small)
    if name.endswith("cover"):  # its barcode, in black ink alone, still scans
        scanned = barcodes(render_grey(path, tmp_path / "cover.png", 300))
        assert [(kind, data) for kind, data, _ in scanned] == [("EAN-13", ISBN_DIGITS)]


def test_pdfx_1a_text_is_black_ink_alone(press):
    """Ghostscript's ink coverage: the pages of text cover cyan, magenta and yellow nowhere (the plain book's
    RGB black is printed in all four inks); the page of the picture is in colour."""
    root, built = press
    plain, x1a = ink_coverage(built["plain"] / "plain.pdf"), ink_coverage(built["x1a"] / "x1a.pdf")
    assert len(plain) == len(x1a) >= 8
    texts = [number for number, (c, m, y, k) in enumerate(plain) if k > 0 and c == m == y]  # (grey text)
    assert len(texts) >= 5, "Ghostscript prints the plain book's RGB black with all four inks"
    picture = [number for number, ink in enumerate(x1a) if any(ink[:3])]
    assert len(picture) == 1, x1a
    for number, (c, m, y, k) in enumerate(x1a):
        if number not in picture:
            assert (c, m, y) == (0, 0, 0), f"page {number + 1}: {(c, m, y, k)}"
    assert sum(k > 0 for _, _, _, k in x1a) >= len(texts)


def test_the_transparent_picture_is_flattened_in_x_1a_and_kept_in_x_4(press):
    root, built = press
    with pikepdf.open(built["x1a"] / "x1a.pdf") as pdf:
        [picture] = images(pdf)
        assert picture.ColorSpace == pikepdf.Name("/DeviceCMYK") and "/SMask" not in picture
        pixels = pikepdf.PdfImage(picture).as_pil_image()
        assert pixels.getpixel((10, 150)) == (0, 0, 0, 0), "the see-through half is the white paper"
        c, m, y, k = pixels.getpixel((450, 150))
        assert m > 200 and y > 150 and c < 60, "the red half in CMYK"
    with pikepdf.open(built["x4"] / "x4.pdf") as pdf:
        assert pdf.pdf_version == "1.6" and str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert "/GTS_PDFXConformance" not in pdf.docinfo
        assert "PDF/X-4" in str(pdf.open_metadata().get("pdfxid:GTS_PDFXVersion"))
        [picture] = images(pdf)
        assert picture.ColorSpace == pikepdf.Name("/DeviceCMYK") and "/SMask" in picture, "X-4 keeps transparency"
    for path in (built["x4"] / "x4.pdf", built["x4"] / "x4-cover.pdf"):
        renders(path)
        assert [d.code for d in check_outputs(pdfs=[path], accessibility=False)
                if d.code.startswith("pdfx")] == []


def test_without_pdfx_nothing_claims_it(press):
    root, built = press
    for path in (built["plain"] / "plain.pdf", built["plain"] / "plain-cover.pdf"):
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "1.7" and "/OutputIntents" not in pdf.Root
            assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_pdfx_builds_are_byte_reproducible(press):
    root, built = press
    again = root / "again"  # a clean build of the same series, elsewhere
    shutil.copytree(root / "out" / ".cache" / "icc", again / "out" / ".cache" / "icc")  # (colprof takes 20 s)
    build(root / "series" / "x1a", ("pdf",), again / "out")
    for name in ("x1a.pdf", "x1a-cover.pdf"):
        assert (again / "out" / "x1a" / name).read_bytes() == (built["x1a"] / name).read_bytes(), name


def forged(source, target, edit) -> list[str]:
    with pikepdf.open(source) as pdf:
        edit(pdf)
        pdf.save(target)
    found = check_outputs(pdfs=[target], accessibility=False)
    assert exit_code(found) == 1
    return sorted({d.code for d in found if d.code.startswith("pdfx")})


def test_publish_check_fails_a_false_pdfx_claim(press, tmp_path):
    root, built = press

    def claim(pdf):
        pdf.docinfo.GTS_PDFXVersion = "PDF/X-1:2001"
        pdf.docinfo.Trapped = pikepdf.Name("/False")

    assert forged(built["plain"] / "plain.pdf", tmp_path / "rgb.pdf", claim) == \
        ["pdfx-output-intent", "pdfx-rgb", "pdfx-transparency"]

    def no_intent(pdf):
        del pdf.Root["/OutputIntents"]

    assert forged(built["x1a"] / "x1a.pdf", tmp_path / "intent.pdf", no_intent) == ["pdfx-output-intent"]

    def one_rgb_operator(pdf):
        page = pdf.pages[-2]
        page.obj.Contents = pdf.make_stream(b"1 0 0 rg 0 0 10 10 re f\n" + page.obj.Contents.read_bytes())

    assert forged(built["x1a"] / "x1a.pdf", tmp_path / "operator.pdf", one_rgb_operator) == ["pdfx-rgb"]

    def soft_mask(pdf):
        page = pdf.pages[0]
        mask = pikepdf.Dictionary(Type=pikepdf.Name.Mask, S=pikepdf.Name.Luminosity,
                                  G=pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                                    BBox=[0, 0, 10, 10]))
        page.obj.Resources.ExtGState = pikepdf.Dictionary(Soft=pikepdf.Dictionary(SMask=mask))

    assert forged(built["x1a"] / "x1a.pdf", tmp_path / "mask.pdf", soft_mask) == ["pdfx-transparency"]


def test_the_imprint_prints_an_isbn_or_no_identifier(press, tmp_path):
    root, built = press
    text = subprocess.run(["pdftotext", "-l", "4", str(built["plain"] / "plain.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"ISBN {ISBN}" in text
    out = build_book(root, "uuid", config(identifier=""))
    text = subprocess.run(["pdftotext", "-l", "4", str(out / "uuid.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "urn:" not in text and "uuid" not in text and "Test Press" in text


@pytest.mark.parametrize("lines, code, line", [
    (("identifier: urn:isbn:978-0-306-40615-8",), "config-isbn", 3),   # the check digit is 7
    (("identifier: urn:isbn:0-306-40615-3",), "config-isbn", 3),       # an ISBN-10 whose check digit is 2
    (("print:", "  pdfx: x-3"), "config-pdfx", 4),
    (("print:", "  paper: blue"), "config-paper", 4),
    (("print:", "  spine_per_page: 2mm"), "config-paper", 4),
])
def test_wrong_press_settings_are_errors_at_their_line(tmp_path, lines, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nText.\n"},
                          "\n".join(["title: T", "language: en", *lines]) + "\n")
    report = Report()
    load_config(folder, report)
    assert [(d.code, d.line, d.severity) for d in report.items] == [(code, line, "error")]
    assert report.items[0].hint


def test_a_valid_isbn_10_or_13_is_accepted(tmp_path):
    for written in ("urn:isbn:978-0-306-40615-7", "urn:isbn:0-306-40615-2", "urn:isbn:9780306406157"):
        folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\n\nText.\n"},
                              f"title: T\nlanguage: en\nidentifier: {written}\n")
        report = Report()
        assert load_config(folder, report) is not None and report.items == []
