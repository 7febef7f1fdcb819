"""The tree helpers that removal relies on, and furniture removed as a whole."""

from __future__ import annotations

import importlib

from scrape.extract.dom import Node, outermost, parse, under
from scrape.extract.explain import Trace
from scrape.extract.names import Names
from tests.story import STORY

body = importlib.import_module("scrape.extract.body")  # scrape.extract is also a function

NESTED = (
    "<html><body><div id=rail><div id=inner><p id=deep>x</p></div></div>"
    "<div id=wrap><p id=free>y</p><p id=other>z</p></div></body></html>"
)


def by_id(*ids: str) -> list[Node]:
    tree = parse(NESTED)
    return [tree.css(f"#{i}")[0] for i in ids]


def test_outermost_keeps_the_outer_of_nested_elements_in_the_order_given() -> None:
    deep, free, rail, inner, other = by_id("deep", "free", "rail", "inner", "other")
    kept = outermost([deep, free, rail, inner, other])
    assert [n.id for n in kept] == ["free", "rail", "other"]


def test_under_answers_alike_with_a_memory_shared_across_elements() -> None:
    deep, free, rail, other = by_id("deep", "free", "rail", "other")
    ids = {rail.mem_id}
    settled: dict[int, bool] = {}
    asked = (free, deep, other, deep, rail)
    answers = [under(n, ids, settled) for n in asked]
    assert answers == [False, True, False, True, False]
    assert answers == [under(n, ids, {}) for n in asked]


def test_html_does_not_count_as_an_ancestor() -> None:
    tree = parse(NESTED)
    free, html = tree.css_first("#free"), tree.root
    assert free is not None and html is not None
    assert not under(free, {html.mem_id}, {})
    assert outermost([html, free]) == [html, free]


def test_furniture_inside_furniture_goes_with_it_and_is_reported_once() -> None:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    page = (
        f"<html><body><h1>Bridge closes</h1><div class=story>{story}</div>"
        "<div class=sidebar><div class=share-bar><p>Share this</p></div>"
        "<div class=popular-list><p>Most read today</p></div></div>"
        "<div class=newsletter><p>Sign up</p></div></body></html>"
    )
    tree = parse(page)
    trace = Trace()
    trace.index(tree)
    body.remove_chrome(tree, tree.css_first("h1"), Names(tree), trace)
    assert tree.css(".sidebar, .share-bar, .popular-list, .newsletter") == []
    assert len(tree.css(".story p")) == len(STORY)
    assert [row.signal for row in trace.rows] == [
        "named 'sidebar'",
        "named 'sidebar'",
        "named 'newsletter'",
    ]


def test_text_counts_leave_out_comments_and_layout_whitespace() -> None:
    tree = parse(
        "<div id=box>Read <!-- a note --><a href=/x>the <b>whole</b>\tstory</a>"
        "\n here &amp; now</div>"
    )
    box = tree.css("#box")[0]
    assert body._visible_chars(box) == len("Readthewholestoryhere&now")
    assert body._link_density(box) == len("thewholestory") / len("Readthewholestoryhere&now")
