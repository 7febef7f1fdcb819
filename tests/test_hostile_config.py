"""config.yaml mistakes: each is one line FILE:LINE: where: meaning, and the CLI exits 2.

The command is run in-process (``scrape.cli.main``) so every kind of mistake
can be checked without a subprocess each; tests/test_cli.py runs the real one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scrape.cli import EXIT_USAGE, main
from tests.conftest import PAGES

SITE = "sites:\n  - name: memo\n    hosts: [middleeastmonitor.com]\n"

MISTAKES = [
    pytest.param("fecth:\n  timeout: 3\n", "1: fecth: unknown key", id="unknown-section"),
    pytest.param(
        "fetch:\n  timeout: 3\n  colour: red\n", "3: fetch.colour: unknown key", id="unknown-key"
    ),
    pytest.param(
        SITE + "    selectorz:\n      body: p\n",
        "4: sites[0].selectorz: unknown key",
        id="unknown-site-key",
    ),
    pytest.param(
        SITE + "    selectors:\n      byline: .author\n",
        "5: sites[0].selectors.byline: unknown key",
        id="unknown-field-selector",
    ),
    pytest.param(
        "fetch:\n  timeout: fast\n",
        "2: fetch.timeout: Input should be a valid number, unable to parse string as a number",
        id="wrong-type-number",
    ),
    pytest.param(
        "fetch:\n  content_types: text/html\n",
        "2: fetch.content_types: Input should be a valid tuple",
        id="wrong-type-list",
    ),
    pytest.param(
        "fetch: 5\n",
        "1: fetch: Input should be a valid dictionary or instance of FetchSettings",
        id="wrong-type-section",
    ),
    pytest.param(
        "fetch:\n  max_bytes: -1\n",
        "2: fetch.max_bytes: Input should be greater than 0",
        id="out-of-range",
    ),
    pytest.param(
        SITE + "    selectors:\n      body: 'div[class='\n",
        "5: sites[0].selectors.body: invalid CSS selector 'div[class='",
        id="bad-selector",
    ),
    pytest.param(
        SITE + "    drop: ['.ok', 'p >> a']\n",
        "4: sites[0].drop[1]: invalid CSS selector 'p >> a'",
        id="bad-drop-selector",
    ),
    pytest.param(
        "sites:\n  - name: memo\n    hosts: ['https://middleeastmonitor.com/']\n",
        "3: sites[0].hosts: not a host name: 'https://middleeastmonitor.com/'",
        id="url-for-host",
    ),
    pytest.param(
        "fetch:\n  timeout: 3\n  deadline: 9\n  timeout: 5\n",
        "4: fetch.timeout: duplicate key (first given on line 2)",
        id="duplicate-key",
    ),
    pytest.param(
        "fetch:\n\ttimeout: 3\n",
        "2: invalid YAML: found character '\\t' that cannot start any token",
        id="tab-indent",
    ),
    pytest.param(
        "- fetch\n- sites\n", "1: the top level must be a mapping of sections", id="top-level-list"
    ),
]


@pytest.mark.parametrize(("source", "expected"), MISTAKES)
def test_each_mistake_is_one_line_with_file_line_and_meaning(
    source: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(source, encoding="utf-8")
    code = main(["extract", str(PAGES / "memo-reference.html"), "--config", str(config)])
    captured = capsys.readouterr()
    assert code == EXIT_USAGE
    assert captured.out == ""
    assert captured.err == f"scrape: {config}:{expected}\n"


def test_a_config_that_is_not_text_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(b"fetch:\n  timeout: \xff\xfe\n")
    code = main(["extract", str(PAGES / "memo-reference.html"), "--config", str(config)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith(f"scrape: {config}: cannot read config: 'utf-8' codec can't decode")
    assert err.count("\n") == 1


def test_several_mistakes_are_all_reported_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("fetch:\n  timeout: fast\n  colour: red\n", encoding="utf-8")
    code = main(["extract", str(PAGES / "memo-reference.html"), "--config", str(config)])
    assert code == EXIT_USAGE
    assert capsys.readouterr().err.splitlines() == [
        f"scrape: {config}:2: fetch.timeout: "
        "Input should be a valid number, unable to parse string as a number",
        f"scrape: {config}:3: fetch.colour: unknown key",
    ]


CRAWLABLE = (
    "sites:\n  - name: memo\n    hosts: [middleeastmonitor.com]\n    discovery:\n"
    "      feeds: [https://www.middleeastmonitor.com/feed/]\n"
)


def test_a_bad_regex_is_reported_where_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CRAWLABLE + "      article_patterns: ['/news/', '/(\\d+']\n", "utf-8")
    code = main(["extract", str(PAGES / "memo-reference.html"), "--config", str(config)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith(
        f"scrape: {config}:6: sites[0].discovery.article_patterns[1]: invalid regular expression"
    )
    assert err.endswith("missing ), unterminated subpattern at position 1\n")


def test_an_unknown_site_name_is_reported_with_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CRAWLABLE, "utf-8")
    code = main(["crawl", "--sites", "bbc", "--config", str(config)])
    assert code == EXIT_USAGE
    assert capsys.readouterr().err == "scrape: unknown or uncrawlable site: bbc (sites: memo)\n"
    assert list(tmp_path.iterdir()) == [config]  # nothing started: no state, no output
