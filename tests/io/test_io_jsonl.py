"""JSON Lines: one record per line, fields mapped, bad lines reported one by one."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

from io_helpers import NEWS_FIRST_PARAGRAPH, NEWS_PAGE, only, read

Write = Callable[[str, bytes | str], Path]


def _jsonl(*objects: object) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


def test_fields_are_mapped(write: Write) -> None:
    line = {
        "id": "story-1",
        "text": "Body line one.\nBody line two.",
        "title": "A headline",
        "url": "https://example.com/a",
        "date": "2024-05-01",
        "source": "Example News",
        "author": "Jo Smith",
        "fetched": "2024-05-02T10:00:00Z",
        "http_status": 200,
    }
    record = only(read(write("in/a.jsonl", _jsonl(line))))
    assert record.error is None
    assert (record.id, record.format, record.text) == ("story-1", "jsonl", "Body line one.\nBody line two.")
    assert record.input.endswith("in/a.jsonl#1")
    meta = record.meta
    assert (meta.title, meta.url, meta.published, meta.source, meta.author) == (
        "A headline",
        "https://example.com/a",
        "2024-05-01",
        "Example News",
        "Jo Smith",
    )
    assert (record.fetched, record.http_status) == ("2024-05-02T10:00:00Z", 200)


def test_ids_default_to_file_and_line(write: Write) -> None:
    records = read(write("in/a.jsonl", _jsonl({"text": "one"}) + "\n" + _jsonl({"text": "three", "id": 7})))
    assert [r.id for r in records] == ["in/a.jsonl#1", "7"]
    assert records[1].input.endswith("in/a.jsonl#3")


def test_lenient_field_types(write: Write) -> None:
    record = only(read(write("a.jsonl", _jsonl({"text": "t", "author": ["A", "B"], "http_status": "404"}))))
    assert (record.meta.author, record.http_status) == ("A, B", 404)


def test_bad_lines_give_error_records_and_reading_goes_on(write: Write) -> None:
    content = (
        _jsonl({"text": "good one"})
        + '{"text": "broken\n'
        + _jsonl({"body": "no text field"})
        + "[1, 2]\n"
        + _jsonl({"text": "   "})
        + _jsonl({"text": "bad status", "http_status": "OK"})
        + _jsonl({"text": "good two"})
        + _jsonl({"text": 5})
    )
    path = write("a.jsonl", content)
    records = read(path)
    assert [r.text for r in records] == ["good one", "", "", "", "", "", "good two", ""]
    codes = [r.error.code if r.error else None for r in records]
    assert codes == [None, "malformed", "malformed", "malformed", "empty", "malformed", None, "malformed"]
    messages = [r.error.message for r in records if r.error]
    name = path.as_posix()
    assert messages[0].startswith(f"{name}: line 2: invalid JSON (")
    assert messages[1].startswith(f'{name}: line 3: no string field "text". Fix: ')
    assert "(this line has: body)" in messages[1]
    assert messages[2].startswith(f"{name}: line 4: expected a JSON object, got list")
    assert messages[3].startswith(f'{name}: line 5: field "text" holds only white space')
    assert messages[4].startswith(f"{name}: line 6: field 'http_status' should be an integer")
    assert messages[5].startswith(f'{name}: line 8: field "text" is a number, not a string. Fix: ')
    assert records[1].id == f"{path.parent.name}/a.jsonl#2"


def test_invalid_utf8_in_a_line_is_flagged(write: Write) -> None:
    record = only(read(write("a.jsonl", b'{"text": "Caf\xe9"}\n')))
    assert (record.text, record.flags) == ("Caf\ufffd", ["invalid_utf8"])


def test_gzipped_jsonl(write: Write) -> None:
    path = write("a.jsonl.gz", gzip.compress(_jsonl({"text": "one"}, {"text": "two"}).encode()))
    records = read(path)
    assert [(r.text, r.format, r.flags) for r in records] == [
        ("one", "jsonl", ["gzip"]),
        ("two", "jsonl", ["gzip"]),
    ]


def test_truncated_gzip_keeps_the_lines_read_before(write: Write) -> None:
    lines = _jsonl(*({"text": f"story {n} " + "word " * 40} for n in range(2000))).encode()
    data = gzip.compress(lines)
    records = read(write("a.jsonl.gz", data[: len(data) // 2]))
    good, last = records[:-1], records[-1]
    assert len(good) > 100
    assert all(r.error is None for r in good)
    assert last.error is not None
    assert last.error.code == "malformed"
    assert "gzip data is truncated or corrupt" in last.error.message


def test_blank_lines_only_is_empty(write: Write) -> None:
    record = only(read(write("a.jsonl", "\n\n  \n")))
    assert record.error is not None
    assert record.error.code == "empty"


def test_pretty_printed_json_is_not_json_lines(write: Write) -> None:
    record = only(read(write("a.json", json.dumps({"text": "x"}, indent=2))))
    assert record.error is not None
    assert record.error.code == "malformed"
    assert "not JSON Lines" in record.error.message
    assert "jq -c" in record.error.message


def test_json_array_is_not_json_lines(write: Write) -> None:
    record = only(read(write("a.json", json.dumps([{"text": "x"}]))))
    assert record.error is not None
    assert "jq -c '.[]'" in record.error.message


def test_html_in_the_text_field_stays_text(write: Write) -> None:
    record = only(read(write("a.jsonl", _jsonl({"text": "<p>Hello</p>"}))))
    assert record.text == "<p>Hello</p>"


def test_lone_surrogate_escapes_are_replaced_and_flagged(write: Write) -> None:
    content = '{"id": "x\\ud83d", "text": "Cut emoji \\udc00 here", "title": "\\ud83d\\ude00 ok"}\n'
    record = only(read(write("a.jsonl", content)))
    assert (record.id, record.text, record.meta.title) == ("x\ufffd", "Cut emoji \ufffd here", "\U0001f600 ok")
    assert record.flags == ["invalid_utf8"]
    paired = only(read(write("b.jsonl", '{"text": "A pair \\ud83d\\ude00 is one character"}\n')))
    assert (paired.text, paired.flags) == ("A pair \U0001f600 is one character", [])


def test_a_line_with_html_instead_of_text_gets_the_pages_text_and_metadata(write: Write) -> None:
    lines = [
        {"id": "page-1", "html": NEWS_PAGE, "title": "Given title"},
        {"id": "page-2", "html": "<html><body><script>app()</script></body></html>"},
        {"id": "both", "text": "Text wins over html.", "html": NEWS_PAGE},
    ]
    records = read(write("pages.jsonl", "".join(json.dumps(line) + "\n" for line in lines)))
    page, empty_page, both = records
    assert (page.id, page.format, page.error) == ("page-1", "jsonl", None)
    assert NEWS_FIRST_PARAGRAPH in page.text.split("\n") and "<p>" not in page.text
    assert page.meta.title == "Given title" and page.meta.author == "Maria Jensen"
    assert page.meta.url == "https://herald.example.com/news/2024/05/01/harbour-bridge-reopens"
    assert empty_page.error is not None and "line 2: no article text found in HTML" in empty_page.error.message
    assert both.text == "Text wins over html."
