"""Records as a user meets them in a notebook: their repr."""

from __future__ import annotations

import dataclasses

from samestory import Family, Pair, RawRecord, Removal, Story, clean_text
from samestory.records import Alignment


def test_the_repr_of_a_record_with_a_long_text_stays_short() -> None:
    """``result.articles[0]`` in a notebook printed the whole article twice (``original`` and every
    paragraph) and every removal's text: 2 MB for a 1 MB page. Long strings and lists are cut, with their
    sizes; the id, title and flags are there whole."""
    body = "\n".join(f"Paragraph {i} of the story tells what happened next, at some length." for i in range(20_000))
    article = clean_text("A Headline Here\n" + body + "\nShare this article", id="big")
    shown = repr(article)
    assert len(shown) < 2_000, len(shown)
    assert shown.startswith("Article(id='big', ") and "title='A Headline Here'" in shown
    assert f"({len(article.original):,} chars)" in shown and f"({len(article.paragraphs):,} items)" in shown
    raw = RawRecord(id="big", input="big", format="text", text=article.original)
    pair = Pair("a", "b", "rewrite", 0.9, alignment=[Alignment(i, i + 1, i, i + 1, "exact", 1.0) for i in range(5000)])
    assert len(repr(raw)) < 500 and len(repr(pair)) < 1_000
    members = [f"crawl/{i}.txt" for i in range(9000)]
    story = Story("s1", members, [Family(members[0], members, [f"{m} carries an aggregator credit" for m in members])])
    assert len(repr(story)) < 1_000


def test_the_repr_of_a_short_record_is_the_dataclass_s() -> None:
    removal = Removal("share_prompt", 1, 20, "Share this article", "pattern")
    fields = ", ".join(f"{f.name}={getattr(removal, f.name)!r}" for f in dataclasses.fields(removal))
    assert repr(removal) == f"Removal({fields})"
    assert repr(Pair("a", "b", "rewrite", 0.9)).startswith("Pair(a='a', b='b', relation='rewrite', similarity=0.9, ")
