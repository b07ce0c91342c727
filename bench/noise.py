"""Noise injection: real articles dressed in crawl noise at known places, with a line-level ground truth.

Each document is a real article (ECB+, NewsWCL50, FNC-1), one paragraph per line as crawled text dumps
are, published by a made-up source site. Noisy documents get crawler headers, error pages, navigation,
repeated blocks, "read more" links, share prompts, comment widgets, legal disclaimers, copyright lines
and tracking ids (as a line of their own, or glued to the last paragraph: then only that span is noise).
Every site also has a few lines of its own (a footer, a promo) in its own wording, recurring across its
documents: only corpus statistics can tell those from article text. A share of documents gets no noise
at all, to count false removals.

The wordings come from one of eleven disjoint pools (``bench/_pools.py``): ``dev``, ``test``, ``fresh``,
``fresh3``, ``fresh4``, ``fresh5``, ``fresh6``, ``fresh7``, ``fresh8`` and ``fresh9`` for tuning, ``fresh2`` (held out,
``bench/_pool_fresh2.py``) for the headline. The fresh pools dress the test pool's articles, each in its own noise.
Run ``python bench/noise.py --pool all`` (``both`` = dev and test) to write, per pool, under
``bench/out/noise/<pool>/``:
``txt/<site>/<id>.txt``, ``docs.jsonl`` (``id``, ``text``, ``source``) and ``truth.json`` (per document
the ``[start, end, label]`` of every line, and of inline noise spans).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import OUT, fmt_table, write_result
from _pools import POOLS, Template, check_disjoint
from _sites import Site, Slots, add_site_boilerplate, fill, make_sites, vary
from _sources import SourceArticle, articles_for, is_source_noise

ARTICLE = "article"
SOURCE_NOISE = "source_noise"  # the real article's own page furniture: left out of scoring
KINDS = (
    "crawler_header",
    "error_page",
    "navigation",
    "repeated_block",
    "read_more",
    "share_prompt",
    "comments_widget",
    "legal_disclaimer",
    "copyright",
    "tracking_id",
    "site_boilerplate",
)
# Chance that a noisy document gets each kind (site boilerplate follows its site instead).
PROBABILITY = {
    "crawler_header": 0.5,
    "error_page": 0.2,
    "navigation": 0.3,
    "repeated_block": 0.25,
    "read_more": 0.3,
    "share_prompt": 0.35,
    "comments_widget": 0.35,
    "legal_disclaimer": 0.25,
    "copyright": 0.35,
    "tracking_id": 0.3,
}
POOL_CHOICES = {"both": ["dev", "test"], "all": list(POOLS)}
SITE_SIZE = (5, 35)  # noisy documents per site: corpus statistics need several
SITE_MIN_DOCS = 5  # a site's boilerplate is in at least this many of its documents


@dataclass
class Line:
    """One line of a generated document, its label, and an inline noise span ``(start, end, label)``."""

    text: str
    label: str
    inline: tuple[int, int, str] | None = None


def body_lines(article: SourceArticle) -> list[Line]:
    """The article's paragraphs as labelled lines."""
    return [Line(p, SOURCE_NOISE if is_source_noise(p) else ARTICLE) for p in article.paragraphs]


def repeat_block(body: list[Line], rng: random.Random) -> bool:
    """Copy a block of consecutive article lines to a later place; the copy is the noise."""
    if len(body) < 3:
        return False
    for _ in range(10):
        size = rng.randint(1, min(7, len(body) // 2))
        start = rng.randint(1, len(body) - size)
        block = body[start : start + size]
        words = sum(len(line.text.split()) for line in block)
        if words >= 8 and all(line.label == ARTICLE for line in block):
            end = start + size
            at = rng.choice([end, len(body), rng.randint(end, len(body))])
            body[at:at] = [Line(line.text, "repeated_block") for line in block]
            return True
    return False


@dataclass
class Doc:
    """A generated document: its lines, who published it and what was injected."""

    id: str
    site: Site
    origin: str
    lines: list[Line]
    clean: bool
    kinds: list[str]

    def render(self) -> tuple[str, list[list[Any]], list[list[Any]]]:
        """The text, the ``[start, end, label]`` of each line, and of each inline noise span."""
        spans: list[list[Any]] = []
        inline: list[list[Any]] = []
        offset = 0
        for line in self.lines:
            spans.append([offset, offset + len(line.text), line.label])
            if line.inline:
                inline.append([offset + line.inline[0], offset + line.inline[1], line.inline[2]])
            offset += len(line.text) + 1
        return "\n".join(line.text for line in self.lines), spans, inline


class Injector:
    """Puts the noise of one pool into articles, for one site at a time."""

    def __init__(self, rng: random.Random, pool: dict[str, Any], headlines: list[str]):
        self.rng, self.pool, self.headlines = rng, pool, headlines

    def noisy(self, article: SourceArticle, site: Site, with_boilerplate: bool) -> tuple[list[Line], list[str]]:
        """The article's lines with noise added, and the kinds that were added."""
        rng = self.rng
        slots = Slots(rng, site, self.pool, self.headlines)
        kinds = [k for k, p in PROBABILITY.items() if rng.random() < p]
        if not kinds and not (with_boilerplate and site.boilerplate):
            kinds = [rng.choice(list(PROBABILITY))]
        body = body_lines(article)
        if "repeated_block" in kinds and not repeat_block(body, rng):
            kinds.remove("repeated_block")
        head: list[Line] = []
        tail: list[list[Line]] = []
        for kind in kinds:
            self._place(kind, slots, head, body, tail)
        if with_boilerplate and site.boilerplate:
            kinds.append("site_boilerplate")
            lines = [Line(text, "site_boilerplate") for text in site.boilerplate]
            if site.boilerplate_at_top:
                head.extend(lines)
            else:
                tail.append(lines)
        rng.shuffle(tail)
        return head + body + [line for group in tail for line in group], kinds

    def _lines(self, kind: str, template: Template, slots: Slots, varied: bool = True) -> list[Line]:
        texts = fill(template, slots)
        if varied:
            texts = [vary(t, self.rng, self.pool["decorations"]) for t in texts]
        return [Line(t, kind) for t in texts]

    def _place(self, kind: str, slots: Slots, head: list[Line], body: list[Line], tail: list[list[Line]]) -> None:
        rng, house = self.rng, slots.site.house
        if kind == "crawler_header":
            head[0:0] = self._lines(kind, rng.choice(self.pool[kind]), slots, varied=False)
        elif kind == "error_page":
            for template in rng.sample(self.pool[kind], rng.choice([1, 1, 2])):
                head.extend(self._lines(kind, template, slots))
        elif kind == "navigation":
            lines = self._lines(kind, rng.choice(house[kind]), slots, varied=False)
            if rng.random() < 0.7:
                head.extend(lines)
            else:
                tail.append(lines)
        elif kind in {"read_more", "share_prompt"} and len(body) > 3 and rng.random() < 0.6:
            at = rng.randint(2, len(body) - 1)
            body[at:at] = self._lines(kind, rng.choice(house[kind]), slots)
        elif kind in {"read_more", "share_prompt", "comments_widget", "copyright"}:
            tail.append(self._lines(kind, rng.choice(house[kind]), slots))
        elif kind == "legal_disclaimer":
            lines = self._lines(kind, rng.choice(house["legal_disclaimer_body"]), slots, varied=False)
            if rng.random() < 0.8:
                lines[0:0] = self._lines(kind, rng.choice(house["legal_disclaimer_heading"]), slots)
            tail.append(lines)
        elif kind == "tracking_id":
            self._tracking_id(slots, body, tail)

    def _tracking_id(self, slots: Slots, body: list[Line], tail: list[list[Line]]) -> None:
        """Glue an id to the last paragraph (only the id is noise), or give it a line of its own."""
        last = body[-1]
        if last.label == ARTICLE and self.rng.random() < 0.5:
            token = fill(self.rng.choice(slots.site.house["tracking_id_inline"]), slots)[0]
            start = len(last.text) + len(sep := self.rng.choice(["", " "]))
            body[-1] = Line(last.text + sep + token, ARTICLE, (start, start + len(token), "tracking_id"))
        else:
            tail.append(self._lines("tracking_id", self.rng.choice(slots.site.house["tracking_id"]), slots, False))


def headlines_of(articles: list[SourceArticle]) -> list[str]:
    """Headline-like first lines (4 to 14 words) to fill "read more" links with."""
    firsts = [a.paragraphs[0].rstrip(".") for a in articles]
    return [h for h in firsts if 4 <= len(h.split()) <= 14] or ["Officials say more details are expected"]


def split_sizes(total: int, rng: random.Random) -> list[int]:
    """Site sizes in ``SITE_SIZE`` summing to ``total`` (the remainder joins the last site)."""
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(rng.randint(*SITE_SIZE))
    sizes[-1] -= sum(sizes) - total
    if len(sizes) > 1 and sizes[-1] < SITE_SIZE[0]:
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def generate(pool_name: str, seed: int, clean_share: float, max_docs: int | None = None) -> list[Doc]:
    """The documents of one pool, deterministic for a seed."""
    rng = random.Random(f"{seed}:{pool_name}")
    pool = POOLS[pool_name]
    articles = articles_for(pool_name)
    rng.shuffle(articles)
    articles = articles[:max_docs] if max_docs else articles
    n_clean = round(clean_share * len(articles))
    tidy = [a for a in articles if not any(is_source_noise(p) for p in a.paragraphs)]
    clean = set(a.origin for a in rng.sample(tidy, min(n_clean, len(tidy))))
    noisy = [a for a in articles if a.origin not in clean]
    sizes = split_sizes(len(noisy), rng)
    sites = make_sites(len(sizes), rng, pool)
    for site in sites:
        add_site_boilerplate(site, rng, pool)
    injector = Injector(rng, pool, headlines_of(articles))
    assert sum(sizes) == len(noisy), "site sizes must add up to the noisy documents"
    plan: list[tuple[SourceArticle, Site, str]] = []
    for site, size in zip(sites, sizes, strict=True):
        plan.extend((noisy.pop(), site, mode) for mode in boilerplate_modes(size, rng))
    plan.extend((a, rng.choice(sites), "clean") for a in articles if a.origin in clean)
    rng.shuffle(plan)
    return [_doc(i, pool_name, article, site, mode, injector) for i, (article, site, mode) in enumerate(plan)]


def boilerplate_modes(size: int, rng: random.Random) -> list[str]:
    """Which of a site's noisy documents carry its boilerplate ("site") and which do not ("noisy").

    Most do, and always at least ``SITE_MIN_DOCS``, so that corpus statistics have something to find.
    """
    modes = ["site" if i < SITE_MIN_DOCS or rng.random() < 0.92 else "noisy" for i in range(size)]
    rng.shuffle(modes)
    return modes


def _doc(i: int, pool: str, article: SourceArticle, site: Site, mode: str, injector: Injector) -> Doc:
    doc_id = f"{pool}-{i:05d}"
    if mode == "clean":
        return Doc(doc_id, site, article.origin, body_lines(article), True, [])
    lines, kinds = injector.noisy(article, site, with_boilerplate=mode == "site")
    return Doc(doc_id, site, article.origin, lines, False, kinds)


def write_pool(docs: list[Doc], pool: str, seed: int, out: Path) -> dict[str, Any]:
    """Write the text files, the JSONL and the ground truth of one pool; return its statistics."""
    shutil.rmtree(out / "txt", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    truth_docs = []
    with (out / "docs.jsonl").open("w", encoding="utf-8") as jsonl:
        for doc in docs:
            text, spans, inline = doc.render()
            path = out / "txt" / doc.site.domain / f"{doc.id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            jsonl.write(json.dumps({"id": doc.id, "text": text, "source": doc.site.domain}, ensure_ascii=False) + "\n")
            truth_docs.append(
                {
                    "id": doc.id,
                    "source": doc.site.domain,
                    "file": str(path.relative_to(out)),
                    "origin": doc.origin,
                    "clean": doc.clean,
                    "kinds": doc.kinds,
                    "lines": spans,
                    "inline": inline,
                }
            )
    truth = {
        "pool": pool,
        "seed": seed,
        "generator": generator_version(),
        "kinds": list(KINDS),
        "article_lines_like_noise": lookalikes(docs),
        "docs": truth_docs,
    }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False) + "\n", encoding="utf-8")
    return pool_stats(truth)


LOOKALIKES = {
    "under 5 words": lambda t: len(t.split()) < 5,
    "starts with 'Read'": lambda t: t.startswith("Read"),
    "mentions 'comment'": lambda t: "comment" in t.lower(),
    "starts with a quote": lambda t: t[:1] in "\"'\u201c\u2018",
    "mentions 'copyright' or 'rights'": lambda t: "copyright" in t.lower() or "rights" in t.lower(),
    "mentions 'share', 'follow' or 'subscribe'": lambda t: any(w in t.lower() for w in ("share", "follow", "subscri")),
}


def lookalikes(docs: list[Doc]) -> dict[str, int]:
    """How many real article lines look like noise in some way (kept as article: they are the trap)."""
    lines = [line.text for doc in docs for line in doc.lines if line.label == ARTICLE]
    return {name: sum(map(test, lines)) for name, test in LOOKALIKES.items()}


def generator_version() -> str:
    """A digest of the generator's code and wordings: a corpus made by other code is stale."""
    here = Path(__file__).parent
    digest = hashlib.sha1()
    for path in [here / name for name in ("noise.py", "_pools.py", "_sites.py", "_sources.py")] + sorted(
        here.glob("_pool_*.py")  # every pool of its own file (fresh2, fresh3, ...)
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def pool_stats(truth: dict[str, Any]) -> dict[str, Any]:
    """Counts of documents, sites and labelled units in a ground truth."""
    labels: Counter[str] = Counter()
    for doc in truth["docs"]:
        labels.update(label for _, _, label in doc["lines"])
        labels.update(f"{label} (inline)" for _, _, label in doc["inline"])
    return {
        "docs": len(truth["docs"]),
        "clean_docs": sum(d["clean"] for d in truth["docs"]),
        "sites": len({d["source"] for d in truth["docs"]}),
        "units": dict(sorted(labels.items())),
        "article_lines_like_noise": truth.get("article_lines_like_noise", {}),
    }


def pool_dir(out: Path, pool: str) -> Path:
    """Where a pool's corpus lives."""
    return out / pool


def main(argv: list[str] | None = None) -> None:
    """Generate the corpora of the chosen pools and print what they hold."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pool", choices=[*POOLS, "both", "all"], default="all", help="both = dev and test")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--clean-share", type=float, default=0.15, help="share of documents left without noise")
    parser.add_argument("--max-docs", type=int, default=None, help="at most this many documents per pool")
    parser.add_argument("--out", type=Path, default=OUT / "noise")
    args = parser.parse_args(argv)
    check_disjoint()
    stats = {}
    for pool in POOL_CHOICES.get(args.pool, [args.pool]):
        docs = generate(pool, args.seed, args.clean_share, args.max_docs)
        stats[pool] = write_pool(docs, pool, args.seed, pool_dir(args.out, pool))
        print(
            f"\n{pool} pool: {stats[pool]['docs']} documents ({stats[pool]['clean_docs']} clean), "
            f"{stats[pool]['sites']} sites -> {pool_dir(args.out, pool)}"
        )
        print(fmt_table(["label", "units"], [[k, v] for k, v in stats[pool]["units"].items()]))
        print(fmt_table(["article lines that look like noise", "lines"], list(map(list, lookalikes(docs).items()))))
    write_result("noise", {"seed": args.seed, "clean_share": args.clean_share, "pools": stats})


if __name__ == "__main__":
    main()
