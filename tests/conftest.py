from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scrape.config import Settings, parse_settings
from tests.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
# The address guard refuses loopback by default; the tests' own server is allowed by name.
SHIPPED_ALLOW = "\n  allowed_private_hosts: []\n"
LOCAL_ALLOW = "\n  allowed_private_hosts: [127.0.0.1]\n"


@pytest.fixture(scope="session")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    yield srv
    srv.stop()


def local_config_text() -> str:
    """The shipped config.yaml, allowed to reach the local test server."""
    shipped = (ROOT / "config.yaml").read_text(encoding="utf-8")
    assert shipped.count(SHIPPED_ALLOW) == 1
    return shipped.replace(SHIPPED_ALLOW, LOCAL_ALLOW)


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The settings the project ships, site profiles included, plus the local server."""
    return parse_settings(local_config_text(), "config.yaml")


@pytest.fixture(scope="session")
def local_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config file for CLI runs: the shipped one plus the local server."""
    path = tmp_path_factory.mktemp("config") / "config.yaml"
    path.write_text(local_config_text(), encoding="utf-8")
    return path


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def page_bytes(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def fixture_names() -> list[str]:
    return sorted(p.stem for p in PAGES.glob("*.json"))
