"""The generic body extractor: remove the page's furniture, then find the article's container.

Finding the container follows the readability idea: every paragraph-like
element scores its parent and grandparent by its length, punctuation and lack
of links, containers named like content gain and those named like furniture
lose, and the best container (with sibling containers that score close to it)
holds the body. Its blocks are then judged one by one in judge.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrape.extract.blocks import Block, flatten
from scrape.extract.dom import (
    BLOCK_TAGS,
    INVISIBLE,
    Node,
    Tree,
    ancestors,
    attr,
    chrome,
    class_and_id,
    is_inside,
    look,
    outermost,
    region_of,
    text_of,
    under,
)
from scrape.extract.explain import Trace
from scrape.extract.names import Named, Names, Vocabulary, tokens_of
from scrape.extract.readlinks import is_read_box
from scrape.text import clean

# Page furniture by class or id (see names.py for how words match tokens). The embed
# codes of Instagram and TikTok posts ("instagram-media", "tiktok-embed") hold only the
# platform's words ("View this post on Instagram") and a link until a script draws them.
FURNITURE = Vocabulary.of(
    "share social newsletter subscribe signup cookie consent related popular trending mostread "
    "mostviewed mostpopular recommend outbrain taboola advert sponsor promo comment disqus "
    "breadcrumb caption credit sidebar widget modal popup authorbio toolbar skiplink "
    "langswitch languageswitch languages nearyou printonly visuallyhidden screenreader sronly "
    "paywall morestories membership donate donation correlati correlate relacionad "
    "connexes similaires verwandte",
    exact="ad ads adv adslot adunit dfp gpt banner instagrammedia tiktokembed",
)
# Names that may mark the story itself; a furniture-named element that also
# carries one of these and holds long, unlinked text is kept (readability's
# "ok, maybe it's a candidate" rule, with a content check added).
_STORY_NAMES = Vocabulary.of(
    "article content entry main story post blog text body column "
    "cuerpo corpo articulo articolo artigo artikel inhalt testo "
    "contenido conteudo contenuto contenu"
)
_STORY_MIN_CHARS = 500
# Furniture words that page builders also give every block, the story's own
# text blocks and their wrappers included: such a block holding the story's
# text is kept.
_BLOCK_WORDS = Vocabulary.of("widget")
_POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|prose|blog|news|detail")
_NEGATIVE = re.compile(
    r"comment|footer|sidebar|related|share|social|widget|promo|advert|sponsor|banner|newsletter|"
    r"subscribe|popular|trending|most|recommend|teaser|card|nav|menu|breadcrumb|cookie|modal|"
    r"caption|credit|outbrain|taboola|masthead|header|byline|meta|tags?\b|pagination|list"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_PARAGRAPHS = "p, pre, blockquote, td, dd, li"
_MIN_PARAGRAPH = 25
_MIN_DIV_TEXT = 80  # a <div>'s own text this long is a paragraph, not a label
# List items, cells and definitions carry stories' bullet points, but also
# teaser lists, forums and timelines; they count for less than paragraphs.
_ITEMS = frozenset({"li", "td", "dd"})
_MIN_ITEM = 60
_ITEM_WEIGHT = 0.3
_TEASERS_OF_A_LISTING = 6
_MAX_CLIMB = 3
_MIN_CONTAINER_SCORE = 10.0
_MAX_LOOK_ALIKE_CLIMB = 7
_LOOK_ALIKE_SHARE = 0.05
_REGION_LEVELS = 3
_REGION_BONUS = 1.5
_FRAMES = frozenset({"html", "body", "main", "article"})  # never furniture, whatever their names


@dataclass(slots=True)
class Candidate:
    node: Node
    score: float = 0.0


def remove_invisible(tree: Tree) -> None:
    """Drop scripts, styles, forms' controls and other elements no reader sees as text.

    Inline elements styled ``display: none`` (an editor's "edit" link, a label
    for another layout) go too. Hidden blocks stay: slideshows and tabs hide
    story text that a script shows.
    """
    tree.strip_tags(INVISIBLE, recursive=True)  # one lexbor loop, half the cost of a selector
    for node in tree.css("[style]"):  # a bare attribute test: substring selectors cost double
        if node.tag not in BLOCK_TAGS and _HIDDEN_STYLE.search(node.attributes.get("style") or ""):
            node.decompose()


def remove_chrome(tree: Tree, keep: Node | None, names: Names, trace: Trace | None = None) -> None:
    """Drop page furniture (menus, rails, share bars...), sparing anything holding ``keep``."""
    spared = _ancestor_ids(keep) | _holding_articles(tree)
    # An element's reason is worked out only when a trace asks for it: most pages have none.
    doomed = {n.mem_id: (n, "") for n in chrome(tree)}
    _add_named_furniture(doomed, spared, names)
    nodes = [n for n, _ in doomed.values() if _goes(n, spared)]
    for node in outermost(nodes):
        if trace is not None:
            trace.removed(node, "furniture", doomed[node.mem_id][1] or _chrome_signal(node))
        node.decompose()


def _add_named_furniture(
    doomed: dict[int, tuple[Node, str]], spared: set[int], names: Names
) -> None:
    """Add the elements named like furniture to ``doomed``, with the word that names them.

    One holding story text or a box of read links is not furniture. One inside
    an element already going is not looked at: it goes with that element.
    """
    hits, story = names.hits(FURNITURE), names.hits(_STORY_NAMES)
    going = {i for i, (n, _) in doomed.items() if _goes(n, spared)}
    settled: dict[int, bool] = {}  # see under(): having() lists elements in page order
    for element in names.having(FURNITURE):
        node = element.node
        if node.mem_id in doomed or under(node, going, settled):
            continue
        named_story = not story.isdisjoint(element.tokens)
        if (named_story or _only_block_words(element, hits)) and _holds_story_text(node):
            continue
        if not is_read_box(node):
            token = next(t for t in element.tokens if t in hits)
            doomed[node.mem_id] = (node, f"named {token!r}")
            if _goes(node, spared):
                going.add(node.mem_id)


def _goes(node: Node, spared: set[int]) -> bool:
    return node.mem_id not in spared and node.tag not in _FRAMES


def _chrome_signal(node: Node) -> str:
    role = attr(node, "role")
    if role:
        return f"role={role}"
    if "hidden" in node.attributes or attr(node, "aria-hidden") == "true":
        return "hidden"
    return f"<{node.tag}>"


def _only_block_words(element: Named, hits: frozenset[str]) -> bool:
    """Named furniture only by a word page builders give every block ("elementor-widget")."""
    furniture = set(element.tokens) & hits
    return _BLOCK_WORDS.among(furniture) == furniture


def _holds_story_text(node: Node) -> bool:
    """Long, unlinked text: what a furniture name on the story's own wrapper hides."""
    chars = _visible_chars(node)
    return chars >= _STORY_MIN_CHARS and _density(node, chars) < 0.35


def _ancestor_ids(node: Node | None) -> set[int]:
    ids = set()
    while node is not None:
        ids.add(node.mem_id)
        node = node.parent
    return ids


def _holding_articles(tree: Tree) -> set[int]:
    """Wrappers that happen to match a furniture name but hold the story itself.

    These are every <article> or articleBody and their ancestors; comment threads
    mark each comment up as an <article>, and those, named like furniture
    themselves, do not count.
    """
    holding: set[int] = set()
    for inner in tree.css("article, [itemprop=articleBody], [itemprop=text]"):
        if FURNITURE.names(tokens_of(inner)):
            continue
        # schema.org's "text" marks a comment's text as well as the story's.
        if attr(inner, "itemprop") != "text" or _holds_story_text(inner):
            holding |= _ancestor_ids(inner)
    return holding


def find_containers(tree: Tree, headline: Node | None = None, dek: str = "") -> list[Node]:
    """The body container, with sibling containers that continue it, in page order.

    ``dek`` is the text of the standfirst candidate, whose wrapper is not a
    section of the story even when it looks like one.
    """
    # The dek is no story text, unless there is next to no other text.
    candidates = _score_candidates(tree, dek)
    if dek and max((c.score for c in candidates.values()), default=0.0) < _MIN_CONTAINER_SCORE:
        candidates = _score_candidates(tree)
    if not candidates:
        return []
    _favour_the_headlines_region(candidates, headline)
    best = max(candidates.values(), key=lambda c: c.score)
    top = _widen(best, candidates)
    parts = _story_parts(top, best, candidates, dek)
    if parts:
        return parts
    parent = top.node.parent
    if parent is None:
        return [top.node]
    threshold = max(_MIN_CONTAINER_SCORE, best.score * 0.2)
    chosen = []
    for sibling in _children(parent):
        cand = candidates.get(sibling.mem_id)
        if (
            sibling.mem_id == top.node.mem_id
            or (cand and cand.score >= threshold)
            or (sibling.tag == "p" and _is_good_paragraph(sibling))
        ):
            chosen.append(sibling)
    return chosen


def _favour_the_headlines_region(candidates: dict[int, Candidate], headline: Node | None) -> None:
    """The story follows its headline: containers near it beat rails and footers.

    Candidates inside the headline's nearby ancestor (a few levels up, short of
    <body>) gain; a long comment section or a sidebar of teasers elsewhere on
    the page then no longer outscores a short article.
    """
    region = region_of(headline, _REGION_LEVELS)
    if region is None:
        return
    inside = _inside([cand.node for cand in candidates.values()], region)
    for cand in candidates.values():
        if cand.node.mem_id in inside:
            cand.score *= _REGION_BONUS


def _widen(best: Candidate, candidates: dict[int, Candidate]) -> Candidate:
    """Climb from the best container while its ancestors gather other strong ones.

    Articles split into sections (a wrapper per subheading, a row per block of
    a page builder) score as several containers of similar weight; their
    common ancestor, if it is not link-heavy, is the real article container.
    """
    above = _ancestor_ids(best.node)
    strong = [
        c.node
        for c in candidates.values()
        if c.score >= 0.5 * best.score and c.node.mem_id not in above
    ]
    current = best
    node = best.node
    for _ in range(_MAX_CLIMB):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
        inside = len(_inside(strong, node))
        if inside > len(_inside(strong, current.node)) and _link_density(node) < 0.25:
            current = candidates.get(node.mem_id) or Candidate(node, best.score)
    return current


def _story_parts(
    top: Candidate, best: Candidate, candidates: dict[int, Candidate], dek: str
) -> list[Node]:
    """The sections of a story cut into look-alike wrappers, in page order; [] if not cut.

    Page builders give every section of a story the same wrapper
    (``div.text-section`` after ``div.text-section``); with a picture or a
    quote between them, each scores as a container of its own and the best
    holds only part of the story. The parts are the children of the nearest
    wrapper above that holds a look-alike, when that wrapper is not a link
    list and its parts do not each carry a linked title (posts on a blog's
    front page; a story may link its own headline).
    """
    others = _look_alikes(best, top, candidates, dek)
    # Ancestors of the look-alikes, gathered once: the climb and the parts test against them.
    around = set().union(*map(_ancestor_ids, others))
    wrapper = _common_wrapper(top.node, around) if others else None
    if wrapper is None or _link_density(wrapper) >= 0.25:
        return []
    around |= _ancestor_ids(top.node)
    parts = [c for c in _children(wrapper) if c.mem_id in around]
    titled = sum(1 for c in parts if any(map(_is_linked_heading, c.css("h1, h2, h3"))))
    if titled >= 2:
        return []
    return parts


def _look_alikes(
    best: Candidate, top: Candidate, candidates: dict[int, Candidate], dek: str
) -> list[Node]:
    """Containers wearing the best one's tag and class at its depth, outside ``top``.

    The dek's wrapper may wear the paragraphs' class too; holding the dek, it
    is the story's header, not a section of it.
    """
    wanted = _look(best.node)
    if not wanted:
        return []
    floor = max(_MIN_CONTAINER_SCORE, best.score * _LOOK_ALIKE_SHARE)
    depth = _depth(best.node)
    return [
        c.node
        for c in candidates.values()
        if c.score >= floor
        and c.node.mem_id != best.node.mem_id
        and _look(c.node) == wanted
        and _depth(c.node) == depth
        and not is_inside(c.node, top.node)
        and not (dek and dek in text_of(c.node))
    ]


def _common_wrapper(node: Node, around: set[int]) -> Node | None:
    """The nearest ancestor of ``node`` among ``around`` (ids): a few levels up, under <body>."""
    for _ in range(_MAX_LOOK_ALIKE_CLIMB):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            return None
        node = parent
        if node.mem_id in around:
            return node
    return None


def _depth(node: Node) -> int:
    return sum(1 for _ in ancestors(node))


def _look(node: Node) -> str:
    """The element's look, or "" when it has no class words: bare tags look alike everywhere."""
    seen = look(node)
    return "" if seen.endswith(".") else seen


def _inside(nodes: list[Node], container: Node) -> set[int]:
    """Ids of those of ``nodes`` inside ``container`` (or being it), as dom.is_inside tells.

    The candidates share most of their ancestors: one memory of the ancestors
    settled serves all their climbs (see dom.under).
    """
    target = {container.mem_id}
    settled: dict[int, bool] = {}
    return {n.mem_id for n in nodes if n.mem_id in target or under(n, target, settled)}


def _score_candidates(tree: Tree, dek: str = "") -> dict[int, Candidate]:
    candidates: dict[int, Candidate] = {}
    root = tree.body
    if root is None:
        return candidates
    for node in [*root.css(_PARAGRAPHS), *_text_blocks(root)]:
        text = node.text_lexbor()  # text() as lexbor concatenates it: a third faster
        length = len(text.strip())
        if length < _MIN_PARAGRAPH:
            continue
        item = node.tag in _ITEMS
        if (item and length < _MIN_ITEM) or _is_the_dek(node, text, length, dek):
            continue
        links = _link_chars(node)
        score = (1 + text.count(",") + min(length / 100, 3)) * (1 - min(links / length, 1))
        if item:
            score *= _ITEM_WEIGHT
        for level, ancestor in enumerate(_up(node, 3)):
            cand = candidates.get(ancestor.mem_id)
            if cand is None:
                cand = candidates[ancestor.mem_id] = Candidate(ancestor, _class_weight(ancestor))
            cand.score += score / (1, 2, 3)[level]
    for cand in sorted(candidates.values(), key=lambda c: c.score, reverse=True)[:8]:
        cand.score *= 1 - _link_density(cand.node)
    return candidates


def _is_the_dek(node: Node, text: str, length: int, dek: str) -> bool:
    """The dek set apart in a wrapper of its own: the story's summary, not its text.

    Counted as story text, a long dek beside the headline outscored the
    sections of a story cut into several. A dek candidate among sibling
    paragraphs is a lead paragraph and counts.
    """
    if not dek or length > len(dek) + _MIN_PARAGRAPH or dek not in clean(text):
        return False
    parent = node.parent
    return parent is None or not any(
        c.tag == "p" and c.mem_id != node.mem_id for c in _children(parent)
    )


def _link_chars(node: Node) -> int:
    """Characters of link text in a paragraph-sized element.

    A walk in Python: a selector query costs more to set up than a paragraph's
    few elements cost to visit.
    """
    return sum(len(n.text_lexbor()) for n in node.traverse() if n.tag == "a")


def _text_blocks(root: Node) -> list[Node]:
    """Elements holding paragraph text without <p>: runs split by <br>, or a <div> per paragraph."""
    found: dict[int, Node] = {}
    for br in root.css("br"):
        parent = br.parent
        if parent is not None and parent.tag in ("div", "td", "section", "article", "span", "font"):
            found.setdefault(parent.mem_id, parent)
    for div in root.css("div"):
        if div.mem_id not in found and len(div.text(deep=False).strip()) >= _MIN_DIV_TEXT:
            found[div.mem_id] = div
    return list(found.values())


def _up(node: Node, levels: int) -> list[Node]:
    found: list[Node] = []
    parent = node.parent
    while parent is not None and len(found) < levels and parent.tag not in ("html", "-undef"):
        found.append(parent)
        parent = parent.parent
    return found


def _children(node: Node) -> list[Node]:
    return [c for c in node.iter() if c.tag and not c.tag.startswith("-")]


def _class_weight(node: Node) -> float:
    names = class_and_id(node)
    weight = 0.0
    if node.tag == "article" or node.attributes.get("itemprop") == "articleBody":
        weight += 25
    if _POSITIVE.search(names):
        weight += 25
    if _NEGATIVE.search(names):
        weight -= 25
    if node.tag in ("body", "html"):
        weight -= 25
    return weight


def _link_density(node: Node) -> float:
    return _density(node, _visible_chars(node))


def _density(node: Node, chars: int) -> float:
    """The share of ``node``'s ``chars`` visible characters that are link text."""
    if not chars:
        return 1.0
    # One count over the links' joined text: a page's wrappers hold hundreds of links.
    links = _unspaced("".join([a.text_lexbor() for a in node.css("a")]))
    return min(links / chars, 1.0)


def _visible_chars(node: Node) -> int:
    """Characters of text under ``node`` other than layout whitespace.

    Counting is enough for densities, and it avoids normalising the text of
    whole containers, the costliest thing a scoring pass could do. lexbor's
    own text_lexbor() gives what text() gives, a third faster.
    """
    return _unspaced(node.text_lexbor())


def _unspaced(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _is_good_paragraph(node: Node) -> bool:
    text = text_of(node)
    return len(text) > 80 and _link_density(node) < 0.25


def body_blocks(containers: list[Node]) -> list[Block]:
    """All blocks of the chosen containers, in page order."""
    return [block for container in containers for block in flatten(container)]


def declared_body(containers: list[Node]) -> bool:
    """True when the containers lie in the element the page marks itemprop=articleBody."""
    return bool(containers) and all(
        any(attr(n, "itemprop") == "articleBody" for n in (c, *ancestors(c))) for c in containers
    )


def looks_like_listing(containers: list[Node]) -> bool:
    """True for a list of story teasers: many linked headings carrying much of the text.

    A listicle has linked headings too, but they are a small share of its text;
    on a section front the teaser headlines are a large share of everything.
    """
    headings = [h for c in containers for h in c.css("h2, h3, h4")]
    if len(headings) < _TEASERS_OF_A_LISTING:  # too few to be teasers: spare them the reading
        return False
    teasers = [h for h in headings if _is_linked_heading(h)]
    if len(teasers) < _TEASERS_OF_A_LISTING:
        return False
    total = sum(_visible_chars(c) for c in containers) or 1
    return sum(_visible_chars(h) for h in teasers) / total >= 0.2


def _is_linked_heading(heading: Node) -> bool:
    anchors = heading.css("a")
    if not anchors:  # most headings link nowhere: spare them the reading of their text
        return False
    text = text_of(heading)
    links = sum(len(text_of(a)) for a in anchors)
    return bool(text) and links >= 0.9 * len(text)
