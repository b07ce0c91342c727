"""Invariants over arbitrary input: reading never crashes and never drops an input silently."""

from __future__ import annotations

import gzip
import itertools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from io_helpers import gzip_members, read, sample_warc_records

CODES = {"empty", "binary", "too_large", "malformed", "unreadable"}
NAMES = st.sampled_from(["a.txt", "a.jsonl", "a.html", "a.warc", "a.json", "a"])
PREFIXES = st.sampled_from([b"", b"{", b'{"text": "x"}\n', b"<html>", b"WARC/1.0\r\n", b"\x1f\x8b", b"\xef\xbb\xbf"])
RECORDS = sample_warc_records()


@settings(max_examples=150, deadline=None)
@given(name=NAMES, prefix=PREFIXES, data=st.binary(max_size=600), compress=st.booleans())
def test_any_bytes_give_records_or_error_records(name: str, prefix: bytes, data: bytes, compress: bool) -> None:
    content = prefix + data
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(gzip.compress(content) if compress else content)
        records = read(path, max_record_bytes=400)
    assert records
    for record in records:
        assert record.format in {"text", "jsonl", "html", "warc"}
        if record.error is not None:
            assert record.error.code in CODES
            assert record.error.message.startswith(path.as_posix())
            assert "Fix: " in record.error.message
            assert record.text == ""
        else:
            assert record.text.strip()


def _ends(sizes: list[int]) -> list[int]:
    return list(itertools.accumulate(sizes))


PLAIN_ENDS = _ends([len(r) for r in RECORDS])
GZIP_ENDS = _ends([len(gzip_members([r])) for r in RECORDS])


@settings(max_examples=80, deadline=None)
@given(compress=st.booleans(), fraction=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_a_warc_cut_anywhere_keeps_whole_records_and_reports_the_cut(compress: bool, fraction: float) -> None:
    data = gzip_members(RECORDS) if compress else b"".join(RECORDS)
    cut = max(2, int(len(data) * fraction))  # one byte of gzip magic is not gzip yet
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("cut.warc.gz" if compress else "cut.warc")
        path.write_bytes(data[:cut])
        records = read(path)
    assert all(r.error is None or r.error.code == "malformed" for r in records)
    ends = GZIP_ENDS if compress else PLAIN_ENDS
    # A plain record ends with a 4-byte separator: a cut inside it loses nothing.
    slack = 0 if compress else 4
    if cut >= ends[2] - slack:
        assert records[0].error is None
        assert records[0].id.endswith("-000000000003")
    cut_inside_a_record = not any(end - slack <= cut <= end for end in ends)
    reported = bool(records) and records[-1].error is not None
    assert reported == cut_inside_a_record
