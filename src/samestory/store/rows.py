"""How records become rows and back: JSON for nested records, little-endian bytes for arrays, hashes
that identify an input record (``raw_hash``) and a clean result (``version``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import xxhash

from samestory.core.dates import ISO_DAY
from samestory.records import Article, Direction, Fingerprint, InputFailure, Metadata, Pair, RawRecord


def dumps(value: Any, *, sort: bool = True) -> str:
    """Compact JSON. Settings and hashed inputs sort their keys (equal values, equal strings); records keep
    their own order (``sort=False``), so that a record read back writes the same line as a run."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort, separators=(",", ":"))


def digest(text: str) -> str:
    return xxhash.xxh3_128_hexdigest(text.encode("utf-8"))


def raw_to_dict(raw: RawRecord) -> dict[str, Any]:
    """A record without its text (stored once, as the article's ``original``)."""
    return {
        "input": raw.input, "format": raw.format, "meta": asdict(raw.meta), "fetched": raw.fetched,
        "http_status": raw.http_status, "flags": raw.flags, "error": asdict(raw.error) if raw.error else None,
    }  # fmt: skip


def raw_from_dict(article_id: str, text: str, d: dict[str, Any]) -> RawRecord:
    err = d.get("error")
    return RawRecord(
        id=article_id, input=d["input"], format=d["format"], text=text, meta=Metadata(**d["meta"]),
        fetched=d.get("fetched"), http_status=d.get("http_status"), flags=list(d.get("flags", [])),
        error=InputFailure(**err) if err else None,
    )  # fmt: skip


def raw_hash(raw: RawRecord) -> str:
    """Identifies an input record: same id and same hash means nothing to do."""
    return digest(dumps({**raw_to_dict(raw), "id": raw.id, "text": raw.text}))


def display_source(article: Article) -> str | None:
    """What the story list shows as the publisher: the given source, else the URL host, else the folder."""
    if article.source:
        return article.source
    if article.url and (host := urlsplit(article.url).hostname):
        return host.removeprefix("www.")
    return article.id.rsplit("/", 1)[0] if "/" in article.id else None


def list_date(article: Article) -> str | None:
    """The date the story list sorts and filters by (column ``date``): published, else fetched, ISO only.
    The story list compares dates as text, and a date kept as written ("03/04/2026", whose day and month
    could be either way round, or a metadata value the cleaner could not read) does not sort among ISO ones."""
    return next((d for d in (article.published, article.fetched) if d and ISO_DAY.match(d)), None)


def article_row(article: Article, raw: RawRecord) -> dict[str, Any]:
    data = dumps(article.to_dict(), sort=False)
    return {
        "id": article.id, "raw_hash": raw_hash(raw), "version": digest(data), "matchable": article.matchable,
        "error_code": article.error.code if article.error else None, "source": display_source(article),
        "title": article.title, "published": article.published, "fetched": article.fetched,
        "date": list_date(article), "text": article.text, "raw": dumps(raw_to_dict(raw)),
        "data": data,
    }  # fmt: skip


def fingerprint_row(fp: Fingerprint, version: str) -> dict[str, Any]:
    return {
        "article_id": fp.id, "version": version, "signature": np.asarray(fp.signature, "<u4").tobytes(),
        "lead": np.asarray(fp.lead, "<f4").tobytes(), "quotes": [int(q) for q in fp.quotes],
        "ngrams": np.asarray(fp.ngrams, "<u8").tobytes(),
    }  # fmt: skip


def fingerprint_from_row(
    article_id: str, signature: bytes, lead: bytes, quotes: list[int], ngrams: bytes
) -> Fingerprint:
    return Fingerprint(
        article_id, np.frombuffer(signature, "<u4").astype(np.uint32), np.frombuffer(lead, "<f4").astype(np.float32),
        list(quotes), np.frombuffer(ngrams, "<u8").astype(np.uint64),
    )  # fmt: skip


def pair_row(pair: Pair, version_a: str, version_b: str) -> dict[str, Any]:
    return {
        "a": pair.a, "b": pair.b, "version_a": version_a, "version_b": version_b, "relation": pair.relation,
        "similarity": pair.similarity, "direction": dumps(asdict(pair.direction)),
        "data": dumps(pair.to_dict(), sort=False),
    }  # fmt: skip


def light_pair(a: str, b: str, relation: str, similarity: float, direction: str) -> Pair:
    """A pair with what clustering needs (no alignment): cheap to load for every stored pair."""
    d = json.loads(direction)
    return Pair(a, b, relation, similarity, direction=Direction(d.get("original"), list(d.get("evidence", []))))
