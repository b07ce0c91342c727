"""Function words by language: jusText's stoplists (jusText is installed with trafilatura), looked up by
the ISO 639-1 code that :mod:`samestory.core.language` gives (CLD2 names its languages as jusText names
its lists, so CLD2's table maps one to the other: 77 languages).

Written here, not taken from a tokenizer library, because candidate generation needs the words as the
token hashes of :mod:`samestory.core.shingles`, to test whole n-grams at numpy speed.
"""

from __future__ import annotations

from functools import cache

import justext
import numpy as np
import numpy.typing as npt
import pycld2

from samestory.core.shingles import token_hashes


@cache
def _list_names() -> dict[str, str]:
    lists = set(justext.get_stoplists())
    return {code: name.title() for name, code in sorted(pycld2.LANGUAGES) if name.title() in lists}


@cache
def stop_hashes(language: str | None) -> npt.NDArray[np.uint64] | None:
    """The sorted token hashes of ``language``'s function words (a listed word of several tokens, such as
    "don't", gives each of its tokens), or None when there is no list for it (or no language)."""
    name = _list_names().get(language or "")
    if name is None:
        return None
    return np.unique(token_hashes(" ".join(sorted(justext.get_stoplist(name)))))
