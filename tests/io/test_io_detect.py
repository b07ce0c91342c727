"""Format detection from the first bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samestory.io.detect import Sniff, sniff


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo", "x.txt", Sniff("warc")),
        (b"WARC/1.0\r\n\x00\x01binary payloads follow", "x", Sniff("warc")),
        (b'  \n{"text": "a"}\n', "x.txt", Sniff("jsonl")),
        (b'{\n  "text": "a"\n}', "x.json", Sniff("json", "pretty")),
        (b'[{"text": "a"}]', "x.json", Sniff("json", "array")),
        (b"[Editor's note] A story.", "x.txt", Sniff("text")),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "x", Sniff("html")),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", "x", Sniff("html")),
        (b"<!-- saved page -->\n<html>", "x", Sniff("html")),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">', "feed.xml", Sniff("feed", "RSS")),
        (
            b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
            "x",
            Sniff("feed", "Atom"),
        ),
        (b"<rss version='2.0'><channel><title>News</title>", "feed.html", Sniff("feed", "RSS")),
        (
            b"<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>",
            "x",
            Sniff("feed", "RSS"),
        ),
        (b"A story.", "page.HTM", Sniff("html")),
        (b"A story.", "a.ndjson", Sniff("jsonl")),
        (b"A story.", "a.warc", Sniff("warc")),
        (b"A story.", "a.md", Sniff("text")),
        (b"", "a.txt", Sniff("empty")),
        (b" \r\n\t", "a.jsonl", Sniff("empty")),
        (b"\xff\xd8\xff\xe0JFIF", "a.txt", Sniff("binary", "JPEG image")),
        (b"PK\x03\x04", "a.txt", Sniff("binary", "ZIP archive, or a DOCX/XLSX/EPUB file")),
        (b"\xff\xfeH\x00i\x00", "a.txt", Sniff("binary", "UTF-16 text")),
        ("Harbour budget".encode("utf-16-le"), "a.txt", Sniff("binary", "UTF-16LE text without a byte order mark")),
        ("Harbour budget".encode("utf-16-be"), "a.txt", Sniff("binary", "UTF-16BE text without a byte order mark")),
        (b"\x00\x01\x02\x03" * 8, "a.txt", Sniff("binary", "NUL bytes")),
        (b"\x1f\x8b\x08\x00", "a.txt", Sniff("binary", "gzip data inside gzip")),
        (b"Form feed\x0cand escape \x1b[1m are text.", "a.txt", Sniff("text")),
    ],
)
def test_sniff(head: bytes, name: str, expected: Sniff) -> None:
    assert sniff(head, name) == expected


#: Letters, the control characters text holds (tab, newlines, form feed, escape) and some it does not.
_BYTES = st.lists(st.sampled_from([b"a", b"b", b" ", b"\t", b"\n", b"\x0c", b"\x1b", b"\x01", b"\x02", b"\x1f"]))


@given(_BYTES.map(b"".join))
def test_binary_exactly_when_over_a_tenth_are_foreign_controls(head: bytes) -> None:
    controls = sum(1 for b in head if b in b"\x01\x02\x1f")
    binary = bool(head.strip()) and controls * 10 > len(head)
    assert (sniff(head, "x.txt") == Sniff("binary", "control characters")) == binary
