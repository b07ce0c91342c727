"""Which of two related articles is the likely original, with the evidence, or no answer.

Each clue votes for one side with a weight; the side ahead by at least ``DECISIVE`` wins, otherwise the
answer is None and the evidence says why. Clues:

- earlier publication date (strong) or fetch date (weak: crawl order is not publication order), of two
  ISO days, or of two times that both carry a zone, as instants in UTC (a date the input gave that names no
  day is kept as given, and is no evidence; a time without a zone is compared only within one page);
- content: one carries passages the other lacks while the other adds almost nothing (a superset);
- versions of one page (the same URL crawled more than once): the earlier is the original. Each is dated by
  its last update (the latest date of its date lines and its ``updated``), the fetch order is strong
  evidence (the crawler saw the page change), times without a zone compare (one site's clock), and content
  is none: a developing story grows, so the later version is the superset.
- credit: a wire service's or a press-release wire's credit against an aggregator's or none (wires originate
  copy, aggregators republish);
- cleanliness: the copy usually arrives wrapped in more boilerplate (not between versions of one page, which
  share their site's chrome).

>>> from samestory.records import Article
>>> a = Article(id="a", input="a", format="text", original="", published="2026-02-11", credit="AP")
>>> b = Article(id="b", input="b", format="text", original="", published="2026-02-12", credit="MENAFN")
>>> decide(a, b, a_only_share=0.2, b_only_share=0.0).original
'a'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

from samestory.core.dates import ISO_DAY, instant, instant_key
from samestory.core.structure import DATE_FIELDS, latest_date, load_agencies
from samestory.records import Article, Direction

#: A side must lead by this much for the evidence to decide.
DECISIVE = 2.0
#: A text "carries passages the other lacks" when its own material is at least this share of it ...
SUPERSET_OWN = 0.1
#: ... while the other's own material is at most this share.
SUPERSET_OTHER = 0.05


@dataclass(frozen=True, slots=True)
class Clue:
    side: str  # "a" or "b"
    weight: float
    text: str


def page_key(url: str | None) -> str | None:
    """A URL as the page it names: without scheme, "www.", fragment, trailing slash and tracking parameters
    ("utm_source"), which differ between two crawls of one page.

    >>> page_key("https://www.x.example/news/a/?utm_source=feed#top") == page_key("http://x.example/news/a")
    True
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")])
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def _same_page(a: Article, b: Article) -> bool:
    return (key := page_key(a.url)) is not None and key == page_key(b.url)


def _offset(value: str) -> timedelta | None:
    """The offset from UTC of an ISO date's time, None when it gives no time with a zone."""
    moment = instant(value) if len(value) > 10 else None
    return moment.utcoffset() if moment is not None else None


def _zoned(value: str) -> bool:
    """Whether an ISO date gives a time with a zone (an instant)."""
    return _offset(value) is not None


def _in_utc(value: str) -> str:
    """A time with a zone, with its instant in UTC after it: "2026-03-11T09:30+01:00 (08:30 UTC)"."""
    return f"{value} ({instant_key(value)[11:16]} UTC)"


def _earlier(da: str, db: str, same_page: bool) -> bool | None:
    """Whether ``da`` is before ``db`` (None: no order known). Two times that both carry a zone compare as
    instants (in UTC: "23:30-05:00" of one day is after "02:00Z" of the next); else days compare as text, and
    times of one day only when neither carries a zone and both are of one page (one site's clock)."""
    ta, tb = (instant(d) if len(d) > 10 else None for d in (da, db))
    if ta is not None and tb is not None and ta.tzinfo is not None and tb.tzinfo is not None:
        return None if ta == tb else ta < tb
    if da[:10] != db[:10]:
        return da[:10] < db[:10]
    if ta is None or tb is None or ((ta.tzinfo is None) != (tb.tzinfo is None)):
        return None
    if ta.tzinfo is None and not same_page:
        return None
    return None if ta == tb else ta < tb


def _version(article: Article) -> tuple[str, str] | None:
    """When this version of a page was last changed, as far as it says, and the label to show: the latest ISO
    date of its date lines ("Published 2 March 2026 | Updated 4 March 2026"), else its publication date."""
    lines = [article.original[s.start : s.end] for name in DATE_FIELDS if (s := article.fields.get(name))]
    # its ``updated`` too: an HTML page's modified time, which its text does not show (ISO dates only: one
    # kept as written made a version of unknown day the older one)
    latest = latest_date(lines, article.published, article.updated)
    if latest is None:
        return None
    # a date after the publication's is an update's, and so is the publication date of a page that shows an
    # update alone (cleaning dates it so)
    alone = not ({"published", "tail_published"} & article.fields.keys()) and bool(
        {"updated", "tail_updated"} & article.fields.keys()
    )
    return latest, "updated" if latest != article.published or alone else "published"


def _dated(article: Article, field: str) -> tuple[str, str] | None:
    if field == "version":
        return _version(article)
    value = getattr(article, field)
    return (value, field) if value and ISO_DAY.match(value) else None


def _dates(a: Article, b: Article, same_page: bool) -> list[Clue]:
    # Only ISO dates: cleaning writes every date it can read so, and keeps as given one that names no day
    # ("Updated 3 hours ago"), which would sort after any ISO date as text. Of two versions of one page, each
    # is dated by its last update (its publication date is the first version's, or, when it shows an update
    # alone, the update's: comparing those put a grown version first), and two fetches are the order in
    # which the page changed: as strong as dates the page gives.
    order = (("version", 2.0), ("fetched", 2.0)) if same_page else (("published", 2.0), ("fetched", 0.5))
    for field, weight in order:
        da, db = _dated(a, field), _dated(b, field)
        a_first = _earlier(da[0], db[0], same_page) if da and db else None
        if da and db and a_first is not None:
            (early, (de, le)), (late, (dl, ll)) = ((a, da), (b, db)) if a_first else ((b, db), (a, da))
            # Where the times decided (of one day, or two with zones), the later's is shown too, that the
            # evidence says so; else the days did.
            timed = da[0][:10] == db[0][:10] or all(_zoned(d[0]) for d in (da, db))
            if not timed:
                de, dl = de[:10], dl[:10]
            elif _zoned(de) and _zoned(dl) and _offset(de) != _offset(dl):
                de, dl = _in_utc(de), _in_utc(dl)  # two zones: as compared
            later = f" ({ll} {dl})" if field == "version" or timed else ""
            text = f"{early.id} {le} {de}, before {late.id}{later}"
            return [Clue("a" if a_first else "b", weight, text)]
    return []


def _content(a: Article, b: Article, a_only: float, b_only: float, same_page: bool) -> list[Clue]:
    if same_page and max(a_only, b_only) >= SUPERSET_OWN:
        # A developing story grows, a live blog adds entries: between versions of one page, what one adds is
        # no sign that it came first (said, with no weight, so that the answer's reason shows).
        note = f"{a.id} and {b.id} are versions of one page ({a.url}): what one adds does not say which came first"
        return [Clue("a", 0.0, note)]
    if a_only >= SUPERSET_OWN and b_only <= SUPERSET_OTHER:
        return [Clue("a", 2.0, f"{a.id} carries passages {b.id} lacks ({a_only:.0%} of its text); not the reverse")]
    if b_only >= SUPERSET_OWN and a_only <= SUPERSET_OTHER:
        return [Clue("b", 2.0, f"{b.id} carries passages {a.id} lacks ({b_only:.0%} of its text); not the reverse")]
    return []


def _credits(a: Article, b: Article) -> list[Clue]:
    agencies = load_agencies()
    kind_a = agencies.kind(a.credit) if a.credit else None
    kind_b = agencies.kind(b.credit) if b.credit else None
    clues = []
    for art, kind, other in ((a, kind_a, "b"), (b, kind_b, "a")):
        if kind == "aggregator":
            clues.append(Clue(other, 1.5, f"{art.id} carries an aggregator credit ({art.credit})"))
    # A press-release wire originates copy as a news wire does (the company's release, which outlets reprint).
    origin = {"wire": "a wire credit", "release": "a press-release wire's credit"}
    for art, kind, side in ((a, kind_a, "a"), (b, kind_b, "b")):
        if kind in origin and not (kind_a in origin and kind_b in origin):
            clues.append(Clue(side, 1.0, f"{art.id} carries {origin[kind]} ({art.credit})"))
    return clues


def _noise(a: Article, b: Article) -> list[Clue]:
    share_a = sum(r.end - r.start for r in a.removed) / max(1, len(a.original))
    share_b = sum(r.end - r.start for r in b.removed) / max(1, len(b.original))
    if abs(share_a - share_b) < 0.1:
        return []
    clean, noisy = (a, b) if share_a < share_b else (b, a)
    side = "a" if clean is a else "b"
    return [Clue(side, 0.5, f"{noisy.id} came wrapped in more crawl noise ({max(share_a, share_b):.0%} removed)")]


def decide(a: Article, b: Article, a_only_share: float, b_only_share: float) -> Direction:
    """The likely original of a copy pair (``a_only_share``: share of a's text that b lacks, and so on)."""
    same_page = _same_page(a, b)
    clues = _dates(a, b, same_page) + _content(a, b, a_only_share, b_only_share, same_page)
    # Versions of one page come in one site's chrome: the share of noise removed differs by the text's length
    # (a breaking story's three paragraphs in the same menus and footer as its grown version), not by copying.
    clues += _credits(a, b) + ([] if same_page else _noise(a, b))
    score_a = sum(c.weight for c in clues if c.side == "a")
    score_b = sum(c.weight for c in clues if c.side == "b")
    evidence = [c.text for c in clues]
    if abs(score_a - score_b) >= DECISIVE:
        return Direction(a.id if score_a > score_b else b.id, evidence)
    reason = "evidence does not decide" if clues else "no evidence either way"
    return Direction(None, [*evidence, f"{reason} (score {score_a:g} for {a.id}, {score_b:g} for {b.id})"])
