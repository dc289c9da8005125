"""The validators really run, and really fail on bad input.

One ``check_outputs`` call checks every sample (good and broken EPUBs, sites and
PDFs) so each validator starts as few times as possible; the tests then look at
what was reported for each sample. Needs the tools of ``make deps``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from publish.check import check_outputs, tools_home
from publish.check import epub as epub_checks
from publish.check import pdf as pdf_checks
from publish.check import web as web_checks
from publish.check.tools import Tools, ValidatorProblem
from publish.diagnostics import ERROR, WARNING, Diagnostic
from tests.check_samples import BAD_PAGE, GOOD_PAGE, write_bad_pdf, write_epub, write_good_pdf, write_site

@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("samples")
    return {
        "good_epub": write_epub(root / "good.epub", broken=False),
        "bad_epub": write_epub(root / "bad.epub", broken=True),
        "good_site": write_site(root / "good-site", GOOD_PAGE, "body { color: #222; }\n"),
        "bad_site": write_site(root / "bad-site", BAD_PAGE, "body { colr: red; }\n"),
        "good_pdf": write_good_pdf(root / "good.pdf"),
        "bad_pdf": write_bad_pdf(root / "bad.pdf"),
    }


@pytest.fixture(scope="module")
def reported(samples) -> list[Diagnostic]:
    """Everything the validators say about all samples, in one run."""
    return check_outputs(epubs=[samples["good_epub"], samples["bad_epub"]],
                         site_dirs=[samples["good_site"], samples["bad_site"]],
                         pdfs=[samples["good_pdf"], samples["bad_pdf"]])


def about(diagnostics: list[Diagnostic], path: Path) -> list[Diagnostic]:
    """The diagnostics whose file is ``path`` or lies inside it."""
    target = str(path.resolve())
    return [d for d in diagnostics if d.file and (
        str(Path(d.file).resolve()) == target or d.file.startswith(str(path) + "/")
        or str(Path(d.file).resolve()).startswith(target + "/"))]


def codes(diagnostics: list[Diagnostic]) -> set[str]:
    return {d.code for d in diagnostics}


# ------------------------------------------------------------------ real validator runs

def test_every_validator_ran(reported):
    broken = [d.format() for d in reported if d.code.startswith("validator-")]
    assert not broken, "\n".join(broken)


def test_epubcheck_reports_a_file_missing_from_the_book(reported, samples):
    found = [d for d in about(reported, samples["bad_epub"]) if d.code.startswith("epubcheck-")]
    assert any(d.code == "epubcheck-RSC-001" and d.file.endswith("bad.epub/OEBPS/ch2.xhtml")
               for d in found), [d.format() for d in found]
    assert all(d.severity == ERROR for d in found)


def test_ace_reports_an_image_without_alt_in_the_book(reported, samples):
    found = about(reported, samples["bad_epub"])
    assert any(d.code == "ace-image-alt" and d.file.endswith("bad.epub/OEBPS/ch1.xhtml")
               and d.severity == ERROR for d in found), [d.format() for d in found]


def test_valid_epub_passes_epubcheck_and_ace(reported, samples):
    assert [d.format() for d in about(reported, samples["good_epub"])] == []


def test_nu_checker_reports_invalid_html_and_css(reported, samples):
    found = [d for d in about(reported, samples["bad_site"]) if d.code == "vnu"]
    page = samples["bad_site"] / "index.html"
    on_page = about(found, page)
    assert any("title" in d.message for d in on_page), [d.format() for d in found]
    assert any("“p” end tag" in d.message and d.line == 5 and d.col for d in on_page)
    assert about(found, samples["bad_site"] / "style.css"), "the CSS error was not reported"
    assert all(d.severity == ERROR for d in found)


def test_axe_reports_an_image_without_alt_on_the_site(reported, samples):
    found = about(reported, samples["bad_site"] / "index.html")
    assert {"axe-image-alt", "axe-html-has-lang", "axe-document-title"} <= codes(found), \
        [d.format() for d in found]


def test_valid_page_passes_nu_checker_and_axe(reported, samples):
    assert [d.format() for d in about(reported, samples["good_site"])] == []


def test_good_pdf_passes_every_pdf_check(reported, samples):
    assert [d.format() for d in about(reported, samples["good_pdf"])] == []


def test_bad_pdf_reports_unembedded_font_and_missing_trim_box(reported, samples):
    found = about(reported, samples["bad_pdf"])
    errors = {d.code for d in found if d.severity == ERROR}
    assert {"pdf-font-not-embedded", "pdf-boxes"} <= errors, [d.format() for d in found]


# ------------------------------------------------------------------ validators that cannot run

def test_missing_validators_are_errors(tmp_path, monkeypatch, samples):
    monkeypatch.setenv("TOOLS_HOME", str(tmp_path / "empty"))
    assert tools_home() == tmp_path / "empty"
    found = check_outputs(epubs=[samples["good_epub"]], site_dirs=[samples["good_site"]])
    assert {d.code for d in found} == {"validator-missing"}, [d.format() for d in found]
    assert all(d.severity == ERROR and d.hint == "run: make deps" for d in found)
    assert {d.message.split(":")[0] for d in found} == {"ace", "axe", "epubcheck", "vnu"}


def test_without_accessibility_only_conformance_validators_run(tmp_path, monkeypatch, samples):
    monkeypatch.setenv("TOOLS_HOME", str(tmp_path / "empty"))
    found = check_outputs(epubs=[samples["good_epub"]], site_dirs=[samples["good_site"]],
                          accessibility=False)
    assert {d.message.split(":")[0] for d in found} == {"epubcheck", "vnu"}


def test_a_crashing_validator_is_an_error(tmp_path, monkeypatch, samples):
    home = tmp_path / "broken"
    jar = home / "epubcheck-5.3.0" / "epubcheck.jar"
    jar.parent.mkdir(parents=True)
    jar.write_text("not a jar")
    monkeypatch.setenv("TOOLS_HOME", str(home))
    found = check_outputs(epubs=[samples["good_epub"]], accessibility=False)
    assert [d.code for d in found] == ["validator-failed"], [d.format() for d in found]
    assert found[0].hint == "run: make deps"


def test_ace_without_chromium_is_an_error(monkeypatch, samples):
    monkeypatch.setenv("PUBLISH_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ValidatorProblem) as problem:
        epub_checks.ace(Tools.find(), samples["good_epub"])
    assert problem.value.diagnostic().code == "validator-missing"


def test_missing_output_is_an_error(tmp_path):
    found = check_outputs(pdfs=[tmp_path / "nothing.pdf"])
    assert [d.code for d in found] == ["output-missing"]


# ------------------------------------------------------------------ reading validator output

def test_epubcheck_warnings_are_errors_and_usage_is_ignored(tmp_path):
    book = tmp_path / "b.epub"
    report = {"messages": [
        {"ID": "OPF-085", "severity": "WARNING", "message": "w", "locations": [
            {"path": "OEBPS/content.opf", "line": 3, "column": 7}]},
        {"ID": "ACC-009", "severity": "USAGE", "message": "u", "locations": []},
        {"ID": "PKG-003", "severity": "FATAL", "message": "f", "locations": []},
    ]}
    found = epub_checks.epubcheck_diagnostics(report, book)
    assert [(d.code, d.severity, d.file, d.line, d.col) for d in found] == [
        ("epubcheck-OPF-085", ERROR, f"{book}/OEBPS/content.opf", 3, 7),
        ("epubcheck-PKG-003", ERROR, str(book), None, None),
    ]


def test_nu_info_is_ignored_and_warnings_are_errors():
    info = {"type": "info", "url": "file:/x/a.html", "message": "i"}
    warning = {"type": "info", "subType": "warning", "url": "file:/x/a%20b.html",
               "lastLine": 4, "firstColumn": 2, "message": "w"}
    assert web_checks.vnu_diagnostic(info) is None
    found = web_checks.vnu_diagnostic(warning)
    assert (found.code, found.severity, found.file, found.line, found.col) == \
        ("vnu", ERROR, "/x/a b.html", 4, 2)


def test_axe_page_that_did_not_load_is_an_error():
    result = {"url": "chrome-error://chromewebdata/", "violations": [{"id": "region"}]}
    found = web_checks.axe_diagnostics(Path("site/a.html"), result)
    assert [(d.code, d.file) for d in found] == [("axe-page-not-loaded", "site/a.html")]
    assert found[0].severity == ERROR


def test_pdffonts_rows_are_read_from_the_right():
    output = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "ABCDEF+AVeryLongFontNameThatOverflowsTheColumn-Bold CID TrueType Identity-H yes yes yes 11 0\n"
        "[none]                               Type 3            Custom           yes no  no      12  0\n"
    )
    rows = pdf_checks.parse_pdffonts(output)
    assert [(r["name"], r["type"], r["emb"], r["uni"]) for r in rows] == [
        ("ABCDEF+AVeryLongFontNameThatOverflowsTheColumn-Bold", "CID TrueType", "yes", "yes"),
        ("[none]", "Type 3", "yes", "no"),
    ]


def test_pdf_warnings_stay_warnings(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_checks, "run", lambda *a, **k: _Proc(
        "name type encoding emb sub uni object ID\n---- ---- ---- --- --- --- ---\n"
        "F3 Type 3 Custom yes no yes 5 0\n"))
    found = pdf_checks.pdffonts(tmp_path / "x.pdf")
    assert [(d.code, d.severity) for d in found] == [("pdf-font-type3", WARNING)]


class _Proc:
    def __init__(self, stdout: str, returncode: int = 0):
        self.stdout, self.stderr, self.returncode = stdout, "", returncode
