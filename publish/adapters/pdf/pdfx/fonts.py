"""The fonts of a PDF/X-1a file in a form PDF 1.3 knows: their bare CFF program, not an OpenType wrapper.

WeasyPrint embeds an OpenType font with CFF outlines (the book's Libertine) as ``/FontFile3`` of
``/Subtype /OpenType``, which PDF 1.6 brought. PDF/X-1a:2001 is built on PDF 1.3, whose way of embedding
the same outlines under a CIDFont is ``/Subtype /CIDFontType0C``: the font's ``CFF `` table alone
(fontTools reads it out of the OpenType file, byte for byte). The CIDs WeasyPrint writes are the font's
glyph ids, which is what a reader takes them for in a CFF that is not CID-keyed.
"""
from __future__ import annotations

import zlib
from io import BytesIO

import pikepdf
from fontTools.ttLib import TTFont


def bare_cff_fonts(pdf: pikepdf.Pdf) -> None:
    """Every OpenType-wrapped CFF font program of ``pdf`` (under a CIDFont) embedded as its CFF table."""
    for font in [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                 and obj.get("/Subtype") == "/CIDFontType0" and "/FontDescriptor" in obj]:
        program = font.FontDescriptor.get("/FontFile3")
        if program is None or program.get("/Subtype") != "/OpenType":
            continue
        opentype = TTFont(BytesIO(program.read_bytes()), lazy=True)
        if "CFF " not in opentype:
            continue
        program.write(zlib.compress(opentype.reader["CFF "], 9), filter=pikepdf.Name.FlateDecode)
        program.Subtype = pikepdf.Name.CIDFontType0C
