"""Word tokens and word n-gram shingles, hashed to ``uint64`` in bulk.

Matching compares sets of shingles: runs of ``n`` consecutive word tokens of the case-folded, NFKC text.
Tokens are exactly ``re.findall(r"\\w+", lower_fold(text))`` with each CJK character cut out as a token of
its own (:func:`~samestory.core.text.word_pattern`: Chinese and Japanese put no spaces between words), and a
token's hash is exactly ``xxh3_64(token.encode("utf-8"))``. Both are computed without a Python object per
token: the text is encoded once and numpy finds the word boundaries and evaluates XXH3's short-input
formulas for every token at once (tokens longer than 16 bytes, about 1 in 5,000 in news, go to the xxhash
package).
A shingle's hash then combines its ``n`` token hashes with numpy instead of hashing a joined string: on
news articles that is several times faster than hashing shingle strings, and just as collision-free
(distinct token sequences give distinct 64-bit sums barring a 2**-64 accident, and XXH3's avalanche
spreads every bit).

>>> tokens("The “Quick” brown-fox, STRASSE café")
['the', 'quick', 'brown', 'fox', 'strasse', 'café']
>>> import xxhash
>>> int(token_hashes("Café!")[0]) == xxhash.xxh3_64_intdigest("café".encode())
True
>>> len(shingle_hashes("one two three four five six", n=5)), len(shingle_hashes("just two", n=5))
(2, 1)
>>> batch = batch_shingle_hashes(["a b c", "", "a b c"], n=2)
>>> len(batch), [len(batch.row(i)) for i in range(3)], bool((batch.row(0) == batch.row(2)).all())
(3, [2, 0, 2], True)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import xxhash

from samestory.core.text import CJK_RANGES, word_pattern

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
SHINGLE_SIZE = 5
_U = np.uint64
_M32 = _U(0xFFFFFFFF)
_PRIME64_2, _PRIME64_3 = _U(0xC2B2AE3D27D4EB4F), _U(0x165667B19E3779F9)
_MX1, _MX2 = _U(0x165667919E3779F9), _U(0x9FB21C651E98DF25)
# XXH3's default secret (kSecret) folded the way XXH3_len_0to16_64b does for seed 0; the tests compare
# every length class with the xxhash package.
_FLIP_1TO3, _FLIP_4TO8 = _U(0x87275A9B), _U(0xC73AB174C5ECD5A2)
_FLIP_LO, _FLIP_HI = _U(0x6782737BEA4239B9), _U(0xAF56BC3B0996523A)
# One odd multiplier per position in the n-gram, so "a b" and "b a" differ; pairwise differences of
# these are 2 * odd, which keeps structured collisions out (see the module docstring).
_POSITION = (np.arange(1, 65, dtype=_U) * _U(0x9E3779B97F4A7C15)) | _U(1)
# 1 for bytes that can be part of a word: ASCII [0-9a-z_] (text is case-folded first) and every
# non-ASCII byte; non-ASCII characters that are not alphanumeric are cleared afterwards.
_WORD_BYTES = bytes(int(i >= 0x80 or chr(i) in "0123456789abcdefghijklmnopqrstuvwxyz_") for i in range(256))
# Compatibility characters frequent in news (ellipsis in 1 article of 8), written as NFKC writes them: a
# str.replace is a fast scan, and usually leaves the text normalised, skipping a ~50 us NFKC pass.
_COMMON_COMPAT = (("\u2026", "..."), ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "))
_CHUNK_BYTES = 1 << 17  # text bytes per numpy pass: temporaries stay in cache (measured best of 32K..512K)


@dataclass(frozen=True, slots=True)
class Ragged:
    """Rows of ``uint64`` of different lengths, stored flat: row ``i`` is ``values[offsets[i]:offsets[i+1]]``.

    >>> r = Ragged.from_rows([np.array([1, 2], np.uint64), np.array([], np.uint64)])
    >>> len(r), r.row(0).tolist(), r.offsets.tolist()
    (2, [1, 2], [0, 2, 2])
    """

    values: U64
    offsets: I64

    @classmethod
    def from_rows(cls, rows: Sequence[U64]) -> Ragged:
        """Pack separate arrays into one."""
        counts = np.fromiter(map(len, rows), np.int64, len(rows))
        values = np.concatenate(rows).astype(_U) if rows else np.zeros(0, _U)
        return cls(values, np.concatenate(([0], np.cumsum(counts))).astype(np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> U64:
        """Row ``i`` (a view, not a copy)."""
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    def lengths(self) -> I64:
        """The length of every row."""
        return np.diff(self.offsets)


def normal_form(text: str) -> str:
    """Case-folded NFKC text: what :func:`tokens` splits (the word tokens of ``lower_fold(text)``)."""
    if text.isascii():  # ASCII is already NFKC and lower() is casefold() there, at a fraction of the cost
        return text.lower()
    if not unicodedata.is_normalized("NFKC", text):
        for char, replacement in _COMMON_COMPAT:
            text = text.replace(char, replacement)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of the normalised text: the readable reference for :func:`token_hashes`.
    Each CJK character is a token of its own (:func:`~samestory.core.text.word_pattern`)."""
    normal = normal_form(text)
    return word_pattern(normal).findall(normal)


def token_hashes(text: str) -> U64:
    """``xxh3_64`` of each token's UTF-8 bytes, in text order."""
    return batch_token_hashes([text]).values


def shingle_hashes(text: str, n: int = SHINGLE_SIZE) -> U64:
    """Hashes of the word ``n``-grams of ``text`` (one shingle of all tokens when there are fewer than n)."""
    return batch_shingle_hashes([text], n).values


def batch_token_hashes(texts: Sequence[str]) -> Ragged:
    """:func:`token_hashes` of many texts at once (row ``i`` belongs to ``texts[i]``)."""
    encoded = [normal_form(t).encode("utf-8", "surrogatepass") for t in texts]
    return _concat([_hash_chunk(chunk) for chunk in _chunks(encoded)])


def batch_shingle_hashes(texts: Sequence[str], n: int = SHINGLE_SIZE) -> Ragged:
    """:func:`shingle_hashes` of many texts at once: the fast path for signatures of a corpus."""
    _check_size(n)
    encoded = [normal_form(t).encode("utf-8", "surrogatepass") for t in texts]
    return _concat([combine_ngrams(_hash_chunk(chunk), n) for chunk in _chunks(encoded)])


def combine_ngrams(token_rows: Ragged, n: int) -> Ragged:
    """Shingle hashes from token hashes: each run of ``n`` tokens (or a whole shorter row) is one shingle."""
    _check_size(n)
    h, counts = token_rows.values, token_rows.lengths()
    m = max(h.size - n + 1, 0)
    acc = h[:m] * _POSITION[0]
    for j in range(1, n):
        acc += h[j : j + m] * _POSITION[j]
    per_row = np.maximum(counts - n + 1, 0)
    starts = _row_starts(token_rows.offsets[:-1], per_row)
    values = _avalanche(acc[starts])
    short = np.flatnonzero((counts > 0) & (counts < n))
    if short.size:  # rows with fewer than n tokens keep one shingle, so short texts still match
        values, per_row = _insert_short(values, per_row, token_rows, short)
    return Ragged(values, np.concatenate(([0], np.cumsum(per_row))).astype(np.int64))


def function_ngrams(token_rows: Ragged, n: int, stop: Sequence[U64 | None]) -> npt.NDArray[np.bool_]:
    """For each shingle of ``combine_ngrams(token_rows, n)``, in its order: whether every one of its words
    is a function word of its row (``stop[i]``: row ``i``'s sorted function-word hashes, None for none).
    The single shingle of a row shorter than ``n`` counts as not made of function words."""
    _check_size(n)
    h, counts = token_rows.values, token_rows.lengths()
    is_stop = np.zeros(h.size, bool)
    for words in {id(w): w for w in stop if w is not None}.values():
        rows = np.fromiter((s is words for s in stop), bool, len(stop))
        if rows.all():  # one language, the usual case: no copies
            is_stop = _member(h, words)
        else:
            tokens = np.repeat(rows, counts)
            is_stop[tokens] = _member(h[tokens], words)
    m = max(h.size - n + 1, 0)
    every = is_stop[:m].copy()
    for j in range(1, n):
        every &= is_stop[j : j + m]
    per_row = np.maximum(counts - n + 1, 0)
    found = every[_row_starts(token_rows.offsets[:-1], per_row)]
    short = np.flatnonzero((counts > 0) & (counts < n))
    return np.insert(found, np.cumsum(per_row)[short], False) if short.size else found


def _member(values: U64, sorted_set: U64) -> npt.NDArray[np.bool_]:
    """``np.isin(values, sorted_set)`` by binary search in the (small, sorted) set: several times faster."""
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    found: npt.NDArray[np.bool_] = sorted_set[at] == values
    return found


def _check_size(n: int) -> None:
    if not 1 <= n <= len(_POSITION):
        raise ValueError(f"shingle size n must be between 1 and {len(_POSITION)} words, got {n}")


def _row_starts(offsets: I64, per_row: I64) -> I64:
    """Flat positions ``offsets[i] + k`` for ``k < per_row[i]``, row after row."""
    total = int(per_row.sum())
    firsts = np.repeat(offsets - (np.cumsum(per_row) - per_row), per_row)
    starts: I64 = np.arange(total, dtype=np.int64) + firsts
    return starts


def _insert_short(values: U64, per_row: I64, rows: Ragged, short: I64) -> tuple[U64, I64]:
    """Add the single shingle of each short row at its place among the others."""
    extra = _avalanche(np.array([(rows.row(i) * _POSITION[: len(rows.row(i))]).sum(dtype=_U) for i in short], _U))
    at = np.cumsum(per_row)[short]  # every short row has no other shingle, so its start is the cumsum
    per_row = per_row.copy()
    per_row[short] = 1
    return np.insert(values, at, extra), per_row


def _chunks(encoded: list[bytes]) -> Iterator[list[bytes]]:
    """Consecutive groups of texts of about ``_CHUNK_BYTES`` each (a longer text is a group of its own)."""
    group: list[bytes] = []
    size = 0
    for text in encoded:
        if group and size + len(text) > _CHUNK_BYTES:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text) + 1
    if group or not encoded:
        yield group


def _hash_chunk(encoded: list[bytes]) -> Ragged:
    """Token hashes of a group of encoded texts, found in one buffer (a space keeps texts apart)."""
    buf = b" ".join(encoded)
    hashes, starts = _hash_words(buf)
    lengths = np.fromiter(map(len, encoded), np.int64, len(encoded))
    text_starts = np.cumsum(lengths + 1) - lengths - 1
    firsts = np.searchsorted(starts, text_starts)
    return Ragged(hashes, np.append(firsts, hashes.size).astype(np.int64))


def _concat(parts: list[Ragged]) -> Ragged:
    bases = np.cumsum([0] + [p.values.size for p in parts[:-1]])
    offsets = [p.offsets[1:] + base for p, base in zip(parts, bases, strict=True)]
    return Ragged(np.concatenate([p.values for p in parts]), np.concatenate([[0], *offsets]).astype(np.int64))


def _hash_words(buf: bytes) -> tuple[U64, I64]:
    """XXH3-64 of every word in ``buf``, and where each starts."""
    b = np.frombuffer(buf, np.uint8)
    edges = np.zeros(b.size + 2, np.bool_)
    word, cjk_lead, cjk_width = _word_mask(buf, b)
    edges[1:-1] = word
    bounds = np.flatnonzero(edges[1:] != edges[:-1])
    if cjk_lead.size:  # each CJK character is a token: cut the runs of word bytes around every one
        # The characters' starts and ends interleaved are sorted (characters do not overlap), so both sorted
        # lists merge by insertion, in linear time: a sort, or np.union1d, of a whole chunk's boundaries for
        # one Chinese name in it made tokenising a third slower (bench_minhash).
        cuts = np.empty(2 * cjk_lead.size, np.int64)
        cuts[0::2], cuts[1::2] = cjk_lead, cjk_lead + cjk_width
        merged = np.insert(bounds, np.searchsorted(bounds, cuts), cuts)
        merged = merged[np.concatenate(([True], merged[1:] != merged[:-1]))]
        seg, size = merged[:-1], np.diff(merged)
        keep = word[seg]
        start, length = seg[keep], size[keep]
    else:
        start, length = bounds[::2], bounds[1::2] - bounds[::2]
    return hash_spans(buf, start, length), start.astype(np.int64)


def hash_spans(buf: bytes, start: I64, length: I64) -> U64:
    """XXH3-64 of ``buf[start[k] : start[k] + length[k]]`` for every k (lengths of at least one byte).

    >>> hash_spans(b"a cafe", np.array([2]), np.array([4]))[0] == xxhash.xxh3_64_intdigest(b"cafe")
    np.True_
    """
    b = np.frombuffer(buf, np.uint8)
    cls = (length > 3).view(np.uint8) + (length > 8).view(np.uint8) + (length > 16).view(np.uint8)
    order = np.argsort(cls, kind="stable")  # contiguous slices per length class beat boolean masks by 3x
    hashes = np.empty(length.size, _U)
    hashes[order] = _xxh3_by_class(buf, b, start[order], length[order], np.cumsum(np.bincount(cls, minlength=4)))
    return hashes


def _xxh3_by_class(buf: bytes, b: npt.NDArray[np.uint8], s: I64, n: I64, cut: I64) -> U64:
    """XXH3-64 of words sorted by length class: 1-3, 4-8 and 9-16 bytes in numpy, longer ones by xxhash."""
    padded = np.zeros(b.size + 8, np.uint8)  # so an 8-byte read at the last word stays in bounds
    padded[: b.size] = b
    out = np.empty(n.size, _U)
    out[: cut[0]] = _len_1to3(b, s[: cut[0]], n[: cut[0]])
    out[cut[0] : cut[1]] = _len_4to8(_unaligned(padded, "<u4"), s[cut[0] : cut[1]], n[cut[0] : cut[1]])
    out[cut[1] : cut[2]] = _len_9to16(_unaligned(padded, "<u8"), s[cut[1] : cut[2]], n[cut[1] : cut[2]])
    for i in range(int(cut[2]), int(cut[3])):
        out[i] = xxhash.xxh3_64_intdigest(buf[s[i] : s[i] + n[i]])
    return out


def _word_mask(buf: bytes, b: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.bool_], I64, I64]:
    """Which bytes belong to ``\\w`` characters (all bytes of a multi-byte character share its answer), and
    where each CJK character (:data:`~samestory.core.text.CJK_RANGES`) starts and how many bytes it takes."""
    word = np.frombuffer(buf.translate(_WORD_BYTES), np.bool_).copy()
    lead = np.flatnonzero(b >= 0xC0)
    if not lead.size:
        return word, _NONE, _NONE
    width = 2 + (b[lead] >= 0xE0).view(np.uint8) + (b[lead] >= 0xF0).view(np.uint8)
    code = _code_points(b, lead, width)
    kinds = np.unique(code).tolist()  # a handful per text: ask Python about each character once
    breaking = np.array([c for c in kinds if not chr(c).isalnum()], np.int64)
    hit = np.isin(code, breaking)
    for k in range(4):
        word[lead[hit & (width > k)] + k] = False
    cjk = np.zeros(code.size, np.bool_)
    for lo, hi in CJK_RANGES:
        cjk |= (code >= lo) & (code <= hi)
    return word, lead[cjk].astype(np.int64), width[cjk].astype(np.int64)


_NONE = np.zeros(0, np.int64)


def _code_points(b: npt.NDArray[np.uint8], lead: I64, width: npt.NDArray[np.uint8]) -> I64:
    code = b[lead].astype(np.int64) & np.array([0, 0, 0x1F, 0x0F, 0x07])[width]
    for k in (1, 2, 3):
        cont = b[np.minimum(lead + k, b.size - 1)].astype(np.int64) & 0x3F
        code = np.where(width > k, (code << 6) | cont, code)
    points: I64 = code.astype(np.int64)
    return points


def _unaligned(padded: npt.NDArray[np.uint8], dtype: str) -> U64:
    """A little-endian word starting at every byte offset: gathering from it reads input + i."""
    return np.ndarray((padded.size - 7,), dtype=dtype, buffer=padded, strides=(1,))


def _xorshift(h: U64, shift: int) -> U64:
    return h ^ (h >> _U(shift))


def _avalanche(h: U64) -> U64:
    """XXH3_avalanche: spreads every input bit over the whole word."""
    return _xorshift(_xorshift(h, 37) * _MX1, 32)


def _len_1to3(b: npt.NDArray[np.uint8], s: I64, n: I64) -> U64:
    c1, c2, c3 = b[s].astype(_U), b[s + (n >> 1)].astype(_U), b[s + n - 1].astype(_U)
    h = ((c1 << _U(16)) | (c2 << _U(24)) | c3 | (n.astype(_U) << _U(8))) ^ _FLIP_1TO3
    h = _xorshift(h, 33) * _PRIME64_2
    return _xorshift(_xorshift(h, 29) * _PRIME64_3, 32)


def _len_4to8(w32: U64, s: I64, n: I64) -> U64:
    h = (w32[s + n - 4].astype(_U) + (w32[s].astype(_U) << _U(32))) ^ _FLIP_4TO8
    h ^= ((h << _U(49)) | (h >> _U(15))) ^ ((h << _U(24)) | (h >> _U(40)))
    h *= _MX2
    h ^= (h >> _U(35)) + n.astype(_U)
    return _xorshift(h * _MX2, 28)


def _len_9to16(w64: U64, s: I64, n: I64) -> U64:
    lo, hi = w64[s] ^ _FLIP_LO, w64[s + n - 8] ^ _FLIP_HI
    acc = n.astype(_U) + lo.byteswap() + hi + _mul128_fold64(lo, hi)
    return _avalanche(acc)


def _mul128_fold64(a: U64, b: U64) -> U64:
    """Low xor high half of the 128-bit product, from four 32x32-bit products (numpy has no 128-bit)."""
    a_lo, a_hi, b_lo, b_hi = a & _M32, a >> _U(32), b & _M32, b >> _U(32)
    lo_lo, hi_lo = a_lo * b_lo, a_hi * b_lo
    cross = (lo_lo >> _U(32)) + (hi_lo & _M32) + a_lo * b_hi
    upper = (hi_lo >> _U(32)) + (cross >> _U(32)) + a_hi * b_hi
    folded: U64 = ((cross << _U(32)) | (lo_lo & _M32)) ^ upper
    return folded
