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
