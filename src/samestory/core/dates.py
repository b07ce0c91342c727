"""Dates as news text writes them, turned into ISO 8601.

Hand-written rather than dateutil: dateutil's fuzzy parser happily reads a date out of any sentence with
a number in it, while cleaning needs to know whether a *line* is a date and nothing else.

>>> find_date("Published: Feb. 12, 2026, 10:31 a.m.")
'2026-02-12T10:31'
>>> find_date("March 11, 2026 at 8:58 a.m. EDT"), find_date("Published 10:42 GMT, 11 March 2026")
('2026-03-11T08:58-04:00', '2026-03-11T10:42Z')
>>> find_date("12 February 2026")
'2026-02-12'
>>> find_date("2026-02-12T10:22:03Z")
'2026-02-12T10:22:03Z'
>>> find_date("He was 2 in 2026") is None
True
>>> find_date("4. März 2024"), find_date("le 1er mars 2024"), find_date("04.03.2024, 09:30 Uhr")
('2024-03-04', '2024-03-01', '2024-03-04T09:30')
>>> find_date("Posted on 03/25/2026"), find_date("25/03/2026"), find_date("03/04/2026")
('2026-03-25', '2026-03-25', '03/04/2026')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip
WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}  # fmt: skip

#: Month names of other languages (German, French, Spanish, Polish, Russian, Greek ...: ``data/months.json``,
#: from the Unicode CLDR by ``bench/make_months.py``), read only between a day and a year ("4. März 2024",
#: "4 de marzo de 2024", "4 марта 2024").
OTHER_MONTHS: dict[str, int] = json.loads(
    resources.files("samestory").joinpath("data/months.json").read_text(encoding="utf-8")
)["months"]
_ALL_MONTHS = {**OTHER_MONTHS, **MONTHS}

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ANY_MONTH = r"(?P<mon>" + "|".join(sorted(_ALL_MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?P<t>[T ]" + _TIME + r")?(?![\d/-])")
COMPACT = re.compile(r"\b(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?P<t>[0-2]\d[0-5]\d[0-5]\d)?\b")
MDY = re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I)
#: A day, a month's name and a year, in English or another language: "12 February 2026", "4. März 2024",
#: "1er mars 2024", "4 de marzo de 2024".
DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|\u00ba|\u00b0)?\.?\s+(?:de\s+)?" + _ANY_MONTH
    + r",?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d{2})\b",
    re.I,
)  # fmt: skip
#: Day, month and year in figures with full stops, as German, Russian and others write them ("04.03.2024"):
#: that order only.
DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?![\d.]\d)")
#: Day and month in figures with slashes before the year: "03/04/2024" is March 4 in the US and April 3 in
#: most other places, so the order is read only where the figures settle it (a first figure over 12 is the
#: day, a second one over 12 is; "03/03/2024" is the same day either way). Any other is a date all the
#: same, given as written (:func:`find_date_match`): a date line stays a date line, and nothing compares it
#: with ISO dates (:data:`ISO_DAY`).
SLASHED = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])")
#: Year, month and day in Chinese, Japanese or Korean ("2024年3月4日", "2024년 3월 4일").
CJK = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[\u5e74\ub144]\s*(?P<m>\d{1,2})\s*[\u6708\uc6d4]\s*(?P<d>\d{1,2})\s*[\u65e5\uc77c]"
)
TIME = re.compile(r"\b" + _TIME + r"\b")
#: How a date the cleaner writes starts (``2026-02-12``, maybe with a time): the only form whose text order
#: is time order, so the one form dates are compared in (a date given in no form it reads is kept as given).
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


#: Time zones by the abbreviations news pages print after a time, as offsets from UTC. Only the unambiguous
#: ones: "IST" is India's, Ireland's or Israel's, "CST" China's or the US Central's, "ET" and "PT" either of
#: two offsets by the season; a time in such a zone is kept without one (compared only with times of one
#: site's clock, :mod:`samestory.core.direction`).
ZONES = {
    "z": "Z", "utc": "Z", "gmt": "Z", "est": "-05:00", "edt": "-04:00", "cdt": "-05:00", "mst": "-07:00",
    "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00", "akst": "-09:00", "akdt": "-08:00", "hst": "-10:00",
    "bst": "+01:00", "wet": "Z", "west": "+01:00", "cet": "+01:00", "cest": "+02:00", "eet": "+02:00",
    "eest": "+03:00", "msk": "+03:00", "wat": "+01:00", "cat": "+02:00", "eat": "+03:00", "sast": "+02:00",
    "pkt": "+05:00", "npt": "+05:45", "wib": "+07:00", "ict": "+07:00", "hkt": "+08:00", "sgt": "+08:00",
    "pht": "+08:00", "awst": "+08:00", "jst": "+09:00", "kst": "+09:00", "aest": "+10:00", "aedt": "+11:00",
    "acst": "+09:30", "acdt": "+10:30", "nzst": "+12:00", "nzdt": "+13:00",
}  # fmt: skip
#: Abbreviations of zones whose offset is not settled by the name: the time is read, its zone is not.
AMBIGUOUS_ZONES = frozenset({"ist", "cst", "ast", "et", "ct", "mt", "pt", "aet"})
_ZONE = (
    r"(?:(?P<zone>" + "|".join(sorted({*ZONES, *AMBIGUOUS_ZONES} - {"z"}, key=len, reverse=True)) + r")\b"
    r"(?P<zoff>[+-]\d{1,2}(?::?\d{2})?)?|(?P<off>[+-]\d{2}:?\d{2})\b|(?P<zulu>Z)\b)"
)
#: A time of day beside a date ("08:58 GMT", "8:58 a.m. EDT", "15.20 GMT", "14:05 Uhr", "9:15 PM IST", French
#: "10h30"); a time
#: written with a full stop only with a zone, a.m./p.m. or "Uhr" after it, so that no figure is read as one.
_CLOCK = (
    r"(?P<h>\d{1,2})(?P<sep>[:.h])(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?!\d)"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?:\s*(?P<uhr>uhr|h)\b)?(?:\s*" + _ZONE + r")?"
)
#: What stands between a date and its time after it: punctuation, "at", and the same in other languages.
_TIME_AFTER = re.compile(
    r"[\s,|/\u00b7\u2022\u2013\u2014-]*(?:(?:at|um|à|a las|alle(?: ore)?|às|om|в|o)\s+)?" + _CLOCK, re.I
)
#: A time before its date ("10:42 GMT, 11 March 2026", "08:58 on Wed 11 March 2026").
_TIME_BEFORE = re.compile(
    _CLOCK + r"[\s,|/\u00b7\u2022\u2013\u2014-]*(?:on\s+)?(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + r")\.?,?\s+)?$",
    re.I,
)  # fmt: skip
#: A zone right after a time the date's own format read ("2026-03-11 08:58 GMT").
_ZONE_AFTER = re.compile(r"\s*" + _ZONE, re.I)


def _zone(m: re.Match[str]) -> str:
    """The offset a time's zone names ("+01:00", "Z"), or "" when it names none or an ambiguous one."""
    if m.group("zulu") or (m.group("zone") or "").lower() in ("utc", "gmt", "z"):
        offset = m.group("zoff") or ""
        if not offset:
            return "Z"
        sign, figures = offset[0], offset[1:].replace(":", "")
        hours, minutes = (figures[:-2], figures[-2:]) if len(figures) > 2 else (figures, "00")
        return "Z" if int(hours) == int(minutes) == 0 else f"{sign}{int(hours):02d}:{minutes}"
    if m.group("off"):
        figures = m.group("off")[1:].replace(":", "")
        return "Z" if figures == "0000" else f"{m.group('off')[0]}{figures[:2]}:{figures[2:]}"
    zone = (m.group("zone") or "").lower()
    return "" if m.group("zoff") else ZONES.get(zone, "")


def _clock(m: re.Match[str]) -> str | None:
    """A :data:`_CLOCK` match as ``HH:MM[:SS]`` with its offset, or None when it is no time of day."""
    hour, ap = int(m.group("h")), (m.group("ap") or "").lower()
    if m.group("sep") == "." and not (ap or m.group("uhr") or m.group("zone") or m.group("off")):
        return None
    if ap:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "p" else 0)
    if hour > 23:
        return None
    seconds = f":{m.group('s')}" if m.group("s") else ""
    return f"{hour:02d}:{m.group('mi')}{seconds}{_zone(m)}"


def with_time(text: str, m: re.Match[str], day: str) -> str:
    """``day`` (``YYYY-MM-DD``, read by ``m`` in ``text``) with the time of day written beside it, after or just
    before it, and its zone as an offset where the zone is one of :data:`ZONES`; ``day`` alone when none is.
    A date's own time without a zone takes one written after it."""
    if len(day) > 10:
        if day[-1] == "Z" or re.search(r"[+-]\d\d:?\d\d$", day) or not ISO_DAY.match(day):
            return day
        zone = _ZONE_AFTER.match(text, m.end())
        return day + _zone(zone) if zone else day
    if not ISO_DAY.fullmatch(day):
        return day
    after = _TIME_AFTER.match(text, m.end())
    clock = _clock(after) if after else None
    if clock is None and (before := _TIME_BEFORE.search(text[max(0, m.start() - 40) : m.start()])):
        clock = _clock(before)
    return f"{day}T{clock}" if clock else day


def instant(value: str) -> datetime | None:
    """An ISO date or time as a datetime (without a zone when it gives none), None when it is not one."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def instant_key(value: str) -> str:
    """An ISO date's sort key: a time with a zone as its instant in UTC ("2026-03-11T08:58-04:00" after
    "2026-03-11T10:42Z", which text order puts first), any other as written.

    >>> sorted(["2026-03-11T08:58-04:00", "2026-03-11T10:42Z"], key=instant_key)
    ['2026-03-11T10:42Z', '2026-03-11T08:58-04:00']
    """
    moment = instant(value) if len(value) > 10 else None
    if moment is None or moment.tzinfo is None:
        return value
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _iso(y: str, m: int, d: int) -> str | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y}-{m:02d}-{d:02d}"


def _from_match(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month = _ALL_MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    day = _iso(groups["y"], month, int(groups["d"]))
    t = groups.get("t")
    if day and t and ":" in t:
        return day + "T" + t.strip(" T")
    if day and t:
        return f"{day}T{t[:2]}:{t[2:4]}:{t[4:]}"
    return day


def _from_slashed(m: re.Match[str]) -> str | None:
    """:data:`SLASHED`'s date: ISO where its figures settle which is the day, else as written."""
    a, b = int(m.group("a")), int(m.group("b"))
    if a > 12 or b > 12 or a == b:
        return _iso(m.group("y"), min(a, b), max(a, b))  # month, then day
    return m.group(0) if a and b else None


def find_date_match(text: str) -> tuple[re.Match[str], str] | None:
    """The first date in ``text`` with its ISO form, trying the unambiguous formats in turn, then figures
    with slashes (:data:`SLASHED`: as written when their order is not settled)."""
    if "19" not in text and "20" not in text:  # every format has a year 19xx or 20xx: most lines have none
        return None
    for pattern in (ISO, MDY, DMY, DOTTED, CJK, COMPACT):
        for m in pattern.finditer(text):
            iso = _from_match(m)
            if iso:
                return m, with_time(text, m, iso)
    for m in SLASHED.finditer(text):
        if day := _from_slashed(m):
            return m, with_time(text, m, day)
    return None


def find_dates(text: str) -> Iterator[tuple[int, int, str]]:
    """Every date of ``text`` in turn, as (start, end, value): :func:`find_date_match` again after each.

    >>> list(find_dates("Updated: March 9, 2024 | Published: 03/04/2024"))
    [(9, 22, '2024-03-09'), (36, 46, '03/04/2024')]
    """
    offset = 0
    while found := find_date_match(text[offset:]):
        m, value = found
        yield offset + m.start(), offset + m.end(), value
        offset += m.end()


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 (date, or date and time when the text gives a time)."""
    found = find_date_match(text)
    return found[1] if found else None
