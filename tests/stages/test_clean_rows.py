"""Corpus line rows (the map step of corpus statistics): remembered keys change no row, and handing what
they found to pass 2 changes no article."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from samestory.core.clean import label_of, line_affixes
from samestory.core.headlines import registered
from samestory.core.linestats import document_rows, merge_counts
from samestory.core.structure import is_structural
from samestory.core.text import MEMO_MAX_CHARS, fold, key_of, mask_site, site_names, split_lines, template_key
from samestory.records import InputFailure, RawRecord
from samestory.stages.clean import clean_record, corpus_rows, line_texts, shard_rows, source_group

TEXT = "\n".join(
    [
        "Flood Waters Rise in Passau",
        "By Staff Reporter",
        "236 Comments",
        "Officials said the river had risen 4 metres overnight, and that more rain was expected on Monday.",
        "« Read more » about the floods",
        "Also on Site: Storm closes 40 schools",
        "236 Comments",
        "A paragraph-long line " + "with many words " * 30,
    ]
)


def _rows_unremembered(raw: RawRecord) -> np.ndarray:
    keys, templates = [], []
    group = source_group(raw)
    for line in split_lines(raw.text):
        folded = fold(line.text)
        keys.append(key := key_of(folded.casefold()))
        if (template := template_key(line.text, folded)) and not is_structural(line.text):
            templates.append(mask_site(template, site_names(group)))
        if label := label_of(line.text, folded, group):
            templates.append(label)
            keys.append(label)  # a label counts in its source too
        keys.extend(line_affixes(line.text, key))
    headlines = registered([line.text for line in split_lines(raw.text)])
    return document_rows(group, keys, templates, headlines)


def test_line_rows_are_those_of_the_plain_computation() -> None:
    raw = RawRecord(id="site/a.txt", input="site/a.txt", format="text", text=TEXT)
    assert max(len(line.text) for line in split_lines(TEXT)) > MEMO_MAX_CHARS  # both paths taken
    for _ in range(2):  # the second time from the memo
        assert np.array_equal(corpus_rows(raw)[1], _rows_unremembered(raw))


@given(st.text(alphabet=st.sampled_from(["a", "B", " ", "\t", "\n", "\r", "\u00a0", "\u2028", "\x0c", "."])))
def test_line_texts_are_the_texts_of_split_lines(text: str) -> None:
    assert line_texts(text) == [line.text for line in split_lines(text)]


def test_pass_2_with_what_pass_1_found_cleans_the_same() -> None:
    """What pass 1 found of each line (keys, templates), handed to pass 2, changes no article: on lines with
    list markers, outside ASCII, with a tracking id trimmed (the line changes) and frequent in the corpus."""
    extra = [
        "\u2022 Share this article",
        "Z\u00fcrich\u2019s \u201cmayor\u201d said \u2014 again",
        "He said so. MENAFN3112201900670000ID109949436",
    ]
    texts = [TEXT.replace("Passau", f"Passau {i}") + "\n" + "\n".join(extra) for i in range(10)]
    raws = [RawRecord(id=f"site/{i}.txt", input=f"site/{i}.txt", format="text", text=t) for i, t in enumerate(texts)]
    found = [corpus_rows(raw) for raw in raws]
    stats = merge_counts([rows for _, rows in found], min_docs=4, template_min_docs=2, template_min_sources=1)
    assert stats.counts and stats.templates
    for raw, (lines, _) in zip(raws, found, strict=True):
        assert clean_record(raw, None, stats, corpus_lines=lines) == clean_record(raw, None, stats)


def test_shard_rows_are_each_records_rows_and_lines_in_order() -> None:
    """The executors' pass 1 over a shard: each record's :func:`corpus_rows`, a failed record skipped."""
    failed = RawRecord(id="x", input="x", format="text", text="", error=InputFailure("decode_error", "bad"))
    raws = [RawRecord(id=f"site/{i}.txt", input=f"site/{i}.txt", format="text", text=TEXT[i:]) for i in range(2)]
    lines, rows = shard_rows([raws[0], failed, raws[1]])
    assert lines == [corpus_rows(raws[0])[0], None, corpus_rows(raws[1])[0]]
    assert np.array_equal(rows, np.concatenate([corpus_rows(r)[1] for r in raws]))
    empty_lines, empty_rows = shard_rows([failed])
    assert empty_lines == [None] and empty_rows.shape == (0, rows.shape[1]) and empty_rows.dtype == np.uint64
