"""Single rules of the generic extractor, each on a small page of its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scrape import extract
from scrape.extract.blocks import flatten
from scrape.extract.dates import text_date, url_date
from scrape.extract.dom import parse, text_of
from scrape.extract.names import Names, Vocabulary
from tests.story import STORY


def article_page(inside: str, after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        "<html lang=en><head><title>Bridge closes</title></head><body><article>"
        f"<h1>Bridge closes after engineers find cracks</h1><div class=text>{body}{inside}</div>"
        f"{after}</article></body></html>"
    )


def opening_with(line: str) -> str:
    """The article page with ``line`` as a paragraph before the story's first."""
    return article_page("").replace("<div class=text>", f"<div class=text><p>{line}</p>")


def between_paragraphs(markup: str) -> str:
    """The article page with ``markup`` between the story's first and second paragraphs."""
    return article_page("").replace(f"<p>{STORY[1]}</p>", f"{markup}<p>{STORY[1]}</p>")


@pytest.mark.parametrize(
    "text",
    [
        "Veröffentlicht am 21. April 2022, 10:15 Uhr",
        "Published April 21, 2022",
        "21.04.2022 | Politik",
        "jueves, 21 de abril de 2022",
        "Mis à jour le 21 avril 2022",
    ],
)
def test_dates_written_out_in_several_languages(text: str) -> None:
    assert text_date(text) == datetime(2022, 4, 21, tzinfo=UTC)


def test_no_date_in_plain_text_and_none_in_the_future() -> None:
    assert text_date("The council met on Monday") is None
    assert text_date("31.12.2999") is None


def test_the_date_in_a_url_path() -> None:
    assert url_date("https://example.com/2019/10/22/story/") == datetime(2019, 10, 22, tzinfo=UTC)
    assert url_date("https://example.com/news/story-2019") is None


def test_class_words_match_by_token_affix_not_by_substring() -> None:
    tree = parse(
        "<div class='share-bar'>a</div><div id='mostRead'>b</div>"
        "<div class='header'>c</div><div class='post-4711 sharedaddy'>d</div>"
    )
    furniture = Vocabulary.of("share mostread", exact="ad")
    found = [e.node.text() for e in Names(tree).having(furniture)]
    assert found == ["a", "b", "d"]  # "header" holds "ad" but is no advert


def test_the_story_ends_at_an_about_the_author_line() -> None:
    tail = "<h3>About the author</h3><p>Jane Roe has covered the town hall since 2009.</p>"
    article = extract(article_page(tail), url="https://example.com/bridge")
    assert article.body == STORY


def test_a_related_box_of_text_links_gives_read_links() -> None:
    box = (
        "<div class=related-box><p>Read more:</p><p><a href='/a'>Bridge inspection finds rust"
        "</a></p><p><a href='/b'>Ferry timetable extended for the closure</a></p></div>"
    )
    article = extract(article_page(box), url="https://example.com/bridge")
    assert [link.url for link in article.read_links] == [
        "https://example.com/a",
        "https://example.com/b",
    ]
    assert article.body == STORY


def test_a_related_box_of_picture_cards_is_furniture() -> None:
    box = (
        "<div class=related-box><p>Read more:</p><p><a href='/a'><img src='/a.jpg'>Bridge "
        "inspection finds rust</a></p></div>"
    )
    article = extract(article_page(box), url="https://example.com/bridge")
    assert article.read_links == []
    assert article.body == STORY


def test_text_near_the_headline_beats_a_slightly_longer_block_elsewhere() -> None:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    other = "".join(f"<p>Elsewhere: {STORY[i % 3]}</p>" for i in range(4))
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body>"
        f"<div class=a><h1>Bridge closes after engineers find cracks</h1><div class=b>{story}"
        f"</div></div><div class=c><div class=d>{other}</div></div></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == STORY


def test_tags_in_the_article_count_whatever_the_layout_wrapper_is_called() -> None:
    tags = "".join(f"<a rel=tag href='/tag/{t}'>{t}</a>" for t in ("Bridges", "Town hall"))
    page = article_page("", after=f"<div class=post-tags>{tags}</div>").replace(
        "<body>", "<body><div class='layout layout-right-sidebar'>"
    )
    page = page.replace("</body>", "</div><aside><a rel=tag href='/tag/x'>Rail</a></aside></body>")
    article = extract(page, url="https://example.com/bridge")
    assert article.tags == ["Bridges", "Town hall"]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<a>kompostieren</a>, Ihr <b>Garten</b>?", "kompostieren, Ihr Garten?"),
        ("<span>#</span>Klimaschutz", "#Klimaschutz"),
        ("<span>By</span><span><a>Ann Lee</a></span>", "By Ann Lee"),
        ("Ber<i>lin</i>", "Berlin"),
        ("5000 m<sup>2</sup> Park, <abbr>EH</abbr>55", "5000 m2 Park, EH55"),
        ("<span>Alex</span><span>Bozarjian</span>", "Alex Bozarjian"),
        ("<b>Vorsicht, giftig!</b>Diese Pflanzen", "Vorsicht, giftig! Diese Pflanzen"),
        ("<p>First line.</p><p>Second <em>line</em>.</p>", "First line. Second line."),
        ("one<br>two", "one two"),
        ("<div>A</div><div>B<span>.</span></div>", "A B."),
    ],
)
def test_element_text_reads_as_displayed(html: str, text: str) -> None:
    """Inline seams join as written unless a capital starts a new word; blocks stay apart."""
    assert text_of(parse(f"<div id=x>{html}</div>").css_first("#x")) == text


def test_dek_with_a_linked_word_keeps_its_comma() -> None:
    dek = "<p class=standfirst>The <a href=/b>bridge</a>, closed since May, reopens.</p>"
    page = article_page("").replace("</h1>", f"</h1>{dek}")
    assert extract(page, url="https://example.org/a").standfirst == (
        "The bridge, closed since May, reopens."
    )


def test_paragraphs_written_as_divs_are_found_without_the_fallback() -> None:
    body = "".join(f"<div class=copy>{p}</div>" for p in STORY)
    html = (
        "<html lang=en><body><div class=menu><a href=/>Home</a></div><div class=page>"
        f"<h1>Bridge closes after engineers find cracks</h1><div class=story>{body}</div>"
        "</div></body></html>"
    )
    article = extract(html, url="https://example.org/a")
    assert article.body == STORY
    assert article.extractor == "generic"


def test_ruby_reading_guides_do_not_split_the_words_they_annotate() -> None:
    word = "<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>"
    page = article_page(f"<p>新しい{word}ができました。{word}では親の責任が決められています。</p>")
    body = extract(page, url="https://example.org/a").body
    assert body[-1] == "新しい法律ができました。法律では親の責任が決められています。"


def _sectioned_page(title: str = "", dek: str = "") -> str:
    """A story cut into page-builder blocks, each nested four wrappers deep, a picture between."""

    def block(n: int, text: str) -> str:
        paragraphs = "".join(f"<p>{t}</p>" for t in (text, text.upper(), text.lower()))
        inner = f"<div class=text-section>{paragraphs}</div>"
        row = f"<div class=row><div class=col>{inner}</div></div>"
        return f"<div class=block>{title.format(n)}{row}</div>"

    picture = "<div class=block><figure><img src=/b.jpg></figure></div>"
    blocks = picture.join(block(n, p) for n, p in enumerate(STORY))
    rail = "<div class=rail><p><a href=/x>Other story</a> and <a href=/y>another</a></p></div>"
    return (
        "<html lang=en><body><div class=page>"
        f"<h1>Bridge closes after engineers find cracks</h1>{dek}<div class=story>{blocks}</div>"
        f"{rail}</div></body></html>"
    )


def test_a_story_cut_into_look_alike_sections_is_read_whole() -> None:
    article = extract(_sectioned_page(), url="https://example.org/a")
    assert article.body == [t for p in STORY for t in (p, p.upper(), p.lower())]


def test_posts_with_linked_titles_are_not_joined_into_one_story() -> None:
    page = _sectioned_page(title="<h2><a href=/post-{0}>Post number {0} of the blog</a></h2>")
    body = extract(page, url="https://example.org/").body
    assert body in [[p, p.upper(), p.lower()] for p in STORY]  # one post, not all three


def test_a_dek_wearing_the_paragraphs_class_is_not_a_section_of_the_story() -> None:
    dek = (
        "<div class=intro><div class=block><div class=row><div class=col>"
        "<div class=text-section><p>The town loses its main crossing for a year and a half.</p>"
        "</div></div></div></div></div>"
    )
    article = extract(_sectioned_page(dek=dek), url="https://example.org/a")
    assert article.standfirst == "The town loses its main crossing for a year and a half."
    assert article.body[0] == STORY[0]


def test_an_indented_data_table_reads_like_a_compact_one() -> None:
    compact = "<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Steel</td><td>4m</td></tr></table>"
    indented = compact.replace("<tr>", "\n  <tr>\n    ").replace("</td>", "</td>\n    ")
    rows = [[b.text for b in flatten(parse(html).body)] for html in (compact, indented)]
    assert rows[0] == rows[1] == ["Item | Cost", "Steel | 4m"]


def test_inline_elements_hidden_by_style_are_not_text_but_hidden_slides_are() -> None:
    dek = (
        "<div class=lead><p>The town loses its main crossing for a year. "
        "<a href='' style='display: none; color: black'>edit</a></p></div>"
    )
    slide = f"<div class=slide style='display:none'><p>{STORY[2].upper()}</p></div>"
    page = article_page(slide).replace("</h1>", f"</h1>{dek}")
    article = extract(page, url="https://example.org/a")
    assert article.standfirst == "The town loses its main crossing for a year."
    assert article.body[-1] == STORY[2].upper()


@pytest.mark.parametrize(
    "line",
    [
        "For the latest stories download the Ledger app for iOS and Android.",
        "Folgen Sie uns auf Twitter",
        "¡Síguenos en Telegram para recibir todas nuestras actualizaciones!",
        "If you enjoyed this story, would you consider supporting our work?",
        "Help us continue to bring local news to readers everywhere.",
        "Deshalb unterstütze uns monatlich oder auch einmalig.",
        "Tú también puedes hacer periodismo. Cancela cuando quieras.",
    ],
)
def test_a_call_to_action_closing_the_story_is_boilerplate(line: str) -> None:
    body = extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body
    assert body == STORY


def test_story_text_using_the_same_words_early_on_stays() -> None:
    early = "Commuters can follow us on the detour, the council said, as buses will run all night."
    assert extract(opening_with(early), url="https://example.org/a").body[0] == early


@pytest.mark.parametrize(
    "line",
    [
        "Foto: Ann Lee / Ledger",
        "Abbildung 4: Die Brücke von Norden",
        "© Ledger Photo Agency",
        "The old bridge from the north bank, in May. © Ledger Photo Agency / Ann Lee",
        "Bildquelle: Peter Ferstl",
        "Image credit: www.example.org",
        "Beitragsbild via Unsplash.",
        "Crédit photo : KB / Ledger",
    ],
)
def test_a_caption_or_credit_set_as_a_paragraph_is_not_body(line: str) -> None:
    assert extract(opening_with(line), url="https://example.org/a").body == STORY


def test_a_credit_running_into_story_text_keeps_the_text() -> None:
    line = f"© Ledger Photo Agency {STORY[0]}"
    assert extract(opening_with(line), url="https://example.org/a").body[0] == line


@pytest.mark.parametrize(
    "label",
    ["Kontakt:", "Weitere Informationen", "Sources", "Quellen:"],
)
def test_a_closing_boxs_heading_ends_the_story(label: str) -> None:
    box = f"<h3>{label}</h3><p>Ann Lee, press office, phone 0123 456 789</p>"
    assert extract(article_page(box), url="https://example.org/a").body == STORY


def test_a_sentence_opening_with_a_label_word_does_not_end_the_story() -> None:
    line = "Mehr Infos auch auf der Seite der Stadt: bruecke.example.org"
    assert extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body[-1] == line


def test_a_paragraph_printed_twice_is_read_once() -> None:
    body = extract(
        article_page(f"<blockquote>{STORY[1]}</blockquote>"), url="https://example.org/a"
    )
    assert body.body == STORY


@pytest.mark.parametrize("label", ["- Advertisement -", "[Anzeige]", "— Publicidad —"])
def test_an_advertisement_label_framed_by_ornaments_is_boilerplate(label: str) -> None:
    assert extract(opening_with(label), url="https://example.org/a").body == STORY


def test_a_sectioned_story_that_links_its_own_headline_is_still_read_whole() -> None:
    page = _sectioned_page(title="").replace(
        "<div class=block><div class=row>",
        "<div class=block><h2><a href=/a>Bridge closes after engineers find cracks</a></h2>"
        "<div class=row>",
        1,
    )
    article = extract(page, url="https://example.org/a")
    assert article.body == [t for p in STORY for t in (p, p.upper(), p.lower())]


@pytest.mark.parametrize(
    "line", ["Lesezeit: 2 Minuten", "5 min read", "Tempo di lettura: 3 minuti"]
)
def test_a_reading_time_line_is_boilerplate(line: str) -> None:
    assert extract(opening_with(line), url="https://example.org/a").body == STORY


def test_a_header_box_holding_the_dek_and_a_credit_is_not_a_section_of_the_story() -> None:
    head = (
        "<div class=block><div class=row><div class=col><div class=text-section>"
        "<p class=intro>The town loses its main crossing for a year and a half.</p>"
        "<p>Ann Lee in conversation with the council</p></div></div></div></div>"
    )
    page = _sectioned_page().replace("<div class=story>", f"<div class=story>{head}")
    article = extract(page, url="https://example.org/a")
    assert article.standfirst == "The town loses its main crossing for a year and a half."
    assert article.body[0] == STORY[0]


def test_a_contact_box_under_a_short_story_ends_it() -> None:
    lines = ["Ann Lee", "Telefon 0123 456 789", "Press office", "Bob Roe", "Telefon 0123 456 780"]
    box = "<p>Kontakt:</p>" + "".join(f"<p>{line}</p>" for line in lines)
    assert extract(article_page(box), url="https://example.org/a").body == STORY


def test_a_label_followed_by_more_story_text_does_not_end_it() -> None:
    html = between_paragraphs("<p>Sources</p>")
    assert extract(html, url="https://example.org/a").body == [STORY[0], "Sources", *STORY[1:]]


LONG_STORY = [
    *STORY,
    "Engineers will inspect the town's two other bridges next month, and the council has "
    "asked the regional government to share the cost of any repairs they find necessary.",
]


def test_a_wrapper_named_like_furniture_is_kept_when_it_holds_the_marked_story_text() -> None:
    story = "".join(f"<p>{p}</p>" for p in LONG_STORY)
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body><article>"
        "<h1>Bridge closes after engineers find cracks</h1>"
        f"<div id=share-sticky><div itemprop=text>{story}</div></div>"
        "<div class=comments><div itemprop=text><p>I drove over it on Monday.</p></div></div>"
        "</article></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == LONG_STORY
    assert article.extractor == "generic"


def test_a_page_builder_calling_every_block_a_widget_keeps_the_story_blocks() -> None:
    def widget(inner: str) -> str:
        return f"<div class='builder-widget'><div class='builder-widget-wrap'>{inner}</div></div>"

    story = widget("".join(f"<p>{p}</p>" for p in LONG_STORY))
    rail = widget("<ul>" + "".join(f"<li><a href='/{i}'>Story {i}</a></li>" for i in range(6)))
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body>"
        f"{widget('<h1>Bridge closes after engineers find cracks</h1>')}{story}"
        f"<div class=side>{rail}{widget('<p>Sign up for our morning newsletter.</p>')}</div>"
        "</body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == LONG_STORY
    assert article.extractor == "generic"


def test_a_story_wrapper_named_body_in_another_language_outweighs_an_ad_word() -> None:
    story = "".join(f"<p>{p}</p>" for p in LONG_STORY)
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body>"
        "<h1>Bridge closes after engineers find cracks</h1>"
        f"<div class=cuerpo-ad>{story}</div><div class=side-ad><p>Buy a car today.</p></div>"
        "</body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == LONG_STORY
    assert article.extractor == "generic"


def test_a_short_story_in_the_declared_article_body_is_not_lengthened_from_elsewhere() -> None:
    about = " ".join(STORY).replace("bridge", "press")
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body><article>"
        "<h1>Bridge closes after engineers find cracks</h1>"
        f"<div itemprop=articleBody><p>{STORY[0]}</p></div></article>"
        f"<div class=about><p>About the paper.</p><p>{about}</p></div></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == [STORY[0]]
    assert article.extractor == "generic"


def test_a_long_dek_in_a_section_of_its_own_does_not_outweigh_the_story_sections() -> None:
    dek = (
        "While the town debates, the council, its engineers, its lawyers and, for the first "
        "time, its residents, must decide within a week what to do with the old bridge."
    )
    sections = "".join(
        f"<div class=vc_column><div class='text-column'><div class=inner><p>{p}</p></div></div>"
        "<figure><img src=/a.jpg></figure></div>"
        for p in LONG_STORY
    )
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body><div class=row>"
        "<div class=vc_column><h1>Bridge closes after engineers find cracks</h1>"
        f"<div class='text-column subheading'><div class=inner><p>{dek}</p></div></div></div>"
        f"</div><div class=row>{sections}</div></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == LONG_STORY
    assert article.standfirst == dek


def test_a_post_of_one_short_paragraph_keeps_it_as_the_body() -> None:
    line = "The bridge is closed from today; use the ferry until further notice."
    page = (
        "<html lang=en><head><title>Bridge closed</title></head><body><div id=content>"
        f"<div class=post><h2 class=title>Bridge closed</h2><div class=entry><p>{line}</p>"
        "</div></div></div><div id=footer><p>Create a free website or blog with Pressly.</p>"
        "</div></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == [line]


def test_story_sections_numbered_one_by_one_are_still_look_alikes() -> None:
    sections = "".join(  # each in a page builder's row and columns, three levels deep
        f"<div class=row><div class=col><div class=col-inner>"
        f"<div class='text-column vc_custom_15701855{i}8034'><div class=inner><p>{p}</p>"
        f"<p>{p.replace('the ', 'this ')}</p></div></div></div></div></div>"
        for i, p in enumerate(LONG_STORY)
    )
    page = (
        "<html lang=en><head><title>Bridge closes</title></head><body><div class=wrap>"
        f"<h1>Bridge closes after engineers find cracks</h1>{sections}</div>"
        "<div class=more><p>Other news: the market reopens on Saturday with forty stalls.</p>"
        "</div></body></html>"
    )
    article = extract(page, url="https://example.com/bridge")
    assert article.body == [text for p in LONG_STORY for text in (p, p.replace("the ", "this "))]


@pytest.mark.parametrize(
    "line",
    [
        "If you are seeing this message but you're already a subscriber, log in to read on.",
        "El contenido al que quiere acceder es exclusivo para suscriptores.",
        "Dieser Beitrag ist nur für Abonnenten frei zugänglich.",
    ],
)
def test_a_paywalls_message_in_an_unnamed_box_is_not_body(line: str) -> None:
    page = article_page(f"<div><p>{line}</p></div>")
    article = extract(page, url="https://example.org/a")
    assert article.body == STORY


def test_the_story_may_speak_of_subscribers() -> None:
    line = (
        "The ferry company said its subscribers, who pay a yearly fee for unlimited crossings, "
        "would be offered a refund for every month the bridge stays closed."
    )
    page = article_page(f"<p>{line}</p>")
    assert extract(page, url="https://example.org/a").body == [*STORY, line]


@pytest.mark.parametrize(
    "line",
    [
        "Never miss the latest news by signing up to our newsletter today!",
        "Lust auf mehr? Melde dich hier für unseren Newsletter an!",
        "Puede suscribirse aquí a nuestra newsletter.",
    ],
)
def test_the_publishers_newsletter_promotion_is_not_body(line: str) -> None:
    assert extract(opening_with(line), url="https://example.org/a").body == STORY


def test_a_story_about_someone_elses_newsletter_keeps_it() -> None:
    line = "The council will announce the detour in its weekly newsletter to residents on Friday."
    page = article_page(f"<p>{line}</p>")
    assert extract(page, url="https://example.org/a").body == [*STORY, line]


@pytest.mark.parametrize(
    "line",
    [
        "This entry was posted in News and tagged bridges, roads. Bookmark the permalink.",
        "Dieser Eintrag wurde veröffentlicht in Verkehr und verschlagwortet mit Brücke.",
        "Eingestellt von Ann Lee um 21:11",
    ],
)
def test_a_blog_posts_filing_line_is_not_body(line: str) -> None:
    assert extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body == STORY


@pytest.mark.parametrize(
    "line",
    [
        "Warning: Creating default object from empty value in /www/htdocs/wp-includes/classes.php "
        "on line 407",
        "Permalink https://example.org/p/RPYx",
    ],
)
def test_lines_the_server_printed_are_not_body(line: str) -> None:
    assert extract(opening_with(line), url="https://example.org/a").body == STORY


@pytest.mark.parametrize(
    "box",
    [
        "<h3>Similar Articles</h3>",
        "<p>Seguir leyendo:</p>",
        "<h4>Kategorien</h4><h4>Inhalt</h4>",
    ],
)
def test_a_heading_or_label_closing_the_body_heads_nothing(box: str) -> None:
    assert extract(article_page(box), url="https://example.org/a").body == STORY


def test_a_closing_sentence_ending_in_a_colon_is_the_authors() -> None:
    line = "The council's full report on the bridge can be read here:"
    assert extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body == [
        *STORY,
        line,
    ]


def test_a_long_run_of_closing_headings_is_the_storys_outline() -> None:
    items = [f"{n}. Bridge number {n}" for n in range(1, 5)]
    outline = "".join(f"<h2>{item}</h2>" for item in items)
    assert extract(article_page(outline), url="https://example.org/a").body == [*STORY, *items]


@pytest.mark.parametrize(
    "line",
    [
        "Post Views: 1.432",
        "37 views",
        "(Visited 215 times, 55 visits today)",
        "5 / 5 ( 1 vote )",
        "Rating: 6.0/6 (1 vote cast)",
        "Loading...",
        "Latest posts by Ann Lee (see all)",
        "Bild 3 von 10",
        "1 of 17",
        "Show all 50",
    ],
)
def test_what_plugins_and_slideshows_print_in_a_post_is_not_body(line: str) -> None:
    assert extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body == STORY


def test_an_embedded_instagram_post_is_not_body() -> None:
    embed = (
        "<blockquote class=instagram-media><div><div>View this post on Instagram</div></div>"
        "<p><a href='https://www.instagram.com/p/Cx1/'>A post shared by Ann Lee (@annlee)</a>"
        "</p></blockquote>"
    )
    page = between_paragraphs(embed)
    assert extract(page, url="https://example.org/a").body == STORY


@pytest.mark.parametrize(
    ("og_image", "expected"),
    [
        ("https://s0.wp.com/i/blank.jpg", "https://example.org/pics/bridge.jpg"),
        ("/favicon-96.ico", "https://example.org/pics/bridge.jpg"),
        ("/pics/crane.jpg", "https://example.org/pics/crane.jpg"),
    ],
)
def test_a_blank_or_an_icon_is_no_lead_image(og_image: str, expected: str) -> None:
    head = (
        f"<meta property='og:image' content='{og_image}'><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "image": "https://example.org/pics/bridge.jpg"}</script>'
    )
    html = article_page("").replace("<head>", f"<head>{head}")
    assert extract(html, url="https://example.org/a").image == expected


@pytest.mark.parametrize(
    "line",
    [
        "Twitter freischalten",
        "Externer Inhalt",
        "Ich bin einverstanden, dass ich diesen Inhalt angezeigt bekomme und dadurch meine "
        "personenbezogenen Daten an den Betreiber des Portals übermittelt werden.",
        "Please accept YouTube cookies to play this video.",
        "CONTINUA DEPOIS DA PUBLICIDADE",
        "Story continues below advertisement",
        "Mehr anzeigen",
    ],
)
def test_placeholders_ad_breaks_and_buttons_inside_the_story_are_not_body(line: str) -> None:
    html = between_paragraphs(f"<p>{line}</p>")
    assert extract(html, url="https://example.org/a").body == STORY


def test_a_sentence_about_unlocking_or_cookies_stays_story_text() -> None:
    line = "Die Stadt will das Portal wieder freischalten, sobald die Prüfung der Cookies endet."
    html = between_paragraphs(f"<p>{line}</p>")
    assert extract(html, url="https://example.org/a").body == [STORY[0], line, *STORY[1:]]


@pytest.mark.parametrize(
    "line", ["Datum: 18.10.2021", "Letzte Aktualisierung: 28.01.2022", "Date 23.05.2011", "12:35"]
)
def test_a_labelled_date_line_in_the_story_is_not_body(line: str) -> None:
    html = between_paragraphs(f"<p>{line}</p>")
    assert extract(html, url="https://example.org/a").body == STORY


@pytest.mark.parametrize("line", ["(dpa)", "aja/PAP", "rdb", "(dr/spot)"])
def test_a_sign_off_after_the_last_paragraph_is_no_text(line: str) -> None:
    assert extract(article_page(f"<p>{line}</p>"), url="https://example.org/a").body == STORY


def test_a_short_last_item_of_a_list_is_no_sign_off() -> None:
    days = "<ul><li>Mo</li><li>Di</li><li>Sa</li></ul>"
    body = extract(article_page(days), url="https://example.org/a").body
    assert body[-3:] == ["Mo", "Di", "Sa"]


@pytest.mark.parametrize("line", ["Ann Lee", "- Ann Lee", "ANN LEE"])
def test_a_line_that_is_only_the_authors_name_is_the_byline(line: str) -> None:
    html = opening_with(line).replace("<head>", "<head><meta name=author content='Ann Lee'>")
    article = extract(html, url="https://example.org/a")
    assert article.authors == ["Ann Lee"]
    assert article.body == STORY


@pytest.mark.parametrize("label", ["Teile diesen Artikel", "Partager", "Compartir", "Teile mich:"])
def test_a_share_buttons_label_in_any_language_is_boilerplate(label: str) -> None:
    assert extract(between_paragraphs(f"<p>{label}</p>"), url="https://example.org/a").body == STORY
