"""Light outputs: the EPUB and the site carry the book's fonts cut down to the characters the book shows,
with the OpenType features the stylesheets use; the seed's article EPUB weighs at most 300 KB, its site
page with everything it loads at most 400 KB. What a font must hold is read from the original font files
with fontTools (their cmap and their GSUB substitutions), not from the code that cuts them."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree, html

from publish import fonts
from tests.cluster_support import publish_build
from tests.conftest import REAL_SERIES, ROOT

ORIGINALS = ROOT / "styles" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("light")
    done = publish_build(REAL_SERIES, out, "-q")
    assert done.returncode == 0, done.stderr
    return out / REAL_SERIES.name


def shown_text(markup: bytes) -> str:
    root = etree.fromstring(markup) if markup.lstrip().startswith(b"<?xml") else html.fromstring(markup)
    body = root.find(f"{XHTML}body")
    body = root if body is None else body
    return "".join(body.itertext()).replace("\n", " ")


def substitutes(font: TTFont, text: str, feature: str) -> set[str]:
    """The glyphs the font's own ``feature`` (its single substitutions) turns the characters of ``text`` into."""
    gsub, cmap = font["GSUB"].table, font.getBestCmap()
    wanted = set()
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != feature:
            continue
        for index in record.Feature.LookupListIndex:
            for table in gsub.LookupList.Lookup[index].SubTable:
                table = table.ExtSubTable if hasattr(table, "ExtSubTable") else table
                for char in set(text):
                    if ord(char) in cmap and cmap[ord(char)] in getattr(table, "mapping", {}):
                        wanted.add(table.mapping[cmap[ord(char)]])
    return wanted


def features_of(font: TTFont, table: str) -> set[str]:
    return {record.FeatureTag for record in font[table].table.FeatureList.FeatureRecord}


def test_the_article_epub_is_light_and_its_fonts_hold_what_it_shows(seed):
    book = seed / "articles" / "siege-socialism.epub"
    assert book.stat().st_size <= 300 * 1024
    with zipfile.ZipFile(book) as epub:
        text = "".join(shown_text(epub.read(name)) for name in epub.namelist() if name.endswith(".xhtml"))
        faces = {Path(name).name: TTFont(io.BytesIO(epub.read(name))) for name in epub.namelist()
                 if name.startswith("EPUB/fonts/")}
    assert sorted(faces) == sorted(path.name for path in ORIGINALS.glob("*.otf"))
    assert "Siege" in text and "“" in text
    for name, face in faces.items():
        original = TTFont(ORIGINALS / name)
        needed = {ord(c) for c in text if ord(c) in original.getBestCmap()}
        assert needed - set(face.getBestCmap()) == set(), name
        assert len(face.getGlyphOrder()) < len(original.getGlyphOrder()) / 4, name
        assert {"smcp", "onum", "lnum", "pnum", "liga"} <= features_of(face, "GSUB"), name
        assert "kern" in features_of(face, "GPOS"), name
        assert substitutes(original, text.lower(), "smcp") <= set(face.getGlyphOrder()), name
        assert substitutes(original, "0123456789", "onum") <= set(face.getGlyphOrder()), name


def test_a_cut_font_bears_no_reserved_name_and_keeps_its_copyright_and_licence(seed):
    with zipfile.ZipFile(seed / "classical-marxism.epub") as epub:
        face = TTFont(io.BytesIO(epub.read("EPUB/fonts/LinLibertine_RI.otf")))
    original = TTFont(ORIGINALS / "LinLibertine_RI.otf")
    names = {record.nameID: str(record) for record in face["name"].names if record.platformID == 3}
    assert names[1] == "Libertine Subset" and names[6] == "LibertineSubset-Italic"
    assert not any("Linux Libertine" in str(r) for r in face["name"].names if r.nameID in (1, 3, 4, 6, 16))
    assert names[0] == original["name"].getDebugName(0) and names[13] == original["name"].getDebugName(13)


def test_the_site_page_with_all_it_loads_is_light(seed):
    site = seed / "site"
    page = site / "siege-socialism.html"
    doc = html.fromstring(page.read_bytes())
    loaded = {page}
    for url in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src"):
        loaded.add((page.parent / url).resolve())
    for sheet in [path for path in loaded if path.suffix == ".css"]:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            loaded.add((sheet.parent / url).resolve())
    woff2 = [path for path in loaded if path.suffix == ".woff2"]
    assert len(woff2) == 4 and all(path.read_bytes()[:4] == b"wOF2" for path in woff2)
    assert sum(path.stat().st_size for path in loaded) <= 400 * 1024
    assert 'format("woff2")' in (site / "css" / "base.css").read_text(encoding="utf-8")
    text = "".join(shown_text(p.read_bytes()) for p in site.glob("*.html"))
    for path in woff2:
        face, original = TTFont(path), TTFont(ORIGINALS / path.with_suffix(".otf").name)
        assert {ord(c) for c in text if ord(c) in original.getBestCmap()} - set(face.getBestCmap()) == set()


def test_fonts_of_any_script_are_cut_the_same_way(tmp_path):
    """A stylesheet declaring Arabic and Hebrew fonts: each keeps the letters and the shaping of its script."""
    css = ('@font-face { font-family: "Naskh"; src: url("noto/NotoNaskhArabic-Regular.ttf") format("truetype"); }\n'
           '@font-face { font-family: "Hebrew"; src: url(noto/NotoSansHebrew-Regular.ttf); }\n'
           'p { font-variant-numeric: oldstyle-nums; }')
    faces = fonts.declared_faces(css, NOTO.parent)
    assert [(face.family, face.path) for face in faces] == [
        ("Naskh", NOTO / "NotoNaskhArabic-Regular.ttf"), ("Hebrew", NOTO / "NotoSansHebrew-Regular.ttf")]
    text = fonts.characters(["كتب الحرب الأهلية", "שלום עולם"], [css])
    for face, letters in zip(faces, ("كتبالحرأهلية", "שלוםעולם")):
        data = fonts.subset(face.path.read_bytes(), text, fonts.features([css]), face.family)
        assert data == fonts.subset(face.path.read_bytes(), text, fonts.features([css]), face.family)
        cut, original = TTFont(io.BytesIO(data)), TTFont(face.path)
        assert {ord(c) for c in letters} <= set(cut.getBestCmap())
        assert len(data) < face.path.stat().st_size / 3
    arabic = TTFont(io.BytesIO(fonts.subset(faces[0].path.read_bytes(), text, set(), "Naskh")))
    original = TTFont(faces[0].path)
    assert {"init", "medi", "fina", "rlig"} <= features_of(arabic, "GSUB")
    for form in ("init", "medi", "fina"):  # the letters' contextual forms, which the text never names (a cut
        found = substitutes(original, "كتبالحرأهلية", form)  # TrueType font renames the glyphs it keeps)
        assert found and len(substitutes(arabic, "كتبالحرأهلية", form)) == len(found)
