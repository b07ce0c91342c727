"""The dates of a cleaned article: ``published`` with the time its line gives, ``updated`` (the last update)."""

from __future__ import annotations

import pytest

from samestory import clean_text
from samestory.records import Metadata, RawRecord
from samestory.stages.clean import clean_record

BODY = (
    "Dock workers at three container terminals returned to work on Wednesday after union leaders and operators "
    "agreed on a three-year pay deal in talks that ran through the night.\n\n"
    "On March 3, 2026 the council voted to keep the night shipping lanes open during the dispute."
)


def test_an_update_line_gives_updated_and_the_publication_line_published() -> None:
    article = clean_text(
        f"Port strike ends after all-night negotiations\nWed 11 Mar 2026 09.05 GMT\n"
        f"Last modified on Wed 11 Mar 2026 15.20 GMT\n\n{BODY}"
    )
    assert (article.published, article.updated) == ("2026-03-11T09:05Z", "2026-03-11T15:20Z")


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("3 hours ago", None),  # relative to a fetch: no date to read, none invented
        ("Updated at 14:05 GMT", None),  # a time without a day
        ("Published 10:42 GMT, 11 March 2026", "2026-03-11T10:42Z"),
    ],
)
def test_a_date_in_the_body_is_no_publication_date(line: str, published: str | None) -> None:
    article = clean_text(f"Port strike ends after all-night negotiations\n{line}\n\n{BODY}")
    assert article.published == published
    assert article.updated is None
    assert any(p.startswith("On March 3, 2026") for p in article.paragraphs)


def test_a_date_line_with_its_time_after_a_slash_is_no_row_of_items() -> None:
    """Split at its slash as a row of items, the line's time was a live blog entry's ("09:15 PM IST" alone):
    the date line went as ``navigation`` and the article had no date."""
    article = clean_text(
        f"Port strike ends after all-night negotiations\nUpdated: Mar 11, 2026 / 09:15 PM IST\n\n{BODY}"
    )
    assert article.published == "2026-03-11T21:15"
    assert not any(r.reason == "navigation" for r in article.removed)


def test_a_row_of_links_with_a_time_still_goes() -> None:
    article = clean_text(f"Port strike ends after all-night negotiations\n\n{BODY}\n\nWorld | Business | 10:42 GMT")
    assert any(r.reason == "navigation" and "World" in r.text for r in article.removed)


def test_updated_is_the_modified_time_when_later_than_the_publication() -> None:
    def cleaned(modified: str) -> RawRecord:
        meta = Metadata(published="2026-03-11T09:30:00+01:00", updated=modified)
        return RawRecord(id="p", input="p", format="html", text=f"Port strike ends\n\n{BODY}", meta=meta)

    assert clean_record(cleaned("2026-03-11T15:20:00+00:00")).updated == "2026-03-11T15:20:00+00:00"
    assert clean_record(cleaned("2026-03-11T08:30:00Z")).updated is None  # the publication time, in UTC
