"""The index's and the cross-references' words in the series' language, read back from the three outputs of the
index fixture (tests/series/commune-index) built as a German series."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

from lxml import etree, html

from publish.build import build
from tests.test_index import SERIES, XHTML, flat


def test_a_german_series_prints_its_index_and_references_in_german(tmp_path):
    """The index's and the references' words come from the series' language in all three outputs (written here
    by hand as a German book prints them: "Register", "siehe", "siehe auch", "S. 7", "Anm. 1")."""
    series = tmp_path / "register"
    shutil.copytree(SERIES, series)
    config = series / "series.yml"
    config.write_text(re.sub(r"(?m)^language: .*$", "language: de", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    build(series, out_root=tmp_path / "out")
    out = tmp_path / "out" / "register"
    pdf_text = flat(subprocess.run(["pdftotext", str(out / "register.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    assert "Communards, siehe Commune" in pdf_text and "siehe auch Commune" in pdf_text
    assert "the barricades (S. 7)" in pdf_text and "Anm. 1" in pdf_text
    assert re.search(r"\bRegister\b", pdf_text) and not re.search(r"\bsee\b|\(p\. \d|\bn\. \d", pdf_text)
    with zipfile.ZipFile(out / "register.epub") as book:
        index = etree.fromstring(book.read("EPUB/text/book-index.xhtml"))
        nav = book.read("EPUB/text/nav.xhtml").decode()
    assert index.findtext(".//x:h1", namespaces=XHTML) == "Register"
    assert [e.text for e in index.iterfind(".//x:em", XHTML)] == ["siehe", "siehe auch"]
    assert ">Register<" in nav
    site = html.parse(str(out / "site" / "book-index.html"))
    assert site.findtext(".//h1") == "Register"
    assert [e.text for e in site.iter("em")] == ["siehe", "siehe auch"]
    assert site.findtext(".//title").startswith("Register")
    home = html.parse(str(out / "site" / "index.html"))
    assert [a.text_content() for a in home.xpath("//a[@href='book-index.html']")] == ["Register"]
    essay = html.parse(str(out / "site" / "the-commune.html"))
    assert [" ".join(a.text_content().split()) for a in essay.xpath("//a[@href='book-index.html']")] == \
        ["Begriffe Register"]
