"""Candidate keys kept in the store, so that an add finds its candidates in work proportional to what changed.

A run proposes pairs from keys that articles share (:mod:`samestory.stages.candidates`): MinHash LSH band
hashes and quote keys (a *bucket* proposes all its pairs, or the chain of id neighbours when it holds more
than ``max_bucket`` articles) and rare word 4-grams (a pair sharing ``ngram_min_shared`` n-grams that are
each in 2 to ``ngram_max_df`` documents). The table ``cand_keys(kind, key, article_id)`` holds every
stored fingerprint's keys: ``kind`` is the band number, :data:`QUOTE` or :data:`NGRAM`.

What an add can change is confined to the keys of the articles that arrive or leave (*affected* keys): a
pair's status can only change through a key whose members changed. So an add

1. lists every pair that an affected key proposed before the add but not after it, or after but not before
   (for n-grams: counted while the key is rare; a key that crosses ``ngram_max_df`` because new articles
   raise its document frequency stops counting for the pairs it counted for, a bucket that outgrows
   ``max_bucket`` turns into a chain): a pair that no key changed for keeps its status;
2. decides each such pair again from scratch over every key its two articles share, read from the table
   (a bucket that did not change proposes what it proposed before);
3. keeps every other stored candidate's status as it was.

That is exactly the candidate set of a run over the union (tested against runs, including a key crossing
the rarity cap).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from samestory.core.lsh import band_hashes, resolve_params
from samestory.core.minhash import EMPTY, NUM_PERM
from samestory.records import Fingerprint
from samestory.stages.candidates import CandidateParams

#: ``kind`` of quote keys and of rare-n-gram keys (band numbers are below them).
QUOTE, NGRAM = 200, 201
SCHEMA = pa.schema([("kind", pa.uint8()), ("key", pa.uint64()), ("article_id", pa.string())])
Key = tuple[int, int]
PairKey = tuple[str, str]


def band_shape(params: CandidateParams) -> tuple[int, int]:
    return resolve_params(params.minhash_threshold, NUM_PERM, None, None)


def key_table(fps: Sequence[Fingerprint], params: CandidateParams) -> pa.Table:
    """Every key of these fingerprints, one row each (empty signatures have no band keys, as in LSH)."""
    bands, rows = band_shape(params)
    kinds: list[np.ndarray] = []
    keys: list[np.ndarray] = []
    owners: list[str] = []
    live = [f for f in fps if not (f.signature == EMPTY).all()]
    if live:
        hashed = band_hashes(np.stack([f.signature for f in live]), bands, rows)
        kinds.append(np.tile(np.arange(bands, dtype=np.uint8), len(live)))
        keys.append(hashed.reshape(-1))
        owners.extend(f.id for f in live for _ in range(bands))
    for kind, arrays in ((QUOTE, [np.asarray(f.quotes, np.uint64) for f in fps]), (NGRAM, [f.ngrams for f in fps])):
        kinds.append(np.full(sum(len(a) for a in arrays), kind, np.uint8))
        keys.append(np.concatenate(arrays).astype(np.uint64) if arrays else np.zeros(0, np.uint64))
        owners.extend(f.id for f, a in zip(fps, arrays, strict=True) for _ in range(len(a)))
    return pa.table(
        [pa.array(np.concatenate(kinds)), pa.array(np.concatenate(keys)), pa.array(owners, pa.string())], schema=SCHEMA
    )


def _emitted(members: Iterable[str], max_bucket: int) -> Iterable[PairKey]:
    """The pairs a bucket proposes (as ``stages.candidates`` and ``core.lsh`` do)."""
    ordered = sorted(set(members))
    if len(ordered) > max_bucket:
        return itertools.pairwise(ordered)
    return itertools.combinations(ordered, 2)


def _all_pairs(members: Iterable[str]) -> Iterable[PairKey]:
    return itertools.combinations(sorted(set(members)), 2)


@dataclass
class KeyChange:
    """What an add did to ``cand_keys``: the rows of the articles it removed (``old``, read before they were
    deleted: few, only replaced or re-cleaned articles), the rows it inserted (``new``) and their owners."""

    old: pa.Table = field(default_factory=lambda: SCHEMA.empty_table())
    new: pa.Table = field(default_factory=lambda: SCHEMA.empty_table())
    fresh: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)

    def left(self) -> dict[Key, set[str]]:
        """Each key of ``old`` and the removed articles that had it."""
        out: dict[Key, set[str]] = defaultdict(set)
        for kind, key, owner in zip(*(self.old.column(i).to_pylist() for i in range(3)), strict=True):
            out[(kind, key)].add(owner)
        return out


def replace_keys(
    con: duckdb.DuckDBPyConnection, gone: Iterable[str], fps: Sequence[Fingerprint], params: CandidateParams
) -> KeyChange:
    """Delete the keys of ``gone``, insert those of ``fps``; return both (for :func:`evaluate`)."""
    ids = pa.table({"id": pa.array(sorted(set(gone)), pa.string())})
    con.register("_gone_ids", ids)
    try:
        old = con.sql(
            "SELECT kind, key, article_id FROM cand_keys WHERE article_id IN (SELECT id FROM _gone_ids)"
        ).to_arrow_table()
        con.execute("DELETE FROM cand_keys WHERE article_id IN (SELECT id FROM _gone_ids)")
    finally:
        con.unregister("_gone_ids")
    new = key_table(fps, params)
    con.register("_new_keys", new)
    try:
        con.execute("INSERT INTO cand_keys SELECT * FROM _new_keys")
    finally:
        con.unregister("_new_keys")
    return KeyChange(old.cast(SCHEMA), new, {f.id for f in fps}, set(gone))


def _per_key(con: duckdb.DuckDBPyConnection, keys: Iterable[Key], what: str) -> dict[Key, Any]:
    """``what`` (an aggregate over the article ids) of each of these keys that has members now."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    kinds, hashes = pa.array([k for k, _ in wanted], pa.uint8()), pa.array([k for _, k in wanted], pa.uint64())
    con.register("_want", pa.table({"kind": kinds, "key": hashes}))
    try:
        found = con.execute(
            f"SELECT c.kind, c.key, {what} FROM cand_keys c JOIN _want w ON c.kind = w.kind AND c.key = w.key "
            "GROUP BY c.kind, c.key"
        ).fetchall()
    finally:
        con.unregister("_want")
    return {(kind, key): value for kind, key, value in found}


def _members(con: duckdb.DuckDBPyConnection, keys: Iterable[Key]) -> dict[Key, list[str]]:
    return {k: list(v) for k, v in _per_key(con, keys, "list(c.article_id)").items()}


def _rare(n: int, params: CandidateParams) -> bool:
    return 1 < n <= params.ngram_max_df


def _generator(kind: int) -> str:
    return "ngram" if kind == NGRAM else "quote" if kind == QUOTE else "minhash"


@dataclass
class Evaluation:
    """Per key generator (``minhash``, ``quote``, ``ngram``): every pair it must decide again and whether
    it proposes the pair now. Pairs absent keep the status they had before the add."""

    status: dict[str, dict[PairKey, bool]] = field(default_factory=dict)

    def pairs(self) -> set[PairKey]:
        return {p for found in self.status.values() for p in found}


def evaluate(con: duckdb.DuckDBPyConnection, change: KeyChange, params: CandidateParams) -> Evaluation:
    """Step 1 and 2 of the module docstring, after :func:`replace_keys` wrote the new keys."""
    out = change.left()
    members = _changed_members(con, change, params)
    for k in out:
        members.setdefault(k, [])
    touched: dict[str, set[PairKey]] = {"minhash": set(), "quote": set(), "ngram": set()}
    gained: dict[str, set[PairKey]] = {"minhash": set(), "quote": set(), "ngram": set()}
    with_new: list[PairKey] = []  # each rare n-gram a pair with a new article gained, once per n-gram
    new_ids, fresh = change.fresh - change.gone, change.fresh
    for k, listed in members.items():
        now = set(listed)
        left = out.get(k)
        then = now - fresh if left is None else (now - fresh) | left
        name = _generator(k[0])
        new, old = _delta(now, then, k[0] == NGRAM, params)
        gained[name] |= new
        touched[name] |= new | old if old else new
        if k[0] == NGRAM and not now.isdisjoint(new_ids):
            with_new.extend(p for p in new if p[0] in new_ids or p[1] in new_ids)
    shared = Counter(with_new)  # counted at once: a Counter updated key by key took a fifth of the time
    result = Evaluation()
    for name in ("minhash", "quote"):
        result.status[name] = _bucket_status(con, touched[name], gained[name], name, params)
    # An article new to the store has all its keys changed, so every rare n-gram it shares now was gained:
    # its pairs are counted here. Pairs of stored articles are counted again over every key they share.
    known = {p: shared[p] >= params.ngram_min_shared for p in touched["ngram"] if p[0] in new_ids or p[1] in new_ids}
    # A pair that no key started counting for only lost rare n-grams: if it was not an n-gram candidate
    # before, it is not one now, and only the others need counting again (most touched pairs are the
    # members of n-grams that grew past ngram_max_df, and few of them ever shared enough).
    doubt = touched["ngram"] - known.keys()
    falling = doubt - gained["ngram"]
    before = _proposed_before(con, falling, "ngram")
    known |= {p: False for p in falling - before}
    result.status["ngram"] = known | _ngram_status(con, doubt - known.keys(), params)
    return result


def _proposed_before(con: duckdb.DuckDBPyConnection, pairs: set[PairKey], generator: str) -> set[PairKey]:
    """Those of ``pairs`` that the stored candidates list with ``generator`` among their sources."""
    if not pairs:
        return set()
    ordered = sorted(pairs)
    con.register("_asked", pa.table({"a": [a for a, _ in ordered], "b": [b for _, b in ordered]}))
    try:
        found = con.execute(
            "SELECT p.a, p.b FROM pairs p JOIN _asked w ON p.a = w.a AND p.b = w.b "
            "WHERE list_contains(CAST(json_extract(p.data, '$.candidate_sources') AS VARCHAR[]), ?)",
            [generator],
        ).fetchall()
    finally:
        con.unregister("_asked")
    return {(a, b) for a, b in found}


def _changed_members(
    con: duckdb.DuckDBPyConnection, change: KeyChange, params: CandidateParams
) -> dict[Key, list[str]]:
    """Current members of every changed key that proposed pairs before the add or proposes some now. In
    SQL: a batch changes hundreds of thousands of keys (its articles' n-grams), and most never proposed
    anything (n-grams in one document, or in too many). One join with the table: a key with no member
    now has nothing to list (counting first, then listing, scanned the table twice)."""
    con.register("_old_keys", change.old)
    con.register("_new_keys", change.new)
    try:
        found = con.execute(
            f"""WITH chg AS (SELECT kind, key, sum(d) AS d FROM (
                    SELECT kind, key, -1 AS d FROM _new_keys UNION ALL SELECT kind, key, 1 AS d FROM _old_keys)
                    GROUP BY kind, key)
            SELECT c.kind, c.key, list(c.article_id) FROM cand_keys c JOIN chg ON c.kind = chg.kind AND c.key = chg.key
            GROUP BY c.kind, c.key, chg.d
            HAVING CASE WHEN c.kind = {NGRAM}
                THEN (count(*) BETWEEN 2 AND $max_df) OR (count(*) + chg.d BETWEEN 2 AND $max_df)
                ELSE greatest(count(*), count(*) + chg.d) > 1 END""",
            {"max_df": params.ngram_max_df},
        ).fetchall()
    finally:
        con.unregister("_old_keys")
        con.unregister("_new_keys")
    return {(kind, key): ids for kind, key, ids in found}


def _delta(now: set[str], then: set[str], ngram: bool, params: CandidateParams) -> tuple[set[PairKey], set[PairKey]]:
    """The pairs one key proposes (counts, for an n-gram) now and did not before, and the other way round."""
    if ngram:
        on = (_rare(len(now), params), _rare(len(then), params))
        small = on[0] and on[1]
        if not small:
            whole = [set(_all_pairs(g)) if rare else set() for g, rare in zip((now, then), on, strict=True)]
            return whole[0] - whole[1], whole[1] - whole[0]
    elif not (len(now) <= params.max_bucket and len(then) <= params.max_bucket):
        whole = [set(_emitted(g, params.max_bucket)) for g in (now, then)]
        return whole[0] - whole[1], whole[1] - whole[0]
    # Both sides all pairs of their members: only the pairs of members that arrived or left differ.
    return _with(now - then, now), _with(then - now, then)


def _with(these: set[str], group: set[str]) -> set[PairKey]:
    return {(x, y) if x < y else (y, x) for x in these for y in group if x != y}


def _keys_of(con: duckdb.DuckDBPyConnection, ids: Iterable[str], where: str) -> dict[str, set[Key]]:
    table = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
    con.register("_key_ids", table)
    try:
        found = con.execute(
            f"SELECT article_id, list(kind), list(key) FROM cand_keys WHERE {where} "
            "AND article_id IN (SELECT id FROM _key_ids) GROUP BY article_id"
        ).fetchall()
    finally:
        con.unregister("_key_ids")
    return {owner: set(zip(kinds, keys, strict=True)) for owner, kinds, keys in found}


def _bucket_status(
    con: duckdb.DuckDBPyConnection, touched: set[PairKey], gained: set[PairKey], name: str, params: CandidateParams
) -> dict[PairKey, bool]:
    """A touched pair is proposed if a bucket started proposing it, else if any bucket its two articles
    share (read as it is now) proposes it."""
    status = {p: p in gained for p in touched}
    doubt = [p for p, yes in status.items() if not yes]
    if not doubt:
        return status
    kinds = f"kind = {QUOTE}" if name == "quote" else f"kind < {QUOTE}"
    keys = _keys_of(con, (x for p in doubt for x in p), kinds)
    shared = {p: keys.get(p[0], set()) & keys.get(p[1], set()) for p in doubt}
    members = _members(con, {k for ks in shared.values() for k in ks})
    emitted = {k: set(_emitted(m, params.max_bucket)) for k, m in members.items()}
    for p, ks in shared.items():
        status[p] = any(p in emitted[k] for k in ks)
    return status


def _ngram_status(
    con: duckdb.DuckDBPyConnection, touched: set[PairKey], params: CandidateParams
) -> dict[PairKey, bool]:
    """A touched pair is proposed if its articles now share ``ngram_min_shared`` rare n-grams."""
    if not touched:
        return {}
    ids = sorted({x for p in touched for x in p})
    table = pa.table({"id": pa.array(ids, pa.string())})
    con.register("_key_ids", table)
    try:
        found = con.execute(
            f"""WITH mine AS (SELECT key, article_id FROM cand_keys WHERE kind = {NGRAM}
                              AND article_id IN (SELECT id FROM _key_ids)),
                     df AS (SELECT key, count(*) AS n FROM cand_keys WHERE kind = {NGRAM}
                            AND key IN (SELECT key FROM mine) GROUP BY key)
                SELECT m.article_id, list(m.key) FROM mine m JOIN df USING (key)
                WHERE df.n BETWEEN 2 AND ? GROUP BY m.article_id""",
            [params.ngram_max_df],
        ).fetchall()
    finally:
        con.unregister("_key_ids")
    rare = {owner: set(keys) for owner, keys in found}
    empty: set[int] = set()
    return {p: len(rare.get(p[0], empty) & rare.get(p[1], empty)) >= params.ngram_min_shared for p in touched}


def fill_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 3: the keys of every fingerprint already stored, with the store's own LSH threshold."""
    import json

    from samestory.store.rows import fingerprint_from_row

    row = con.execute("SELECT value FROM meta WHERE key = 'config'").fetchall()
    if not row:
        return  # nothing added yet, so no fingerprints
    params = CandidateParams(minhash_threshold=float(json.loads(row[0][0])["match"]["minhash_threshold"]))
    ids = [r[0] for r in con.execute("SELECT article_id FROM fingerprints ORDER BY article_id").fetchall()]
    for start in range(0, len(ids), 10_000):  # bounded memory on a large store
        chunk = pa.table({"id": pa.array(ids[start : start + 10_000], pa.string())})
        con.register("_fill_ids", chunk)
        found = con.execute(
            "SELECT article_id, signature, lead, quotes, ngrams FROM fingerprints "
            "WHERE article_id IN (SELECT id FROM _fill_ids)"
        ).fetchall()
        con.unregister("_fill_ids")
        con.register("_fill_keys", key_table([fingerprint_from_row(*r) for r in found], params))
        con.execute("INSERT INTO cand_keys SELECT * FROM _fill_keys")
        con.unregister("_fill_keys")
