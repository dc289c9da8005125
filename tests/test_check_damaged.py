"""``publish check`` on outputs that were cut short or overwritten: one finding on the file, exit 1, no traceback."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pikepdf

from publish.check import check_outputs
from tests.conftest import ROOT, write_series


def a_pdf(path):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(432, 648))
    pdf.save(path)
    return path


def an_epub(path):
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("EPUB/text.xhtml", "<html>" + "text " * 2000 + "</html>", compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_a_truncated_or_overwritten_pdf_is_a_finding_on_the_file(tmp_path):
    whole = a_pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nnot a PDF after all\n")
    for path in (cut, junk):
        found = check_outputs(pdfs=[path])
        assert [(d.code, d.file, d.severity) for d in found] == [("pdf-damaged", str(path), "error")]


def test_a_truncated_or_corrupted_epub_is_a_finding_on_the_file(tmp_path):
    whole = an_epub(tmp_path / "whole.epub").read_bytes()
    cut = tmp_path / "cut.epub"
    cut.write_bytes(whole[: len(whole) // 2])
    flipped = bytearray(whole)
    at = whole.index(b"EPUB/text.xhtml") + len("EPUB/text.xhtml") + 5  # inside the compressed text
    flipped[at] ^= 0xFF
    corrupt = tmp_path / "corrupt.epub"
    corrupt.write_bytes(bytes(flipped))
    for path in (cut, corrupt):
        found = check_outputs(epubs=[path])
        assert [(d.code, d.file) for d in found] == [("epub-damaged", str(path))]


def test_publish_check_on_damaged_outputs_exits_1_with_the_findings(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nText.\n"})
    out = tmp_path / "out" / "s"
    out.mkdir(parents=True)
    (out / "s.pdf").write_bytes(a_pdf(tmp_path / "whole.pdf").read_bytes()[:200])
    (out / "s.epub").write_bytes(an_epub(tmp_path / "whole.epub").read_bytes()[:100])
    proc = subprocess.run([sys.executable, "-m", "publish", "check", str(folder), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "s.pdf: error[pdf-damaged]" in proc.stderr and "s.epub: error[epub-damaged]" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
