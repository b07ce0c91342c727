"""Real article texts from the shared data, as lists of paragraphs, for the synthetic corpora.

The texts are taken as published, with three light repairs that make a clean ground truth possible:
NewsWCL50's escaped newlines (a literal backslash-n) become line breaks; blank lines go; a paragraph that
occurs twice in one article, punctuation aside, keeps only its first occurrence (else "the second copy
is noise" would be ambiguous). Some FNC-1 bodies still carry their own page furniture ("Scroll down for video", photo
credits, "Follow X on Twitter"); :func:`is_source_noise` flags those lines so that scoring can leave them
out: they are neither injected noise nor article text we can vouch for.

The articles are split in two stable halves, one for the ``dev`` pool and one for ``test``. The fresh
pools (``fresh``, ``fresh3``, ``fresh4``, ``fresh5``, ``fresh6``, ``fresh7``, ``fresh8``, ``fresh9``) and the held-out
``fresh2`` reuse the test half (:data:`ARTICLES_OF`): another share would have cut dev and test and changed the
corpora the cleaner is being tuned on, and the cleaner is tuned on noise wordings, not on article text. Each fresh
corpus still differs from test's and from the others': its own shuffle (the generator's random stream is seeded
with the pool's name), clean documents, sites and noise.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from _common import data_path

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class SourceArticle:
    """One real article: where it came from and its paragraphs (one per line in a crawl dump)."""

    origin: str
    paragraphs: tuple[str, ...]

    @property
    def pool(self) -> str:
        """``dev`` or ``test``: a stable half of the articles, so the two pools share no article."""
        digest = hashlib.sha1(self.origin.encode()).digest()
        return "dev" if digest[0] % 2 == 0 else "test"


#: Whose articles each noise pool dresses: its own half, or (the fresh pools) the test half.
ARTICLES_OF = {
    "dev": "dev",
    "test": "test",
    "fresh": "test",
    "fresh2": "test",
    "fresh3": "test",
    "fresh4": "test",
    "fresh5": "test",
    "fresh6": "test",
    "fresh7": "test",
    "fresh8": "test",
    "fresh9": "test",
}


def articles_for(pool: str) -> list[SourceArticle]:
    """The articles a noise pool dresses (see :data:`ARTICLES_OF`), in a stable order."""
    return [a for a in load_all() if a.pool == ARTICLES_OF[pool]]


# Page furniture found in the FNC-1 bodies themselves, curated by reading the lines that recur across
# bodies and the short ones. These lines are left unscored (see module docstring).
_SOURCE_NOISE = re.compile(
    r"""(?ix)
    ^scroll\ down\ for\ videos?\b | ^video\ loading | ^view\ (all\ photos|full\ image|gallery)
    | ^poll\ loading | ^(see\ all\ related|related(\ (articles|stories|links|reading|coverage))?:?|more
        \ stories|on\ this\ topic|complete\ coverage|more:?)$
    | google_ad_ | mboxcreate\( | brightcove\. | ^\[related- | polldaddy | ^uploaded\ by:
    | enable\ javascript | click\ here\ to\ (see|watch) | mobile\ device\?\ click | for\ mobile\ users
    | ^[>\u2014\u2013\-\s]*follow\ (me|us|@)
    | ^[>\u2014\u2013\-\s]*follow\ .{1,50}\ on\ (twitter|facebook|google|instagram)\b(\W.{0,30})?$
    | ^(twitter|email):\ | ^\S+@\S+\.\w+(\ follow\ on\ twitter.*)?$ | @\w+\.(net|com)$
    | ^\W*\(?\[?(featured\ )?(images?|photos?)(\ credit)?\ *(via|credit|courtesy|by|from|:|\|)
    | photo\ ?(credit|courtesy|:\ \w+$) | \(photo(:|\ by|\ courtesy|\)) | getty\ images | ^(getty|cen)\s{2,}
    | ^(ads\ by\ adblade|advertisement.*|sign\ up\ now|free\ sign\ up.*|like\ us\ on\ facebook.*)$
    | ^(\(excerpt\)\ )?read\ more(\ at\b|:|$|(?-i:\ [A-Z0-9])) | ^filed\ in\ .*read\ more
    | ^related(\ roundups?)?:\ | ^related(?-i:\ [A-Z])
    | have\ something\ to\ add\ to\ this\ story | not\ currently\ accepting\ comments
    | ^add\ a\ comment | be\ the\ first\ to\ comment | ^c?comments$ | ^>?share\ this
    | ^what's\ new\s{2,} | soul\ mate | ^www\. | ^[\w.-]+\.(com|org|net)$ | ^https?://\S+$ | see\ more\ at:
    | ^\W*(©|\u2014?copyright\b) | copyright\ \d{4} | originally\ appeared\ (at|on|in)\ [A-Z]
    | ^contributing: | ^with\ news\ wire\ services$ | ^sponsored\ links$ | see\ all\ comments | write\ a\ comment
    | continue\ reading\ the\ main\ story | ^see\ also: | click\ here\ to\ download | sign\ up\ for\ our\ newsletter
    | ^also\ read: | ^related\ on\ | ^more\ from\ [\w\ ]{1,30}(:|$) | ^read\ more\ (on|in)\ | ^\[?h/t\s
    | ^more: | ^more\ \.\.\.$ | ^(ads|share|recommended:?|continue\ reading\.?)$ | ^read\ next: | ^\d+\ comments?$
    | ^sign\ up\ for\ .{0,40}newsletter | download\ the\ .{0,40}\ app | follow\ us\ on\ (twitter|facebook)
    | ^\S+\.(jpe?g|png|gif)$ | ^[\w-]+-\d{2,4}x\d{2,4}$
    | ^(by|with)(?-i:\ [A-Z][\w.'\u2019-]+(\ [A-Z][\w.'\u2019-]+){0,3})$
    | ^[\u2013\u2014-]+(?-i:\ ?[A-Z][\w.'\u2019-]+(\ [A-Z][\w.'\u2019-]+){0,2})$
    | ^(update:?|false|true|probably\ false|unverified|ap|afp|reuters|youtube|\(facebook\)|home|menu)$
    | ^[^\w]*$ | ^\d+$ | 已不存在 | 返回网站主页 | ^source:\ | ^images?:\ | ^\[.*(via|credit).*\]$
    """,
    re.UNICODE,
)


def is_source_noise(line: str) -> bool:
    """Whether a line of a real article is the source page's own furniture rather than article text."""
    return bool(_SOURCE_NOISE.search(line.strip()))


@functools.cache
def source_furniture() -> frozenset[str]:
    """More of the source pages' own furniture, listed line by line (``bench/source_furniture.txt``: the
    headlines of their "Related" teaser lists, read one by one). Scoring leaves these lines out as it does
    those :func:`is_source_noise` flags; the corpora are generated as before (which articles count as tidy,
    and the labels in ``truth.json``, do not change)."""
    path = Path(__file__).with_name("source_furniture.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _paragraphs(text: str) -> tuple[str, ...]:
    """Lines of a text as paragraphs: escaped newlines repaired, blanks and in-article repeats dropped.

    Two lines repeat each other when their lowercased words are the same (punctuation aside).
    """
    seen: set[str] = set()
    out: list[str] = []
    for raw in text.replace("\\n", "\n").splitlines():
        line = raw.strip()
        key = " ".join(re.findall(r"\w+", line.lower()))
        if line and key not in seen:
            seen.add(key)
            out.append(line)
    return tuple(out)


def load_ecbplus() -> list[SourceArticle]:
    """ECB+ documents (982, short: about five sentences, often a headline and a date line first)."""
    path = data_path("ecbplus", "ecbplus_docs.jsonl")
    with path.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    return [SourceArticle(f"ecbplus:{d['doc_id']}", _paragraphs(d["text"])) for d in docs]


def load_newswcl50() -> list[SourceArticle]:
    """NewsWCL50 documents (50 long articles)."""
    path = data_path("newswcl50", "newswcl50_docs.jsonl")
    with path.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    return [SourceArticle(f"newswcl50:{d['doc_id']}", _paragraphs(d["text"])) for d in docs]


def load_fnc1() -> list[SourceArticle]:
    """FNC-1 training bodies (1,683 articles of about 2 KB)."""
    path = data_path("fnc1", "train_bodies.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [SourceArticle(f"fnc1:{r['Body ID']}", _paragraphs(r["articleBody"])) for r in rows]


def load_all(min_paragraphs: int = 2) -> list[SourceArticle]:
    """All three sources, without exact duplicate texts and without one-paragraph articles."""
    seen: set[tuple[str, ...]] = set()
    out: list[SourceArticle] = []
    for article in [*load_ecbplus(), *load_newswcl50(), *load_fnc1()]:
        if len(article.paragraphs) >= min_paragraphs and article.paragraphs not in seen:
            seen.add(article.paragraphs)
            out.append(article)
    return out


@dataclass(frozen=True)
class SentencePair:
    """Two sentences and their gold label: MRPC's paraphrase flag (1 or 0) or STS-B's similarity (0 to 5);
    ``source`` is STS-B's source column (``headlines``, ``MSRpar``, ...) or ``mrpc``."""

    a: str
    b: str
    label: float
    source: str


def load_mrpc() -> list[SentencePair]:
    """MRPC's train pairs (4,076 news sentence pairs)."""
    with data_path("mrpc", "msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) == 5]
    return [SentencePair(r[3], r[4], float(r[0] == "1"), "mrpc") for r in rows]


def load_stsb_news(name: str) -> list[SentencePair]:
    """The news pairs (genre ``main-news``) of one STS-B file: ``sts-train.csv``, ``sts-dev.csv``, ``sts-test.csv``."""
    out = []
    for line in data_path("stsbenchmark", name).open(encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 7 and cols[0] == "main-news":
            out.append(SentencePair(cols[5], cols[6], float(cols[4]), cols[1]))
    return out
