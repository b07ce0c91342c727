"""Invariants of cleaning, for any input: it selects text and never invents it, offsets point at what they
name, nothing alphanumeric disappears unaccounted for, and cleaning its own output changes nothing."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samestory import Article, clean_text

SENTENCES = [
    "NATO Secretary General Mark Rutte said Wednesday that every initiative should be encouraged.",
    '"It\'s not up to me to advise allies," he said, adding that members are free to act.',
    "\u201cAs a European, I\u2019m really proud of what Europe is doing,\u201d said Rutte.",
    "Defense spending across Europe is ramping up at a staggering pace this year.",
    "The storm left 40,000 homes without power in the region, officials said on Monday.",
    "Ministers will meet again in July in Ankara to build on last year's decisions.",
]
NOISE = [
    "date 2026-02-12 403", "HTTP/1.1 404 Not Found", "Sorry!!", "Page not found", "Share this article",
    "CommentsNo comment", "Legal Disclaimer:", "Advertisement", "\u00a9 2024 Example Media. All rights reserved.",
    "Read more: other news", "MENAFN3112201900670000ID109949436", "Home | World | Sport", "BRUSSELS",
    "(Reuters) - Officials said the talks would resume.", "A Short Headline Here", "By Jane Doe",
]  # fmt: skip
lines = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(NOISE),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60),
)
documents = st.lists(lines, max_size=14).map("\n".join)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _covered(a: Article) -> list[bool]:
    mask = [False] * len(a.original)
    spans = [(s.start, s.end) for s in a.paragraph_spans] + [(r.start, r.end) for r in a.removed]
    spans += [(s.start, s.end) for s in a.fields.values()]
    for start, end in spans:
        for i in range(start, end):
            mask[i] = True
    return mask


@fast
@given(documents)
def test_offsets_point_at_the_text(doc: str) -> None:
    a = clean_text(doc)
    for para, span in zip(a.paragraphs, a.paragraph_spans, strict=True):
        assert doc[span.start : span.end] == para
    for r in a.removed:
        assert doc[r.start : r.end] == r.text
    for q in a.quotes:
        assert doc[q.start : q.end] == q.text


@fast
@given(documents)
def test_nothing_is_invented_or_lost(doc: str) -> None:
    a = clean_text(doc)
    covered = _covered(a)
    lost = [ch for ch, ok in zip(doc, covered, strict=True) if not ok and ch.isalnum()]
    assert lost == []
    spans = sorted([(s.start, s.end) for s in a.paragraph_spans] + [(r.start, r.end) for r in a.removed])
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start  # kept text and removed text never overlap


def render(a: Article) -> str:
    """The original with every removed span cut out: what cleaning kept, in place."""
    out, pos = [], 0
    for r in sorted(a.removed, key=lambda r: r.start):
        out.append(a.original[pos : r.start])
        pos = r.end
    out.append(a.original[pos:])
    return "".join(out)


@fast
@given(documents)
def test_cleaning_is_idempotent(doc: str) -> None:
    once = clean_text(doc)
    twice = clean_text(render(once))
    assert twice.paragraphs == once.paragraphs
    assert twice.title == once.title
    assert twice.removed == []
