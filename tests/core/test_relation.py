from pathlib import Path

import pytest

from samestory import clean_text, compare
from samestory.core.cluster import STORY_LINKAGE
from samestory.core.relation import RelationParams, Scores, relation_of, similarity_of
from samestory.stages.match import match


@pytest.mark.parametrize(
    ("scores", "same_text", "relation"),
    [
        (Scores(), True, "exact_duplicate"),
        (Scores(exact_coverage_a=0.95, exact_coverage_b=0.93, coverage_a=1, coverage_b=1), False, "near_duplicate"),
        (Scores(exact_coverage_a=0.9, exact_coverage_b=0.4, coverage_a=0.9, coverage_b=0.4), False, "partial_reprint"),
        (Scores(exact_coverage_a=0.2, coverage_a=0.7, coverage_b=1.0, strong_coverage_b=0.9), False, "rewrite"),
        (Scores(coverage_b=0.5, strong_coverage_b=0.1, semantic=0.8, entities=0.3), False, "same_event"),
        (Scores(semantic=0.8, entities=0.2), False, "same_event"),
        (Scores(semantic=0.9, entities=0.05), False, "unrelated"),  # same kind of event, other names
        (Scores(semantic=0.2, entities=0.5), False, "unrelated"),
    ],
)
def test_relations(scores: Scores, same_text: bool, relation: str) -> None:
    assert relation_of(scores, same_text) == relation


def test_similarity_is_monotone_in_evidence() -> None:
    weak, strong = Scores(semantic=0.7), Scores(semantic=0.7, coverage_a=0.8, strong_coverage_a=0.8)
    assert 0 <= similarity_of(weak) < similarity_of(strong) <= 1
    assert similarity_of(Scores(coverage_b=1.0, strong_coverage_b=1.0, semantic=0.7)) == 1.0
    # Weak paraphrases alone (coverage without strong coverage) are no evidence of one story.
    assert similarity_of(Scores(coverage_b=1.0)) == 0.0


def _aligned(exact: tuple[float, float], strong: tuple[float, float], coverage: tuple[float, float]) -> Scores:
    """Scores of a pair aligned by exact spans, strong paraphrases and any paraphrase, per side (a, b)."""
    return Scores(
        exact_coverage_a=exact[0], exact_coverage_b=exact[1], strong_coverage_a=strong[0],
        strong_coverage_b=strong[1], coverage_a=coverage[0], coverage_b=coverage[1],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("scores", "relation"),
    [
        # Half of a's sentences verbatim in b, the rest strongly reworded; b aligned all over.
        (_aligned((0.55, 0.5), (0.9, 0.8), (0.9, 0.85)), "rewrite"),
        # The same with weak paraphrases only (two reports of one kind of event read alike).
        (_aligned((0.55, 0.5), (0.55, 0.5), (0.9, 0.85)), "partial_reprint"),
        # A verbatim excerpt: one side fully inside the other, nothing reworded.
        (_aligned((1.0, 0.45), (1.0, 0.45), (1.0, 0.45)), "partial_reprint"),
        # Rewording on one side only (a few edited sentences in a longer reprint).
        (_aligned((0.6, 0.85), (0.9, 0.85), (0.95, 0.9)), "partial_reprint"),
        # A rewrite cut short: the short side all aligned, most of it verbatim, a third strongly reworded;
        # the long side (the whole original) aligned only as far as the rewrite goes, reworded there too.
        (_aligned((0.71, 0.30), (1.0, 0.58), (1.0, 0.58)), "rewrite"),
        # An excerpt with a few words edited: its rewording is diluted to nothing in the longer original.
        (_aligned((0.85, 0.40), (1.0, 0.45), (1.0, 0.45)), "partial_reprint"),
    ],
)
def test_rewrite_needs_strong_rewording_on_both_sides_else_a_partial_reprint(scores: Scores, relation: str) -> None:
    assert relation_of(scores, same_text=False) == relation


def test_meaning_counts_only_with_shared_names() -> None:
    # Equally close in meaning; the pair that shares few names and numbers is less surely one story.
    assert similarity_of(Scores(semantic=0.8, entities=0.05)) < similarity_of(Scores(semantic=0.8, entities=0.15))
    # At ``event_entities`` and above, meaning counts fully.
    full = RelationParams().event_entities
    assert similarity_of(Scores(semantic=0.8, entities=full)) == similarity_of(Scores(semantic=0.8, entities=0.6))
    assert similarity_of(Scores(semantic=0.8, entities=full - 0.05)) < similarity_of(
        Scores(semantic=0.8, entities=full)
    )
    off = RelationParams(event_entities=0.0)
    assert similarity_of(Scores(semantic=0.8, entities=0.05), off) == similarity_of(Scores(semantic=0.8), off)


EVENTS = Path(__file__).parents[1] / "data" / "events"


def test_two_events_of_one_kind_are_two_stories() -> None:
    # Two reports of one actress entering rehab, and a report of another actress entering another clinic:
    # as close in meaning, but sharing almost no names.
    articles = [clean_text((EVENTS / f"{name}.txt").read_text(), id=name) for name in ("lohan_a", "lohan_b", "reid")]
    one = compare(articles[0], articles[1])
    other = compare(articles[1], articles[2])
    # Sure of one story from meaning and shared names alone (0.79): no exact span nor strong paraphrase,
    # and weak paraphrases are no evidence in the similarity (0.86 when they counted).
    assert one.relation == "same_event" and one.similarity >= 0.75
    # close in meaning, but 3 names in 35 shared ("center", "los", "angeles"): another story, whether the
    # pair is called unrelated (below the floor of shared names) or a distant same-event report
    assert other.relation in {"same_event", "unrelated"}
    assert other.scores["semantic"] >= 0.5 and other.similarity < STORY_LINKAGE
    assert sorted(s.members for s in match(articles).stories) == [["lohan_a", "lohan_b"], ["reid"]]


def test_a_passage_shared_by_articles_that_do_not_read_alike_is_no_evidence_of_one_story() -> None:
    # A weekly roundup reprints the lead of a rates story (half of a short reprint of it) among other items:
    # a partial reprint, but the two leads are far apart in meaning, so the passage (and the quote in it)
    # says the two share a passage, not that they tell one story. It was 0.75, over the story linkage.
    roundup = Scores(exact_coverage_a=0.5, exact_coverage_b=0.27, strong_coverage_a=0.5, strong_coverage_b=0.27,
                     coverage_a=0.5, coverage_b=0.27, semantic=0.27, entities=0.27, quotes=1.0)  # fmt: skip
    assert relation_of(roundup, same_text=False) == "partial_reprint"
    assert similarity_of(roundup) < STORY_LINKAGE
    # The same passage between articles whose leads read alike (an excerpt of the story) is strong evidence.
    excerpt = Scores(**{**roundup.to_dict(), "semantic": 0.77})
    assert similarity_of(excerpt) >= 0.75


ROUNDUPS = Path(__file__).parents[1] / "data" / "roundups"


def test_a_roundup_does_not_chain_the_stories_it_reprints() -> None:
    # "The week in review" reprints a paragraph or two of three stories, each told by a wire and a shorter
    # reprint: it is a partial reprint of each reprint, and its copy edges made one family (and one story) of
    # all three. It joins the story its lead tells (the floods) and no other.
    names = ("floods_wire", "floods_reprint", "rates_wire", "rates_reprint", "court_wire", "court_reprint")
    articles = [clean_text((ROUNDUPS / f"{n}.txt").read_text(), id=n) for n in (*names, "week_in_review")]
    result = match(articles)
    relations = {(p.a, p.b): p.relation for p in result.pairs}
    assert relations[("rates_reprint", "week_in_review")] == "partial_reprint"  # still said, and aligned
    assert sorted(s.members for s in result.stories) == [
        ["court_reprint", "court_wire"],
        ["floods_reprint", "floods_wire", "week_in_review"],
        ["rates_reprint", "rates_wire"],
    ]
    families = {tuple(f.members): f.original for s in result.stories for f in s.families}
    assert families[("court_reprint", "court_wire")] == "court_wire"
    assert families[("rates_reprint", "rates_wire")] == "rates_wire"
    assert "week_in_review" not in families.values()


def test_a_follow_up_that_repeats_background_is_one_story_but_not_called_independent() -> None:
    # A week after a plant fire, a report of the inquiry's findings repeats two paragraphs of the first
    # report as background: a new development of one story (same_event, too little reprinted for a copy),
    # whose direction said "independent reports of one event: neither was made from the other".
    wire, later = (clean_text((ROUNDUPS / f"{n}.txt").read_text(), id=n) for n in ("fire_wire", "fire_followup"))
    pair = compare(wire, later)
    assert pair.relation == "same_event" and pair.similarity >= STORY_LINKAGE
    assert any(a.kind == "exact" for a in pair.alignment)
    assert pair.direction.original is None
    assert not any("independent" in e for e in pair.direction.evidence)
    assert any("verbatim" in e for e in pair.direction.evidence)
    assert [s.members for s in match([wire, later]).stories] == [["fire_followup", "fire_wire"]]


def test_a_rewrite_whose_reworded_lead_reads_apart_is_still_one_story() -> None:
    # An MRPC rewrite of the synthetic corpus: aligned over 0.72 and 1.0 of each side, lead cosine 0.29. Only
    # texts nearly verbatim both ways were spared the roundup rule, and the pair's similarity was 0, as a
    # roundup's item's is: it joined no family and no story.
    rewrite = Scores(coverage_a=0.72, coverage_b=1.0, exact_coverage_a=0.17, exact_coverage_b=0.28,
                     strong_coverage_a=0.59, strong_coverage_b=0.85, semantic=0.29, entities=0.43)  # fmt: skip
    assert relation_of(rewrite, same_text=False) == "rewrite"
    assert similarity_of(rewrite) >= 0.8
