"""Judging a container's blocks: story text, or the page speaking.

The container holds more than the story: the headline and its byline, captions
set as paragraphs, a paywall's message, the publisher's calls to subscribe, and
the furniture after the story's end (an author box, related links, tags). Each
block is judged by its wording and its place, and each one that leaves is given
a decision and the signal that decided it (see explain mode). The patterns
cover English, German, Spanish, Portuguese, French and Italian, with a few
Polish words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from scrape.extract.blocks import HEADINGS, Block, kept
from scrape.extract.dom import Node, is_inside
from scrape.extract.headline import similar_to
from scrape.text import introduces

# Every pattern here is lower case and matched against a lower-cased line: a case-blind
# match of a long alternation costs several times more.
_BOILERPLATE_TEXT = re.compile(
    r"^(?:advertisement|advertising|anzeige|werbung|publicidad|publicidade|publicité|pubblicità|"
    r"sponsored(?: content)?|share(?: this)?(?: article| story| on \w+)?|tweet|print|e-?mail|"
    r"(?:diesen |den )?(?:artikel |beitrag )?teilen|teile (?:diesen|den) (?:artikel|beitrag)|"
    r"teile mich:?|partager(?: cet article)?|partagez|compartir|compartilhe|condividi|"
    r"udostępnij|spread the (?:news|word):?|"
    r"show comments|comments?|\d+ comments?|leave a comment|load more|read more|continue reading|"
    r"skip (?:to|advert)\w*.*|follow us.*|sign up.*newsletter.*|subscribe.*|"
    r"click here.*|image:.*|photo:.*|foto:.*|getty images|reuters|\(?photo by .*|"
    r"(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|"
    r"tempo de leitura|tempo di lettura)\b.*|\d+\s*min(?:ute)?s?\.? read|.*przeczytasz w .*|"
    # what blog plugins print under a post: view counters, star ratings, an author box's
    # link (brackets are stripped as ornaments first: "5 / 5 ( 1 vote )" ends in "vote")
    r"(?:post |page )?views?\s*:?\s*[\d.,]+|(?:aufrufe|visitas|vues)\s*:?\s*[\d.,]+|"
    r"[\d.,]+\s*(?:views?|aufrufe|vues|visitas|visualizaç(?:ões|oes)|visualizzazioni)|"
    r"visited [\d.,]+ times?\b.*|rate this (?:post|article|story)|"
    r"[\d.,]+\s*/\s*\d+\s*\(\s*[\d.,]+ votes?|rating:? [\d.,]+\s*/\s*\d+.*|"
    r"noch keine bewertungen|latest posts by .{1,80}\(see all|loading\s*(?:\.+|…)?|"
    # a slideshow's counter and buttons: "Bild 3 von 10", "1 of 17", "Show all 50"
    r"(?:(?:bild|image|foto|photo|picture|slide|imagen)\s+)?\d+\s+(?:of|von|de|sur|di|z)\s+\d+|"
    r"show all \d+|alle \d+ (?:bilder|fotos) anzeigen|"
    # buttons' labels: "Mehr anzeigen", "Alle Bilder anzeigen", "Bild anzeigen Bild schließen"
    r"(?:alle |mehr |weniger )?(?:\w+ )?anzeigen(?: \w+ schließen)?|show (?:more|less)|"
    # an ad break's label ("Anzeigen" is one of the buttons' above): "CONTINUA DEPOIS DA
    # PUBLICIDADE", "Story continues below advertisement"
    r"continua depois da publicidade|contin[uú]a (?:después de la publicidad|debajo)|"
    r"la suite après (?:cette |la )?publicité|(?:story|article|text) continues (?:below|after).*)$",
)
# A caption or credit set as a paragraph: "Abbildung 4: ...", "Foto: ...", "© Agency",
# or a short line signed with a credit ("Chloe Kim will es wissen. © AFP / K. Kudryavtsev").
# A credit is a few words (or a copyright notice); a longer line opening with one
# runs into story text.
_CAPTION_LINE = re.compile(
    r"^(?:(?:abbildung|abb\.|bild|titelbild|foto|fotos|grafik|figure|fig\.|image|photo|picture|"
    r"illustration|imagen|imagem|immagine)(?: \d+)?\s?:|©.{0,80}$|"
    # a picture's credit, or its label alone: "Bildquelle: SWR", "Image credit: ...", "Bildnachweis"
    r"(?:beitragsbild|titelfoto|aufmacherbild|bildquellen?|bildnachweise?|bildrechte|"
    r"fotonachweis|(?:image|photo|picture) credits?|crédits? photos?)\b|"
    r"©.*(?:copyright|rights reserved|rechte vorbehalten|derechos reservados|droits réservés)|"
    r".*©[^©]{0,60}$)",
)
# A paywall's message when its box has no telling name: "Already a subscriber? Log in",
# "El contenido ... es exclusivo para suscriptores", "Réservé aux abonnés".
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
# Every phrase above holds one of these words: a scan for them spares most lines the
# phrases' long alternation (which costs 20 us a line, more than all other rules).
_PAYWALL_WORDS = re.compile(
    # grouped by first letter: the regex engine tries a group's words only where it starts
    "a(?:lready|ccess this|bonn|ssinante|bbonat)|s(?:ubscri|uscriptor)|read(?:ing| th)|"
    "view the full|member|exclusivo para|le(?:yendo|ndo|ggere)|la suite"
)
# The placeholder of an embedded post or video a reader has not yet agreed to load:
# "Twitter freischalten", "Externer Inhalt", "Please accept YouTube cookies to play this video".
_CONSENT_TEXT = re.compile(
    r"^(?:externer inhalt|empfohlene[rn]? (?:redaktioneller |externer )?inhalt|"
    r"[\w-]+ freischalten|inhalte? (?:von [\w-]+ )?(?:laden|anzeigen|freischalten))$|"
    r"ich bin (?:damit )?einverstanden, dass (?:ich|mir) (?:diese[nr]? |externe )?inhalte?|"
    r"please accept [\w-]+ cookies|accept (?:all )?cookies to (?:view|play|watch|see)"
)
_CONSENT_WORDS = ("inhalt", "freischalten", "einverstanden", "cookies")  # one in each phrase
# The publisher promoting its own newsletter: "sign up to our newsletter", "unseren
# Newsletter", "nuestra newsletter". A story about newsletters names someone else's.
_NEWSLETTER_PROMO = re.compile(
    r"\b(?:our|my|unsere[nm]?|meine[nm]?|nuestr[oa]|mi|notre|ma|nossa|nosso|nostra|nostro)\s+"
    r"(?:[^\s.!?]+\s+){0,2}[^\s.!?]*newsletter|newsletter\s+(?:abonnieren|bestellen|subscribe|"
    r"sign[- ]up)",
)
_BYLINE = re.compile(
    r"^(?:by|von|por|par)\s+\S.{0,80}$|^(?:published|updated|posted|last updated)\b.{0,60}$",
)
# A blog post's filing line: "This entry was posted in News. Bookmark the permalink.",
# "Dieser Eintrag wurde veröffentlicht in ...", "Eingestellt von Ann um 21:11".
_FILED = re.compile(
    r"^(?:this (?:entry|post) was posted|dieser (?:eintrag|beitrag) wurde|der beitrag wurde am|"
    r"cet? (?:article|billet|entrée) a été publié|esta entrada (?:fue|se) publicó|"
    r"questo articolo è stato pubblicato|posted in\b|veröffentlicht in\b|eingestellt von|"
    r"publicado por|publié par|pubblicato da|filed under)",
)
# What the server printed into the page, not the author: a PHP warning, a bare permalink.
_SERVER_LINE = re.compile(
    r"^(?:warning|notice|deprecated|fatal error|parse error|strict standards): "
    r".{0,400}\bon line \d+|^(?:permalink|permalien|enlace permanente|link permanente)\s*:?\s*"
    r"https?://\S+$",
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
        "veröffentlicht aktualisiert stand pubblicato aggiornato il date datum fecha data "
        "erstellt publiziert letzte aktualisierung created"
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
# A line this short may be the page speaking (a caption, a message, a filing line);
# the wording rules are tried only on lines shorter than this.
_SHORT_LINE = 300
_MIN_PARAGRAPH = 80  # shorter lines are labels, cells, signatures: they repeat in earnest
_ORNAMENTS = " -–—·•|*_[]()"  # framing a label: "- Advertisement -", "[Anzeige]"
_WORD = re.compile(r"[^\W\d_]+")
_MAX_LABEL = 120
_MAX_HEADING_WORDS = 8
_MAX_LABEL_WORDS = 4
_MAX_ORPHANS = 3
# "(SID)", "aja/PAP", "rdb": a few letters, perhaps several joined by slashes, perhaps in brackets
_SIGN_OFF = re.compile(r"^\(?[^\W\d_]{1,6}(?:\s?/\s?[^\W\d_]{1,8})*\)?$")


def judge_blocks(
    blocks: list[Block], headline: str, standfirst: str | None, authors: Sequence[str] = ()
) -> None:
    """Mark each body block that is not article text, with the reason (in place).

    The story starts at its headline: when the container holds the headline,
    what comes before it (kickers, breadcrumbs, section labels) is not body,
    nor is what shares the headline's <header> (dek, byline, dates).
    """
    start: Block | None = None
    is_headline = similar_to(headline)
    for block in blocks:
        if block.decision != "body":
            continue
        reason = _not_body(block, is_headline, standfirst)
        if reason:
            block.drop(*reason)
            if reason[0] == "headline" and start is None:
                start = block
    _drop_author_names(blocks, authors)
    if start is not None:
        _drop_header_matter(blocks, start)
    _drop_tail(blocks)
    _drop_calls_to_action(blocks)
    _drop_repeats(blocks)
    _drop_orphan_labels(blocks)
    _drop_sign_off(blocks)


def _drop_author_names(blocks: list[Block], authors: Sequence[str]) -> None:
    """A line that is only an author's name ("Sandra Arm", "- Nadja Podbregar") is the
    byline or the signature, set apart from the story."""
    names = {name.casefold() for name in authors}
    if not names:
        return
    for block in kept(blocks):
        short = len(block.text) <= _MAX_LABEL
        if short and block.text.strip(_ORNAMENTS + ".,:").casefold() in names:
            block.drop("byline", "the author's name")


def _drop_repeats(blocks: list[Block]) -> None:
    """A paragraph said twice is said once: pull quotes and layouts printed for two screens.

    Short lines (table cells, list labels, "Advertisement") repeat in earnest
    and are judged on their own.
    """
    seen: set[str] = set()
    for block in blocks:
        if block.decision != "body" or len(block.text) < _MIN_PARAGRAPH:
            continue
        if block.text in seen:
            block.drop("repeat", "repeats an earlier paragraph")
        seen.add(block.text)


def _drop_calls_to_action(blocks: list[Block]) -> None:
    body = kept(blocks)
    for block in body[len(body) // 2 :]:
        if len(block.text) < _SHORT_LINE and _CALL_TO_ACTION.search(block.text.lower()):
            block.drop("boilerplate", "a call to subscribe, follow or support")


def _drop_tail(blocks: list[Block]) -> None:
    """The story ends where its page furniture starts: "About the author", "Related
    articles", "Tags"... A short line like that in the last part of the body ends
    it, and so does one anywhere after the first paragraph when only short lines
    follow it (a contact box under a short story); what follows is furniture the
    container happened to hold."""
    body = kept(blocks)
    last_part = len(body) * 3 // 5
    for index, block in enumerate(body[1:], start=1):
        if len(block.text) >= _MAX_LABEL or not _END_OF_STORY.match(block.text.lower()):
            continue
        if index >= last_part or all(len(b.text) < _MAX_LABEL for b in body[index + 1 :]):
            for rest in body[index:]:
                rest.drop("after_story", f"after {block.text[:30]!r}, which ends the story")
            return


def _drop_orphan_labels(blocks: list[Block]) -> None:
    """A heading or a label ("Kategorien", "Similar Articles", "Seguir leyendo:") that
    closes the body heads nothing: what it introduced was furniture, and is gone.

    Only a few words count as a label; a longer closing line, even set as a heading
    or ending in a colon ("Das Konzeptpapier finden Sie hier:"), is the author's. A
    long run of bare headings is the story's own outline (a list's items whose text
    the page loads later), not a closing box, and stays.
    """
    body = kept(blocks)
    run: list[Block] = []
    for block in reversed(body[1:]):
        if not _is_label(block):
            break
        run.append(block)
    if len(run) <= _MAX_ORPHANS:
        for block in run:
            block.drop("after_story", "a heading or label with nothing after it")


def _drop_sign_off(blocks: list[Block]) -> None:
    """The initials or agency that sign a story off ("(dpa)", "aja/PAP", "rdb") after its
    last paragraph; a short line after another short line ends a list instead."""
    body = kept(blocks)
    if len(body) < 2 or not _SIGN_OFF.match(body[-1].text):
        return
    before = body[-2].text
    if len(before) >= _MIN_PARAGRAPH or before.rstrip("\"”»'").endswith((".", "!", "?")):
        body[-1].drop("byline", "an author's or agency's sign-off")


def _is_label(block: Block) -> bool:
    words = len(block.text.split())
    if block.tag in HEADINGS:
        return words <= _MAX_HEADING_WORDS
    return introduces(block.text) and words <= _MAX_LABEL_WORDS


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


def _not_body(
    block: Block, is_headline: Callable[[str], bool], standfirst: str | None
) -> tuple[str, str] | None:
    text = block.text
    short = len(text) < _SHORT_LINE
    if block.tag == "h1" or (short and is_headline(text)):
        return "headline", "repeats the headline"
    if standfirst and text == standfirst:
        return "standfirst", "repeats the standfirst"
    low = text.lower()  # for the patterns, all lower case
    if short:
        reason = _page_speaking(text, low)
        if reason:
            return reason
    if block.link_density > 0.5:
        return "navigation", f"link density {block.link_density:.2f}"
    if len(text) < 100 and block.tag not in HEADINGS and _BYLINE.match(low):
        return "byline", "byline or date line"
    if short and _FILED.match(low):
        return "byline", "the post's filing line"
    if _SERVER_LINE.match(low):
        return "boilerplate", "printed by the server, not the author"
    if len(text) < 80 and _is_date_line(text, low):
        return "dateline", "only date words and numbers"
    return None


def _page_speaking(text: str, low: str) -> tuple[str, str] | None:
    """A short line's wording: a caption, a button's label, a paywall's or a consent's message."""
    if _CAPTION_LINE.match(low):
        return "caption", "a caption or credit line"
    if len(text) < 100 and _BOILERPLATE_TEXT.match(low.strip(_ORNAMENTS)):
        return "boilerplate", "matches a boilerplate phrase"
    if _PAYWALL_WORDS.search(low) and _PAYWALL_TEXT.search(low):
        return "paywall", "a paywall's message"
    if "newsletter" in low and _NEWSLETTER_PROMO.search(low):
        return "boilerplate", "promotes the publisher's newsletter"
    if any(word in low for word in _CONSENT_WORDS) and _CONSENT_TEXT.search(low):
        return "boilerplate", "stands in for embedded content not loaded"
    return None


def _is_date_line(text: str, low: str) -> bool:
    first = _WORD.search(low)  # story text fails on its first word: spare it the rest
    if first is not None and first.group() not in _DATE_WORDS:
        return False
    return all(w in _DATE_WORDS for w in _WORD.findall(low)) and any(c.isdigit() for c in text)
