"""Tags: the topic links displayed with the article, one string per link.

Tag footers render as adjacent links ("Asia & AmericasIranIraq" in plain
text), so tags are always read link by link, never from a container's text.
Meta keywords and article:tag are a different thing (what the publisher told
search engines) and go to ``keywords``.

Tag-looking markup is everywhere on a news page: menus of topics, teaser
cards of other stories, WordPress's "tag-foo" classes on every post. A tag
list is therefore taken only where its links are the whole of its text (no
running prose, no headline of another story), outside menus and the page's
own header and footer, and a list in the story beside the headline is
preferred to one elsewhere on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from scrape.extract.dom import Node, Tree, ancestors, class_and_id, text_of
from scrape.extract.metadata import Metadata, jsonld_text
from scrape.extract.names import Names, Vocabulary
from scrape.text import clean

_CONTAINER = Vocabulary.of(
    "tags taglist tagslinks posttags entrytags articletags storytags topics topiclist "
    "relatedtopics keywords subjects schlagworte schlagwoerter etiquetas tagi themen themes "
    "thèmes argomenti",
    exact="tag topic",
)
# The singular names an item ("tag", "topic") as often as a list: such elements are asked last.
_ITEM_WORDS = frozenset(_CONTAINER.exact)
_LABEL = re.compile(
    r"^\s*(?:tags?|tagged(?: with)?|topics?|related topics|more on|themen?|thema|"
    r"verwandte themen|schlagwörter|stichwörter|etiquetas|temas|tópicos|assuntos|"
    r"mots[- ]clés|sujets|thèmes|argomenti)\s*[:：]?\s*$",
    re.IGNORECASE,
)
# The letters _LABEL's words open with, in either case (a case-blind "s" matches "\u017f" too):
# most elements are no label, and a set lookup turns them away cheaper than the regex.
_LABEL_INITIALS = frozenset("aemrstvAEMRSTV\u017f")
_NOT_TAGS = re.compile(r"sidebar|widget|cloud|popular|trending|menu|footer-nav|breadcrumb")
# Links to an author's page sit beside tags in meta lines ("By Ann Lee | Politics").
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|auteur)/", re.IGNORECASE)
_TOPIC_SEGMENTS = (
    "tag tags topic topics thema themen schlagwort schlagworte keyword keywords etiqueta "
    "etiquetas tema temas sujet sujets argomento argomenti tagi themes theme"
).split()
# Anchors are tested in Python: twenty substring selectors cost lexbor twice as much.
_TOPIC_HREF = re.compile(f"/(?:{'|'.join(_TOPIC_SEGMENTS)})/")
_TOPIC_PATH = re.compile(f"/(?:{'|'.join(_TOPIC_SEGMENTS)})/", re.IGNORECASE)
# One tag's page: the topic segment, then the tag's name and nothing deeper ("/tag/gsi/").
_TAG_PAGE = re.compile(f"/(?:{'|'.join(_TOPIC_SEGMENTS)})/[^/]+/?$", re.IGNORECASE)
_INLINE = frozenset("span strong b em i small font mark".split())
# A teaser card of another story: its headline is a link of a sentence's length
# (tags in headings are a name or two: "<h4><a>Kenji Fujimori</a></h4>").
_STORY_CARD = "h1 a, h2 a, h3 a, h4 a, a h1, a h2, a h3, a h4"
_HEADLINE_WORDS = 6
_RAIL_TAGS = ("nav", "aside")
# Between a tag list's wrapper and a link: a menu, or share buttons set beside the tags.
_RAIL_NAMES = re.compile(r"menu|breadcrumb|navigation|navbar|share|sharing|shariff|social")
_HASH_GAP = re.compile(r"^#\s+")
_MAX_TAG_LEN = 60
_MAX_TAGS = 20  # more links than this is a tag cloud or a topics menu
_LABEL_ROOM = 30  # text besides the links: a label ("Schlagwörter:") and separators
_PROSE_ROOM = 15  # a paragraph of links is a tag line only with a short label at most
_LABEL_LEVELS = 3  # a label's list is its parent or a wrapper a little above it


def find_tags(tree: Tree, names: Names, first_h1: Node | None) -> list[str]:
    """Displayed tags: rel=tag links, else a tag list found by name, label or link paths.

    ``first_h1`` is the page's first <h1>: the story holding it is where tags are looked for first.
    """
    # WordPress marks category links rel="category tag": those are sections, not tags.
    anchors = [
        a for a in tree.css("a[rel~=tag]:not([rel~=category])") if not _in_rail(a) and _tag_link(a)
    ]
    if anchors:
        return tag_texts(anchors)
    story = _story_frames(first_h1)
    found = _best(_named_lists(names), story) or _best(_labelled_lists(tree), story)
    if not found:
        found = _best(_topic_path_lists(tree), story, only_story=True)
    return tag_texts(found) if found else _keyword_items(tree)


def tag_texts(anchors: list[Node]) -> list[str]:
    texts: dict[str, None] = {}
    for anchor in anchors:
        text = _HASH_GAP.sub("#", text_of(anchor))  # "<span>#</span>FACC" reads "#FACC"
        if text and len(text) <= _MAX_TAG_LEN and not _LABEL.match(text):
            texts.setdefault(text, None)
    return list(texts)[:_MAX_TAGS]


def find_keywords(meta: Metadata) -> list[str]:
    values = meta.all("keywords", "news_keywords", "article:tag")
    values.append(jsonld_text(meta.jsonld, "keywords"))
    words = meta.jsonld.get("keywords")
    if isinstance(words, list):
        values += [w for w in words if isinstance(w, str)]
    split = (clean(part) for value in values for part in re.split(r"[,;]", value))
    return list(dict.fromkeys(w for w in split if w))


def _named_lists(names: Names) -> Iterator[list[Node]]:
    """Tag lists named as lists ("post-tags", "topics"), then as items ("tag")."""
    lists = names.hits(_CONTAINER) - _ITEM_WORDS
    named = names.having(_CONTAINER)
    as_list = [e for e in named if not lists.isdisjoint(e.tokens)]
    as_item = [e for e in named if lists.isdisjoint(e.tokens)]
    for element in (*as_list, *as_item):
        anchors = _tag_list(element.node)
        if anchors:
            yield anchors


def _labelled_lists(tree: Tree) -> Iterator[list[Node]]:
    """Links under a label ("Tags:", "Themen"), in the label's parent or a wrapper above."""
    for label in tree.css("span, strong, b, h2, h3, h4, dt, p"):
        opening = label.text(deep=True)[:40]
        if opening.lstrip()[:1] in _LABEL_INITIALS and _LABEL.match(opening):
            node = label.parent
            for _ in range(_LABEL_LEVELS):
                if node is None or node.tag in ("body", "article", "main"):
                    break
                anchors = _tag_list(node, labelled=True)
                if anchors:
                    yield anchors
                    break
                node = node.parent


def _topic_path_lists(tree: Tree) -> list[list[Node]]:
    """Lists holding links into the site's tag or topic pages (/tag/..., /topics/...).

    Sites with generated class names still route tags through tag URLs. Links
    one per list item are grouped by their list; a link in running text (a
    paragraph that links a topic) is no tag.
    """
    holders: dict[int, Node] = {}
    for anchor in tree.css("a[href]"):
        href = anchor.attrs.get("href") or ""  # one value, not the dict of them all
        if not _TOPIC_HREF.search(href) or not _TOPIC_PATH.search(urlsplit(href).path):
            continue  # "/tag/" only in a share link's query
        holder = anchor.parent
        while holder is not None and holder.tag in _INLINE:
            holder = holder.parent  # "<p><strong><a>" is a link in a paragraph
        if holder is not None and holder.tag == "li":
            holder = holder.parent
        if holder is not None:
            holders.setdefault(holder.mem_id, holder)
    found = [
        _tag_list(holder, room=_PROSE_ROOM if holder.tag == "p" else _LABEL_ROOM)
        for holder in holders.values()
    ]
    found = [anchors for anchors in found if anchors]
    found.sort(key=len, reverse=True)  # the largest list first, ties in page order
    return found


def is_tag_page(href: str) -> bool:
    """A link to one tag's or topic's page ("/tag/gsi/", "/thema/polizei"), not to a story.

    Deeper paths under a topic segment ("/themen/radon/wirkungen/...") are a
    site's articles filed by topic.
    """
    return bool(_TAG_PAGE.search(urlsplit(href).path))


def _best(
    candidates: Iterable[list[Node]], story: set[int], *, only_story: bool = False
) -> list[Node]:
    """The first list inside the story that holds the headline, else the first list.

    Topic menus and teaser rails sit outside the story's <article>/<main>;
    with ``only_story`` (weak evidence such as link paths) nothing else counts.
    """
    first: list[Node] = []
    for anchors in candidates:
        if not story:
            return anchors
        if any(a.mem_id in story for a in ancestors(anchors[0])):
            return anchors
        first = first or anchors
    return [] if only_story else first


def _story_frames(h1: Node | None) -> set[int]:
    """Ids of the <article>/<main> elements holding the page's headline (empty when none)."""
    if h1 is None:
        return set()
    return {a.mem_id for a in ancestors(h1) if a.tag in ("article", "main")}


def _tag_list(node: Node, *, room: int = _LABEL_ROOM, labelled: bool = False) -> list[Node]:
    """The tag links of ``node``, or [] when it is no tag list.

    A tag list is links and little else (``room`` characters of other text):
    no prose around them, no headline of another story, no menu inside, and
    not the page's header or footer. A list under a visible label is judged
    a rail only by its elements: layouts name the story's own column
    "sidebar__main" too, and a story's own <aside> box may hold its topics.
    """
    if node.tag in ("article", "body", "main", "nav"):
        return []
    links = node.css("a[href]")
    if not 0 < len(links) <= _MAX_TAGS or _in_page_chrome(node):
        return []
    if _switches_language(links):
        return []  # its links may lead to each edition's topic pages ("/de/themen/")
    if _in_rail(node, by_name=not labelled) or _holds_story_card(node):
        return []
    texts = [text_of(a) for a in links]
    if any(len(t) > _MAX_TAG_LEN for t in texts):
        return []
    if len(text_of(node)) > sum(map(len, texts)) + room + 3 * len(links):
        return []
    return [
        a
        for a, t in zip(links, texts, strict=True)
        if t and _tag_link(a) and not _in_menu_below(a, node)
    ]


def _holds_story_card(node: Node) -> bool:
    return any(len(text_of(h).split()) >= _HEADLINE_WORDS for h in node.css(_STORY_CARD))


def _in_menu_below(anchor: Node, container: Node) -> bool:
    """A menu, breadcrumb trail or share bar between ``anchor`` and ``container`` (a
    topics box that opens a navigation menu of sections, a "tags and sharing" box)."""
    for ancestor in ancestors(anchor):
        if ancestor.mem_id == container.mem_id:
            return False
        if ancestor.tag in _RAIL_TAGS or _RAIL_NAMES.search(class_and_id(ancestor)):
            return True
    return False


def _keyword_items(tree: Tree) -> list[str]:
    """Tags shown as plain text, each marked itemprop="keywords" (schema.org)."""
    items = [n for n in tree.css("[itemprop~=keywords]") if n.tag != "meta"]
    texts = [text_of(n) for n in items if not _in_rail(n)]
    if len(texts) < 2 or any(len(t) > _MAX_TAG_LEN for t in texts):
        return []
    return [t for t in dict.fromkeys(texts) if t][:_MAX_TAGS]


def _tag_link(anchor: Node) -> bool:
    get = anchor.attrs.get  # one value at a time, not the dict of them all
    return "author" not in (get("rel") or "") and not _AUTHOR_HREF.search(get("href") or "")


def _switches_language(links: list[Node]) -> bool:
    """Links marked with two or more languages: a language switcher.

    One language on every link says nothing: some CMSs mark all internal links
    hreflang="de".
    """
    languages = set()
    for link in links:
        get = link.attrs.get
        languages.add(get("hreflang") or get("lang") or get("data-lang") or "")
    languages.discard("")
    return len(languages) > 1


def _in_page_chrome(node: Node) -> bool:
    """In the page's header or footer, not in an article's own <header>/<footer>."""
    above = {a.tag for a in ancestors(node)} | {node.tag}
    return bool(above & {"footer", "header"}) and "article" not in above


def _in_rail(node: Node, *, by_name: bool = True) -> bool:
    """Inside a sidebar, menu or cloud, judged only up to the story's <article>/<main>:
    wrappers above it are page layout ("layout-right-sidebar"), not rails.

    Without ``by_name`` only elements count: <nav>, and an <aside> that is not
    a box inside the story's <article>.
    """
    for ancestor in ancestors(node):
        if ancestor.tag in ("article", "main", "body"):
            return False
        if ancestor.tag == "nav":
            return True
        if ancestor.tag == "aside" and (by_name or not _in_story(ancestor)):
            return True
        if by_name and _NOT_TAGS.search(class_and_id(ancestor)):
            return True
    return False


def _in_story(node: Node) -> bool:
    """Inside an <article> (a <main> also holds what is suggested after the story)."""
    return any(a.tag == "article" for a in ancestors(node))
