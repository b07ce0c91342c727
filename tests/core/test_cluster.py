import random

from samestory.core.cluster import UnionFind, build_stories
from samestory.records import Direction, Pair


def pairs() -> list[Pair]:
    return [
        Pair("w", "x", "rewrite", 0.9, direction=Direction("w", ["w carries passages x lacks"])),
        Pair("w", "y", "near_duplicate", 0.95, direction=Direction("w")),
        Pair("y", "z", "same_event", 0.4),
        Pair("p", "q", "unrelated", 0.1),
    ]


def test_stories_and_families() -> None:
    stories = build_stories(["w", "x", "y", "z", "p", "q"], pairs())
    by_members = {tuple(s.members): s for s in stories}
    # z is close to one member of the family of three only (mean 0.4 / 3, below the linkage): average
    # linkage keeps it apart.
    assert set(by_members) == {("w", "x", "y"), ("z",), ("p",), ("q",)}
    assert [(f.members, f.original) for f in by_members[("w", "x", "y")].families] == [(["w", "x", "y"], "w")]
    linked = [*pairs(), Pair("w", "z", "same_event", 0.8), Pair("x", "z", "same_event", 0.6)]
    (big,) = [s for s in build_stories(["w", "x", "y", "z"], linked) if len(s.members) > 1]
    assert big.members == ["w", "x", "y", "z"]
    assert [(f.members, f.original) for f in big.families] == [(["w", "x", "y"], "w"), (["z"], None)]


def test_order_independent_ids() -> None:
    ids = ["w", "x", "y", "z", "p", "q"]
    reference = [s.to_dict() for s in build_stories(ids, pairs())]
    for seed in range(5):
        rng = random.Random(seed)
        shuffled_ids, shuffled_pairs = ids[:], pairs()
        rng.shuffle(shuffled_ids)
        rng.shuffle(shuffled_pairs)
        assert [s.to_dict() for s in build_stories(shuffled_ids, shuffled_pairs)] == reference


def wire_family() -> list[Pair]:
    """A Reuters story, an aggregator's copy and a blog's copy a day later, and a reprint of its first half."""
    agg = "menafn carries an aggregator credit (MENAFN)"
    return [
        Pair("reuters", "menafn", "exact_duplicate", 1.0, direction=Direction("reuters", [
            "reuters published 2026-03-03, before menafn", agg, "reuters carries a wire credit (Reuters)"])),
        Pair("blog", "reuters", "exact_duplicate", 1.0, direction=Direction("reuters", [
            "reuters published 2026-03-03, before blog"])),
        Pair("blog", "menafn", "exact_duplicate", 1.0, direction=Direction("blog", [
            agg, "blog carries a wire credit (Reuters)"])),
        Pair("menafn", "short", "partial_reprint", 1.0, direction=Direction("menafn", [
            "menafn published 2026-03-04, before short", agg,
            "menafn carries passages short lacks (44% of its text); not the reverse"])),
    ]  # fmt: skip


def test_a_familys_evidence_does_not_depend_on_the_order_of_its_pairs() -> None:
    # The family's evidence was its pairs' evidence in the order the pairs came: the same corpus gave
    # another stories.jsonl when pairs arrived in another order (or with a and b the other way round).
    ids = ["blog", "menafn", "reuters", "short"]
    (reference,) = build_stories(ids, wire_family())
    assert reference.families[0].original == "reuters"
    evidence = reference.families[0].evidence
    assert evidence.count("menafn carries an aggregator credit (MENAFN)") == 1  # once, however many pairs say it
    for seed in range(5):
        rng = random.Random(seed)
        shuffled = [Pair(p.b, p.a, p.relation, p.similarity, direction=p.direction) for p in wire_family()]
        rng.shuffle(shuffled)
        (story,) = build_stories(ids[::-1], shuffled)
        assert story.to_dict() == reference.to_dict()


def test_the_same_article_twice_is_the_familys_original_under_its_first_id() -> None:
    # The Reuters story saved twice under two names: both files win their pairs with the later copies and
    # neither is ever a copy, and nothing decides between the two (the same text, the same date). The family's
    # original was None with "candidates disagree", which they do not: they are one text.
    twin = Pair("reuters", "reuters-2", "exact_duplicate", 1.0, direction=Direction(None, ["no evidence either way"]))
    again = [Pair("reuters-2", p.b if p.a == "reuters" else p.a, p.relation, p.similarity,
                  direction=Direction("reuters-2", [e.replace("reuters ", "reuters-2 ") for e in p.direction.evidence]))
             for p in wire_family() if "reuters" in (p.a, p.b)]  # fmt: skip
    ids = ["blog", "menafn", "reuters", "reuters-2", "short"]
    (story,) = build_stories(ids, [*wire_family(), *again, twin])
    family = story.families[0]
    assert family.original == "reuters"
    assert "reuters and reuters-2 are one text" in family.evidence[-1]
    # Two heads that are not one text stay undecided, and the evidence says they tie, not that they disagree.
    (story,) = build_stories(ids, [*wire_family(), *again, Pair("reuters", "reuters-2", "rewrite", 0.9)])
    assert story.families[0].original is None
    assert story.families[0].evidence[-1].startswith("no pair decides between reuters and reuters-2")


def test_conflicting_directions_leave_original_open() -> None:
    ps = [
        Pair("a", "b", "rewrite", 0.9, direction=Direction("a")),
        Pair("b", "c", "rewrite", 0.9, direction=Direction("c")),
    ]
    (story,) = build_stories(["a", "b", "c"], ps)
    assert story.families[0].original is None
    assert story.families[0].evidence[-1].startswith("no pair decides between a and c")
    cycle = [  # a before b, b before c, c before a: every member is someone's copy
        Pair("a", "b", "rewrite", 0.9, direction=Direction("a")),
        Pair("b", "c", "rewrite", 0.9, direction=Direction("b")),
        Pair("a", "c", "rewrite", 0.9, direction=Direction("c")),
    ]
    (story,) = build_stories(["a", "b", "c"], cycle)
    assert story.families[0].original is None
    assert "disagree" in story.families[0].evidence[-1]


def test_union_find_root_is_smallest() -> None:
    uf = UnionFind(["c", "b", "a"])
    uf.union("c", "b")
    uf.union("b", "a")
    assert uf.find("c") == "a" and uf.groups() == [["a", "b", "c"]]


def test_linkage_uses_the_mean_after_a_merge() -> None:
    # a-b merge first; then {a, b} and c average (0.5 + 0) / 2 = 0.25, below the linkage. The entry for a-c
    # pushed before the merge (0.5) must not join them.
    ps = [Pair("a", "b", "same_event", 0.9), Pair("a", "c", "same_event", 0.5)]
    assert [s.members for s in build_stories(["a", "b", "c"], ps, min_linkage=0.4)] == [["a", "b"], ["c"]]
    assert [s.members for s in build_stories(["a", "b", "c"], ps, min_linkage=0.25)] == [["a", "b", "c"]]


def story_of_four() -> list[Pair]:
    members = ["a", "b", "c", "d"]
    return [Pair(x, y, "same_event", 0.8) for k, x in enumerate(members) for y in members[k + 1 :]]


def test_a_report_linked_to_part_of_a_big_story_joins_it() -> None:
    # e is related to a and b only: mean (0.3 + 0.2) / 4 = 0.125, below the linkage (the pairs e never had
    # with c and d count 0); f is related to nobody; g and h only to each other, under the linkage.
    ps = [*story_of_four(), Pair("a", "e", "same_event", 0.3), Pair("b", "e", "same_event", 0.2)]
    ps.append(Pair("g", "h", "same_event", 0.1))
    ids = ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert [s.members for s in build_stories(ids, ps)] == [["a", "b", "c", "d", "e"], ["f"], ["g"], ["h"]]
    off = [s.members for s in build_stories(ids, ps, attach_size=0)]
    assert off == [["a", "b", "c", "d"], ["e"], ["f"], ["g"], ["h"]]
    # Below the floor of the mean, it stays apart.
    apart = [s.members for s in build_stories(ids, ps, attach_linkage=0.2)]
    assert ["e"] in apart


def test_a_small_group_joins_the_story_it_links_to_best() -> None:
    # Two stories of four; the pair x-y leans to the second (mean 0.4 / 8 against 0.2 / 8).
    second = [Pair(a.upper(), b.upper(), "same_event", 0.8) for a, b in ((p.a, p.b) for p in story_of_four())]
    ps = [*story_of_four(), *second, Pair("x", "y", "same_event", 0.9)]
    ps += [Pair("a", "x", "same_event", 0.2), Pair("A", "x", "same_event", 0.2), Pair("B", "y", "same_event", 0.2)]
    ids = ["a", "b", "c", "d", "A", "B", "C", "D", "x", "y"]
    assert sorted(s.members for s in build_stories(ids, ps)) == [["A", "B", "C", "D", "x", "y"], ["a", "b", "c", "d"]]


def test_attachment_is_order_independent() -> None:
    # e relates equally to two stories of four (mean 0.05 each): the tie goes to the smaller root id.
    second = [Pair(a.upper(), b.upper(), "same_event", 0.8) for a, b in ((p.a, p.b) for p in story_of_four())]
    ps = [*story_of_four(), *second, Pair("a", "e", "same_event", 0.2), Pair("A", "e", "same_event", 0.2)]
    ids = ["a", "b", "c", "d", "A", "B", "C", "D", "e"]
    reference = [s.to_dict() for s in build_stories(ids, ps)]
    assert sorted(s["members"] for s in reference) == [["A", "B", "C", "D", "e"], ["a", "b", "c", "d"]]
    for seed in range(5):
        rng = random.Random(seed)
        shuffled_ids, shuffled_pairs = ids[:], ps[:]
        rng.shuffle(shuffled_ids)
        rng.shuffle(shuffled_pairs)
        assert [s.to_dict() for s in build_stories(shuffled_ids, shuffled_pairs)] == reference


def test_a_copy_pair_that_tells_no_one_story_joins_no_family() -> None:
    # A roundup reprints a passage of two stories; with the story of its lead it reads alike (0.85), with the
    # other not (a shared passage only: similarity 0). Families are inside stories: the second copy edge
    # chained both stories' families into one.
    linked = [
        Pair("a1", "a2", "partial_reprint", 1.0, direction=Direction("a1")),
        Pair("b1", "b2", "partial_reprint", 1.0, direction=Direction("b1")),
        Pair("a2", "r", "partial_reprint", 0.85, direction=Direction("a2")),
        Pair("b2", "r", "partial_reprint", 0.0, direction=Direction("b2")),
    ]
    stories = build_stories(["a1", "a2", "b1", "b2", "r"], linked)
    assert [(s.members, [(f.members, f.original) for f in s.families]) for s in stories] == [
        (["a1", "a2", "r"], [(["a1", "a2", "r"], "a1")]),
        (["b1", "b2"], [(["b1", "b2"], "b1")]),
    ]


def test_a_family_without_a_decided_pair_says_so() -> None:
    # Neither pair of the family is decided: its evidence said "candidates disagree: every member is named
    # a copy in some pair", though no member was named a copy (the tally of wins was read with defaults).
    undecided = [
        Pair("a", "b", "partial_reprint", 1.0, direction=Direction(None, ["evidence does not decide"])),
        Pair("b", "c", "partial_reprint", 0.9, direction=Direction(None, ["no evidence either way"])),
    ]
    (story,) = build_stories(["a", "b", "c"], undecided)
    (family,) = story.families
    assert family.original is None
    assert family.evidence[-1] == "no pair of this family has a decided direction"
