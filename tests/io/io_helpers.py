"""Helpers for the reader tests: a realistic news page, WARC archives built byte by byte."""

from __future__ import annotations

import gzip
from pathlib import Path

from samestory.config import IngestConfig
from samestory.io import ReadStats, read_inputs
from samestory.records import RawRecord

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Coastal Herald</title>
<meta property="og:title" content="Harbour bridge reopens after two years of repairs">
<meta property="og:site_name" content="The Coastal Herald">
<meta property="og:url" content="https://herald.example.com/news/2024/05/01/harbour-bridge-reopens">
<meta name="author" content="Maria Jensen">
<meta property="article:published_time" content="2024-05-01T08:30:00+00:00">
<link rel="canonical" href="https://herald.example.com/news/2024/05/01/harbour-bridge-reopens">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<h1>Harbour bridge reopens after two years of repairs</h1>
<p>The harbour bridge reopened to traffic on Wednesday morning after two years of repairs that cost
the city more than 40 million euros.</p>
<p>Mayor Anna Berg cut the ribbon at seven o'clock, and the first buses crossed a few minutes later,
to applause from a small crowd of early commuters.</p>
<p>"This bridge carries the life of our city," Berg said. "We are proud to give it back to the people
who use it every day."</p>
<p>Engineers replaced the deck, the expansion joints and most of the steel cables, which had corroded
faster than expected in the salty air of the harbour.</p>
<p>Cyclists will have a separate lane for the first time, a change that local associations had
demanded for more than a decade.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm warning for the weekend</a></li>
<li><a href="/b">Football club signs new coach</a></li></ul></aside>
</main>
<footer><p>&copy; 2024 The Coastal Herald. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""

#: Lines of :data:`NEWS_PAGE`'s article body, as they should come out (one paragraph per line).
NEWS_FIRST_PARAGRAPH = (
    "The harbour bridge reopened to traffic on Wednesday morning after two years of repairs that cost "
    "the city more than 40 million euros."
)

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def warc_record(
    kind: str, uuid: str, block: bytes, *, uri: str = "https://herald.example.com/", **headers: str
) -> bytes:
    """One WARC/1.0 record; ``headers`` are extra WARC headers (underscores become dashes)."""
    content_type = {
        "response": "application/http; msgtype=response",
        "request": "application/http; msgtype=request",
        "warcinfo": "application/warc-fields",
    }.get(kind, "text/html")
    fields = {
        "WARC-Type": kind,
        "WARC-Record-ID": f"<urn:uuid:{uuid}>",
        "WARC-Date": "2024-05-01T12:34:56Z",
        "WARC-Target-URI": uri,
        "Content-Type": content_type,
        **{k.replace("_", "-"): v for k, v in headers.items()},
        "Content-Length": str(len(block)),
    }
    head = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    return f"WARC/1.0\r\n{head}\r\n".encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    """An HTTP/1.1 response as a WARC ``response`` record stores it."""
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def sample_warc_records() -> list[bytes]:
    """warcinfo, request, HTML response, image response: one article among four records."""
    request = b"GET /news/bridge HTTP/1.1\r\nHost: herald.example.com\r\n\r\n"
    return [
        warc_record("warcinfo", "00000000-0000-0000-0000-000000000001", b"software: test\r\n"),
        warc_record("request", "00000000-0000-0000-0000-000000000002", request),
        warc_record(
            "response",
            "00000000-0000-0000-0000-000000000003",
            http_response(NEWS_PAGE.encode()),
            uri="https://herald.example.com/news/bridge",
        ),
        warc_record(
            "response",
            "00000000-0000-0000-0000-000000000004",
            http_response(PNG_BYTES, "image/png"),
            uri="https://herald.example.com/bridge.png",
        ),
    ]


def gzip_members(records: list[bytes]) -> bytes:
    """A ``.warc.gz``: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(r, mtime=0) for r in records)


def read(*paths: str | Path, stats: ReadStats | None = None, **settings: int | bool) -> list[RawRecord]:
    """All records of ``paths`` with the given :class:`IngestConfig` settings."""
    return list(read_inputs(list(paths), IngestConfig(**settings), stats))


def only(records: list[RawRecord]) -> RawRecord:
    """The single record of a single-record input."""
    assert len(records) == 1, records
    return records[0]
