"""The generic body extractor: find the article's container, then judge its blocks.

Finding the container follows the readability idea: every paragraph-like
element scores its parent and grandparent by its length, punctuation and lack
of links, containers named like content gain and those named like furniture
lose, and the best container (with sibling containers that score close to it)
holds the body. Its blocks are then judged one by one: read links, link-dense
navigation, boilerplate lines, bylines and repeats of the headline leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrape.extract.blocks import HEADINGS, Block, flatten
from scrape.extract.dom import (
    BLOCK_TAGS,
    CHROME,
    INVISIBLE,
    Node,
    Tree,
    ancestors,
    attr,
    class_and_id,
    is_inside,
    outermost,
    region_of,
    text_of,
)
from scrape.extract.explain import Trace
from scrape.extract.headline import similar
from scrape.extract.names import Named, Names, Vocabulary, tokens_of
from scrape.extract.readlinks import is_read_box
from scrape.text import clean

# Page furniture by class or id (see names.py for how words match tokens).
FURNITURE = Vocabulary.of(
    "share social newsletter subscribe signup cookie consent related popular trending mostread "
    "mostviewed mostpopular recommend outbrain taboola advert sponsor promo comment disqus "
    "breadcrumb caption credit sidebar widget modal popup authorbio toolbar skiplink "
    "langswitch languageswitch languages nearyou printonly visuallyhidden screenreader sronly "
    "paywall morestories membership donate donation correlati correlate relacionad "
    "connexes similaires verwandte",
    exact="ad ads adv adslot adunit dfp gpt banner",
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
_BOILERPLATE_TEXT = re.compile(
    r"^(?:advertisement|advertising|anzeige|werbung|publicidad|publicidade|publicité|pubblicità|"
    r"sponsored(?: content)?|share(?: this)?(?: article| story| on \w+)?|tweet|print|e-?mail|"
    r"show comments|comments?|\d+ comments?|leave a comment|load more|read more|continue reading|"
    r"skip (?:to|advert)\w*.*|follow us.*|sign up.*newsletter.*|subscribe.*|"
    r"click here.*|image:.*|photo:.*|foto:.*|getty images|reuters|\(?photo by .*|"
    r"(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|"
    r"tempo de leitura|tempo di lettura)\b.*|\d+\s*min(?:ute)?s?\.? read|.*przeczytasz w .*)$",
    re.IGNORECASE,
)
# A caption or credit set as a paragraph: "Abbildung 4: ...", "Foto: ...", "© Agency",
# or a short line signed with a credit ("Chloe Kim will es wissen. © AFP / K. Kudryavtsev").
# A credit is a few words (or a copyright notice); a longer line opening with one
# runs into story text.
_CAPTION_LINE = re.compile(
    r"^(?:(?:abbildung|abb\.|bild|titelbild|foto|fotos|grafik|figure|fig\.|image|photo|picture|"
    r"illustration|imagen|imagem|immagine)(?: \d+)?\s?:|©.{0,80}$|"
    r"©.*(?:copyright|rights reserved|rechte vorbehalten|derechos reservados|droits réservés)|"
    r".*©[^©]{0,60}$)",
    re.IGNORECASE,
)
_MAX_CAPTION = 300
# A paywall's message when its box has no telling name: "Already a subscriber? Log in",
# "El contenido ... es exclusivo para suscriptores", "Réservé aux abonnés". Matched against
# lower-cased text, as are the two patterns below it and the calls to action.
_PAYWALL_TEXT = re.compile(
    r"already (?:a )?(?:subscriber|member)|subscribe (?:now )?to (?:continue|read|keep reading|"
    r"view|access)|to (?:continue reading|keep reading|"
    r"read (?:the|this) (?:full )?(?:story|article)|"
    r"view the full (?:story|article)|access this (?:story|article))|(?:is|are) (?:only )?"
    r"(?:available )?(?:for|to) (?:subscribers|members)|(?:subscribers|members)[- ]only|"
    r"(?:bereits|schon) abonnent|(?:nur|exklusiv) für abonnenten|ya (?:eres|sos|es) suscriptor|"
    r"exclusivo para (?:suscriptores|assinantes)|para (?:seguir|continuar) leyendo|déjà abonné|"
    r"réservé aux abonnés|pour (?:lire|continuer) la suite|já (?:é|sou) assinante|"
    r"para continuar lendo|già abbonato|riservato agli abbonati|per continuare a leggere",
)
_MAX_PAYWALL = 300
# Every phrase above holds one of these words: a scan for them spares most lines the
# phrases' long alternation (which costs 20 us a line, more than all other rules).
_PAYWALL_WORDS = re.compile(
    "already|subscri|reading|read th|view the full|access this|member|abonn|suscriptor|"
    "exclusivo para|leyendo|la suite|assinante|lendo|abbonat|leggere"
)
# The publisher promoting its own newsletter: "sign up to our newsletter", "unseren
# Newsletter", "nuestra newsletter". A story about newsletters names someone else's.
_NEWSLETTER_PROMO = re.compile(
    r"\b(?:our|my|unsere[nm]?|meine[nm]?|nuestr[oa]|mi|notre|ma|nossa|nosso|nostra|nostro)\s+"
    r"(?:[^\s.!?]+\s+){0,2}[^\s.!?]*newsletter|newsletter\s+(?:abonnieren|bestellen|subscribe|"
    r"sign[- ]up)",
)
_BYLINE = re.compile(
    r"^(?:by|von|por|par)\s+\S.{0,80}$|^(?:published|updated|posted|last updated)\b.{0,60}$",
    re.IGNORECASE,
)
# A blog post's filing line: "This entry was posted in News. Bookmark the permalink.",
# "Dieser Eintrag wurde veröffentlicht in ...", "Eingestellt von Ann um 21:11".
_FILED = re.compile(
    r"^(?:this (?:entry|post) was posted|dieser (?:eintrag|beitrag) wurde|der beitrag wurde am|"
    r"cet? (?:article|billet|entrée) a été publié|esta entrada (?:fue|se) publicó|"
    r"questo articolo è stato pubblicato|posted in\b|veröffentlicht in\b|eingestellt von|"
    r"publicado por|publié par|pubblicato da|filed under)",
    re.IGNORECASE,
)
_MAX_FILED = 300
# What the server printed into the page, not the author: a PHP warning, a bare permalink.
_SERVER_LINE = re.compile(
    r"^(?:warning|notice|deprecated|fatal error|parse error|strict standards): "
    r".{0,400}\bon line \d+|^(?:permalink|permalien|enlace permanente|link permanente)\s*:?\s*"
    r"https?://\S+$",
    re.IGNORECASE,
)
# A line made only of date words, numbers and separators: a dateline, not text.
_DATE_WORDS = frozenset(
    (
        "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
        "july august september october november december mon tue wed thu fri sat sun monday "
        "tuesday wednesday thursday friday saturday sunday am pm a m p at on de del der den um "
        "uhr le la h gmt utc bst cet cest est edt pst pdt ct cdt et pt januar februar märz mai "
        "juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag "
        "janvier février mars avril juin juillet août septembre octobre novembre décembre lundi "
        "mardi mercredi jeudi vendredi samedi dimanche enero febrero marzo abril mayo junio julio "
        "agosto septiembre octubre noviembre diciembre lunes martes miércoles jueves viernes "
        "sábado domingo janeiro fevereiro março maio junho julho setembro outubro novembro "
        "dezembro gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
        "published updated posted actualizado publicado atualizado publié mis à jour "
        "veröffentlicht aktualisiert stand pubblicato aggiornato il"
    ).split()
)
_END_OF_STORY = re.compile(
    r"^(?:about the author|über (?:den|die) autor(?:in)?|à propos de l'auteur|sobre el autor|"
    r"related (?:articles|posts|stories|content)|verwandte artikel|weitere themen|"
    r"(?:das )?könnte sie (?:auch )?interessieren|you (?:may|might) also like|more from|"
    r"tags|schlagw(?:ö|oe)rter|themen|share this(?: article| story)?|"
    r"(?:diesen )?artikel teilen|war (?:der|dieser) artikel (?:nützlich|hilfreich)|"
    r"möchten sie den artikel teilen|kommentare?|comments?|leave a (?:reply|comment)|"
    r"weiterlesen|empfehlungen|suggested citation|zitiervorschlag|teilnehmende blogs|"
    r"newsletter|abonnieren|subscribe)\b.{0,60}$|"
    # Headings of the page's closing boxes, standing alone ("Kontakt:", "Sources")
    r"^(?:kontakt|contact|ansprechpartner(?:in)?(?: zum thema)?|"
    r"(?:weitere|mehr) (?:informationen|infos|themen)|(?:more|further) information|downloads|"
    r"quellen(?:angaben)?|sources|fuentes|further reading|zum weiterlesen|empfohlene beiträge|"
    r"recommended (?:articles|stories|posts)|zobacz (?:także|też))\s*:?$",
    re.IGNORECASE,
)
# The publisher's calls to action closing a story: download the app, follow us,
# subscribe, support us. Story text quotes such words too, so only short lines
# in the story's second half count.
_CALL_TO_ACTION = re.compile(
    r"\b(?:download (?:the|our)\b.{0,40}\bapps?|follow us on|subscribe (?:to our|now)|"
    r"sign up for our|support(?:ing)? (?:us|our (?:work|journalism))\b|"
    r"our (?:youtube|telegram|whatsapp) channel|"
    r"get the latest news|help us (?:continue|keep)|"
    r"abonnieren sie|jetzt abonnieren|unterstützen sie uns|unterstütze (?:uns|unser)|"
    r"folgen sie uns|in der \S+-app|jede (?:kleine )?spende|"
    r"suscr[ií]bete|hazte (?:miembro|socio)|s[ií]guenos|canal de (?:youtube|telegram|whatsapp)|"
    r"apoya (?:el|nuestro) periodismo|cancela cuando quieras|"
    r"assine|siga-nos|inscreva-se|abonnez-vous|suivez-nous|soutenez|abbonati|seguici|iscriviti|"
    r"wesprzyj nas|wykup (?:dostęp|subskrypcj\w*)|zapraszamy (?:też )?do subskrypcji)\b",
)
_MAX_CALL_TO_ACTION = 300
_MIN_REPEAT = 80
_ORNAMENTS = " -–—·•|*_[]()"  # framing a label: "- Advertisement -", "[Anzeige]"
_WORD = re.compile(r"[^\W\d_]+")
_NUMBERED = re.compile(r"\d\D*\d\D*\d")  # an id or a hash; grid classes ("col-sm-10") have fewer
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_PARAGRAPHS = "p, pre, blockquote, td, dd, li"
_MIN_PARAGRAPH = 25
_MIN_DIV_TEXT = 80  # a <div>'s own text this long is a paragraph, not a label
_MAX_LABEL = 120
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
    keep_ids = _ancestor_ids(keep)
    doomed = {n.mem_id: (n, _chrome_signal(n)) for n in tree.css(CHROME)}
    hits, story = names.hits(FURNITURE), names.hits(_STORY_NAMES)
    for element in names.having(FURNITURE):
        node = element.node
        if node.mem_id in doomed:
            continue
        named_story = not story.isdisjoint(element.tokens)
        if (named_story or _only_block_words(element, hits)) and _holds_story_text(node):
            continue
        if not is_read_box(node):
            token = next(t for t in element.tokens if t in hits)
            doomed[node.mem_id] = (node, f"named {token!r}")
    spared = keep_ids | _holding_articles(tree)
    nodes = [n for n, _ in doomed.values() if n.mem_id not in spared and n.tag not in _FRAMES]
    for node in outermost(nodes):
        if trace is not None:
            trace.removed(node, "furniture", doomed[node.mem_id][1])
        node.decompose()


def _chrome_signal(node: Node) -> str:
    role = attr(node, "role")
    if role:
        return f"role={role}"
    if "hidden" in node.attributes or attr(node, "aria-hidden") == "true":
        return "hidden"
    return f"<{node.tag}>"


def _only_block_words(element: Named, hits: frozenset[str]) -> bool:
    """Named furniture only by a word page builders give every block ("elementor-widget")."""
    return _BLOCK_WORDS.among(set(element.tokens) & hits) == set(element.tokens) & hits


def _holds_story_text(node: Node) -> bool:
    """Long, unlinked text: what a furniture name on the story's own wrapper hides."""
    return _visible_chars(node) >= _STORY_MIN_CHARS and _link_density(node) < 0.35


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
    for cand in candidates.values():
        if is_inside(cand.node, region):
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
        inside = sum(1 for s in strong if is_inside(s, node))
        if inside > _count_inside(strong, current.node) and _link_density(node) < 0.25:
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
    look = _look(best.node)
    if not look:
        return []
    floor = max(_MIN_CONTAINER_SCORE, best.score * _LOOK_ALIKE_SHARE)
    depth = _depth(best.node)
    return [
        c.node
        for c in candidates.values()
        if c.score >= floor
        and c.node.mem_id != best.node.mem_id
        and _look(c.node) == look
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
    """Tag and class words; numbered words ("vc_custom_1570185518", "post-4711") tell
    one block from the next, not one kind of block from another."""
    words = [w for w in (node.attributes.get("class") or "").split() if not _NUMBERED.search(w)]
    return f"{node.tag}.{' '.join(words)}" if words else ""


def _count_inside(nodes: list[Node], container: Node) -> int:
    return sum(1 for n in nodes if is_inside(n, container))


def _score_candidates(tree: Tree, dek: str = "") -> dict[int, Candidate]:
    candidates: dict[int, Candidate] = {}
    root = tree.body
    if root is None:
        return candidates
    for node in [*root.css(_PARAGRAPHS), *_text_blocks(root)]:
        text = node.text(deep=True)
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
    return sum(len(n.text(deep=True)) for n in node.traverse() if n.tag == "a")


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
    text = _visible_chars(node)
    if not text:
        return 1.0
    # One count over the links' joined text: a page's wrappers hold hundreds of links.
    links = _unspaced("".join([a.text(deep=True) for a in node.css("a")]))
    return min(links / text, 1.0)


def _visible_chars(node: Node) -> int:
    """Characters of text under ``node`` other than layout whitespace.

    Counting is enough for densities, and it avoids normalising the text of
    whole containers, the costliest thing a scoring pass could do.
    """
    return _unspaced(node.text(deep=True))


def _unspaced(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t")


def _is_good_paragraph(node: Node) -> bool:
    text = text_of(node)
    return len(text) > 80 and _link_density(node) < 0.25


def body_blocks(containers: list[Node]) -> list[Block]:
    """All blocks of the chosen containers, in page order."""
    return [block for container in containers for block in flatten(container)]


def judge_blocks(blocks: list[Block], headline: str, standfirst: str | None) -> None:
    """Mark each body block that is not article text, with the reason (in place).

    The story starts at its headline: when the container holds the headline,
    what comes before it (kickers, breadcrumbs, section labels) is not body,
    nor is what shares the headline's <header> (dek, byline, dates).
    """
    start: Block | None = None
    for block in blocks:
        if block.decision != "body":
            continue
        reason = _not_body(block, headline, standfirst)
        if reason:
            block.drop(*reason)
            if reason[0] == "headline" and start is None:
                start = block
    if start is not None:
        _drop_header_matter(blocks, start)
    _drop_tail(blocks)
    _drop_calls_to_action(blocks)
    _drop_repeats(blocks)


def _drop_repeats(blocks: list[Block]) -> None:
    """A paragraph said twice is said once: pull quotes and layouts printed for two screens.

    Short lines (table cells, list labels, "Advertisement") repeat in earnest
    and are judged on their own.
    """
    seen: set[str] = set()
    for block in blocks:
        if block.decision != "body" or len(block.text) < _MIN_REPEAT:
            continue
        if block.text in seen:
            block.drop("repeat", "repeats an earlier paragraph")
        seen.add(block.text)


def _drop_calls_to_action(blocks: list[Block]) -> None:
    body = [b for b in blocks if b.decision == "body"]
    for block in body[len(body) // 2 :]:
        if len(block.text) < _MAX_CALL_TO_ACTION and _CALL_TO_ACTION.search(block.text.lower()):
            block.drop("boilerplate", "a call to subscribe, follow or support")


def _drop_tail(blocks: list[Block]) -> None:
    """The story ends where its page furniture starts: "About the author", "Related
    articles", "Tags"... A short line like that in the last part of the body ends
    it, and so does one anywhere after the first paragraph when only short lines
    follow it (a contact box under a short story); what follows is furniture the
    container happened to hold."""
    body = [b for b in blocks if b.decision == "body"]
    last_part = len(body) * 3 // 5
    for index, block in enumerate(body[1:], start=1):
        if len(block.text) >= _MAX_LABEL or not _END_OF_STORY.match(block.text):
            continue
        if index >= last_part or all(len(b.text) < _MAX_LABEL for b in body[index + 1 :]):
            for rest in body[index:]:
                rest.drop("after_story", f"after {block.text[:30]!r}, which ends the story")
            return


def _drop_header_matter(blocks: list[Block], headline: Block) -> None:
    """Drop what precedes the headline and what shares its <header>.

    Only when everything before it is short (labels, breadcrumbs, dates): a
    long paragraph before the "headline" means the match is a repeat further
    down, not the top of the story.
    """
    above = blocks[: blocks.index(headline)]
    if any(b.decision == "body" and len(b.text) >= _MAX_LABEL for b in above):
        return
    header = _enclosing_header(headline.node)
    before = True
    for block in blocks:
        if block is headline:
            before = False
        elif block.decision == "body" and before:
            block.drop("before_headline", "above the headline")
        elif block.decision == "body" and header is not None and _within(block.node, header):
            block.drop("header", "in the headline's <header>")


def _enclosing_header(node: Node | None) -> Node | None:
    for _ in range(3):
        if node is None or node.tag in ("article", "main", "body"):
            return None
        if node.tag == "header":
            return node
        node = node.parent
    return None


def _within(node: Node | None, container: Node) -> bool:
    return node is not None and is_inside(node, container)


def _not_body(block: Block, headline: str, standfirst: str | None) -> tuple[str, str] | None:
    text = block.text
    if block.tag == "h1" or (len(text) < 300 and similar(text, headline)):
        return "headline", "repeats the headline"
    if standfirst and text == standfirst:
        return "standfirst", "repeats the standfirst"
    if len(text) < _MAX_CAPTION and _CAPTION_LINE.match(text):
        return "caption", "a caption or credit line"
    if len(text) < 100 and _BOILERPLATE_TEXT.match(text.strip(_ORNAMENTS)):
        return "boilerplate", "matches a boilerplate phrase"
    if len(text) < _MAX_PAYWALL:  # the phrase patterns are lower case: case-blind matching is slow
        low = text.lower()
        if _PAYWALL_WORDS.search(low) and _PAYWALL_TEXT.search(low):
            return "paywall", "a paywall's message"
        if "newsletter" in low and _NEWSLETTER_PROMO.search(low):
            return "boilerplate", "promotes the publisher's newsletter"
    if block.link_density > 0.5:
        return "navigation", f"link density {block.link_density:.2f}"
    if block.tag not in HEADINGS and len(text) < 100 and _BYLINE.match(text):
        return "byline", "byline or date line"
    if len(text) < _MAX_FILED and _FILED.match(text):
        return "byline", "the post's filing line"
    if _SERVER_LINE.match(text):
        return "boilerplate", "printed by the server, not the author"
    if len(text) < 80 and _is_date_line(text):
        return "dateline", "only date words and numbers"
    return None


def _is_date_line(text: str) -> bool:
    low = text.lower()
    first = _WORD.search(low)  # story text fails on its first word: spare it the rest
    if first is not None and first.group() not in _DATE_WORDS:
        return False
    return all(w in _DATE_WORDS for w in _WORD.findall(low)) and any(c.isdigit() for c in text)


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
    teasers = [h for c in containers for h in c.css("h2, h3, h4") if _is_linked_heading(h)]
    if len(teasers) < _TEASERS_OF_A_LISTING:
        return False
    total = sum(_visible_chars(c) for c in containers) or 1
    return sum(_visible_chars(h) for h in teasers) / total >= 0.2


def _is_linked_heading(heading: Node) -> bool:
    text = text_of(heading)
    links = sum(len(text_of(a)) for a in heading.css("a"))
    return bool(text) and links >= 0.9 * len(text)
