from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scrape.config import Settings, load_settings
from tests.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"


@pytest.fixture(scope="session")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The settings the project ships, site profiles included."""
    return load_settings(ROOT / "config.yaml")


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def page_bytes(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def fixture_names() -> list[str]:
    return sorted(p.stem for p in PAGES.glob("*.json"))
