"""Migrations, round trips through the store, the read API, the matcher."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import numpy as np
import pytest

from samestory import api, clean_text
from samestory.records import Fingerprint
from samestory.stages.match import candidate_params
from samestory.store import Matcher, Store, StoreError, knn
from samestory.store import matcher as matcher_module
from samestory.store.migrations import MIGRATIONS

SEEDS = Path("examples/seeds")


def test_a_new_store_records_every_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in MIGRATIONS]
    with Store.open(tmp_path / "s.duckdb") as store:  # opening again applies nothing twice
        assert store.con.execute("SELECT count(*) FROM schema_migrations").fetchall() == [(len(MIGRATIONS),)]


def test_a_store_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')")
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this samestory knows"):
            Store.open(path, read_only=read_only)


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_read_only_refuses_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a samestory store"):
        Store.open(path, read_only=True)


@pytest.mark.parametrize("name", ["articles.jsonl", "crawl.csv", "stories.parquet"])
def test_a_data_file_is_no_store(tmp_path: Path, name: str) -> None:
    """DuckDB opens an existing CSV, JSON or Parquet file as a database held in memory, the file a view in
    it: samestory add --store out/crawl.jsonl said its articles were added (exit 0) and kept none, and the
    next add said the same (with articles.jsonl, a traceback: a view is named articles). Refused, and the
    file left as it was, opened for writing or read-only."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / name
    if path.suffix == ".parquet":
        pq.write_table(pa.table({"story_id": ["s1"]}), path)
    else:
        path.write_text('{"id": "a", "text": "x"}\n' if path.suffix == ".jsonl" else "id,text\na,x\n")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=rf"{name}: not a store file .*Fix: .*--store"):
        Store.open(path)
    # Read-only (samestory stories, show, serve), DuckDB's own refusal named neither the file nor the fix
    # ("Cannot launch in-memory database in read-only mode"): the file's header is read first.
    with pytest.raises(StoreError, match=rf"{name}: not a store file .*Fix: .*--store"):
        Store.open(path, read_only=True)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_other_settings_are_refused(tmp_path: Path) -> None:
    from samestory.config import Config, MatchConfig

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([SEEDS / "000_d4a47ec4de73bb3b.txt"])
        with pytest.raises(StoreError, match="other"):
            store.add([SEEDS], Config(match=MatchConfig(story_linkage=0.9)))


def test_records_round_trip_exactly(tmp_path: Path) -> None:
    run = api.run([SEEDS])
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([SEEDS])
        ids = [a.id for a in run.articles]
        assert [a.to_dict() for a in store.articles(ids)] == [a.to_dict() for a in run.articles]
        pair = run.pairs[0]
        assert store.pair(pair.b, pair.a) == pair and store.pairs_of(pair.a) == [pair]
        story = run.stories[0]
        assert store.story(story.story_id) == story and store.story_of(ids[1]) == story.story_id
        assert store.article("nope") is None and store.story("nope") is None and store.pair("x", "y") is None


def test_story_list_filters(tmp_path: Path, batches: list[Path]) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        page, total = store.stories(limit=3)
        assert len(page) == 3 and total == store.counts()["stories"]
        assert [s.size for s in page] == sorted((s.size for s in page), reverse=True)
        member = store.story(page[0].story_id)
        assert member is not None
        word = (store.article(member.members[0]).text or "").split()[5]  # type: ignore[union-attr]
        found, _ = store.stories(search=word.upper(), limit=100)
        assert page[0].story_id in {s.story_id for s in found}
        assert store.stories(search="no such words anywhere")[1] == 0
        by_source, n = store.stories(source="pine.example", limit=1000)
        assert n > 0 and all("pine.example" in s.sources for s in by_source)
        dated, _ = store.stories(date_from="2026-03-05", date_to="2026-03-06", limit=1000)
        assert dated and all(s.last_date >= "2026-03-05" and s.first_date <= "2026-03-06" for s in dated)  # type: ignore[operator]


def test_search_finds_every_word_anywhere_not_only_the_phrase(tmp_path: Path) -> None:
    """``--search`` takes "words" (its help, and the server's): "rutte nato" finds the story whose members
    say "NATO Secretary General Mark Rutte", as "nato" and "rutte" each do; a word found nowhere, nothing."""
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([SEEDS])
        (story,), _ = store.stories(search="nato")
        for search in ("rutte nato", "  NATO   brussels ", "Mark Rutte", "seeds arctic"):
            assert store.stories(search=search) == ([story], 1), search
        assert store.stories(search="nato nosuchword") == ([], 0)


def test_search_takes_percent_and_underscore_as_characters(tmp_path: Path) -> None:
    """``--search 50%`` finds text with "50%" in it, not every text with "50" in it: LIKE's wildcards and
    its escape character are matched as themselves."""
    rows = [
        {"id": "pct", "text": "Turnout reached 50% in the capital, officials said on Sunday evening."},
        {"id": "plain", "text": "A storm left 50 fishing boats stranded off the northern coast on Monday."},
        {"id": "slash", "text": "The file sat under C:\\data\\votes on the electoral board's server."},
    ]
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([crawl])

        def found(search: str) -> list[str]:
            page, total = store.stories(search=search, limit=10)
            assert total == len(page)
            return sorted(m for s in page for m in store.story(s.story_id).members)  # type: ignore[union-attr]

        assert found("50") == ["pct", "plain"]
        assert found("50%") == ["pct"]
        assert found("%") == ["pct"]
        assert found("5_") == []
        assert found("c:\\data") == ["slash"]


@contextmanager
def _search_of(tmp_path: Path, rows: list[dict[str, str]]) -> Iterator[Callable[[str], list[str]]]:
    """A store of ``rows`` (one story each) and a search over it that gives the lead ids of the stories found."""
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([crawl])
        lead = {s.story_id: s.lead_id for s in store.stories()[0]}
        yield lambda search: sorted(lead[s.story_id] for s in store.stories(search=search)[0])


def test_story_search_is_a_literal_substring(tmp_path: Path) -> None:
    rows = [
        {"id": "pct", "source": "a_b", "text": "Harbour fees in the old town rose by 100% this year, the port said."},
        {"id": "num", "source": "ab", "text": "Bakers in the valley sold 1000 loaves at the autumn fair, they said."},
    ]
    with _search_of(tmp_path, rows) as found:
        assert found("100%") == ["pct"] and found("a_b") == ["pct"] and found("100") == ["num", "pct"]
        assert found("%") == ["pct"] and found("_") == ["pct"] and found("\\") == [] and found("1%0") == []


def test_matcher_gives_the_pairs_an_add_would_store(tmp_path: Path, batches: list[Path]) -> None:
    rows = [json.loads(line) for b in batches for line in b.read_text().splitlines()]
    story = [r["id"].split("/")[1].split("-")[0] for r in rows]
    newcomer = next(r for r, n in zip(rows, story, strict=True) if r["id"].endswith("-base") and story.count(n) > 2)
    rest = tmp_path / "rest.jsonl"
    rest.write_text("".join(json.dumps(r) + "\n" for r in rows if r is not newcomer))
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(newcomer) + "\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([rest])
        stored = {a.id: a for a in store.iter_articles()}
        store.add([one])
        article = store.article(newcomer["id"])
        expected = store.pairs_of(newcomer["id"])
        changed = [i for i, a in stored.items() if store.article(i) != a]
    assert article is not None and expected, "the newcomer must relate to stored articles"
    assert not changed, "pick a newcomer that changes no stored article's cleaning"
    with Store.open(tmp_path / "t.duckdb") as store:
        store.add([rest])
        assert store.matcher().match(article) == expected
        preloaded = store.matcher()
        assert preloaded.preload() == store.counts()["matchable"] == len(preloaded.views)
        assert preloaded.match(article) == expected


def test_matcher_on_seeds(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([SEEDS / "000_d4a47ec4de73bb3b.txt"])
        copy = clean_text((SEEDS / "001_fdedb239be57391e.txt").read_text(), id="posted")
        pairs = store.matcher().match(copy)
        assert [(p.relation, p.b) for p in pairs] == [("rewrite", "seeds/000_d4a47ec4de73bb3b.txt")]
        assert store.counts()["articles"] == 1  # matching stores nothing
        store.add_articles([copy])
        assert store.counts()["articles"] == 2 and store.pairs_of("posted") and store.check() == []


def test_articles_are_indexed_by_id(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        found = store.con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'articles'").fetchall()
        assert ("articles_id",) in found
        store.add([SEEDS])
        store.add([SEEDS / "000_d4a47ec4de73bb3b.txt"])  # delete + insert of an indexed id in one transaction
        assert store.check() == [] and store.counts()["articles"] == 2


def _reference_embedding(matcher: Matcher, fp: Fingerprint) -> set[str]:
    """The lead-neighbour rule written plainly (what the matcher computes with arrays)."""
    from samestory.store.knn import best

    p = candidate_params(matcher.config.match)
    sims = matcher.leads @ np.asarray(fp.lead, np.float32)
    near = [(float(s), f.id) for s, f in zip(sims.tolist(), matcher.fps, strict=True) if s >= p.min_lead_cosine]
    near = [(float(np.float32(s)), i) for s, i in near if i != fp.id]
    out = {x for _, x in best(near, p.neighbours)}
    for sim, other in near:
        row = matcher.lists.get(other, [])
        if len(row) < p.neighbours or (-sim, fp.id) < (-row[-1][0], row[-1][1]):
            out.add(other)
    return out


@pytest.mark.parametrize("filtered", [False, True])
def test_matcher_lead_neighbours_follow_the_rule(
    tmp_path: Path, batches: list[Path], filtered: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With and without the lead filter a large store uses (forced here on a small one, few dimensions)."""
    if filtered:
        monkeypatch.setattr(matcher_module, "FILTER_MIN_ROWS", 0)
        monkeypatch.setattr(knn, "FILTER_DIMS", 8)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        matcher = store.matcher()
        assert (matcher._lead_filter is not None) == filtered
        p = candidate_params(matcher.config.match)
        checked = 0
        for fp in matcher.fps:
            for new_id in (fp.id + "~", "", "~"):  # ids sorting after, before and after every stored id
                query = Fingerprint(new_id, fp.signature, fp.lead, fp.quotes, fp.ngrams)
                got = matcher._embedding(query, p)
                assert got == _reference_embedding(matcher, query)
                checked += bool(got)
        assert checked > len(matcher.fps)  # most queries have lead neighbours


def test_matcher_runs_from_threads_and_keeps_views(tmp_path: Path, batches: list[Path]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        queries = [clean_text(a.original, id="q/" + a.id) for a in store.iter_articles() if a.matchable][:24]
        serial = [store.matcher().match(q, include_unrelated=True) for q in queries]
        assert sum(map(len, serial)) > len(queries)
        matcher = store.matcher()
        with ThreadPoolExecutor(4) as pool:
            assert list(pool.map(lambda q: matcher.match(q, include_unrelated=True), queries)) == serial
        read: list[str] = []
        original = matcher._read_articles
        matcher._read_articles = lambda ids: read.extend(ids) or original(ids)  # type: ignore[method-assign]
        assert [matcher.match(q, include_unrelated=True) for q in queries] == serial
        assert read == []  # every stored article a query needs was kept with its view
        matcher.view_cache = 3
        matcher._keep({})
        assert len(matcher.views) == 3
        assert [matcher.match(q, include_unrelated=True) for q in queries] == serial and read


def _reference_minhash(matcher: Matcher, fp: Fingerprint, max_bucket: int) -> set[str]:
    """The LSH bucket rule written plainly: every stored article sharing a band key, sorted with the query;
    a bucket over ``max_bucket`` links only the query's id neighbours."""
    from samestory.core.lsh import band_hashes

    keys = band_hashes(fp.signature[None, :], *matcher.bands)[0]
    stored = band_hashes(np.stack([f.signature for f in matcher.fps]), *matcher.bands)
    out: set[str] = set()
    for band, key in enumerate(keys.tolist()):
        bucket = sorted(
            {*(f.id for f, k in zip(matcher.fps, stored[:, band].tolist(), strict=True) if k == key), fp.id}
        )
        at = bucket.index(fp.id)
        out.update(bucket if len(bucket) <= max_bucket else bucket[max(0, at - 1) : at + 2])
    return out


@pytest.mark.parametrize("max_bucket", [2, 3, 50])
def test_matcher_lsh_buckets_follow_the_rule(tmp_path: Path, batches: list[Path], max_bucket: int) -> None:
    from dataclasses import replace

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        matcher = store.matcher()
        p = replace(candidate_params(matcher.config.match), max_bucket=max_bucket)
        chained = 0
        for fp in matcher.fps:
            for new_id in (fp.id, fp.id + "~", "", "~"):  # the stored id itself, and ids around every stored id
                query = Fingerprint(new_id, fp.signature, fp.lead, fp.quotes, fp.ngrams)
                got = matcher._minhash(query, p)
                assert got == _reference_minhash(matcher, query, max_bucket)
                chained += len(got) <= 3
        assert chained or max_bucket > 3


def test_a_quoted_phrase_is_searched_as_one_term(tmp_path: Path) -> None:
    """``--search '"Tara Reid"'`` matched nothing: the quote marks were searched as characters. A phrase in
    double quotes is now one term (its words in that order), the other words each anywhere."""
    rows = [
        {"id": "name", "text": "The actress Tara Reid entered a rehab clinic in Malibu on Monday, her agent said."},
        {"id": "apart", "text": "Harry Reid visited the Tara mine near Navan, where zinc output fell by a third."},
    ]
    with _search_of(tmp_path, rows) as found:
        assert found("Tara Reid") == ["apart", "name"]
        assert found('"Tara Reid"') == found("\u201ctara reid\u201d") == ["name"]
        assert found('"Tara Reid" Malibu') == ["name"] and found('"Tara Reid" zinc') == []
