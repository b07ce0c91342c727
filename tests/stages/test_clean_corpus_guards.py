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
    raws = [_raw("paper", i, f"WASHINGTON —\n{story}\nTAP TO ZOOM\nOfficials will meet again next week.")
            for i, story in enumerate(STORIES)]  # fmt: skip
    for article in _clean_all(raws):
        assert [r.reason for r in article.removed if "WASHINGTON" in r.text] == []
        assert article.dateline == "WASHINGTON"
        # A widget's label in capitals is no dateline without its dash: it still goes.
        assert any(r.reason == "corpus_boilerplate" and "TAP TO ZOOM" in r.text for r in article.removed)


def test_a_sentence_of_one_story_s_versions_is_not_boilerplate_of_a_large_source() -> None:
    """A folder of many outlets' reports is one source: four reports of one death end "He was 77." (eight
    ECB+ reports of one story did), while the source's footer sentence is on every page. A sentence is
    boilerplate only in a share of its source's documents too (:data:`SENTENCE_SHARE`); a footer still goes."""
    footer = "Daily Courier reporters cover the river towns from Passau to Vienna."
    raws = [_raw("crawl", i, f"{STORIES[i % 6]} Report {i} of the day.\n{STORIES[(i + 1) % 6]} Update {i}.\n{footer}")
            for i in range(100)]  # fmt: skip
    for i in range(4):
        lead = f"Vincent Gigante, the mob boss who feigned insanity for decades, died in prison, report {i} said."
        raws[i] = _raw("crawl", i, f"{lead}\nHe was 77.\n{STORIES[i]} Update {i}.\n{footer}")
    articles = _clean_all(raws)
    for article in articles[:4]:
        assert "He was 77." in article.paragraphs
    assert all([r.text for r in a.removed] == [footer] for a in articles)
    small = [_raw("small", i, f"{STORIES[i]}\n{STORIES[(i + 1) % 6]} Update {i}.\nHe was 77.\n{footer}")
             for i in range(6)]  # fmt: skip
    assert all([r.text for r in a.removed] == [f"He was 77.\n{footer}"] for a in _clean_all(small))  # all its pages
