"""Crawler header lines: the fetch metadata a crawler writes above the page it saved.

Crawlers write these in many forms (``date 2026-02-12 403``, ``HTTP/1.1 404 Not Found``,
``fetched: 2025-03-01T10:22:03Z status=200``, ``[2024-11-02 08:00:01] GET https://x.test/a 200``). Rather
than list the forms, a line is read token by token: it is a header when *every* token is fetch metadata
(a date, a time, an HTTP status, a URL, a method, a header keyword, punctuation) and it carries a fetch
signal (a status, a URL, an HTTP version, or a crawl keyword next to a date). A sentence has words that
are none of these, so it never qualifies. Log records (``[2024-11-02 08:00:01] INFO fetcher: <url> returned
404``, a server's access log) may hold a few words of the logger's own, when at least two kinds of machine
evidence stand beside them (see :func:`_log_line`).

>>> parse_header("date 2026-02-12 403")
HeaderInfo(fetched='2026-02-12', http_status=403, url=None)
>>> parse_header("HTTP/1.1 404 Not Found").http_status
404
>>> parse_header("February 12, 2026") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from samestory.core.dates import MONTHS, WEEKDAYS, find_date
from samestory.core.text import remember_short_lines

# Words that say "this is when the page was fetched". Not "date" or "time" alone: "Date created: ..." and
# "Time: 10:00" are publication lines; with a status code or a URL beside them they still qualify.
_CRAWL_WORDS = {
    "fetched", "fetch", "fetch_time", "fetchtime", "fetch_date", "crawled", "crawl", "crawl_date",
    "retrieved", "downloaded", "scraped", "captured", "archived", "timestamp", "ts",
}  # fmt: skip
_META_WORDS = {
    "date", "time", "created", "status", "code", "status_code", "http_status", "http", "https", "url", "uri",
    "response", "from", "source", "crawler", "bot", "length", "content-length", "bytes", "type", "content-type",
    "mime", "charset", "utf-8", "text/html", "html", "server", "host", "lang", "encoding", "gmt", "utc", "z",
    "est", "cet", "at", "on",
    # Crawler and server logs: levels, the referrer field, empty values, units.
    "debug", "info", "warn", "warning", "trace", "notice", "fatal", "critical", "referer", "referrer", "none",
    "null", "ms", "kb", "sha1", "sha256", "md5", "digest",
}  # fmt: skip
_REASON_WORDS = {
    "ok", "not", "found", "forbidden", "moved", "permanently", "temporarily", "redirect", "see", "other", "bad",
    "request", "unauthorized", "internal", "server", "error", "service", "unavailable", "gateway", "timeout",
    "gone", "created", "accepted", "no", "content", "too", "many", "requests", "partial", "modified",
}  # fmt: skip
_METHODS = {"get", "post", "head", "put"}
_KEY_PARTS = _CRAWL_WORDS | _META_WORDS | {"target", "record", "id", "warc", "page", "request", "final"}
#: HTTP and WARC header fields that never open a line of prose ("Server: nginx", "WARC-Date: ...").
_FIELDS = {
    "server", "content-type", "content-length", "content-encoding", "content-language", "last-modified",
    "cache-control", "set-cookie", "etag", "vary", "expires", "pragma", "keep-alive", "connection",
    "transfer-encoding", "accept-ranges", "strict-transport-security", "alt-svc", "cf-ray", "x-powered-by",
    "x-cache", "x-frame-options", "x-content-type-options", "content-security-policy", "referrer-policy",
    "permissions-policy", "report-to", "nel", "p3p",
}  # fmt: skip
#: Families of header fields: WARC's, non-standard ("X-Cache"), CORS, and CDNs' ("CF-Cache-Status").
_FIELD_PREFIXES = ("warc-", "x-", "access-control-", "cf-", "fastly-", "akamai-")
# Not "Via" or "Age": blogs write "Via: TechCrunch", and "Age: 34" is a fact box.
_FIELD_LINE = re.compile(
    r"^(?P<name>(?:warc|x|access-control|cf|fastly|akamai)-[a-z0-9-]+|[a-z][a-z0-9-]*)\s*:\s*(?P<value>\S.{0,200})$",
    re.I,
)

# Brackets of any kind, quotes, pipes and arrows delimit tokens: "<404>", "[200]", "{"status": 200}".
_TOKEN = re.compile(r"https?://[^\s<>\"']+|www\.[^\s<>\"']+|[^\s\[\](){}<>|,;=\"'\u2192\u00bb\u203a]+")
_STATUS = re.compile(r"[1-5]\d\d", re.ASCII)
_HTTP_VERSION = re.compile(r"(http|warc)/\d(\.\d)?", re.I)  # "WARC/1.0" opens a WARC record
_DATE_PART = re.compile(
    r"\d{2}/[a-z]{3}/(19|20)\d{2}(:\d{2}:\d{2}:\d{2})?|(19|20)\d{2}([-/.]\d{1,2}[-/.]\d{1,2}(t[\d:.]+(z|[+-][\d:]+)?)?)?|(19|20)\d{12}|\d{1,2}(st|nd|rd|th)?"
    r"|\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?|[+-]\d{4}",
    re.I,
)
_DIGIT = re.compile(r"\d")
#: Machine tokens of server and crawler logs: an IPv4 address (a client), a URL path ("/world/2024/05/a-b"),
#: a content digest ("sha1:3f2a...", or bare hex of 16 or more characters).
_IP = re.compile(r"\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?", re.ASCII)
_PATH = re.compile(r"/[\w.~%-]+(/[\w.~%?=&-]*)*", re.ASCII)
_DIGEST = re.compile(r"((sha-?1|sha256|md5)[:=])?[0-9a-f]{16,}", re.ASCII)
_LABEL = re.compile(r"(?<![\w/])[A-Za-z][\w.-]{0,30}=|(?<![\w/])[A-Za-z]+[-_][\w-]{1,30}:\s")


def _has_label(line: str) -> bool:
    """Whether ``line`` may hold a :data:`_LABEL` (every one ends with "=" or ":"): two substring tests spare
    most lines the regex's scan, which was a third of reading an article line for a header."""
    return "=" in line or ":" in line


def _unlabelled(line: str) -> str:
    """``line`` with its labels (:data:`_LABEL`) made spaces."""
    return _LABEL.sub(" ", line) if _has_label(line) else line


_COMPOUND = re.compile(r"[a-z]+(?:[_-][a-z]+)+")
#: Unix timestamps of 2000-01-01 to 2050-01-01, as crawlers log them.
_EPOCH_RANGE = (946_684_800, 2_524_608_000)
_KEY_VALUE = re.compile(r"^([a-z_-]+)[:=](.*)$", re.I)


#: An HTTP date (RFC 9110's IMF-fixdate, "Fri, 07 Feb 2025 04:37:17 GMT"): only HTTP headers write dates so.
_HTTP_DATE = re.compile(
    r"(mon|tue|wed|thu|fri|sat|sun), \d{2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} gmt",
    re.I,
)


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    """What a header line says about the fetch."""

    fetched: str | None
    http_status: int | None
    url: str | None


def _kind(token: str) -> str | None:
    """The class of one token, or None when it is an ordinary word (so the line is not a header)."""
    low = token.lower().strip(":.-")  # wget brackets its time stamps in dashes ("--2024-05-01 10:00:00--")
    if low.startswith(("http://", "https://", "www.")):
        return "url"
    if _HTTP_VERSION.fullmatch(low):
        return "http"
    if _STATUS.fullmatch(low):
        return "status"
    if low in _CRAWL_WORDS:
        return "crawl"
    if low in _METHODS:
        return "method"
    if _DATE_PART.fullmatch(low) or low in MONTHS or low in WEEKDAYS:
        return "date"
    if low.isascii() and low.isdigit() and len(low) == 10 and _EPOCH_RANGE[0] <= int(low) <= _EPOCH_RANGE[1]:
        return "date"
    if low in _META_WORDS or low in _REASON_WORDS or low.isdigit() or not any(c.isalnum() for c in low):
        return "meta"
    if _COMPOUND.fullmatch(low) and set(re.split("[_-]", low)) <= _KEY_PARTS:  # crawl_time, source_url
        return "crawl" if set(re.split("[_-]", low)) & _CRAWL_WORDS else "meta"
    kv = _KEY_VALUE.match(low)
    if kv and (kv.group(1) in _CRAWL_WORDS or kv.group(1) in _META_WORDS):
        return _kind(kv.group(2)) or None if kv.group(2) else "crawl"
    return _log_token(low)


def _log_token(low: str) -> str | None:
    """The class of a token that only logs write: a client address, a URL path, a content digest."""
    if low[:1].isdigit() and _IP.fullmatch(low):
        return "ip"
    if low.startswith("/") and _PATH.fullmatch(low):
        return "path"
    if len(low) >= 16 and _DIGEST.fullmatch(low):
        return "meta"
    return None


def _epoch_date(tokens: list[str]) -> str | None:
    for token in tokens:
        if (
            token.isascii()
            and token.isdigit()
            and len(token) == 10
            and _EPOCH_RANGE[0] <= int(token) <= _EPOCH_RANGE[1]
        ):
            return datetime.fromtimestamp(int(token), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def parse_field(line: str) -> HeaderInfo | None:
    """An HTTP or WARC header field line (``Server: nginx``, ``WARC-Date: ...``), or None."""
    if ":" not in line:  # the pattern needs one; most lines have none, and this test is far cheaper
        return None
    m = _FIELD_LINE.match(line.strip())
    if m is None:
        return None
    name, value = m.group("name").lower(), m.group("value").strip()
    http_date = name == "date" and _HTTP_DATE.fullmatch(value) is not None  # "Date: Fri, 07 Feb 2025 ... GMT"
    if not (name in _FIELDS or name.startswith(_FIELD_PREFIXES) or http_date):
        return None
    url = value if value.startswith(("http://", "https://")) else None
    return HeaderInfo(fetched=find_date(value) if "date" in name else None, http_status=None, url=url)


def _parse(line: str) -> HeaderInfo | None:
    """Fetch metadata from a crawler header line, or None when ``line`` is not one."""
    field = parse_field(line)
    if field is not None:
        return field
    if len(line) > 240 or ("://" not in line and not _DIGIT.search(line)):
        return None  # fetch metadata is short and carries a date, a status code or a URL
    # Keys of key=value pairs (crawl_time=..., fetch-ts=...) and compound "Key-Name:" labels say nothing
    # by themselves; what qualifies the line is that every value is fetch metadata. Tokens are classified
    # lazily: an article line fails on its first ordinary words.
    tokens: list[str] = []
    kinds: list[str] = []
    unknown = 0
    for m in _TOKEN.finditer(_unlabelled(line)):
        kind = _kind(m.group(0))
        if kind is None:
            # A log record opens with machine output (a time, an address, a level): a line that opens
            # with a word, as sentences do, is settled at once.
            unknown += 1
            if not tokens or unknown > LOG_MAX_WORDS or (unknown == 1 and not _LOG_HINT.search(line)):
                return None
            continue
        if len(tokens) == 16:
            return None
        tokens.append(m.group(0))
        kinds.append(kind)
    if not tokens or (unknown and not _log_line(tokens, kinds, unknown)):
        return None
    signal = {"status", "url", "http", "method"} & set(kinds) or ({"crawl"} <= set(kinds) and "date" in kinds)
    if not signal and not unknown:
        return None
    status = next((int(t.strip(":.-")) for t, k in zip(tokens, kinds, strict=True) if k == "status"), None)
    url = next((t for t, k in zip(tokens, kinds, strict=True) if k == "url"), None)
    return HeaderInfo(fetched=find_date(line) or _epoch_date(tokens), http_status=status, url=url)


#: A log line may hold a few words of the logger's own ("INFO fetcher: <url> returned 404 after 368 ms",
#: "HTTP request sent, awaiting response... 301 Moved Permanently"): at most this many, and at most one
#: for every two machine tokens. Which words a crawler writes is open-ended; that the rest of the line is
#: machine output (a URL or path, a client address, a method, a time stamp, a status with its reason) is not.
LOG_MAX_WORDS = 3
#: A cheap test that a line may be a log line at all (a URL, a path, a time, an IP address, an HTTP
#: version, a status code and the first word of a reason phrase), run before the tokens of a line with an
#: ordinary word are classified further.
_LOG_HINT = re.compile(
    r"://|(?:^|\s)/\w|\d:\d\d|\d\.\d+\.\d+\.\d|http/\d"
    r"|\b[1-5]\d\d (?:ok|moved|found|not|forbidden|see|bad|internal|service|gateway|gone|unauthori[sz]ed)\b",
    re.I,
)
#: Tokens that show a line is a log record (two of them, of different kinds, are asked for).
_LOG_KINDS = frozenset({"url", "path", "ip", "http", "method"})


def _log_line(tokens: list[str], kinds: list[str], unknown: int) -> bool:
    """Whether a line with ``unknown`` ordinary words is still a log record: few words, and at least two
    kinds of strong machine evidence (a URL or path, an address, a method, an HTTP version, a time stamp,
    a status code followed by its reason phrase)."""
    if 2 * unknown > len(tokens):
        return False
    strong = set(kinds) & _LOG_KINDS
    if any(k == "date" and ":" in t for t, k in zip(tokens, kinds, strict=True)):
        strong.add("timestamp")
    for i, kind in enumerate(kinds[:-1]):
        if kind == "status" and tokens[i + 1].lower().strip(":.-") in _REASON_WORDS:
            strong.update(("status", "reason"))  # "301 Moved Permanently" is HTTP's own wording
    return len(strong - {"url", "path"}) + bool(strong & {"url", "path"}) >= 2


parse_header = remember_short_lines(_parse)


def _parse_metadata(line: str) -> HeaderInfo | None:
    """A line made only of fetch metadata with a date in it ("Date: 2025-02-07 04:37", "Retrieved
    2024-03-01"), without the fetch signal :func:`parse_header` asks for: alone it may be a publication
    line, but next to a crawler header line it belongs to the same header block."""
    if len(line) > 240 or not _DIGIT.search(line):
        return None
    kinds: list[str] = []
    labelled = _has_label(line) and _LABEL.search(line) is not None
    for m in _TOKEN.finditer(_unlabelled(line)):
        token = m.group(0)
        kind = _kind(token)
        if kind is None or len(kinds) == 16:
            return None
        kinds.append(kind)
        # A field name ("Date:", "timestamp") marks metadata; a bare date ("Friday, March 8, 2013") is
        # how articles print their publication date under the headline.
        labelled = labelled or (kind in {"meta", "crawl"} and token.rstrip(":.-").isalpha())
    fetched = find_date(line)
    if not labelled or "date" not in kinds or fetched is None:
        return None
    return HeaderInfo(fetched=fetched, http_status=None, url=None)


parse_metadata = remember_short_lines(_parse_metadata)


#: Front matter: fields between two fence lines ("---" for YAML, "+++" for TOML) before a text, as web
#: clippers (Obsidian's: source, created, tags), static-site exports and markdown converters write a page's
#: address, dates and tags. Read here, by hand: the block is a few "key: value" lines and list items, and a
#: YAML library would also read a text that only opens with a dash rule.
FRONT_MATTER_MAX_LINES = 40
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.-]{0,40})\s*[:=](\s|$)")
_FRONT_ITEM = re.compile(r"^-( |$)")
_FRONT_URL_KEYS = frozenset(
    {"source", "url", "link", "canonical", "canonical_url", "original_url", "permalink", "source_url"}
)
_FRONT_FETCH_KEYS = frozenset(
    {"created", "clipped", "fetched", "saved", "retrieved", "captured", "date_saved", "date_clipped"}
)


def front_matter(lines: list[str]) -> tuple[int, HeaderInfo] | None:
    """How many of the first ``lines`` (non-blank, stripped) are a front matter block, fences included, and
    what it says of the fetch (its source address; the date it was clipped or fetched); None when the text
    opens with none: a fence, then only fields and list items, at least one field, then the same fence.

    >>> block = ['---', 'source: "https://x.test/a"', 'created: 2018-03-08', 'tags:', '- "clippings"', '---']
    >>> front_matter([*block, 'The minister resigned on Friday.'])
    (6, HeaderInfo(fetched='2018-03-08', http_status=None, url='https://x.test/a'))
    >>> front_matter(['---', 'The minister resigned.', '---']) is None
    True
    """
    if not lines or lines[0] not in ("---", "+++"):
        return None
    fields: dict[str, str] = {}
    closing = next((k for k, line in enumerate(lines[1:FRONT_MATTER_MAX_LINES], start=1) if line == lines[0]), None)
    if closing is None:
        return None
    for line in lines[1:closing]:
        if _FRONT_ITEM.match(line):
            continue
        m = _FRONT_KEY.match(line)
        if m is None:
            return None
        fields.setdefault(m.group(1).lower(), line[m.end() :].strip().strip("\"'"))
    if not fields:
        return None
    url = next((v for k, v in fields.items() if k in _FRONT_URL_KEYS and v.startswith(("http://", "https://"))), None)
    fetched = next((d for k, v in fields.items() if k in _FRONT_FETCH_KEYS and (d := find_date(v))), None)
    return closing + 1, HeaderInfo(fetched=fetched, http_status=None, url=url)
