"""The local executor: same results for any worker count and input order; corpus statistics work."""

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from samestory import clean, clean_text
from samestory.config import Config
from samestory.executors import local
from samestory.executors.local import CHUNK_RECORDS, SHARD_FILES, LocalExecutor
from samestory.io.writers import json_line
from samestory.records import Article

STORY = [
    "Officials in {city} said on Monday that the river had risen {n} metres overnight.",
    "Residents of {n} streets were moved to schools, the mayor's office said in a statement.",
    '"We have never seen water this high," said Anna {name}, who has lived there for {n} years.',
    "Forecasters expect more rain on Wednesday, when the level may rise by another {n} centimetres.",
]
CITIES = ["Dresden", "Passau", "Linz", "Melk", "Krems", "Tulln", "Vienna", "Bratislava", "Gyor", "Komarom"]


# The site's own line, in words no rule knows (an app prompt, which this once was, is now a rule's), so
# that only corpus statistics can find it.
FOOTER = "Daily Courier reporters cover the river towns from Passau to Vienna"


def make_corpus(root: Path, n_docs: int, site_footer: str = FOOTER) -> None:
    """Text dumps from two sites; the first site ends each article with its own footer line."""
    rng = random.Random(7)
    for i in range(n_docs):
        site = "courier" if i % 2 == 0 else "herald"
        city = CITIES[i % len(CITIES)]
        body = [line.format(city=city, n=rng.randint(2, 90), name=f"Name{i}") for line in STORY]
        lines = [f"Flood Waters Rise in {city} Number {i}", *body]
        if site == "courier":
            lines.append(site_footer)
        (root / site).mkdir(parents=True, exist_ok=True)
        (root / site / f"{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")


def dump(articles: list) -> list[dict]:
    return [a.to_dict() for a in articles]


def test_corpus_boilerplate_is_removed_per_source(tmp_path: Path) -> None:
    make_corpus(tmp_path, 12)
    articles = list(clean([tmp_path]))
    courier = [a for a in articles if "/courier/" in a.id]
    assert len(courier) == 6
    for a in courier:
        reasons = [r.reason for r in a.removed]
        assert reasons == ["corpus_boilerplate"], reasons
        assert "6 documents of source" in a.removed[0].evidence
        assert all("Daily Courier" not in p for p in a.paragraphs)
    # Off by flag: the promo stays.
    plain = list(clean([tmp_path], corpus_stats=False))
    assert all(not a.removed for a in plain)


def test_verbatim_copies_are_not_boilerplate(tmp_path: Path) -> None:
    make_corpus(tmp_path, 2)
    src = tmp_path / "courier" / "0000.txt"
    for k in range(6):
        shutil.copy(src, tmp_path / "courier" / f"copy{k}.txt")
    articles = list(clean([tmp_path / "courier"]))
    copies = [a for a in articles if "copy" in a.id]
    # Seven copies of one text count as one document, so nothing in them is corpus boilerplate.
    assert all(not a.removed for a in copies)


@pytest.mark.parametrize("corpus_stats", [True, False])
def test_workers_and_order_do_not_change_results(tmp_path: Path, corpus_stats: bool) -> None:
    n = SHARD_FILES * 2 + 5  # more than one shard, so the pool really runs
    make_corpus(tmp_path / "a", n)
    one = dump(list(LocalExecutor(workers=1).clean([tmp_path / "a"], Config(), corpus_stats=corpus_stats)))
    two = dump(list(LocalExecutor(workers=2).clean([tmp_path / "a"], Config(), corpus_stats=corpus_stats)))
    assert one == two
    # The same files named one by one, in two different orders: the same article for every id.
    files = sorted((tmp_path / "a").rglob("*.txt"))
    shuffled = files[:]
    random.Random(1).shuffle(shuffled)
    runs = [
        dump(list(LocalExecutor(workers=w).clean(fs, Config(), corpus_stats=corpus_stats)))
        for w, fs in ((1, files), (2, shuffled))
    ]
    assert len(runs[0]) == len(runs[1]) == n
    assert sorted(runs[0], key=lambda d: d["id"]) == sorted(runs[1], key=lambda d: d["id"])


def test_summary_accounts_for_every_input(tmp_path: Path) -> None:
    make_corpus(tmp_path, 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / ".hidden").write_text("x")
    ex = LocalExecutor()
    articles = list(ex.clean([tmp_path, tmp_path / "missing.txt"], Config()))
    s = ex.summary
    assert s.records == len(articles) == 7
    assert s.articles == 4
    assert dict(s.failed) == {"binary": 1, "empty": 1, "unreadable": 1}
    assert s.skipped["hidden"] == 1
    assert s.partial_failure


def test_a_story_republished_by_one_site_is_not_boilerplate(tmp_path: Path) -> None:
    """Four versions of one story from one source repeat its paragraphs; they are copies, not a footer."""
    make_corpus(tmp_path, 60)  # 30 courier articles with their promo line, 30 herald articles
    paragraph = " ".join(f"word{k}" for k in range(40)) + "."
    for k in range(4):
        own = [f"Line {m} written only for version {k} of the story, long enough to outweigh it." for m in range(4)]
        lines = [f"Republished Story Version {k}", paragraph, *own]
        (tmp_path / "courier" / f"repub{k}.txt").write_text("\n".join(lines), encoding="utf-8")
    articles = {a.id.split("/")[-1]: a for a in clean([tmp_path])}
    for k in range(4):
        assert paragraph in articles[f"repub{k}.txt"].paragraphs
    promo = [a for name, a in articles.items() if name.startswith("0")]
    assert any(r.reason == "corpus_boilerplate" for a in promo for r in a.removed)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("corpus_stats", [True, False])
def test_clean_jsonl_is_clean_encoded(tmp_path: Path, workers: int, corpus_stats: bool) -> None:
    """The JSON Lines the workers encode are the articles' lines, in order, and counted alike."""
    make_corpus(tmp_path, 2 * SHARD_FILES + 5)
    (tmp_path / "empty.txt").write_bytes(b"")
    paths = [tmp_path, tmp_path / "missing.txt"]
    reference = LocalExecutor(workers=1)
    articles = list(reference.clean(paths, Config(), corpus_stats=corpus_stats))
    ex = LocalExecutor(workers=workers)
    chunks = list(ex.clean_jsonl(paths, Config(), corpus_stats=corpus_stats))
    assert "".join(c.text for c in chunks) == "".join(json_line(a.to_dict()) for a in articles)
    assert sum(c.count for c in chunks) == len(articles)
    assert ex.summary.to_dict() == reference.summary.to_dict()
    assert len(ex.summary.failures) == 2  # the missing path and the empty file, in the same order


def test_summary_merge_adds_counts_and_keeps_failure_order() -> None:
    from samestory.executors.summary import RunSummary
    from samestory.records import Article, InputFailure, Removal

    def summary_of(*articles: Article) -> RunSummary:
        s = RunSummary()
        for a in articles:
            s.add_article(a)
        return s

    ok = Article(id="a", input="a", format="text", original="abc", paragraphs=["ab"], flags=["soft_error"],
                 removed=[Removal("advert", 2, 3, "c")])  # fmt: skip
    bad = [Article(id=n, input=n, format="text", original="", error=InputFailure("empty", n)) for n in "xy"]
    merged = summary_of(ok, bad[0])
    merged.merge(summary_of(ok, bad[1]))
    assert merged.to_dict() == summary_of(ok, bad[0], ok, bad[1]).to_dict()


def test_a_widget_with_each_site_s_name_is_one_template(tmp_path: Path) -> None:
    """The same widget on many sites, each with its own name in it: masked, the names make one template."""
    sites = {
        "eastcourier.example": "East Courier",
        "bayherald.example": "Bay Herald",
        "hilltimes.example": "Hill Times",
    }
    rows = []
    for i in range(9):  # three documents a site: too few for the line to count in its own source
        domain, name = list(sites.items())[i % 3]
        city = CITIES[i % len(CITIES)]
        body = [  # long lines (never templates), each document's own
            f"Officials in {city} said on Monday that the river had risen {i + 2} metres overnight, the highest "
            "level recorded since the town began keeping records of its floods.",
            f"Residents of {i + 3} streets were moved to schools and sports halls, and the mayor's office said it "
            "would decide on Tuesday whether they could return to their homes.",
        ]
        text = "\n".join([f"{city} River Rises Again", *body, f"Hear {name} every morning on Mastodon"])
        rows.append({"id": f"doc{i}", "text": text, "source": domain})
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json_line(r) + "\n" for r in rows), encoding="utf-8")
    for article in clean([path]):
        assert [r.reason for r in article.removed] == ["corpus_boilerplate"], article.removed
        assert "template 'hear @site every morning on mastodon' in 9 documents of 3 sources" in (
            article.removed[0].evidence
        )
    # Alone, the line is no widget anyone knows: kept.
    assert not clean_text(rows[0]["text"]).removed


def test_a_link_label_recurring_across_sites_is_boilerplate(tmp_path: Path) -> None:
    """'Elsewhere on <site> - <headline>': the headline differs on every page, the label recurs."""
    sites = {
        "eastcourier.example": "East Courier",
        "bayherald.example": "Bay Herald",
        "hilltimes.example": "Hill Times",
    }
    heads = ["Storm closes ten schools", "Mayor opens the new bridge", "Rail strike called off at last"]
    rows = []
    for i in range(9):
        domain, name = list(sites.items())[i % 3]
        city = CITIES[i % len(CITIES)]
        body = [
            f"Officials in {city} said on Monday that the river had risen {i + 2} metres overnight, the highest "
            "level recorded since the town began keeping records of its floods.",
            f"Elsewhere on {name} \u2014 {heads[i // 3]} in {city}",
            f"Residents of {i + 3} streets were moved to schools and sports halls, and the mayor's office said it "
            "would decide on Tuesday whether they could return to their homes.",
        ]
        rows.append({"id": f"doc{i}", "text": "\n".join([f"{city} River Rises Again", *body]), "source": domain})
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json_line(r) for r in rows), encoding="utf-8")
    for article in clean([path]):
        assert [r.reason for r in article.removed] == ["corpus_boilerplate"], article.removed
        assert article.removed[0].text.startswith("Elsewhere on ")
        assert article.removed[0].evidence == "link label 'elsewhere on @site' in 9 documents of 3 sources"


def _clean_spill_noting_pid(*args: object) -> local.Cleaned:
    """:func:`local._clean_spill` that leaves its process id in the folder ``PID_DIR`` names."""
    (Path(os.environ["PID_DIR"]) / str(os.getpid())).touch()
    return _CLEAN_SPILL(*args)  # type: ignore[arg-type]


_CLEAN_SPILL = local._clean_spill


def test_few_large_files_are_cleaned_by_every_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two JSON Lines files make one shard; pass 2 still spreads their records over both workers, in chunks
    of CHUNK_RECORDS, and the articles are those of one process."""
    make_corpus(tmp_path / "txt", 3 * CHUNK_RECORDS)
    files = sorted((tmp_path / "txt").rglob("*.txt"))
    for half, name in ((files[::2], "a.jsonl"), (files[1::2], "b.jsonl")):
        lines = (json.dumps({"text": f.read_text(), "source": f.parent.name}) for f in half)
        (tmp_path / name).write_text("\n".join(lines), encoding="utf-8")
    jsonl = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    one = dump(list(LocalExecutor(workers=1).clean(jsonl, Config())))
    (tmp_path / "pids").mkdir()
    monkeypatch.setenv("PID_DIR", str(tmp_path / "pids"))
    monkeypatch.setattr(local, "_clean_spill", _clean_spill_noting_pid)
    two = dump(list(LocalExecutor(workers=2).clean(jsonl, Config())))
    assert one == two and len(one) == 3 * CHUNK_RECORDS
    assert any(r["reason"] == "corpus_boilerplate" for d in one for r in d["removed"])
    assert len(list((tmp_path / "pids").iterdir())) == 2  # both workers cleaned chunks


def _ids(articles: list[Article]) -> list[str]:
    return [a.id for a in articles]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("corpus_stats", [True, False])
def test_clean_prepared_is_clean_with_each_chunk_prepared(tmp_path: Path, workers: int, corpus_stats: bool) -> None:
    """Each chunk comes with what ``prepare`` made of it; the chunks' articles are clean's, in order."""
    make_corpus(tmp_path, 2 * SHARD_FILES + 5)
    paths = [tmp_path, tmp_path / "missing.txt"]
    reference = LocalExecutor(workers=1)
    articles = list(reference.clean(paths, Config(), corpus_stats=corpus_stats))
    ex = LocalExecutor(workers=workers)
    chunks = list(ex.clean_prepared(paths, Config(), _ids, corpus_stats=corpus_stats))
    assert [a.to_dict() for c in chunks for a in c.articles] == [a.to_dict() for a in articles]
    assert all(c.extra == _ids(c.articles) for c in chunks)
    assert ex.summary.to_dict() == reference.summary.to_dict()
