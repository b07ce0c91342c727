"""Headlines registered from documents' heads, and the windows of a body line that may name one."""

from __future__ import annotations

from samestory.core.headlines import (
    TITLE_MAX_WORDS,
    TITLE_MIN_WORDS,
    WRAP_WORDS,
    candidate,
    closed,
    continued_id,
    head_titles,
    headline_id,
    registered,
    title_words,
    windows,
)

LEAD = "The council voted on Tuesday to close the old bridge to lorries while engineers inspect it."


def test_head_titles_are_the_short_unclosed_lines_above_the_first_paragraph() -> None:
    lines = [
        "crawled 2026-02-12",  # four words: not registered
        "Sorry, we could not load the comments.",  # a short closed line: skipped, the head goes on
        "Bridge closed to lorries after cracks found",
        "Engineers will inspect the span this week",
        LEAD,
        "Council to vote again on the bridge in May",  # below the first paragraph: the body's, not a headline
    ]
    assert head_titles(lines) == [
        ("bridge", "closed", "to", "lorries", "after", "cracks", "found"),
        ("engineers", "will", "inspect", "the", "span", "this", "week"),
    ]


def test_a_given_title_is_registered_and_lengths_are_bounded() -> None:
    long = " ".join(["word"] * (TITLE_MAX_WORDS + 1))
    assert head_titles([long, LEAD], "Bridge Closed To Lorries!") == []  # 4 words given, 21 in the head
    given = "Bridge closed to lorries after cracks found"
    assert head_titles([LEAD], given) == [title_words(given)]


def test_title_words_ignore_case_punctuation_and_link_targets() -> None:
    assert title_words("[Bridge “closed” to lorries](https://example.com/a-b) — after cracks") == (
        "bridge", "closed", "to", "lorries", "after", "cracks",
    )  # fmt: skip
    assert headline_id(title_words("BRIDGE CLOSED: to lorries")) == headline_id(("bridge", "closed", "to", "lorries"))


def test_windows_take_at_most_the_wrap_words_from_the_two_ends() -> None:
    words = title_words("Read more: Bridge closed to lorries after cracks found (2 days)")
    found = windows(words)
    assert title_words("Bridge closed to lorries after cracks found") in found
    assert all(len(words) - len(w) <= WRAP_WORDS and len(w) >= TITLE_MIN_WORDS for w in found)
    assert len(found) == len(set(found)) == 15
    assert windows(("a", "b", "c", "d")) == []


def test_candidates_are_short_lines_not_closed_by_a_full_stop() -> None:
    assert candidate("Read more: Bridge closed to lorries after cracks found")
    assert candidate("Will the bridge reopen before the summer holidays?")  # a question is a headline's
    assert candidate("Bridge closed to lorries after cracks found.") is None
    assert candidate("Bridge closed to lorries after “cracks found.”") is None
    assert candidate("Bridge closed to lorries") is None  # too short to hold a registered headline
    assert candidate(LEAD.rstrip(".") + " and " + LEAD) is None  # a paragraph
    assert closed("He said so.)") and not closed("Coming up...?")


def test_a_document_registers_its_headlines_alone_and_with_the_paragraph_that_ends_its_head() -> None:
    lines = ["Bridge closed to lorries after cracks found", LEAD, "More text follows here, and more of it."]
    title = title_words(lines[0])
    assert registered(lines) == [headline_id(title), continued_id(title, LEAD)]
    assert registered(lines[:1]) == [headline_id(title)]  # no paragraph: nothing to continue with
    assert continued_id(title, LEAD) == continued_id(title, LEAD.upper()) != continued_id(title, lines[2])
