"""The shape of the package, read from its source: modules (and tests) of at most 300 lines, no import circle, and no
format adapter importing another format's modules."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "publish"
FORMATS = ("pdf", "epub", "site")
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (``from a.b import c`` counts a.b.c when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def test_no_module_is_longer_than_300_lines():
    files = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "tools").glob("*.py"))
    long = {str(path.relative_to(ROOT)): n for path in files
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_no_import_circle():
    edges = graph()
    # a package imports its own modules to show them (publish.adapters -> its formats); that is not a circle
    edges = {name: {t for t in targets if not t.startswith(name + ".")} for name, targets in edges.items()}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "open"
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                return path + [name, target]
            if target not in state and (circle := visit(target, path + [name])):
                return circle
        state[name] = "done"
        return None

    for name in sorted(edges):
        if name not in state:
            assert visit(name, []) is None


def test_no_format_imports_another():
    for name, targets in graph().items():
        for fmt in FORMATS:
            if name.startswith(f"publish.adapters.{fmt}"):
                foreign = {t for t in targets if t.startswith("publish.adapters.")
                           and not t.startswith(f"publish.adapters.{fmt}")}
                assert not foreign, f"{name} imports {foreign}"


def test_the_readme_names_every_package_of_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it works"):]
    folders = {path.parent.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("__init__.py")} - {"."}
    missing = [folder for folder in sorted(folders) if f"{folder.split('/')[-1]}/" not in section]
    assert not missing


SKIPS = ("importorskip", "pytest.skip", "mark.skip", "skipif")


def test_no_test_skips():
    """A test that cannot run fails, saying how to install what it needs (``conftest`` turns a skip into a failure)."""
    found = {path.name: word for path in sorted((ROOT / "tests").glob("*.py")) if path.name != "test_house.py"
             for word in SKIPS if word in path.read_text(encoding="utf-8")}
    assert not found
