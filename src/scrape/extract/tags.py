"""Tags: the topic links displayed with the article, one string per link.

Tag footers render as adjacent links ("Asia & AmericasIranIraq" in plain
text), so tags are always read link by link, never from a container's text.
Meta keywords and article:tag are a different thing (what the publisher told
search engines) and go to ``keywords``.
"""

from __future__ import annotations

import re

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
_LABEL = re.compile(
    r"^\s*(?:tags?|tagged(?: with)?|topics?|related topics|more on|themen|schlagwörter|"
    r"etiquetas|temas|tópicos|assuntos|mots[- ]clés|sujets|thèmes|argomenti)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_NOT_TAGS = re.compile(r"sidebar|widget|cloud|popular|trending|menu|footer-nav|breadcrumb")
_TOPIC_LINKS = ", ".join(
    f"a[href*='/{segment}/']"
    for segment in (
        "tag tags topic topics thema themen schlagwort schlagworte keyword keywords etiqueta "
        "etiquetas tema temas sujet sujets argomento argomenti tagi themes theme"
    ).split()
)
_HASH_GAP = re.compile(r"^#\s+")
_MAX_TAG_LEN = 60
_MAX_TAGS = 20  # more links than this is a tag cloud or a topics menu


def find_tags(tree: Tree, names: Names) -> list[str]:
    """Displayed tags: rel=tag links, else links in a tag-list container."""
    # WordPress marks category links rel="category tag": those are sections, not tags.
    anchors = [a for a in tree.css("a[rel~=tag]:not([rel~=category])") if not _in_rail(a)]
    if not anchors:
        anchors = _container_anchors(tree, names) or _topic_path_anchors(tree)
    return tag_texts(anchors)


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


def _container_anchors(tree: Tree, names: Names) -> list[Node]:
    for element in names.having(_CONTAINER):
        node = element.node
        if not _in_rail(node):
            anchors = node.css("a[href]")
            if 0 < len(anchors) <= _MAX_TAGS and _short_links(anchors):
                return anchors
    for label in tree.css("span, strong, b, h2, h3, h4, dt, p"):
        if _LABEL.match(label.text(deep=True)[:40] or "-"):
            parent = label.parent
            anchors = parent.css("a[href]") if parent is not None else []
            if 0 < len(anchors) <= _MAX_TAGS and _short_links(anchors):
                return anchors
    return []


def _topic_path_anchors(tree: Tree) -> list[Node]:
    """Sibling links into the site's tag or topic pages (/tag/..., /topics/...).

    Sites with generated class names still route tags through tag URLs; the
    largest group of such links sharing a parent, outside rails and the page
    footer, is the tag list.
    """
    groups: dict[int, list[Node]] = {}
    for anchor in tree.css(_TOPIC_LINKS):
        parent = anchor.parent
        if parent is not None and not _in_rail(anchor) and not _in_page_footer(anchor):
            groups.setdefault(parent.mem_id, []).append(anchor)
    best = max(groups.values(), key=len, default=[])
    return best if len(best) <= _MAX_TAGS and _short_links(best) else []


def _in_page_footer(node: Node) -> bool:
    """In the page's header or footer, not in an article's own <footer>."""
    above = {a.tag for a in ancestors(node)}
    return bool(above & {"footer", "header"}) and "article" not in above


def _short_links(anchors: list[Node]) -> bool:
    return all(len(text_of(a)) <= _MAX_TAG_LEN for a in anchors)


def _in_rail(node: Node) -> bool:
    """Inside a sidebar, menu or cloud, judged only up to the story's <article>/<main>:
    wrappers above it are page layout ("layout-right-sidebar"), not rails."""
    for ancestor in ancestors(node):
        if ancestor.tag in ("article", "main", "body"):
            return False
        if ancestor.tag in ("nav", "aside") or _NOT_TAGS.search(class_and_id(ancestor)):
            return True
    return False
