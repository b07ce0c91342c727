"""WARC archives (plain or gzipped, read with fastwarc): HTML responses become articles.

Read: ``response`` records whose HTTP content type is HTML, ``resource`` records of type text/html, and
``conversion`` records of type text/plain (the extracted text of WET files). Every other record is skipped
and counted in :attr:`ReadStats.skipped` under ``warc_<type>``, ``warc_redirect`` or ``warc_non_html``
(which counts an image or a PDF served as HTML too).
A response's HTTP body is decoded here (:mod:`samestory.io.http`), not by fastwarc: a body its codings
cannot undo is an error of its record, and the records after it are read.

A record gets the id of its ``WARC-Record-ID`` (without ``<urn:uuid:`` and ``>``), ``meta.url`` from
``WARC-Target-URI`` (without angle brackets), ``http_status`` from the HTTP status line, and ``fetched``
from ``WARC-Date``, kept verbatim (an ISO 8601 UTC timestamp such as ``2024-05-01T12:34:56Z``). Records are
numbered from 1 in file order, skipped ones included, so ``x.warc.gz#7`` is the seventh record of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from samestory.errors import InputError, MalformedInput
from samestory.io.detect import file_format
from samestory.io.html import decode_page, extract_html
from samestory.io.http import BodyError, BodyTooLarge, decode_body
from samestory.io.source import Source
from samestory.io.stats import ReadStats
from samestory.io.stream import Reader, too_large
from samestory.io.text import decode_utf8, empty
from samestory.records import Metadata, RawRecord

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FIX_DAMAGED = "the archive is damaged or cut short; re-download it or re-create it"


def read_warc(stream: Reader, source: Source, limit: int, stats: ReadStats) -> Iterator[RawRecord]:
    """Yield the article records of the (decompressed) WARC content ``stream``.

    Damage that hides where the next record starts ends the file with an error record; the records read
    before it are kept.
    """
    position = 0
    try:
        records = ArchiveIterator(stream, parse_http=False, stream_detect=False)
        for position, record in enumerate(records, 1):
            article = _read_record(record, position, source, limit, stats)
            if article is not None:
                yield article
    except (OSError, MalformedInput) as exc:
        reason = f"cannot parse the WARC data after record {position} ({exc})"
        yield source.part(position + 1).failure("warc", MalformedInput(source.input, reason, _FIX_DAMAGED))
        return
    if position == 0:
        raise MalformedInput(source.input, "no WARC record found", _FIX_DAMAGED)


def _read_record(record: WarcRecord, position: int, source: Source, limit: int, stats: ReadStats) -> RawRecord | None:
    part = _part(record, position, source)
    try:
        kind = _classify(record, position, source.input)
        if kind in ("html", "text"):
            data = _payload(record, position, source.input, limit)
            if kind == "html" and file_format(data[:16]):
                stats.skipped["warc_non_html"] += 1  # an image or a PDF that its server called HTML
                return None
            return _article(record, kind, data, part, f"{source.input}: record {position}")
        _skip(record, position, source.input)
        stats.skipped[kind] += 1  # once read past: a record cut short is an error record, not a skip too
    except InputError as exc:
        return part.failure("warc", exc)
    return None


def _part(record: WarcRecord, position: int, source: Source) -> Source:
    part = source.part(position)
    record_id = (record.record_id or "").strip("<>").removeprefix("urn:uuid:")
    return replace(part, id=record_id) if record_id else part


def _classify(record: WarcRecord, position: int, name: str) -> str:
    """``html`` or ``text`` for a record to read, else the reason it is skipped."""
    if not (record.headers.get("Content-Length") or "").strip().isdigit():
        reason = f"record {position}: WARC header without a valid Content-Length"
        raise MalformedInput(name, reason, _FIX_DAMAGED)
    kind = record.record_type
    if kind == WarcRecordType.response:
        record.parse_http(auto_decode="none")  # see the module docstring
        status = record.http_headers.status_code if record.http_headers else None
        if status is not None and 300 <= status < 400:
            return "warc_redirect"
        return "html" if _is_html(record.http_content_type) else "warc_non_html"
    content_type = record.headers.get("Content-Type")
    if kind == WarcRecordType.resource:
        return "html" if _is_html(content_type) else "warc_non_html"
    if kind == WarcRecordType.conversion and (content_type or "").startswith("text/plain"):
        return "text"
    return f"warc_{kind}"  # str() gives the type's name (fastwarc's enum has no .name)


def _is_html(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() in _HTML_TYPES


def _payload(record: WarcRecord, position: int, name: str, limit: int) -> bytes:
    """The record's payload, refused over ``limit`` bytes, checked against its declared length, with its
    HTTP codings undone."""
    expected = record.content_length
    where = f"record {position}"
    if expected > limit:
        raise too_large(name, f"{expected:,} bytes", limit, where=where)
    data = record.reader.read(expected)
    if len(data) < expected:
        raise _truncated(name, position, len(data), expected)
    headers = record.http_headers
    if headers is None:
        return data
    try:
        return decode_body(data, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"), limit)
    except BodyTooLarge:
        raise too_large(name, f"over {limit:,} bytes decoded", limit, where=where) from None
    except BodyError as exc:
        reason = f"{where}: {exc.coding} is cut short or corrupt, so its page cannot be read"
        raise MalformedInput(name, reason, "the crawler stored a damaged response: fetch the page again") from None


def _skip(record: WarcRecord, position: int, name: str) -> None:
    """Read past a skipped record, so that a file cut short is reported even inside an image."""
    expected = record.content_length
    consumed = record.reader.consume()
    if consumed < expected:
        raise _truncated(name, position, consumed, expected)


def _truncated(name: str, position: int, got: int, expected: int) -> MalformedInput:
    reason = f"record {position} is truncated ({got:,} of {expected:,} bytes): the file ends early"
    return MalformedInput(name, reason, _FIX_DAMAGED)


def _target_uri(record: WarcRecord) -> str | None:
    """``WARC-Target-URI`` without the angle brackets of WARC 1.0's examples (which wget writes)."""
    uri = (record.headers.get("WARC-Target-URI") or "").strip()
    if uri.startswith("<") and uri.endswith(">"):
        uri = uri[1:-1].strip()
    return uri or None


def _article(record: WarcRecord, kind: str, data: bytes, part: Source, name: str) -> RawRecord:
    """The record of a page or text payload; ``name`` is how messages call the record."""
    url = _target_uri(record)
    if not data.strip():
        raise empty(name, len(data), "payload")
    if kind == "html":
        html, decoded = decode_page(data, record.http_charset)
        text, meta, extracted = extract_html(html, name, url)
        flags = [*decoded, *extracted]
    else:
        text, flags = decode_utf8(data)
        meta = Metadata(url=url)
    status = record.http_headers.status_code if record.http_headers else None
    return part.record(
        "warc", text, flags=flags, meta=meta, fetched=record.headers.get("WARC-Date"), http_status=status
    )
