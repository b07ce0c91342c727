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
        ("04.03.2024, 09:30 Uhr", "2024-03-04"),  # day.month.year in figures
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
        ("Published 25/03/2026 10:00", "2026-03-25"),  # the other order
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
