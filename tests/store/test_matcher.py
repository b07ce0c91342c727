"""The matcher's own hasher: built once, it signs a query as the store's run signed its articles."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from samestory import clean_text
from samestory.stages.fingerprint import fingerprint
from samestory.store import Store


def test_matcher_signs_queries_as_the_store_signed_its_articles(tmp_path: Path, batches: list[Path]) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        matcher = store.matcher()
        stored = [a for a in store.iter_articles() if a.matchable][:12]
        assert stored
        for article in stored:
            again = fingerprint([article], matcher.embedder, matcher._hasher)[0]
            assert np.array_equal(again.signature, matcher.by_id[article.id].signature)
        # Reused across queries, the hasher gives what a new one gives (it keeps no state between calls).
        queries = [clean_text(a.original, id="q/" + a.id) for a in stored]
        for query in [*queries, *reversed(queries)]:
            mine = fingerprint([query], matcher.embedder, matcher._hasher)[0].signature
            assert np.array_equal(mine, fingerprint([query], matcher.embedder)[0].signature)
        answers = [matcher.match(q, include_unrelated=True) for q in queries]
        assert answers == [store.matcher().match(q, include_unrelated=True) for q in queries]
        assert any(answers)
