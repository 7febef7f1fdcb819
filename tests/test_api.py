from __future__ import annotations

import inspect

import scrape
from scrape import errors


def test_all_lists_every_public_name() -> None:
    public = {name for name in vars(scrape) if not name.startswith("_") and name != "annotations"}
    modules = {name for name, value in vars(scrape).items() if inspect.ismodule(value)}
    assert set(scrape.__all__) - {"__version__"} == public - modules


def test_every_exception_is_rooted_in_scrape_error_and_exported() -> None:
    classes = [v for v in vars(errors).values() if inspect.isclass(v) and issubclass(v, Exception)]
    for cls in classes:
        assert issubclass(cls, scrape.ScrapeError)
        assert cls.__name__ in scrape.__all__
        assert cls.__name__ in (errors.__doc__ or ""), f"{cls.__name__} missing from the tree"
