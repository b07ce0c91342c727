import pickle
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory import clean_text
from samestory.core.align import TextIndex
from samestory.core.embed import load_embedder
from samestory.stages.match import ViewParts
from samestory.stages.verify import article_view, text_indexes


def test_view_parts_give_the_view_back(seeds: Path) -> None:
    article = clean_text((seeds / "000_d4a47ec4de73bb3b.txt").read_text())
    view = article_view(article, load_embedder("static"))
    parts = pickle.loads(pickle.dumps(ViewParts.of(view)))  # as a view task sends it back
    again = parts.view(article)
    assert again.article is article
    assert again.sentences == view.sentences and len(view.sentences) > 5
    assert again.embeddings is not None and view.embeddings is not None
    assert np.array_equal(again.embeddings, view.embeddings)
    assert np.array_equal(again.index.hashes, view.index.hashes)
    assert (again.quotes, again.entities, again.text_key) == (view.quotes, view.entities, view.text_key)


_INDEX_FIELDS = ("starts", "ends", "hashes", "distinct", "order")
#: ASCII words, a curly quote (not a word), and letters and digits that are words but not ASCII.
_TEXT = st.text(alphabet=st.sampled_from(list("ab Cd.\n'\u2019\u00e9\u0663\u00a0x9")), max_size=50)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_text_indexes_of_many_texts_equal_each_built_alone(texts: list[str]) -> None:
    for n in (2, 5):
        for one, alone in zip(text_indexes(texts, n), (TextIndex.of(t, n) for t in texts), strict=True):
            for name in _INDEX_FIELDS:
                a, b = getattr(one, name), getattr(alone, name)
                assert a.dtype == b.dtype and np.array_equal(a, b), name
            assert one.n == alone.n
