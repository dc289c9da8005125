"""A key written twice in series.yml or in the front matter: YAML would keep the second silently (a second
`print:` drops the first one's trim); the build stops at the second key's line instead, and writes nothing."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, write_series

ARTICLE = {"01-a.md": "---\ntitle: A\n---\n\nText.[^1]\n\n[^1]: A note.\n"}


def build(folder, out):
    return subprocess.run([sys.executable, "-m", "publish", "build", "--format", "epub", "--out", str(out),
                           str(folder)], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("config, line", [
    ("title: T\nlanguage: en\nprint:\n  trim: 6x9in\nnotes:\n  numbering: continuous\nprint:\n  bleed: 0\n", 7),
    ("title: T\nlanguage: en\nprint:\n  trim: 6x9in\n  bleed: 0\n  trim: a5\n", 6),
    ("title: T\nlanguage: en\ntitle: U\n", 3),
])
def test_a_key_written_twice_in_series_yml_stops_at_its_line(tmp_path, config, line):
    folder = write_series(tmp_path / "s", ARTICLE, config)
    done = build(folder, tmp_path / "out")
    assert done.returncode == 1
    assert f"series.yml:{line}: error[yaml-duplicate-key]" in done.stderr
    assert "hint:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "s").exists() or not list((tmp_path / "out" / "s").glob("*.epub"))


def test_a_key_written_twice_in_front_matter_stops_at_its_line(tmp_path):
    folder = write_series(tmp_path / "s", {"01-a.md": "---\ntitle: A\ndate: 2024-01-01\ntitle: B\n---\n\nText.\n"})
    done = build(folder, tmp_path / "out")
    assert done.returncode == 1
    assert "01-a.md:4: error[yaml-duplicate-key]" in done.stderr


def test_keys_of_the_same_name_in_different_mappings_are_fine(tmp_path):
    config = "title: T\nlanguage: en\nlabels:\n  notes: Notes\nprint:\n  also: [Notes]\n"
    folder = write_series(tmp_path / "s", ARTICLE, config)
    done = build(folder, tmp_path / "out")
    assert done.returncode == 0, done.stderr
