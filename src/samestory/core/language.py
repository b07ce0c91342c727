"""Language identification of a clean body (py3langid: small, offline, fast on a few hundred characters).

>>> detect_language("The alliance's defence ministers met in Brussels on Wednesday to discuss the war.")
'en'
"""

from __future__ import annotations

import py3langid

#: Enough characters to decide; langid's cost grows with the length of its input.
SAMPLE_CHARS = 320
MIN_CHARS = 40


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
