"""Dates as news text writes them: English, other languages' month names (CLDR), dotted and CJK figures."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from samestory.core.dates import MONTHS, OTHER_MONTHS, find_date
from samestory.core.structure import date_line


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("4. März 2024", "2024-03-04"),  # German
        ("4. Mai 2024", "2024-05-04"),  # German and French May (left out of the names at first, as an English word)
        ("le 1er mars 2024", "2024-03-01"),  # French, with its ordinal
        ("4 de marzo de 2024", "2024-03-04"),  # Spanish and Portuguese "de"
        ("4 marca 2024", "2024-03-04"),  # Polish: the month in its genitive (CLDR's format form)
        ("4 марта 2024", "2024-03-04"),  # Russian
        ("4 \u039c\u03b1\u0390\u03bf\u03c5 2024", "2024-05-04"),  # Greek, the genitive
        ("14 \u015eubat 2024", "2024-02-14"),  # Turkish
        ("04.03.2024, 09:30 Uhr", "2024-03-04T09:30"),  # day.month.year in figures, and its time
        ("2024\u5e743\u67084\u65e5", "2024-03-04"),  # Chinese and Japanese
        ("2024\ub144 3\uc6d4 4\uc77c", "2024-03-04"),  # Korean
        ("12 February 2026", "2026-02-12"),
    ],
)
def test_dates_in_other_languages_and_figures(text: str, iso: str) -> None:
    """Only English month names and ISO figures were read: a German or Spanish date line stayed in the head
    as a standfirst, and published was empty."""
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["version 1.2.2019.3", "3.14.2020", "He was 5 in 2020", "won 2 set 2019", "13/14/2024", "0/4/2024",
     "https://example.com/news/03/04/2024/story", "the 9/11 attacks of 2001"],
)  # fmt: skip
def test_what_is_not_read_as_a_date(text: str) -> None:
    """A version number, no day and month that can be, a URL's path are not dates."""
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Posted on 03/25/2026", "2026-03-25"),  # the US order: only March 25 can be
        ("Published 25/03/2026 10:00", "2026-03-25T10:00"),  # the other order (with its time)
        ("Posted on 03/03/2026", "2026-03-03"),  # the same day either way
        ("Posted on 03/04/2026", "03/04/2026"),  # March 4 or April 3: a date, as written
    ],
)
def test_slashed_dates_are_read_where_the_figures_settle_the_order(text: str, day: str) -> None:
    """A date line with a slashed date ("Posted on 03/03/2026") was not read at all, so it stayed in the
    head as the article's standfirst."""
    assert find_date(text) == day
    assert date_line(text) == day


@pytest.mark.parametrize(
    "line",
    [
        "Veröffentlicht am 4. März 2024, 09:30 Uhr",
        "Publié le 4 mars 2024 à 10h30",
        "Publicado el 4 de marzo de 2024",
        "Pubblicato il 4 marzo 2024 alle ore 10:30",
        # 15 words: over the 12 a date line could hold, so the line was a standfirst
        "Publié le 4 mars 2024 à 10h30, mis à jour le 5 mars 2024 à 08h00",
    ],
)
def test_date_lines_in_other_languages(line: str) -> None:
    assert date_line(line) is not None
    assert date_line("The vote on 4 March 2024 passed") is None


def test_the_month_names_file_holds_no_english_month_and_no_clash() -> None:
    """The shipped names (bench/make_months.py) are lower-case and composed as the reader looks them up, and
    none names another month than English does."""
    data = json.loads(resources.files("samestory").joinpath("data/months.json").read_text(encoding="utf-8"))
    assert data["months"] == OTHER_MONTHS and len(OTHER_MONTHS) > 300
    assert all(name == name.lower() and MONTHS.get(name, n) == n for name, n in OTHER_MONTHS.items())


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Wed 11 Mar 2026 08:58 GMT", "2026-03-11T08:58Z"),
        ("Published 10:42 GMT, 11 March 2026", "2026-03-11T10:42Z"),  # the time before the date
        ("March 11, 2026 at 8:58 a.m. EDT", "2026-03-11T08:58-04:00"),
        ("March 11, 2026, 12:05 a.m. EST", "2026-03-11T00:05-05:00"),  # a.m. of twelve is midnight
        ("11.03.2026, 14:05 Uhr", "2026-03-11T14:05"),  # no zone: the time alone
        ("Publié le 11 mars 2026 à 10h30", "2026-03-11T10:30"),
        ("Updated: Mar 11, 2026 / 09:15 PM IST", "2026-03-11T21:15"),  # IST is India's, Ireland's or Israel's
        ("Last modified on Wed 11 Mar 2026 15.20 GMT", "2026-03-11T15:20Z"),  # a time with a full stop
        ("2026-03-11 08:58 GMT", "2026-03-11T08:58Z"),
        ("11 March 2026 10:00 GMT+1", "2026-03-11T10:00+01:00"),
        ("2026-03-11T08:58:00+05:30", "2026-03-11T08:58:00+05:30"),
    ],
)
def test_a_date_lines_time_is_read_with_its_zone(text: str, iso: str) -> None:
    """Only the day was read ("Wed 11 Mar 2026 08:58 GMT" gave 2026-03-11): two reports of one day could not be
    ordered by the hour, and two versions of one page only by their fetch dates."""
    assert find_date(text) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("March 11, 2026 12.50 million", "2026-03-11"),  # figures with a full stop and no zone: no time
        ("on 11 March 2026, 25:00", "2026-03-11"),  # no hour of a day
        ("11 March 2026, 13:00 p.m.", "2026-03-11"),  # no hour of a.m. or p.m.
        ("Posted on 03/04/2026 10:00 GMT", "03/04/2026"),  # a date kept as written takes no time
    ],
)
def test_figures_beside_a_date_that_are_no_time_are_not_read_as_one(text: str, iso: str) -> None:
    assert find_date(text) == iso


def test_a_zone_read_with_a_time_is_a_date_word() -> None:
    # "PDT" and "JST" were other words: with a label the line was no date line.
    assert date_line("Published Time: March 11, 2026 8:58 a.m. PDT") == "2026-03-11T08:58-07:00"
    assert date_line("The PDT crew met on March 11, 2026 at 8:58") is None
