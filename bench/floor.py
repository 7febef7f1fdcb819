"""What an extractor whose rules run in Python pays before it decides anything, in parses.

Issue #3 asks for extraction within 3x the time of a selectolax parse. This
benchmark measures the cheapest passes that the issue's body signals need, on
the dev corpus, each as its own tool in the same run as the parse floor and
scrape (the tools take turns page by page, as in ``corpus.py``):

- ``python-walk``: parse, then read every element's attributes and every text
  node's text (``corpus.py``'s walk);
- ``class-words``: parse, then split every class and id into lower-case words
  and look them up in a vocabulary of 23 furniture words (the class/id signal);
- ``text-per-element``: parse, then add every text node's length to its
  parent, and read the text of every link (text and link density);
- ``one-pass``: parse, then both of the above in a single walk: the least a
  one-pass design in Python pays for those two signals, deciding nothing;
- ``json-ld``: parse, then ``json.loads`` every JSON-LD script;
- ``record``: validate and serialise one record (the bundled reference
  page's), the per-page cost of the pydantic model alone, no parse.

Each line under the table gives a tool's time in parses. A layer at or above
3.0x uses the whole budget of the target by itself.

Run from the repository root: ``python bench/floor.py [--limit N]`` (about two minutes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

import corpus  # the sibling benchmark: Python puts a script's folder on its path

REFERENCE = corpus.REPO_ROOT / "fixtures" / "pages" / "memo-reference.html"
_WORDS = re.compile(r"[a-z]+")
_FURNITURE = frozenset(
    "share social sidebar related newsletter promo ad ads advert comment comments nav menu "
    "footer header breadcrumb subscribe popular trending cookie banner widget".split()
)


def parsed(read: Callable[[LexborHTMLParser], int]) -> Callable[[str, str], corpus.Outcome]:
    """A tool run that parses the page, hands the tree to ``read``, and keeps what it counted."""

    def run(html: str, url: str) -> corpus.Outcome:
        return corpus.Outcome("", extractor=str(read(LexborHTMLParser(html))))

    return run


def class_words(tree: LexborHTMLParser) -> int:
    hits = 0
    for node in tree.root.traverse():
        hits += _names_furniture(node.attributes)
    return hits


def text_per_element(tree: LexborHTMLParser) -> int:
    sizes = _text_sizes(tree.root.traverse(include_text=True))
    links = sum(len(a.text()) for a in tree.css("a"))
    return len(sizes) + links


def one_pass(tree: LexborHTMLParser) -> int:
    sizes: dict[int, int] = {}
    hits = 0
    for node in tree.root.traverse(include_text=True):
        if node.tag == "-text":
            _add_text(node, sizes)
        else:
            hits += _names_furniture(node.attributes)
    return hits + len(sizes)


def json_ld(tree: LexborHTMLParser) -> int:
    found = 0
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            json.loads(script.text())
        except ValueError:
            continue
        found += 1
    return found


def _names_furniture(attributes: dict[str, str | None]) -> int:
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return 1 if names != " " and not _FURNITURE.isdisjoint(_WORDS.findall(names.lower())) else 0


def _text_sizes(nodes: Iterable[LexborNode]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for node in nodes:
        if node.tag == "-text":
            _add_text(node, sizes)
    return sizes


def _add_text(node: LexborNode, sizes: dict[int, int]) -> None:
    parent = node.parent
    if parent is not None:
        size = len(node.text_content or "")
        sizes[parent.mem_id] = sizes.get(parent.mem_id, 0) + size


def record_tool() -> corpus.Tool:
    from scrape import extract
    from scrape.models import Article

    fields = extract(REFERENCE.read_bytes(), url="https://example.com/story").model_dump()

    def run(html: str, url: str) -> corpus.Outcome:
        line = Article.model_validate(fields).model_dump_json()
        return corpus.Outcome("", extractor=str(len(line)))

    return corpus.Tool("record", run, scored=False)


def build_tools() -> list[corpus.Tool]:
    layers = {
        "class-words": class_words,
        "text-per-element": text_per_element,
        "one-pass": one_pass,
        "json-ld": json_ld,
    }
    return [
        corpus.scrape_tool(),
        corpus.parse_floor_tool(),
        corpus.python_walk_tool(),
        *(corpus.Tool(name, parsed(read), scored=False) for name, read in layers.items()),
        record_tool(),
    ]


def parses_lines(runs: Sequence[corpus.ToolRun]) -> list[str]:
    floor = next(run for run in runs if run.tool.name == corpus.PARSE_FLOOR).total_seconds
    return [
        f"{run.tool.name}: {run.total_seconds / floor:.1f}x the parse"
        for run in runs
        if run.tool.name != corpus.PARSE_FLOOR
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", help="dev corpus folder (default ../shared/dev-corpus)")
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    args = parser.parse_args(argv)
    corpus.put_src_first()
    root = corpus.resolve_corpus(args.corpus)
    pages = corpus.load_pages(root, args.limit, corpus.load_decoder())
    print(f"{len(pages)} pages from {root}\n")
    runs = corpus.run_tools(build_tools(), pages)
    print(corpus.plain_table([name for name, _ in corpus.COLUMNS[:6]], _speed_rows(runs)))
    print()
    print("\n".join(parses_lines(runs)))
    return 0


def _speed_rows(runs: Sequence[corpus.ToolRun]) -> list[list[str]]:
    return [row[:6] for row in corpus.table_rows(runs)]


if __name__ == "__main__":
    sys.exit(main())
