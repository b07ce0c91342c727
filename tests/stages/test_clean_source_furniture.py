"""A source's furniture by its shape: a label one site prints before its links, and short body lines that open
or end alike on a share of its pages while what lies between varies (core.clean.source_label_evidence and
line_affixes, through corpus statistics)."""

from __future__ import annotations

from samestory.core.clean import SOURCE_FURNITURE_SHARE
from samestory.core.linestats import LineStats, merge_counts
from samestory.records import Article, Metadata, RawRecord
from samestory.stages.clean import clean_record, corpus_rows

CITIES = ["Dresden", "Passau", "Linz", "Melk", "Krems", "Tulln", "Vienna", "Bratislava", "Gyor", "Komarom"]
SECTIONS = ["Korea", "Japan", "Energy", "Climate", "Sport", "Arts", "Health", "Science", "Travel", "Money"]
HEADLINES = [
    "Storm closes ten schools on the coast",
    "Mayor opens the new bridge over the river",
    "Rail strike called off after late talks",
    "Museum reopens its east wing to visitors",
    "Council votes to keep the night buses",
    "Farmers count the cost of the dry spring",
    "Harbour cranes stand still for a second day",
    "Library wins its fight against closure",
    "Police appeal for witnesses after crash",
    "New ferry route to the islands approved",
]


def _lead(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    return f"Officials in {city} said on Monday that the river had risen {i + 2} metres overnight, the most in years."


def _more(i: int) -> str:
    return f"Residents of {i + 3} streets were moved to schools, and the mayor said a decision would come on Tuesday."


def _raw(i: int, lines: list[str], source: str = "courier.example") -> RawRecord:
    name = f"{source}/{i:03d}"
    return RawRecord(id=name, input=name, format="jsonl", text="\n".join(lines), meta=Metadata(source=source))


def _clean(raws: list[RawRecord]) -> dict[str, Article]:
    stats: LineStats = merge_counts([corpus_rows(raw)[1] for raw in raws], min_docs=4)
    return {raw.id: clean_record(raw, None, stats) for raw in raws}


def _removed(article: Article) -> list[tuple[str, str]]:
    return [(r.text, r.evidence) for r in article.removed if r.reason == "corpus_boilerplate"]


def test_a_label_one_site_prints_before_its_links_is_its_furniture() -> None:
    """'Neighbor post: <headline>' on six of one site's pages, each with another headline: no line recurs, and
    one site's label is no template across sites, yet the label is the site's."""
    raws = [_raw(i, [f"River Rises Again in {CITIES[i]}", _lead(i), f"Neighbor post: {HEADLINES[i]}", _more(i)])
            for i in range(6)]  # fmt: skip
    for i, article in enumerate(_clean(raws).values()):
        assert _removed(article) == [
            (f"Neighbor post: {HEADLINES[i]}", "link label 'neighbor post' in 6 documents of source 'courier.example'")
        ]
        assert article.paragraphs == [_lead(i), _more(i)]
        removal = article.removed[0]
        assert raws[i].text[removal.start : removal.end] == removal.text


def test_a_labelled_sentence_stays() -> None:
    """An update note opens with its label on many of a site's pages, and is a sentence: it stays."""
    raws = [_raw(i, [f"River Rises Again in {CITIES[i]}", _lead(i), f"UPDATE: {HEADLINES[i]}.", _more(i)])
            for i in range(6)]  # fmt: skip
    for i, article in enumerate(_clean(raws).values()):
        assert _removed(article) == [] and f"UPDATE: {HEADLINES[i]}." in article.paragraphs


def test_short_lines_that_open_or_end_alike_are_the_site_s_furniture() -> None:
    """'Kyushu Weekly Letter in <section>' and '<headline> [Jeju Heraldo]': the first or the last two words
    recur on the site's pages, what lies between varies."""
    raws = [
        _raw(i, [f"River Rises Again in {CITIES[i]}", _lead(i), f"Kyushu Weekly Letter in {SECTIONS[i]}",
                 _more(i), f"{HEADLINES[i]} [Jeju Heraldo]"])
        for i in range(5)
    ]  # fmt: skip
    for i, article in enumerate(_clean(raws).values()):
        assert _removed(article) == [
            (f"Kyushu Weekly Letter in {SECTIONS[i]}",
             "opens as short lines do in 5 documents of source 'courier.example': 'kyushu weekly'"),
            (f"{HEADLINES[i]} [Jeju Heraldo]",
             "ends as short lines do in 5 documents of source 'courier.example': 'jeju heraldo'"),
        ]  # fmt: skip
        assert article.paragraphs == [_lead(i), _more(i)]


def test_sentences_titles_dates_and_bylines_that_open_or_end_alike_stay() -> None:
    """Short sentences open alike ("He was ..."), a site's titles end with its name above the first paragraph,
    date lines end with the time of day, bylines open with the same writer's name, and a sentence with what a
    scraper glued to it ends alike: none is furniture."""
    raws = [
        _raw(i, [f"River Rises Again in {CITIES[i]} | Daily Courier", _lead(i), f"He was {HEADLINES[i].lower()}.",
                 f"Posted March {i + 2}, 2026 4:{10 + i} PM", "By Anna Keller and " + ["Tom Park", "Li Wei",
                 "Sam Roe", "Ida Berg", "Max Ott", "Eva Lind"][i], f"{_more(i)}Ld-Writethru"])
        for i in range(6)
    ]  # fmt: skip
    for article in _clean(raws).values():
        assert _removed(article) == []
        assert article.title.endswith("| Daily Courier") or article.title.startswith("River Rises Again")


def test_a_large_source_s_few_alike_lines_stay() -> None:
    """Lines that open alike on fewer than a tenth of a source's pages (a football club's name on a sports site)
    are its articles' own, however many pages that is."""
    n = 60
    alike = int(SOURCE_FURNITURE_SHARE * n) - 1  # 5 of 60 pages: over min_docs, under the share
    raws = [
        _raw(i, [f"River Rises Again in {CITIES[i % 10]} on Day {i}", _lead(i),
                 *([f"Kyushu Weekly Letter in {SECTIONS[i]}"] if i < alike else []), _more(i)])
        for i in range(n)
    ]  # fmt: skip
    articles = _clean(raws)
    assert all(_removed(a) == [] for a in articles.values())
    assert "Kyushu Weekly Letter in Korea" in articles["courier.example/000"].paragraphs
