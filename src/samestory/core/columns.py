"""Lists of records that cross a process boundary column by column.

A worker that sends back thousands of small records pays pickle's fixed cost for every numpy array and
every dataclass in them, once to dump and once more to load, and for small arrays that cost, not the bytes,
is most of it. An article's view (:class:`~samestory.stages.match.ViewParts`) holds some fifteen arrays in
four dataclasses: measured on 4,096 views of the sparse bench corpus (171 MB), pickled one by one they took
0.40-0.50 s to dump and 0.47-0.50 s to load; as columns 0.13-0.14 s and 0.07-0.09 s, the same bytes.

:class:`Columns` is a list that pickles as columns: each field's arrays joined into one array with their
lengths, a field of nested records packed the same way, any other field as the list of its values. Loaded,
each record's arrays are slices of the joined ones: the same values, dtype and shape (and C order along
the first axis, as the arrays of one record were). Written here because pickle has no columnar mode, and
Arrow's columns hold neither numpy arrays of two dimensions nor Python sets without a conversion of their
own on each side.

>>> from samestory.records import Fingerprint
>>> prints = [Fingerprint("a", np.arange(3), None, [7]), Fingerprint("b", np.arange(2), np.ones(2))]
>>> cls, count, (ids, signatures, leads, quotes, ngrams) = pack(prints)
>>> signatures[2][0].tolist(), leads[1].tolist(), quotes[2]
([0, 1, 2, 0, 1], [False, True], [[7], []])
>>> [(p.id, p.signature.tolist()) for p in unpack(pack(prints))]
[('a', [0, 1, 2]), ('b', [0, 1])]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

__all__ = ["Columns", "pack", "unpack"]

T = TypeVar("T")

#: The kinds of a packed column: joined arrays, nested records, lists of records, or the values as they are.
_ARRAYS, _RECORDS, _LISTS, _VALUES = 0, 1, 2, 3

#: A packed list of records: their class and one ``(kind, present, data)`` per field, ``present`` the mask
#: of the records whose value is not None (None when all are), ``data`` what the kind keeps. Plain tuples,
#: not dataclasses: what is packed must cost pickle little itself.
Packed = tuple[type, int, list[tuple[int, Any, Any]]]


class Columns(list[T]):
    """A list of records of one dataclass type (or anything else, which pickles as a plain list) that
    pickles column by column (:func:`pack`); in the process that made it, a plain list."""

    __slots__ = ()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return _unpacked, (pack(self),)


def _unpacked(packed: Packed | list[Any]) -> Columns[Any]:
    return Columns(unpack(packed) if isinstance(packed, tuple) else packed)


def _packable(cls: type) -> bool:
    """A dataclass that its fields' values, in order, construct again."""
    return dataclasses.is_dataclass(cls) and all(f.init for f in dataclasses.fields(cls))


def pack(items: Sequence[Any]) -> Packed | list[Any]:
    """``items`` as columns when they are records of one dataclass type, else as a plain list."""
    items = list(items)
    if not items or len({type(x) for x in items}) > 1 or not _packable(type(items[0])):
        return items
    cls = type(items[0])
    return cls, len(items), [_column([getattr(x, f.name) for x in items]) for f in dataclasses.fields(cls)]


def _column(values: list[Any]) -> tuple[int, Any, Any]:
    given = [v for v in values if v is not None]
    present = None if len(given) == len(values) else np.array([v is not None for v in values])
    if given and all(type(v) is np.ndarray for v in given):
        dtype, shape = given[0].dtype, given[0].shape[1:]
        if not dtype.hasobject and given[0].ndim and all(v.dtype == dtype and v.shape[1:] == shape for v in given):
            lengths = np.fromiter((len(v) for v in given), np.int64, len(given))
            return _ARRAYS, present, (np.concatenate(given), lengths)
    if given and len({type(v) for v in given}) == 1 and _packable(type(given[0])):
        return _RECORDS, present, pack(given)
    if given and all(type(v) is list for v in given):
        flat = [x for v in given for x in v]
        if flat and len({type(x) for x in flat}) == 1 and _packable(type(flat[0])):
            lengths = np.fromiter((len(v) for v in given), np.int64, len(given))
            return _LISTS, present, (pack(flat), lengths)
    return _VALUES, None, values


def unpack(packed: Packed | list[Any]) -> list[Any]:
    """The records :func:`pack` packed."""
    if isinstance(packed, list):
        return packed
    cls, count, columns = packed
    if not columns:  # a record without fields: only the count says how many there were
        return [cls() for _ in range(count)]
    return [cls(*row) for row in zip(*map(_values, columns), strict=True)]


def _values(column: tuple[int, Any, Any]) -> list[Any]:
    kind, present, data = column
    if kind == _VALUES:
        return list(data)
    if kind == _ARRAYS:
        joined, lengths = data
        ends = np.cumsum(lengths).tolist()
        given = [joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    elif kind == _LISTS:
        packed, lengths = data
        flat, ends = unpack(packed), np.cumsum(lengths).tolist()
        given = [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    else:
        given = unpack(data)
    if present is None:
        return given
    found = iter(given)
    return [next(found) if here else None for here in present.tolist()]
