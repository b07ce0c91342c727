"""The hybrid tier: the transformer re-decides only same-event pairs near the story linkage."""

import dataclasses
import random
from pathlib import Path

from samestory import clean_text, compare
from samestory.config import Config, MatchConfig
from samestory.core.embed import load_embedder
from samestory.records import Article, Pair
from samestory.stages.cluster import near_threshold, refine_near_threshold, rescored
from samestory.stages.match import match, relation_params

EVENTS = Path(__file__).parents[1] / "data" / "events"


def articles() -> list[Article]:
    return [clean_text((EVENTS / f"{name}.txt").read_text(), id=name) for name in ("lohan_a", "lohan_b", "reid")]


def test_near_threshold_takes_same_event_pairs_close_to_the_linkage() -> None:
    config = MatchConfig(story_linkage=0.2, transformer_band=0.1)
    pairs = [
        Pair("a", "b", "same_event", 0.25), Pair("a", "c", "same_event", 0.5), Pair("b", "c", "rewrite", 0.2),
        Pair("c", "d", "same_event", 0.11),
    ]  # fmt: skip
    assert [(p.a, p.b) for p in near_threshold(pairs, config)] == [("a", "b"), ("c", "d")]
    assert near_threshold(pairs, MatchConfig(transformer_band=0.0)) == []


def test_rescored_keeps_the_other_scores_and_records_the_static_one() -> None:
    pair = Pair("a", "b", "same_event", 0.3, {"semantic": 0.7, "entities": 0.3, "coverage_a": 0.1})
    params = relation_params(MatchConfig())
    closer, farther = rescored(pair, 0.9, params), rescored(pair, 0.3, params)
    assert closer.relation == "same_event" and closer.similarity > pair.similarity
    assert farther.relation == "unrelated"  # below the same-event floor of meaning
    assert closer.scores["semantic"] == 0.9 and closer.scores["semantic_static"] == 0.7
    assert closer.scores["coverage_a"] == 0.1


#: A lower floor of shared names than the default, so that the two actresses' reports (8.6% of their names
#: shared) are a same-event pair close to the story linkage, the kind the tier re-decides.
LOOSE = MatchConfig(entities=0.05)


def test_transformer_reads_only_the_leads_of_near_pairs() -> None:
    arts = articles()
    loose = Config(match=LOOSE)
    lohan, near = compare(arts[0], arts[1], loose), compare(arts[1], arts[2], loose)  # one event; two of a kind
    assert lohan.relation == near.relation == "same_event"
    config = dataclasses.replace(LOOSE, transformer_band=abs(near.similarity - LOOSE.story_linkage) + 0.01)
    refined = refine_near_threshold([lohan, near], {a.id: a for a in arts}, config, relation_params(config))
    assert (refined.touched, refined.encoded) == (1, 2)  # the Lohan pair is far above the linkage
    by_ids = {(p.a, p.b): p for p in refined.pairs}
    assert by_ids[(lohan.a, lohan.b)] == lohan
    other = by_ids.get((near.a, near.b))
    assert other is None or other.scores["semantic_static"] == near.scores["semantic"]


def test_hybrid_match_is_order_free_and_keeps_the_stories() -> None:
    load_embedder("transformer")
    config = MatchConfig(transformer_band=1.0)  # every same-event pair
    reference = match(articles(), config)
    assert all("semantic_static" in p.scores for p in reference.pairs if p.relation == "same_event")
    assert sorted(s.members for s in reference.stories) == [["lohan_a", "lohan_b"], ["reid"]]
    shuffled = articles()
    random.Random(3).shuffle(shuffled)
    again = match(shuffled, config)
    assert [dataclasses.asdict(p) for p in again.pairs] == [dataclasses.asdict(p) for p in reference.pairs]
    assert [s.to_dict() for s in again.stories] == [s.to_dict() for s in reference.stories]
