"""Array helpers for what numpy itself does slowly.

Written by hand because numpy's own call takes a slow path here; each helper gives exactly what the numpy
call it stands for gives.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Masks of fewer cells than this go through ``np.nonzero`` itself (see :func:`cells`).
FLAT_MIN_CELLS = 1024


def cells(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``np.nonzero(mask)`` of a 2-D boolean array: the rows and the columns of its true cells, in row-major
    order. numpy walks a 2-D array with a multi-index iterator, a cell at a time, while its 1-D path on
    booleans counts and gathers in vectorised passes: on a 256 x 100,000 mask (a block of the store's lead
    scan) 15 times faster, 0.023 s against 0.35 s for eight blocks. Under about a thousand cells the plain
    call is cheaper (30 x 30: 2.9 us against 3.1).

    >>> mask = np.zeros((40, 50), bool)
    >>> mask[[3, 3, 39], [7, 1, 49]] = True
    >>> [a.tolist() for a in cells(mask)], [a.tolist() for a in np.nonzero(mask)]
    ([[3, 3, 39], [1, 7, 49]], [[3, 3, 39], [1, 7, 49]])
    """
    if mask.size < FLAT_MIN_CELLS:
        rows, cols = np.nonzero(mask)
        return rows, cols
    rows, cols = np.divmod(np.flatnonzero(mask), mask.shape[1])
    return rows, cols
