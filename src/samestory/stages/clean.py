"""The clean stage: :class:`~samestory.records.RawRecord` in, :class:`~samestory.records.Article` out.

Corpus statistics make cleaning a two-step stage: :func:`corpus_rows` is the per-record map that feeds
:func:`~samestory.core.linestats.merge_counts`, and :func:`clean_record` is the per-record map that uses
the merged :class:`~samestory.core.linestats.LineStats`. Executors run pass 1 over a shard with
:func:`shard_rows`, the store with :func:`records_rows` (each record's rows apart), chunk by chunk; both keep
what it found of each record's lines for pass 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import TypeAlias
from urllib.parse import urlsplit

import numpy as np

from samestory.config import CleanConfig
from samestory.core.clean import clean_document, corpus_line, line_affixes, masked
from samestory.core.dates import ISO_DAY, find_date
from samestory.core.headlines import registered
from samestory.core.language import detect_language
from samestory.core.linemodel import load_model
from samestory.core.linestats import ROW_WIDTH, LineStats, UInt64Array, document_rows
from samestory.core.patterns import load_rules
from samestory.core.quotes import find_quotes
from samestory.core.structure import DATE_FIELDS, last_update, untagged
from samestory.core.text import has_mojibake, site_names
from samestory.records import Article, InputFailure, Metadata, RawRecord, Span


def given_meta(meta: Metadata) -> Metadata:
    """The metadata an input gave, a field given blank (a JSON Lines ``"title": ""``) taken as not given: it
    says nothing, and an empty title would hide the one the text has."""
    blank = {f.name: None for f in fields(meta) if (v := getattr(meta, f.name)) is not None and not v.strip()}
    return replace(meta, **blank) if blank else meta


def source_group(raw: RawRecord) -> str:
    """The publisher a record belongs to, for corpus statistics: given source, site, URL host, or folder."""
    meta = given_meta(raw.meta)
    if meta.source or meta.site:
        return str(meta.source or meta.site).casefold()
    if meta.url:
        host = urlsplit(meta.url).hostname or ""
        return host.removeprefix("www.")
    return raw.id.rsplit("/", 1)[0] if "/" in raw.id else ""


#: What pass 1 found of each line of a record (:func:`~samestory.core.clean.corpus_line`: key, template,
#: label; in :func:`line_texts` order), which pass 2 takes (:func:`clean_record` ``corpus_lines``).
CorpusLines: TypeAlias = list[tuple[str, str, str]]


def corpus_rows(raw: RawRecord) -> tuple[CorpusLines, UInt64Array]:
    """The map step of corpus statistics for one record: its lines' keys, the templates of its short
    lines (head-field shapes excepted) and its headlines as line rows, with what it found of each line, which pass 2 may
    hand back to :func:`clean_record` (``corpus_lines``) instead of computing it again."""
    texts = line_texts(raw.text)
    found = [corpus_line(text) for text in texts]
    group = source_group(raw)
    names = site_names(group)
    # A label and a short line's first and last words count as lines of its source too (what one site prints
    # before or after its links, "Neighbor post: <headline>"): core.clean.source_label_evidence, line_affixes.
    labels = [masked(label, names) for _, _, label in found if label]
    templates = [masked(template, names) for _, template, _ in found if template] + labels
    affixes = [a for (key, _, _), text in zip(found, texts, strict=True) for a in line_affixes(text, key)]
    headlines = registered(texts, given_meta(raw.meta).title)
    return found, document_rows(group, [key for key, _, _ in found] + labels + affixes, templates, headlines)


def records_rows(records: Sequence[RawRecord]) -> list[tuple[CorpusLines, UInt64Array] | None]:
    """:func:`corpus_rows` of each record (None for a record that failed to read): a picklable kernel of
    pass 1 for an executor's workers (the store's add keeps each record's rows apart)."""
    return [corpus_rows(r) if r.error is None else None for r in records]


def shard_rows(records: Sequence[RawRecord]) -> tuple[list[CorpusLines | None], UInt64Array]:
    """Pass 1 of corpus statistics over some records, as every executor runs it: what :func:`corpus_rows`
    found of each record's lines (None for a record that failed to read), to hand to pass 2's
    :func:`clean_record` with the record, and the line rows of them all in one array."""
    found = records_rows(records)
    rows = [f[1] for f in found if f is not None]
    merged = np.concatenate(rows) if rows else np.empty((0, ROW_WIDTH), dtype=np.uint64)
    return [f[0] if f is not None else None for f in found], merged


#: A line as :func:`~samestory.core.text.split_lines` cuts it (before its white space is stripped).
_LINE = re.compile(r"[^\r\n]+")


def line_texts(text: str) -> list[str]:
    """The texts of :func:`~samestory.core.text.split_lines` (tested equal), without the offsets: pass 1
    needs only the texts, and building a ``Line`` per line was a sixth of its time."""
    return [stripped for line in _LINE.findall(text) if (stripped := line.strip())]


def prepare(config: CleanConfig) -> None:
    """Load what cleaning loads once per process (the rules, and the line model when ``config`` uses it),
    so that the first record does not wait for it: executors run this on their workers while the corpus
    statistics are merged, when the workers would otherwise wait (about 0.3 s a worker)."""
    load_rules()
    if config.line_model:
        load_model()


def _error_article(raw: RawRecord) -> Article:
    return Article(
        id=raw.id, input=raw.input, format=raw.format, original=raw.text, error=raw.error,
        flags=[*raw.flags, "input_error"], fetched=raw.fetched, http_status=raw.http_status, url=raw.meta.url,
    )  # fmt: skip


def clean_record(
    raw: RawRecord,
    config: CleanConfig | None = None,
    stats: LineStats | None = None,
    *,
    corpus_lines: CorpusLines | None = None,
) -> Article:
    """Clean one record. Records that failed to read pass through as error articles; a record that makes
    the cleaner fail becomes an error article too (code ``clean_failed``), so one bad record never stops
    a run. ``corpus_lines``: what :func:`corpus_rows` found of the record's lines, when pass 1 ran it."""
    if raw.error is not None:
        return _error_article(raw)
    try:
        return _clean(raw, config or CleanConfig(), stats, corpus_lines)
    except Exception as exc:
        message = (
            f"{raw.input}: cleaning failed ({type(exc).__name__}: {exc}). Fix: this is a bug in samestory; "
            "report it with this input. The record is kept with its original text."
        )
        return _error_article(replace(raw, error=InputFailure("clean_failed", message)))


def given_date(value: str | None) -> str | None:
    """A date the input gave (a JSON Lines ``date`` or ``fetched``) as the ISO date it names, as dates the
    cleaner finds are: dates are compared as text (which copy came first, ``samestory stories --from``),
    and "Thu, 12 Feb 2026" sorts after "Wed, 11 Feb 2026". An ISO date is kept as given (with its time);
    a value that names no day, as given; a blank one is none.

    >>> given_date("Thu, 12 Feb 2026 10:00:00 GMT"), given_date("2026-02-12T10:00Z"), given_date("soon")
    ('2026-02-12T10:00:00Z', '2026-02-12T10:00Z', 'soon')
    """
    if value is None or not value.strip():
        return None
    if ISO_DAY.match(value):
        return value
    return find_date(value) or value


def _clean(raw: RawRecord, config: CleanConfig, stats: LineStats | None, corpus_lines: CorpusLines | None) -> Article:
    meta = given_meta(raw.meta)
    doc = clean_document(
        raw.text,
        config,
        title=meta.title,
        group=source_group(raw),
        stats=stats,
        corpus_lines=corpus_lines,
        url=meta.url,
    )
    head = doc.head
    body = "\n\n".join(p.text for p in doc.paragraphs)
    flags = [*raw.flags, *doc.flags]
    if has_mojibake(body):
        flags.append("mojibake")
    title = head.fields.get("title")
    published = given_date(meta.published) or head.published
    dated = [raw.text[head.fields[k].start : head.fields[k].end] for k in DATE_FIELDS if k in head.fields]
    # A page that shows an update alone is dated by it (:func:`~samestory.core.structure.read_head`): that
    # date is its update too.
    alone = not meta.published and not {"published", "tail_published"} & head.fields.keys()
    return Article(
        id=raw.id,
        input=raw.input,
        format=raw.format,
        original=raw.text,
        source=meta.source or meta.site,
        url=meta.url or doc.url,
        author=meta.author or head.author,
        fetched=given_date(raw.fetched) or doc.fetched,
        http_status=raw.http_status or doc.http_status,
        title=title.text if title else (untagged(meta.title) if meta.title else None),
        subtitle=head.fields["subtitle"].text if "subtitle" in head.fields else None,
        dateline=head.fields["dateline"].text if "dateline" in head.fields else None,
        credit=head.credit,
        published=published,
        updated=last_update(dated, None if alone else published, given_date(meta.updated)),
        language=detect_language(body) if config.detect_language else None,
        paragraphs=[p.text for p in doc.paragraphs],
        paragraph_spans=[Span(p.start, p.end) for p in doc.paragraphs],
        fields={k: Span(v.start, v.end) for k, v in head.fields.items()},
        quotes=find_quotes((p.start, p.text) for p in doc.paragraphs),
        removed=doc.removed,
        flags=flags,
    )
