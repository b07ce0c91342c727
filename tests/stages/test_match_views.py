import pickle
from pathlib import Path

import numpy as np

from samestory import clean_text
from samestory.core.embed import load_embedder
from samestory.stages.match import ViewParts
from samestory.stages.verify import article_view


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
