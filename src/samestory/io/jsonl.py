"""JSON Lines: one JSON object per line, each one record with a required ``text`` field (or ``html``: a page
whose main text and metadata are extracted as an HTML file's are).

Optional fields: ``id``, ``title``, ``url``, ``date`` (or ``published``), ``updated`` (or ``modified``), ``source``,
``author``, ``site``, ``fetched``, ``http_status`` (dates as given: cleaning reads them as ISO dates,
:func:`~samestory.stages.clean.given_date`). A bad line gives an error record for that line and reading goes on.
Records are numbered by line, so ``x.jsonl#17`` is line 17 whatever blank lines come before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from samestory.errors import InputError, MalformedInput
from samestory.io.html import extract_html
from samestory.io.source import Source
from samestory.io.stream import Reader, too_large
from samestory.io.text import INVALID_UTF8, decode_utf8, empty, without_lone_surrogates
from samestory.records import Metadata, RawRecord

_CHUNK = 1 << 20
_FIX_JSON = 'make each line one JSON object, e.g. {"text": "..."}'


#: JSON's names of the types ``json.loads`` gives, for messages.
_JSON_TYPES = {int: "number", float: "number", bool: "boolean", list: "array", dict: "object"}


def read_jsonl(stream: Reader, source: Source, limit: int) -> Iterator[RawRecord]:
    """Yield one record per non-blank line, streaming: memory holds one line at most ``limit`` bytes long."""
    found = False
    for number, line in _lines(stream, limit):
        part = source.part(number)
        if line is None:
            error = too_large(source.input, f"over {limit:,} bytes", limit, where=f"line {number}: record")
            yield part.failure("jsonl", error)
        elif line.strip():
            found = True
            try:
                yield _record(line, number, part, source.input)
            except InputError as exc:
                yield part.failure("jsonl", exc)
    if not found:
        raise empty(source.input, 0, "JSON Lines file (no non-blank line)")


def _lines(stream: Reader, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; ``None`` for a line over ``limit`` bytes, which is skipped without being kept."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if line.endswith(b"\n") or len(line) <= limit:
            yield number, line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
        yield number, None


#: A JSON escape of a UTF-16 surrogate ("\\ud83d"): a pair of them is one character, a lone one is not
#: (see :func:`~samestory.io.text.without_lone_surrogates`).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _record(line: bytes, number: int, part: Source, name: str) -> RawRecord:
    decoded, flags = decode_utf8(line)
    obj = _parse(decoded, number, name)
    if _SURROGATE_ESCAPE.search(line):  # rare: most lines are not searched for lone surrogates
        obj, replaced = without_lone_surrogates(obj)
        if replaced and INVALID_UTF8 not in flags:
            flags.append(INVALID_UTF8)
    field = _Fields(obj, name, number)
    given_id = field.text("id")
    meta = Metadata(
        title=field.text("title"),
        url=field.text("url"),
        published=field.text("date") or field.text("published"),
        author=field.text("author"),
        site=field.text("site"),
        source=field.text("source"),
        updated=field.text("updated") or field.text("modified"),
    )
    if "text" in obj:
        body = obj["text"]
    else:  # a page: its main text and metadata, as an HTML file's; the line's own fields come first
        found = extract_html(obj["html"], f"{name}: line {number}", meta.url)
        body, flags, meta = found.text, [*flags, *found.flags], meta.filled_from(found.meta)
    return (replace(part, id=given_id) if given_id else part).record(
        "jsonl",
        body,
        flags=flags,
        meta=meta,
        fetched=field.text("fetched"),
        http_status=field.integer("http_status"),
    )


def _parse(line: str, number: int, name: str) -> dict[str, Any]:
    """The JSON object on a line, checked to hold a non-blank string ``text``, or else ``html``."""
    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise MalformedInput(name, f"line {number}: invalid JSON ({exc})", _FIX_JSON) from exc
    if not isinstance(obj, dict):
        reason = f"line {number}: expected a JSON object, got {type(obj).__name__}"
        raise MalformedInput(name, reason, _FIX_JSON)
    key = "html" if "text" not in obj and isinstance(obj.get("html"), str) else "text"
    body = obj.get(key)
    if not isinstance(body, str):
        keys = ", ".join(sorted(obj)) or "none"
        fix = f'give every line a string "text" field, or "html" with the page (this line has: {keys})'
        kind = _JSON_TYPES.get(type(body), type(body).__name__)
        found = 'no string field "text"' if body is None else f'field "text" is a {kind}, not a string'
        raise MalformedInput(name, f"line {number}: {found}", fix)
    if not body.strip():
        raise empty(name, len(body), f'line {number}: field "{key}"')
    return obj


class _Fields:
    """Typed access to the optional fields of one JSON line, lenient where the meaning is plain."""

    def __init__(self, obj: dict[str, Any], name: str, number: int) -> None:
        self.obj = obj
        self.name = name
        self.number = number

    def text(self, key: str) -> str | None:
        """A string field; numbers become strings (numeric ids are common), a list of strings is joined."""
        value = self.obj.get(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return ", ".join(value)
        raise self._bad(key, "a string", value)

    def integer(self, key: str) -> int | None:
        """An integer field; a string of digits is accepted."""
        value = self.obj.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise self._bad(key, "an integer", value)

    def _bad(self, key: str, expected: str, value: object) -> MalformedInput:
        reason = f"line {self.number}: field {key!r} should be {expected}, got {value!r:.60}"
        return MalformedInput(self.name, reason, f"fix or remove the {key!r} field")
