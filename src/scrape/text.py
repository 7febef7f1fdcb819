"""Text normalisation shared by the extractor and the record model.

One definition of "clean text" keeps extraction and validation in agreement:
NFC, every run of whitespace (including no-break and zero-width spaces) folded
to one space, no leading or trailing blanks.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Return ``text`` in NFC with whitespace folded and control characters removed."""
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def word_count(paragraphs: list[str]) -> int:
    """Count whitespace-separated words over all paragraphs."""
    return sum(len(p.split()) for p in paragraphs)
