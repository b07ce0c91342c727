"""Machine codes: tokens that no writer types as words or numbers, by their shape.

The rules (``data/boilerplate.toml``) name the id shapes someone has seen ("Story ID: 883221", "(ends)
UWA0854"), and the line model scores words and shape; both missed ids of shapes they had not met when the ids
stood between paragraphs rather than at a page's head ("~qv087010", "RMG35xzrs915", "3329**0356",
"MNA/5192092"). What such ids share, whatever their label or punctuation, is how they mix characters: letters
and digits alternating ("rmg35xzrs915"), a long run of digits after letters ("postid-440595"), or digits next
to marks that words and numbers do not use ("**1428", "~qv087010"). Words with a number switch once or twice
around few digits ("COVID-19", "1990s", "A320neo"), numbers keep to digits and their punctuation ("12,500",
"2026-03-03", "+44 20 7946 0958"), and both are shorter than six characters or hold fewer than three digits
more often than not. An id with few digits or none is known by its letters instead, which read as no word
(:func:`scrambled`: "oPZrpulRBPSggM"). A line made of such codes, after at most a short label closed as a key ("Job:
6d71627ce31c", "Source ID / 3fefc63f0cd0"), is an id; a line with words after its code is not (a headline may
name a flight or a chip), nor one with a bare word before it (a credit, "[BBC] BVR612982238927": the glued id
goes, not the credit).

>>> [t for t in ("~qv087010", "RMG35xzrs915", "3329**0356", "MNA/5192092", "COVID-19", "1990s", "12,500") if is_code(t)]
['~qv087010', 'RMG35xzrs915', '3329**0356', 'MNA/5192092']
>>> code_line("Job: 6d71627ce31c23f17009e8d5"), code_line("Flight AB12345 delayed"), code_line("[BBC] BVR612982238927")
('6d71627ce31c23f17009e8d5', None, None)
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from samestory.core.static_model import DEFAULT_STATIC_MODEL

__all__ = ["CODE_MIN_CHARS", "CODE_WRAP", "WEB_ADDRESS", "code_line", "is_code", "scrambled"]

#: The shortest code: shorter tokens with digits are mostly words and numbers ("G20", "F-35", "9/11", "21st").
CODE_MIN_CHARS = 6
#: Digits in a code at least: names written with digits have one or two ("9to5mac", "B2B", "Web3").
CODE_MIN_DIGITS = 3
#: Marks that machine codes put next to their digits and prose does not ("**1428", "~qv087010", "#7d38d990").
_MARKS = frozenset("~*#_@=|\\^")
#: What may wrap a code or end it: brackets, quotes and a sentence's punctuation ("[#7d38d990]", "(ref 55a9b2c1).").
CODE_WRAP = "()[]{}<>\"'.,;:!?"
#: What may wrap a label ("(Content ID: ...)").
_BRACKETS = "()[]{}<>\"'"
_DIGITS = re.compile(r"\d+")
#: A run of letters and digits: its letters are judged together, a digit or two among them being no word's
#: boundary ("osaggkz3elarf2").
_ALNUM = re.compile(r"[A-Za-z0-9]+")
#: A run of letters that reads as a word or a name by its case: a capitalised word ("Munajjid"), words joined
#: in camel case ("GlaxoSmithKline", "iPhone", "McDonald"); an acronym is upper case throughout.
_CASED_WORD = re.compile(r"[a-z]*(?:[A-Z][a-z]+)+")
#: A web address: its path is a link's, not an id ("pic.twitter.com/OLSxlYPelj").
WEB_ADDRESS = re.compile(r"://|\bwww\.|\w\.[a-z]{2,}/", re.IGNORECASE)
#: Letters in a run at least for it to be judged by how the vocabulary splits it: shorter runs split into
#: few pieces whatever they are.
SCRAMBLED_MIN_LETTERS = 8
#: Letters per word piece below which a run reads as no word. Measured on the 17,000 distinct tokens of eight
#: or more characters in the noise pools' article lines (ECB+, NewsWCL50, FNC-1 text): under 2.0 only ids
#: and link slugs ("sxMnZ1bzr14u_eFRLJZmKXdDVicAwcQN", "t.co/gqUkYTMy0t"); at 2.2, words and names too
#: ("debunked", "Griswold", "haemorrhagic"). Random letters split at 1.6 to 1.8.
SCRAMBLED_MAX_LETTERS_PER_PIECE = 2.0
_RUNS = re.compile(r"\d+|[^\W\d_]+")
#: A label before a code: one word of letters, maybe closed by a colon, a number sign or a full stop ("Ref.").
_LABEL = re.compile(r"[^\W\d_]{1,12}[:#=.]?")
#: The marks that close a key before its value ("Job:", "Ref #", "id=").
_KEY_MARKS = (":", "#", "=")
#: Tokens between a label and its code ("Key - 4e6f96479327", "Source ID / 4265d6cf52f7").
_SEPARATORS = "-\u2013\u2014|/:#=\u2022\u00b7"
#: Words that name an id: a label of them needs no key's mark before its code ("Source ID 8b483b7ffc05",
#: "Asset ad7312fa1c8b"), and a long number after it is a code too ("Msg - 69848578", "cid 98124674").
#: A closed class: other bare words before a code may be a credit or text.
ID_WORDS = frozenset(
    {
        "id", "ids", "uid", "guid", "uuid", "sid", "cid", "pid", "aid", "ref", "msg", "req", "asset", "assets",
        "content", "source", "tracking", "tracker", "item", "doc", "post", "slug", "node", "entry", "record",
        "story", "article", "job", "trace", "session", "hash", "key", "token", "message", "request", "reference",
    }
)  # fmt: skip
#: A number of this many digits or more after an id's label is an id ("Item - 821458628"), and so is a token of
#: this many letters and digits with both in it ("Content ID: 79wxIUli").
ID_NUMBER_MIN_DIGITS = 6
#: Tokens on a code's line at most: a label of two words, a separator, the code (and a second code).
MAX_TOKENS = 4
#: Words of a label at most.
MAX_LABEL_WORDS = 2


def is_code(token: str, *, strict: bool = False) -> bool:
    """Whether ``token`` (no white space) is shaped like a machine code (see the module docstring).
    ``strict``: not by letters and digits switching twice around four digits or more, a shape that case and
    part numbers share with codes ("[2019-HC-14]"): for a code with no line of its own to tell it apart."""
    t = token.strip(CODE_WRAP)
    if len(t) < CODE_MIN_CHARS or not t.isascii():
        return False  # machine codes are ASCII; a line of Chinese or Japanese is one token with its digits
    if ".." in t or any(c in t for c in ")]}"):
        return False  # an ellipsis or a bracket joins text to a code ("eternal....NWR2023", "(Reddit)ZT8909")
    runs = _DIGITS.findall(t)
    digits = sum(len(r) for r in runs)
    if digits < CODE_MIN_DIGITS:
        return scrambled(t) and not WEB_ADDRESS.search(t)
    if t[0] in "#@" and t[1:2].isalpha():
        t = t[1:]  # a hashtag or a handle ("#MH370", "@user1234") is judged by what it names
    if any(c in _MARKS for c in t):
        return True
    letters = sum(c.isalpha() for c in t)
    if not letters:
        return False  # a number, a date, a time, a price, a phone number
    # Letters and digits alternating three times ("rmg35xzrs915"), or twice around four digits or more (a
    # model's name switches twice around fewer: "A320neo"), or a long number after letters ("postid-440595").
    kinds = [r[0].isdigit() for r in _RUNS.findall(t)]
    switches = sum(a != b for a, b in itertools.pairwise(kinds))
    twice = switches == 2 and digits >= 4 and not strict
    return switches >= 3 or twice or (letters >= 2 and max(len(r) for r in runs) >= 5)


def scrambled(token: str) -> bool:
    """Whether the letters of a run of letters and digits in ``token`` read as no word: :data:`SCRAMBLED_MIN_LETTERS`
    letters or more, not cased as a word, a name or an acronym, that the shipped model's WordPiece vocabulary
    (30,000 English words and word pieces) splits into pieces shorter than
    :data:`SCRAMBLED_MAX_LETTERS_PER_PIECE` letters on average ("qHtJvaYALuby": q ht j va yal ub y). Ids with
    few digits or none ("oPZrpulRBPSggM", "req_osaggkz3elarf2") have no other mark of a code."""
    for run in (_DIGITS.sub("", run) for run in _ALNUM.findall(token)):
        if len(run) < SCRAMBLED_MIN_LETTERS or run.isupper() or _CASED_WORD.fullmatch(run):
            continue
        low = run.lower()
        if len(low) < SCRAMBLED_MAX_LETTERS_PER_PIECE * _pieces(low):
            return True
    return False


def is_word(letters: str) -> bool:
    """Whether the shipped model's WordPiece vocabulary holds ``letters`` (any case) whole: "TO", "Zoom", "abc" do,
    desk initials such as "CNP" (cn ##p) or "ZGX" do not."""
    return _pieces(letters.lower()) == 1


@functools.lru_cache(maxsize=4096)
def _pieces(word: str) -> int:
    """How many WordPiece pieces the shipped static model's tokenizer splits ``word`` into."""
    return len(_tokenizer().encode(word, add_special_tokens=False).ids)


@functools.cache
def _tokenizer() -> Any:
    from tokenizers import Tokenizer  # model2vec's dependency; loaded on the first run of letters judged

    return Tokenizer.from_file(str(DEFAULT_STATIC_MODEL / "tokenizer.json"))


def _id_label(labels: list[str]) -> bool:
    """Whether a label's words all name an id (:data:`ID_WORDS`)."""
    return bool(labels) and all(w.rstrip(":#=.").casefold() in ID_WORDS for w in labels)


def _id_number(token: str) -> bool:
    """Whether ``token`` is an id after an id's label: a long number, or letters and digits mixed."""
    t = token.strip(CODE_WRAP)
    if len(t) < ID_NUMBER_MIN_DIGITS or not t.isascii() or not t.isalnum():
        return False
    return t.isdigit() or (any(c.isdigit() for c in t) and any(c.isalpha() for c in t))


def code_line(text: str) -> str | None:
    """The first code of a line that is only codes, after at most a short label and separators; else None.
    A label is one or two words closed by a key's mark ("Job:", "Ref #", "id=") or followed by a separator
    ("Key - ..."), or words that name an id (:data:`ID_WORDS`: "Source ID 8b483b7ffc05"), after which a long
    number or a short mix of letters and digits is a code too ("Msg - 69848578", "(ID xqSN7mzD)"): another
    bare word before a code may be a credit or text ("[BBC] BVR612982238927", "via @user1234").
    """
    tokens = text.split()
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    labels: list[str] = []
    first = None
    for token in tokens:
        named = _id_label(labels)
        if is_code(token) or (named and _id_number(token)):
            if labels and not (named or labels[-1].endswith(_KEY_MARKS)):
                return None
            first = first or token.strip(CODE_WRAP)
        elif not token.strip(_SEPARATORS + CODE_WRAP):
            if labels:
                labels[-1] += ":"  # a separator closes the label as a key's mark does
        elif first is None and len(labels) < MAX_LABEL_WORDS and _LABEL.fullmatch(word := token.strip(_BRACKETS)):
            labels.append(word)
        else:
            return None  # a word after the code, or a number, or a longer label
    return first
