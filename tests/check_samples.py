"""Small outputs for the validator tests, good and broken: EPUBs, sites and PDFs written by hand."""
from __future__ import annotations

import zipfile
from pathlib import Path

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

PACKAGE = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:0b6f2f3e-5d7c-4a39-9b1e-3c2d1e0f4a5b</dc:identifier>
    <dc:title>A small book</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityFeature">tableOfContents</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">Text with headings and a table of contents.</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ch1" href="ch1.xhtml" media-type="application/xhtml+xml"/>{extra}
  </manifest>
  <spine>
    <itemref idref="ch1"/>
  </spine>
</package>
"""

# referenced in the package document but not in the book
MISSING_ITEM = '\n    <item id="ch2" href="ch2.xhtml" media-type="application/xhtml+xml"/>'


def xhtml(title: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><title>{title}</title></head>
<body>
{body}
</body>
</html>
"""


NAV = xhtml("Contents", """<nav epub:type="toc" id="toc" role="doc-toc">
  <h1>Contents</h1>
  <ol><li><a href="ch1.xhtml">The first chapter</a></li></ol>
</nav>""")


def chapter(extra: str = "") -> str:
    return xhtml("The first chapter", f"""<main>
  <section id="ch1">
    <h1>The first chapter</h1>
    <p>Some text of the first chapter.</p>{extra}
  </section>
</main>""")


def write_epub(path: Path, broken: bool) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
        files = {
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": PACKAGE.format(extra=MISSING_ITEM if broken else ""),
            "OEBPS/nav.xhtml": NAV,
            "OEBPS/ch1.xhtml": chapter('\n    <p><img src="picture.png"/></p>' if broken else ""),
        }
        for name, text in files.items():
            book.writestr(name, text, zipfile.ZIP_DEFLATED)
    return path


GOOD_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A good page</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>A good page</h1>
<p>Some text.</p>
</main>
</body>
</html>
"""

# no lang, no title, a div inside a p, an img without alt
BAD_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"></head>
<body>
<p><div>A block in a paragraph.</div></p>
<img src="picture.png">
</body>
</html>
"""


def write_site(folder: Path, page: str, css: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "style.css").write_text(css, encoding="utf-8")
    return folder


def write_good_pdf(path: Path) -> Path:
    from weasyprint import HTML

    HTML(string="""<html lang="en"><head><title>Print</title>
<style>@page { size: 148mm 210mm; bleed: 3mm; margin: 20mm }</style></head>
<body><p>A printed page with some text.</p></body></html>""").write_pdf(path)
    return path


def write_bad_pdf(path: Path) -> Path:
    """One page, no TrimBox, text in Helvetica that is not embedded."""
    import pikepdf

    doc = pikepdf.new()
    doc.add_blank_page(page_size=(420, 595))
    page = doc.pages[0]
    font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = doc.make_stream(b"BT /F1 12 Tf 72 500 Td (Unembedded text) Tj ET")
    doc.save(path)
    return path
