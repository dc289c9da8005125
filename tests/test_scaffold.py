"""`publish new-series` and `publish new-article`: files that load, the next number, nothing overwritten."""
from __future__ import annotations

import subprocess
import sys

from publish.config import load_config
from publish.diagnostics import Report
from publish.load import load_series
from tests.conftest import ROOT


def publish(*args):
    return subprocess.run([sys.executable, "-m", "publish", *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def test_new_series_loads_and_is_not_overwritten(tmp_path):
    folder = tmp_path / "paris-commune"
    assert publish("new-series", folder).returncode == 0
    assert (folder / "articles").is_dir()
    report = Report()
    config = load_config(folder, report)
    assert report.items == [] and config.title == "Paris Commune" and config.language == "en"
    (folder / "series.yml").write_text("title: Mine\nlanguage: de\n", encoding="utf-8")
    proc = publish("new-series", folder)
    assert proc.returncode == 1 and "error[scaffold-exists]" in proc.stderr
    assert (folder / "series.yml").read_text(encoding="utf-8") == "title: Mine\nlanguage: de\n"


def test_new_article_takes_the_next_number_and_a_slug(tmp_path):
    folder = tmp_path / "s"
    publish("new-series", folder)
    (folder / "articles" / "07-earlier.md").write_text("---\ntitle: Earlier\n---\n\nText.\n", encoding="utf-8")
    proc = publish("new-article", folder, "Über Marx: The Paris Commune, 1871")
    assert proc.returncode == 0, proc.stderr
    path = folder / "articles" / "08-uber-marx-the-paris-commune-1871.md"
    assert path.is_file()
    series = load_series(folder, Report())
    assert [a.title for a in series.articles] == ["Earlier", "Über Marx: The Paris Commune, 1871"]


def test_new_article_never_overwrites_without_force(tmp_path):
    folder = tmp_path / "s"
    publish("new-series", folder)
    assert publish("new-article", folder, "Siege Socialism").returncode == 0
    path = folder / "articles" / "01-siege-socialism.md"
    path.write_text("---\ntitle: Siege Socialism\n---\n\nWritten.\n", encoding="utf-8")
    proc = publish("new-article", folder, "Siege Socialism")
    assert proc.returncode == 1 and "error[scaffold-exists]" in proc.stderr
    assert path.read_text(encoding="utf-8").endswith("Written.\n")
    assert publish("new-article", folder, "Siege Socialism", "--force").returncode == 0
    assert "Written." not in path.read_text(encoding="utf-8")
    assert [p.name for p in (folder / "articles").iterdir()] == ["01-siege-socialism.md"]


def test_new_article_needs_a_series(tmp_path):
    proc = publish("new-article", tmp_path, "A Title")
    assert proc.returncode == 1 and "error[series-missing]" in proc.stderr and "new-series" in proc.stderr
    assert not (tmp_path / "articles").exists()
