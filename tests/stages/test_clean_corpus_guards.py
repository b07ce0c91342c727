"""Corpus statistics on the lines of real articles: what recurs in a source without being its boilerplate."""

from __future__ import annotations

from samestory.core.linestats import LineStats, merge_counts
from samestory.records import Article, RawRecord
from samestory.stages.clean import clean_record, corpus_rows

STORIES = [
    "The council voted on Tuesday to close the old bridge to lorries while engineers inspect it.",
    "Shares of the carmaker fell 4 percent after it cut its forecast for the year.",
    "The museum will reopen in May after a two-year renovation of its east wing.",
    "Firefighters contained the blaze late on Sunday, the county fire service said.",
    "The airline said it would add three daily flights between the two cities in June.",
    "Police arrested two men after a car chase through the city centre on Friday night.",
]


def _raw(source: str, i: int, text: str) -> RawRecord:
    return RawRecord(id=f"{source}/{i}.txt", input=f"{source}/{i}.txt", format="text", text=text)


def _clean_all(raws: list[RawRecord]) -> list[Article]:
    stats: LineStats = merge_counts([corpus_rows(raw)[1] for raw in raws], min_docs=4)
    return [clean_record(raw, None, stats) for raw in raws]


def test_a_dateline_on_a_line_of_its_own_is_not_corpus_boilerplate() -> None:
    """A paper's datelines recur on many of its pages ("WASHINGTON —" opening five NewsWCL50 articles of one
    outlet): they open each article's body, a head field, not the source's furniture."""
    raws = [_raw("paper", i, f"WASHINGTON —\n{story}\nVIEW GALLERY\nOfficials will meet again next week.")
            for i, story in enumerate(STORIES)]  # fmt: skip
    for article in _clean_all(raws):
        assert [r.reason for r in article.removed if "WASHINGTON" in r.text] == []
        assert article.dateline == "WASHINGTON"
        # A widget's label in capitals is no dateline without its dash: it still goes.
        assert any(r.reason == "corpus_boilerplate" and "VIEW GALLERY" in r.text for r in article.removed)

