"""Turn the body of ``POST /api/match`` into a clean :class:`Article`.

Users send what they have: JSON ``{"text": ...}`` or ``{"html": ...}`` (with optional ``id``, ``title``,
``url``, ``source``, ``published``), or the raw article as ``text/plain`` or ``text/html``. ``curl -d``
sends ``application/x-www-form-urlencoded`` and some clients send no type at all, so those bodies are
read as raw text or HTML, whichever they look like. Text must be UTF-8 unless a charset is declared (HTML
may also declare it in ``<meta charset>``); anything else is refused with a message saying how to fix it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from samestory.config import CleanConfig
from samestory.errors import InputError
from samestory.io.html import decode_page, extract_html, page_codec
from samestory.io.text import INVALID_UTF8, without_lone_surrogates
from samestory.records import Article, Metadata, RawRecord
from samestory.stages.clean import clean_record

_SNIFFED = {"", "application/x-www-form-urlencoded", "application/octet-stream"}
_LOOKS_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<p[\s>]|<div)", re.IGNORECASE)
_META_FIELDS = ("title", "url", "source", "published")


class IntakeError(Exception):
    """A body the server cannot turn into an article; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Posted:
    """What the client sent, decoded: ``kind`` is ``text`` or ``html``."""

    kind: str
    content: str
    id: str | None = None
    meta: Metadata | None = None
    #: Flags of what decoding did (``invalid_utf8``: lone surrogates in the JSON replaced, or HTML bytes
    #: invalid in its charset, see :func:`~samestory.io.html.decode_page`).
    flags: tuple[str, ...] = ()


def parse_body(body: bytes, content_type: str | None) -> Posted:
    """Decode a request body by its content type (see the module docstring)."""
    if not body.strip():
        raise IntakeError(400, 'empty body: send the article as JSON {"text": ...}, or as text/plain or text/html')
    media, charset = _media_type(content_type)
    if media == "application/json":
        return _from_json(body)
    if media in ("text/plain", "text/html"):
        return _raw(body, "html" if media == "text/html" else "text", charset)
    if media in _SNIFFED:
        return _raw(body, "html" if _LOOKS_HTML.match(body[:512]) else "text", charset)
    raise IntakeError(
        415, f"unsupported content type {media!r}: send application/json, text/plain or text/html (UTF-8)"
    )


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    parts = [p.strip() for p in (content_type or "").split(";")]
    params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    charset = {k.strip().lower(): v.strip().strip('"') for k, v in params.items()}.get("charset")
    return parts[0].lower(), charset


def _raw(body: bytes, kind: str, charset: str | None) -> Posted:
    if kind == "html":
        if charset is not None:
            _codec(charset)
        html, flags = decode_page(body, charset)
        if isinstance(html, bytes):
            raise IntakeError(400, _not_utf8(body, "or declare its charset (Content-Type or <meta charset>)"))
        return Posted("html", html, flags=tuple(flags))
    return Posted("text", _decode(body, charset))


def _decode(body: bytes, charset: str | None) -> str:
    codec = _codec(charset) if charset else "utf-8"
    try:
        return body.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise IntakeError(400, _not_utf8(body, "or declare its charset in Content-Type", codec)) from None


def _codec(charset: str) -> str:
    """The codec of a declared charset, as pages are read (:func:`~samestory.io.html.page_codec`): a label
    Python knows that names no character set (``base64``, ``rot13``, ``utf-7``) is refused as an unknown one."""
    codec = page_codec(charset)
    if codec is None:
        raise IntakeError(415, f"unknown charset {charset!r}: send UTF-8, or name a known charset")
    return codec


def _not_utf8(body: bytes, fix: str, codec: str = "utf-8") -> str:
    try:
        body.decode(codec)
        where = ""
    except UnicodeDecodeError as exc:
        where = f" (invalid byte at offset {exc.start})"
    return f"the body is not valid {codec.upper()}{where}: convert it to UTF-8 {fix}"


def _from_json(body: bytes) -> Posted:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise IntakeError(400, _not_utf8(body, "(JSON must be UTF-8)")) from None
    except json.JSONDecodeError as exc:
        raise IntakeError(
            400, f"the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:  # arrays or objects nested thousands deep: the decoder recurses once a level
        raise IntakeError(400, 'the JSON body is nested too deeply: send {"text": "..."} or {"html": "..."}') from None
    if not isinstance(data, dict):
        raise IntakeError(422, 'the JSON body must be an object: {"text": "..."} or {"html": "..."}')
    kinds = [k for k in ("text", "html") if k in data]
    if len(kinds) != 1:
        raise IntakeError(422, 'give exactly one of "text" or "html" in the JSON body')
    data, replaced = without_lone_surrogates(data)
    content = _string(data, kinds[0], required=True) or ""
    flags = (INVALID_UTF8,) if replaced else ()
    return Posted(kinds[0], content, _string(data, "id"), _meta(data), flags)


def _string(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise IntakeError(422, f'"{key}" must be a non-empty string' if required else f'"{key}" must be a string')
    return value


def _meta(data: dict[str, Any]) -> Metadata:
    return Metadata(**{name: _string(data, name) for name in _META_FIELDS})


def to_article(posted: Posted, config: CleanConfig, article_id: str | None = None) -> Article:
    """Clean what was posted. Without an id, the id is derived from the content, so posting the same
    article twice names it the same way (and storing it twice stores it once)."""
    aid = article_id or posted.id or "api/" + hashlib.sha256(posted.content.encode()).hexdigest()[:16]
    meta = posted.meta or Metadata()
    text, flags = posted.content, list(posted.flags)
    if posted.kind == "html":
        try:
            text, found, extracted = extract_html(posted.content, aid, meta.url)
            flags += extracted
        except InputError as exc:
            raise IntakeError(422, f"no article found in the HTML: {exc.reason}; {exc.fix}") from None
        meta = meta.filled_from(found)
    article = clean_record(RawRecord(id=aid, input=aid, format=posted.kind, text=text, meta=meta, flags=flags), config)
    if article.error is not None:
        raise IntakeError(422, article.error.message)
    if not article.matchable:
        named = ", ".join(article.flags) or "none"
        raise IntakeError(422, f"nothing to match: cleaning left no article text (flags: {named})")
    return article
