from dataclasses import replace

from samestory import clean_text
from samestory.core.direction import decide
from samestory.records import Article, Removal


def art(id: str, **kw: object) -> Article:
    return Article(id=id, input=id, format="text", original="x" * 100, **kw)  # type: ignore[arg-type]


def test_superset_and_aggregator_credit_decide() -> None:
    d = decide(art("wire"), art("agg", credit="MENAFN"), a_only_share=0.3, b_only_share=0.0)
    assert d.original == "wire"
    assert any("aggregator credit (MENAFN)" in e for e in d.evidence)
    assert any("carries passages" in e for e in d.evidence)


def test_publication_date_decides_either_way() -> None:
    early, late = art("e", published="2026-01-01"), art("l", published="2026-01-03")
    assert decide(late, early, 0.0, 0.0).original == "e"
    assert decide(early, late, 0.0, 0.0).original == "e"


def test_no_evidence_says_so() -> None:
    d = decide(art("a"), art("b"), 0.0, 0.0)
    assert d.original is None and "no evidence" in d.evidence[-1]


def test_weak_evidence_does_not_decide() -> None:
    noisy = art("n", removed=[Removal("advert", 0, 50, "x" * 50)])
    d = decide(art("c"), noisy, 0.0, 0.0)
    assert d.original is None and "does not decide" in d.evidence[-1]


def test_a_date_that_names_no_day_is_no_evidence() -> None:
    # An input's date that names no day is kept as given ("Updated 3 hours ago"): compared as text with an
    # ISO date it came after it ("2" < "U"), and the other side was called the earlier one.
    iso, vague = art("iso", published="2026-02-11"), art("vague", published="Updated 3 hours ago")
    for a, b in ((iso, vague), (vague, iso)):
        d = decide(a, b, 0.0, 0.0)
        assert d.original is None and not any("published" in e for e in d.evidence), d.evidence
    # the fetch dates still count when the publication dates do not
    d = decide(
        art("x", published="soon", fetched="2026-02-10"), art("y", published="2026-02-11", fetched="2026-02-12"), 0, 0
    )
    assert any("x fetched 2026-02-10, before y" in e for e in d.evidence)


def test_versions_of_one_page_the_earlier_is_the_original() -> None:
    # The same URL crawled twice: a developing story grows, so the later version carries passages the earlier
    # lacks. Content that one side adds is a copy's trace between outlets, not between versions of one page:
    # it named the later version the original, and the crawl's own order (hours apart, one day) was no evidence.
    url = "https://www.northernpost.example/news/2026/03/03/flooding-kessford"
    early = art("early", url=url, fetched="2026-03-03T09:30:00Z")
    late = art("late", url=url.replace("https://www.", "http://") + "/#comments", fetched="2026-03-03T19:02:00Z")
    for a, b, a_only, b_only in ((early, late, 0.0, 0.69), (late, early, 0.69, 0.0)):
        d = decide(a, b, a_only, b_only)
        assert d.original == "early", d.evidence
        assert any("early fetched 2026-03-03T09:30:00Z, before late" in e for e in d.evidence), d.evidence
        assert any("versions of one page" in e for e in d.evidence), d.evidence
    # without dates, which version came first is not known: the larger is no original
    d = decide(art("early", url=url), art("late", url=url), 0.0, 0.69)
    assert d.original is None, d.evidence


def test_publication_times_of_one_day_decide() -> None:
    # Two versions published the same day: the day alone was compared, and their times were no evidence.
    early, late = art("e", published="2026-03-03T09:12:00Z"), art("l", published="2026-03-03T19:40:00+01:00")
    assert decide(late, early, 0.0, 0.0).original == "e"
    assert decide(early, late, 0.0, 0.0).original == "e"
    # a time without a zone is compared only with another on the same page (the same clock)
    assert decide(art("e", published="2026-03-03T09:12"), art("l", published="2026-03-03T18:40"), 0, 0).original is None
    same = {"url": "https://x.example/a"}
    assert (
        decide(
            art("l", published="2026-03-03T18:40", **same), art("e", published="2026-03-03T09:12", **same), 0, 0
        ).original
        == "e"
    )
    # the same instant in two zones is no evidence
    d = decide(art("a", published="2026-03-03T10:00:00+01:00"), art("b", published="2026-03-03T09:00:00Z"), 0, 0)
    assert d.original is None and not any("published" in e for e in d.evidence)


def test_versions_of_one_page_are_ordered_by_their_last_update() -> None:
    # The earlier version shows only its update's date (which dates it, as an update alone does), the later one
    # its first publication, a day before, and a later update: the later version's publication date came
    # first, and it was named the original of the version it grew from.
    body = "The council voted on Tuesday to close the old bridge to lorries while engineers inspect it.\n"
    url = "https://x.example/news/bridge"
    early = clean_text(f"Bridge Closed To Lorries\nUpdated: March 3, 2026\n{body}", id="early")
    late = clean_text(f"Bridge Closed To Lorries\nPublished: March 2, 2026 | Updated: March 4, 2026\n{body}", id="late")
    assert (early.published, late.published) == ("2026-03-03", "2026-03-02")
    early, late = replace(early, url=url), replace(late, url=url)
    for a, b in ((early, late), (late, early)):
        d = decide(a, b, 0.0, 0.0)
        assert d.original == "early", d.evidence
        assert any("early updated 2026-03-03, before late (updated 2026-03-04)" in e for e in d.evidence), d.evidence
    # between two sites, the first publication is what counts
    assert decide(replace(early, url="https://y.example/a"), late, 0.0, 0.0).original == "late"


def test_a_date_kept_as_written_does_not_date_a_version() -> None:
    # "Published: 03/05/2026" (March 5 or May 3) is kept as written, and as text it sorts before every ISO
    # date: read again from the date line as a version's last change, it made that version of a page look
    # older than the version published March 3. A date of unknown day is no evidence (the fetch order is).
    body = "The council voted on Tuesday to close the old bridge to lorries while engineers inspect it.\n"
    url = "https://x.example/news/bridge"
    early = clean_text(f"Bridge Closed To Lorries\nPublished: March 3, 2026\n{body}", id="early")
    late = clean_text(f"Bridge Closed To Lorries\nPublished: 03/05/2026\n{body}", id="late")
    assert late.published == "03/05/2026"
    early, late = replace(early, url=url), replace(late, url=url)
    for a, b in ((early, late), (late, early)):
        assert decide(a, b, 0.0, 0.0).original is None
    fetched = replace(early, fetched="2026-03-03T08:00:00"), replace(late, fetched="2026-03-05T08:00:00")
    assert decide(*fetched, 0.0, 0.0).original == "early"


def test_a_press_release_wires_credit_votes_for_the_release() -> None:
    # PR Newswire and its kind were listed as aggregators: a release opening "/PRNewswire/ --" would have
    # counted against itself beside an outlet's reprint that moved the dateline down under its own intro.
    release = art("release", credit="PRNewswire", published="2026-03-10")
    reprint = art("reprint", published="2026-03-10")
    d = decide(release, reprint, a_only_share=0.0, b_only_share=0.12)
    assert any("press-release wire's credit (PRNewswire)" in e for e in d.evidence)
    assert not any("aggregator" in e for e in d.evidence)
    both = decide(release, replace(reprint, credit="PR Newswire"), 0.0, 0.0)
    assert not any("credit" in e for e in both.evidence)  # both carry it: no clue


def test_versions_of_one_page_are_not_told_apart_by_their_noise() -> None:
    # A breaking story's three paragraphs in its site's menus and footer, and the same page grown to ten: the
    # short version's share of removed chrome is larger because its text is shorter, not because it was
    # copied. That 0.5 against it left the fetch order (2.0) short of deciding (1.5), so a grown version was
    # named the family's original (qa-updates pass).
    url = "https://www.harbourgazette.example/news/2026/mar/11/grain-terminal-explosion"
    chrome = [Removal("navigation", 0, 40, "x" * 40)]
    early = art("early", url=url, fetched="2026-03-11T09:14:02Z", removed=chrome)
    late = art("late", url=url, fetched="2026-03-11T11:41:37Z")
    for a, b, a_only, b_only in ((early, late, 0.0, 0.6), (late, early, 0.6, 0.0)):
        d = decide(a, b, a_only, b_only)
        assert d.original == "early", d.evidence
        assert not any("crawl noise" in e for e in d.evidence), d.evidence
    # between two sites' pages the noise is still a clue
    other = replace(late, url="https://www.othersite.example/news/grain-terminal-explosion")
    assert any("crawl noise" in e for e in decide(early, other, 0.0, 0.0).evidence)


def test_times_with_zones_compare_as_instants_across_days() -> None:
    """Days compared as text first: 23:30 in New York on the 11th was before 02:00 GMT on the 12th, which is
    04:30 GMT on the 12th, after it."""
    ny, london = art("ny", published="2026-03-11T23:30-05:00"), art("ldn", published="2026-03-12T02:00Z")
    d = decide(ny, london, 0.0, 0.0)
    assert d.original == "ldn"
    shown = "ldn published 2026-03-12T02:00Z (02:00 UTC), before ny (published 2026-03-11T23:30-05:00 (04:30 UTC))"
    assert shown in d.evidence


def test_a_versions_last_update_is_its_latest_instant() -> None:
    """The latest of a version's dates was the latest as text: 14:00+02:00 (12:00 GMT) after 13:00 GMT."""
    url = "https://coast.example/news/port"
    a = art("a", url=url, published="2026-03-11T08:00Z", updated="2026-03-11T14:00+02:00")
    b = art("b", url=url, published="2026-03-11T08:00Z", updated="2026-03-11T13:00Z")
    assert decide(a, b, 0.0, 0.2).original == "a"
    assert decide(b, a, 0.2, 0.0).original == "a"


def test_a_time_without_a_zone_is_not_compared_with_another_sites() -> None:
    # One site's clock is not another's: 14:05 (Uhr) may be 13:05 GMT or 14:05.
    d = decide(art("de", published="2026-03-11T14:05"), art("uk", published="2026-03-11T10:42Z"), 0.0, 0.0)
    assert d.original is None and not any("published" in e for e in d.evidence)
