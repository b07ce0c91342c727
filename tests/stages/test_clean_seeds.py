"""Acceptance on the bundled seeds: a wire story (000) and a noisy aggregator rewrite of it (001)."""

import json
from pathlib import Path

from samestory import clean, clean_text
from samestory.core.text import split_lines


def test_001_fetch_metadata_and_flags(seed_001: str) -> None:
    a = clean_text(seed_001)
    assert a.http_status == 403
    assert a.fetched == "2026-02-12"
    assert "soft_error" in a.flags and "error_page" not in a.flags
    assert a.matchable


def test_001_removals_have_distinct_reasons(seed_001: str) -> None:
    a = clean_text(seed_001)
    by_reason = {r.reason: r for r in a.removed}
    assert set(by_reason) == {"crawler_header", "error_page", "duplicate_block", "disclaimer", "comment_widget"}
    assert by_reason["crawler_header"].text == "date 2026-02-12 403"
    assert "Sorry!!" in by_reason["error_page"].text
    assert "doesn't exist" in by_reason["error_page"].text
    assert by_reason["disclaimer"].text.startswith("Legal Disclaimer:")
    assert "without warranty" in by_reason["disclaimer"].text
    assert by_reason["comment_widget"].text == "CommentsNo comment"
    for r in a.removed:
        assert seed_001[r.start : r.end] == r.text


def test_001_repeated_block_removed_once(seed_001: str) -> None:
    a = clean_text(seed_001)
    dup = next(r for r in a.removed if r.reason == "duplicate_block")
    repeated = [ln.text for ln in split_lines(dup.text)]
    assert len(repeated) == 7  # issue 2 says "six"; the file repeats lines 6-12 as lines 13-19
    for line in repeated:  # the first copy is kept, exactly once
        assert sum(p == line for p in a.paragraphs) == 1
    assert dup.start > a.paragraph_spans[-1].start


def test_001_structure(seed_001: str) -> None:
    a = clean_text(seed_001)
    assert a.title == "NATO Chief Calls for Support of All Efforts to End Ukraine War Faster"
    assert a.credit == "MENAFN"
    assert a.paragraphs[0].startswith("NATO Secretary General Mark Rutte said Wednesday")
    assert a.language == "en"


def test_000_keeps_every_body_line(seed_000: str) -> None:
    a = clean_text(seed_000)
    lines = [ln.text for ln in split_lines(seed_000)]
    assert a.removed == []
    assert a.title == lines[0]
    assert a.subtitle == lines[1]
    assert a.dateline == "BRUSSELS"
    assert a.paragraphs == lines[3:]
    assert a.flags == []


def test_quotes_name_rutte(seed_000: str, seed_001: str) -> None:
    for text in (seed_000, seed_001):
        a = clean_text(text)
        assert len(a.quotes) >= 6
        for q in a.quotes:
            assert text[q.start : q.end] == q.text
        named = [q for q in a.quotes if q.speaker]
        assert named and all("Rutte" in (q.speaker or "") for q in named)
        assert any(q.text.startswith("It's not up to me to advise allies") for q in named)


def test_blank_metadata_given_by_the_input_is_none(seed_000: str, tmp_path: Path) -> None:
    """A JSON Lines field given empty or blank says nothing: the article has no title (the story list then
    shows its id, not a blank), as an input without the field; not "" on one record and None on another."""
    body = seed_000.split("\n", 1)[1]  # without its title line
    row = {"id": "x", "title": "  ", "author": "", "source": " ", "url": "", "date": " ", "text": body}
    (tmp_path / "x.jsonl").write_text(json.dumps(row) + "\n")
    (tmp_path / "y.jsonl").write_text(json.dumps({"id": "x", "text": body}) + "\n")
    blank, missing = (next(clean([tmp_path / name], corpus_stats=False)) for name in ("x.jsonl", "y.jsonl"))
    fields = ("title", "author", "source", "url", "published")
    assert [getattr(blank, f) for f in fields] == [getattr(missing, f) for f in fields]
    assert blank.title == missing.title and blank.source is None and blank.author is None
