"""The static embedding model that samestory ships: where it lives and how its vectors are stored.

The model is a model2vec folder (``config.json``, ``model.safetensors``, ``tokenizer.json``): one vector per
word piece of all-MiniLM-L6-v2's vocabulary. ``bench/build_static_model.py`` distils it from MiniLM, trains it
on news text with MiniLM as teacher, and shrinks it; it is built once and shipped, because training needs
the development corpora, which a user's clone does not have.

To stay small the vectors are stored as signed 4-bit integers, two to a byte, with one float16 scale per
token (model2vec's ``weights``), marked ``"samestory_packing": "int4"`` in ``config.json``. Measured on the
bench, 4 bits at 224 dimensions keep more than 8 bits at half the dimensions in the same space: dropped
dimensions lose signal, while rounding noise averages out over the tokens of a text. model2vec cannot
read the packing itself, so :func:`float_table` turns any stored table back into float32 once, at load.

>>> table = np.array([[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]], dtype=np.float32)
>>> packed, scales = pack_int4(table)
>>> packed.shape, packed.dtype.name
((2, 2), 'uint8')
>>> print(unpack_int4(packed, scales, 3).round(2))
[[ 0.57 -1.    0.29]
 [ 0.    0.    0.  ]]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
STATIC_MODEL_NAME = "samestory-news-static"
DEFAULT_STATIC_MODEL = MODELS_DIR / STATIC_MODEL_NAME
PACKING_KEY = "samestory_packing"
INT4_LEVELS = 7  # values -7..7, symmetric so that negating a vector is exact

Table = npt.NDArray[np.float32]


def pack_int4(table: Table) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float16]]:
    """Rows as signed 4-bit integers, two per byte, and each row's scale (its largest absolute value / 7).

    A scale per row, not per table: a token's norm is its weight in the mean, so frequent, light tokens
    would otherwise round to nothing.
    """
    scales = (np.abs(table).max(axis=1) / INT4_LEVELS).astype(np.float16)
    safe = np.where(scales > 0, scales, 1).astype(np.float32)[:, None]
    levels = np.clip(np.rint(table / safe), -INT4_LEVELS, INT4_LEVELS).astype(np.int16) + 8
    if levels.shape[1] % 2:
        levels = np.hstack([levels, np.full((len(levels), 1), 8, dtype=np.int16)])
    packed = (levels[:, 0::2] | (levels[:, 1::2] << 4)).astype(np.uint8)
    return packed, scales


def unpack_int4(packed: npt.NDArray[np.uint8], scales: npt.NDArray[Any], dims: int) -> Table:
    """The float32 table that :func:`pack_int4` packed (``dims`` columns)."""
    levels = np.empty((len(packed), packed.shape[1] * 2), dtype=np.float32)
    levels[:, 0::2] = (packed & 0x0F).astype(np.float32) - 8
    levels[:, 1::2] = (packed >> 4).astype(np.float32) - 8
    table: Table = levels[:, :dims] * np.asarray(scales, dtype=np.float32)[:, None]
    return table


def float_table(embedding: npt.NDArray[Any], weights: npt.NDArray[Any] | None, config: Mapping[str, Any]) -> Table:
    """The float32 vectors of a stored model: int4-packed, int8 or float rows, times per-row scales if any."""
    if config.get(PACKING_KEY) == "int4":
        if weights is None:
            raise ValueError("an int4-packed table needs its per-token scales (model2vec 'weights')")
        return unpack_int4(embedding.astype(np.uint8), weights, int(config["hidden_dim"]))
    table: Table = np.asarray(embedding, dtype=np.float32)
    if weights is not None:
        table = table * np.asarray(weights, dtype=np.float32)[:, None]
    return table
