"""The cache holds data, never code: what a part's layout found comes back as it was; a planted, damaged or
foreign entry is a miss, and reading it runs nothing."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import msgpack

from publish.adapters.pdf.checks.images import PlacedImage
from publish.adapters.pdf.checks.notes import CutNote, Drift, LayoutFindings
from publish.adapters.pdf.checks.overflow import Overflow
from publish.adapters.pdf.layout.typeset import PartResult
from publish.cache import MAGIC, TEMPORARY, PartCache, settle
from publish.codec import DATACLASS, Codec
from publish.model import Heading, Note, NoteCall

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4000  # a megabyte of any bytes


def a_part() -> PartResult:
    note = Note(3, "a-note-3", "x", [{"t": "Para", "c": [{"t": "Str", "c": "Text"}]}],
                (NoteCall("a-noteref-3", 12), NoteCall("a-noteref-3-2", None)), Path("/s/articles/01-a.md"), 40)
    findings = LayoutFindings([CutNote("a-note-3", 2, 5, 1)], [Drift(note, 3, 2)], {"a-note-3": (40.5, 120.0)})
    return PartResult(PDF, PDF[::-1], 4, ["none", "foot", "head", "head"], findings,
                      [Overflow(2, "averyveryverylongword", 1.25)], [PlacedImage(1, "fig.png", (600, 400), 150.0)],
                      {"a": [["1", -1, 0], ["2", 3, 17]]}, [(30, "a warning")], ["https://example.org/x.css"])


def test_a_part_comes_back_as_it_was_and_its_pdf_is_not_inflated(tmp_path):
    cache = PartCache(tmp_path)
    cache.put("k", a_part())
    again = PartCache(tmp_path).get("k")
    assert again == a_part() and type(again.notes.late[0].note.calls) is tuple
    assert again.notes.measured["a-note-3"] == (40.5, 120.0) and isinstance(again.notes.late[0].note.file, Path)
    assert (tmp_path / "k.msgpack").stat().st_size < 2 * len(PDF) + 2000  # two PDFs, as bytes
    cache.put("sheet", PDF)
    assert PartCache(tmp_path).get("sheet") == PDF


class Planted:
    def __reduce__(self):
        return (exec, (f"open({str(MARKER)!r}, 'w').write('ran')",))


MARKER = Path("/tmp") / f"publish-planted-{os.getpid()}"


def entry(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).digest() + payload


def test_a_planted_entry_runs_no_code_and_is_a_miss(tmp_path):
    MARKER.unlink(missing_ok=True)
    evil = pickle.dumps(Planted())
    for name in ("k.pickle", "k.msgpack"):  # what the cache once read, and what it reads now
        (tmp_path / name).write_bytes(evil)
    assert PartCache(tmp_path).get("k") is None
    (tmp_path / "k.msgpack").write_bytes(entry(evil))
    assert PartCache(tmp_path).get("k") is None
    for module, name in (("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"),
                         ("publish.model", "Path"), ("publish.adapters.pdf.layout.typeset", "HTML")):
        fields = msgpack.packb([module, name, {"args": "touch " + str(MARKER)}])
        (tmp_path / "k.msgpack").write_bytes(entry(msgpack.packb(msgpack.ExtType(DATACLASS, fields))))
        assert PartCache(tmp_path).get("k") is None, (module, name)
    assert not MARKER.exists()


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path):
    cache = PartCache(tmp_path)
    cache.put("k", a_part())
    whole = (tmp_path / "k.msgpack").read_bytes()
    flipped = bytearray(whole)
    flipped[len(whole) // 2] ^= 1
    from publish.adapters.epub.pages import PageBreak
    older = Codec(("publish.adapters.epub.pages",)).encode(PageBreak("1", 0, 0))  # a class this cache does not hold
    for damaged in (whole[: len(whole) // 2], bytes(flipped), b"", b"\x00" * 100, entry(b"\xc1"), entry(older),
                    entry(msgpack.packb(msgpack.ExtType(DATACLASS, msgpack.packb(["publish.model", "Note", {}]))))):
        (tmp_path / "k.msgpack").write_bytes(damaged)
        assert PartCache(tmp_path).get("k") is None


def test_what_the_codec_cannot_write_is_not_kept(tmp_path):
    cache = PartCache(tmp_path)
    cache.put("k", {"heading": Heading(2, "h", "Text")})  # publish.model is allowed, so this one is kept
    cache.put("set", {1, 2})
    from publish.adapters.epub.pages import PageBreak
    cache.put("foreign", [PageBreak("1", 0, 0)])
    assert PartCache(tmp_path).get("k") == {"heading": Heading(2, "h", "Text")}
    for name in ("set", "foreign"):
        assert PartCache(tmp_path).get(name) is None and not (tmp_path / f"{name}.msgpack").exists()


def test_files_of_killed_writers_and_older_entries_are_let_go(tmp_path):
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    for name in (f"{TEMPORARY}{dead}-abc", f"{TEMPORARY}{os.getpid()}-mine", "old.pickle"):
        (tmp_path / name).write_bytes(b"x")
    cache = PartCache(tmp_path)
    cache.put("k", 1)
    cache.settle("s")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{TEMPORARY}{os.getpid()}-mine", ".used-by-s", "k.msgpack"]
    settle(tmp_path, "s", {"k"}, ".msgpack", 0)
    assert "k.msgpack" in {p.name for p in tmp_path.iterdir()}
