"""The pure functions that cut records into what the pages draw."""

from __future__ import annotations

from collections import Counter

from serve_data import A, B

from samestory.core.cluster import UnionFind
from samestory.records import Alignment, Article, Direction, Pair, Removal, Span, Story
from samestory.serve.graph import ROW_MAX, copy_graph
from samestory.serve.render import cut, flip, original_pieces, side_paragraphs


def test_cut_handles_overlaps_and_clamps_out_of_range_spans() -> None:
    assert cut(6, [(1, 3), (2, 9), (4, 4)]) == [(0, 1, ()), (1, 2, (0,)), (2, 3, (0, 1)), (3, 6, (1,))]
    assert cut(0, []) == []


def _article(paragraphs: list[str], id: str = "x") -> Article:
    return Article(id=id, input=id, format="text", original="\n\n".join(paragraphs), paragraphs=paragraphs)


def test_side_paragraphs_marks_aligned_overlapping_and_unique_pieces() -> None:
    article = _article(["one two three", "four five"])  # text offsets: 0-13, 15-24
    passages = [Alignment(0, 9, 0, 9, "paraphrase", 0.8), Alignment(4, 13, 0, 9, "exact", 1.0)]
    sides = side_paragraphs(article, passages, "a", [Span(15, 24)])
    first, second = sides
    assert "".join(p.text for p in first) == "one two three"
    assert [(p.text, p.kind, p.links, p.main, p.anchors) for p in first] == [
        ("one ", "paraphrase", (0,), 0, (0,)),
        ("two t", "exact", (0, 1), 1, (1,)),  # exact wins the style and the link where both cover
        ("hree", "exact", (1,), 1, ()),
    ]
    assert [(p.text, p.only, p.kind) for p in second] == [("four five", True, None)]


def test_every_passage_gets_one_anchor_per_side(seeds_run) -> None:  # type: ignore[no-untyped-def]
    pair = next(p for p in seeds_run.pairs if {p.a, p.b} == {A, B})
    articles = {a.id: a for a in seeds_run.articles}
    for side, doc, only in (("a", articles[pair.a], pair.a_only), ("b", articles[pair.b], pair.b_only)):
        paragraphs = side_paragraphs(doc, pair.alignment, side, only)
        assert ["".join(p.text for p in para) for para in paragraphs] == doc.paragraphs
        anchors = [i for para in paragraphs for p in para for i in p.anchors]
        assert sorted(anchors) == list(range(len(pair.alignment)))


def test_flip_swaps_sides_offsets_and_sided_scores() -> None:
    pair = Pair("a", "b", "rewrite", 0.9, {"coverage_a": 0.2, "coverage_b": 0.7, "jaccard": 0.3},
                [Alignment(1, 2, 3, 4, "exact", 1.0)], [Span(5, 6)], [], Direction("a"))  # fmt: skip
    back = flip(pair)
    assert (back.a, back.b, back.a_only, back.b_only) == ("b", "a", [], [Span(5, 6)])
    assert back.scores == {"coverage_a": 0.7, "coverage_b": 0.2, "jaccard": 0.3}
    assert back.alignment == [Alignment(3, 4, 1, 2, "exact", 1.0)]
    assert flip(back) == pair


def test_original_pieces_put_removals_first_and_cover_the_whole_original() -> None:
    original = "date 2026 403\nTitle\nBody text.\nShare this"
    article = Article(
        id="x", input="x", format="text", original=original, paragraphs=["Body text."],
        paragraph_spans=[Span(20, 30)], fields={"title": Span(14, 19)},
        removed=[Removal("crawler_header", 0, 13, "date 2026 403"), Removal("share_prompt", 31, 41, "Share this")],
    )  # fmt: skip
    pieces = original_pieces(article)
    assert "".join(p.text for p in pieces) == original
    assert [(p.text, p.removal, p.first, p.field, p.kept) for p in pieces if p.text.strip()] == [
        ("date 2026 403", 0, True, None, False),
        ("Title", None, False, "title", False),
        ("Body text.", None, False, None, True),
        ("Share this", 1, True, None, False),
    ]


def test_copy_graph_arrows_run_from_original_and_layout_is_deterministic() -> None:
    story = Story("s1", ["c", "a", "b", "d"])
    pairs = [
        Pair("a", "b", "rewrite", 0.9, direction=Direction("a")),
        Pair("b", "c", "near_duplicate", 0.95, direction=Direction("b")),
        Pair("a", "d", "same_event", 0.5),
        Pair("a", "zz", "rewrite", 0.9),  # reaches outside the story: not drawn
    ]
    graph = copy_graph(story, pairs)
    y = {n.id: n.y for n in graph.nodes}
    assert y["a"] < y["b"] < y["c"] and y["d"] == y["a"]
    assert [(e.a, e.b, e.directed, e.copy) for e in graph.edges] == [
        ("a", "b", True, True), ("a", "d", False, False), ("b", "c", True, True),
    ]  # fmt: skip
    assert copy_graph(Story("s1", ["d", "b", "a", "c"]), list(reversed(pairs))) == graph


def test_copy_graph_survives_cyclic_evidence() -> None:
    pairs = [Pair("a", "b", "rewrite", 0.9, direction=Direction("a")),
             Pair("b", "c", "rewrite", 0.9, direction=Direction("b")),
             Pair("a", "c", "rewrite", 0.9, direction=Direction("c"))]  # fmt: skip
    graph = copy_graph(Story("s", ["a", "b", "c"]), pairs)
    assert len(graph.nodes) == 3 and graph.height > 0


def _overlap(p: tuple[float, float, float, float], q: tuple[float, float, float, float]) -> bool:
    return p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]


def test_copy_graph_of_many_near_copies_draws_a_spanning_forest_in_rows_that_fit() -> None:
    # 40 near copies, every pair related (780 pairs): drawing them all was a solid block of lines and labels
    members = [f"copy-{i:02d}" for i in range(40)]
    pairs = [Pair(a, b, "near_duplicate", 0.9 + (i * j % 7) / 100, direction=Direction(a))
             for i, a in enumerate(members) for j, b in enumerate(members) if i < j]  # fmt: skip
    graph = copy_graph(Story("s", list(reversed(members))), pairs)
    assert graph.pairs == 780 and len(graph.nodes) == 40
    assert len(graph.edges) == 39  # the fewest lines that still join every copy
    joined = UnionFind(members)
    for e in graph.edges:
        joined.union(e.a, e.b)
    assert len(joined.groups()) == 1
    rows = Counter(n.y for n in graph.nodes)
    assert max(rows.values()) <= ROW_MAX and graph.width <= 2 * 80 + (ROW_MAX - 1) * 180
    circles = [n.box for n in graph.nodes]  # each article's circle and title
    labels = [e.label_box for e in graph.edges if e.label]
    assert not any(_overlap(p, q) for i, p in enumerate(circles + labels) for q in (circles + labels)[i + 1 :])
    assert copy_graph(Story("s", members), list(reversed(pairs))) == graph


def test_copy_graph_of_a_few_pairs_draws_and_labels_them_all() -> None:
    pairs = [Pair("a", "b", "rewrite", 0.9, direction=Direction("a")), Pair("a", "c", "same_event", 0.5)]
    graph = copy_graph(Story("s", ["a", "b", "c"]), pairs)
    assert graph.pairs == 2 and [(e.a, e.b, e.label) for e in graph.edges] == [("a", "b", True), ("a", "c", True)]
