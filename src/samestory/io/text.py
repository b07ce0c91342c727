"""Plain text files: one file is one record, its text kept exactly as written."""

from __future__ import annotations

from samestory.errors import EmptyInput
from samestory.io.source import Source
from samestory.records import RawRecord

#: The flag of a record whose bytes were not valid UTF-8 (bad bytes became U+FFFD).
INVALID_UTF8 = "invalid_utf8"


def decode_utf8(data: bytes) -> tuple[str, list[str]]:
    """Decode UTF-8 without a byte order mark; invalid bytes become U+FFFD and add the ``invalid_utf8`` flag.

    >>> decode_utf8(b"caf\\xc3\\xa9")
    ('café', [])
    >>> decode_utf8(b"caf\\xe9")
    ('caf�', ['invalid_utf8'])
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("utf-8-sig", errors="replace"), [INVALID_UTF8]


def read_text(data: bytes, source: Source) -> RawRecord:
    """The record of a text file whose content is ``data``.

    Header lines a crawler wrote (``URL:``, ``Title:`` ...) stay in the text: cleaning parses them later.
    """
    text, flags = decode_utf8(data)
    if not text.strip():
        raise empty(source.input, len(data))
    return source.record("text", text, flags=flags)


def empty(name: str, size: int, where: str = "file") -> EmptyInput:
    """The error for content that is empty or white space only; ``where`` names what was empty."""
    reason = f"{where} is empty (0 bytes)" if size == 0 else f"{where} holds only white space ({size} bytes)"
    return EmptyInput(name, reason, "remove it or re-fetch the page")
