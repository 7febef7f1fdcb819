"""Text normalisation shared by the extractor and the record model.

One definition of "clean text" keeps extraction and validation in agreement:
NFC, every run of whitespace (including no-break and zero-width spaces) folded
to one space, control characters and soft hyphens removed, no leading or
trailing blanks.
This runs on every text node of every page, so the common case (ASCII with
ordinary spaces) takes the fast path of ``str.split``, and text that is clean
already (validation cleans what extraction cleaned) is returned untouched.
"""

from __future__ import annotations

import re
import unicodedata

# str.split() already treats Unicode spaces (NBSP, thin space, ...) as whitespace;
# these are the invisible characters it does not, plus C0 controls and DEL.
# A regex scan finds them at C speed; most texts have none and skip the rewrite.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# A soft hyphen marks where a word may break at a line end; it is part of the word.
_SOFT_HYPHEN = "\u00ad"
_CONTROLS = re.compile(f"[{_CONTROL_CHARS}]")
# Any of the three: a text with none of them, the usual case, is spared two more scans.
_HIDDEN = re.compile(f"[{_INVISIBLE_CHARS}{_SOFT_HYPHEN}{_CONTROL_CHARS}]")


def clean(text: str) -> str:
    """Return ``text`` in NFC, whitespace folded, control characters and soft hyphens gone."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    # Invisible characters, soft hyphens, controls and every space but " " are unprintable:
    # printable text, the most common kind, needs none of the scans for them.
    if not text.isprintable():
        text = _visible(text)
    elif "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Printable text has no whitespace but the space: it is folded already
        # (as text cleaned once before is), and the split would only copy it.
        return text
    return " ".join(text.split())


def _visible(text: str) -> str:
    """``text`` without controls and soft hyphens, invisible spaces made spaces."""
    if not _HIDDEN.search(text):
        return text
    if not text.isascii():
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub(" ", text)
        if _SOFT_HYPHEN in text:
            text = text.replace(_SOFT_HYPHEN, "")
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    return text


def introduces(text: str) -> bool:
    """Ends in a colon (Latin or full-width): a label for what follows, not a statement."""
    return text.endswith((":", "\uff1a"))
