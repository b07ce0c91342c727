"""``add``: new records in, the store updated as if one run had seen everything stored so far.

Equivalence with a run over the union, step by step:

1. corpus statistics are merged over every stored record's line rows (:mod:`samestory.store.corpus`); the
   new records are cleaned with them, and stored articles whose boilerplate decisions changed are cleaned
   again from their kept input record;
2. fingerprints are computed per article (no step of fingerprinting looks at other articles);
3. candidates: MinHash LSH buckets, shared quotes and rare n-grams are decided again only for the pairs
   of the keys the add changed (:mod:`samestory.store.keys`); the lead-embedding neighbours, quadratic,
   are kept up to date per article (:mod:`samestory.store.knn`);
4. a pair's verification depends only on its two articles (``Verifier.verify`` reads the two articles and
   their lead embeddings, ``compare_views`` nothing else), so a stored verification stays valid while both
   articles keep their version; only the other candidates are verified, and stored pairs that are no
   longer candidates are dropped;
5. stories are clustered again only in the components of the pair graph that the add touched
   (:mod:`samestory.store.stories`).

What decides a store's content besides its settings, the rules and data shipped with samestory, is recorded
too (:func:`data_digests`): when the cleaning rules changed since the last add (a new samestory), the add
first cleans every stored article again (:mod:`samestory.store.reclean`), so that the store holds what a run
with these rules gives; matching
data (paraphrase model, static embedding model) that changed makes the add refuse, as other settings do,
since every stored verification would be stale.

Crash safety: everything an add writes is written in one DuckDB transaction, so a killed add leaves the
store as it was before, and running it again does the whole add. The one exception is the re-clean after
new cleaning rules, done first, a chunk per transaction, and resumed by the next add
(:mod:`samestory.store.reclean`).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import xxhash

from samestory.config import Config, MatchConfig
from samestory.core.clean import CLEAN_VERSION
from samestory.core.columns import Columns
from samestory.core.embed import Embedder, load_embedder
from samestory.core.relation import RELATION_VERSION
from samestory.executors.progress import Progress
from samestory.records import Article, Candidate, Fingerprint, Pair, RawRecord, shared_ids
from samestory.stages.candidates import CandidateParams
from samestory.stages.clean import CorpusLines, records_rows
from samestory.stages.fingerprint import FINGERPRINT_VERSION
from samestory.stages.match import Mapper, candidate_params, fingerprint_matchable, serial, verify_candidates
from samestory.stages.match import _fingerprints as fingerprints_on  # the run's own chunking
from samestory.store import reclean, rows, views
from samestory.store.corpus import ChunkTask, Dep, clean_chunk, load_stats, stale_articles
from samestory.store.errors import StoreError
from samestory.store.keys import evaluate, replace_keys
from samestory.store.knn import FreshScan, Row, neighbour_pairs, scan_fresh, update_neighbours
from samestory.store.sql import first, select_ids
from samestory.store.stories import recluster

#: The shipped data each part of the pipeline reads (under ``samestory/data``), by the ``meta`` key that
#: records its digest in a store.
DATA_FILES = {
    "clean_rules": ("boilerplate.toml", "agencies.toml", "linemodel.json", "months.json"),
    "match_data": ("paraphrase.toml", "models"),
}
#: Versions of code whose output a store keeps, by the same ``meta`` key: cleaned articles are stored, and a
#: fingerprint's keys (``cand_keys``) and verified pairs with their relations, so other cleaning code makes
#: the store clean again as other rules do, and other fingerprint or relation code makes it refuse an add as
#: other matching data does.
CODE_VERSIONS = {
    "clean_rules": f"clean {CLEAN_VERSION}",
    "match_data": f"fingerprint {FINGERPRINT_VERSION}, relation {RELATION_VERSION}",
}


def _files(item: Traversable) -> list[Traversable]:
    if item.is_file():
        return [item]
    return [f for child in sorted(item.iterdir(), key=lambda c: c.name) for f in _files(child)]


def data_digests() -> dict[str, str]:
    """A digest of each group of :data:`DATA_FILES` with the group's :data:`CODE_VERSIONS`: what a store
    records so that it notices an upgrade that changes what it keeps. The release number is not in it: a
    release that changes neither (a fix to the server, say) leaves every store as it is, where with the
    number in the digest a store was cleaned again and then refused (other matching data) by any upgrade."""
    root = resources.files("samestory").joinpath("data")
    out = {}
    for key, names in DATA_FILES.items():
        h = xxhash.xxh3_128(CODE_VERSIONS.get(key, "").encode())
        for f in (f for name in names for f in _files(root.joinpath(name))):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        out[key] = h.hexdigest()
    return out


#: Records per cleaning task handed to the workers.
CLEAN_CHUNK = 256
#: Environment variable naming a phase at which ``add`` stops and waits (for crash tests): it prints
#: ``samestory-pause PHASE`` on stderr and sleeps, so a test can kill the process at a known point.
PAUSE_ENV = "SAMESTORY_STORE_PAUSE"


@dataclass(slots=True)
class AddResult:
    """What one add did; ``timings`` are seconds per phase."""

    #: Files the add read (:meth:`Store.add`), and inputs it skipped on purpose by reason (hidden, symlink,
    #: named_twice, warc_request ...: :class:`~samestory.io.ReadStats`).
    files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    read: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    #: Records stored before, read now from another path and the same otherwise (a crawl moved, a folder
    #: given another way): only their provenance was updated (see :meth:`Adder._move`).
    moved: int = 0
    errors: int = 0  # records of this add that could not be read (see ``failures``)
    #: Of those, records whose id names a stored article that was read fine: it stays as it was (a file
    #: unreadable for a moment, or read with a lower size limit, does not wipe out what was stored).
    kept: int = 0
    recleaned: int = 0
    candidates: int = 0  # candidate pairs in the store after the add, unrelated ones too (as articles, pairs, stories)
    verified: int = 0
    #: Views of verified articles built from kept sentence embeddings (store/views.py).
    reused_views: int = 0
    dropped_pairs: int = 0
    articles: int = 0
    pairs: int = 0
    stories: int = 0
    #: Ids given to several records of this add, with the records' inputs: none of them was added (see
    #: :meth:`Adder._new_records`).
    duplicate_ids: dict[str, list[str]] = field(default_factory=dict)
    #: Why each record of this add that could not be read failed (naming the input and the fix), stored
    #: before or not: ``errors`` counts them.
    failures: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


def pause(phase: str) -> None:
    """The crash-test hook (see :data:`PAUSE_ENV`)."""
    if os.environ.get(PAUSE_ENV) == phase:
        print(f"samestory-pause {phase}", file=sys.stderr, flush=True)
        time.sleep(3600)


class _Clock:
    def __init__(self, result: AddResult, prefix: str = "") -> None:
        self.result, self.last, self.prefix = result, time.perf_counter(), prefix

    def lap(self, phase: str) -> None:
        phase = self.prefix + phase
        now = time.perf_counter()
        self.result.timings[phase] = round(self.result.timings.get(phase, 0.0) + now - self.last, 3)
        self.last = now
        pause(phase)


def insert(
    con: duckdb.DuckDBPyConnection, table: str, records: list[dict[str, Any]], schema: pa.Schema | None = None
) -> None:
    """Insert dict rows through Arrow (one statement, not one per row)."""
    if not records:
        return
    data = pa.Table.from_pylist(records, schema=schema)
    con.register("_insert_view", data)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _insert_view")
    con.unregister("_insert_view")


def delete_ids(con: duckdb.DuckDBPyConnection, table: str, column: str, ids: Iterable[str]) -> None:
    keys = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
    if not len(keys):
        return
    con.register("_delete_ids", keys)
    con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM _delete_ids)")
    con.unregister("_delete_ids")


_LINE_SCHEMA = pa.schema([("article_id", pa.string()), ("line_id", pa.uint64()), ("doc_id", pa.uint64()),
                          ("group_id", pa.uint64())])  # fmt: skip
_FP_SCHEMA = pa.schema([("article_id", pa.string()), ("version", pa.string()), ("signature", pa.binary()),
                        ("lead", pa.binary()), ("quotes", pa.list_(pa.uint64())), ("ngrams", pa.binary())])  # fmt: skip
_DEP_SCHEMA = pa.schema([("article_id", pa.string()), ("kind", pa.int8()), ("dep_id", pa.uint64()),
                         ("group_id", pa.uint64()), ("long", pa.bool_()), ("decided", pa.bool_())])  # fmt: skip


def _insert_line_rows(
    con: duckdb.DuckDBPyConnection, raws: Sequence[RawRecord], mapper: Mapper = serial
) -> dict[str, CorpusLines]:
    """Store the records' line rows (pass 1 of corpus statistics, in chunks on ``mapper``: in this process
    it kept the workers idle for about 3 s of a 10,000-article add); return what pass 1 found of each
    record's lines, which cleaning takes instead of computing it again (``clean_record(corpus_lines=)``)."""
    ids, parts, found = [], [], {}
    chunks = [list(raws[i : i + CLEAN_CHUNK]) for i in range(0, len(raws), CLEAN_CHUNK)]
    for chunk, results in zip(chunks, mapper(records_rows, chunks), strict=True):
        for raw, result in zip(chunk, results, strict=True):
            if result is not None:
                found[raw.id], part = result
                ids.extend([raw.id] * len(part))
                parts.append(part)
    if not parts:
        return found
    block = np.concatenate(parts)
    table = pa.table([pa.array(ids, pa.string()), *(pa.array(block[:, i]) for i in range(3))], schema=_LINE_SCHEMA)
    con.register("_lines", table)
    con.execute("INSERT INTO line_rows SELECT * FROM _lines")
    con.unregister("_lines")
    return found


def _insert_deps(con: duckdb.DuckDBPyConnection, deps: dict[str, list[Dep]]) -> None:
    cols: list[list[Any]] = [[], [], [], [], [], []]
    for article_id, items in deps.items():
        for dep in items:
            cols[0].append(article_id)
            for i, value in enumerate(dep):
                cols[i + 1].append(value)
    table = pa.table([pa.array(c, f.type) for c, f in zip(cols, _DEP_SCHEMA, strict=True)], schema=_DEP_SCHEMA)
    con.register("_deps", table)
    con.execute("INSERT INTO clean_deps SELECT * FROM _deps")
    con.unregister("_deps")


@dataclass
class Adder:
    """One add, phase by phase (the module docstring gives the design)."""

    con: duckdb.DuckDBPyConnection
    config: Config
    mapper: Mapper = serial
    #: Whether the mapper's workers start with this process's memory (see ``stages.match.verify_candidates``).
    shared_memory: bool | None = None
    embedder: Embedder | None = None
    result: AddResult = field(default_factory=AddResult)
    #: Show a re-clean's progress on stderr (rich).
    progress: bool = False
    #: Stored articles per transaction of a re-clean (:data:`samestory.store.reclean.CHUNK`).
    reclean_chunk: int = field(default_factory=reclean.chunk_size)

    def run(self, records: Sequence[RawRecord]) -> AddResult:
        self._check_config()
        if self._reclean is not None:  # other cleaning rules: every stored article first, chunk by chunk
            start = time.perf_counter()
            with _no_cyclic_gc(), reclean.bounded_duckdb(self.con):
                self._reclean_store(self._reclean)
            self.result.timings["reclean"] = round(time.perf_counter() - start, 3)
        clock = _Clock(self.result)
        batch = self._new_records(records)
        clock.lap("read")
        if not batch and not self._moved:
            return self._totals()
        with self._transaction():
            # Provenance first: a moved article that the batch's corpus statistics make stale is cleaned
            # again from its record as read now.
            self._move(self._moved)
            with _no_cyclic_gc(), self._adding_up():
                if batch:
                    self._apply(batch, clock)
            self._totals()
            pause("commit")
        clock.lap("commit")
        return self.result

    def _check_config(self) -> None:
        """A store is built with one configuration: pairs verified with other thresholds would not be what
        a run gives. The first add records it; later adds must use the same. The same holds for the shipped
        matching data; changed cleaning rules (or a re-clean left unfinished) make this add clean every
        stored article again first (:mod:`samestory.store.reclean`)."""
        wanted = rows.dumps(asdict(self.config.clean) | {"match": asdict(self.config.match)})
        row = first(self.con, "SELECT value FROM meta WHERE key = 'config'")
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('config', ?)", [wanted])
        elif row[0] != wanted:
            raise StoreError(
                "the store was built with other [clean] or [match] settings than these; "
                "Fix: add with the --config the store was built with, or use a new --store file"
            )
        self._digests = data_digests()
        recorded = dict(
            self.con.execute("SELECT key, value FROM meta WHERE list_contains(?, key)", [list(DATA_FILES)]).fetchall()
        )
        if recorded.get("match_data", self._digests["match_data"]) != self._digests["match_data"]:
            raise StoreError(
                "the store's pairs were verified with other matching data (paraphrase or embedding model) than "
                "this samestory ships; Fix: build a new store (samestory add INPUT... --store NEW) from the inputs"
            )
        # A store from before the rules were recorded is taken to be built with these rules.
        rules = recorded.get("clean_rules", self._digests["clean_rules"])
        self._reclean: reclean.RecleanState | None = None
        if rules != self._digests["clean_rules"]:
            state = reclean.load(self.con)
            # Go on with a re-clean towards these rules; any other (older rules since, or other target) anew.
            fresh = state is None or rules != reclean.MIXED or state.rules != self._digests["clean_rules"]
            self._reclean = None if fresh else state
            if fresh:
                with self._transaction():
                    self._reclean = reclean.start(self.con, self._digests["clean_rules"])

    def _record_digests(self) -> None:
        """Inside the add's transaction: the rules the store now holds the results of."""
        self.con.execute("DELETE FROM meta WHERE list_contains(?, key)", [list(DATA_FILES)])
        self.con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(self._digests.items()))

    def _reclean_store(self, state: reclean.RecleanState) -> None:
        """Clean every stored article again with these rules, a chunk at a time, each chunk committed with
        the progress (:mod:`samestory.store.reclean`); the last commit records these rules."""
        size = self.reclean_chunk
        with Progress(self.progress, state.total, "re-clean: lines") as bar:
            bar.advance(state.done if state.step == "lines" else state.total)
            while state.step == "lines" and (ids := reclean.next_chunk(self.con, state.after, size)):
                with self._transaction():
                    clock = _Clock(self.result, prefix="reclean.")
                    raws = self._stored_raws(ids)
                    delete_ids(self.con, "line_rows", "article_id", ids)
                    _insert_line_rows(self.con, list(raws.values()), self.mapper)
                    state.after, state.done = ids[-1], state.done + len(ids)
                    reclean.save(self.con, state)
                    clock.lap("lines")
                bar.advance(len(ids))
        if state.step == "lines":
            state.step, state.after, state.done = "articles", "", 0
        stats = load_stats(self.con, self.config.clean)  # line rows do not change from here on
        with Progress(self.progress, state.total, "re-clean: articles") as bar:
            bar.advance(state.done)
            while ids := reclean.next_chunk(self.con, state.after, size):
                with self._transaction(), self._adding_up("reclean.") as part:
                    self._reclean_chunk(ids, stats, _Clock(part, prefix="reclean."))
                    state.after, state.done = ids[-1], state.done + len(ids)
                    reclean.save(self.con, state)
                    pause("reclean.commit")
                bar.advance(len(ids))
                self.result.recleaned += len(ids)
                pause("reclean.committed")
        with self._transaction():
            self._record_digests()
            reclean.save(self.con, None)

    def _reclean_chunk(self, ids: list[str], stats: Any, clock: _Clock) -> None:
        """One chunk of a re-clean: its articles cleaned again and added like replaced records."""
        self._batch_ids: set[str] = set()  # no new input records: only articles that changed are written
        raws = self._stored_raws(ids)
        cleaned, records = self._clean(raws, stats)
        changed = self._write_articles(cleaned, records)
        clock.lap("clean")
        self._fingerprints(changed, {a.id: a for a, _ in cleaned})
        clock.lap("fingerprint")
        # A credit's kind (wire, aggregator) is a clue to a pair's original, from agencies.toml: the pairs
        # of an unchanged article with a credit are verified again (their stored versions no longer match).
        credited = sorted(a.id for a, _ in cleaned if a.credit and a.matchable and a.id not in changed)
        if credited:
            table = pa.table({"id": pa.array(credited, pa.string())})
            self.con.register("_credited", table)
            for end in ("a", "b"):
                self.con.execute(f"UPDATE pairs SET version_{end} = '' WHERE {end} IN (SELECT id FROM _credited)")
            self.con.unregister("_credited")
        seeds = self._match(changed | dict.fromkeys(credited, ""), clock)  # (_match reads only the ids)
        clock.lap("verify")
        recluster(self.con, seeds | changed.keys() | set(credited), self.config.match)
        clock.lap("cluster")

    @contextmanager
    def _adding_up(self, prefix: str = "") -> Iterator[AddResult]:
        """The counts and timings of one step (a chunk of a re-clean, the new records) on a result of their
        own, then added to this add's (the steps set theirs, as if each were the whole add)."""
        total, self.result = self.result, AddResult()
        try:
            yield self.result
        finally:
            part, self.result = self.result, total
        for name in ("recleaned", "verified", "reused_views", "dropped_pairs"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        total.candidates = part.candidates
        for phase, seconds in part.timings.items():
            key = phase if phase.startswith(prefix) else prefix + phase
            total.timings[key] = round(total.timings.get(key, 0.0) + seconds, 3)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _new_records(self, records: Sequence[RawRecord]) -> list[RawRecord]:
        # An id given to several records of one add names none of them, as in a run: none is added, the add
        # lists them (records.shared_ids). A record whose id is stored replaces it, unless it could not be
        # read and the stored one was (``AddResult.kept``).
        self.result.duplicate_ids = shared_ids((r.id, r.input) for r in records)
        latest = {r.id: r for r in records if r.id not in self.result.duplicate_ids}
        found = select_ids(
            self.con,
            "SELECT id, raw_hash, error_code IS NULL, raw->>'$.input' FROM articles WHERE id IN (SELECT id FROM _ids)",
            latest,
        )
        stored = {i: h for i, h, _, _ in found}
        readable = {i: path for i, _, ok, path in found if ok}
        self.result.read = len(records)
        self._new_ids = {i for i in latest if i not in stored}
        batch, kept = [], set()
        self._moved: dict[str, RawRecord] = {}
        for raw in latest.values():
            old = stored.get(raw.id)
            if old == rows.raw_hash(raw):
                self.result.unchanged += 1
                continue
            was = readable.get(raw.id)
            if raw.error is None and was is not None and old == rows.raw_hash(replace(raw, input=was)):
                self._moved[raw.id] = raw
                continue
            if raw.error is not None and raw.id in readable:
                kept.add(raw.id)
                continue
            self.result.added += old is None
            self.result.replaced += old is not None
            batch.append(raw)
        self.result.failures = [
            r.error.message + (f" (not stored: the stored article {r.id} stays as it was)" if r.id in kept else "")
            for r in records
            if r.error is not None
        ]
        self.result.errors, self.result.kept = len(self.result.failures), len(kept)
        self.result.moved = len(self._moved)
        return batch

    def _move(self, moved: dict[str, RawRecord]) -> None:
        """Store the new provenance of records read from another path and the same otherwise. Cleaning does
        not read a record's path (its source, for corpus statistics, comes from its id and metadata), so the
        stored article, with the new path as its ``input``, is what cleaning the record again would give, as
        for a record re-added unchanged; nothing is cleaned or verified again. Its version (the hash of its
        data) changes, and the rows kept for that version (fingerprint, sentence embeddings and view parts,
        the pairs verified on it) take the new one. (Before, such a record was cleaned and matched again
        like a new one: 864 s to re-add the store bench's 100,000 records from another folder.)"""
        if not moved:
            return
        import json

        con = self.con
        found = select_ids(con, "SELECT id, version, data FROM articles WHERE id IN (SELECT id FROM _ids)", moved)
        new, old = [], []
        for article_id, version, data in sorted(found):
            article = Article.from_dict(json.loads(data))
            article.input = moved[article_id].input
            new.append(rows.article_row(article, moved[article_id]))
            old.append(version)
        delete_ids(con, "articles", "id", moved)
        insert(con, "articles", new)
        columns = {"id": [r["id"] for r in new], "old": old, "new": [r["version"] for r in new]}
        con.register("_moved", pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}))
        try:
            for name, id_column, version_column in (
                ("fingerprints", "article_id", "version"), ("sentence_embeddings", "article_id", "version"),
                ("view_parts", "article_id", "version"), ("pairs", "a", "version_a"), ("pairs", "b", "version_b"),
            ):  # fmt: skip
                con.execute(
                    f"UPDATE {name} SET {version_column} = m.new FROM _moved m "
                    f"WHERE {name}.{id_column} = m.id AND {name}.{version_column} = m.old"
                )
        finally:
            con.unregister("_moved")

    def _apply(self, batch: list[RawRecord], clock: _Clock) -> None:
        con = self.con
        delete_ids(con, "line_rows", "article_id", (r.id for r in batch))
        lines = _insert_line_rows(con, batch, self.mapper)
        stats = load_stats(con, self.config.clean)
        batch_ids = self._batch_ids = {r.id for r in batch}
        stale = [i for i in stale_articles(con, stats) if i not in batch_ids]
        self._record_digests()
        self.result.recleaned += len(stale)
        raws = {r.id: r for r in batch} | self._stored_raws(stale)
        # Articles new to the store are changed ones, so fingerprinted (:meth:`_fingerprints`): where they
        # are cleaned, which saves sending them to workers forked again. 10,000 new articles: the
        # fingerprint phase 3.5 to 1.7 s, cleaning 1.1 s longer (the same fingerprints, computed there).
        cleaned, records = self._clean(raws, stats, lines, fingerprint=self._new_ids)
        changed = self._write_articles(cleaned, records)
        clock.lap("clean")
        self._fingerprints(changed, {a.id: a for a, _ in cleaned})
        clock.lap("fingerprint")
        seeds = self._match(changed, clock)
        clock.lap("verify")
        recluster(con, seeds | changed.keys() | batch_ids, self.config.match)
        clock.lap("cluster")

    def _stored_raws(self, ids: list[str]) -> dict[str, RawRecord]:
        import json

        found = select_ids(
            self.con, "SELECT id, raw, data FROM articles WHERE id IN (SELECT id FROM _ids) ORDER BY id", ids
        )
        return {i: rows.raw_from_dict(i, json.loads(data)["original"], json.loads(raw)) for i, raw, data in found}

    def _clean(
        self,
        raws: dict[str, RawRecord],
        stats: Any,
        lines: dict[str, CorpusLines] | None = None,
        fingerprint: set[str] | frozenset[str] = frozenset(),
    ) -> tuple[list[tuple[Article, list[Dep]]], list[dict[str, Any]]]:
        """Clean on the workers; ``lines``: what pass 1 found of some records' lines (others compute it).
        Returns the articles with their decisions, and their rows: built here from each chunk as it comes
        back while the workers clean the next ones (the rows' JSON was 1.5 s of this process's time on
        10,000 articles, with the workers idle, when built after the last chunk). The records of
        ``fingerprint`` are also fingerprinted where they are cleaned when their fingerprints depend only
        on them (:meth:`_row_independent`), kept in ``self._early`` for :meth:`_fingerprints`."""
        c, lines, ordered = self.config.clean, lines or {}, list(raws.values())
        m = self.config.match if fingerprint and self._row_independent() else None
        chunks = [ordered[i : i + CLEAN_CHUNK] for i in range(0, len(ordered), CLEAN_CHUNK)]
        tasks = [
            ((chunk, c, stats, [lines.get(r.id) for r in chunk]), m, [r.id for r in chunk if r.id in fingerprint])
            for chunk in chunks
        ]
        cleaned: list[tuple[Article, list[Dep]]] = []
        records: list[dict[str, Any]] = []
        self._early: dict[str, Fingerprint] = {}
        for chunk, fps in self.mapper(_cleaning, tasks):
            cleaned.extend(chunk)
            records.extend(rows.article_row(a, raws[a.id]) for a, _ in chunk)
            self._early.update((fp.id, fp) for fp in fps)
        return cleaned, records

    def _row_independent(self) -> bool:
        """Whether a fingerprint depends only on its article with this add's embedder (see
        ``stages.match._fingerprints``), so that it can be computed where the article is cleaned."""
        self.embedder = self.embedder or load_embedder(self.config.match.embedder)
        return self.embedder.row_independent

    def _write_articles(
        self, cleaned: list[tuple[Article, list[Dep]]], records: list[dict[str, Any]]
    ) -> dict[str, str]:
        """Store the cleaned articles (``records``: their rows) and their decisions; return {id: version} of
        those that changed."""
        con = self.con
        ids = [a.id for a, _ in cleaned]
        old = dict(select_ids(con, "SELECT id, version FROM articles WHERE id IN (SELECT id FROM _ids)", ids))
        changed = {r["id"]: r["version"] for r in records if old.get(r["id"]) != r["version"]}
        delete_ids(con, "clean_deps", "article_id", ids)
        delete_ids(con, "sentence_embeddings", "article_id", changed)
        _insert_deps(con, {a.id: deps for a, deps in cleaned})
        write = [r for r in records if r["id"] in changed or r["id"] in self._batch_ids]  # new raw_hash too
        delete_ids(con, "articles", "id", (r["id"] for r in write))
        insert(con, "articles", write)
        return changed

    def _fingerprints(self, changed: dict[str, str], articles: dict[str, Article]) -> None:
        con = self.con
        self._gone = {
            r[0]
            for r in select_ids(
                con, "SELECT article_id FROM fingerprints WHERE article_id IN (SELECT id FROM _ids)", changed
            )
        }
        delete_ids(con, "fingerprints", "article_id", changed)
        delete_ids(con, "view_parts", "article_id", changed)  # kept with the old version's embeddings
        usable = sorted((articles[i] for i in changed if articles[i].matchable), key=lambda a: a.id)
        self._fresh = {a.id for a in usable}
        fps: list[Fingerprint] = []
        if usable:
            embedder = self.embedder = self.embedder or load_embedder(self.config.match.embedder)
            # Those not fingerprinted where they were cleaned (``_clean``): on the workers, in chunks, as a
            # run fingerprints (a fingerprint depends only on its article when the embedder's rows do not
            # depend on their batch; else at once, in this process).
            early = self._early
            rest = [a for a in usable if a.id not in early]
            shared = self.mapper is serial if self.shared_memory is None else self.shared_memory
            made = {
                fp.id: fp
                for fp in fingerprints_on(rest, embedder, self.config.match, self.mapper, shared_memory=shared)
            }
            fps = [early[a.id] if a.id in early else made[a.id] for a in usable]
            insert(con, "fingerprints", [rows.fingerprint_row(fp, changed[fp.id]) for fp in fps], _FP_SCHEMA)
        self._keys = replace_keys(con, self._gone, fps, candidate_params(self.config.match))
        # Verification reads these from memory instead of the store (what the store rebuilds is equal).
        self._cleaned, self._made = articles, {fp.id: fp for fp in fps}

    def _match(self, changed: dict[str, str], clock: _Clock) -> set[str]:
        """Candidates decided again only where the add can change them (:mod:`samestory.store.keys`), then
        the new or changed ones verified; return the ends of the pairs verified or dropped (what clustering
        must look at again, with the changed articles)."""
        ids, leads = load_leads(self.con)
        clock.lap("load")
        params = candidate_params(self.config.match)
        # The fresh leads against every lead (a product the size of the store, numpy and BLAS) beside the
        # keys' evaluation (DuckDB, this thread): both release the GIL, and with workers that share this
        # process's memory the scan runs on them, which sit idle here. Measured on 10,000 added to 100,000:
        # one after the other the evaluation took 6.0 s and the scan 5.5; side by side 9.5 in all (they share
        # two cores).
        on = self.mapper if self.mapper is not serial and self.shared_memory else None
        with ThreadPoolExecutor(1) as beside:
            scan = beside.submit(scan_fresh, ids, leads, self._fresh, params.min_lead_cosine, on)
            status = evaluate(self.con, self._keys, params).status
            status["embedding"] = self._neighbours(ids, leads, scan.result(), params)
        touched = set().union(*status.values()) | self._pairs_of(changed)
        stored = self._stored_pairs(touched)
        versions = self._versions({x for p in touched for x in p})
        todo, relabel, dropped = [], [], []
        for p in sorted(touched):
            old = stored[p][2] if p in stored else ()
            sources = {g for g in old if p not in status[g]} | {g for g, found in status.items() if found.get(p)}
            if not sources:
                dropped += [p] if p in stored else []
                continue
            candidate = Candidate(p[0], p[1], tuple(sorted(sources)))
            if p in stored and stored[p][:2] == (versions[p[0]], versions[p[1]]):
                relabel.append(candidate)
            else:
                todo.append(candidate)
        clock.lap("candidates")
        self.result.dropped_pairs = len(dropped)
        verified = self._verify(todo)
        self.result.verified = len(verified)
        self._write_pairs(stored, verified, relabel, dropped, versions)
        self.result.candidates = int(self.con.execute("SELECT count(*) FROM pairs").fetchall()[0][0])
        return {x for p in [*dropped, *((q.a, q.b) for q in verified)] for x in p}

    def _pairs_of(self, ids: Iterable[str]) -> set[tuple[str, str]]:
        """Stored pairs of these articles (their verification is stale when they changed)."""
        sql = "SELECT a, b FROM pairs WHERE a IN (SELECT id FROM _ids) OR b IN (SELECT id FROM _ids)"
        return {(a, b) for a, b in select_ids(self.con, sql, ids)}

    def _stored_pairs(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str, tuple[str, ...]]]:
        """(version_a, version_b, candidate sources) of these pairs where stored."""
        found = self._pair_rows(
            keys, "p.version_a, p.version_b, CAST(json_extract(p.data, '$.candidate_sources') AS VARCHAR[])"
        )
        return {(a, b): (va, vb, tuple(src)) for a, b, va, vb, src in found}

    def _pair_rows(self, keys: Iterable[tuple[str, str]], columns: str) -> list[tuple[Any, ...]]:
        """``a, b, columns`` of these pairs where stored."""
        ordered = sorted(keys)
        if not ordered:
            return []
        self.con.register("_want_pairs", pa.table({"a": [a for a, _ in ordered], "b": [b for _, b in ordered]}))
        try:
            return self.con.execute(
                f"SELECT p.a, p.b, {columns} FROM pairs p JOIN _want_pairs w ON p.a = w.a AND p.b = w.b"
            ).fetchall()
        finally:
            self.con.unregister("_want_pairs")

    def _versions(self, ids: set[str]) -> dict[str, str]:
        return dict(select_ids(self.con, "SELECT id, version FROM articles WHERE id IN (SELECT id FROM _ids)", ids))

    def _lists(self, ids: Iterable[str]) -> dict[str, Row]:
        lists: dict[str, Row] = {}
        sql = "SELECT article_id, neighbour, sim FROM neighbours WHERE article_id IN (SELECT id FROM _ids)"
        for r, c, s in select_ids(self.con, sql, ids):
            lists.setdefault(r, []).append((s, c))
        return lists

    def _neighbours(
        self, ids: list[str], leads: np.ndarray, scan: FreshScan, p: CandidateParams
    ) -> dict[tuple[str, str], bool]:
        """Update the lead-neighbour lists of the rows the add can change (:mod:`samestory.store.knn`), given
        the fresh leads' ``scan``; return every pair that entered or left such a row, and whether some row
        proposes it now."""
        con = self.con
        holders = select_ids(
            con, "SELECT article_id FROM neighbours WHERE neighbour IN (SELECT id FROM _ids)", self._gone
        )
        redo = set(scan.hits) | {r[0] for r in holders} | self._gone | self._fresh
        old = self._lists(redo)
        new = update_neighbours(
            {r: list(row) for r, row in old.items()}, ids, leads, self._fresh, self._gone, p.neighbours,
            p.min_lead_cosine, scan,
        )  # fmt: skip
        delete_ids(con, "neighbours", "article_id", redo)
        flat = [{"article_id": r, "neighbour": c, "sim": s} for r in sorted(redo) for s, c in new.get(r, [])]
        schema = pa.schema([("article_id", pa.string()), ("neighbour", pa.string()), ("sim", pa.float32())])
        insert(con, "neighbours", flat, schema)
        touched = set().union(
            *(neighbour_pairs({r: old.get(r, [])}) ^ neighbour_pairs({r: new.get(r, [])}) for r in redo)
        )
        lists = {r: {c for _, c in row} for r, row in self._lists({x for q in touched for x in q}).items()}
        empty: set[str] = set()
        return {(a, b): b in lists.get(a, empty) or a in lists.get(b, empty) for a, b in touched}

    def _verify(self, todo: list[Candidate]) -> list[Pair]:
        """Verify with the run's own verification; views built from kept sentence embeddings where the store
        has them (:mod:`samestory.store.views`), and the embeddings of the other views kept."""
        if not todo:
            return []
        start = time.perf_counter()
        ids = {x for c in todo for x in (c.a, c.b)}
        stored = sorted(ids - self._cleaned.keys())  # the articles of this add are in memory
        articles = {i: self._cleaned[i] for i in sorted(ids & self._cleaned.keys())} | load_articles(self.con, stored)
        made = sorted(ids & self._made.keys())
        fps = {i: self._made[i] for i in made} | {f.id: f for f in load_fingerprints(self.con, ids - set(made))}
        fps = {i: fps[i] for i in sorted(fps)}  # in id order, as read from the store
        m = self.config.match
        embedder = self.embedder or load_embedder(m.embedder)
        versions = self._versions(ids)
        kept = views.load(self.con, versions, embedder.name)
        mapper = views.ViewMapper(self.mapper, kept, views.load_parts(self.con, versions))
        read = time.perf_counter() - start
        pairs = verify_candidates(todo, articles, fps, m, embedder, mapper, self.shared_memory)
        views.save(self.con, mapper.new, versions, embedder.name)
        views.save_parts(self.con, mapper.new_parts, versions)
        self.result.reused_views = len(mapper.kept)
        self.result.timings.update({f"verify.{name}": s for name, s in mapper.timings.items()})
        self.result.timings["verify.read"] = round(read, 3)  # articles, fingerprints, kept embeddings
        return pairs

    def _write_pairs(
        self, stored: dict[tuple[str, str], tuple[str, str, tuple[str, ...]]], verified: list[Pair],
        relabel: list[Candidate], dropped: list[tuple[str, str]], versions: dict[str, str],
    ) -> None:  # fmt: skip
        import json

        out = [rows.pair_row(p, versions[p.a], versions[p.b]) for p in verified]
        # Only the stored pairs whose sources changed are written again; only their data is read (read for
        # every touched pair, the data was most of the bytes this add read of the pairs table).
        moved = [c for c in relabel if stored[(c.a, c.b)][2] != c.sources]
        data = {(a, b): d for a, b, d in self._pair_rows(((c.a, c.b) for c in moved), "p.data")}
        for c in moved:
            va, vb, _ = stored[(c.a, c.b)]
            pair = Pair.from_dict({**json.loads(data[(c.a, c.b)]), "candidate_sources": list(c.sources)})
            out.append(rows.pair_row(pair, va, vb))
        gone = [*dropped, *((r["a"], r["b"]) for r in out)]
        if gone:
            keys = pa.table({"a": [a for a, _ in gone], "b": [b for _, b in gone]})
            self.con.register("_gone", keys)
            self.con.execute("DELETE FROM pairs WHERE (a, b) IN (SELECT (a, b) FROM _gone)")
            self.con.unregister("_gone")
        insert(self.con, "pairs", out)

    def _totals(self) -> AddResult:
        """The store's totals after the add, on its result (also when it stored nothing)."""
        counts = store_counts(self.con)
        r = self.result
        r.articles, r.pairs, r.stories, r.candidates = (
            counts[k] for k in ("articles", "pairs", "stories", "candidates")
        )
        return r


def _cleaning(
    task: tuple[ChunkTask, MatchConfig | None, list[str]],
) -> tuple[list[tuple[Article, list[Dep]]], list[Fingerprint]]:
    """The add's cleaning kernel (module level, so that it pickles): :func:`~samestory.store.corpus.clean_chunk`,
    and with matching settings given, the fingerprints of the named records' articles that are matchable
    (:func:`~samestory.stages.match.fingerprint_matchable`, as a run computes them beside cleaning)."""
    chunk, match, named = task
    cleaned = clean_chunk(chunk)
    if match is None or not named:
        return cleaned, []
    wanted = set(named)
    return cleaned, Columns(fingerprint_matchable([a for a, _ in cleaned if a.id in wanted], match).values())


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while an add works (the worker processes it forks inherit this).

    An add holds millions of long-lived objects (keys, pairs, articles, views) and makes millions more:
    every full collection walks all of them. On the 100,000-article bench store (busy machine) the add
    process spent 32.6 s of wall time in 30 full collections; without them the add's CPU time fell from
    158.5 to 150.1 s and the views phase from 76.5 to 48.7 s, with the same pairs and stories and no
    more memory (the add's objects form almost no cycles: a collection after the add found 634 objects).
    Collection comes back when the add is done.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_fingerprints(con: duckdb.DuckDBPyConnection, ids: Iterable[str] | None = None) -> list[Fingerprint]:
    """Stored fingerprints (all, or of ``ids``), sorted by id."""
    sql = "SELECT article_id, signature, lead, quotes, ngrams FROM fingerprints"
    found = (
        select_ids(con, sql + " WHERE article_id IN (SELECT id FROM _ids)", ids)
        if ids is not None
        else con.execute(sql).fetchall()
    )
    return sorted((rows.fingerprint_from_row(*r) for r in found), key=lambda f: f.id)


def load_leads(con: duckdb.DuckDBPyConnection) -> tuple[list[str], np.ndarray]:
    """Every stored lead embedding, as sorted ids and a float32 matrix."""
    found = con.execute("SELECT article_id, lead FROM fingerprints ORDER BY article_id").fetchall()
    if not found:
        return [], np.zeros((0, 1), np.float32)
    leads = np.frombuffer(b"".join(r[1] for r in found), "<f4").reshape(len(found), -1).astype(np.float32)
    return [r[0] for r in found], leads


def load_articles(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, Article]:
    import json

    found = select_ids(con, "SELECT id, data FROM articles WHERE id IN (SELECT id FROM _ids)", ids)
    return {i: Article.from_dict(json.loads(data)) for i, data in found}


def store_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = first(
        con,
        """
        SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE error_code IS NOT NULL),
               (SELECT count(*) FROM articles WHERE matchable), (SELECT count(*) FROM stories),
               (SELECT count(*) FROM stories WHERE size > 1),
               (SELECT count(*) FROM pairs WHERE relation <> 'unrelated'),
               (SELECT count(*) FROM pairs)""",
    )
    assert row is not None
    names = ("articles", "errors", "matchable", "stories", "multi_stories", "pairs", "candidates")
    return dict(zip(names, (int(x) for x in row), strict=True))
