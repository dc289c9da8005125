"""PDF/X for the press (``print: pdfx``): a written print PDF made PDF/X-1a:2001 or PDF/X-4, in place.

The print book and the cover are written as always (WeasyPrint, RGB, tagged), then ``make_pdfx``
finishes each with pikepdf:

  1. ``colour.py``: every colour in CMYK, black and greys as black ink alone; for X-1a, no transparency;
  2. for X-1a, the fonts' CFF programs embedded bare, as PDF 1.3 embeds them (``fonts.py``);
     the links taken off (PDF/X wants no annotation on the printed page: the screen edition keeps them);
  3. an output intent naming FOGRA39 with its ICC profile (``profile.py``), and the claim itself:
     ``GTS_PDFXVersion`` (and ``GTS_PDFXConformance`` for X-1a), ``Trapped`` false, in the document
     information and the XMP metadata, whose document ids are derived from the series' identifier and
     date (never random), and the PDF version the standard is built on (1.3 for X-1a, 1.6 for X-4).

The file then claims PDF/X, not PDF/UA (PDF/UA-1 is built on PDF 1.7): its tags stay, the screen edition
stays the accessible one. ``publish check`` verifies the claim (``publish/check/pdfx.py``).
"""
from __future__ import annotations

import uuid
from pathlib import Path

import pikepdf

from publish.adapters.pdf.pdfx.colour import Converter, recolour_pdf
from publish.adapters.pdf.pdfx.fonts import bare_cff_fonts
from publish.adapters.pdf.pdfx.profile import CONDITION, CONDITION_INFO, REGISTRY

#: variant: (GTS_PDFXVersion, GTS_PDFXConformance, PDF version)
VARIANTS = {"x-1a": ("PDF/X-1:2001", "PDF/X-1a:2001", "1.3"), "x-4": ("PDF/X-4", None, "1.6")}


def make_pdfx(path: Path, variant: str, profile: bytes, identity: str, convert: Converter | None = None) -> None:
    """Rewrite the PDF at ``path`` as PDF/X ``variant`` ('x-1a' or 'x-4') for the CMYK ``profile``;
    ``identity``: what names the document in its metadata (the same on every build)."""
    version, conformance, pdf_version = VARIANTS[variant]
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        recolour_pdf(pdf, convert or Converter(profile), flatten=variant == "x-1a")
        if variant == "x-1a":
            bare_cff_fonts(pdf)
        for page in pdf.pages:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        pdf.Root.OutputIntents = pikepdf.Array([output_intent(pdf, profile)])
        if "/Version" in pdf.Root:
            del pdf.Root["/Version"]
        claim(pdf, version, conformance, identity)
        pdf.save(path, deterministic_id=True, force_version=pdf_version,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable if pdf_version < "1.5"
                 else pikepdf.ObjectStreamMode.generate)


def output_intent(pdf: pikepdf.Pdf, profile: bytes) -> pikepdf.Dictionary:
    icc = pdf.make_stream(profile)
    icc.N = 4
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier=CONDITION,
        OutputCondition=CONDITION_INFO, RegistryName=REGISTRY, Info=CONDITION_INFO, DestOutputProfile=icc))


def claim(pdf: pikepdf.Pdf, version: str, conformance: str | None, identity: str) -> None:
    """The PDF/X version in the document information and the XMP metadata, the file's ids derived from
    ``identity``."""
    pdf.docinfo.GTS_PDFXVersion = version
    if conformance:
        pdf.docinfo.GTS_PDFXConformance = conformance
    pdf.docinfo.Trapped = pikepdf.Name("/False")
    document = uuid.uuid5(uuid.NAMESPACE_URL, f"publish:pdfx:{identity}")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if "pdfuaid:part" in meta:
            del meta["pdfuaid:part"]
        meta["pdfxid:GTS_PDFXVersion"] = version
        meta["pdfx:GTS_PDFXVersion"] = version
        if conformance:
            meta["pdfx:GTS_PDFXConformance"] = conformance
        meta["pdf:Trapped"] = "False"
        meta["xmpMM:DocumentID"] = f"uuid:{document}"
        meta["xmpMM:InstanceID"] = f"uuid:{uuid.uuid5(document, version)}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
