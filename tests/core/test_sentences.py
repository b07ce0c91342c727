import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samestory.core import sentences as sentences_module
from samestory.core.sentences import Sentence, split_sentences


def test_abbreviations_initials_and_quotes() -> None:
    text = 'Dr. J. Smith of the U.S. Army arrived. "It was cold," he said! Then what?\n\nNew paragraph here'
    assert [s.text for s in split_sentences(text)] == [
        "Dr. J. Smith of the U.S. Army arrived.",
        '"It was cold," he said!',
        "Then what?",
        "New paragraph here",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'AB12")), max_size=80))
def test_sentences_are_spans_in_order(text: str) -> None:
    sentences = split_sentences(text)
    last = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
        assert s.start >= last
        last = s.end


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'AB12")), max_size=120), st.integers(0, 6))
def test_a_limit_gives_the_first_sentences(text: str, limit: int) -> None:
    assert split_sentences(text, limit) == split_sentences(text)[:limit]


def test_chinese_and_japanese_sentences_end_at_full_width_marks() -> None:
    bang, ask, comma = "\uff01", "\uff1f", "\uff0c"
    sentences = [
        f"北约秘书长周三表示{comma}倡议应受到鼓励。",
        f"他发表上述讲话{bang}",
        f"盟国的协调重要吗{ask}",
        "東京で会議が開かれた。",
        "「約百人だった。」",
    ]
    assert [s.text for s in split_sentences("".join(sentences))] == sentences


@pytest.mark.parametrize("language", ["ru", "el", "he", "ar"])
def test_cyrillic_greek_hebrew_and_arabic_sentences_end_at_full_stops(language: str) -> None:
    # A sentence had to be followed by a Latin capital, a digit or a quote: a Russian or Greek paragraph was
    # one sentence, so a sentence added to it went unseen by alignment. Initials are not sentence ends
    # (the Russian file's "V. V. Putin", in Cyrillic).
    sentences = (Path(__file__).parents[1] / "data" / "sentences" / f"{language}.txt").read_text().splitlines()
    assert [s.text for s in split_sentences(" ".join(sentences))] == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        # Scripts without capitals: a sentence opened only with a capital, a digit or a quote, so a Korean,
        # Hindi or Persian paragraph was one sentence.
        ["한국은행이 23일 기준금리를 동결했다.", "지난해 2월 이후 10회 연속 동결이다."],
        ["बैंक ने रेपो दर को अपरिवर्तित रखा।", "यह लगातार छठी बार है।"],
        ["این تصمیم با هدف مهار تورم گرفته شد.", "گروهی از اقتصاددانان معتقدند اثر آن محدود است."],
        # The Arabic question mark, and the Spanish opening marks.
        ["هل تستطيع مصر تلبية الطلب المحلي؟", "يرى خبراء أن الحقل الجديد سيخفف الضغط."],
        ["La alerta sonó en la capital.", "¿Estamos preparados para un sismo mayor?", "Los expertos advierten que no."],
        # Quotes that open with guillemets or a low mark, and the German quote that closes with a high one.
        ["Аксаков поддержал решение.", "«Это необходимая мера», — сказал он."],
        ["Söder begrüßte die Entscheidung.", "„Das Geld muss jetzt ankommen.“", "Das sagte er in München."],
    ],
    ids=["ko", "hi", "fa", "ar", "es", "ru", "de"],
)
def test_sentences_of_scripts_without_capitals_and_of_other_quotation_marks(sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(" ".join(sentences))] == sentences


def test_a_day_before_a_month_name_ends_no_sentence() -> None:
    # German, Polish, Czech and Nordic dates write the day as an ordinal, "am 4. März": it was a sentence end.
    text = (
        "Das Kabinett tagte am 4. März in Berlin. Das Paket soll am 15. Juni beraten werden. "
        "Die Zahl stieg auf 15. Das war neu."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Das Kabinett tagte am 4. März in Berlin.",
        "Das Paket soll am 15. Juni beraten werden.",
        "Die Zahl stieg auf 15.",
        "Das war neu.",
    ]


def _split_by_paragraph(text: str) -> list[Sentence]:
    """The splitter as it was written first, paragraph by paragraph (each paragraph's ends sought in the text
    cut at its end): the reference that the one pass over the whole text must agree with."""
    m_ = sentences_module
    full_width = not text.isascii() and m_._FULL_WIDTH_END.search(text)
    ends = m_._END_WITH_FULL_WIDTH if full_width else m_._END
    out: list[Sentence] = []
    cursor = 0
    for m in itertools.chain(re.finditer(r"\n\s*\n", text), [None]):
        end = m.start() if m else len(text)
        block = text[cursor:end]
        start, stop = cursor + len(block) - len(block.lstrip()), cursor + len(block.rstrip())
        if stop > start:
            at = start
            for e in ends.finditer(text, start, stop):
                if text[e.start()] == "." and (
                    m_._is_abbreviation(text, e.start()) or m_._is_day(text, e.start(), stop)
                ):
                    continue
                out.append(Sentence(at, e.end(), text[at : e.end()]))
                at = e.end()
                while at < stop and text[at].isspace():
                    at += 1
            if at < stop and text[at:stop].strip():
                out.append(Sentence(at, stop, text[at:stop]))
        cursor = m.end() if m else len(text)
    return out


_TRICKY = [
    *"ab .!?\n\"')(\u201d\u00bbAB12\u3002\uff01\u300d\u061f\t\u00a0\u00c9\u0416",
    "Mr.",
    "U.S.",
    " 4. M\u00e4rz",
    "\n \n",
]


@given(st.lists(st.sampled_from(_TRICKY), max_size=60).map("".join))
def test_one_pass_agrees_with_splitting_each_paragraph(text: str) -> None:
    assert split_sentences(text) == _split_by_paragraph(text)
