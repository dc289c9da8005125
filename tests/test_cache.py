"""Each article's parse is cached by content under the build folder; an edit re-parses only that article,
and the outputs of a rebuild are those of a clean build."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from publish import parse
from publish.load import load_series
from tests.conftest import ROOT, write_series
from tests.test_determinism import digests
from tests.test_parity import TORTURE


def test_unchanged_articles_are_not_parsed_again(tmp_path, monkeypatch):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\n---\nOne[^1].\n\n[^1]: Note a.\n",
                                           "02-b.md": "---\ntitle: B\n---\nTwo[^1].\n\n[^1]: Note b.\n"})
    cache = tmp_path / "build" / ".cache"
    calls = []
    real = parse.run_pandoc
    monkeypatch.setattr(parse, "run_pandoc", lambda text, *a: calls.append(text) or real(text, *a))
    first = load_series(folder, cache_dir=cache)
    assert len(calls) == 2
    again = load_series(folder, cache_dir=cache)
    assert len(calls) == 2
    assert [n.id for n in again.all_notes] == [n.id for n in first.all_notes]
    (folder / "articles" / "02-b.md").write_text("---\ntitle: B\n---\nTwo[^1].\n\n[^1]: Note b, revised.\n",
                                                 encoding="utf-8")
    edited = load_series(folder, cache_dir=cache)
    assert len(calls) == 3 and "Note b, revised." in calls[-1]
    assert edited.articles[1].notes[0].blocks != first.articles[1].notes[0].blocks


def test_articles_with_the_same_text_are_parsed_side_by_side(tmp_path):
    same = "---\ntitle: Same\n---\nText[^1].\n\n[^1]: Note.\n"
    folder = write_series(tmp_path / "s", {f"0{i}-a{i}.md": same for i in range(1, 9)})
    series = load_series(folder, cache_dir=tmp_path / "cache")
    assert len(series.articles) == 8
    found = sorted(p.name for p in (tmp_path / "cache" / "parse").iterdir())
    assert len(found) == 2 and found[0] == ".used-by-s" and found[1].endswith(".json"), "no temporary file left"


def test_a_rebuild_after_an_edit_gives_every_output_a_clean_build_gives(tmp_path):
    """The print book's parts and the articles' own EPUBs come from the cache where nothing changed: the
    outputs of the warm rebuild are byte for byte those of a clean build of the edited series."""
    folder = tmp_path / "torture"
    shutil.copytree(TORTURE, folder)
    command = [sys.executable, "-m", "publish", "build", str(folder), "-q", "--out"]
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(command + [str(tmp_path / "warm")], check=True, cwd=ROOT, env=environ, capture_output=True)
    article = sorted((folder / "articles").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence added by an editor.\n", encoding="utf-8")
    for out in ("warm", "cold"):
        subprocess.run(command + [str(tmp_path / out)], check=True, cwd=ROOT, env=environ, capture_output=True)
    assert list((tmp_path / "warm" / ".cache" / "epub").glob("*.msgpack")), "the articles' EPUBs are cached"
    warm, cold = (digests(tmp_path / out / folder.name) for out in ("warm", "cold"))
    assert {"torture.epub", "torture.pdf", "torture-screen.pdf", "site/index.html"} <= set(warm)
    assert warm == cold


def cache_entries(out: Path) -> dict[str, set[str]]:
    return {kind: {p.name for p in (out / ".cache" / kind).glob(pattern)}
            for kind, pattern in (("parse", "*.json"), ("pdf", "*.msgpack"), ("epub", "*.msgpack"))}


def test_the_cache_keeps_what_each_series_last_used_and_does_not_grow_with_edits(tmp_path):
    """Edits leave entries nobody needs any more: they are let go after the next build; another series built
    into the same folder keeps its own."""
    articles = {f"0{n}-essay-{n}.md": f"---\ntitle: Essay {n}\n---\n\nText of essay {n}.[^a]\n\n[^a]: A note.\n"
                for n in range(1, 4)}
    first, second = (write_series(tmp_path / name, articles) for name in ("first", "second"))
    command = [sys.executable, "-m", "publish", "build", "-q", "--out"]
    out = tmp_path / "out"
    run = (lambda folder, where=out: subprocess.run(command + [str(where), str(folder)], check=True, cwd=ROOT,
                                                     capture_output=True))
    run(second)
    kept = cache_entries(out)
    run(first)
    edited = first / "articles" / "02-essay-2.md"
    for words in ("One more sentence.", "And another."):
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        run(first)
    run(first, tmp_path / "clean")
    alone = cache_entries(tmp_path / "clean")
    now = cache_entries(out)
    for kind in now:
        assert alone[kind] and now[kind] == alone[kind] | kept[kind], kind
