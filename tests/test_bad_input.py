"""The bad-input catalogue: every case ends in file:line: severity[code], never a traceback."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from publish.diagnostics import PublishError, Report
from publish.load import load_series
from tests.conftest import ROOT, write_series

FRONT = "---\ntitle: A\n---\n"


def build_cli(folder, out, *extra):
    return subprocess.run([sys.executable, "-m", "publish", "build", str(folder), "--out", str(out), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("body, code, line", [
    ("![A map](missing.png)\n", "image-missing", 4),
    ("Text.\n\n![A secret](../../../etc/passwd)\n", "image-outside", 6),
    ("![A map](https://example.org/map.png)\n", "image-remote", 4),
    ("![A map](notes.txt)\n", "image-type", 4),
])
def test_images_are_refused_before_anything_is_read(tmp_path, body, code, line):
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + body})
    (folder / "articles" / "notes.txt").write_text("not an image", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        load_series(folder)
    [diag] = caught.value.diagnostics
    assert (diag.code, diag.line, diag.severity) == (code, line, "error")


def test_script_iframe_handlers_and_javascript_links_never_reach_an_output(tmp_path):
    body = ('Text <b onclick="steal()">bold</b> and [a link](javascript:alert(1)).\n\n'
            '<script>alert(1)</script>\n\n<iframe src="https://example.org"></iframe>\n\n'
            'A span[with handler]{onmouseover="x()"}.\n')
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + body})
    proc = build_cli(folder, tmp_path / "out", "--format", "epub,html")
    assert proc.returncode == 0, proc.stderr
    assert "warning[raw-dropped]" in proc.stderr and "warning[link-unsafe]" in proc.stderr
    assert "Traceback" not in proc.stderr
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "s" / "site").glob("*.html")]
    with zipfile.ZipFile(tmp_path / "out" / "s" / "s.epub") as z:
        texts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")]
    for text in texts:
        lowered = text.lower()
        for bad in ("<script", "<iframe", "javascript:", " onclick=", " onmouseover=", "steal()"):
            assert bad not in lowered
    assert any("a link" in t for t in texts)  # the text of a refused link is kept


def test_metadata_markup_is_escaped_in_every_output(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: 'Tom & <i>Jerry</i>'\n---\nText.\n"},
                          "title: '<script>alert(1)</script> & Co'\nlanguage: en\n"
                          "description: '<img src=x onerror=alert(1)>'\n")
    out = tmp_path / "out"
    proc = build_cli(folder, out)
    assert proc.returncode == 0, proc.stderr
    texts = [p.read_text(encoding="utf-8") for p in (out / "s" / "site").rglob("*.html")]
    with zipfile.ZipFile(out / "s" / "s.epub") as z:
        texts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf"))]
    for text in texts:
        assert "<script>" not in text and "<img src=x" not in text and "<i>Jerry" not in text
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in t for t in texts)
    pdf_text = subprocess.run(["pdftotext", str(out / "s" / "s.pdf"), "-"], capture_output=True, text=True).stdout
    assert "<script>alert(1)</script> & Co" in pdf_text


def test_pathological_nesting_fails_within_a_bound(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + ">" * 3000 + " deep\n"})
    proc = build_cli(folder, tmp_path / "out")
    assert proc.returncode == 1
    assert "01-a.md: error[nesting-too-deep]" in proc.stderr and "Traceback" not in proc.stderr


def test_huge_article_finishes(tmp_path):
    paragraph = "A sentence of a very long article, written many times over. " * 40
    body = "\n\n".join(f"{paragraph}[^{i}]\n\n[^{i}]: Note {i}." for i in range(400))
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + body + "\n"})
    report = Report()
    series = load_series(folder, report)
    assert len(series.articles[0].notes) == 400 and not report.items


def test_an_adapter_crashing_leaves_previous_outputs_byte_identical(tmp_path, monkeypatch):
    from publish import build as build_module
    from tests.test_cli import snapshot
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + "Text[^1].\n\n[^1]: Note.\n"})
    out = tmp_path / "out"
    build_module.build(folder, ("epub", "html"), out)
    before = snapshot(out)

    def crash(job):
        (job.stage / "half-written.html").write_text("<p>partial", encoding="utf-8")
        raise RuntimeError("adapter bug")

    monkeypatch.setitem(build_module.ADAPTERS, "site", crash)
    with pytest.raises(RuntimeError):
        build_module.build(folder, ("epub", "html"), out)
    assert snapshot(out) == before


def test_the_pdf_fetcher_refuses_the_network_and_files_outside(tmp_path):
    from publish.adapters.pdf.layout.fence import LocalFetcher
    series = tmp_path / "series"
    (series / "img").mkdir(parents=True)
    (series / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    fetcher = LocalFetcher([series])
    for url in ("http://example.org/x.css", "https://example.org/a.png", "file:///etc/passwd",
                (series / ".." / "outside.css").resolve().as_uri(), "ftp://example.org/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5
    assert fetcher.allows((series / "img" / "a.png").as_uri()) and fetcher.allows("data:text/plain,x")


def test_an_image_is_shown_by_the_site_and_the_ebook(tmp_path):
    from PIL import Image
    folder = write_series(tmp_path / "s", {"01-a.md": FRONT + "![A red square](fig/red.png){width=50%}\n\n"
                                                      "Text[^1].\n\n[^1]: See ![a small copy](fig/red.png).\n"})
    (folder / "articles" / "fig").mkdir()
    Image.new("RGB", (600, 600), "red").save(folder / "articles" / "fig" / "red.png")
    proc = build_cli(folder, tmp_path / "out", "--format", "epub,html")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "out" / "s" / "site"
    page = (site / "a.html").read_text(encoding="utf-8")
    sources = [part.split('"')[0] for part in page.split('src="')[1:] if part.startswith("images/")]
    assert len(sources) == 2 and all((site / src).is_file() for src in sources)
    assert 'alt="A red square"' in page and 'style="width: 50%"' in page
    with zipfile.ZipFile(tmp_path / "out" / "s" / "s.epub") as z:
        assert any(n.endswith(".png") and "images/" in n for n in z.namelist())


def small_series(tmp_path, text="Text[^1].\n\n[^1]: Note.\n"):
    return write_series(tmp_path / "s", {"01-a.md": FRONT + text, "02-b.md": FRONT + "More.\n"})


def test_an_interrupt_while_outputs_are_put_in_place_leaves_all_old_or_all_new(tmp_path, monkeypatch):
    """Outputs are never moved one at a time: an interrupt between two moves cannot mix old and new."""
    import os
    from publish import build as build_module
    from tests.test_cli import snapshot
    folder = small_series(tmp_path)
    out = tmp_path / "out"
    build_module.build(folder, ("epub", "html"), out)
    before = snapshot(out / "s")
    (folder / "articles" / "01-a.md").write_text(FRONT + "Edited[^1].\n\n[^1]: Note.\n", encoding="utf-8")
    moves = []

    def interrupted(real):
        def move(source, target, *args, **kwargs):
            if str(target).startswith(str(out / "s")):
                moves.append(target)
                if len(moves) == 2:
                    raise KeyboardInterrupt
            return real(source, target, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "replace", interrupted(os.replace))
    monkeypatch.setattr(os, "rename", interrupted(os.rename))
    try:
        build_module.build(folder, ("epub", "html"), out)
    except KeyboardInterrupt:
        assert snapshot(out / "s") == before
    else:
        monkeypatch.undo()
        again = tmp_path / "again"
        build_module.build(folder, ("epub", "html"), again)
        assert snapshot(out / "s") == snapshot(again / "s")


def test_a_swap_cut_short_where_folders_cannot_trade_places_is_put_back(tmp_path, monkeypatch):
    from publish import build as build_module, swap
    from tests.test_cli import snapshot
    folder = small_series(tmp_path)
    out = tmp_path / "out"
    build_module.build(folder, ("epub",), out)
    before = snapshot(out / "s")
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    real = swap.Path.rename

    def rename(self, target):
        if target == out / "s":  # the new folder into place, after the old one was moved aside
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(swap.Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(folder, ("epub",), out)
    monkeypatch.undo()
    assert not (out / "s").exists() and list(out.glob(".s.old-*"))
    monkeypatch.setitem(build_module.ADAPTERS, "epub", lambda job: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build_module.build(folder, ("epub",), out)  # puts the old outputs back, then fails
    assert snapshot(out / "s") == before
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".s.lock", "s"]


def test_a_killed_build_leaves_the_outputs_and_the_next_build_cleans_up(tmp_path):
    import os
    import signal
    import time
    from tests.test_cli import GOOD, snapshot
    paragraph = "A sentence of ordinary length that fills the page with text.[^{n}] " * 6
    long_article = "---\ntitle: Long\n---\n" + "\n\n".join(
        paragraph.format(n=i) + f"\n\n[^{i}]: Note {i}." for i in range(120)) + "\n"
    folder = write_series(tmp_path / "s", {"01-a.md": GOOD})
    out = tmp_path / "out"
    assert build_cli(folder, out, "--format", "epub,html").returncode == 0
    (out / "s" / ".stage-1234").mkdir()  # what earlier versions left when killed
    (out / "s" / ".old-site-1234").mkdir()
    before = snapshot(out / "s")
    for k in range(2, 5):
        (folder / "articles" / f"0{k}-long-{k}.md").write_text(long_article, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "publish", "build", str(folder), "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(out.glob(".s.stage-*/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert list(out.glob(".s.stage-*")), "the build was killed while it wrote"
    assert snapshot(out / "s") == before
    proc = build_cli(folder, out)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".s.lock", "s"]
    assert not [p for p in (out / "s").iterdir() if p.name.startswith((".stage-", ".old-"))]
    assert not [p for p in (out / ".cache").rglob(".tmp-*")], "half-written cache entries are deleted"
    assert (out / "s" / "site" / "long-4.html").is_file()
