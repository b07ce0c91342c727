"""Text primitives: lines with offsets, and normal forms for comparing text.

Cleaning never rewrites characters; it only selects spans of the original. Comparison, on the other hand,
should not care about curly versus straight quotes, compatibility characters, mojibake or case. So there
are two kinds of function here: ones that return offsets into the original, and ones that return a
normal form that is used only as a key.

>>> [(ln.start, ln.end, ln.text) for ln in split_lines("a\\n\\n  b c \\n")]
[(0, 1, 'a'), (5, 8, 'b c')]
>>> match_key("“Hello,”  World!") == match_key('"hello, world"')
True
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import xxhash

_LINE = re.compile(r"[^\r\n]+")
_QUOTE_MAP = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
}  # fmt: skip
# A regex finds the few such characters a line holds: str.translate with a mapping looks up every
# character of a non-ASCII line in a dict (4x slower on news lines, measured).
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTE_MAP) + "]")
_NON_WORD = re.compile(r"[\W_]+")
# List markers scrapers keep in front of widget lines; a quote mark counts only when a space follows it
# (guillemets fold to straight quotes: "» Read more"), since a real quotation starts with a word. Arrows,
# geometric shapes, dingbats and menu glyphs ("→ Copy link", "▶ Watch", "☰ Menu") are markers too when a
# space follows them: no sentence starts with one.
#: List markers that line rules do not see: dashes, bullets, arrows, shapes, dingbats and pictographs ("🔥
#: Trending: ..."), but not the pointing marks (⇒ ▷ ☞ ➡ 👉 🔗) that boilerplate.toml reads as a link's to
#: another story.
_BULLETS = re.compile(
    r'^(?:[-\u2022\u00b7*>\u203a|+~]+\s*|"\s+'
    r"|[\u2190-\u21d1\u21d3-\u21ff\u2261\u25a0-\u25b6\u25b8-\u25ff\u2600-\u261d\u261f-\u27a0\u27a2-\u27bf"
    r"\U0001f300-\U0001f448\U0001f44a-\U0001f516\U0001f518-\U0001faff]+\s+)+"
)
_ASCII_PUNCT = string.punctuation.encode()
#: ASCII punctuation made spaces, and the four separators that ``str.split`` takes for white space and
#: ``bytes.split`` does not (``\x1c``-``\x1f``) too, so that ``bytes.split`` finds the words ``str.split`` would.
_KEY_SPACES = bytes.maketrans(_ASCII_PUNCT + b"\x1c\x1d\x1e\x1f", b" " * (len(_ASCII_PUNCT) + 4))
#: The characters :func:`fold` makes ASCII punctuation or a space (typographic quotes and dashes, the no-break
#: space), read from its table so that the two cannot drift apart; and a character outside ASCII that is not one.
_TYPOGRAPHIC = "".join(c for c, to in _QUOTE_MAP.items() if to == " " or (len(to) == 1 and to in string.punctuation))
_OTHER_NON_ASCII = re.compile(f"[^\\x00-\\x7f{_TYPOGRAPHIC}]")
#: :data:`_KEY_SPACES` with capitals made small: :func:`match_key`'s work on ASCII in one table.
_ASCII_KEY = bytes.maketrans(
    _ASCII_PUNCT + b"\x1c\x1d\x1e\x1f" + string.ascii_uppercase.encode(),
    b" " * (len(_ASCII_PUNCT) + 4) + string.ascii_lowercase.encode(),
)
_WORD = re.compile(r"\w+")
#: The word tokens of text without Chinese or Japanese characters (:func:`word_pattern`).
WORD = _WORD


def _letter_class(case: Callable[[str], bool]) -> str:
    """The letters of the Basic Multilingual Plane for which ``case`` is true, as the inside of a ``re``
    character class, in ranges: ``re`` has no class for upper- or lower-case letters, and ``[A-Z]`` misses
    "Özlem", "ŁÓDŹ", "Путин" and "Ωμέγα"."""
    letters = [c for c in range(0x10000) if case(chr(c))]
    runs: list[list[int]] = []
    for c in letters:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


#: Inside of a character class of the capital (upper- and title-case) letters of every cased script:
#: ``f"[{UPPER}]"``; :data:`LOWER` of the lower-case ones.
UPPER = _letter_class(lambda c: c.isupper() or c.istitle())
LOWER = _letter_class(str.islower)
#: The letters of scripts without case (Arabic, Hebrew, Devanagari, Han, Hangul, Thai ...), neither capitals nor
#: lower case, as the inside of a character class.
UNCASED = _letter_class(lambda c: c.isalpha() and not c.isupper() and not c.islower())
_WORD_OR_MARK = re.compile(r"\w+|[^\w\s]")
#: Scripts written without spaces between words, whose every character is a token of its own: hiragana and
#: katakana, and the Han ideographs of Chinese and Japanese (as MinHash tools for these languages do with
#: characters). Hangul is written with spaces; Thai and Lao are not, but a letter is no word there either.
CJK_RANGES = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
              (0x20000, 0x3134F))  # fmt: skip
_CJK = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES)
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: Word tokens of text holding CJK characters: runs of other word characters, and each CJK character that
#: is a word character (the ranges hold code points not assigned yet).
_CJK_WORD = re.compile(f"(?=\\w)[{_CJK}]|[^\\W{_CJK}]+")


def word_pattern(text: str) -> re.Pattern[str]:
    """The pattern of ``text``'s word tokens: ``\\w+`` runs, except that each CJK character is a token
    (:data:`CJK_RANGES`); the plain ``\\w+`` for text without them, the faster of the two.

    >>> word_pattern("北约秘书长 said, twice").findall("北约秘书长 said, twice")
    ['北', '约', '秘', '书', '长', 'said', 'twice']
    """
    return _CJK_WORD if not text.isascii() and _CJK_CHAR.search(text) else _WORD


def token_count(text: str) -> int:
    """How many word tokens :func:`word_pattern` finds in ``text``: :func:`word_count`, but each Chinese or
    Japanese character a word, as matching counts them.

    >>> token_count("北约秘书长 said"), token_count("The minister said")
    (6, 3)
    """
    return len(word_pattern(text).findall(text))


# Byte sequences that UTF-8 text takes on when decoded as Latin-1/cp1252: a cheap gate so ftfy's slower
# analysis only runs on text that may need it.
_MOJIBAKE_LEADS = "\u00c2\u00c3\u00c5\u00e2\u00d0\u00d1"
_MOJIBAKE_HINT = re.compile(f"[{_MOJIBAKE_LEADS}][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0178\u20ac\u2122]")


@dataclass(slots=True, frozen=True)
class Line:
    """A non-blank line of a text: its stripped content and where that content sits in the text."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets of their content (leading and trailing white space excluded)."""
    lines = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(m.start() + lead, m.start() + lead + len(stripped), stripped))
    return lines


def strip_span(text: str, start: int, end: int) -> Line:
    """The line ``text[start:end]`` without its surrounding white space, with offsets adjusted."""
    piece = text[start:end]
    stripped = piece.strip()
    lead = len(piece) - len(piece.lstrip())
    return Line(start + lead, start + lead + len(stripped), stripped)


def fold(text: str) -> str:
    """NFKC, straight quotes and dashes, single spaces: the normal form used for matching."""
    if text.isascii():  # already NFKC with straight quotes: the common case, and 10x cheaper
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text  # single spaces only (printable ASCII holds no other white space): a line as written
        return " ".join(text.split())
    if _QUOTE_CHARS.search(text):
        text = _QUOTE_CHARS.sub(lambda m: _QUOTE_MAP[m.group()], text)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def has_mojibake(text: str) -> bool:
    """Whether ``text`` looks like UTF-8 decoded with the wrong codec (and ftfy can repair it)."""
    # The hint's characters are all outside ASCII, and it opens with one of a few (tested for first: a
    # substring test each is several times cheaper than the regex's scan of an article).
    if text.isascii() or not any(c in text for c in _MOJIBAKE_LEADS) or not _MOJIBAKE_HINT.search(text):
        return False
    import ftfy  # here: most texts never need it, and importing it was a tenth of a command's start-up

    return bool(ftfy.fix_text(text) != text)


def lower_fold(text: str) -> str:
    """:func:`fold`, case-folded: the form line rules are matched against."""
    return fold(text).casefold()


def rule_form(text: str, folded: str | None = None) -> str:
    """:func:`lower_fold` without leading list markers ("• ", "- ", "> "): the form line rules see.

    >>> rule_form("  • Share THIS")
    'share this'
    """
    return _BULLETS.sub("", (fold(text) if folded is None else folded).casefold())


def key_of(lowered: str) -> str:
    """:func:`match_key` of a text already passed through :func:`lower_fold`."""
    if lowered.isascii():  # bytes.translate, a table lookup a byte, is 2x faster than str.translate's dict
        return b" ".join(lowered.encode().translate(_KEY_SPACES).split()).decode()
    return " ".join(_NON_WORD.sub(" ", lowered).split())


def match_key(text: str) -> str:
    """Case-, punctuation- and space-insensitive key: two lines with the same key say the same thing.

    A text whose only characters outside ASCII are typographic quotes, dashes and no-break spaces (most news)
    takes one table translation and one split, the same string at a third less cost: ``fold`` makes those
    characters ASCII punctuation or a space and the key makes punctuation a space, so each is read as "?"
    (a punctuation mark too); other texts are folded, case-folded and keyed (:func:`key_of`)."""
    if text.isascii() or not _OTHER_NON_ASCII.search(text):
        return b" ".join(text.encode("ascii", "replace").translate(_ASCII_KEY).split()).decode()
    return key_of(lower_fold(text))


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (xxh3: fast, and the same on every machine and run)."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8"))


#: Lines longer than this are never templates: widgets are short, article paragraphs are not.
TEMPLATE_MAX_WORDS = 15
#: Short sentences about a person ("He was 75.") recur across the versions of one story; widgets do not
#: open with a personal pronoun.
# At least TEMPLATE_MAX_WORDS + 1 runs of ``\w``; possessive, so that no run is split in two on the way
# back (3x faster than counting ``_WORD.findall`` on article lines, which stops nowhere).
_OVER_MAX_WORDS = re.compile(rf"(?:\W*+\w++){{{TEMPLATE_MAX_WORDS + 1}}}")
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "his", "her", "their", "its", "him", "them"})


def template_key(text: str, folded: str | None = None) -> str:
    """A short line with its numbers masked (``0``): "8 Comments" and "236 Comments" share a template.
    Empty for lines over :data:`TEMPLATE_MAX_WORDS` words. ``folded``: ``fold(text)``, when the caller has it.

    >>> template_key("236 Comments."), template_key("1. Denial.")
    ('0 comments .', '0 . denial .')
    >>> template_key("He was 75.")
    ''
    """
    if len(text) > 20 * TEMPLATE_MAX_WORDS:  # cheap bound before tokenising: no word is that long on average
        return ""
    folded = fold(text) if folded is None else folded
    if _OVER_MAX_WORDS.match(folded):  # most lines: rejected without listing their words
        return ""
    words = _WORD.findall(folded)
    if not words or len(words) > TEMPLATE_MAX_WORDS or words[0].casefold() in _PRONOUNS:
        return ""
    # Only numbers are masked, and punctuation stays: masking names too ("— Max Fisher (@Max_Fisher)
    # August 19, 2014") turned every embedded tweet's signature into one template, and "1. Denial." into
    # the shape of "236 Comments.".
    return " ".join("0" if tok[0].isdigit() else tok.casefold() for tok in _WORD_OR_MARK.findall(folded))


#: A link label and what it links to: "Also on <site> - <headline>", "TRENDING: <headline>", "[Video] ...".
#: In the folded form dashes are "-" and guillemets '"'. The label starts with a letter and holds no
#: brackets (a credit, "(AP)"), and what follows starts with a word.
_LABEL = r"^\W{0,3}(?P<label>[^\W\d_][^:|\[\]()\u203a\u2192\"]{0,40}?)\s*"
_LABELLED = re.compile(_LABEL + r"(?::|\||\]|\u203a|\u2192|\s-\s|\s\"\s)\s*\w")
#: A label set off by a colon, a bar or an arrow, not by a dash, a quotation mark or a bracket.
_MARKED_LABEL = re.compile(_LABEL + r"(?::|\||\u203a|\u2192)\s*\w")
#: Limits of a labelled line: the label's words, and the whole line's (a link's text is a headline).
LABEL_MAX_WORDS = 6
LABELLED_MAX_WORDS = 25
#: Prefix of the template under which a label is counted (see :func:`label_template`).
LABEL_TEMPLATE = "\x03label "


def label_template(folded: str) -> str:
    """The template of a labelled line's label (numbers masked, "0"), or "" for other lines: the text after
    a label varies (each link's headline) while the label recurs, so the label is what a corpus counts.
    ``folded``: the line's :func:`fold`.

    >>> label_template("ALSO READ | Storm closes 40 schools"), label_template("Most read on 2 sites: A storm")
    ('\\x03label also read', '\\x03label most read on 0 sites')
    >>> label_template("The minister said: it will pass"), label_template("Said it: yes")
    ('', '')
    """
    if len(folded) > 20 * LABELLED_MAX_WORDS or _OVER_LABELLED.match(folded):
        return ""
    m = _LABELLED.match(folded)
    if m is None:
        return ""
    label = m.group("label")
    words = _WORD.findall(label)
    rest = _WORD.findall(folded[m.end() - 1 :])
    if not words or len(words) > LABEL_MAX_WORDS or len(rest) < 2 or words[0].casefold() in _LABEL_NOT_FIRST:
        return ""
    return LABEL_TEMPLATE + " ".join("0" if w[0].isdigit() else w.casefold() for w in words)


_OVER_LABELLED = re.compile(rf"(?:\W*+\w++){{{LABELLED_MAX_WORDS + 1}}}")


def marked_label(folded: str) -> bool:
    """Whether a labelled line's label is set off by a colon, a bar or an arrow ("Neighbor post: <headline>"),
    where a dash may part a headline's own words ("Woman Killed in Queens Hit - And - Run").

    >>> marked_label("Neighbor post: Storm closes schools"), marked_label("T - Mobile adds the Q10")
    (True, False)
    """
    return _MARKED_LABEL.match(folded) is not None


def template_free(text: str, folded: str) -> bool:
    """Whether a line is too long for both :func:`template_key` and :func:`label_template` (both give ""):
    told by the lengths or one scan of its first words, where each of them would make its own.
    ``folded``: the line's :func:`fold`.

    >>> template_free("8 Comments", "8 Comments"), template_free("word " * 30, "word " * 30)
    (False, True)
    """
    if len(text) > 20 * TEMPLATE_MAX_WORDS and len(folded) > 20 * LABELLED_MAX_WORDS:
        return True
    # Over LABELLED_MAX_WORDS words is over TEMPLATE_MAX_WORDS too: the possessive scan for more words
    # takes the same first words as the one for fewer.
    return _OVER_LABELLED.match(folded) is not None


#: A label is a name for links, not the start of a sentence cut at a colon ("The minister said: ...").
_LABEL_NOT_FIRST = _PRONOUNS | {"the", "a", "an", "this", "that", "said", "says", "but", "and", "or", "so"}


#: What a template holds in place of the source's own name (see :func:`mask_site`).
SITE_MASK = "@site"
#: Name parts shorter than this are not masked: "the", "news" and "bbc" are words of many lines.
_SITE_PART_MIN = 4


@functools.lru_cache(maxsize=4096)
def site_names(group: str) -> tuple[str, ...]:
    """The parts of a source's name that its pages spell out: the labels of its host name other than
    ``www`` and the top-level domain ("cedarstar.com.au" -> ``("cedarstar",)``), or a folder's name.

    >>> site_names("www.dailycourier.co.uk"), site_names("crawl/courier"), site_names("")
    (('dailycourier',), ('courier',), ())
    """
    host = group.rsplit("/", 1)[-1].casefold()  # a folder-derived group ends with the site's folder
    labels = host.split(".")
    if len(labels) > 1:
        labels = labels[:-1]
    return tuple(label for label in labels if len(label) >= _SITE_PART_MIN and label != "www")


def mask_site(template: str, names: tuple[str, ...]) -> str:
    """``template`` with each run of words that spells (part of) the source's own name, at least 4 letters
    run together ("bay herald" on bayherald.example), masked as one :data:`SITE_MASK`: "Follow Cedar Star on
    Instagram" on cedarstar.org and "Follow Bay Times on Instagram" on baytimes.news share a template, as a
    widget stamped on many sites with each site's name in it should.

    >>> mask_site("follow bay times on instagram", ("baytimes",))
    'follow @site on instagram'
    """
    if not names:
        return template
    if not _name_pieces(names).search(template.replace(" ", "")):
        return template  # no run of words spells a name's part (most templates): nothing to mask
    tokens = template.split(" ")
    out: list[str] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        # A run that spells part of a name starts with a word inside that name: most words are in none, and
        # this one test spares them the joins below (a fifth of a corpus clean's time went there).
        if not token.isalpha() or not any(token in name for name in names):
            out.append(token)
            at += 1
            continue
        end = at
        while end < len(tokens) and end - at < 4 and tokens[end].isalpha():
            end += 1
        # The longest run of words from here that, run together, is a part of a name.
        size = next(
            (n for n in range(end - at, 0, -1) if _spells_name("".join(tokens[at : at + n]), names)),
            0,
        )
        if size:
            if not out or out[-1] != SITE_MASK:
                out.append(SITE_MASK)
            at += size
        else:
            out.append(tokens[at])
            at += 1
    return " ".join(out)


@functools.lru_cache(maxsize=4096)
def _name_pieces(names: tuple[str, ...]) -> re.Pattern[str]:
    """Every piece of :data:`_SITE_PART_MIN` letters of the names. A run of words that :func:`mask_site`
    masks spells a part of a name at least that long, so the template with its spaces taken out holds one
    of these pieces: a template that holds none is left as it is, without walking its words."""
    pieces = {name[i : i + _SITE_PART_MIN] for name in names for i in range(len(name) - _SITE_PART_MIN + 1)}
    return re.compile("|".join(map(re.escape, sorted(pieces))) or "(?!)")


def _spells_name(run: str, names: tuple[str, ...]) -> bool:
    return len(run) >= _SITE_PART_MIN and any(run in name for name in names)


def normal_words(normal: str) -> int:
    """Words of a text already in a normal form (single spaces, no edge spaces): a count, no tokenising."""
    return normal.count(" ") + 1 if normal else 0


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


#: Short lines recur (a site's widgets and footers on its every page, more than half of the short lines of
#: the speed corpus), so answers about them are worth remembering: lines up to ``MEMO_MAX_CHARS`` long, up
#: to ``MEMO_LINES`` of them per memo. At 32,768 lines the clean path's memos grew a run's peak memory from
#: 222 MB at 2,000 articles to 293 MB at 32,000 (not flat); at 16,384, 236 to 273 MB; at 4,096, 224 to
#: 242 MB, but the CLI cleaned 513 articles/s per core instead of 601 (bench_speed.py, 2 cores). With
#: more memos on the path (header metadata, menu lines) and a lighter start (lazy imports), 16,384 lines
#: went from 156 to 201 MB (1.29x) at 576 articles/s per core; 8,192 lines from 153 to 181 MB (1.18x) at 557.
MEMO_MAX_CHARS = 240
MEMO_LINES = 1 << 13

_Answer = TypeVar("_Answer")


def remember_short_lines(fn: Callable[[str], _Answer]) -> Callable[[str], _Answer]:
    """``fn`` with its answers on short lines remembered (an LRU of :data:`MEMO_LINES`); longer lines,
    which rarely recur and would only fill the memo, are answered afresh. ``fn`` must be pure."""
    remembered = functools.lru_cache(maxsize=MEMO_LINES)(fn)

    @functools.wraps(fn)
    def answer(line: str) -> _Answer:
        return remembered(line) if len(line) <= MEMO_MAX_CHARS else fn(line)

    return answer


_Key = TypeVar("_Key")


def remember_in(
    memo: dict[_Key, _Answer], key: _Key, compute: Callable[[], _Answer], limit: int = MEMO_LINES
) -> _Answer:
    """``memo[key]``, computed and kept when absent; the memo is emptied when it holds ``limit`` answers (a
    site's furniture soon comes back), so its memory is bounded. For memos that live on an object.

    >>> memo: dict[str, int] = {}
    >>> remember_in(memo, "Home | News", lambda: 2), remember_in(memo, "Home | News", lambda: 3)
    (2, 2)
    """
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= limit:
        memo.clear()
    found = memo[key] = compute()
    return found
