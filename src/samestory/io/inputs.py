"""Read files and directory trees in any supported format, one :class:`RawRecord` per document.

Nothing is skipped silently: an input that cannot be read becomes an error record (``RawRecord.error``)
naming the input and the fix, and reading goes on (even past a reader's own failure, ``read_failed``);
what is skipped on purpose (hidden files, links, WARC records that are not pages) is counted in
:class:`ReadStats`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from samestory.config import IngestConfig
from samestory.errors import BinaryInput, InputError, MalformedInput, ReadFailed
from samestory.io.detect import UTF16, Sniff, format_from_name, sniff
from samestory.io.html import read_html
from samestory.io.jsonl import read_jsonl
from samestory.io.source import Source
from samestory.io.stats import ReadStats
from samestory.io.stream import Opened, open_input, read_limited
from samestory.io.text import empty, read_text
from samestory.io.walker import Paths, WalkFailure, walk
from samestory.io.warc import read_warc
from samestory.records import RawRecord

_FORMATS = ("text", "jsonl", "html", "warc")
_FIX_BINARY = "remove it or convert it; samestory reads text, JSON Lines, HTML and WARC, optionally gzipped"
_FIX_FEED = (
    "give the pages its items link to, or its items as JSON Lines, one object per line with the item's title, "
    "link as url, date, and its content or description as html"
)
_FIX_JSON = {
    "array": "convert it to JSON Lines, one object per line: jq -c '.[]' FILE.json > FILE.jsonl",
    "pretty": "write one object per line (JSON Lines): jq -c . FILE.json > FILE.jsonl",
}


def read_inputs(paths: Paths, config: IngestConfig, stats: ReadStats | None = None) -> Iterator[RawRecord]:
    """Yield the records of every file under ``paths``, in argument order, directories walked sorted.

    Pass ``stats`` to learn what was read, what failed, and what was skipped on purpose and why.

    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp, "seeds", "a.txt")
    ...     path.parent.mkdir()
    ...     _ = path.write_text("A story.")
    ...     [(r.id, r.format, r.text) for r in read_inputs([path.parent], IngestConfig())]
    [('seeds/a.txt', 'text', 'A story.')]
    """
    stats = ReadStats() if stats is None else stats
    for item in walk(paths, config.follow_symlinks, stats, config.exclude):
        if isinstance(item, WalkFailure):
            record = item.source.unreadable("unknown", item.error)
            stats.count(record)
            yield record
        else:
            yield from read_source(item, config, stats)


def read_source(source: Source, config: IngestConfig, stats: ReadStats) -> Iterator[RawRecord]:
    """Yield the records of one file found by :func:`walk`, counting them in ``stats``."""
    stats.files += 1
    for record in _read_file(source, config, stats):
        stats.count(record)
        yield record


def _read_file(source: Source, config: IngestConfig, stats: ReadStats) -> Iterator[RawRecord]:
    fmt = format_from_name(source.path.name)
    try:
        with open_input(source.path, source.input) as opened:
            if opened.gzip:
                source = replace(source, flags=(*source.flags, "gzip"))
            found = sniff(opened.head, source.path.name.removesuffix(".gz"))
            fmt = found.kind if found.kind in _FORMATS else fmt
            yield from _dispatch(found, opened, source, config, stats)
    except InputError as exc:
        yield source.failure(fmt, exc)
    except OSError as exc:
        yield source.unreadable(fmt, exc)
    except Exception as exc:
        # A bug in a reader on one odd file is that file's error record, not the end of a run of millions
        # (as a failure of the cleaner is: clean_failed). The records it yielded before are kept.
        reason = f"reading failed ({type(exc).__name__}: {exc})"
        yield source.failure(
            fmt, ReadFailed(source.input, reason, "this is a bug in samestory; report it with this input")
        )


def _dispatch(
    found: Sniff, opened: Opened, source: Source, config: IngestConfig, stats: ReadStats
) -> Iterator[RawRecord]:
    limit = config.max_record_bytes
    match found.kind:
        case "warc":
            yield from read_warc(opened.stream, source, limit, stats)
        case "jsonl":
            yield from read_jsonl(opened.stream, source, limit)
        case "html":
            yield read_html(read_limited(opened, source.input, limit), source)
        case "text":
            yield read_text(read_limited(opened, source.input, limit), source)
        case "empty":
            raise empty(source.input, len(opened.head))
        case "binary":
            misnamed = not opened.gzip and source.input.lower().endswith(".gz")
            if found.detail.startswith(UTF16):
                encoding = found.detail.split()[0]
                fix = f"convert it to UTF-8: iconv -f {encoding} -t UTF-8 {source.input} > converted.txt"
                raise BinaryInput(source.input, f"is {found.detail}, not UTF-8", fix)
            why = f"looks binary ({found.detail}{'; named .gz but not gzip data' if misnamed else ''})"
            raise BinaryInput(source.input, why, _FIX_BINARY)
        case "feed":
            reason = f"an {found.detail} feed, not an article's page (feeds are not read)"
            raise MalformedInput(source.input, reason, _FIX_FEED)
        case _:
            reason = f"a JSON document ({found.detail}), not JSON Lines"
            raise MalformedInput(source.input, reason, _FIX_JSON[found.detail])
