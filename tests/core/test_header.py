import pytest

from samestory.core.header import parse_header


@pytest.mark.parametrize(
    ("line", "fetched", "status"),
    [
        ("date 2026-02-12 403", "2026-02-12", 403),
        (" date 2026-02-12 403", "2026-02-12", 403),
        ("HTTP/1.1 404 Not Found", None, 404),
        ("fetched: 2025-03-01T10:22:03Z status=200", "2025-03-01T10:22:03Z", 200),
        ("[2024-11-02 08:00:01] GET https://example.test/a 200", "2024-11-02T08:00:01", 200),
        ("Wed, 12 Feb 2026 10:00:00 GMT 200", "2026-02-12", 200),
        ("crawled 20260212103000", "2026-02-12T10:30:00", None),
        ("Status: 503 Service Unavailable", None, 503),
        ("url: https://news.example/story status: 410", None, 410),
    ],
)
def test_header_forms(line: str, fetched: str | None, status: int | None) -> None:
    info = parse_header(line)
    assert info is not None
    assert (info.fetched, info.http_status) == (fetched, status)


@pytest.mark.parametrize(
    "line",
    [
        "February 12, 2026",  # a publication date, not fetch metadata
        "BRUSSELS",
        "NATO chief says all initiatives to end Ukraine war faster should be encouraged",
        "The court heard 404 complaints on 2026-02-12.",
        "Date of the summit: July 2026",
        "",
    ],
)
def test_not_headers(line: str) -> None:
    assert parse_header(line) is None


def test_url_is_kept() -> None:
    info = parse_header("GET https://example.test/x 301")
    assert info is not None and info.url == "https://example.test/x"


def test_status_with_punctuation_and_unicode_digits() -> None:
    info = parse_header("HTTP/1.1 404: Not Found")
    assert info is not None and info.http_status == 404
    assert parse_header("status \u0664\u0660\u0664 2026-02-12") is None  # Arabic-Indic digits are not a status


def test_http_and_warc_fields() -> None:
    assert parse_header("Server: nginx") is not None
    info = parse_header("WARC-Date: 2022-10-25T13:02:47Z")
    assert info is not None and info.fetched == "2022-10-25T13:02:47Z"
    info = parse_header("crawl_time=1769220100 code=404 url=https://example.test/a")
    assert info is not None and (info.fetched, info.http_status) == ("2026-01-24T02:01:40Z", 404)
    assert parse_header("Via: TechCrunch") is None
    assert parse_header("Location: Paris, France") is None


def test_remembered_answers_are_the_answers() -> None:
    """Short lines' answers come from a memo; asked again (or too long for it), the answer is the same."""
    from samestory.core.header import _parse
    from samestory.core.text import MEMO_MAX_CHARS

    lines = ["date 2026-02-12 403", "The minister said 40 people came.", "Server: nginx", "x" * (MEMO_MAX_CHARS + 5)]
    for line in lines * 2:
        assert parse_header(line) == _parse(line)
    assert parse_header("date 2026-02-12 403") is parse_header("date 2026-02-12 403")
