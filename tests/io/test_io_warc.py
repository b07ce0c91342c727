"""WARC archives: HTML responses become records, everything else is counted and skipped."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from io_helpers import (
    NEWS_FIRST_PARAGRAPH,
    NEWS_PAGE,
    PNG_BYTES,
    gzip_members,
    http_response,
    read,
    sample_warc_records,
    warc_record,
)

from samestory.io import ReadStats

Write = Callable[[str, bytes | str], Path]

ARTICLE_ID = "00000000-0000-0000-0000-000000000003"


@pytest.mark.parametrize(("name", "pack"), [("crawl.warc", b"".join), ("crawl.warc.gz", gzip_members)])
def test_html_response_is_the_only_article(write: Write, name: str, pack: Callable[[list[bytes]], bytes]) -> None:
    path = write(name, pack(sample_warc_records()))
    stats = ReadStats()
    records = read(path, stats=stats)
    assert len(records) == 1
    record = records[0]
    assert record.error is None
    assert (record.id, record.input, record.format) == (ARTICLE_ID, f"{path.as_posix()}#3", "warc")
    assert record.flags == (["gzip"] if name.endswith(".gz") else [])
    assert (record.fetched, record.http_status) == ("2024-05-01T12:34:56Z", 200)
    assert record.meta.url == "https://herald.example.com/news/bridge"
    assert record.meta.title == "Harbour bridge reopens after two years of repairs"
    assert NEWS_FIRST_PARAGRAPH in record.text.split("\n")
    assert stats.to_dict() == {
        "files": 1,
        "records": 1,
        "errors": {},
        "skipped": {"warc_non_html": 1, "warc_request": 1, "warc_warcinfo": 1},
    }


def test_resource_redirect_and_wet_conversion_records(write: Write) -> None:
    page = (
        b"<html><body><article><p>"
        + b"A resource record holding a whole page of news text. " * 5
        + b"</p></article></body></html>"
    )
    records = [
        warc_record("resource", "r-1", page, Content_Type="text/html"),
        warc_record("response", "r-2", http_response(b"<html>Moved</html>", status="301 Moved Permanently")),
        warc_record("conversion", "r-3", b"Extracted text\nof a page.\n", Content_Type="text/plain"),
        warc_record("metadata", "r-4", b"via: x\r\n", Content_Type="application/warc-fields"),
    ]
    stats = ReadStats()
    out = read(write("mixed.warc", b"".join(records)), stats=stats)
    assert [(r.id, r.error) for r in out] == [("r-1", None), ("r-3", None)]
    assert out[0].http_status is None
    assert out[1].text == "Extracted text\nof a page.\n"
    assert stats.skipped == {"warc_redirect": 1, "warc_metadata": 1}


def test_oversized_record_is_refused_and_reading_goes_on(write: Write) -> None:
    big = http_response(b"<html><body><p>" + b"Long text. " * 2000 + b"</p></body></html>")
    records = [warc_record("response", "big", big), *sample_warc_records()]
    path = write("a.warc", b"".join(records))
    out = read(path, max_record_bytes=10_000)
    assert [r.id for r in out] == ["big", ARTICLE_ID]
    assert out[0].error is not None
    assert out[0].error.code == "too_large"
    assert out[0].error.message.startswith(f"{path.as_posix()}: record 1 is too large (22,")
    assert out[1].error is None


def test_garbage_after_a_valid_record_is_malformed(write: Write) -> None:
    good = sample_warc_records()
    path = write("bad.warc", good[2] + b"this is not a WARC header\r\n\r\n" + good[3])
    out = read(path)
    assert [r.error.code if r.error else None for r in out] == [None, "malformed"]
    assert out[1].id == f"{path.parent.name}/bad.warc#2"
    assert out[1].error is not None
    assert out[1].error.message.startswith(f"{path.as_posix()}: cannot parse the WARC data after record 1 (")


@pytest.mark.parametrize(("name", "pack"), [("cut.warc", b"".join), ("cut.warc.gz", gzip_members)])
def test_truncated_archive_keeps_the_records_before(
    write: Write, name: str, pack: Callable[[list[bytes]], bytes]
) -> None:
    data = pack(sample_warc_records())
    out = read(write(name, data[:-60]))
    assert [r.id for r in out] == [ARTICLE_ID, "00000000-0000-0000-0000-000000000004"]
    assert out[0].error is None
    assert out[1].error is not None
    assert out[1].error.code == "malformed"
    assert out[1].input.endswith("#4")


def test_html_record_without_text_is_malformed(write: Write) -> None:
    record = warc_record("response", "empty-page", http_response(b"<html><body><script>x()</script></body></html>"))
    path = write("a.warc", record)
    out = read(path)
    assert [(r.id, r.error.code if r.error else None) for r in out] == [("empty-page", "malformed")]
    assert out[0].error is not None
    assert out[0].error.message.startswith(f"{path.as_posix()}: record 1: no article text found in HTML. Fix: ")


def test_warc_name_but_not_a_warc(write: Write) -> None:
    out = read(write("a.warc", "Just some text, not an archive.\n"))
    assert len(out) == 1
    assert out[0].error is not None
    assert out[0].error.code == "malformed"


def test_a_skipped_record_cut_short_is_an_error_and_not_a_skip_too(write: Write) -> None:
    image = warc_record("response", "img-1", http_response(b"\x89PNG" + b"\x00" * 400, content_type="image/png"))
    stats = ReadStats()
    out = read(write("cut.warc", image[:-120]), stats=stats)
    assert [(r.id, r.error.code if r.error else None) for r in out] == [("img-1", "malformed")]
    assert "truncated" in (out[0].error.message if out[0].error else "")
    assert stats.skipped == {}


def _chunked(body: bytes, size: int = 500) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer coding."""
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def _encoded_response(body: bytes, **headers: str) -> bytes:
    fields = {"Content-Type": "text/html; charset=utf-8", **{k.replace("_", "-"): v for k, v in headers.items()}}
    return b"HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode() + b"\r\n" + body


_PAGE = NEWS_PAGE.encode()
_ENCODED = {
    "chunked": _encoded_response(_chunked(_PAGE), Transfer_Encoding="chunked"),
    "gzip": _encoded_response(gzip.compress(_PAGE), Content_Encoding="gzip"),
    "deflate": _encoded_response(zlib.compress(_PAGE), Content_Encoding="deflate"),
    # Many servers send "deflate" without the zlib header.
    "raw deflate": _encoded_response(zlib.compress(_PAGE)[2:-4], Content_Encoding="deflate"),
    "br": _encoded_response(brotli.compress(_PAGE), Content_Encoding="br"),
    "gzip, chunked": _encoded_response(
        _chunked(gzip.compress(_PAGE)), Content_Encoding="gzip", Transfer_Encoding="chunked"
    ),
    "deflate, chunked": _encoded_response(
        _chunked(zlib.compress(_PAGE)), Content_Encoding="deflate", Transfer_Encoding="chunked"
    ),
    # Some crawlers store the body decoded but keep the headers that named its codings.
    "stored dechunked": _encoded_response(_PAGE, Transfer_Encoding="chunked"),
    "stored gunzipped": _encoded_response(_PAGE, Content_Encoding="gzip", Transfer_Encoding="chunked"),
}


@pytest.mark.parametrize("coding", list(_ENCODED))
def test_http_codings_are_undone_and_the_records_after_are_kept(write: Write, coding: str) -> None:
    # fastwarc's own decoding lost every later record without a word after a gzip body sent chunked, and
    # stopped the file at a raw deflate body or at a body stored decoded under its original headers.
    after = warc_record("response", "after", http_response(_PAGE), uri="https://herald.example.com/after")
    stats = ReadStats()
    path = write("enc.warc.gz", gzip_members([warc_record("response", "enc", _ENCODED[coding]), after]))
    out = read(path, stats=stats)
    assert [(r.id, r.error) for r in out] == [("enc", None), ("after", None)]
    assert out[0].text == out[1].text
    assert NEWS_FIRST_PARAGRAPH in out[0].text.split("\n")
    assert stats.to_dict()["records"] == 2


@pytest.mark.parametrize(
    ("block", "what"),
    [
        (_encoded_response(gzip.compress(_PAGE)[:300], Content_Encoding="gzip"), "its gzip Content-Encoding"),
        (_encoded_response(brotli.compress(_PAGE)[:200], Content_Encoding="br"), "its br Content-Encoding"),
        (_encoded_response(_chunked(_PAGE)[:700], Transfer_Encoding="chunked"), "its chunked Transfer-Encoding"),
    ],
)
def test_a_damaged_http_body_is_an_error_of_its_record_alone(write: Write, block: bytes, what: str) -> None:
    after = warc_record("response", "after", http_response(_PAGE))
    path = write("bad.warc", warc_record("response", "cut", block) + after)
    out = read(path)
    assert [(r.id, r.error.code if r.error else None) for r in out] == [("cut", "malformed"), ("after", None)]
    assert out[0].error is not None
    assert out[0].error.message.startswith(f"{path.as_posix()}: record 1: {what} is cut short or corrupt")


def test_a_target_uri_in_angle_brackets_is_the_uri(write: Write) -> None:
    # WARC 1.0's examples put the URI in angle brackets, and some writers (wget) followed them; WARC 1.1
    # says they are not part of it. Kept, they made a URL without a host (and no source for the statistics).
    url = "https://herald.example.com/news/bridge"
    record = warc_record("response", "wget-1", http_response(_PAGE), uri=f"<{url}>")
    out = read(write("wget.warc", record))
    assert [(r.id, r.error, r.meta.url) for r in out] == [("wget-1", None, url)]


def test_a_response_declared_utf8_in_windows_1252_reads_right_and_is_flagged(write: Write) -> None:
    page = NEWS_PAGE.replace("two years of repairs that", "two years\u2019 repairs \u2014 that").replace(
        '<meta charset="utf-8">', ""
    )
    block = http_response(page.encode("cp1252"), content_type="text/html; charset=UTF-8")
    out = read(write("cp.warc", warc_record("response", "cp-1", block)))
    assert [(r.id, r.error, r.flags) for r in out] == [("cp-1", None, ["invalid_utf8"])]
    assert "two years\u2019 repairs \u2014 that" in out[0].text


def test_an_image_or_a_pdf_served_as_html_is_skipped_as_not_html(write: Write) -> None:
    # Servers label files text/html; they were read as pages and failed as "no article text found in HTML".
    records = [
        warc_record("response", "pdf", http_response(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)),
        warc_record("response", "png", http_response(PNG_BYTES)),
        *sample_warc_records()[2:3],
    ]
    stats = ReadStats()
    out = read(write("lying.warc", b"".join(records)), stats=stats)
    assert [(r.id, r.error) for r in out] == [(ARTICLE_ID, None)]
    assert stats.skipped == {"warc_non_html": 2}
