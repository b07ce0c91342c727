"""HTTP bodies as WARC response records store them: the chunked transfer coding and the content codings
(gzip, deflate, br) undone, record by record.

fastwarc can undo them while it reads, but not safely on crawl data (fastwarc 2.0): after a gzip or
deflate body sent chunked it lost every later record of the file without an error, and a raw deflate body
(no zlib header, which many servers send) or a body stored already decoded under the headers that named
its codings (as some crawlers write it) stopped the file there. So the reader takes the body as stored and
decodes it here: a body stored decoded is taken as it is, and a damaged one is an error of its record alone.

>>> import gzip
>>> decode_body(b"5\\r\\n<p>Hi\\r\\n0\\r\\n\\r\\n", "chunked", None, 100)
b'<p>Hi'
>>> decode_body(gzip.compress(b"<p>Hi"), None, "gzip", 100), decode_body(b"<p>Hi", "chunked", "gzip", 100)
(b'<p>Hi', b'<p>Hi')
"""

from __future__ import annotations

import io
import re
import zlib

from samestory.io.stream import GZIP_MAGIC

_CHUNK_HEADER = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


class BodyError(Exception):
    """A body that its coding cannot undo; ``coding`` names it as a message would (``its gzip
    Content-Encoding``)."""

    def __init__(self, coding: str) -> None:
        super().__init__(coding)
        self.coding = coding


class BodyTooLarge(Exception):
    """A body that decodes to more than the limit it was given."""


def decode_body(data: bytes, transfer: str | None, content: str | None, limit: int) -> bytes:
    """``data`` with its ``Transfer-Encoding`` and ``Content-Encoding`` (header values) undone.

    Raises :class:`BodyError` when a coding cannot be undone, :class:`BodyTooLarge` past ``limit`` bytes.
    Unknown codings are left as they are (``identity``, or one the page's own sniffing then reports).
    """
    if "chunked" in _codings(transfer):
        data = _dechunk(data)
    for coding in reversed(_codings(content)):
        data = _decode(data, coding, limit)
    return data


def _codings(header: str | None) -> list[str]:
    return [c.strip().lower() for c in (header or "").split(",") if c.strip()]


def _stored_decoded(data: bytes) -> bool:
    """Whether a body whose coding does not apply is markup stored decoded (not damaged coded data)."""
    return data.lstrip()[:1] == b"<"


def _dechunk(data: bytes) -> bytes:
    if not _CHUNK_HEADER.match(data):
        return data  # stored without its chunk framing
    parts: list[bytes] = []
    position = 0
    while (header := _CHUNK_HEADER.match(data, position)) is not None:
        size = int(header.group(1), 16)
        if size == 0:
            return b"".join(parts)  # trailer fields, if any, are not body
        start = header.end()
        if start + size > len(data):
            break
        parts.append(data[start : start + size])
        position = start + size + (2 if data[start + size : start + size + 2] == b"\r\n" else 1)
    raise BodyError("its chunked Transfer-Encoding")


def _decode(data: bytes, coding: str, limit: int) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return _inflate(data, 31, coding, limit) if data.startswith(GZIP_MAGIC) else data
    if coding == "deflate":
        if len(data) >= 2 and data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0:
            return _inflate(data, 15, coding, limit)  # with its zlib header, as RFC 9110 says
        try:
            return _inflate(data, -15, coding, limit)
        except BodyError:
            if _stored_decoded(data):
                return data
            raise
    if coding == "br":
        return _unbrotli(data, limit)
    return data


def _inflate(data: bytes, wbits: int, coding: str, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise BodyError(f"its {coding} Content-Encoding") from None
    if len(out) > limit:
        raise BodyTooLarge
    if not inflater.eof:
        raise BodyError(f"its {coding} Content-Encoding")
    return out


def _unbrotli(data: bytes, limit: int) -> bytes:
    from fastwarc.stream_io import BrotliReader

    try:
        out = BrotliReader(io.BytesIO(data)).read(limit + 1)
    except OSError:
        if _stored_decoded(data):
            return data
        raise BodyError("its br Content-Encoding") from None
    if len(out) > limit:
        raise BodyTooLarge
    return out
