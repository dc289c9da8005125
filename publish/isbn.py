"""ISBNs: an ``identifier: urn:isbn:…`` checked once (its check digit), and the 13 digits a barcode carries.

An ISBN is written with or without hyphens or spaces, as 13 digits (978/979…) or as an older 10-character
ISBN (its last character may be X); both carry a check digit that catches a mistyped digit. What the
imprint and the cover print, and what the barcode encodes, is the 13-digit form.
"""
from __future__ import annotations

import re

URN = "urn:isbn:"
SEPARATORS = re.compile(r"[\s\-]")


def isbn_of(identifier: str) -> str | None:
    """The ISBN an identifier names, as written after ``urn:isbn:`` (None: not an ISBN URN)."""
    return identifier.strip()[len(URN):].strip() if identifier.strip().lower().startswith(URN) else None


def isbn13(written: str) -> str | None:
    """The 13 digits of a valid ISBN (10 or 13, hyphens and spaces allowed); None if it is not one."""
    compact = SEPARATORS.sub("", written).upper()
    if re.fullmatch(r"97[89]\d{10}", compact):
        weights = [1, 3] * 6
        total = sum(int(d) * w for d, w in zip(compact[:12], weights))
        return compact if (10 - total % 10) % 10 == int(compact[12]) else None
    if re.fullmatch(r"\d{9}[\dX]", compact):
        digits = [10 if c == "X" else int(c) for c in compact]
        if sum(d * (10 - i) for i, d in enumerate(digits)) % 11:
            return None
        body = "978" + compact[:9]
        total = sum(int(d) * w for d, w in zip(body, [1, 3] * 6))
        return body + str((10 - total % 10) % 10)
    return None


def check_digit_hint(written: str) -> str:
    """What to do about an ISBN that does not check out."""
    compact = SEPARATORS.sub("", written)
    if re.fullmatch(r"97[89]\d{10}", compact):
        total = sum(int(d) * w for d, w in zip(compact[:12], [1, 3] * 6))
        return (f"its last digit should be {(10 - total % 10) % 10} if the first twelve are right: "
                "copy the ISBN again from the agency's record")
    return "an ISBN has 13 digits (978 or 979 first) or 10 characters, e.g. urn:isbn:978-0-306-40615-7"
