from __future__ import annotations

import pytest

from scrape.text import clean, introduces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  plain   text\n", "plain text"),
        ("no\u00a0break\u2009thin\u3000wide", "no break thin wide"),
        ("zero\u200bwidth\ufeffbom", "zero width bom"),
        ("ctrl\x00\x07chars\x7f", "ctrlchars"),
        ("Cafe\u0301", "Café"),  # NFD -> NFC
        ("Mit\u00adtel\u00adal\u00adter", "Mittelalter"),  # soft hyphens are break hints
        ("", ""),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Read more:", True),
        ("关联阅读：", True),
        ("The council voted.", False),
        ("Time: 10:30", False),
    ],
)
def test_a_line_ending_in_a_colon_introduces_what_follows(text: str, label: bool) -> None:
    assert introduces(text) is label
