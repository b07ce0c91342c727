"""The fingerprint stage: :class:`~samestory.records.Article` in, :class:`~samestory.records.Fingerprint` out.

Only what decides goes into an embedding: the title and the lead (the first sentences), which name the
event; whole-article embeddings drift towards topic words. Articles are fingerprinted in batches so the
embedder sees many texts per call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samestory.core.compare import quote_keys
from samestory.core.embed import Embedder
from samestory.core.minhash import MinHasher
from samestory.core.sentences import split_sentences
from samestory.core.shingles import SHINGLE_SIZE, Ragged, batch_token_hashes, combine_ngrams, function_ngrams
from samestory.core.stopwords import stop_hashes
from samestory.records import Article, Fingerprint

#: Sentences of the body that make up the lead.
LEAD_SENTENCES = 3
#: What a fingerprint holds, as a number: raised when that changes (2: rare-n-gram keys without n-grams of
#: function words only; 3: each CJK character a token, see ``core.shingles``; 4: sentences of Greek, Cyrillic,
#: Hebrew and Arabic text split, see ``core.sentences``: other leads, and other sentences in stored views; and
#: list numbers are no entity keys, which stored views keep too; 5: sentences of scripts without case (Korean,
#: Hindi, Persian ...) split, at the Arabic question mark and the danda too, before quotes in guillemets and
#: low marks and the Spanish opening marks, and not after a day before a month's name ("am 4. März"), see
#: ``core.sentences``; quotes in corner brackets, and Chinese and Japanese quotes, whose words were counted
#: between spaces, give quote keys, ``core.quotes.quote_words``), so that a store whose fingerprints and keys
#: came from other code says so (``store.add.data_digests``) instead of mixing the two. 6: an article whose text
#: holds no word (only marks: "* * *") is not matchable (``Article.matchable``): no fingerprint, no story.
FINGERPRINT_VERSION = 6
#: Word n-gram size of the rare-n-gram keys (short enough to survive a rewrite around names and quotes).
KEY_NGRAM = 4


def lead_text(article: Article) -> str:
    """Title and the first sentences of the body: what a reader sees first, and what names the event."""
    sentences = split_sentences(article.text, LEAD_SENTENCES)
    return "\n".join([article.title or "", *(s.text for s in sentences)]).strip()


def fingerprint(articles: Sequence[Article], embedder: Embedder, hasher: MinHasher | None = None) -> list[Fingerprint]:
    """Fingerprints of matchable articles, in the given order."""
    tokens = batch_token_hashes([a.text for a in articles])  # hashed once for both kinds of n-gram
    signatures = (hasher or MinHasher()).signatures(combine_ngrams(tokens, SHINGLE_SIZE))
    leads = embedder.encode([lead_text(a) for a in articles])
    ngrams = combine_ngrams(tokens, KEY_NGRAM)
    # Rare-n-gram keys stand for names, numbers and wording a rewrite keeps: an n-gram of function words
    # alone ("as well as the") says nothing of the story, and pairs sharing a few such n-grams were 40% of
    # the candidates of the 20,000-article speed corpus, all but 15 verified unrelated.
    keep = ~function_ngrams(tokens, KEY_NGRAM, [stop_hashes(a.language) for a in articles])
    kept = np.concatenate(([0], np.cumsum(keep)))
    keys = Ragged(ngrams.values[keep], kept[ngrams.offsets])
    return [
        Fingerprint(a.id, signatures[i], leads[i], sorted(quote_keys(a)), np.unique(keys.row(i)))
        for i, a in enumerate(articles)
    ]
