"""Small groups join the story they are verified to relate to, though most of its members never met them."""

from pathlib import Path

from samestory import clean_text
from samestory.config import MatchConfig
from samestory.records import Article
from samestory.stages.match import match

EVENTS = Path(__file__).parents[1] / "data" / "events"


def articles() -> list[Article]:
    names = ("lohan_a", "lohan_b", "lohan_c", "lohan_d", "lohan_court", "reid")
    return [clean_text((EVENTS / f"{name}.txt").read_text(), id=name) for name in names]


def test_a_follow_up_related_to_one_report_joins_the_story() -> None:
    # Four reports of one actress entering rehab, a follow-up on the court case that shares names (Santa
    # Monica, Los Angeles) with one of them only, and another actress entering another clinic.
    result = match(articles())
    related = {(p.a, p.b) for p in result.pairs if "lohan_court" in (p.a, p.b)}
    assert related == {("lohan_b", "lohan_court")}
    (court,) = [p for p in result.pairs if "lohan_court" in (p.a, p.b)]
    assert court.similarity / 4 < MatchConfig().story_linkage  # its mean over the story of four
    stories = sorted(s.members for s in result.stories)
    assert stories == [["lohan_a", "lohan_b", "lohan_c", "lohan_court", "lohan_d"], ["reid"]]
    # Without the attachment, average linkage alone leaves the follow-up apart.
    alone = sorted(s.members for s in match(articles(), MatchConfig(story_attach_size=0)).stories)
    assert alone == [["lohan_a", "lohan_b", "lohan_c", "lohan_d"], ["lohan_court"], ["reid"]]
