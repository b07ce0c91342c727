"""Tell an input's format from its first bytes, with the file name as a tie-breaker.

Content decides first, because crawl dumps are often misnamed; the name only settles what content leaves
open (a ``.html`` page that starts with plain text, a ``.warc`` that does not start like one).

>>> sniff(b"WARC/1.0\\r\\n", "x.bin").kind
'warc'
>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....", "photo.txt")
Sniff(kind='binary', detail='PNG image')
"""

from __future__ import annotations

import re
from typing import NamedTuple

from samestory.io.stream import GZIP_MAGIC

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, or a DOCX/XLSX/EPUB file"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"\xff\xfe", "UTF-16 text"),  # see UTF16
    (b"\xfe\xff", "UTF-16 text"),
    (GZIP_MAGIC, "gzip data inside gzip"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
# Control characters that do not occur in text; tab, newlines, form feed and escape do.
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c\x1b")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
_HTML_TAG = re.compile(
    rb"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|table|tr|td|img|meta|link|script|style|article|section"
    rb"|header|footer|nav|title|form|input|button|iframe|noscript|figure|main|aside|strong|em|b|i)[\s/>]",
    re.IGNORECASE,
)
#: The root element of a news feed (RSS 2.0, RSS 1.0's rdf:RDF, Atom) at an XML document's start: items, not a page.
_FEED_ROOT = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*)*<(rss|feed|rdf:RDF)[\s>]", re.DOTALL
)
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_NAMES = (".jsonl", ".ndjson")


class Sniff(NamedTuple):
    """A detected format: ``kind`` is one of warc, html, jsonl, text, empty, binary, json, feed;
    ``detail`` says more for binary (what it looks like), json (``array`` or ``pretty``) and feed (``RSS``
    or ``Atom``)."""

    kind: str
    detail: str = ""


def sniff(head: bytes, name: str) -> Sniff:
    """Detect the format of (decompressed) content starting with ``head``; ``name`` is the file name."""
    if head.startswith(b"WARC/"):
        return Sniff("warc")  # before the byte checks: a WARC holds images and other binary payloads
    binary = _magic(head) or _binary(head)
    if binary:
        return Sniff("binary", binary)
    body = head.removeprefix(_UTF8_BOM).lstrip()
    if not body:
        return Sniff("empty")
    return _by_content(body, name) or _by_name(name)


def file_format(head: bytes) -> str:
    """What a payload is when its first bytes name a file format that is no text (an image, a PDF, an
    archive ...), else ``""``: not for UTF-16 text or gzip data, which may still hold a page.

    >>> file_format(b"%PDF-1.7"), file_format(b"<html>")
    ('PDF document', '')
    """
    what = _magic(head)
    return "" if what.startswith(UTF16) or head.startswith(GZIP_MAGIC) else what


def _magic(head: bytes) -> str:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return ""


#: How the detail of text in UTF-16 starts (with a byte order mark, "UTF-16 text"; told by its NUL bytes,
#: "UTF-16LE text ..." or "UTF-16BE text ..."): text, in another encoding. Its first word names the encoding.
UTF16 = "UTF-16"


def _binary(head: bytes) -> str:
    if b"\x00" in head:
        # Latin text in UTF-16 without a byte order mark: every other byte is NUL.
        halves = head[: len(head) - len(head) % 2]
        even, odd = halves[0::2].count(0), halves[1::2].count(0)
        if len(halves) >= 16 and max(even, odd) * 10 >= 9 * len(halves) // 2:
            return f"{UTF16}{'LE' if odd > even else 'BE'} text without a byte order mark"
        return "NUL bytes"
    # Ten percent leaves room for stray form feeds and legacy control codes in real text. The control
    # characters are counted by deleting them in one pass (a count per character was 26 passes, 40 us a file).
    if head and (len(head) - len(head.translate(None, _CONTROL))) * 10 > len(head):
        return "control characters"
    return ""


def _by_content(body: bytes, name: str) -> Sniff | None:
    if body.startswith(b"{"):
        first_line = body.split(b"\n", 1)[0].strip()
        return Sniff("json", "pretty") if first_line == b"{" else Sniff("jsonl")
    if body.startswith(b"[") and name.lower().endswith(".json"):
        return Sniff("json", "array")
    if feed := _FEED_ROOT.search(body[:2048]):  # before markup density: an item's content is HTML
        return Sniff("feed", "Atom" if feed.group(1) == b"feed" else "RSS")
    if looks_like_html(body):
        return Sniff("html")
    return None


def looks_like_html(body: bytes) -> bool:
    """Whether ``body`` (leading white space removed) starts like an HTML page or is dense with tags."""
    start = body[:1024].lower()
    if start.startswith(_HTML_STARTS):
        return True
    if start.startswith((b"<?xml", b"<!--")) and (b"<html" in start or b"<!doctype html" in start):
        return True
    tags = _HTML_TAG.findall(body)
    closing = sum(tag.startswith(b"</") for tag in tags)
    # A tag every 200 bytes, some of them closed, is markup, not prose that happens to mention a tag.
    return len(tags) >= 5 and closing >= 2 and len(tags) * 200 >= len(body)


def _by_name(name: str) -> Sniff:
    lower = name.lower()
    if lower.endswith(_HTML_NAMES):
        return Sniff("html")
    if lower.endswith(_JSONL_NAMES):
        return Sniff("jsonl")
    if lower.endswith(".warc"):
        return Sniff("warc")
    return Sniff("text")


def format_from_name(name: str) -> str:
    """A best guess of the record format from a file name alone, for errors raised before detection."""
    return _by_name(name.lower().removesuffix(".gz")).kind
