import pytest

from samestory.core.header import HeaderInfo, front_matter, parse_header, parse_metadata


@pytest.mark.parametrize(
    ("line", "fetched", "status"),
    [
        ("date 2026-02-12 403", "2026-02-12", 403),
        (" date 2026-02-12 403", "2026-02-12", 403),
        ("HTTP/1.1 404 Not Found", None, 404),
        ("fetched: 2025-03-01T10:22:03Z status=200", "2025-03-01T10:22:03Z", 200),
        ("[2024-11-02 08:00:01] GET https://example.test/a 200", "2024-11-02T08:00:01", 200),
        ("Wed, 12 Feb 2026 10:00:00 GMT 200", "2026-02-12T10:00:00Z", 200),
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


def test_bracketed_and_quoted_tokens() -> None:
    info = parse_header("<404> https://news.example/a/b-12 @ 2024-06-19")
    assert info is not None and (info.http_status, info.url) == (404, "https://news.example/a/b-12")
    info = parse_header('{"status": 301, "url": "https://news.example/x"}')
    assert info is not None and (info.http_status, info.url) == (301, "https://news.example/x")


def test_http_date_field() -> None:
    info = parse_header("Date: Tue, 03 Nov 2020 07:48:46 GMT")
    assert info is not None and info.fetched == "2020-11-03T07:48:46Z"
    assert parse_header("Date: Tuesday, November 3, 2020") is None  # a publication line


def test_metadata_line_needs_a_label() -> None:
    assert parse_metadata("Fetched-At: 2024-03-01T10:00:00Z") is not None
    assert parse_metadata("timestamp 2024-03-01 10:00") is not None
    assert parse_metadata("Friday, March 8, 2013") is None
    assert parse_metadata("9 September 2013, 14:08") is None
    assert parse_metadata("Updated 2024-03-01 by the desk") is None


def test_header_block_claims_its_metadata_lines() -> None:
    from samestory.core.clean import clean_document

    text = (
        "GET https://news.example/city/council-vote 200\n"
        "Fetched-At: 2024-03-01T10:00:00Z\n"
        "Council votes to close the library\n"
        "The council voted on Tuesday to close the central library, citing the cost of repairs to its roof."
    )
    doc = clean_document(text)
    removed = [(r.reason, r.text) for r in doc.removed]
    block = "GET https://news.example/city/council-vote 200\nFetched-At: 2024-03-01T10:00:00Z"
    assert removed == [("crawler_header", block)]
    assert "next to the crawler header line at 0" in doc.removed[0].evidence
    # Under a header, a publication date line stays: it is the article's, not the crawler's.
    doc = clean_document("HTTP/1.1 200 OK\nFriday, March 8, 2013\nCouncil votes to close the library\nIt voted.")
    assert [r.text for r in doc.removed] == ["HTTP/1.1 200 OK"]


# Log records of crawlers and servers, in forms other than the ones the rules were written from: each
# holds a few words of the logger's own, and at least two kinds of machine evidence.
@pytest.mark.parametrize(
    ("line", "status"),
    [
        ('203.0.113.7 - - [14/Mar/2023:09:12:44 +0100] "GET /sport/2023/03/derby-report HTTP/2.0" 404 5123', 404),
        ("--2024-01-09 17:02:11--  https://paper.example/world/a-long-slug-88", None),
        ("2023-05-02 11:40:03 [crawler] WARNING: https://paper.example/x gave 503 in 1200 ms", 503),
        ("DEBUG: Redirecting (301) to <GET https://paper.example/b> from <GET http://paper.example/b>", 301),
        ("HTTP request sent, awaiting response... 404 Not Found", 404),
        ("20230502114003 https://paper.example/a text/html 200 sha1:2f1e0c9a77b3d5e61f04a2b8c9d0e1f2a3b4c5d6", 200),
        ("WARC/1.1", None),
        ("CF-Cache-Status: HIT", None),
    ],
)
def test_log_records(line: str, status: int | None) -> None:
    info = parse_header(line)
    assert info is not None and info.http_status == status


@pytest.mark.parametrize(
    "line",
    [
        # Article sentences with a URL, a time or a status-like number: too many words of their own.
        "Visit https://paper.example/help for the 200 free tickets on offer.",
        "At 10:30 the site https://paper.example returned errors to many users.",
        "The server at 203.0.113.7 answered 404 Not Found to every request, engineers said.",
        "In 2019, 300 people visited /r/worldnews to argue.",
        "The shop reported 500 sales at 9:00 on launch day.",
    ],
)
def test_sentences_with_machine_tokens_are_not_log_records(line: str) -> None:
    assert parse_header(line) is None


def test_front_matter_of_a_clipper_and_of_a_site_export() -> None:
    clipper = [
        "---",
        'source: "https://news.example/world/2018/03/a-story"',
        "created: 2018-03-08",
        "tags:",
        '- "clippings"',
    ]
    assert front_matter([*clipper, "---", "The minister resigned."]) == (
        6,
        HeaderInfo(fetched="2018-03-08", http_status=None, url="https://news.example/world/2018/03/a-story"),
    )
    toml = ["+++", 'title = "Bridge closes"', "date = 2024-05-02", 'url = "https://site.example/bridge"', "+++"]
    assert front_matter([*toml, "The bridge closed."]) == (5, HeaderInfo(None, None, "https://site.example/bridge"))


@pytest.mark.parametrize(
    "lines",
    [
        ["---", "The minister resigned on Friday.", "---"],  # a dash rule around prose
        ["---", "source: https://x.test/a"],  # no closing fence
        ["---", "---", "Text."],  # no field
        ["Text.", "---", "source: https://x.test/a", "---"],  # not at the start
    ],
)
def test_no_front_matter(lines: list[str]) -> None:
    assert front_matter(lines) is None
