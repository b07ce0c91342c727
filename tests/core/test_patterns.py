import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samestory.config import CleanConfig
from samestory.core.patterns import InlineRule, load_rules


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sorry!!", "error_page"),
        ("Error! We're sorry, but the page you were looking for doesn't exist.", "error_page"),
        ("404 Not Found", "error_page"),
        ("Access denied", "error_page"),
        ("Page not found", "error_page"),
        ("We use cookies to improve your experience. By continuing to browse this site you agree.", "access_wall"),
        ("Subscribe now to continue reading", "access_wall"),
        ("Legal Disclaimer:", "disclaimer"),
        ("CommentsNo comment", "comment_widget"),
        ("0 Comments", "comment_widget"),
        ("Leave a comment", "comment_widget"),
        ("Share this article", "share_prompt"),
        ("Follow us on Twitter for the latest updates", "share_prompt"),
        ("Read more: Ukraine talks stall again", "read_more"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("Advertisement", "advert"),
    ],
)
def test_noise_lines(line: str, reason: str) -> None:
    m = load_rules().match(line, "tail")
    assert m is not None and m.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "The minister was unavailable for comment on Tuesday, her office said.",
        '"Something went wrong with the engine shortly after take-off," the pilot told investigators.',
        "Rutte said every initiative that could help bring the war to an end should be encouraged.",
        "Read the full report, which runs to 300 pages, before the vote, the senator urged colleagues.",
        "The EU's cookie consent rules, introduced in 2018, forced every website in the bloc to ask visitors "
        "before tracking them, and regulators say compliance remains patchy across member states.",
        "Comments from the minister drew criticism from opposition parties on Wednesday.",
    ],
)
def test_article_sentences_are_not_noise(line: str) -> None:
    assert load_rules().match(line, "body") is None


def test_a_quoted_word_after_more_is_no_link_label() -> None:
    """A list item of an app's release notes ("- More “Questions” for your opponent", a Scrapinghub page) is
    article text; "More »" and "Related » <headline>" (the guillemet reads as a straight quote) stay labels."""
    rules = load_rules()
    assert rules.match("- More “Questions” for your opponent", "body") is None
    assert rules.match('More "free" time is what workers want, the survey found.', "body") is None
    for label in ("More »", "Related » Five things to know about the vote", "Read more »"):
        assert getattr(rules.match(label, "body"), "reason", None) == "read_more", label


def test_navigation_only_at_edges() -> None:
    rules = load_rules()
    assert rules.match("Home | World | Business | Sport", "head") is not None
    assert rules.match("Home | World | Business | Sport", "body") is None


def test_inline_tracking_id() -> None:
    spans = load_rules().inline_spans("He said so. MENAFN3112201900670000ID109949436")
    assert [(s, e, r) for s, e, r in spans] == [(12, 45, "tracking_id")]  # two patterns, one merged span


def _consuming(pattern: str) -> str:
    """``pattern`` with a leading look-behind made a group that consumes its text, so that hypothesis can draw
    whole strings that the pattern finds a match in (a look-behind at the start of a full match never holds):
    "(?<=[.] )[a-z]+" becomes "(?:[.] )[a-z]+".
    """
    if not pattern.startswith("(?<="):
        return pattern
    at, in_class = 4, False
    while in_class or pattern[at] != ")":
        if pattern[at] == "\\":
            at += 1
        elif pattern[at] == "[":
            in_class = True
        elif pattern[at] == "]":
            in_class = False
        at += 1
    return f"(?:{pattern[4:at]}){pattern[at + 1 :]}"


_INLINE = [(rule, pattern) for rule in load_rules().inline for pattern in rule.regex.pattern.split("|(?:")]


@pytest.mark.parametrize(("rule", "pattern"), _INLINE, ids=[p for _r, p in _INLINE])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_inline_gate_admits_every_match(rule: InlineRule, pattern: str, data: st.DataObject) -> None:
    """A gate may only skip texts that hold no match: whatever a pattern matches, the gate matches too."""
    if rule.gate is None:
        return
    pattern = _consuming(pattern.removeprefix("(?:").removesuffix(")"))
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    for m in rule.regex.finditer(text):
        if rule.accepts(m[0]):
            assert rule.gate.search(text) is not None, text


def test_inline_gate_skips_plain_prose() -> None:
    rules = load_rules()
    prose = "The ministers met in Brussels on 12 February 2026 and agreed to spend 2% of GDP on defence."
    assert all(rule.gate is not None and rule.gate.search(prose) is None for rule in rules.inline)
    assert rules.inline_spans(prose + " MENAFN3112201900670000ID109949436") != []


def _unscreened():
    """The bundled rules with their RE2 set taken away: every pattern searched with ``re``."""
    from dataclasses import replace

    return replace(
        load_rules(), screen=None, slots=(), _cache={}, _unscreened_cache={}, _seen={}, screened=frozenset(), long=None
    )


_RULE_WORDS = ["share", "comment", "404", "page", "not", "found", "home", "|", "read", "more", "©", "cookies"]
#: Words of the rules whose patterns hold a look-around (screened without it): wire desk sign-offs, "Related".
_LOOKAROUND_WORDS = ["related", "relatedly", "relatedness", "relatedx", "ab/cd", "he/she", "ap/cd", "(end)", "xy/zw/ab"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.sampled_from([*_RULE_WORDS, *_LOOKAROUND_WORDS, "the", "é", "Ünï", "\v", "\x1c", "a\n", "said"]), max_size=12
    ),
    position=st.sampled_from(["head", "body", "tail"]),
)
def test_screen_changes_no_decision(words: list[str], position: str) -> None:
    """The RE2 set only skips searches that cannot match: same match, reason and evidence as without it."""
    line = " ".join(words)
    low = line.casefold()
    from dataclasses import replace

    rules, plain = load_rules(), _unscreened()
    assert rules.screen is not None
    edges_screened = replace(rules, screen_edges=not rules.screen_edges, _cache={}, _unscreened_cache={}, _seen={})
    for edge in (False, True):
        got = rules.match_lowered(low, position, edge_rules_only=edge)  # type: ignore[arg-type]
        assert got == plain.match_lowered(low, position, edge_rules_only=edge)  # type: ignore[arg-type]
        assert got == edges_screened.match_lowered(low, position, edge_rules_only=edge)  # type: ignore[arg-type]


def test_screen_leaves_out_patterns_re2_reads_differently() -> None:
    from samestory.core.patterns import Rule, _screen

    patterns = ["ab{,2}c", "[a[:digit:]]", "a(?=b)?c", "(?<=a)b", "plain"]
    rule = Rule("x", tuple(re.compile(p) for p in patterns), 40, False, 0)
    screen, slots = _screen((rule,))
    assert screen is not None and slots[0][:3] == (-1, -1, -1) and min(slots[0][3:]) >= 0


@pytest.mark.parametrize(
    ("pattern", "loose"),
    [
        (r"^related(?!ly\b|ness\b)[a-z]", r"^related[a-z]"),
        (r"^(\(end\) [a-z]{2}|(?!.*\b(ap|afp)\b)[a-z]{2}/[a-z]{2})$", r"^(\(end\) [a-z]{2}|[a-z]{2}/[a-z]{2})$"),
        (r"(?<=x)y(?<!z)", "y"),
        (r"(a(?!b))+", "(a)+"),
        (r"[(?!x)]\(?!y\)[]()]", r"[(?!x)]\(?!y\)[]()]"),  # in a class or escaped: no look-around
        (r"a(?=b)?c", None),  # quantified: the quantifier would bind to "a"
    ],
)
def test_lookarounds_are_left_out_of_the_screen(pattern: str, loose: str | None) -> None:
    """What is left matches wherever the pattern does (an assertion only narrows a match)."""
    from samestory.core.patterns import _without_lookarounds

    assert _without_lookarounds(pattern) == loose
    if loose is not None:
        for text in ["related", "relatedly", "(end) ab", "ab/cd", "ap/cd", "xy", "zy", "aab", "(?!y)"]:
            assert re.search(pattern, text) is None or re.search(loose, text) is not None


def test_every_bundled_line_rule_is_screened() -> None:
    """A rule with a pattern outside the RE2 set is searched on every line its size and position allow."""
    rules = load_rules()
    assert all(k >= 0 for rule in rules.slots for k in rule)


def test_remembered_decisions_are_the_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked again, a short line gets the decision it got the first time; the memo is bounded."""
    from dataclasses import replace

    from samestory.core import patterns

    monkeypatch.setattr(patterns, "SEEN_MAX_LINES", 4)
    rules = replace(load_rules(), _seen={})
    lines = ["share this", "404 - page not found", "home | news | sport", "the minister said so.", "read more"]
    first = [rules.match_lowered(low, "tail") for low in lines]
    assert [r.reason if r else None for r in first] == ["share_prompt", "error_page", "navigation", None, "read_more"]
    assert len(rules._seen) <= 4
    again = [rules.match_lowered(low, "tail") for low in lines * 2]
    assert again == first * 2
    assert rules.match_lowered("share this", "body", edge_rules_only=True) is None  # position is in the key
    long_line = "share this " + "word " * 40
    assert rules.match_lowered(long_line, "body") == replace(load_rules(), _seen={})._match(long_line, "body", False)


_PIECES = st.sampled_from(["ref:", "id=", "ID", "utm_", "MENAFN", "abcd", "-", "ef", "0123456789", "12", "x", "é", "٣"])


@st.composite
def _texts_near_ids(draw: st.DrawFn) -> str:
    """Texts of tracking-id pieces, whole ids and words, glued or apart (one or more white spaces)."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        rule_pattern = _consuming(draw(st.sampled_from(_INLINE))[1].removeprefix("(?:").removesuffix(")"))
        piece = draw(st.one_of(_PIECES, st.from_regex(rule_pattern, fullmatch=True)))
        parts.append(piece + draw(st.sampled_from(["", "", " ", "\n", "  ", ",", ". ", "\u00a0"])))
    return "".join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts_near_ids())
@example(text="see ref: abcd-ef-01 and beef-ab-id: 1234-56-78\nref:\nabcdef-12-34")
@example(text="languageMENAFN2505201888007734ID541281967 asset a1b2c3d4e5f6a7b8c9 utm_source=x&y 2014-08-19")
def test_searching_near_the_gate_finds_what_the_whole_scan_finds(text: str) -> None:
    from dataclasses import replace

    for rule in load_rules().inline:
        assert rule.near_gate
        whole = replace(rule, near_gate=False)
        assert rule.find(text) == whole.find(text), text


# Families of real-world wording, in phrasings other than the ones the rules were first written from.
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Uh-oh, we couldn't find the article you wanted.", "error_page"),
        ("Whoops! An error has occurred.", "error_page"),
        ("There was a problem loading this page", "error_page"),
        ("Please try again later.", "error_page"),
        ("This video is currently unavailable", "error_page"),
        ("The story may have been moved or deleted.", "error_page"),
        ("We'll be back shortly", "error_page"),
        ("Pardon our interruption: please complete the security check to continue", "error_page"),
        ("We have detected unusual traffic from your network.", "error_page"),
        ("Press & Hold to confirm you are a human", "error_page"),
        ("The link you followed may be broken.", "error_page"),
        ("Please enable cookies in your browser.", "error_page"),
        ("Start your 14-day free trial", "access_wall"),
        ("Get unlimited digital access for only £2 a month", "access_wall"),
        ("Sign in or create an account to keep reading", "access_wall"),
        ("Reject all", "access_wall"),
        ("We value your privacy", "access_wall"),
        ("We and our partners store and/or access information on a device, such as cookies", "access_wall"),
        ("This programme is unavailable in your region", "access_wall"),
        ("EDITOR'S DISCLAIMER", "disclaimer"),
        ("The Daily Example is not responsible for the content of third-party websites.", "disclaimer"),
        ("No representation or warranty of any kind is made about this release.", "disclaimer"),
        ("Queries about this release should be directed to the issuing company.", "disclaimer"),
        ("This newsletter is not intended as investment advice; invest at your own risk.", "disclaimer"),
        ("14 comments so far", "comment_widget"),
        ("Reactions (31)", "comment_widget"),
        ("Sign in to comment", "comment_widget"),
        ("Post your comment", "comment_widget"),
        ("Be respectful: start the conversation", "comment_widget"),
        ("No replies yet", "comment_widget"),
        ("Follow The Example Times on TikTok", "share_prompt"),
        ("Download the Example News app for iPhone and Android", "share_prompt"),
        ("Copy URL", "share_prompt"),
        ("Email this article to a friend", "share_prompt"),
        ("Receive our morning briefing in your inbox", "share_prompt"),
        ("Turn on notifications", "share_prompt"),
        ("Gift this article", "share_prompt"),
        ("Up next: Storm closes schools across the county", "read_more"),
        ("[More] Council votes to close the library", "read_more"),
        ("Further reading | Rates held at 4%", "read_more"),
        ("Continue to the full story", "read_more"),
        ("Article continues after advertisement!", "advert"),
        ("Site content © Example Media Group 2023", "copyright"),
        ("2021 © Example Press. Some rights reserved.", "copyright"),
        ("Copyright 2019 Example Holdings", "copyright"),
        ("A note to our readers:", "disclaimer"),
        ("The views in this column are the writer's own.", "disclaimer"),
        ("Example Media might earn a small commission from purchases made through these links.", "disclaimer"),
        ("Nothing here should be relied upon as investment advice.", "disclaimer"),
        ("Replies are now closed on this post", "comment_widget"),
        ("Most liked comments", "comment_widget"),
        ("37 readers are discussing this", "comment_widget"),
        ("Report abuse", "comment_widget"),
        ("Sign up free to keep reading", "access_wall"),
        ("This video is not currently available in your country.", "access_wall"),
        ("Your session timed out.", "access_wall"),
        ("Access to this resource is forbidden by the administrator.", "error_page"),
        ("Sorry, we can't locate the story you wanted.", "error_page"),
        ("Liked it? Pass it on!", "share_prompt"),
        # Said as the kind of thing each is (session 31), in other words than the pool they came from.
        ("https://ow.ly/Ab3dE9", "tracking_id"),
        ("utm_term=abc&cmpid=9981&src=rss", "tracking_id"),
        ("BC-AS--Japan-Quake,4th Ld-Writethru", "tracking_id"),
        ("2nd Ld-Writethru", "tracking_id"),
        ("story_id: 88af-19c2", "tracking_id"),
        ("www.example.org took too long to respond.", "error_page"),
        ("ERR_NAME_NOT_RESOLVED", "error_page"),
        ("Unable to connect", "error_page"),
        ("Error loading media: file could not be played", "error_page"),
        ("The embed doesn't seem to be working right now.", "error_page"),
        ("Due to copyright restrictions, the clip cannot be shown outside the UK.", "error_page"),
        ("This liveblog has now closed.", "error_page"),
        ("Register now to unlock 2 more articles this month", "access_wall"),
        ("Example Daily and our 14 partners would like your consent to set cookies.", "access_wall"),
        ("Deny Accept all Manage preferences", "access_wall"),
        ("Privacy preferences", "access_wall"),
        (
            "This release contains inside information within the meaning of Article 7 of the Market Abuse Regulation.",
            "disclaimer",
        ),
        ("Regulatory announcement", "disclaimer"),
        ("This website is regulated by IPSO.", "disclaimer"),
        ("Images in this story are licensed from Reuters for one-time use only.", "disclaimer"),
        ("Authorised by J. Smith, 1 High Street, Leeds, on behalf of the Green Party.", "disclaimer"),
        (
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes schools"}',
            "tracking_id",
        ),
        ("News \u2192 World \u2192 Asia", "navigation"),  # a breadcrumb with arrows, at the page's edge
        # Session 32, in other words than the fresh9 pool's.
        ("RNS Number : 4417K", "tracking_id"),
        ("abcd.app.link/Xy12Zq", "tracking_id"),
        ("?ref_src=twsrc", "tracking_id"),
        ("news.example.com redirected you too many times", "error_page"),
        ("If you think you've been blocked in error, email the site's webmaster.", "error_page"),
        ("We detected an ad blocker on your browser.", "error_page"),
        ("Your session has expired because your account is being used on another device.", "access_wall"),
        ("You must be 18 or older to view this video.", "access_wall"),
        ("Content warning:", "disclaimer"),
        ("Reporting restrictions", "disclaimer"),
        ("This article is subject to a court order restricting what may be reported.", "disclaimer"),
        ("Shareholders are advised to exercise caution when dealing in the group's shares.", "disclaimer"),
        (
            "This report was produced with support from the Example Fund; the paper retains full editorial control.",
            "disclaimer",
        ),
        ("Example Media may receive a referral fee from sportsbooks on this page.", "disclaimer"),
        ("This is a translation of an article first published in Kazakh.", "disclaimer"),
        ("Également sur Example : la pluie revient", "read_more"),
        ("Most read this month", "read_more"),
        ("Follow our live coverage of the election here", "read_more"),
        ("Saving 'news.example.org/2024/01/storm-closes-schools-1234'", "crawler_header"),
        ("Cached by Google on March 3, 2024. The page may have changed.", "crawler_header"),
        ("Account has been suspended", "error_page"),
        ("Page 2 of 9 \u00ab First \u2039 Previous", "navigation"),
    ],
)
def test_noise_families(line: str, reason: str) -> None:
    m = load_rules().match(line, "tail")
    assert m is not None and m.reason == reason, (line, m)


@pytest.mark.parametrize(
    "line",
    [
        "No comment was immediately available from the ministry.",
        "No comment on the strikes",  # a headline
        "The spokesman declined to comment on this story's claims.",
        "$15/month would make the service nearly twice the cost of its rival",
        "What do you think?",
        "Leave your thoughts in the comments section below.",
        "Latest",  # a section heading inside an article
        "From the archive",
        "Read the full report here.",
        "Users can download the new banking app from Tuesday, the bank said.",
        "Police could not find the weapon, a spokesman said.",
        "He was photographed by a friend in 2012 (© Reuters) at the border.",
        "Please note that the museum will be closed on Mondays in winter.",
        "Comments made by the senator on Tuesday were criticised by the party.",
        "Police said access to the building was blocked by the protesters for hours.",
        "The views of residents were split, the council's survey found.",
        "The ambulance took too long to respond, the family said.",
        "The newspaper is regulated by IPSO, which upheld two complaints against it last year.",
        "Promoted by the party in 2019, she became its youngest minister.",
        "The video is only a few seconds long but has been viewed a million times.",
        "The case is subject to a court order restricting publication of the victim's name, the judge said.",
        "The owner said the board retains full editorial control of the paper.",
        "An error has occurred in the count of postal votes, the commission said.",
        "Shareholders were told to expect a smaller dividend.",
        "Most read this month were stories about the floods.",
        "Saving lives is the priority, the minister said.",
        "Page 3 of the report shows the figures for the first quarter.",
    ],
)
def test_family_lookalikes_are_article_text(line: str) -> None:
    assert load_rules().match(line, "tail") is None, line


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("Home  World  Business  Sport", ["home", "world", "business", "sport"]),
        ("Latest news · Politics · Climate · Podcasts", ["latest news", "politics", "climate", "podcasts"]),
        ("MENU ☰ Local Crime Obituaries", ["menu", "local", "crime", "obituaries"]),
        ("Most read / Opinion / Gardening / Puzzles", ["most read", "opinion", "gardening", "puzzles"]),
        ("Topics Housing Weather Opinion", ["topics", "weather", "opinion"]),  # one unknown item
    ],
)
def test_menu_lines(line: str, items: list[str]) -> None:
    assert load_rules().menu.items(line) == items


@pytest.mark.parametrize(
    "line",
    [
        "Apple Unveils New MacBook Pro With Retina Display",  # a headline in title case
        "World Cup Final Tickets Sell Out",
        "Health Sport Travel Weather.",  # ends like a sentence
        "Business news and weather for the region",  # not capitalised items
        "Politics Business",  # too few items
        "Senate Passes Health Care Bill",
    ],
)
def test_menu_lookalikes(line: str) -> None:
    assert load_rules().menu.items(line) is None


def test_menu_lines_go_only_at_the_edges() -> None:
    from samestory.core.clean import clean_document

    body = [
        f"Paragraph {i} of the report on the library, which the council voted to close on Tuesday." for i in range(16)
    ]
    body.insert(8, "News Sport Weather Opinion")  # mid-document: not an edge, so the menu rule keeps it
    # The menu rule alone: the learned line model may still call such a line furniture anywhere (it does,
    # since it trained on fresh5's section lines), which is its own mechanism with its own evidence.
    config = CleanConfig(line_model=False)
    doc = clean_document("\n".join(["Home  News  Sport  Weather", "Library to close", *body]), config)
    assert [(r.reason, r.text) for r in doc.removed] == [("navigation", "Home  News  Sport  Weather")]
    assert doc.removed[0].evidence == "menu words home, news, sport, weather at the head"


def test_a_widget_row_is_claimed_by_the_rule_of_one_item() -> None:
    from samestory.core.clean import clean_document

    body = "The council voted on Tuesday to close the central library, citing the cost of repairs to its roof."
    rows = "Replies (4) | Write yours\nExample Media © 2023 · Imprint · Cookies"
    doc = clean_document(f"Library to close\n{body}\n{rows}")
    assert [r.reason for r in doc.removed] == ["comment_widget", "copyright"]
    assert "in the item 'replies (4)' of a row" in doc.removed[0].evidence
    # A line with a long part is a sentence cut at a dash, not a row of items.
    kept = "LONDON (Reuters) - Comments (3) from the minister drew criticism from all sides on Wednesday"
    assert not clean_document(f"Library to close\n{body}\n{kept}").removed


def test_long_lines_are_screened_with_the_rules_that_apply_to_them() -> None:
    """A paragraph is screened with the long-line set; its decision is the one every pattern searched gives."""
    rules, plain = load_rules(), _unscreened()
    assert rules.long is not None
    filler = "the council met again on tuesday and residents asked about the bridge " * 4
    for tail in ("", " the views expressed here are the author's own and not those of the paper.", " share this"):
        low = (filler + tail).strip()
        assert rules.match_lowered(low, "body") == plain.match_lowered(low, "body")


class _CountedReads(str):
    """A string that counts the characters read from it by index."""

    reads = 0

    def __getitem__(self, key: int | slice) -> str:  # type: ignore[override]
        _CountedReads.reads += 1
        return super().__getitem__(key)


def test_windows_read_a_long_token_once_not_once_per_gate_match() -> None:
    # A 6,000-digit token (a crawl's glued number run) holds 600 gate matches; each walked back to the
    # token's start and on to its end, so the windows read the token about 600 times (a 25 KB line of
    # digits took 25 s to clean, a 1 MB one hours).
    from samestory.core.patterns import _windows

    plain = "id " + "0123456789" * 600 + " end"
    rule = next(r for r in load_rules().inline if r.gate is not None)
    text = _CountedReads(plain)
    _CountedReads.reads = 0
    assert list(_windows(text, rule.gate.finditer(plain))) == [(0, len(plain) - 4)]
    assert _CountedReads.reads < 3 * len(plain)
