"""Columns: lists of records that pickle column by column come back field for field as they were."""

import dataclasses
import pickle
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory import clean_text
from samestory.core.columns import Columns, pack, unpack
from samestory.core.embed import load_embedder
from samestory.records import Fingerprint
from samestory.stages.match import ViewParts
from samestory.stages.verify import article_views
from samestory.store.views import Built


def _same(a: Any, b: Any) -> bool:
    """Equal values, and for arrays the same dtype and shape too; records field by field."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and bool(a == b)


def _round_trip(items: list[Any]) -> Columns[Any]:
    back = pickle.loads(pickle.dumps(Columns(items), protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is Columns
    return back


_TEXTS = [
    'Flood waters rose on Monday in the north of the country.\n"We have never seen this," the mayor said.\n'
    "Roads were closed and 1,200 people left their homes.",
    "Prices rose 3.5% in March, the statistics office said on Tuesday.",
    "Short.",
]


def test_article_views_come_back_field_for_field() -> None:
    articles = [clean_text(text, id=f"a{k}") for k, text in enumerate(_TEXTS)]
    parts = [ViewParts.of(v) for v in article_views(articles, load_embedder("static"))]
    assert all(p.embeddings is not None for p in parts) and any(p.terms is not None for p in parts)
    back = _round_trip(parts)
    assert _same(list(back), parts)
    # The arrays are columns in transit: one joined array per field, not one per record.
    cls, count, columns = pack(parts)
    assert (
        cls is ViewParts
        and count == len(parts)
        and columns[0][2][0].shape
        == (
            sum(len(p.embeddings) for p in parts if p.embeddings is not None),
            parts[0].embeddings.shape[1],
        )
    )


def test_records_with_missing_values_and_mixed_fields() -> None:
    prints = [
        Fingerprint("a", np.arange(3, dtype=np.uint32), None, [7, 8], np.zeros(0, np.uint64)),
        Fingerprint("b", np.arange(2, dtype=np.uint32), np.ones(2, np.float32), []),
        Fingerprint("c", np.arange(4, dtype=np.int64), np.ones(2, np.float32), [1], np.arange(2, dtype=np.uint64)),
    ]
    assert _same(list(_round_trip(prints)), prints)  # signature dtypes differ: that column goes as it is
    built = [Built(None, None, False), Built(part=None, used=True)]
    assert _same(list(_round_trip(built)), built)


@dataclasses.dataclass(frozen=True)
class _Mark:
    """A record without fields."""


def test_records_without_fields_keep_their_number() -> None:
    assert list(_round_trip([_Mark(), _Mark(), _Mark()])) == [_Mark()] * 3


def test_what_is_not_records_of_one_type_goes_as_a_list() -> None:
    mixed: list[Any] = [Fingerprint("a", np.arange(2), None), "text", 3]
    assert isinstance(pack(mixed), list) and _same(list(_round_trip(mixed)), mixed)
    assert list(_round_trip([])) == [] and unpack([]) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-(2**40), 2**40), max_size=6) | st.none(), max_size=8))
def test_any_lengths_and_gaps_come_back(rows: list[list[int] | None]) -> None:
    prints = [
        Fingerprint(str(k), None if r is None else np.array(r, np.int64), np.full((len(r or []), 2), 0.5), r or [])
        for k, r in enumerate(rows)
    ]
    assert _same(list(_round_trip(prints)), prints)
