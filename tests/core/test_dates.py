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
    "text", ["version 1.2.2019.3", "3.14.2020", "03/04/2024", "He was 5 in 2020", "won 2 set 2019"]
)
def test_what_is_not_read_as_a_date(text: str) -> None:
    """A slashed date is March 4 or April 3 depending on the country: not read; nor is a version number."""
    assert find_date(text) is None


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
