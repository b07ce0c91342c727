"""HTML pages: main text one paragraph per line, metadata from the page."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from io_helpers import NEWS_FIRST_PARAGRAPH, NEWS_PAGE, only, read

from samestory.io.html import decode_page, extract_html

Write = Callable[[str, bytes | str], Path]


def test_news_page_text_and_metadata(write: Write) -> None:
    record = only(read(write("pages/bridge.html", NEWS_PAGE)))
    assert record.error is None
    assert (record.id, record.format, record.flags) == ("pages/bridge.html", "html", [])
    lines = record.text.split("\n")
    assert NEWS_FIRST_PARAGRAPH in lines
    assert len([line for line in lines if line.startswith(("Mayor", "Engineers", "Cyclists"))]) == 3
    for boilerplate in ("Home", "Most read", "Storm warning", "All rights reserved", "Privacy policy"):
        assert boilerplate not in record.text
    meta = record.meta
    assert meta.title == "Harbour bridge reopens after two years of repairs"
    assert meta.author == "Maria Jensen"
    assert meta.published == "2024-05-01T08:30:00+00:00"
    assert meta.site == "The Coastal Herald"
    assert meta.url == "https://herald.example.com/news/2024/05/01/harbour-bridge-reopens"


def test_html_is_detected_by_content_whatever_the_name(write: Write) -> None:
    record = only(read(write("page.txt", "\n\n  " + NEWS_PAGE)))
    assert (record.format, record.error) == ("html", None)


def test_tag_dense_fragment_is_html(write: Write) -> None:
    body = "".join(f"<p>Paragraph {n} of a page saved without its head, long enough to count.</p>\n" for n in range(8))
    record = only(read(write("fragment.dat", f"<div class='story'>{body}</div>")))
    assert record.format == "html"


def test_prose_mentioning_a_tag_stays_text(write: Write) -> None:
    prose = "Editors argued about whether the <p> tag belongs in a story about the web.\n" * 5
    assert only(read(write("story.txt", prose))).format == "text"


def test_html_name_hint_when_content_starts_with_text(write: Write) -> None:
    page = "Saved from the web\n" + NEWS_PAGE.split("<body>", 1)[1]
    assert only(read(write("page.html", page))).format == "html"


def test_gzipped_html(write: Write) -> None:
    record = only(read(write("bridge.html.gz", gzip.compress(NEWS_PAGE.encode()))))
    assert (record.format, record.flags, record.error) == ("html", ["gzip"], None)
    assert NEWS_FIRST_PARAGRAPH in record.text


def test_page_without_article_text_is_malformed(write: Write) -> None:
    path = write("broken.html", "<html><head><title>x</title></head><body><div><script>var a = 1;</script>")
    record = only(read(path))
    assert record.error is not None
    assert record.error.code == "malformed"
    assert record.error.message.startswith(f"{path.as_posix()}: no article text found in HTML. Fix: ")
    assert (record.format, record.text) == ("html", "")


def test_declared_charset_is_used_when_bytes_are_not_utf8() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café</p></body></html>'
    assert "<p>Café</p>" in str(decode_page(page.encode("latin-1")).html)
    assert "Caf\u0152" in str(decode_page("Caf\u0152".encode("cp1252"), declared="latin-1").html)


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode_page("Café".encode(), declared="iso-8859-1").html == "Café"


def test_undeclared_legacy_bytes_are_left_for_trafilatura() -> None:
    assert decode_page(b"<p>Caf\xe9</p>").html == b"<p>Caf\xe9</p>"


def _nested_page(depth: int) -> str:
    """A page whose middle paragraph sits inside ``depth`` unclosed ``<div>`` elements."""
    first = "<p>The council approved the harbour budget on Monday after a debate that lasted the whole day.</p>"
    deep = "<div>" * depth + "<p>Engineers said the repairs to the old bridge would begin early next spring.</p>"
    last = "<p>Residents who spoke at the meeting asked for a second crossing to be built further north.</p>"
    return f"<html><head><title>Budget</title></head><body>{first}{deep}{last}</body></html>"


def test_text_under_hundreds_of_unclosed_tags_is_kept(write: Write) -> None:
    # libxml2 stops at 256 nested elements unless told otherwise: everything after that point was lost.
    record = only(read(write("deep.html", _nested_page(300))))
    assert (record.error, record.flags) == (None, [])
    assert "Engineers said" in record.text and "Residents who spoke" in record.text


def test_markup_deeper_than_the_parser_follows_is_flagged(write: Write) -> None:
    record = only(read(write("deeper.html", _nested_page(3000))))
    assert record.error is None
    assert "The council approved" in record.text
    assert record.flags == ["html_truncated"]


def test_a_page_whose_text_is_all_too_deep_says_so(write: Write) -> None:
    page = "<html><body>" + "<div>" * 3000 + "<p>Only text, far too deep for the parser to reach it.</p></body></html>"
    record = only(read(write("deepest.html", page)))
    assert record.error is not None and record.error.code == "malformed"
    assert "nests deeper than 2048 elements" in record.error.message


_SMART = (
    "The mayor said \u201cit\u2019s a good day\u201d \u2014 and the bridge\u2019s new deck was praised by everyone."
)


def _page(meta: str, paragraph: str) -> str:
    body = f"<p>{paragraph}</p>" * 3
    return f"<html><head>{meta}<title>Bridge</title></head><body><article>{body}</article></body></html>"


def test_a_page_declared_utf8_in_windows_1252_reads_right_and_is_flagged(write: Write) -> None:
    # The commonest mislabel: smart quotes typed in windows-1252 under a UTF-8 declaration became U+FFFD,
    # and nothing said that characters had been replaced.
    data = _page('<meta charset="utf-8">', _SMART).encode("cp1252")
    record = only(read(write("mislabelled.html", data)))
    assert record.error is None
    assert record.text.split("\n")[0] == _SMART
    assert record.flags == ["invalid_utf8"]


def test_a_utf8_page_with_windows_1252_bytes_pasted_in_reads_right() -> None:
    data = _page('<meta charset="utf-8">', "Caf\u00e9 cr\u00e8me").encode() + "\u2019 and \u2014".encode("cp1252")
    html, flags = decode_page(data)
    assert str(html).endswith("Caf\u00e9 cr\u00e8me</p></article></body></html>\u2019 and \u2014")
    assert flags == ["invalid_utf8"]


def test_bytes_invalid_in_their_declared_charset_are_replaced_and_flagged() -> None:
    data = _page('<meta charset="shift_jis">', "\u6771\u4eac").encode("shift_jis") + b"\x81"
    html, flags = decode_page(data)
    assert "\u6771\u4eac" in str(html) and str(html).endswith("\ufffd")
    assert flags == ["invalid_utf8"]
    assert decode_page(_page('<meta charset="shift_jis">', "\u6771\u4eac").encode("shift_jis"))[1] == []


@pytest.mark.parametrize(
    "label", ["base64", "rot13", "hex", "zlib", "punycode", "idna", "undefined", "utf-7", "unicode_escape"]
)
def test_a_charset_label_naming_no_character_set_is_ignored(write: Write, label: str) -> None:
    # Python knows these names, but they are not character sets: decoding with them crashed the whole run
    # (LookupError, UnicodeError), or read backslashes in the page as escapes.
    page = _page(
        f'<meta charset="{label}">', "Caf\u00e9 au lait is served every morning on the main street of the town."
    )
    data = page.encode("cp1252")
    assert decode_page(data) == (data, [])  # no usable charset: left for trafilatura to guess
    assert decode_page(data, declared=label) == (data, [])
    record = only(read(write("odd.html", data)))
    assert record.error is None and "au lait is served" in record.text


def test_a_meta_charset_of_utf16_in_an_ascii_page_means_utf8() -> None:
    # As browsers read it (WHATWG): a page whose <meta> could be read as ASCII is not UTF-16.
    data = _page('<meta charset="utf-16">', "Caf\u00e9 \u00ab cr\u00e8me \u00bb").encode("cp1252")
    assert decode_page(data) == (data.decode("cp1252"), ["invalid_utf8"])


_REPORT = "".join(
    f"<p>Paragraph {n} of the report says that the council voted on the new budget for the city and its schools, "
    "after a long debate that ran late into the night.</p>"
    for n in range(5)
)


def _meta_page(head: str, body: str = _REPORT) -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    "title",
    [
        "Council passes budget - The Daily Bugle",
        "Council passes budget | The Daily Bugle",
        "Council passes budget \u2013 the daily bugle",
        "The Daily Bugle | Council passes budget",
        "The Daily Bugle: Council passes budget",
    ],
)
def test_the_site_name_is_cut_from_a_title_that_carries_it(title: str) -> None:
    head = f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="The Daily Bugle">'
    meta = extract_html(_meta_page(head), "page.html").meta
    assert (meta.title, meta.site) == ("Council passes budget", "The Daily Bugle")


def test_a_title_that_is_only_the_site_name_takes_the_headline_from_the_title_element() -> None:
    # trafilatura takes the first part of "Site | Headline" (the part without a full stop)
    head = "<title>The Daily Bugle | Council passes budget</title>"
    head += '<meta property="og:site_name" content="The Daily Bugle">'
    assert extract_html(_meta_page(head), "page.html").meta.title == "Council passes budget"


def test_a_title_with_a_separator_but_no_site_name_is_kept() -> None:
    head = '<meta property="og:title" content="Budget - what it means"><meta property="og:site_name" content="Bugle">'
    assert extract_html(_meta_page(head), "page.html").meta.title == "Budget - what it means"


def test_published_is_no_date_that_the_page_only_mentions() -> None:
    # htmldate's "extensive search" read the earliest date anywhere in the page as the publication date: a
    # date the report mentions, a related story's, a comment's
    related = "<aside><h3>Related</h3><ul><li><a href='/a'>Council meets</a> 2 February 2018</li></ul></aside>"
    body = _REPORT + "<p>The council first met on 12 January 2019.</p>" + related
    assert extract_html(_meta_page("<title>Budget</title>", body), "page.html").meta.published is None


def test_published_is_the_date_the_markup_gives_not_one_the_text_mentions() -> None:
    head = '<meta property="article:published_time" content="2024-03-04T10:00:00+00:00">'
    head += '<meta property="article:modified_time" content="2024-03-09T10:00:00+00:00">'
    body = _REPORT + "<p>The council first met on 12 January 2019.</p>"
    assert extract_html(_meta_page(head, body), "page.html").meta.published == "2024-03-04T10:00:00+00:00"


_ARCHIVED = "https://www.dailybugle.example/news/2026/03/10/council-passes-budget"


@pytest.mark.parametrize(
    "link",
    [
        f"https://web.archive.org/web/20260310121507/{_ARCHIVED}",
        f"http://web.archive.org/web/20260310121507id_/{_ARCHIVED}",
        f"https://web.archive.org/web/2026/{_ARCHIVED}",
    ],
)
def test_a_web_archive_snapshots_url_is_the_page_it_archived(link: str) -> None:
    # The Wayback Machine rewrites a snapshot's links, its canonical one too: the snapshot's url was the
    # archive's, so it was no version of the page it shows.
    head = f'<title>Council passes budget</title><link rel="canonical" href="{link}">'
    assert extract_html(_meta_page(head), "page.html").meta.url == _ARCHIVED
    fetched = f"https://web.archive.org/web/20260310121507/{_ARCHIVED}"
    assert extract_html(_meta_page("<title>Budget</title>"), "page.html", url=fetched).meta.url == _ARCHIVED
    # Any other URL is kept as it is, the archive's own pages too.
    other = "https://web.archive.org/details/texts"
    assert extract_html(_meta_page("<title>Budget</title>"), "page.html", url=other).meta.url == other


def test_a_news_feed_is_an_error_that_says_so(write: Write) -> None:
    # A feed saved beside the pages (its items' content is HTML) was read as an HTML page and failed with
    # "no article text found in HTML ... not a front page, a paywall or a page built by scripts".
    item = "<item><title>Bridge to close</title><link>https://x.example/a</link><content:encoded><![CDATA["
    item += "<p>The bridge will close for six weeks, the council said.</p>" * 8 + "]]></content:encoded></item>"
    feed = f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>{item}</channel></rss>\n'
    record = only(read(write("feed.xml", feed)))
    assert record.error is not None and record.error.code == "malformed"
    assert "an RSS feed, not an article's page" in record.error.message and "JSON Lines" in record.error.message


def test_published_keeps_the_time_the_markup_gives_for_its_day() -> None:
    """htmldate gives the day alone: two pages of one day, each with its published time and zone in the
    markup, could not be ordered."""
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", '
    jsonld += '"datePublished": "2024-03-04T07:15:00-04:00"}</script>'
    assert extract_html(_meta_page(jsonld), "page.html").meta.published == "2024-03-04T07:15:00-04:00"
    meta = '<meta property="article:published_time" content="2024-03-04T10:00:00+00:00">'
    assert extract_html(_meta_page(meta), "page.html").meta.published == "2024-03-04T10:00:00+00:00"


def test_a_time_of_another_day_than_the_publication_is_not_taken() -> None:
    # htmldate dates the page by the earliest date its markup gives; a time of another day is not that date's.
    head = '<meta property="article:published_time" content="2024-03-04">'
    head += '<meta name="parsely-pub-date" content="2024-03-06T10:00:00Z">'
    assert extract_html(_meta_page(head), "page.html").meta.published == "2024-03-04"


def test_updated_is_the_modified_time_the_markup_gives() -> None:
    """``article:modified_time`` was not read: two versions of one page that print no update line had no
    order but their fetch dates, and pages fetched without one had none."""
    head = '<meta property="article:published_time" content="2024-03-04T10:00:00+00:00">'
    head += '<meta property="article:modified_time" content="2024-03-04T15:20:00+00:00">'
    assert extract_html(_meta_page(head), "page.html").meta.updated == "2024-03-04T15:20:00+00:00"
    jsonld = '<script type="application/ld+json">{"dateModified": "2024-03-05T09:00:00Z"}</script>'
    assert extract_html(_meta_page(jsonld), "page.html").meta.updated == "2024-03-05T09:00:00Z"
    assert extract_html(_meta_page("<title>Budget</title>"), "page.html").meta.updated is None
