"""Records pickle by position (they cross process boundaries by the thousand): every field survives."""

import dataclasses
import pickle

import numpy as np

from samestory import clean_text, records
from samestory.records import Alignment, Candidate, Direction, Fingerprint, Pair, RawRecord, Span


def _record_classes() -> list[type]:
    return [c for c in vars(records).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def test_every_record_class_pickles_by_position() -> None:
    for cls in _record_classes():
        assert cls.__reduce__.__qualname__.startswith("_pickled_by_position"), cls


def test_records_round_trip_with_every_field() -> None:
    article = clean_text(
        'Flood Waters Rise\nBy Anna Berg\n"We have never seen this," she said.\nShare this article', id="a"
    )
    assert article.removed and article.quotes and article.paragraph_spans
    pair = Pair(
        "a", "b", "rewrite", 0.8, {"jaccard": 0.5}, [Alignment(0, 3, 1, 4, "exact", 1.0)], [Span(3, 9)], [],
        Direction("a", ["earlier"]), ["minhash"],
    )  # fmt: skip
    raw = RawRecord(id="r", input="r.txt", format="text", text="x", flags=["gzip"])
    fp = Fingerprint("a", np.arange(4, dtype=np.uint32), np.ones(3, np.float32), [7], np.arange(2, dtype=np.uint64))
    for record in (article, pair, raw, Candidate("a", "b", ("minhash",)), Span(1, 2)):
        back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == record and type(back) is type(record)
    back_fp = pickle.loads(pickle.dumps(fp))
    for f in dataclasses.fields(Fingerprint):
        a, b = getattr(fp, f.name), getattr(back_fp, f.name)
        assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
