"""Bytes to text, by one explicit precedence chain.

A page's encoding is taken from the first of these that gives a usable answer:

1. the caller's forced encoding,
2. a byte order mark,
3. the charset parameter of the HTTP Content-Type header,
4. a ``<meta charset>`` or ``http-equiv`` declaration in the first bytes,
5. detection: BOM-less UTF-16 by its NUL bytes, strict UTF-8, then
   charset-normalizer, then windows-1252.

Labels are mapped the way browsers map them (``latin1``/``ascii`` mean
windows-1252), and an unknown label is skipped rather than trusted. A
declaration the bytes plainly contradict is skipped too, since servers and
templates get it wrong both ways: "UTF-8" on windows-1252 bytes (most
non-ASCII bytes are invalid UTF-8) and a legacy charset on bytes that are
valid multi-byte UTF-8; both would otherwise come out as mojibake. UTF-16 or
UTF-32 declared without a BOM is left to detection. Bytes that do not fit the
chosen encoding become U+FFFD; decoding never fails.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers decode these labels as windows-1252, and so do pages written for them.
_WHATWG_ALIASES = {
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "cp819": "windows-1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
# Python codecs a server may name that no browser decodes a page with; UTF-7 is refused
# by browsers outright, the others turn escapes or host names into text.
_NOT_CHARSETS = frozenset(
    {"utf-7", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}
)
# Codec names that browsers read as windows-1252, whatever alias reached them.
_BROWSER_NAMES = {"cp1252": "windows-1252", "iso8859-1": "windows-1252", "ascii": "windows-1252"}
# Encodings detection may answer with; DOS code pages are left out on purpose,
# since they fit almost any bytes and no web page uses them.
_DETECTABLE = (
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "koi8_r",
    "koi8_u",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
_CENTRAL_EUROPEAN = {
    "Polish",
    "Czech",
    "Slovak",
    "Hungarian",
    "Croatian",
    "Slovene",
    "Romanian",
    "Serbian",
}
_META_WINDOW = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and where its encoding came from (for diagnostics)."""

    text: str
    encoding: str
    source: str  # "forced", "bom", "http", "meta" or "detected"


def normalize_label(label: str | None) -> str | None:
    """Return the Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(label)
        b"a".decode(codec.name, "replace")  # bytes-to-bytes codecs (base64, zlib...) fail
    except (LookupError, ValueError, UnicodeError):
        return None
    if codec.name in _NOT_CHARSETS:
        return None
    return _BROWSER_NAMES.get(codec.name, codec.name)


def charset_from_content_type(content_type: str | None) -> str | None:
    """Extract the charset parameter from a Content-Type header value."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def sniff_bom(data: bytes) -> tuple[str, int] | None:
    """Return (encoding, BOM length) when ``data`` starts with a byte order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def sniff_meta(data: bytes) -> str | None:
    """Return the encoding declared by a <meta> tag near the start of the page."""
    match = _META_CHARSET.search(data[:_META_WINDOW])
    return normalize_label(match.group(1).decode("ascii", "ignore")) if match else None


def sniff_utf16(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by the NUL half of its ASCII characters (markup is ASCII)."""
    head = data[:1024]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.5 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.5 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """True when valid multi-byte UTF-8 characters outnumber the invalid bytes.

    A UTF-8 page with a stray byte, or cut mid-character at the size cap, stays
    UTF-8; windows-1252 bytes labelled UTF-8 are almost all invalid and are not.
    """
    if _is_utf8(data):
        return True
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii - invalid >= invalid


def _contradicted(data: bytes, label: str) -> bool:
    """True when the bytes show a declared ``label`` to be wrong (see the module docstring)."""
    if label.startswith(("utf-16", "utf-32")):
        return True
    if label == "utf-8":
        return not _mostly_utf8(data)
    return not data.isascii() and _is_utf8(data)


def detect(data: bytes) -> str:
    """Guess an encoding for undeclared bytes: UTF-16, valid UTF-8, detection, else cp1252."""
    if utf16 := sniff_utf16(data):
        return utf16
    if _is_utf8(data):
        return "utf-8"
    guess = from_bytes(data[:65536], cp_isolation=list(_DETECTABLE)).best()
    label = normalize_label(guess.encoding) if guess else None
    if label is None:
        return "windows-1252"
    # Detection cannot tell windows-1250 from 1252 on Western text (they share the
    # quote and dash bytes); only trust it for the languages 1250 was made for.
    if label == "cp1250" and guess is not None and guess.language not in _CENTRAL_EUROPEAN:
        return "windows-1252"
    return label


def decode(data: bytes, *, forced: str | None = None, http_charset: str | None = None) -> Decoded:
    """Decode page bytes by the precedence chain in this module's docstring."""
    if encoding := normalize_label(forced):
        return Decoded(data.decode(encoding, "replace"), encoding, "forced")
    if bom := sniff_bom(data):
        encoding, size = bom
        return Decoded(data[size:].decode(encoding, "replace"), encoding, "bom")
    for source, label in (("http", normalize_label(http_charset)), ("meta", sniff_meta(data))):
        if label and not _contradicted(data, label):
            return Decoded(data.decode(label, "replace"), label, source)
    encoding = detect(data)
    return Decoded(data.decode(encoding, "replace"), encoding, "detected")


def decode_html(data: bytes, http_charset: str | None = None, forced: str | None = None) -> str:
    """Decode page bytes to text; see :func:`decode` for the chain."""
    return decode(data, forced=forced, http_charset=http_charset).text
