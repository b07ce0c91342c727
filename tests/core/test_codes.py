"""Machine codes by shape (core.codes) and the cleaner's use of them (whole lines and glued tails)."""

from __future__ import annotations

import pytest

from samestory import clean_text
from samestory.core.codes import code_line, is_code

BODY = [
    "The council approved the new budget on Tuesday after a long debate over funding for schools and roads.",
    "Officials said the plan would take effect next month, with the first payments due before the end of the year.",
    "Critics argued that the measure did not go far enough, while supporters called it a careful compromise.",
]


@pytest.mark.parametrize(
    "token",
    ["~qv087010", "RMG35xzrs915", "3329**0356", "**1428", "[#7d38d990]", "MNA/5192092", "postid-440595",
     "3fefc63f0cd0e873", "8a60PiyVJ84gDb)", "bit.ly/2xYz9Ab3"],
)  # fmt: skip
def test_codes_by_shape(token: str) -> None:
    assert is_code(token)


@pytest.mark.parametrize(
    "token",
    ["COVID-19", "1990s", "A320neo", "9to5mac", "12,500", "2026-03-03", "+44", "$1.5bn", "F-35A", "pregnant-woman-600",
     "eternal....NWR20230115538063", "(Reddit)ZT89092606N06318", "H5N1", "MP3s", "#MH370", "@user123"],
)  # fmt: skip
def test_words_and_numbers_are_no_codes(token: str) -> None:
    assert not is_code(token)


@pytest.mark.parametrize("token", ["qHtJvaYALuby", "oPZrpulRBPSggM", "gzltaejpxychfkgq", "(Slug#qHtJvaYALuby)"])
def test_ids_with_few_digits_are_codes_when_their_letters_read_as_no_word(token: str) -> None:
    assert is_code(token)


@pytest.mark.parametrize(
    "token",
    ["Munajjid", "GlaxoSmithKline", "JPMorgan", "WikiLeaks", "Bundesverfassungsgericht", "haemorrhagic", "strengths",
     "NDJAMENA", "al-Nujeifi", "pic.twitter.com/OLSxlYPelj", "http://t.co/gqUkYTMy0t"],
)  # fmt: skip
def test_names_words_acronyms_and_links_are_no_scrambled_codes(token: str) -> None:
    assert not is_code(token)


def test_a_line_of_letters_that_read_as_no_word_goes_and_a_name_alone_stays() -> None:
    text = "\n".join([*BODY[:2], "oPZrpulRBPSggM", "Munajjid", BODY[2]])
    article = clean_text(text)
    assert [(r.reason, r.text) for r in article.removed] == [("tracking_id", "oPZrpulRBPSggM")]
    assert "Munajjid" in article.text


def test_a_code_line_may_have_a_label_closed_as_a_key() -> None:
    assert code_line("Job: 6d71627ce31c23f17009e8d5") == "6d71627ce31c23f17009e8d5"
    assert code_line("Key - 4e6f96479327d69f1c6") == "4e6f96479327d69f1c6"
    assert code_line("(Content ID: 8a60PiyVJ84gDb)") == "8a60PiyVJ84gDb"
    assert code_line("~qv087010") == "~qv087010"
    # A bare word before the code may be a credit or text; words after it make a headline or a sentence.
    assert code_line("[BBC] BVR612982238927") is None
    assert code_line("via @JukinVideo827988375143") is None
    assert code_line("Flight AB12345 delayed") is None
    assert code_line("Tel: 020 7946 0958") is None
    assert code_line("The id was RMG35xzrs915 and more") is None


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Source ID 8b483b7ffc050fec94dbca3a0aac360", "8b483b7ffc050fec94dbca3a0aac360"),  # no key's mark
        ("Asset ad7312fa1c8be785e55eb4c26", "ad7312fa1c8be785e55eb4c26"),
        ("Msg - 69848578", "69848578"),  # a long number after an id's label
        ("cid 98124674", "98124674"),
        ("(ID xqSN7mzD)", "xqSN7mzD"),  # a short mix of letters and digits after it
    ],
)
def test_a_label_that_names_an_id_needs_no_key_mark(line: str, code: str) -> None:
    assert code_line(line) == code


@pytest.mark.parametrize(
    "line", ["Page - 123456", "Tel: 0207123456", "Source: Reuters", "Article 2019", "Story: Part 2"]
)
def test_numbers_and_words_after_other_labels_are_no_ids(line: str) -> None:
    """Only an id's label makes a bare number an id: a page number, a phone number and a year are not."""
    assert code_line(line) is None


@pytest.mark.parametrize("where", [0, 1, 3])
def test_the_cleaner_removes_a_code_line_wherever_it_stands(where: int) -> None:
    lines = list(BODY)
    lines.insert(where, "RMG35xzrs915")
    text = "\n".join(lines)
    article = clean_text(text)
    removed = [r for r in article.removed if r.text == "RMG35xzrs915"]
    assert len(removed) == 1 and removed[0].reason == "tracking_id"
    assert text[removed[0].start : removed[0].end] == "RMG35xzrs915"
    assert article.paragraphs == BODY


def test_a_code_glued_after_the_last_sentence_goes_and_the_sentence_stays() -> None:
    text = "\n".join([*BODY[:2], BODY[2] + "\u201d~qv087010"])
    article = clean_text(text)
    (removed,) = [r for r in article.removed if r.reason == "tracking_id"]
    assert removed.text == "~qv087010" and "machine code" in removed.evidence
    assert article.paragraphs[-1] == BODY[2] + "\u201d"


def test_a_label_goes_with_its_code() -> None:
    # Whole: the inline pass, after this one, would take the code and leave "Item:" as a paragraph.
    article = clean_text("\n".join([*BODY[:2], "Item: 16a359d42f2db4eca9f24026b", BODY[2]]))
    assert [(r.reason, r.text) for r in article.removed] == [("tracking_id", "Item: 16a359d42f2db4eca9f24026b")]


def test_dates_stay_and_crawl_log_lines_keep_their_reason() -> None:
    text = "\n".join([*BODY, "2026-03-03T10:15:00Z"])
    assert not [r for r in clean_text(text).removed if r.reason == "tracking_id"]
    # A crawler's log line mixes codes and a date: the passes that read headers name it.
    article = clean_text("\n".join(["2024-02-17|503|example.com.ng", *BODY]))
    assert [r.reason for r in article.removed] == ["crawler_header"]


@pytest.mark.parametrize(
    ("last", "kept", "code"),
    [
        ("Don't or you will be shot 3329**0356", "Don't or you will be shot", "3329**0356"),
        ("Relatives fear the missing students were taken StudentsID1649733",
         "Relatives fear the missing students were taken Students", "ID1649733"),
        ("designed to establish a full empire.3455**4574", "designed to establish a full empire.", "3455**4574"),
    ],
)  # fmt: skip
def test_a_code_ending_a_paragraph_without_a_closing_mark_goes_and_the_words_stay(
    last: str, kept: str, code: str
) -> None:
    article = clean_text("\n".join([*BODY, last]))
    assert [(r.reason, r.text) for r in article.removed] == [("tracking_id", code)]
    assert article.paragraphs[-1] == kept


@pytest.mark.parametrize(
    "last",
    [
        "Nvidia unveiled its new graphics card, the RTX4090",  # a model's name is no code
        "Follow the reporter on social media at @news_desk_2024",  # a handle
        "See the photos at https://example.com/gallery/storm_2024_09",  # a link's path
        "The figure rose to 3.14159 in the final quarter",  # a number
    ],
)
def test_words_ending_a_paragraph_without_a_closing_mark_stay(last: str) -> None:
    article = clean_text("\n".join([*BODY, last]))
    assert not [r for r in article.removed if r.reason == "tracking_id"]
    assert article.paragraphs[-1] == last


def test_a_cdn_email_placeholder_glued_after_a_sentence_goes() -> None:
    article = clean_text("\n".join([*BODY[:2], BODY[2] + "[email\u00a0protected]"]))
    assert [(r.reason, r.text) for r in article.removed] == [("tracking_id", "[email\u00a0protected]")]
    assert article.paragraphs[-1] == BODY[2]
