"""Text normalisation shared by the extractor and the record model.

One definition of "clean text" keeps extraction and validation in agreement:
NFC, every run of whitespace (including no-break and zero-width spaces) folded
to one space, control characters removed, no leading or trailing blanks.
This runs on every text node of every page, so the common case (ASCII with
ordinary spaces) takes the fast path of ``str.split``.
"""

from __future__ import annotations

import unicodedata

# str.split() already treats Unicode spaces (NBSP, thin space, ...) as whitespace;
# these are the invisible characters it does not, plus C0 controls and DEL.
_TO_SPACE = {ord(c): " " for c in "\u200b\u200c\u200d\u2060\ufeff"}
_CONTROLS = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
_TABLE = _TO_SPACE | _CONTROLS


def clean(text: str) -> str:
    """Return ``text`` in NFC with whitespace folded and control characters removed."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_TABLE)
    elif not text.isprintable():
        text = text.translate(_CONTROLS)
    return " ".join(text.split())


def word_count(paragraphs: list[str]) -> int:
    """Count whitespace-separated words over all paragraphs."""
    return sum(len(p.split()) for p in paragraphs)
