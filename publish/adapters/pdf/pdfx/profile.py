"""The CMYK printing condition a PDF/X file names: an ICC profile of FOGRA39 (ISO 12647-2 coated offset).

No FOGRA39 *profile* may be redistributed under a free licence, but Fogra's *measurement data*
(``FOGRA39L.ti3``, Debian's ``icc-profiles-free``, zlib licence) may: ArgyllCMS ``colprof`` (Debian's
``argyll``) builds the profile from it, once, into ``build/.cache/icc/`` (about 20 s). Nothing is shipped.

``colprof`` writes the time of the run into the profile's header; it is set to the measurement data's
date, so that the same data and ArgyllCMS give the same bytes on every machine and the PDFs stay
byte-reproducible.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from publish.diagnostics import Diagnostic, PublishError

MEASUREMENTS = Path("/usr/share/color/icc/FOGRA39L.ti3")  #: Debian's icc-profiles-free
CONDITION = "FOGRA39"  #: the characterised printing condition, as the ICC registry names it
CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004), built from Fogra's FOGRA39L data with ArgyllCMS colprof"
REGISTRY = "http://www.color.org"
#: medium quality, black generated on a ramp, 330 % total ink (FOGRA39's limit)
COLPROF_ARGS = ("-qm", "-kr", "-l330", "-D", "Coated FOGRA39 (publish, ArgyllCMS)",
                "-C", "Built from FOGRA39L.ti3 (Fogra, zlib licence); no copyright claimed")
HEADER_DATE = (2006, 12, 1, 0, 0, 0)  #: FOGRA39L.ti3 is dated December 2006
TIMEOUT = 600


def cmyk_profile(cache: Path) -> bytes:
    """The FOGRA39 profile, built into ``cache`` the first time (``PublishError`` when it cannot be)."""
    if not MEASUREMENTS.is_file() or not shutil.which("colprof"):
        raise _problem("PDF/X needs a CMYK profile, built from FOGRA39L.ti3 by ArgyllCMS colprof, and one of "
                       "them is not installed", "apt-get install argyll icc-profiles-free (tools/install-deps.sh runtime)")
    data = MEASUREMENTS.read_bytes()
    key = hashlib.sha256(data + repr(COLPROF_ARGS).encode() + _colprof_version().encode()).hexdigest()[:24]
    path = cache / f"fogra39-{key}.icc"
    if path.is_file():
        return path.read_bytes()
    profile = _build(data)
    cache.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache, prefix=".tmp-")
    with os.fdopen(handle, "wb") as file:
        file.write(profile)
    os.replace(temporary, path)
    return profile


def _colprof_version() -> str:
    proc = subprocess.run(["colprof"], capture_output=True, text=True, timeout=60)
    return (proc.stdout + proc.stderr).splitlines()[0] if (proc.stdout + proc.stderr).strip() else ""


def _build(measurements: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="publish-icc-") as folder:
        (Path(folder) / "fogra39.ti3").write_bytes(measurements)
        proc = subprocess.run(["colprof", *COLPROF_ARGS, "fogra39"], cwd=folder, capture_output=True, text=True,
                              timeout=TIMEOUT)
        made = Path(folder) / "fogra39.icc"
        if proc.returncode != 0 or not made.is_file():
            lines = (proc.stderr or proc.stdout).strip().splitlines()
            raise _problem(f"colprof could not build the CMYK profile: {lines[-1] if lines else proc.returncode}",
                           "check the ArgyllCMS install (apt-get install --reinstall argyll)")
        return dated(made.read_bytes())


def dated(profile: bytes) -> bytes:
    """``profile`` with the date of its header (bytes 24 to 35) set to HEADER_DATE."""
    return profile[:24] + struct.pack(">6H", *HEADER_DATE) + profile[36:]


def _problem(message: str, hint: str) -> PublishError:
    return PublishError([Diagnostic("pdfx-profile", message, hint=hint)])
