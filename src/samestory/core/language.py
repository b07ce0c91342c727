"""Language identification of a clean body with CLD2 (``pycld2``): compiled, offline, its model built in.

py3langid, used before, scores its byte n-grams in a Python loop: about 0.4 ms for 320 characters, an
eighth of the whole cleaning time of an article. CLD2 reads 1,000 characters in a tenth of that and
agrees with it on news text.

>>> detect_language("The alliance's defence ministers met in Brussels on Wednesday to discuss the war.")
'en'
>>> detect_language("Der Bundeskanzler hat am Mittwoch in Berlin eine Rede über die Ukraine gehalten.")
'de'
"""

from __future__ import annotations

import re

import pycld2

#: Enough characters to decide.
SAMPLE_CHARS = 1000
MIN_CHARS = 40
#: Code points CLD2 refuses as invalid input (control characters, Unicode noncharacters).
#: CLD2 still uses a few withdrawn ISO 639-1 codes.
_OLD_CODES = {"iw": "he", "jw": "jv"}
_REFUSED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text is too short or unclear to tell."""
    sample = _REFUSED.sub(" ", text[:SAMPLE_CHARS])
    if len(sample.strip()) < MIN_CHARS:
        return None
    try:
        _reliable, _bytes, details = pycld2.detect(sample, bestEffort=True)
    except pycld2.error:  # a code point outside the ranges above that CLD2 also refuses
        return None
    code = details[0][1].split("-")[0]
    return None if code == "un" else _OLD_CODES.get(code, code)
