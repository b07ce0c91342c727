"""Furniture inside an article's body (qa-embeds pass): picture captions and credits, embedded posts and
players, pages of a split article; and article lines that look like them."""

from __future__ import annotations

import pytest

from samestory import clean_text
from samestory.core.clean import clean_document
from samestory.core.patterns import load_rules

LEDE = (
    "Thousands of dockworkers walked off the job on Tuesday after talks with terminal operators over "
    "automated cranes broke down, leaving dozens of ships waiting at anchor.\n"
)
BODY = (
    LEDE + "The union said the strike would last at least 48 hours and could be extended if employers did not "
    "return to the table with a written guarantee on jobs.\n"
)
MORE = (
    "The port authority said it expected delays of several days for shipments bound for Germany and "
    "Switzerland, which rely on the port for much of their trade.\n"
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        # Captions marked by a label or by a photo agency's credit at their end, sentences or not.
        ("FILE PHOTO: Containers are stacked at a terminal, January 14, 2026. REUTERS/Jane Doe/File Photo", "caption"),
        ("Image caption, Striking workers gathered at the gate on Tuesday morning", "caption"),
        ("Image source, Getty Images", "caption"),
        ("Media caption: The moment the crane stopped", "caption"),
        ("Firefighters work to contain the blaze near the village on Wednesday. (AP Photo/John Smith)", "caption"),
        ("Riders board a streetcar in Toronto on Feb. 20, 2026. THE CANADIAN PRESS/Chris Young", "caption"),
        ("The minister arrives at the summit in Brussels. (Photo by Jane Doe/Getty Images)", "caption"),
        ("Protesters march through the city centre. Photograph: Jane Doe/AP", "caption"),
        # Credit lines and a gallery's controls.
        ("Photo: Reuters/Jane Doe", "caption"),
        ("Photo: PTI", "caption"),
        ("Picture credit - The Canadian Press", "caption"),
        ("Jane Doe/NPR", "caption"),
        ("John Smith/Getty Images", "caption"),
        ("Hide caption", "caption"),
        ("toggle caption", "caption"),
        ("1 of 12", "caption"),
        ("Photo 3/8", "caption"),
        ("Protesters march in Paris on March 10, 2026. AFP via Getty Images", "caption"),
        ("Getty Images", "caption"),
        ("Caption: Workers at the gate", "caption"),
        # An embedded post's frame and a video player's controls.
        ("Tap to unmute", "embed"),
        ("View this post on Instagram", "embed"),
        ("A post shared by NetChoice (@netchoice)", "embed"),
        ("Video duration 02:14", "embed"),
        ("Duration: 1:02:14", "embed"),
        ("Play video", "embed"),
        ("Now playing", "embed"),
        ("Now playing: Ships queue off the coast", "embed"),
        # Ad slots in other sites' words.
        ("Advertisement - Scroll to continue", "advert"),
        ("SKIP ADVERTISEMENT", "advert"),
        ("Story continues below this ad", "advert"),
        # Pages of a split article.
        ("Page 2 of 3", "navigation"),
        ("Next page", "navigation"),
        ("Continue to page 2", "navigation"),
        ("Continue on the next page »", "navigation"),
    ],
)
def test_body_furniture_lines(line: str, reason: str) -> None:
    m = load_rules().match(line, "body")
    assert m is not None and m.reason == reason, m


@pytest.mark.parametrize(
    "line",
    [
        "Photo evidence showed at least 40 vessels anchored off the terminals by mid-morning.",
        "Photographs of the damage, published by the agency, showed collapsed roofs in three villages.",
        "Related charges were filed last year against two terminal managers accused of ignoring safety rules.",
        "The advertisement campaign the employers ran last month was criticised by union leaders.",
        "Judge Brewer quoted a tweet from the law's sponsor, who had written that the bill would \"end anonymous "
        'accounts", as evidence that the law went too far.',
        "In a post on social media, the fire service said its crews were working through the night.",
        "A post shared by the minister on Sunday drew thousands of angry replies.",
        "Now playing at the Old Vic, the revival has sold out every night since it opened in January.",
        "The page of the report that deals with pensions, page 2 of the annex, was redacted.",
        "He said the video, which lasts 2:14, was filmed from a passing ship.",
        "Shareholders backed the plan by 12 of 15 votes, the company said.",
        "Play resumed after a rain delay of two hours.",
        "The photo: a burning car at the gate, shared by thousands, came to stand for the strike.",
        "Either/or",
        "Photo-finish decides the title race",
        "24/7",
        # A caption with no mark reads as a paragraph, and stays.
        "A teenager scrolls through a social media app on a phone in Austin, Texas, in January.",
        # A tweet's words and its signature are the quoted statement's, not the frame's.
        "Crews are working through the night. pic.twitter.com/Xk29LmQa7T",
        "\u2014 Bombers de la Generalitat (@bomberscat) March 11, 2026",
        "Support for the plan fell to 41 percent, according to a Reuters/Ipsos poll.",
        "The two agencies reported it first. AP/AFP",
        "Source: Reuters",
        "Credit: spreads widened by 5 basis points",
        "Getty Images said it would appeal the ruling.",
    ],
)
def test_body_furniture_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


def test_a_caption_between_its_gallery_controls_goes_with_them() -> None:
    # A public radio site's picture: "Enlarge this image", its caption (a full sentence), "hide caption",
    # "toggle caption" and the credit. The caption is marked only by the controls around it.
    caption = "A teenager scrolls through a social media app on a phone in Austin, Texas, in January.\n"
    controls = "Hide caption\ntoggle caption\nJenna Ortiz/NPR\n"
    text = BODY + "Enlarge this image\n" + caption + controls + MORE
    doc = clean_document(text)
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), MORE.strip()]
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("caption", "Enlarge this image\n" + caption + controls.strip())
    ]
    assert all(text[r.start : r.end] == r.text for r in doc.removed)


def test_an_enlarge_control_with_no_closing_control_keeps_the_paragraph_after_it() -> None:
    doc = clean_document(BODY + "Enlarge this image\n" + MORE)
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), MORE.strip()]
    assert [r.text for r in doc.removed] == ["Enlarge this image"]


def test_an_embedded_tweet_stays_as_the_words_the_article_quotes() -> None:
    # A tweet's text and its signature line are a statement the article quotes (as a block quote; extraction
    # keeps a tweet's block quote from HTML): only the player's controls after it go.
    tweet = (
        "Our crews are working through the night on the fire. Please follow official instructions. "
        "pic.twitter.com/Xk29LmQa7T\n\u2014 Fire Service (@fireservice) March 11, 2026\n"
    )
    quoted = 'The fire service said in a tweet that its crews were "working through the night," the mayor said.\n'
    player = "Now playing\nVideo duration 01:37\n"
    article = clean_text("Fire crews battle a blaze in the hills\n" + BODY + tweet + quoted + player + MORE)
    assert article.paragraphs == [*BODY.splitlines(), *tweet.splitlines(), quoted.strip(), MORE.strip()]
    assert [(r.reason, r.text) for r in article.removed] == [("embed", player.strip())]
    assert [q.text for q in article.quotes] == ["working through the night"]


def test_two_sites_copies_with_other_embeds_clean_to_the_same_text() -> None:
    one = (
        LEDE
        + "FILE PHOTO: Cranes at a terminal of the port, January 14, 2026. REUTERS/Jane Doe/File Photo\n"
        + BODY.split("\n", 1)[1]
        + "Photo: Reuters/John Smith\n"
        + MORE
        + "Page 2 of 2\n"
    )
    two = (
        LEDE
        + "Image caption, Striking dockworkers at the terminal gate on Tuesday\nImage source, Getty Images\n"
        + BODY.split("\n", 1)[1]
        + "Watch: Ships queue off the port\nVideo duration 02:14\nPlay video\n"
        + MORE
    )
    paragraphs = [[p.text for p in clean_document(t).paragraphs] for t in (one, two)]
    assert paragraphs[0] == paragraphs[1] == [*BODY.splitlines(), MORE.strip()]
