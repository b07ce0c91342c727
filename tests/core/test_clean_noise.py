"""The noise mechanisms of the cleaner, each on small real-looking fixtures (wordings written for these
tests, not taken from the benchmark pools), with article lines that look alike and must stay."""

from __future__ import annotations

import pytest

from samestory import clean_text
from samestory.config import CleanConfig
from samestory.core.clean import ERROR_REASONS, clean_document
from samestory.core.patterns import load_rules, switches

BODY = (
    "The council voted on Tuesday to close the old bridge to lorries while engineers inspect it.\n"
    "Residents said the detour would add twenty minutes to the school run.\n"
)
MORE = "Work is due to finish in the spring, the council said in a statement on its website.\n"


def _removed(text: str, config: CleanConfig | None = None) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in clean_document(text, config).removed]


# -- tracking and reference ids ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("The mayor declined to comment.20240311005123/en", "20240311005123/en"),  # a wire release id, glued
        ("The mayor declined to comment. 20240311005123/en", "20240311005123/en"),
        ("The mayor declined to comment. [nB4T7QX2Z9]", "[nB4T7QX2Z9]"),  # a wire story code in brackets
        ("The mayor declined to comment.KTX20250311004417", "KTX20250311004417"),  # upper prefix, long number
        ("Reporting by Ann Lee and Tom ParkWRE20250311004417", "WRE20250311004417"),  # glued to a name
        ("The mayor declined to comment.QRT_2291837465", "QRT_2291837465"),  # prefix and number, joined by "_"
        ("The mayor declined to comment.[4410-KQZ-992031]", "[4410-KQZ-992031]"),  # a bracketed feed code
        ("The mayor declined to comment. [pq8830-AB-11273]", "[pq8830-AB-11273]"),
        # Any machine token right after the last sentence's closing mark, in shapes no pattern spells out.
        ("The mayor declined to comment.ID:88213045X", "ID:88213045X"),
        ("“We will rebuild,” the mayor said.” wk-2291#8830417", "wk-2291#8830417"),
        # A one-word key and its code after the last sentence, glued or apart.
        ("The mayor declined to comment. ID: 88213045", "ID: 88213045"),
        ("The mayor declined to comment.docid=AFP_20191205_1234", "docid=AFP_20191205_1234"),
        ("The mayor declined to comment.ref:48210-QTV", "ref:48210-QTV"),  # five digits and letters
        # Desk initials after a dash, and a hash in brackets, after the last sentence.
        ("The mayor declined to comment.— kd/mwr", "— kd/mwr"),
        ("The mayor declined to comment. -- bur-kd/mwr", "-- bur-kd/mwr"),
        ("The mayor declined to comment.(#4b7e19)", "(#4b7e19)"),
        ("The mayor declined to comment. [#902113]", "[#902113]"),
        # A path or a query string with an id, alone after the last sentence.
        ("The mayor declined to comment. node/1234567", "node/1234567"),
        ("The mayor declined to comment. pid=4412&aid=99812", "pid=4412&aid=99812"),
    ],
)
def test_ids_at_a_line_end_are_trimmed(line: str, noise: str) -> None:
    removed = _removed(BODY + line + "\n")
    assert removed == [("tracking_id", noise)]


@pytest.mark.parametrize(
    "line",
    [
        "Story code QRT-5521-08",
        "Press release ID 8812034",
        "Reference ID: #9f1c2e7a-03bd-4c11-a2e9",
        "Ref: KLM/2023/41177",
        # A line that is one machine token, in shapes no pattern spells out.
        "xinhua_1205_2019_087",
        "RSS-2019-12-05-884",
        "vid_98234712",
        "nid:1234567",
    ],
)
def test_reference_lines(line: str) -> None:
    assert _removed(BODY + line) == [("tracking_id", line)]


@pytest.mark.parametrize(
    "line",
    [
        "The flight, MH370, vanished in 2014 and the COVID-19 inquiry began in 2022.",
        "Read more at [9to5Mac]",  # a site's name that mixes digits and letters
        "Conference ID: 24256919",  # a press release telling readers how to dial in
        "Flight number 3712 landed safely",
        "Sales rose 3.14159265358979 percent",
        "Details at https://paper.example/news/20240311005123/en",  # a path, not an id
        "Posted by H5N1watcher",
        "Posted by Lee_Smith2019",  # a handle: a name glued to a number
        "The ruling is in case [2019-HC-14]",  # a short bracketed case number
        "Call 0800-1234567890 for tickets",
        "The full report is at paper.example/news/20240311",  # a link's path after a dot
        "The index closed at 3.1234567",
        "Airbus delivered the first A350-1000.",
        "The stadium was full. Attendance: 45000 fans saw the final.",  # a key and a figure mid-line
        "Reporting by Ann Lee and Tom Park 2024-03-11",  # a date: no letter
        "Ferry route 12345A was cancelled on Monday",  # a code inside a sentence
        "Budget 2024/25: 1,250,000 for roads",  # figures: no letter in the token
        "Send letters to the editor. Zip: 90210",  # a key and a short figure
        "Both were fined, the court said. - and/or jailed",  # words after a dash
        "The campaign grew online. (#MeToo)",  # a hashtag
        "She finished the season ranked first. (#1)",  # a ranking
        "The mayor spoke twice. He said so on Monday—again/later",  # words, no dash before the initials
    ],
)
def test_id_lookalikes_stay(line: str) -> None:
    # The id rules, alone: the line model reads some of these lines as furniture ("Read more at [9to5Mac]" is
    # a link; "Conference ID: 24256919" looks like a label and an id), see tests/core/test_linemodel.py.
    assert _removed(BODY + line + "\n" + MORE, CleanConfig(line_model=False)) == []


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        # Shapes written for ids on lines of their own, glued after a paragraph's last sentence.
        ("The mayor declined to comment on the plan.Enditem/kd", "Enditem/kd"),  # a wire's end mark
        ("The mayor declined to comment on the plan. (END) KDW/KDW", "(END) KDW/KDW"),
        ("The mayor declined to comment on the plan.KTA/5520931", "KTA/5520931"),  # an agency's item number
        ('"We will rebuild," the mayor said on Monday." [cms:558210]', "[cms:558210]"),
        ("The mayor declined to comment on the plan.<!--a91f03c2-->", "<!--a91f03c2-->"),
    ],
)
def test_line_ids_glued_after_the_last_sentence_are_trimmed(line: str, noise: str) -> None:
    doc = clean_document(BODY + line + "\n" + MORE)
    assert [(r.reason, r.text) for r in doc.removed] == [("tracking_id", noise)]
    removal = doc.removed[0]
    assert (BODY + line)[removal.start : removal.end] == noise  # offsets into the original text
    assert "glued after the paragraph's last sentence" in removal.evidence
    assert any(p.text == line[: -len(noise)].rstrip() for p in doc.paragraphs)


@pytest.mark.parametrize(
    "line",
    [
        "The show airs on Sunday at 9 p.m. ET/PT",  # an abbreviation's full stop, then time zones
        "The show airs on Sunday at 9 p.m. ET/PT.",  # the tail is a sentence of its own
        "The two agencies reported it first. AP/AFP",  # a joint credit
        "The figures cover the council's budget for 2012/13",  # no closing mark before the tail
        "He said so. Then it was over.",  # words after the full stop
    ],
)
def test_glued_id_lookalikes_stay(line: str) -> None:
    assert _removed(BODY + line + "\n" + MORE, CleanConfig(line_model=False)) == []


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        # Shapes no rule lists, that the line model reads as ids on lines of their own.
        ("The mayor declined to comment on the plan.?r=ux3wus", "?r=ux3wus"),  # a web address's query
        ("The mayor declined to comment on the plan. #gvm900313", "#gvm900313"),
        ("The mayor declined to comment on the plan\u2026<!--83f022d1-->", "<!--83f022d1-->"),  # after an ellipsis
    ],
)
def test_ids_the_line_model_knows_glued_after_the_last_sentence_are_trimmed(line: str, noise: str) -> None:
    doc = clean_document(BODY + line + "\n" + MORE)
    assert [(r.reason, r.text) for r in doc.removed] == [("tracking_id", noise)]
    removal = doc.removed[0]
    assert (BODY + line)[removal.start : removal.end] == noise


@pytest.mark.parametrize(
    "line",
    [
        "Watch the moment the bridge opened. pic.twitter.com/cTmlb1LvgG",  # an embedded post's link
        "The mayor posted the plan online for residents to read before the vote. https://t.co/MQ6f2cgyHG",
        "The report is on the ministry's site. (bit.ly/1BU9mCU)",  # an article citing its source
        "And is this the same boy from the photos? (Warning: gory)",  # an aside: no digit
        "The quarter will end on Jan. 31, 2008.",
        "The mayor declined to comment on the plan. #MH370",  # a hashtag
    ],
)
def test_glued_tails_of_text_stay_with_the_line_model(line: str) -> None:
    assert _removed(BODY + line + "\n" + MORE) == []


TEASERS = "Flood barriers to be tested in March\nCouncil tax to rise by 3 percent next year\n"


def test_a_teaser_list_under_its_heading_goes_with_it() -> None:
    # The rules name the heading; the headlines under it are any news, told by their shape.
    doc = clean_document(BODY + "Related\n" + TEASERS + "New cycle lane opens on the ring road\n")
    assert [p.text for p in doc.paragraphs] == BODY.splitlines()
    assert {r.reason for r in doc.removed} == {"read_more"}
    text = BODY + "Related\n" + TEASERS
    kept = clean_document(BODY + "Related\n" + TEASERS + MORE)  # the list ends where a paragraph starts
    assert [p.text for p in kept.paragraphs] == [*BODY.splitlines(), MORE.strip()]
    merged = kept.removed[0]
    assert text[merged.start : merged.end] == "Related\n" + TEASERS.strip()
    assert "teaser under the heading 'Related'" in merged.evidence


@pytest.mark.parametrize("mark", ["- ", "\u2013 ", "\u2014 "])
def test_a_teaser_list_bulleted_with_dashes_goes_with_its_heading(mark: str) -> None:
    # "Related:" and headlines each after a dash: a dash opening a line was read as a signature's or a credit's
    # ("- Tom Park, Leeds", "\u2014 AFP"), and the other stories' headlines stayed in the article's text.
    bulleted = "".join(mark + line + "\n" for line in TEASERS.splitlines())
    doc = clean_document(BODY + "Related:\n" + bulleted + MORE)
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), MORE.strip()]
    assert [r.reason for r in doc.removed] == ["read_more"]
    assert "teaser under the heading 'Related:'" in doc.removed[0].evidence
    # A dashed line alone, after a list without dashes, is still a signature.
    signed = clean_document(BODY + "More stories\n" + TEASERS + "\u2014 Tom Park, Leeds\n" + MORE)
    assert "\u2014 Tom Park, Leeds" in [p.text for p in signed.paragraphs]


@pytest.mark.parametrize(
    "text",
    [
        # One short line after a heading is not a list: a caption, a tweet, a subheading.
        BODY + "More stories\nFlood barriers to be tested in March\n" + MORE,
        # Before the article's first paragraph, headline-shaped lines are its title and standfirst.
        "More stories\nCouncil closes old bridge to lorries\nEngineers will inspect the span\n" + BODY + MORE,
        # Sentences closed by their mark, credits and signatures are not teasers.
        BODY + "More stories\nThe works start in May.\n(Editing by Ann Lee)\n- Tom Park, Leeds\n" + MORE,
    ],
)
def test_lines_after_a_teaser_heading_that_are_not_a_list_stay(text: str) -> None:
    doc = clean_document(text)
    assert [r.text for r in doc.removed] == ["More stories"]


def test_switches_count_changes_between_letters_and_digits() -> None:
    assert [switches(t) for t in ("nB4T7QX2Z9", "9to5Mac", "COVID-19", "abc", "")] == [7, 3, 1, 0, 0]
    assert load_rules().inline_spans("a hash a1b2c3d4e5f6a7b8c9") != []


# -- links, widgets and notices by their shape and their word classes ---------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Storm closes coastal road for a week (opens in a new window)", "read_more"),  # a link's annotation
        ("Council budget papers (external link)", "read_more"),
        ("Continue to the full report >>", "read_more"),  # a label ending in chevrons or an arrow
        ("Next article \u2192", "read_more"),
        ("LISTEN: The week in local politics", "read_more"),  # a media label before a headline
        ("More Harbour Town stories", "read_more"),  # a section's own "more" link
        ("Most viewed at The Valley Courier", "read_more"),
        ("ALSO LISTEN: The week in council politics", "read_more"),
        ("Earlier: Council delays bridge vote", "read_more"),
        ("Click here for more Harbour Town stories", "read_more"),
        ("Latest from Business", "read_more"),
        ("More photos", "read_more"),
        ("Articles you might also enjoy", "read_more"),
        ("Previous story", "read_more"),
        ("Also on The Valley Courier: Ferry fares to rise", "read_more"),
        ("Publisher's note", "disclaimer"),
        ("The fine print", "disclaimer"),
        ("This guide is for educational purposes only.", "disclaimer"),
        ("It is not a substitute for professional medical advice.", "disclaimer"),
        ("The views in this column are the writer's alone.", "disclaimer"),
        ("This report was carried from a news agency feed without edits.", "disclaimer"),
        ("14 Responses to \u201cBridge to close for repairs\u201d", "comment_widget"),  # a comment-count heading
        ("Sort comments by: Newest", "comment_widget"),
        ("Skip to main content", "navigation"),
        ("Hide menu", "navigation"),
        ("Filed under: Local, Transport", "navigation"),
        ("Safe harbour statement", "disclaimer"),
        ("The writer holds no shares in the companies named above.", "disclaimer"),
        ("This release was auto-generated from a feed and has not been edited.", "disclaimer"),
        ("Enter your e-mail to follow this blog", "share_prompt"),
        ("Tumblr | Pocket | Mastodon", "share_prompt"),
        ("RELATED STORY: Ferry fares to rise in spring", "read_more"),  # one story, not only "stories"
        ("\U0001f525 Trending: Ferry fares to rise in spring", "read_more"),  # a pictograph as a list marker
        ("Sponsored Links by Taboola", "read_more"),  # a widget vendor's line, the links named
        ("Full Coverage", "read_more"),
        ("Premium content.", "access_wall"),  # a badge alone on a line
        ("Press and hold the button to verify you're a person, not a bot.", "error_page"),  # a bot check
        ("Our website is currently undergoing scheduled maintenance. We should be back shortly.", "error_page"),
        ("We care about your privacy:", "access_wall"),  # a cookie banner's heading and button
        ("Confirm My Choices", "access_wall"),
    ],
)
def test_link_widget_and_notice_families(line: str, reason: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "\u201cWe are not going anywhere,\u201d she said \u00bb",  # a quotation, whatever closes it
        'He paused. "I wanted to see the rest of this town first. "',  # a scraped, spaced closing quote
        "Watch the highlights on the club's own channel, the coach said.",
        "More than 40 stories were filed by the paper's two reporters.",
        "Posted in Kabul in 2009, he wrote home every week.",
        "The fund has no position in the stocks, a spokesman said, and will not comment further.",
        "Let us know if the road reopens, residents told the council.",
        "Earlier, the council said the bridge was safe.",
        "Also on Tuesday, the minister met union leaders.",
        "Latest figures from the ministry show a rise in exports.",
        "Vitamins are not a substitute for a balanced diet, doctors said.",
        "The land was set aside for military purposes only.",
        "Related stories of fraud emerged in other towns this year.",  # a label's word opening a sentence
        "Premium content costs readers more than it did last year.",
        "The paper's full coverage of the trial ran to forty pages.",
        "The website is currently undergoing maintenance, officials said.",
        "We should be back shortly after the election, the coach told reporters.",
    ],
)
def test_family_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


# -- a page's own messages, by word class -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Oops, something went wrong on our side. Please reload the page and try again.",
        "Hmm, we could not locate that page. Perhaps try a search from the home page?",
        "You are being redirected automatically. If your browser does not redirect, follow this link.",
        "Please disable your ad blocker or add our site to your allowlist to keep reading.",
        "We are down for scheduled maintenance; please try again in a few minutes.",
    ],
)
def test_error_messages_by_word_class(line: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason in ERROR_REASONS


@pytest.mark.parametrize(
    "line",
    [
        # Reported speech, quotations and news sentences about sites, however many web words they hold.
        "We tried to search the site but the page would not load, he said.",
        '"Please refresh the page and try again," the error message told users.',
        "The website was down for hours; users could not refresh the page or search.",
        "Engineers moved the database to a new server after the error, according to the company.",
        "Our reporters found the link between the two sites after a long search.",
    ],
)
def test_sentences_about_sites_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


def test_word_class_evidence_names_the_words() -> None:
    match = load_rules().match("Please refresh the page or try again later.", "body")
    assert match is not None and "page" in match.pattern and "please" in match.pattern
    removed = clean_document(BODY + "Please refresh the page or try again later.\n").removed
    assert [(r.reason, r.evidence.startswith("pattern 'error_page words")) for r in removed] == [("error_page", True)]


@pytest.mark.parametrize(
    "line", ["Apache/2.4.58 (Debian)", "Just a sec...", "Error establishing a connection", "That page can't be found"]
)
def test_server_and_cms_failures(line: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == "error_page"


# -- software defaults, form fields, notice families, link teasers and wire codes ---------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Varnish cache server", "error_page"),  # a cache server's error page
        ("Guru Meditation", "error_page"),
        # IIS's default 404 page, in one line or its second sentence alone
        ("404 - File or directory not found. The resource you are looking for might have been removed.", "error_page"),
        ("The resource you are looking for has been removed, had its name changed, or is unavailable.", "error_page"),
        ("Nothing found.", "error_page"),  # a CMS's empty search page
        ("There has been a critical error on your website.", "error_page"),
        ("It looks like we can't find what you are looking for.", "error_page"),
        ("Sorry, the slideshow failed to load.", "error_page"),
        ("One more step before you proceed", "error_page"),  # a bot check's interstitial
        ("We hope to restore access for users in the European Union shortly.", "error_page"),  # a GDPR block
        ("We value your privacy", "access_wall"),  # a consent dialog's title
        ("We and our 140 vendors use and store information on your device to show ads.", "access_wall"),
        ("Email address (never shared)", "comment_widget"),  # a comment form's fields and button
        ("Website *", "comment_widget"),
        ("Post your reply", "comment_widget"),
        ("Your email address will never be displayed.", "comment_widget"),
        ("Comment with your Disqus account", "comment_widget"),
        ("Parts of this report were machine-translated by software and checked by our desk.", "disclaimer"),
        ("In case of discrepancies, the English-language version prevails.", "disclaimer"),
        ("All images remain the property of their respective photographers.", "disclaimer"),
        ("Nothing in this column should be taken as investment advice.", "disclaimer"),
        ("This page does not replace an appointment with your physician.", "disclaimer"),
        ("The writer may hold a stake in the companies covered.", "disclaimer"),
        ("Spread betting is complex. Capital at risk.", "disclaimer"),
        ("Views expressed in guest columns are the author's own.", "disclaimer"),
        ("Sponsored content paid for by a partner. The newsroom editorial team played no part in it.", "disclaimer"),
        ("If you shop via our links we may receive a small fee.", "disclaimer"),
        ("This summary was produced with the assistance of generative AI.", "disclaimer"),
        ("Ethics policy", "disclaimer"),  # notice headings
        ("A note on sources:", "disclaimer"),
        ("Risk warning", "disclaimer"),
        ("Press enquiries:", "disclaimer"),
        ("Transport | Ferry fares to rise in spring | 4 March 2024", "read_more"),  # a teaser of another story
        ("Weather \u25b8 Storm warning for the coast", "read_more"),  # a section and an arrow before a headline
        ("See all 12 stories in Transport", "read_more"),
        ("Read the full story at harbourtown.example/bridge", "read_more"),
        ("Curated for you:", "read_more"),
        ("Promoted links", "read_more"),
        ("Earlier on Harbour Radio \u2014 Bridge to close for repairs", "read_more"),
        ("Follow us: @harbourtown", "share_prompt"),
        ("Save for later", "share_prompt"),
        ("Return to the Transport front page", "navigation"),
        ("Region: Europe \u25be", "navigation"),
        ("km/jh", "tracking_id"),  # a wire desk's initials
        ("<!-- story-88213 -->", "tracking_id"),  # an HTML comment the scraper kept
        ("(ENDS) KTX2290", "tracking_id"),
        ("Release #2291837", "tracking_id"),
    ],
)
def test_software_form_notice_teaser_and_wire_families(line: str, reason: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "Nothing found in the search of the house surprised the detectives, police said.",
        "We care about your privacy, the company said in a statement after the breach.",
        "The council said the gallery could not be loaded onto the truck because of its weight.",
        "One more step was needed before the law could take effect, she said.",
        "The translation was done by hand, not by an automated system, the publisher said.",
        "The paintings are the property of the state museum, which lent them for the exhibition.",
        '"This is not financial advice," he told the audience, laughing.',
        "The fund is authorised and regulated by the Financial Conduct Authority, the regulator said.",
        "About 300 people attended the rally in the city centre on Saturday.",
        "About Apple",
        "and/or",
        "AP/AFP",  # a joint credit
        "About Harbourline Media Group",  # a press release's "About" heading: its block is kept as text
        "Sponsored stories are labelled as such, the editor said.",
        "Capital at risk, say analysts, as markets tumble for a third day.",
        "Read the full story at the link below, the spokesman told reporters who asked for details.",
        "The name (required by law) was withheld.",
    ],
)
def test_software_and_notice_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


# -- teaser shapes, press-release notices, comment and channel widgets, wire slugs (session 15) -------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Ferry fares to rise in spring \u2014 5 hours ago", "read_more"),  # a teaser with its age
        ("Harbour bridge closes for repairs \u00b7 3 min read", "read_more"),  # ... or its reading time
        ("Ferry operator fined after crossing delays pile up over the holiday weekend \u203a", "read_more"),
        ("\U0001f449 Storm warning issued for the coast", "read_more"),  # a pointing mark before a headline
        ("Ferry fares to rise in spring (4 March 2024)", "read_more"),  # the date in brackets after it
        ("Ferry fares to rise in spring | March 4, 2024", "read_more"),  # ... or after a bar
        ("Read: Ferry fares to rise in spring", "read_more"),
        ("Watch video: the storm hits the harbour", "read_more"),
        ("Don't miss out: the best of the week's news", "read_more"),
        ("Around the Web", "read_more"),
        ("To view the source version of this press release, please visit harbour.example/news", "read_more"),
        ("This document does not constitute an offer to sell any securities.", "disclaimer"),
        ("Shareholders are urged to read the proxy statement when it becomes available.", "disclaimer"),
        ("Harbourline Media has a disclosure policy.", "disclaimer"),
        ("The data on this page is not necessarily real-time nor accurate.", "disclaimer"),
        ("Clarification appended March 4, 2024", "disclaimer"),
        ("This story was generated using software and checked by an editor.", "disclaimer"),
        ("Participants in the Solicitation", "disclaimer"),  # a press release's legal heading
        ("Please avoid obscene, vulgar, lewd or racist language.", "comment_widget"),
        ("Join Harbour Daily's WhatsApp channel for the latest news.", "share_prompt"),
        ("As a subscriber, you have 10 gift articles to give each month.", "share_prompt"),
        ("Harbourside \u25be", "navigation"),  # a section menu's dropdown
        ("\u25c0 Prev   Transport   Next \u25b6", "navigation"),  # a pager
        ("Kindly whitelist us to keep reading.", "error_page"),
        ("ERROR: The request could not be satisfied", "error_page"),
        ("BC-EU--Ferry-Fares/812", "tracking_id"),  # a wire's story slug
        ("urn:newsml:harbour.example:20240304:88213", "tracking_id"),
        ("Tickers: NYSE:HBR, TSX:HBR.U", "tracking_id"),
        ("PTI KD MWR", "tracking_id"),  # an agency's desk codes after its name
        ("bur-kd/mwr", "tracking_id"),  # AFP's desk initials on a line of their own
    ],
)
def test_teaser_notice_widget_and_slug_families(line: str, reason: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "The ferry left the harbour 5 hours ago, the coastguard said.",  # an age inside a sentence
        "Fares rose by 5% - 3 times the rate of inflation.",
        "The fund does not constitute a threat to the market, the regulator said.",
        "Correction: An earlier version of this story gave the wrong date for the vote.",  # tells what changed
        "This report by The Harbour Press was first published March 4, 2024.",  # a credit, kept as credits are
        "AP file photo shows the harbour",
        "Prices rose sharply in March (4 March 2024).",  # a sentence with its full stop
        "Read the statement in full on the council's website, which also lists the new fares.",
    ],
)
def test_teaser_and_notice_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("The mayor declined to comment. [ID:nB4T7QX2]", "[ID:nB4T7QX2]"),  # a labelled id in brackets
        ("The mayor declined to comment. [Ref: 88213045]", "[Ref: 88213045]"),
        ("The mayor declined to comment. ?fbclid=IwAR3xk9Q2", "?fbclid=IwAR3xk9Q2"),  # a tracking parameter
    ],
)
def test_bracketed_ids_and_tracking_parameters_are_trimmed(line: str, noise: str) -> None:
    assert _removed(BODY + line + "\n") == [("tracking_id", noise)]


def test_long_opaque_tokens_are_ids_and_long_words_are_not() -> None:
    token = "CBMiK2h0dHBzOi8vd3d3LmV4YW1wbGUuY29tL25ld3MvMjAyNNIBAA"
    assert _removed(BODY + token + "\n") == [("tracking_id", token)]
    assert _removed(BODY + "Antidisestablishmentarianism2024 was the theme of the fair\n") == []


def test_an_iso_date_and_time_at_a_line_edge_is_a_date_not_an_id() -> None:
    """The machine-token rule took "2024-03-04T09:30:00+00:00" off the end of a date line (letters, digits,
    ":", "-" and "+", with a "T"), which left "Published on" to be read as the standfirst."""
    article = clean_text("Storm hits coast\nPublished on 2024-03-04T09:30:00+00:00\n" + BODY)
    assert article.removed == [] and article.published == "2024-03-04T09:30:00+00:00"
    assert article.subtitle is None
    assert _removed(BODY + "node/1234567\n") == [("tracking_id", "node/1234567")]  # ids still go


# -- extractor markup, newsletter platforms and comment threads (session 15) --------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[Ferry fares to rise in spring](https://harbour.example/transport/ferry-fares-123)", "read_more"),
        ("![](https://cdn.harbour.example/images/4b7e19.jpeg?w=1200)", "read_more"),  # a bare markdown image
        ('<a href="https://harbour.example/transport/ferry-fares-123">Read full article</a>', "read_more"),
        ('In "Transport"', "read_more"),  # a blog's related-post category
        ("Part 2 of this series: the bridge that nobody wanted", "read_more"),
        ("Harbour Daily Recommends", "read_more"),
        ('<iframe src="https://harbour.example/embed/88213" width="560" height="315"></iframe>', "tracking_id"),
        ('"dump": "CC-MAIN-2024-10",', "tracking_id"),  # a JSON field of a crawl record
        ("?utm_medium=social&share=1", "tracking_id"),  # a query string alone
        ("news/2024/03/ferry-fares-88213.html", "tracking_id"),  # a page's path alone
        ('source: "https://harbour.example/transport/ferry"', "tracking_id"),  # YAML front matter
        ("HDN/8821304", "tracking_id"),  # an agency's story number
        ("(END) KDW/KDW", "tracking_id"),
        ("January 5, 2024 at 10:31:02", "comment_widget"),  # a comment's time stamp
        ("Reply Delete", "comment_widget"),
        ("Powered by Disqus", "comment_widget"),
        ("Thanks for reading Harbour Weekly! Subscribe for free to receive new posts.", "share_prompt"),
        ("Enjoyed this? Buy me a coffee", "share_prompt"),
        ("Keep reading with a 7-day free trial", "access_wall"),
        ("harbourweekly.example is no longer available.", "error_page"),
        ("EN  FR  DE", "navigation"),  # a language switcher
        ("Back to top", "navigation"),
        ("This work is licensed under a Creative Commons Attribution 4.0 International License.", "copyright"),
        ("This article was translated from the Spanish by our English desk.", "disclaimer"),
        ("The author received no payment from any company mentioned here.", "disclaimer"),
        ("When reprinting materials of Harbour Daily, a hyperlink to the source is obligatory.", "disclaimer"),
        ("Translation note", "disclaimer"),  # a notice heading
        ("This story was written with the help of an artificial-intelligence tool.", "disclaimer"),
        ("Key points were summarized by AI.", "disclaimer"),
        ("The column reflects the author's own views and not necessarily those of Harbour Daily.", "disclaimer"),
        ("Nothing in this newsletter is an offer or solicitation to buy or sell any security.", "disclaimer"),
        ("You are receiving this email because you signed up on our website.", "disclaimer"),
        ("Conflict of interest statement", "disclaimer"),
        ("요청하신 페이지를 찾을 수 없습니다.", "error_page"),  # "the page you asked for cannot be found"
        ("对不起\uff0c您访问的页面不存在\uff01", "error_page"),  # with full-width marks
        ("Página no encontrada", "error_page"),
        ("CONTENIDO EXCLUSIVO PARA SUSCRIPTORES", "access_wall"),
        ("This content is provided by YouTube. By loading it you agree to the provider's terms.", "access_wall"),
        ("Loading comments…", "comment_widget"),
        ("Weibo  WeChat  QQ  Douban", "share_prompt"),  # a share row of Chinese platforms
        ("Enjoyed this? Sign up for more like this.", "share_prompt"),
        ("MORE ON Politics \u27f6 Senate passes the budget after a long night", "read_more"),
        ("\U0001f399 Listen on Spotify: The Harbour Podcast, episode 15", "read_more"),
        ("Ready for more?", "share_prompt"),
        ("Ferry fares to rise in spring \u27e9", "read_more"),  # a headline and its link's chevron
        ("[PHOTO] Ferry fares to rise in spring", "read_more"),
        ("1\ufe0f\u20e3 Ferry fares to rise 2\ufe0f\u20e3 Bridge closes for repairs", "read_more"),
    ],
)
def test_markup_platform_and_thread_families(line: str, reason: str) -> None:
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        # A link inside a sentence.
        "The mayor, who spoke [in Spanish](https://harbour.example/quote), said the fares would rise.",
        'The mayor, who spoke <a href="https://harbour.example/quote">in Spanish</a>, said the fares would rise.',
        "AP/AFP",  # a joint credit
        "Relatedly, the council voted to close the bridge.",
        "Astronomers found the planet with the help of artificial intelligence, the agency said.",
        "The report reflects the views of the committee, not those of the government.",
        "By loading the data, officials agree to share it with the council.",
        "The video is provided by the police department.",
        '"I thought that maybe the..." she said.',
        "La página web del ministerio fue bloqueada el lunes, dijo el gobierno.",
        "The report was translated into twelve languages last year, the agency said.",
        "He was back at the top of the table by January.",
        "The fund is financed by donors, not by the state, its director said.",
    ],
)
def test_markup_and_platform_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


def test_table_rows_are_not_furniture_but_a_menu_row_is() -> None:
    from samestory.core.clean import table_rows
    from samestory.core.text import split_lines

    table = "| Pos | Driver | Pts |\n| 1 | Kyle Busch | 2123 |\n| 2 | Joey Logano | 2101 |\n"
    text = BODY + table + MORE + "Home | News | Sport | Weather\n"
    lines = split_lines(text)
    assert [lines[i].text for i in sorted(table_rows(lines))] == table.splitlines()
    removed = _removed(text)
    assert all(not r[1].startswith("|") for r in removed)
    assert ("navigation", "Home | News | Sport | Weather") in removed
    assert table_rows(split_lines("| one | row |\n" + BODY)) == set()  # one row is not a table


def test_a_bare_link_in_the_body_is_not_the_pages_url() -> None:
    """A list article's product link alone on a line was read as a crawler header's URL: the article's url
    became the first product's. It still goes (no article text), without naming the page; a link above the
    article's first paragraph is still the page's."""
    body = "Here is our list of the best gadgets this year, picked by our editors after weeks of testing.\n"
    listed = clean_text("Best gadgets\n" + body + "https://shop.example/dp/B0ABCDEF12\n" + MORE)
    assert listed.url is None and [r.text for r in listed.removed] == ["https://shop.example/dp/B0ABCDEF12"]
    headed = clean_text("https://news.example/world/storm\nStorm hits coast\n" + body + MORE)
    assert headed.url == "https://news.example/world/storm"


def test_a_chinese_or_japanese_article_beside_an_error_line_is_no_error_page() -> None:
    # A body under 25 words beside error text is the error page itself; words were runs of word characters,
    # so two Japanese paragraphs (150 characters) counted 16 and the article was kept out of matching.
    text = (
        "日銀、マイナス金利解除を決定\n"
        "日本銀行は19日の金融政策決定会合で\u3001マイナス金利政策の解除を決めた\u3002利上げは2007年2月以来\u3001"
        "17年ぶりとなる\u3002短期金利の誘導目標を0\uff5e0.1%程度とする\u3002\n"
        "植田和男総裁は記者会見で「賃金と物価の好循環の強まりが確認されてきた」と述べた\u3002一方で「当面\u3001"
        "緩和的な金融環境が継続する」との見通しを示した\u3002\n"
        "ページが見つかりません\uff08404 Not Found\uff09"
    )
    article = clean_text(text)
    assert [r.reason for r in article.removed] == ["error_page"]
    assert article.flags == ["soft_error"]


# -- the article's tail: credit lines, sign-offs, bylines and date lines (qa-credits) ------------------


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Source: Reuters", "Reuters"),
        ("\u2014 Reuters", "Reuters"),
        ("With AFP", "AFP"),
        ("Via Bloomberg", "Bloomberg"),
        ("Quelle: dpa", "dpa"),
        ("(Jiji)", "Jiji"),  # in brackets, as a wire signs off
        ("EFE/cf", "EFE"),  # with the editor's initials
        ("EFE lm/ps", "EFE"),
        ("-- BERNAMA ENF", "BERNAMA"),  # with a desk's code in capitals
        ("\u2014APP/77", "APP"),  # with the story's number
        ("(END) ==Kyodo", "Kyodo"),  # after a wire's end mark
    ],
)
def test_a_credit_line_at_the_tail_is_the_credit_not_body(line: str, credit: str) -> None:
    """A trailing "Source: Reuters" stayed the last paragraph and the article had no credit: only the head
    was read for fields."""
    text = "Bridge Closed To Lorries\n" + BODY + MORE + line + "\n"
    article = clean_text(text)
    assert article.credit == credit
    assert line not in article.paragraphs and len(article.paragraphs) == 3
    span = article.fields["tail_credit"]
    assert text[span.start : span.end] == line


@pytest.mark.parametrize(
    ("signoff", "credit"),
    [
        ("\u2014TASS", "TASS"),
        ("(Jiji)", "Jiji"),
        (" (AP)", "AP"),
        ("/EFE cf", "EFE"),
        (" \u2014 AFP", "AFP"),
        ("BERNAMA", "BERNAMA"),  # at once, in capitals
        ("ANI CNP", "ANI"),  # with a desk's code
    ],
)
def test_a_wire_sign_off_glued_to_the_last_paragraph_is_the_tail_credit(signoff: str, credit: str) -> None:
    """Scrapers join a wire's sign-off to the paragraph before it ("...on week days.(Jiji)"): it stayed in
    the body, and the article had no credit."""
    last = "Officials said the station has been largely deserted on week days."
    text = "Bridge Closed To Lorries\n" + BODY + last + signoff + "\n"
    article = clean_text(text)
    assert article.credit == credit
    assert article.paragraphs[-1] == last
    span = article.fields["tail_credit"]
    assert text[span.start : span.end] == signoff.strip()


@pytest.mark.parametrize(
    "tail", [" (Facebook)", " \u2014 and more", "(and others)", " /Reuters reported", "(App)", "US"]
)
def test_a_glued_tail_that_names_no_wire_stays_in_the_paragraph(tail: str) -> None:
    last = "Officials said the station has been largely deserted on week days."
    article = clean_text("Bridge Closed To Lorries\n" + BODY + last + tail + "\n")
    assert article.paragraphs[-1] == last + tail and "tail_credit" not in article.fields


@pytest.mark.parametrize(
    ("signoff", "credit"), [(" --BERNAMA", "BERNAMA"), (" \u2014 AFP", "AFP"), (" ==Kyodo", "Kyodo")]
)
def test_a_wire_sign_off_after_a_last_word_without_a_full_stop_is_the_tail_credit(signoff: str, credit: str) -> None:
    """A paragraph that ends without a closing mark ("... at 4.45pm --BERNAMA") is signed off at a dash set off
    by a space."""
    last = "Officials said the station would reopen on Monday at 4.45pm"
    text = "Bridge Closed To Lorries\n" + BODY + last + signoff + "\n"
    article = clean_text(text)
    assert article.credit == credit and article.paragraphs[-1] == last


def test_a_sign_off_with_desk_codes_glued_to_the_last_paragraph_goes_as_a_tracking_id() -> None:
    """India's agencies sign off with their desk's codes ("PTI SK RHL"), which a rule takes alone on a line; glued
    to the last sentence without a space, no digit or slash told the glued-id pass to look."""
    last = "Officials said the station has been largely deserted on week days."
    article = clean_text("Bridge Closed To Lorries\n" + BODY + last + "PTI CNP CNP CNP\n")
    assert article.paragraphs[-1] == last
    assert [(r.reason, r.text) for r in article.removed] == [("tracking_id", "PTI CNP CNP CNP")]


@pytest.mark.parametrize("line", ["App", "(Map)", "Tap"])
def test_a_word_spelled_like_an_agency_s_initials_is_no_credit(line: str) -> None:
    """Names of two or three capitals are matched only as written: "(APP)" signs off, "App" is a word."""
    article = clean_text("Bridge Closed To Lorries\n" + BODY + MORE + line + "\n")
    assert article.credit is None and "tail_credit" not in article.fields


@pytest.mark.parametrize(
    "line",
    [
        "Reuters reported on March 3, 2026 that the talks had stalled.",  # a sentence naming an agency and a date
        "Source: the council's own figures",
        "With thanks to the residents who helped.",
        "By then it was too late.",  # a byline's shape, not its capitalised names: it was the tail's byline
        "By now the bridge has reopened to cars.",
    ],
)
def test_a_last_sentence_shaped_like_a_tail_field_stays(line: str) -> None:
    article = clean_text("Bridge Closed To Lorries\n" + BODY + line + "\n")
    assert article.paragraphs[-1] == line and article.credit is None and article.removed == []
    assert article.author is None and not [k for k in article.fields if k.startswith("tail_")]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("(Reporting by Jane Doe; Editing by John Roe)", "Jane Doe"),
        ("Reporting by Jane Doe in London; Writing by John Roe; Editing by Mark Heinrich", "Jane Doe"),
        (
            "(Reporting by Jane Doe and John Roe in Paris; Additional reporting by Ann Lee; Editing by Tom Hogue)",
            "Jane Doe and John Roe",
        ),
        ("Additional reporting by Jane Doe in Paris", None),
        ("(Editing by John Roe)", None),
    ],
)
def test_a_wire_sign_off_at_the_tail_is_a_byline_not_body(line: str, author: str | None) -> None:
    """ "(Reporting by ...; Editing by ...)" after a wire story stayed its last paragraph."""
    text = "Bridge Closed To Lorries\n" + BODY + MORE + line + "\n"
    article = clean_text(text)
    assert line not in article.paragraphs and len(article.paragraphs) == 3
    span = article.fields["tail_byline"]
    assert text[span.start : span.end] == line
    assert article.author == author  # the reporters; an editor or an additional reporter is not the author


def test_a_sentence_about_reporting_stays() -> None:
    line = "Reporting by the local paper showed the bridge had been unsafe for years."
    article = clean_text("Bridge Closed To Lorries\n" + BODY + line + "\n")
    assert article.paragraphs[-1] == line and article.author is None


@pytest.mark.parametrize("line", ["2026-03-03T10:15:00Z", "2026-03-03 10:15", "03.03.2026"])
def test_a_date_alone_under_the_title_is_the_published_date(line: str) -> None:
    """A line that is only an ISO timestamp went as a crawler header (the line model's head line: its crawl
    headers hold such timestamps), and the article had no date; a bare date is how articles print their date
    under the headline (only a labelled one joins a crawler header's block: ``header.parse_metadata``)."""
    article = clean_text("Bridge Closed To Lorries\n" + line + "\n" + BODY)
    assert article.removed == []
    assert article.published is not None and article.published.startswith("2026-03-03")
    assert article.paragraphs == BODY.splitlines()


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("\u00a9 2026 AFP", "AFP"),
        ("Copyright 2026 The Associated Press. All rights reserved.", "Associated Press"),
        ("Copyright \u00a9 2026 Reuters", "Reuters"),
        ("\u00a9 2026 The Harbour Press. All rights reserved.", None),  # a site's own notice: no agency
        ("\u00a9 AFP", None),  # no year: a photo's credit as often as the text's
    ],
)
def test_an_agencys_copyright_line_at_the_end_gives_the_credit(line: str, credit: str | None) -> None:
    """ "© 2026 AFP" after the story went as a copyright line (as it should) but the article had no credit,
    though the line names the agency whose copy it is."""
    text = "Bridge Closed To Lorries\n" + BODY + line + "\n"
    article = clean_text(text)
    assert [r.reason for r in article.removed] == ["copyright"] and article.credit == credit
    removal = article.removed[0]
    assert text[removal.start : removal.end] == line


def test_an_agencys_copyright_line_before_the_end_is_no_credit() -> None:
    """A photo's notice inside the story ("© 2026 AFP" under a picture) does not credit the text."""
    article = clean_text("Bridge Closed To Lorries\n" + BODY + "\u00a9 2026 AFP\n" + MORE)
    assert [r.reason for r in article.removed] == ["copyright"] and article.credit is None


@pytest.mark.parametrize("line", ["Updated 3 hours ago", "Published: 20 mins ago", "posted 2 days ago"])
def test_a_relative_time_stamp_under_the_title_is_a_field_not_the_standfirst(line: str) -> None:
    """ "Updated 3 hours ago" under the title was the article's subtitle (a standfirst): it is the page's time
    stamp, a head field with no date to read."""
    article = clean_text("Bridge Closed To Lorries\n" + line + "\n" + BODY)
    assert article.subtitle is None and article.published is None
    span = article.fields["updated"]
    assert article.original[span.start : span.end] == line and line not in article.paragraphs


def test_a_sentence_about_an_hour_ago_stays() -> None:
    line = "An hour ago the bridge was still closed to lorries."
    article = clean_text("Bridge Closed To Lorries\n" + BODY + line + "\n")
    assert article.paragraphs[-1] == line and "updated" not in article.fields


# -- versions of one article: wire update lines, title version tags, correction notes -----------------------

WIRE_UPDATE = (
    "UPDATE 2-Bridge closed to lorries as engineers find cracks\n"
    "{note}\n"
    "By Jane Holloway\n"
    "LONDON, March 3 (Reuters) - The council voted on Tuesday to close the old bridge to lorries while "
    "engineers inspect it.\n"
    "Residents said the detour would add twenty minutes to the school run.\n"
)


@pytest.mark.parametrize(
    "note",
    [
        "(Adds quote from council leader in paragraph 5, detail on detour)",
        "(Updates with closing of second bridge)",
        "(Corrects spelling of engineer's name in paragraph 3)",
        "(Recasts, adds background)",
        "(Refiles to fix typo in headline)",
        "(neu: Zitat des Bürgermeisters)",
        "(ajoute citation du maire)",
    ],
)
def test_a_wire_update_line_is_a_head_field_and_the_head_reads_on(note: str) -> None:
    """A wire's "(Adds quote from ... in paragraph 5)" under the headline tells clients what a new version
    changed: it was the first body paragraph, and the head stopped there, so the byline stayed body and the
    dateline and credit ("LONDON, March 3 (Reuters) -") were read as none and kept in the first paragraph."""
    article = clean_text(WIRE_UPDATE.format(note=note))
    span = article.fields["update_note"]
    assert article.original[span.start : span.end] == note
    assert (article.author, article.dateline, article.credit) == ("Jane Holloway", "LONDON", "Reuters")
    assert article.paragraphs[0].startswith("The council voted on Tuesday")
    assert note not in article.text and article.subtitle is None


def test_a_wire_headlines_version_tag_is_no_part_of_the_title() -> None:
    """ "UPDATE 2-" before a wire's headline numbers its versions: the titles of two versions of one story
    differed by it, and the title read "UPDATE 2-Bridge closed ..."."""
    for tag in ("UPDATE 2", "UPDATE 1", "REFILE", "RPT", "CORRECTED", "CORRECTED-UPDATE 3"):
        text = WIRE_UPDATE.format(note="(Adds detail)").replace("UPDATE 2-", f"{tag}-")
        article = clean_text(text)
        assert article.title == "Bridge closed to lorries as engineers find cracks", tag
        span = article.fields["version"]
        assert article.original[span.start : span.end] == tag
    # a headline that opens with capitals and a dash is no version tag
    for title in ("US-China talks resume in Geneva", "COVID-19 cases rise again", "G7 leaders meet in Rome"):
        assert clean_text(f"{title}\n{BODY}").title == title


@pytest.mark.parametrize("line", ["Updated at 14:05 GMT", "Last updated: 6:40 p.m. ET", "Published 09:12 BST"])
def test_a_time_stamp_without_a_date_under_the_title_is_a_field_not_the_standfirst(line: str) -> None:
    """ "Updated at 14:05 GMT" under the title was the standfirst (a date line needs a date)."""
    article = clean_text("Bridge Closed To Lorries\n" + line + "\n" + BODY)
    assert article.subtitle is None and line not in article.paragraphs
    span = article.fields["updated"]  # the page's time, as "Updated 3 hours ago" is
    assert article.original[span.start : span.end] == line
    tail = clean_text("Bridge Closed To Lorries\n" + BODY + MORE + line + "\n")  # at the end, a tail field
    assert line not in tail.paragraphs and "tail_updated" in tail.fields


@pytest.mark.parametrize(
    "note",
    [
        "CORRECTION: An earlier version of this story gave the wrong name for the bridge.",
        "UPDATE: The council has since reopened the bridge to buses.",
        "EDITOR'S NOTE: This story was first published on March 3.",
    ],
)
def test_a_note_label_in_capitals_is_no_dateline(note: str) -> None:
    """ "CORRECTION: An earlier version ..." opening the body was read as a dateline ("CORRECTION") and its
    label left the paragraph."""
    article = clean_text("Bridge Closed To Lorries\n" + note + "\n" + BODY)
    assert article.dateline is None and article.paragraphs[0] == note
    assert clean_text("Bridge Closed To Lorries\nNEW DELHI: " + BODY).dateline == "NEW DELHI"


@pytest.mark.parametrize(
    "note",
    [
        "Correction: This story has been corrected to show the bridge was built in 1932, not 1923.",
        "Correction: An earlier version of this article misstated the length of the detour.",
        "This story has been updated to include a statement from the council.",
        "Editor's note: This article was amended on 4 March 2026 to correct the spelling of a name.",
        "Clarification: An earlier version of this story did not make clear who owns the bridge.",
    ],
)
def test_a_correction_or_update_note_is_article_text(note: str) -> None:
    """A correction, clarification or editor's note is the newsroom's word on the article, content, not page
    furniture: the line model took "Correction: This story has been corrected to show ..." at the end of an
    article for a disclaimer."""
    for text in (f"Bridge Closed To Lorries\n{BODY}{MORE}{note}\n", f"Bridge Closed To Lorries\n{note}\n{BODY}{MORE}"):
        article = clean_text(text)
        assert note in article.paragraphs, [(r.reason, r.text, r.evidence) for r in article.removed]


# -- a heading's block (qa-syndication) ----------------------------------------------------------------


def test_a_headings_block_ends_after_its_lines_and_the_article_after_it_stays() -> None:
    # A heading ("Disclosure", "Forward-Looking Statements") owns the unmatched lines right after it; a line it
    # owned became a heading in turn, so the block ran on to the end: every paragraph after a disclosure in the
    # middle of a report, and a press release's "About" block after its legal section, were removed.
    after = [
        "Tenant organizer Rosa Jimenez said residents first reported leaks in the roof in January of last year.",
        "A spokesperson for the landlord said the company had not been served with the lawsuit.",
        "City inspectors cited the complex for roof and plumbing violations in March, records show.",
    ]
    note = "The reporter's spouse works for a law firm that is not involved in the case."
    doc = clean_document(BODY + "Disclosure\n" + note + "\n" + "\n".join(after) + "\n")
    kept = [p.text for p in doc.paragraphs]
    assert kept[: len(BODY.splitlines())] == BODY.splitlines() and kept[-2:] == after[1:]
    assert [r.reason for r in doc.removed] == ["disclaimer"] and doc.removed[0].text.startswith("Disclosure\n")
    legal = (
        "Forward-Looking Statements\n"
        "This press release contains forward-looking statements within the meaning of the Private Securities "
        "Litigation Reform Act of 1995.\n"
    )
    about = "Harbourline Ferries operates 14 routes on the east coast and carried 2.1 million passengers in 2025."
    release = clean_document(BODY + legal + "About Harbourline Ferries\n" + about + "\n")
    assert [p.text for p in release.paragraphs] == [*BODY.splitlines(), about]


def test_a_contact_blocks_addresses_and_numbers_go_with_its_heading() -> None:
    # "Media Contact:" owns its next two lines (a name, an organisation); the e-mail address, the telephone
    # number and a wire's closing "SOURCE ..." after them stayed as the article's last paragraphs.
    contact = "Media Contact:\nJane Smith\nHarbourline Ferries\npress@harbourline.example\nTel: +1 512 555 0100\n"
    doc = clean_document(BODY + contact + "\nSOURCE Harbourline Ferries Inc.\n")
    assert [p.text for p in doc.paragraphs] == BODY.splitlines()
    assert [r.reason for r in doc.removed] == ["disclaimer"] and "SOURCE Harbourline" in doc.removed[0].text
    assert "contact line of the block under heading 'Media Contact:'" in doc.removed[0].evidence
    # Alone, away from a heading, an address is a reader's contact the article gives: it stays.
    alone = clean_document(BODY + "tips@harbourdaily.example\n")
    assert [p.text for p in alone.paragraphs][-1] == "tips@harbourdaily.example"


@pytest.mark.parametrize(
    "line",
    [
        "Continue reading at PR Newswire: https://www.prnewswire.com/news-releases/harbourline-ferries-302411.html",
        "Keep reading on harbourdaily.example",
        "Continue reading at The Harbour Press",
    ],
)
def test_a_truncated_reprints_link_to_the_rest_is_a_read_more_line(line: str) -> None:
    # A site that runs the first paragraphs of a release ends it with a link to the rest: the line model took
    # it for a crawler's header line (its URL and colon), the wrong reason in the article's account.
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == "read_more"
    assert load_rules().match("Continue reading at your own pace, the guide says, and stop when tired.", "body") is None


# -- aggregator rewrites: share buttons one per line, a consent button alone (qa-aggregators) ------------


@pytest.mark.parametrize(
    "buttons",
    [
        "Share this article\nFacebook\nTwitter\nLinkedIn\nEmail\n",  # under its heading
        "Facebook\nWhatsApp\nCopy link\n",  # without one
    ],
)
def test_share_buttons_one_per_line_are_a_share_prompt(buttons: str) -> None:
    # A row of share buttons ("Facebook | Twitter | Email") is a share prompt; a page that lays the same buttons
    # out one per line left each network's name in the article as a paragraph of its own.
    doc = clean_document(BODY + buttons + MORE)
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), MORE.strip()]
    assert [r.reason for r in doc.removed] == ["share_prompt"] and doc.removed[0].text == buttons.strip()


def test_share_buttons_after_a_short_article_line_go_and_the_line_stays() -> None:
    # The run of short lines holds a line of the article before the buttons: only the buttons are the row.
    doc = clean_document(BODY + "Harbour at dawn\nFacebook\nTwitter\nEmail\n" + MORE)
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), "Harbour at dawn", MORE.strip()]
    assert [(r.reason, r.text) for r in doc.removed] == [("share_prompt", "Facebook\nTwitter\nEmail")]


def test_a_network_named_alone_between_paragraphs_stays() -> None:
    # A list article's section headings name networks one at a time, each with its paragraph after it.
    sections = "Facebook\n" + BODY.splitlines()[1] + "\nTwitter\n" + MORE
    doc = clean_document(BODY.splitlines()[0] + "\n" + sections)
    assert doc.removed == [] and len(doc.paragraphs) == 5


@pytest.mark.parametrize("button", ["Got it", "OK, got it!", "I agree", "Accept all cookies"])
def test_a_consent_banners_button_alone_at_the_head_is_part_of_the_wall(button: str) -> None:
    # The banner's sentence goes as an access wall; its button alone on the next line was left and became the title.
    banner = "This site uses cookies to deliver our services and to show you relevant ads.\n"
    doc = clean_document(banner + button + "\nBridge to close to lorries for inspection\n" + BODY)
    assert doc.head.fields["title"].text == "Bridge to close to lorries for inspection"
    assert [r.reason for r in doc.removed] == ["access_wall"] and doc.removed[0].text == banner + button


WAYBACK_TOOLBAR = (
    "The Wayback Machine - https://web.archive.org/web/20260310121507/https://www.harbourdaily.example/news/bridge\n"
    "3 captures\n"
    "10 Mar 2026 - 12 Mar 2026\n"
    "MAR\tAPR\tMAY\n"
    "10\n"
    "2025\t2026\t2027\n"
    "success\n"
    "fail\n"
    "About this capture\n"
    "COLLECTED BY\n"
    "Organization: Archive Team\n"
    "Formed in 2009, the Archive Team is a rogue archivist collective dedicated to saving copies of rapidly "
    "dying or deleted websites for the sake of history and digital heritage.\n"
    "Collection: ArchiveBot: The Archive Team Crowdsourced Crawler\n"
    "TIMESTAMPS\n"
)


def test_a_web_archive_toolbar_goes_whole_up_to_its_closing_line() -> None:
    # A snapshot's text as a crawler saved it: the archive's toolbar (captures, calendar, collection) over
    # the page. The line model took its first line; the rest stayed as the article's first paragraphs, and
    # "3 captures" became the title.
    page = WAYBACK_TOOLBAR + "Bridge to close for six weeks\n" + BODY
    doc = clean_document(page)
    assert [p.text for p in doc.paragraphs] == BODY.splitlines()
    assert clean_text(page).title == "Bridge to close for six weeks"
    assert [r.reason for r in doc.removed] == ["navigation"]
    removed = doc.removed[0]
    assert removed.text == WAYBACK_TOOLBAR.rstrip("\n") and removed.start == 0
    assert "up to its closing line 'TIMESTAMPS'" in removed.evidence
    # Without its closing line, the toolbar's first line goes and nothing after it.
    cut = clean_document(WAYBACK_TOOLBAR.splitlines(keepends=True)[0] + "Bridge to close for six weeks\n" + BODY)
    assert [p.text for p in cut.paragraphs] == BODY.splitlines()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "The post Bridge to close for six weeks as engineers find corroded cables appeared first on Harbour Daily.",
            "read_more",
        ),
        ("The post Ten things to do this weekend appeared first on The Daily Grind", "read_more"),
        (
            "Subscribe now for unlimited access to the Harbour Daily from just 1 euro for the first month. "
            "Cancel anytime.",
            "access_wall",
        ),
        ("Join today for full digital access to every story.", "access_wall"),
    ],
)
def test_a_feeds_backlink_and_a_walls_offer_are_noise(line: str, reason: str) -> None:
    # A feed item's text saved as a page ends with its platform's link back to the post: it stayed as the
    # article's last paragraph, and counted as a passage the feed item held and the article lacked. A wall's
    # subscription offer went to the line model, and its account named an error page.
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == reason
    doc = clean_document(BODY + line + "\n")
    assert [p.text for p in doc.paragraphs] == BODY.splitlines()
    assert [r.reason for r in doc.removed] == [reason]


@pytest.mark.parametrize(
    "line",
    [
        "The post office on Mill Street appeared first on a list of closures the council published in May.",
        "Readers who subscribe now for the spring edition get a free tote bag, the paper said.",
        "The post appeared first on the agenda, ahead of the budget.",
    ],
)
def test_feed_and_offer_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


@pytest.mark.parametrize(
    "line",
    ["By Jane Doe | Harbour Daily | 10 March 2026", "By Jane Doe | 10 March 2026", "by Jane Doe | March 10, 2026"],
)
def test_a_byline_row_with_its_date_is_no_teaser(line: str) -> None:
    # Under the headline, a byline row with the date had the shape of a teaser ("Section | Headline | date"):
    # it went as a read_more line, and the article lost its author and its date.
    article = clean_text(f"Bridge To Close For Six Weeks\n{line}\n{BODY}")
    assert article.removed == [] and article.paragraphs == BODY.splitlines()
    assert (article.author, article.published) == ("Jane Doe", "2026-03-10")
    teaser = load_rules().match("Business | Bridge to close for six weeks | 10 March 2026", "body")
    assert teaser is not None and teaser.reason == "read_more"


# -- live blogs and breaking stories (qa-updates pass) ------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Refresh for updates",
        "Reload the page to see the latest updates",
        "Show key events only",
        "Show all posts",
        "Pinned post",
        "Key event",
        "Key events",
        "Key points",
        "Load more updates",
        "See older posts",
        "3 new updates",
        "10:42 GMT -",
        "9.15am BST",
        "14:05",
        "18m ago",
        "2h ago",
        "Live",
        "LIVE",
        "Breaking news",
        "BREAKING:",
        "Developing story",
    ],
)
def test_live_blog_controls_and_entry_furniture(line: str) -> None:
    # A live blog's buttons, its entries' times and ages and its kicker stayed as paragraphs: "Live" above the
    # headline took the title, and "Breaking news" under it the standfirst.
    match = load_rules().match(line, "body")
    assert match is not None and match.reason == "navigation", match


@pytest.mark.parametrize(
    "line",
    [
        "Refresh your browser for the latest updates on the storm, the council said on its website.",
        "Key points of the deal were agreed on Tuesday night.",
        "Live music returns to the harbour this summer",
        "Breaking news of the closure reached workers by text message.",
        "At 10:42 GMT the first fire engine arrived.",
        "The crew arrived 18 minutes ago, a spokesman said.",
        "Pinned down by sniper fire, the patrol waited for an hour.",
        "Show key events only if the reader asks, the editor said.",
        "Load more containers onto the ship before the storm, the harbour master ordered.",
    ],
)
def test_live_blog_lookalikes_stay(line: str) -> None:
    assert load_rules().match(line, "body") is None


def test_a_live_blogs_furniture_goes_and_its_entries_stay() -> None:
    entries = [
        "Police say the dock road will stay closed for the rest of the day while crews damp down the silo.",
        "The ambulance service says two of the seven injured workers have been taken to hospital with burns.",
    ]
    text = (
        "Live\nGrain terminal explosion: seven injured as crews fight silo blaze\nRefresh for updates\n"
        f"Show key events only\n12:21 GMT -\n{entries[0]}\n18m ago\n11:58 GMT -\n{entries[1]}\nLoad more updates\n"
    )
    article = clean_text(text)
    assert article.title == "Grain terminal explosion: seven injured as crews fight silo blaze"
    assert article.paragraphs == entries
    assert {r.reason for r in article.removed} == {"navigation"}


@pytest.mark.parametrize(
    "footer",
    ["Privacy policy | Cookie settings | Terms of use | Contact us", "Cookie policy", "Manage cookie preferences"],
)
def test_a_footer_link_to_the_cookie_policy_is_no_wall(footer: str) -> None:
    # A site's footer row of links with "Cookie settings" in it went as an `access_wall`, an error reason:
    # every article page of the site was flagged `soft_error`.
    article = clean_text(f"Bridge To Close For Six Weeks\n{BODY}{MORE}{footer}\n")
    assert [r.reason for r in article.removed] == ["navigation"]
    assert "soft_error" not in article.flags
    # a consent banner is still the wall's, and still flags the page
    wall = "We use cookies to improve your experience.\nAccept all cookies\n"
    banner = clean_text(f"Bridge To Close For Six Weeks\n{BODY}{MORE}{wall}")
    assert {r.reason for r in banner.removed} == {"access_wall"} and "soft_error" in banner.flags


@pytest.mark.parametrize(
    ("url", "masthead"),
    [
        ("https://coastnews.example/world/bridge-to-close", "Coast News Network"),
        ("https://www.agrimarkets.example/news/bridge-to-close", "AgriMarkets Daily"),
        ("https://www.harbourdaily.co.uk/news/bridge-to-close", "The Harbour Daily"),
        ("https://amp.riverpost.example/bridge-to-close", "RiverPost"),
    ],
)
def test_the_sites_name_above_the_headline_is_no_title(url: str, masthead: str) -> None:
    # A reprint's text dump kept its site's name over the headline: "Coast News Network" was the title and the
    # headline the standfirst (qa-updates pass); a source of one page gives corpus statistics nothing to count.
    article = clean_text(
        f"fetched: 2026-03-11T15:10:09Z status=200\nurl: {url}\n{masthead}\nBridge to close for six weeks\n{BODY}"
    )
    assert article.title == "Bridge to close for six weeks"
    assert article.paragraphs == BODY.splitlines()
    assert [(r.reason, r.text) for r in article.removed[1:]] == [("navigation", masthead)]
    # the address given by metadata instead of a header line
    doc = clean_document(f"{masthead}\nBridge to close for six weeks\n{BODY}", url=url)
    assert [(r.reason, r.text) for r in doc.removed] == [("navigation", masthead)]


@pytest.mark.parametrize(
    "first",
    [
        "Coast News cuts 40 jobs",  # a headline about the site opens with its name
        "Coast News Network Sold To Rival",
        "Coastal news in brief",
    ],
)
def test_a_headline_that_names_the_site_stays(first: str) -> None:
    doc = clean_document(
        f"{first}\nThe owner said on Tuesday that the paper would stay in print.\n{BODY}",
        url="https://coastnews.example/a",
    )
    assert doc.removed == [] and doc.head.fields["title"].text == first
    # without an address, nothing is known of the site
    assert clean_document(f"Coast News Network\nBridge to close for six weeks\n{BODY}").removed == []


def test_one_teaser_that_ends_the_page_goes_with_its_heading() -> None:
    # A wire reprint ends "(Reporting by ...; Editing by ...)", "Related coverage" and one headline: one line
    # under a heading was never a list (it may be a caption), so the headline stayed, and the sign-off, no
    # longer the last kept line, was body text rather than the tail's byline (qa-updates pass).
    signoff = "(Reporting by Jane Doe in London; Editing by Mark Roe)"
    article = clean_text(
        f"Bridge to close for six weeks\n{BODY}{signoff}\nRelated coverage\nFerry fares to rise in spring\n"
    )
    assert article.paragraphs == BODY.splitlines()
    assert article.author == "Jane Doe"
    assert [r.reason for r in article.removed] == ["read_more"]
    # followed by anything kept, one line under the heading stays (a caption, a subheading)
    kept = clean_document(BODY + "More stories\nFlood barriers to be tested in March\n" + MORE)
    assert "Flood barriers to be tested in March" in [p.text for p in kept.paragraphs]


@pytest.mark.parametrize("mark", ["☞", "▷", "➡", "⇒", "👉"])
def test_a_headline_after_a_pointing_mark_is_a_teaser(mark: str) -> None:
    # Line rules read lines without their list markers; the pointing marks among them (☞ ▷ ➡ ⇒) were taken
    # off too, so the rule that reads a pointing mark before a headline as a link to another story never saw
    # them (only 👉, ⟹ and 🔗, outside the markers' ranges, were read).
    doc = clean_document(BODY + f"{mark} Harbour Gazette in Latin America\n" + MORE)
    assert [(r.reason, r.text) for r in doc.removed] == [("read_more", f"{mark} Harbour Gazette in Latin America")]


@pytest.mark.parametrize("marker", ["•", "▶", "■", "→", "★"])
def test_list_markers_are_still_unseen_by_line_rules(marker: str) -> None:
    doc = clean_document(BODY + f"{marker} Share this article\n" + MORE)
    assert [r.reason for r in doc.removed] == ["share_prompt"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[South Sudan Accuses Sudan of Bombing Civilian Camp Amid Fears of War][2]", "read_more"),
        ("![Image 3: The dam at dawn][7]", "read_more"),
        ("[email protected]", "tracking_id"),
    ],
)
def test_a_reference_link_line_and_a_protected_address_alone_are_noise(line: str, reason: str) -> None:
    # A markdown reference link alone on its line is a link, as an inline one ("[Headline](url)") was; a
    # CDN's "[email protected]" alone is what its e-mail protection leaves when the page is saved as text.
    doc = clean_document(BODY + line + "\n" + MORE)
    assert [(r.reason, r.text) for r in doc.removed] == [(reason, line)]


def test_reference_links_inside_a_sentence_and_a_protected_address_in_one_stay() -> None:
    lines = [
        "The vote [was close][3] and the council [split][4] over the plan.",
        "Readers can write to [email protected] before Friday.",
    ]
    doc = clean_document(BODY + "\n".join(lines) + "\n" + MORE)
    assert doc.removed == []


@pytest.mark.parametrize(
    "line",
    [
        "📷 Gallery: Bombing at a refugee camp near the border",
        "Photo gallery: 12 pictures of the storm",
        "Versión en español: Council approves the harbour budget",
        "English version: Council approves the harbour budget",
        "Lire en français",
        "Powered by Revcontent",
    ],
)
def test_gallery_language_version_and_widget_vendor_links_are_read_more(line: str) -> None:
    doc = clean_document(BODY + line + "\n" + MORE)
    assert [(r.reason, r.text) for r in doc.removed] == [("read_more", line)]


@pytest.mark.parametrize(
    "line",
    [
        "The gallery: a room of Rembrandts that the museum opened in 1990 and closed again last year.",
        "English version of the law was published on Monday, officials said.",
        "Powered by solar panels, the ferry crossed the harbour in 20 minutes.",
    ],
)
def test_lines_that_open_like_those_links_stay(line: str) -> None:
    doc = clean_document(BODY + line + "\n" + MORE)
    assert doc.removed == []


def test_a_clippers_front_matter_is_a_crawler_header_and_gives_the_source_and_date() -> None:
    # A web clipper writes the page's address, the day it was clipped and its tags between two fences above
    # the text: the fences, "tags:" and the tag stayed as paragraphs, and the address was a tracking id.
    front = (
        '---\nsource: "https://news.example/world/2018/03/a-story"\ncreated: 2018-03-08\ntags:\n  - "clippings"\n---\n'
    )
    doc = clean_document(front + BODY + MORE)
    assert [r.reason for r in doc.removed] == ["crawler_header"]
    assert doc.removed[0].text == front.strip()
    assert (doc.url, doc.fetched) == ("https://news.example/world/2018/03/a-story", "2018-03-08")
    assert [p.text for p in doc.paragraphs] == [*BODY.splitlines(), MORE.strip()]


def test_a_dash_rule_around_prose_at_the_top_stays() -> None:
    doc = clean_document("---\n" + BODY + "---\n" + MORE)
    assert "crawler_header" not in [r.reason for r in doc.removed]
