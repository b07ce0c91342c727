"""Write ``src/samestory/data/months.json``: month names of the languages news is written in, from CLDR.

The date reader (``samestory.core.dates``) reads "12 February 2026" and "Feb. 12, 2026" in English; a German
"4. März 2024", a French "4 mars 2024" or a Spanish "4 de marzo de 2024" need those languages' month names.
They come from the Unicode CLDR through babel (its wide and abbreviated names, in the format and the
stand-alone forms: the Polish "marca" of "4 marca 2024" is the format form of "marzec"), written once into a
data file so that samestory neither imports babel at run time (a tenth of a second a process) nor depends on
its version for what a text cleans to. A name that would mean two months in two languages is left out, as is
an English word of three letters that is no month ("set", "ago"): the reader takes a name only
between a day and a year, but a short word there is still more often a word.

    python bench/make_months.py            # print what would be written
    python bench/make_months.py --write
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

import babel
from babel.dates import get_month_names

OUT = Path(__file__).resolve().parent.parent / "src" / "samestory" / "data" / "months.json"
#: Languages with cased or Latin month names that news sites publish in (English is in the reader itself).
LANGUAGES = (
    "de", "fr", "es", "it", "pt", "nl", "ca", "pl", "cs", "sk", "sl", "hr", "ro", "hu", "fi", "sv", "da", "nb",
    "tr", "id", "ru", "uk", "el",
)  # fmt: skip
#: Short names that are English words, left out ("ago" is Spanish August, "set" Italian September, "out"
#: Portuguese October; "pro" and "led" Czech December and January).
ENGLISH_WORDS = {"ago", "set", "out", "pro", "led"}


def month_names() -> dict[str, int]:
    """Each lower-case month name (without a final full stop) of :data:`LANGUAGES`, with its month number."""
    found: dict[str, set[int]] = {}
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    # As the reader looks them up: lower-cased (not case-folded, which makes a Greek final
                    # sigma a medial one) and composed (NFC), as text on the web is.
                    key = unicodedata.normalize("NFC", name).lower().rstrip(".")
                    if len(key) >= 3:
                        found.setdefault(key, set()).add(int(number))
    return {k: next(iter(v)) for k, v in sorted(found.items()) if len(v) == 1 and k not in ENGLISH_WORDS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    args = parser.parse_args(argv)
    names = month_names()
    data = {"source": f"Unicode CLDR through babel {babel.__version__}", "languages": list(LANGUAGES), "months": names}
    text = json.dumps(data, ensure_ascii=False, indent=0) + "\n"
    if args.write:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {len(names)} month names to {OUT}")
    else:
        print(text)


if __name__ == "__main__":
    main()
