from __future__ import annotations

from pathlib import Path

import pytest

from scrape.config import Settings, load_settings, parse_settings
from scrape.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_config_loads_with_its_profiles() -> None:
    settings = load_settings(ROOT / "config.yaml")
    assert settings.profile_for("www.middleeastmonitor.com") is not None
    assert len(settings.sites) >= 2


def test_profiles_match_hosts_and_subdomains_only() -> None:
    settings = parse_settings("sites:\n  - name: memo\n    hosts: [middleeastmonitor.com]\n")
    assert settings.profile_for("www.middleeastmonitor.com") is not None
    assert settings.profile_for("amp.middleeastmonitor.com") is not None
    assert settings.profile_for("notmiddleeastmonitor.com") is None


def test_missing_default_file_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_settings(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("fetch:\n  timeout: fast\n", "conf.yaml:2: fetch.timeout: Input should be a valid number"),
        ("fetch:\n  colour: red\n", "conf.yaml:2: fetch.colour: unknown key"),
        (
            "sites:\n  - name: a\n    hosts: [a.com]\n    selectors:\n      body: 'p[['\n",
            "conf.yaml:5: sites[0].selectors.body: invalid CSS selector 'p[['",
        ),
        ("sites:\n  - name: a\n", "conf.yaml:2: sites[0].hosts: Field required"),
        ("fetch: [1, 2\n", "conf.yaml:2: invalid YAML"),
        ("- just\n- a list\n", "conf.yaml:1: the top level must be a mapping"),
        (
            "sites:\n  - {name: a, hosts: [a.com]}\n  - {name: a, hosts: [b.com]}\n",
            "conf.yaml:1: sites: site names must be unique; repeated: a",
        ),
    ],
)
def test_mistakes_name_file_line_and_problem(source: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(source, "conf.yaml")
    assert str(caught.value).startswith(expected)
