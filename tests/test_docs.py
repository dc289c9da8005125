"""Every diagnostic code the toolchain can emit is documented in docs/errors.md."""
from __future__ import annotations

import re

from tests.conftest import ROOT

CALL = re.compile(r"""(?:\.add|\.warn|Diagnostic)\(\s*(f?)["']([a-z][a-z0-9-]+)(\{)?""")
TOOL_CODES = re.compile(r"""["'](validator-[a-z]+)["']""")


def emitted_codes() -> set[str]:
    codes = set()
    for path in (ROOT / "publish").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in CALL.finditer(text):
            codes.add(match.group(2) + ("*" if match.group(3) else ""))
        codes.update(TOOL_CODES.findall(text))
    return codes


def test_every_code_is_documented():
    documented = set(re.findall(r"^### (\S+)$", (ROOT / "docs" / "errors.md").read_text(encoding="utf-8"), re.M))
    codes = emitted_codes()
    assert len(codes) > 40
    assert sorted(codes - documented) == []
