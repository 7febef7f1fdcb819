from __future__ import annotations

import codecs

import pytest

from scrape.decode import charset_from_content_type, decode

TEXT = "Officials said “the river’s level” rose – costs €5m… "


def test_forced_encoding_wins_over_everything() -> None:
    data = codecs.BOM_UTF8 + '<meta charset="utf-8">é'.encode()
    assert decode(data, forced="latin-1").source == "forced"


def test_bom_wins_over_header_and_meta() -> None:
    data = codecs.BOM_UTF8 + ('<meta charset="windows-1251"><p>' + TEXT).encode()
    result = decode(data, http_charset="iso-8859-1")
    assert (result.source, result.encoding) == ("bom", "utf-8")
    assert TEXT in result.text


def test_utf16_with_bom_is_read() -> None:
    result = decode(codecs.BOM_UTF16_LE + ("<p>" + TEXT).encode("utf-16-le"))
    assert TEXT in result.text


def test_http_header_wins_over_meta() -> None:
    data = ('<meta charset="utf-8"><p>' + TEXT).encode("cp1252")
    result = decode(data, http_charset="windows-1252")
    assert result.source == "http"
    assert TEXT in result.text


def test_meta_charset_is_used_without_a_header() -> None:
    data = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет'
    ).encode("koi8-r")
    result = decode(data)
    assert (result.source, result.encoding) == ("meta", "koi8-r")
    assert "Привет" in result.text


def test_undeclared_windows_1252_keeps_curly_quotes() -> None:
    result = decode(("<html><body><p>" + TEXT * 3).encode("cp1252"))
    assert result.source == "detected"
    assert TEXT in result.text


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    assert "“quoted”" in decode("“quoted”".encode("cp1252"), http_charset="ISO-8859-1").text


def test_unknown_meta_label_falls_through_to_detection() -> None:
    data = ('<meta charset="no-such-charset"><p>' + TEXT).encode()
    result = decode(data)
    assert (result.source, result.encoding) == ("detected", "utf-8")


def test_invalid_bytes_never_raise() -> None:
    result = decode(b"<p>ok \xe2\x80\x9cquoted\xe2\x80\x9d \xff\xfe\x00 bad", http_charset="utf-8")
    assert (result.encoding, result.source) == ("utf-8", "http")
    assert "ok “quoted” \ufffd\ufffd\x00 bad" in result.text


@pytest.mark.parametrize(
    ("header", "charset"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html; charset="iso-8859-1"', "iso-8859-1"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(header: str | None, charset: str | None) -> None:
    assert charset_from_content_type(header) == charset
