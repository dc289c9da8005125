"""Where the toolchain keeps its own files (styles, templates, fonts)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
STYLES = ROOT / "styles"
TEMPLATES = STYLES / "templates"
CSS = STYLES / "css"
FONTS = STYLES / "fonts"
CSL_DIR = STYLES / "csl"
