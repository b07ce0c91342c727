"""Plain text files: one file is one record, its text kept exactly as written."""

from __future__ import annotations

import re
from typing import Any

from samestory.errors import EmptyInput
from samestory.io.source import Source
from samestory.records import RawRecord

#: The flag of a record whose bytes were not valid UTF-8 (bad bytes became U+FFFD).
INVALID_UTF8 = "invalid_utf8"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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


def without_lone_surrogates(value: Any) -> tuple[Any, bool]:
    """``value`` (parsed JSON) with each lone surrogate in its strings replaced by U+FFFD, as invalid bytes
    are; and whether any was. JSON may escape half of a UTF-16 pair alone ("\\ud83d", a truncated emoji):
    ``json.loads`` keeps it as a lone surrogate, which is no character and cannot be written as UTF-8.

    >>> without_lone_surrogates({"text": "cut \\ud83d"})
    ({'text': 'cut \ufffd'}, True)
    """
    if isinstance(value, str):
        fixed = _LONE_SURROGATE.sub("\ufffd", value)
        return fixed, fixed != value
    if isinstance(value, list):
        items = [without_lone_surrogates(v) for v in value]
        return [v for v, _ in items], any(r for _, r in items)
    if isinstance(value, dict):
        pairs = [(without_lone_surrogates(k), without_lone_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in pairs}, any(rk or rv for (_, rk), (_, rv) in pairs)
    return value, False


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
