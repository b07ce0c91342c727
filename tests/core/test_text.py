"""Text primitives: the quick word-count rejection in template_key changes no template."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.text import (
    _OVER_MAX_WORDS,
    TEMPLATE_MAX_WORDS,
    fold,
    key_of,
    lower_fold,
    match_key,
    rule_form,
    template_key,
)

_WORD = re.compile(r"\w+")

_PIECES = st.sampled_from(["a", "Comments", "8", "é", "_", "-", " ", "  ", ".", "—", "x_y", "١٢", "\u00a0", "ß"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_over_max_words_is_a_word_count(pieces: list[str]) -> None:
    folded = fold("".join(pieces))
    assert (_OVER_MAX_WORDS.match(folded) is not None) == (len(_WORD.findall(folded)) > TEMPLATE_MAX_WORDS)


def test_templates_at_the_word_limit() -> None:
    assert template_key(" ".join(["x"] * TEMPLATE_MAX_WORDS)) == " ".join(["x"] * TEMPLATE_MAX_WORDS)
    assert template_key(" ".join(["x"] * (TEMPLATE_MAX_WORDS + 1))) == ""
    assert template_key("xxxxxxxxxxxxxxxxxxxxxxxxx 8 comments") == "xxxxxxxxxxxxxxxxxxxxxxxxx 0 comments"


def test_site_names_and_masks() -> None:
    from samestory.core.text import mask_site, site_names

    assert site_names("news.example.co.uk") == ("news", "example")
    assert site_names("crawl/www.harbourpost.com") == ("harbourpost",)
    names = site_names("harbourpost.com")
    assert mask_site("2024 harbour post . all rights reserved", names) == "2024 @site . all rights reserved"
    assert mask_site("the harbourpost app", names) == "the @site app"
    # A word of the name is masked alone too, but never one of fewer than 4 letters.
    assert mask_site("a post about the port", names) == "a @site about the port"
    assert mask_site("the bay", ("thebay",)) == "@site"
    assert mask_site("the bay", ("bayside",)) == "the bay"


def _mask_site_plainly(template: str, names: tuple[str, ...]) -> str:
    """mask_site as first written: at every word, the longest run of up to four words that spells a name part."""
    from samestory.core.text import SITE_MASK

    if not names:
        return template
    tokens, out, at = template.split(" "), [], 0
    while at < len(tokens):
        end = at
        while end < len(tokens) and end - at < 4 and tokens[end].isalpha():
            end += 1
        size = next(
            (n for n in range(end - at, 0, -1)
             if len(run := "".join(tokens[at : at + n])) >= 4 and any(run in name for name in names)),
            0,
        )  # fmt: skip
        if size:
            if not out or out[-1] != SITE_MASK:
                out.append(SITE_MASK)
            at += size
        else:
            out.append(tokens[at])
            at += 1
    return " ".join(out)


_WORDS = ("bay", "times", "the", "a", "post", "harbour", "on", "2024", ".", "", "ba", "ytimes", "news", "herald", "s")


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=12),
    names=st.lists(st.sampled_from(["baytimes", "harbourpost", "thebay", "heraldnews", "sbay"]), max_size=2),
)
def test_mask_site_skips_words_in_no_name_and_masks_the_same(words: list[str], names: list[str]) -> None:
    from samestory.core.text import mask_site

    template = " ".join(words)
    assert mask_site(template, tuple(names)) == _mask_site_plainly(template, tuple(names))


_ASCII_PIECES = st.sampled_from(["a", "Share", "8", "_", "-", " ", "  ", ".", "'", "\t", "\x1c", "\x1f", "\x01", "|"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ASCII_PIECES, max_size=30))
def test_ascii_shortcuts_give_the_plain_forms(pieces: list[str]) -> None:
    """key_of's byte table and fold's already-normal test give what str.translate and str.split give."""
    import string

    from samestory.core.text import key_of

    text = "".join(pieces)
    punct_to_space = str.maketrans(dict.fromkeys(string.punctuation, " "))
    assert key_of(text) == " ".join(text.translate(punct_to_space).split())
    assert fold(text) == " ".join(text.split())


@given(
    st.lists(
        st.sampled_from(
            [*"aZ9 .,_'-\"\n\t\x00\x1c\x7f\u201c\u201d\u2019\u2014\u00a0\u00e9\u00c9\ufb01\u2460\u0301", "  "]
        ),
        max_size=40,
    )
)
def test_match_key_of_ascii_and_typographic_text_is_the_folded_key(parts: list[str]) -> None:
    """match_key's one-table path for text whose only non-ASCII characters fold makes punctuation or a
    space gives what folding, case-folding and keying give (the path every other text takes)."""
    text = "".join(parts)
    assert match_key(text) == key_of(lower_fold(text))


def test_rule_form_drops_list_markers_and_pictographs_but_not_pointing_marks() -> None:
    assert rule_form("\u2022 Share THIS") == "share this"
    assert rule_form("\U0001f525 Trending: Ferry fares rise") == "trending: ferry fares rise"
    # A pointing hand or a link's mark before a headline says it links to another story: the rules see it.
    assert rule_form("\U0001f449 Ferry fares rise") == "\U0001f449 ferry fares rise"
    assert rule_form("\U0001f517 Ferry fares rise") == "\U0001f517 ferry fares rise"
