"""A body line that names another document's headline is a teaser (core.headlines through corpus statistics)."""

from __future__ import annotations

from samestory.core.linestats import LineStats, merge_counts
from samestory.records import Article, Metadata, RawRecord
from samestory.stages.clean import clean_record, corpus_rows

LEADS = [
    "The council voted on Tuesday to close the old bridge to lorries while engineers inspect its cracked piers.",
    "Shares of the carmaker fell 4 percent after it cut its forecast for the year, citing weak demand in Europe.",
    "The museum will reopen in May after a two-year renovation of its east wing, the city said on Monday.",
]
MORE = "Officials said the work would take about six weeks and cost the county nearly two million euros."
BRIDGE = "Bridge closed to lorries after cracks found in piers"
CARMAKER = "Carmaker cuts forecast as demand in Europe slows"
TEASER = f"Catch up - {BRIDGE}"


def _raw(name: str, text: str, title: str | None = None) -> RawRecord:
    return RawRecord(id=name, input=name, format="jsonl", text=text, meta=Metadata(title=title, source=name))


def _clean(raws: list[RawRecord]) -> dict[str, Article]:
    stats: LineStats = merge_counts([corpus_rows(raw)[1] for raw in raws], min_docs=4)
    return {raw.id: clean_record(raw, None, stats) for raw in raws}


def _teasers(article: Article) -> list[str]:
    return [r.text for r in article.removed if r.reason == "read_more"]


def test_a_line_naming_another_document_s_headline_goes_only_when_that_document_is_in_the_corpus() -> None:
    carmaker = _raw("cars", f"{CARMAKER}\n{LEADS[1]}\n{TEASER}\n{MORE}")
    bridge = _raw("bridge", f"{BRIDGE}\n{LEADS[0]}\n{MORE}")
    alone = _clean([carmaker])["cars"]
    assert TEASER in alone.paragraphs and _teasers(alone) == []
    both = _clean([carmaker, bridge])
    removal = next(r for r in both["cars"].removed if r.reason == "read_more")
    assert removal.text == TEASER and carmaker.text[removal.start : removal.end] == TEASER
    assert "bridge closed to lorries after cracks found in piers" in removal.evidence
    assert both["cars"].paragraphs == [LEADS[1], MORE] and both["cars"].title == CARMAKER
    assert both["bridge"].title == BRIDGE and _teasers(both["bridge"]) == []


def test_a_title_given_by_metadata_is_registered_too() -> None:
    carmaker = _raw("cars", f"{CARMAKER}\n{LEADS[1]}\n{TEASER}\n{MORE}")
    bridge = _raw("bridge", f"{LEADS[0]}\n{MORE}", title=BRIDGE)
    assert _teasers(_clean([carmaker, bridge])["cars"]) == [TEASER]


def test_a_document_s_own_headline_and_a_copy_s_are_kept() -> None:
    """A copy of a story has the same headline on top; a page may name its own headline below the lead (a
    gallery's caption): neither names another document."""
    caption = f"{BRIDGE} (photos)"
    bridge = _raw("bridge", f"{BRIDGE}\n{LEADS[0]}\n{caption}\n{MORE}")
    copy = _raw("copy", f"{BRIDGE}\n{LEADS[0]}\n{caption}\n{MORE}")
    for article in _clean([bridge, copy]).values():
        assert _teasers(article) == [] and article.title == BRIDGE
        assert article.paragraphs == [LEADS[0], caption, MORE]


def test_sentences_head_lines_and_head_fields_are_not_teasers() -> None:
    """A line closed by a full stop is a sentence; a line above the first paragraph is the page's head (a
    noise sentence there does not end it); a byline that another page has in its head is a head field."""
    byline = "By Anna Keller and Tom Park, Staff Writers"
    bridge = _raw("bridge", f"{byline}\n{BRIDGE}\n{LEADS[0]}\n{MORE}")
    later = _raw(
        "later",
        f"Sorry, the comments could not be loaded.\n{BRIDGE} again\n{LEADS[2]}\n"
        f"{BRIDGE}, officials said.\n{byline}\n{MORE}",
    )
    article = _clean([bridge, later])["later"]
    assert _teasers(article) == []
    assert f"{BRIDGE}, officials said." in article.paragraphs


def test_a_subheading_that_a_partial_reprint_begins_with_is_kept() -> None:
    """A reprint of a story's second half begins at its subheading: the subheading is that copy's head, and
    in the original it goes on with the same paragraph, so it names no other story."""
    subheading = "Repairs could take until the end of summer"
    original = _raw("bridge", f"{BRIDGE}\n{LEADS[0]}\n{subheading}\n{MORE}\nThe bridge carries 9,000 vehicles a day.")
    reprint = _raw("reprint", f"{subheading}\n{MORE}\nThe bridge carries 9,000 vehicles a day.")
    elsewhere = _raw("cars", f"{CARMAKER}\n{LEADS[1]}\nCatch up - {subheading}\n{LEADS[2]}")
    cleaned = _clean([original, reprint, elsewhere])
    assert subheading in cleaned["bridge"].paragraphs and _teasers(cleaned["bridge"]) == []
    # Elsewhere it is followed by other text: a teaser.
    assert [r.evidence[:40] for r in cleaned["cars"].removed] == ["names the headline of another document: "]


def test_a_citation_names_a_headline_in_quotation_marks_before_its_source_and_date() -> None:
    """'«<headline>», <site>, <date>' holds more words around the headline than a label and a date would: the
    quoted span is read as the headline it may name."""
    citation = f"\u00ab{BRIDGE}\u00bb, Example Valley Daily Courier, 3 May 2026"
    other = "\u201cThe bridge will stay shut for weeks, engineers warn\u201d, Example Valley Courier, 4 May 2026"
    carmaker = _raw("cars", f"{CARMAKER}\n{LEADS[1]}\n{citation}\n{other}\n{MORE}")
    bridge = _raw("bridge", f"{BRIDGE}\n{LEADS[0]}\n{MORE}")
    article = _clean([carmaker, bridge])["cars"]
    assert _teasers(article) == [citation]
    assert other in article.paragraphs  # a quoted span no document has as its headline
