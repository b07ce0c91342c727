"""Comparing two articles: the quick rejection of candidates must never reject a pair that full verification
relates; entity keys; text without spaces."""

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samestory import clean_text, compare
from samestory.core.align import AlignParams, TextIndex
from samestory.core.compare import _ENTITY, _shared_positions, cannot_relate, compare_views, entity_keys
from samestory.core.embed import load_embedder
from samestory.core.relation import RelationParams
from samestory.core.text import UPPER
from samestory.stages.verify import article_views

ROOT = Path(__file__).parents[2]


def _texts() -> dict[str, str]:
    seeds = sorted((ROOT / "examples" / "seeds").glob("*.txt"))
    wire = seeds[0].read_text()
    return {
        "wire": wire,
        "rewrite": seeds[1].read_text(),
        "partial": "\n".join(wire.splitlines()[:8]),
        "tail": "\n".join(wire.splitlines()[8:]),
        "same_event": (ROOT / "tests/data/relations/same_event.txt").read_text(),
        "unrelated": (ROOT / "tests/data/relations/unrelated.txt").read_text(),
    }


@pytest.mark.parametrize("max_sentence_pairs", [AlignParams().max_sentence_pairs, 4])
def test_quick_rejection_is_exact(max_sentence_pairs: int) -> None:
    # (over the budget of sentence pairs, the texts align by exact spans only: no rejection may rely on more)
    embedder = load_embedder("static")
    articles = [clean_text(text, id=name) for name, text in _texts().items()]
    views = dict(zip([a.id for a in articles], article_views(articles, embedder), strict=True))
    leads = {a.id: embedder.encode([a.text[:600]])[0] for a in articles}
    ap, rp = AlignParams(max_sentence_pairs=max_sentence_pairs), RelationParams()
    rejected = 0
    for x, y in itertools.combinations(sorted(views), 2):
        semantic = float(leads[x] @ leads[y])
        full = compare_views(views[x], views[y], semantic, ap, rp)
        quick = compare_views(views[x], views[y], semantic, ap, rp, quick=True)
        assert quick.relation == full.relation, (x, y)
        if cannot_relate(views[x], views[y], semantic, views[x].index.shared(views[y].index), ap, rp):
            rejected += 1
            assert full.relation == "unrelated", (x, y, full.scores)
        else:
            assert quick.to_dict() == full.to_dict()
    assert rejected >= 3  # the unrelated article against the others at least


#: The entity pattern as first written (with line starts as sentence starts; list numbers left out): what the
#: faster one must match.
_PLAIN_ENTITY = re.compile(rf"(?<![.!?]\s)(?<!^)\b[{UPPER}][\w'-]+|(?!^\d{{1,3}}[.)]\s)\b\d[\d.,]*\b", re.MULTILINE)


@given(st.text(alphabet=st.sampled_from(list("aB Z9.,!?'-\n\u0663\u00c9x")), max_size=60))
def test_entity_keys_match_the_plain_pattern(text: str) -> None:
    # the alphabet spells no function word, so every match is a key
    assert entity_keys(text) == {m.group().casefold().rstrip(".,") for m in _PLAIN_ENTITY.finditer(text)}


#: The entity pattern as written with lookaheads before its first character (before it opened with a class):
#: the same matches, span for span.
_LOOKAHEAD_ENTITY = re.compile(
    rf"(?=[{UPPER}\d])\b(?:(?<![.!?]\s)(?<!^)[{UPPER}][\w'-]+|(?!^\d{{1,3}}[.)]\s)\d[\d.,]*\b)", re.MULTILINE
)


@given(
    st.lists(
        st.sampled_from([*"aZ19 .,!?\n'-_)(\u00c9\u00e9\u0141\u03a3\u0414\u24b6\u01c5\u0663\u00b2", "1. ", "12) "]),
        max_size=40,
    )
)
def test_entity_pattern_matches_as_written_with_lookaheads(parts: list[str]) -> None:
    text = "".join(parts)
    assert [m.span() for m in _ENTITY.finditer(text)] == [m.span() for m in _LOOKAHEAD_ENTITY.finditer(text)]


def test_entity_keys_of_a_sentence() -> None:
    text = "Officials said 40,000 people left Paris. The mayor, Anne Hidalgo, spoke on 3.5 channels."
    assert entity_keys(text) == {"paris", "anne", "hidalgo", "40,000", "3.5"}


def test_names_of_every_cased_script_are_entities() -> None:
    """With A-Z only, a name that opens with an accented capital, and every name of a Greek or Cyrillic text,
    was no entity: two reports of one event in such a text shared only their numbers."""
    text = "Der Minister Cem Özdemir besuchte Łódź. Президент Владимир Путин сказал, что Αθήνα 12."
    assert entity_keys(text) == {"minister", "cem", "özdemir", "łódź", "владимир", "путин", "αθήνα", "12"}


def test_entity_keys_skip_line_starts_and_capitalised_function_words() -> None:
    text = 'Lindsay Lohan entered rehab.\nOn Monday, "The actress is fine," her lawyer said.\nThe US agreed, I hear.'
    assert entity_keys(text) == {"lohan", "monday", "us"}


_WORDS = st.lists(st.sampled_from("abcdefgh"), max_size=40)


@given(_WORDS, _WORDS)
def test_shared_positions_from_the_common_ngrams_count_as_a_search_of_all(a: list[str], b: list[str]) -> None:
    ia, ib = TextIndex.of(" ".join(a), 2), TextIndex.of(" ".join(b), 2)
    assert _shared_positions(ia, ib, ia.common(ib)) == _shared_positions(ia, ib)


def test_chinese_copies_are_told_by_characters() -> None:
    # No spaces between words: a sentence used to be one token, and an added sentence made a "rewrite".
    body = (
        "北约秘书长吕特周三表示\uff0c任何有助于更快结束乌克兰战争的倡议都应受到鼓励。"
        "他在布鲁塞尔举行的新闻发布会上发表上述讲话。他说\uff0c盟国之间的协调行动非常重要。"
    )
    wire = clean_text("北约秘书长呼吁支持结束战争的努力\n" + body, id="wire")
    longer = clean_text(
        "北约秘书长呼吁支持结束战争的努力\n" + body + "\n北约国防部长会议将于周四举行\uff0c讨论援助问题。", id="longer"
    )
    edited = clean_text("北约秘书长呼吁支持结束战争的努力\n" + body.replace("周三", "周二"), id="edited")
    assert compare(wire, longer).relation == "partial_reprint"
    assert compare(wire, edited).relation == "near_duplicate"


def test_a_text_without_words_compares_without_error() -> None:
    # A page whose clean text is only emoji and marks (a post that was a photo embed): sentences, no word
    # tokens. Its sentence terms indexed an empty token array.
    photo = clean_text("\U0001f4f8 \U0001f447 \u2026", id="photo")
    fire = clean_text("\U0001f525 ... !!! \U0001f525", id="fire")
    assert photo.text and fire.text
    assert compare(photo, fire).relation == "unrelated"
    assert compare(photo, clean_text("Officials said turnout reached 50 percent on Sunday.", id="words")).relation == (
        "unrelated"
    )


def test_a_sentence_added_to_a_russian_paragraph_is_seen() -> None:
    # Sentences ended only before a Latin capital: each Russian paragraph was one sentence, so a sentence
    # added at a paragraph's end was covered by the exact span of the rest, and the update a near duplicate.
    wire = clean_text((ROOT / "tests/data/relations/ru_wire.txt").read_text(), id="wire")
    update = clean_text((ROOT / "tests/data/relations/ru_update.txt").read_text(), id="update")
    pair = compare(wire, update)
    assert pair.relation == "partial_reprint", pair.scores
    assert pair.scores["exact_coverage_a"] == 1.0 and pair.scores["exact_coverage_b"] < 0.9


def test_list_numbers_are_not_figures() -> None:
    # "1." to "4." opening the items of two list articles were 4 of their 5 shared "names and numbers": two
    # lists of other trails in other countries were one event. A figure opening a line still counts.
    assert entity_keys("1. Ben Nevis is high.\n2) Arthur's Seat in Edinburgh.\n40,000 people left. 7. Then") == {
        "nevis", "arthur's", "seat", "edinburgh", "40,000", "7",
    }  # fmt: skip
    scotland, wales = (
        clean_text((ROOT / "tests/data/relations" / f"list_{name}.txt").read_text(), id=name)
        for name in ("scotland", "wales")
    )
    assert compare(scotland, wales).relation == "unrelated"


def test_a_chinese_quote_is_a_shared_quote() -> None:
    # A quote key needed four words between spaces: a Chinese quote has none, so two reports keeping one
    # quote verbatim shared no quote.
    quote = "\u201c一季度国民经济开局良好\uff0c为实现全年目标任务打下了较好基础\u3002\u201d"
    a = clean_text(f"一季度经济数据公布\n国家统计局发言人盛来运表示\uff1a{quote}他同时指出外部环境复杂\u3002")
    b = clean_text(f"统计局发布一季度数据\n发言人盛来运在发布会上说\uff1a{quote}不过形势仍然复杂多变\u3002")
    assert compare(a, b).scores["quotes"] == 1.0


def _earnings(company: str, ticker: str, place: str, figures: tuple[str, ...], day: int) -> str:
    """One automated earnings report: a newsroom robot's template with one company's facts."""
    eps, estimate, revenue, expected, last_eps, last_revenue, move = figures
    return (
        f"{company} ({ticker}) Q3 earnings beat estimates\n\n"
        f"{place.upper()}, Oct. {day} (MarketWire Daily) - {company} ({ticker}) reported third-quarter earnings of "
        f"${eps} per share on Tuesday, beating analysts' consensus estimate of ${estimate} per share, according to "
        "data compiled by Zacks.\n\n"
        f"Revenue for the quarter came in at ${revenue} billion, compared with estimates of ${expected} billion. "
        f"A year ago the company earned ${last_eps} per share on revenue of ${last_revenue} billion.\n\n"
        f"Shares of {company} rose {move}% in after-hours trading following the announcement.\n\n"
        "The company will hold a conference call with analysts at 5 p.m. Eastern time to discuss the results.\n"
    )


ACME = _earnings("Acme Corp", "ACME", "Dallas", ("0.87", "0.84", "3.52", "3.59", "0.78", "3.27", "2.0"), 20)
FAIRHAVEN = _earnings("Fairhaven Bancorp", "FHBC", "Boston", ("0.29", "0.07", "4.41", "4.6", "0.26", "4.1", "6.1"), 25)


def test_a_verbatim_span_does_not_end_inside_a_figure_that_differs() -> None:
    # "$0.87" and "$0.89" share "$0": a span that ends there claimed part of two different figures as verbatim.
    corrected = ACME.replace("$0.87", "$0.89").replace("2.0%", "2.5%")
    pair = compare(ACME, corrected)
    a, b = clean_text(ACME, id="a").text, clean_text(corrected, id="b").text
    exact = [x for x in pair.alignment if x.kind == "exact"]
    assert exact
    for text, start, end in [(a, x.a_start, x.a_end) for x in exact] + [(b, x.b_start, x.b_end) for x in exact]:
        assert not re.match(r"[.,:]\d", text[end : end + 2]), text[start:end]
        assert not re.search(r"\d[.,:]$", text[max(0, start - 2) : start]), text[start:end]
