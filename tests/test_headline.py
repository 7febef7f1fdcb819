"""Headline rules: which visible heading is the story's, and what of it is the headline."""

from __future__ import annotations

import importlib

from scrape import extract

headline_module = importlib.import_module("scrape.extract.headline")  # extract is also a function

URL = "https://news.example.com/2024/harbour-plan"
STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "The harbour board approved on Tuesday a plan to deepen the main channel so that larger "
        "ships can dock, a project that has been debated in the town for more than ten years.",
        "Dredging is to start next spring and last about two years; the board expects the cost "
        "to be shared between the port, the regional government and the shipping companies.",
        "Fishermen fear that the work will drive the fish away from the bay, and have asked for "
        "the dredging to pause during the spawning season each year until the work is done.",
    )
)


def page(head: str, body: str) -> str:
    return f"<html lang=en><head>{head}</head><body>{body}</body></html>"


def headline(head: str, body: str) -> str:
    return extract(page(head, body), url=URL).headline


def meta(title: str, og_title: str = "", site: str = "") -> str:
    tags = f"<title>{title}</title>"
    if og_title:
        tags += f'<meta property="og:title" content="{og_title}">'
    if site:
        tags += f'<meta property="og:site_name" content="{site}">'
    return tags


CRUMBS = (
    '<nav><ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/local">Local</a>'
    "</li><li><h1>{}</h1></li></ol></nav>"
)


def test_an_h1_in_a_breadcrumb_gives_way_to_the_heading_that_shows_a_title() -> None:
    body = (
        CRUMBS.format("Harbour board backs plan to deepen the channel")
        + "<article><header><h2 class=story-head>Bigger ships: the harbour will be dredged</h2>"
        + f"</header>{STORY}</article>"
    )
    head = meta(
        "Harbour board backs plan to deepen the channel | Coast News",
        "Bigger ships: the harbour will be dredged",
    )
    assert headline(head, body) == "Bigger ships: the harbour will be dredged"


def test_without_a_match_the_first_headline_above_the_story_is_shown() -> None:
    """A kicker line and the wrapper around both lines are stepped over."""
    body = (
        CRUMBS.format("Harbour board backs plan to deepen the channel")
        + '<main><div class="header-headline"><h2 class="headline-kicker">Dredging</h2>'
        + '<h2 class="headline-text">The harbour will be deepened for bigger ships</h2></div>'
        + f"{STORY}</main>"
    )
    head = meta("Harbour board backs plan to deepen the channel - Coast News")
    assert headline(head, body) == "The harbour will be deepened for bigger ships"


def test_a_breadcrumb_h1_stays_when_only_section_headings_follow_the_text() -> None:
    """A heading below a paragraph heads a section; a card linking to the story is no headline."""
    body = (
        CRUMBS.format("Why the harbour channel will be deepened")
        + f"<article>{STORY}<h2 class=section-headline>Why the harbour channel matters</h2>"
        + "<p>More text.</p></article><aside><a href=/x><div class=card-headline>"
        + "Why the harbour channel will be deepened</div></a></aside>"
    )
    head = meta("Why the harbour channel will be deepened - Coast News")
    article = extract(page(head, body), url=URL)
    assert article.headline == "Why the harbour channel will be deepened"
    assert article.body[0].startswith("The harbour board approved")


def test_an_h1_in_a_share_box_gives_way_to_the_heading_above_the_story() -> None:
    body = (
        "<div class=article-text><h2>Harbour to be deepened: board backs a two-year dredging "
        'plan for larger ships</h2><div class="share-article"><h3>Share this</h3>'
        "<h1>Board backs dredging plan</h1></div>"
        f"{STORY}</div>"
    )
    head = meta("Board backs dredging plan | Coast News")
    assert (
        headline(head, body)
        == "Harbour to be deepened: board backs a two-year dredging plan for larger ships"
    )


def test_an_h1_named_a_headline_counts_inside_a_breadcrumb_wrapper() -> None:
    body = (
        '<div class="article-breadcrumb"><a href=/>Home</a>'
        '<h1 class="article-headline">Harbour board backs dredging plan</h1></div>'
        f"<article><h2>Other business of the board this week</h2>{STORY}</article>"
    )
    head = meta("Board approves channel works | Coast News")
    assert headline(head, body) == "Harbour board backs dredging plan"


def test_a_two_word_h1_matches_a_title_that_adds_a_byline() -> None:
    body = f"<article><h1>Still waters</h1>{STORY}</article>"
    head = meta("Still waters -Ann Berg - Coast Review", site="Coast Review")
    assert headline(head, body) == "Still waters"


def test_a_two_word_site_name_before_the_story_is_no_headline() -> None:
    body = f"<header><h1>Coast Review</h1></header><article>{STORY}</article>"
    head = meta("Coast Review | Harbour board backs the plan to deepen its main channel")
    assert headline(head, body) == "Harbour board backs the plan to deepen its main channel"


def test_an_h1_showing_the_og_title_in_full_keeps_its_first_segment() -> None:
    """The site-name guess drops a short segment; the h1 shows it, so it stays."""
    shown = "Port summit - Harbour board backs plan to deepen the main channel"
    body = f"<article><h1>{shown}</h1>{STORY}</article>"
    assert headline(meta(shown, shown), body) == shown


def test_a_date_and_categories_printed_in_the_h1_are_left_out() -> None:
    body = (
        "<article><h1>Harbour board backs dredging plan<br><small>02.02.2022 &bull; "
        f"Port, Local</small></h1>{STORY}</article>"
    )
    head = meta("Harbour board backs dredging plan | Coast News")
    assert headline(head, body) == "Harbour board backs dredging plan"


def test_a_span_named_title_shows_the_headline_when_there_is_no_heading() -> None:
    body = (
        '<div id=article><span class="title">Harbour dredging plan</span>'
        f'<span class="subtitle">Deeper water?</span>{STORY}</div>'
    )
    head = meta("Coast News | Port: Harbour dredging plan", "Deeper water?: Harbour dredging plan")
    assert headline(head, body) == "Harbour dredging plan"


def test_a_part_named_subheadline_inside_the_heading_is_left_out() -> None:
    """Even when the metadata title repeats that part."""
    body = (
        '<article><h2 class="combo-headline"><span class="subheadline">Harbour board backs '
        'dredging plan</span> <span class="headline">"Deeper water"</span></h2>'
        f"{STORY}</article>"
    )
    head = meta("Harbour board backs dredging plan | COASTNEWS.COM")
    assert headline(head, body) == '"Deeper water"'


def test_a_kicker_and_its_colon_are_left_out_of_the_h1() -> None:
    body = (
        '<article><h1><span class="headline--topline">Port</span><span class="colon">:</span> '
        '<span class="headline--main">Harbour board backs dredging plan</span></h1>'
        f"{STORY}</article>"
    )
    head = meta("Harbour board backs dredging plan | Coast News")
    assert headline(head, body) == "Harbour board backs dredging plan"


def test_a_one_word_title_is_a_section_name_not_the_headline() -> None:
    body = (
        '<div class="search-box"><p>Enter a word, a page number or a topic to search all of the '
        "pages of this site, including the archive of articles from earlier years.</p></div>"
        '<h2>Coast News</h2><div class="news-headline">Dredging: what the harbour plan means '
        f"for you</div>{STORY}"
    )
    head = meta("Coast News | Harbour", site="Coast News")
    assert headline(head, body) == "Dredging: what the harbour plan means for you"


def test_a_one_word_title_shown_as_a_heading_is_the_headline() -> None:
    body = f"<div><h2>Dredging</h2><h2>Dredging: when and how?</h2>{STORY}</div>"
    assert headline(meta("Dredging"), body) == "Dredging"


def test_a_site_name_written_out_in_words_of_the_host_name_leaves_the_title() -> None:
    """'harbourtrust.org' is spelled by "The Harbour and Coast Trust of Wales"."""
    title = meta("Seals return to the bay in record numbers | The Harbour and Coast Trust of Wales")
    for host, expected in (
        ("harbourtrust.org", "Seals return to the bay in record numbers"),
        (
            "coastnews.example",
            "Seals return to the bay in record numbers - The Harbour and Coast Trust of Wales",
        ),
    ):
        head = f'{title}<link rel="canonical" href="https://www.{host}/news/seals">'
        assert headline(head, f"<div>{STORY}</div>") == expected


def test_a_kicker_span_before_the_headline_text_is_left_out() -> None:
    body = (
        '<article><h1><span class="topline"><span class="date">27.01.2022</span></span>'
        f"Harbour statistics for November</h1>{STORY}</article>"
    )
    head = meta("Port office - Harbour statistics for November")
    assert headline(head, body) == "Harbour statistics for November"


def test_an_h1_ending_in_the_title_drops_the_label_before_it() -> None:
    body = (
        "<article><h1><span>Press release of the harbour and coast department</span>: "
        f"Dredging of the main channel starts in spring</h1>{STORY}</article>"
    )
    head = meta("Dredging of the main channel starts in spring", "Press releases")
    assert headline(head, body) == "Dredging of the main channel starts in spring"


def test_an_h1_for_screen_readers_only_is_not_the_shown_headline() -> None:
    body = (
        '<a href="/"><h1 class="sr-only">Coast News International</h1></a>'
        '<h1 class="page-title hidden">Tides: Harbour board backs dredging | Video of 2 May</h1>'
        f"<article><header><h1>Dredging: the harbour plan</h1></header>{STORY}</article>"
    )
    head = meta("Harbour board backs dredging", "Harbour board backs dredging")
    assert headline(head, body) == "Dredging: the harbour plan"


def test_a_hidden_heading_above_the_story_is_passed_over_for_the_shown_one() -> None:
    body = (
        CRUMBS.format("Harbour board backs plan to deepen the channel")
        + '<main><h2 class="visually-hidden">Main content of this page</h2>'
        + f"<h2>The harbour will be deepened for bigger ships</h2>{STORY}</main>"
    )
    head = meta("Harbour board backs plan to deepen the channel - Coast News")
    assert headline(head, body) == "The harbour will be deepened for bigger ships"


def test_similar_to_answers_as_similar_does_for_every_kind_of_line() -> None:
    title = "Straße closed: the harbour_board's plan for 2025"
    lines = [
        title.upper(),  # the same title
        "the harbour_board's plan",  # a piece of it, too short
        "closed: the harbour_board's plan for 2025",  # a long piece
        "STRASSE CLOSED the harbour board plan",  # case-folded, different words
        "plan 2025 for the harbour_board's closed Straße, s",  # its words, reordered
        "Straße closed the harbour_board's plan for 2025 and more besides this year",
        "aße closed: the harbour_board's pl",  # a piece cut inside words
        "Dredging is to start next spring and last about two years",
        "",
        "— · —",
    ]
    is_title = headline_module.similar_to(title)
    answers = [headline_module.similar(line, title) for line in lines]
    assert [is_title(line) for line in lines] == answers
    assert answers.count(True) >= 4 and answers.count(False) >= 4
