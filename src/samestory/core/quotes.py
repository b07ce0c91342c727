"""Quotations and who said them.

Rewrites reword the reporting but keep the quotes verbatim, so quotes are strong evidence that two articles
tell the same story. Speakers are found the way a reader finds them, without a parser: a verb of saying next
to the quote (``," Rutte said``, ``," said Rutte``, ``He said ... "``), and a pronoun (``," he said``) stands
for the person the text is about, the last person named as the subject of a clause.

>>> paras = [(0, 'NATO chief Mark Rutte said Wednesday the war must end.'),
...          (60, '"It is not up to me," he said.')]
>>> [(q.text, q.speaker) for q in find_quotes(paras)]
[('It is not up to me', 'Mark Rutte')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from samestory.core.dates import MONTHS, WEEKDAYS
from samestory.core.text import UPPER, WORD, token_count, word_pattern
from samestory.records import Quote

_SAY = (
    r"(?:said|says|say|added|adds|told|tells|stated|states|stressed|stresses|noted|notes|explained|explains|"
    r"declared|declares|insisted|insists|warned|warns|urged|urges|argued|argues|emphasi[sz]ed|emphasi[sz]es|"
    r"underscored|underlined|highlighted|continued|remarked|wrote|writes|recalled|acknowledged|admitted|"
    r"asserted|claimed|claims|concluded|announced|replied|responded|asked|pointed out|"
    # The commonest verbs of saying of the languages whose news the date reader knows, in the forms a report
    # puts them after a quote ("„...“, sagte Scholz", "« ... », a déclaré Macron", "«...», — заявил Путин"):
    # a closed class, written out (no library lists them).
    r"sagte|sagt|erklärte|betonte|a déclaré|a dit|a affirmé|a souligné|dijo|afirmó|declaró|señaló|"
    r"ha detto|ha dichiarato|ha affermato|disse|afirmou|declarou|zei|verklaarde|powiedział|powiedziała|"
    r"stwierdził|stwierdziła|заявил|заявила|сказал|сказала|отметил|отметила|заявив|dedi|söyledi)"
)
#: A name's word: it opens with a capital of any cased script ("Özlem", "Łukasz", "Путин").
_CAP_TOKEN = rf"[{UPPER}][\w'\u2019-]*\.?"
_PARTICLE = rf"(?:van|von|de|der|da|al|bin|el|la|le|di|du)(?=\s+[{UPPER}])"
_NAME_TOKEN = rf"(?:{_CAP_TOKEN}|{_PARTICLE})"
# A name starts with a capital: the leading character class lets ``re`` skip ahead to candidates quickly.
_NAME = rf"{_CAP_TOKEN}(?:\s+{_NAME_TOKEN}){{0,6}}"
_PRONOUN = r"(?:he|she|they|He|She|They)"
_SINGULAR = ("he", "she", "He", "She")
#: :data:`_NAME` with possessive quantifiers, for patterns where a name is followed by white space: there,
#: giving back a token's last characters (a word character, a quote mark, a hyphen or a final ".") or its
#: last tokens (capitalised, or a particle followed by one: none of them starts the lower-case verb that
#: must follow) never leads to a match, so the regex need not try (``SUBJECT`` and ``BEFORE`` ran 1.8x and
#: 1.4x faster on the speed corpus, with the same matches; finding quotes was a tenth of cleaning). Not in
#: ``AFTER``, where ``\b`` may follow a name.
_CAP_TOKEN_ATOMIC = rf"[{UPPER}][\w'\u2019-]*+\.?+"
_NAME_ATOMIC = rf"{_CAP_TOKEN_ATOMIC}(?:\s+(?:{_CAP_TOKEN_ATOMIC}|{_PARTICLE})){{0,6}}+"
QUOTE = re.compile(
    r"\"(?P<a>[^\"\n]{2,})\""  # straight
    r"|\u201c(?P<b>[^\u201c\u201d\n]{2,})[\u201d\"]"  # curly
    r"|\u00ab(?P<c>[^\u00ab\u00bb\n]{2,})\u00bb"  # guillemets
    r"|\u201e(?P<d>[^\u201c\u201d\u201e\n]{2,})[\u201c\u201d]"  # low-high, German and Central European
    r"|\u00bb(?P<e>[^\u00ab\u00bb\n]{2,})\u00ab"  # guillemets pointing in, German and Danish
    r"|\u300c(?P<f>[^\u300c\u300d\n]{2,})\u300d"  # corner brackets, Japanese
    r"|\u300e(?P<g>[^\u300e\u300f\n]{2,})\u300f"  # white corner brackets, a quote inside a quote
)
#: The white space a French quote keeps inside its guillemets ("« Non »"), no-break spaces included.
_INNER_SPACE = " \u00a0\u202f\u2009"
#: An apposition between a name and its verb ("Tim Cook, the company's chief executive, said", "Anna Kowalski,
#: 42, said"): it opens with a lower-case word or a number, so that a list of names ("After meeting Macron,
#: Trump, 72, said") does not give the first of them.
_APPOSITION = r"(?P<apposition>,\s[a-z\d][^,.;\"\u201c\u201d\n]{0,60},)?"
#: A word before a name that makes it part of a phrase, not the subject of a clause ("coordinator for Pueblo
#: Sin Fronteras, a transnational group, told"): an apposition after such a name is not the speaker's.
_IN_PHRASE = re.compile(r"\b(?:for|of|at|in|with|from|by|to|on|the|a|an)\s+$")
#: What may stand between a quote and what follows it: a comma, and a dash as Russian and Ukrainian reports set
#: one ("«...», — заявил Путин").
_AFTER_QUOTE = r"\s*,?\s*(?:[\u2014\u2013-]\s*)?"
AFTER = re.compile(
    rf"{_AFTER_QUOTE}(?:(?P<pre>{_NAME}|{_PRONOUN}){_APPOSITION.replace('?P<apposition>', '')}\s+(?:also\s+)?{_SAY}"
    rf"|{_SAY}\s+(?P<post>{_NAME}|{_PRONOUN}))\b"
)
BEFORE = re.compile(
    rf"(?P<who>{_NAME_ATOMIC}|\b{_PRONOUN}){_APPOSITION}\s+(?:also\s+)?{_SAY}\b[^.!?\"\u201c]{{0,160}}$"
)
SUBJECT = re.compile(
    rf"(?P<who>{_NAME_ATOMIC}){_APPOSITION}\s+(?:also\s+|then\s+|later\s+)?"
    rf"(?:(?P<say>{_SAY})|was|is|has|had|will|would|did)\b"
)
_INITIALS = re.compile(rf"(?:[{UPPER}]\.)+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
#: Title words, compared without their full stops: "Mr." and the British "Mr" are one title.
_TITLES = {
    "president", "vice", "secretary", "general", "minister", "prime", "foreign", "defense", "defence", "chancellor",
    "chief", "director", "spokesman", "spokeswoman", "spokesperson", "senator", "sen", "rep", "gov", "governor",
    "mr", "mrs", "ms", "dr", "prof", "king", "queen", "pope", "ceo", "chair", "chairman", "chairwoman", "mayor",
    "leader", "head", "commissioner", "ambassador", "envoy", "judge", "justice", "officer", "official",
    "coach", "manager", "captain", "former", "deputy", "acting", "premier", "sheikh", "lt", "col",
    "speaker", "senior", "adviser", "advisor", "analyst", "professor", "economist", "executive", "founder",
    "constable", "sergeant", "sheriff", "undersheriff", "lieutenant", "detective", "inspector", "attorney", "admiral",
    "commander", "agent", "editor", "lawyer", "sgt", "capt", "gen", "adm", "atty", "msgr", "cpl", "pvt", "rev", "supt",
    "det", "insp", "cmdr", "const", "ofc", "maj", "hon",
}  # fmt: skip
#: Words that open a clause and are never part of a name.
_NOT_NAMES = {
    "the", "but", "and", "as", "in", "on", "at", "when", "while", "after", "before", "meanwhile", "however", "speaking",
    "he", "she", "it", "they", "we", "i", "you", "this", "that", "there", "here", "his", "her", "their", "its",
    "a", "an", "if", "so", "yet", "then", "also", "both", "all", "asked", "according", "some", "many", "most",
    "others", "several", "few", "one", "another", "each", "thus", "yesterday", "today", "tomorrow", "tonight",
}  # fmt: skip


def person_name(candidate: str) -> str | None:
    """The personal name at the end of a capitalised run ("NATO Secretary General Mark Rutte" -> "Mark Rutte")."""
    tokens = candidate.split()
    name: list[str] = []
    for token in reversed(tokens):
        low = _word(token)
        acronym = token.isupper() and len(token) > 1 and not token.endswith(".")
        # Before the last word, a word with a full stop is an initial ("J."), else an abbreviated title
        # ("Sgt.", "Msgr.") or a sentence's end ("... in Paris. Macron said"): neither is part of the name.
        stop = bool(name) and token.endswith(".") and not _INITIALS.fullmatch(token)
        stop = stop or (bool(name) and bool(_POSSESSIVE.search(token)))  # "Al Jazeera's Haru Mutasa"
        if low in _TITLES or low in _NOT_NAMES or low in WEEKDAYS or low in MONTHS or acronym or stop:
            break
        name.insert(0, token)
    return " ".join(name[-3:]) or None


class _Speakers:
    """The people named so far, so that a surname or a pronoun can be resolved to a full name."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}
        self.last: str | None = None

    def note(self, raw: str | None, says: bool = True, singular: bool = True) -> str | None:
        """Record a mention; return the person it refers to (the last person for "he" or "she").

        ``says``: the mention is the subject of a verb of saying, so even a lone word names a person.
        ``singular``: it may be whom a later "he" or "she" stands for; the subject of a plural verb ("Police
        say") is not.
        """
        name = person_name(raw) if raw else None
        if name is None:
            # Only "he" and "she" stand for the person the text is about: "they" are several, and "It said",
            # "The UN said", "King said" (a title word) or "When asked ..., he" name someone else, or no one
            # this can tell.
            return self.last if raw and _pronoun(raw) else None
        surname = name.split()[-1]
        if not says and surname not in self.full:
            # Only a verb of saying introduces a new person: "the Arctic Sentry will" and "Washington has"
            # are not people, while "Rutte was asked" refers back to "Mark Rutte said".
            return self.last
        if " " not in name:
            name = self.full.get(name, name)
        self.full.setdefault(surname, name)
        if singular:
            self.last = name
        return name


def _clause(raw: str, after_verb: bool) -> str:
    """The words of a capitalised run that stand in the clause of its verb of saying: a run may go over a
    sentence's end ("The Daily Mail. She added", "said Galvin. The contents"), at a word with a full stop that
    is neither an initial ("J.") nor an abbreviated title ("Sgt."). After the verb, the name comes first and
    the run is cut there only before a word that opens a clause ("The", "He"): an abbreviation the
    titles lack ("said Dist. Atty. Steve Cooley") does not end the sentence."""
    tokens = raw.split()
    ends = [i for i, t in enumerate(tokens[:-1]) if t.endswith(".") and not _abbreviation(t)]
    if after_verb:
        ends = [i for i in ends if _word(tokens[i + 1]) in _NOT_NAMES]
        return " ".join(tokens[: ends[0] + 1]).rstrip(".") if ends else raw
    return " ".join(tokens[ends[-1] + 1 :]) if ends else raw


#: An apostrophe, straight or curly: what a word is cut at ("He's", "Jazeera's").
_APOSTROPHE = re.compile(r"['\u2019]")


def _word(token: str) -> str:
    """A token as the title words hold it: lower case, without its full stop or its "'s"."""
    return _APOSTROPHE.split(token.casefold(), maxsplit=1)[0].rstrip(".,")


def _pronoun(raw: str) -> bool:
    """Whether a mention is "he" or "she" ("He's" too)."""
    return _APOSTROPHE.split(raw, maxsplit=1)[0] in _SINGULAR


def _abbreviation(token: str) -> bool:
    return bool(_INITIALS.fullmatch(token)) or _word(token) in _TITLES


def _speaker(para: str, m: re.Match[str], people: _Speakers) -> str | None:
    after = AFTER.match(para, m.end())
    if after:
        pre = after.group("pre")
        return people.note(_clause(pre, False) if pre else _clause(after.group("post"), True))
    # The verb of saying nearest the quote: in "When asked by host Greta Van Susteren how he knows this,
    # Hunter said, ..." the first candidate, "When asked", names no one.
    head, pos = para[: m.start()], 0
    while (before := BEFORE.search(head, pos)) is not None:
        who = _clause(before.group("who"), False)
        if (_pronoun(who) or person_name(who)) and _subject(head, before):
            return people.note(who)
        pos = before.end("who")
    return None


def _subject(para: str, m: re.Match[str]) -> bool:
    """Whether a :data:`BEFORE` or :data:`SUBJECT` match's name is a clause's subject: with an apposition,
    not when it stands in a phrase ("for Pueblo Sin Fronteras, a group, told")."""
    return m.group("apposition") is None or not _IN_PHRASE.search(para, 0, m.start("who"))


def find_quotes(paragraphs: Iterable[tuple[int, str]], min_words: int = 2) -> list[Quote]:
    """Quotes in paragraphs given as ``(offset, text)``; offsets of the quotes index the same original."""
    people = _Speakers()
    quotes: list[Quote] = []
    found = [(offset, para, list(QUOTE.finditer(para)) if _may_quote(para) else []) for offset, para in paragraphs]
    # Mentions after the last quote cannot name a speaker: stop reading there (most of the time on an
    # article without quotes, reading for names is most of the cost).
    last = max((k for k, (_o, _p, ms) in enumerate(found) if ms), default=-1)
    for offset, para, matches in found[: last + 1]:
        cursor = 0
        for m in matches:
            _mentions(para, cursor, m.start(), people)
            cursor = m.end()
            group = m.lastgroup or "a"
            body = m.group(group)
            if quote_words(body) < min_words:
                continue
            start = offset + m.start(group) + len(body) - len(body.lstrip(_INNER_SPACE))
            # the comma before "he said" belongs to the sentence, not the quote
            body = body.strip(_INNER_SPACE).rstrip(", " + _INNER_SPACE)
            quotes.append(Quote(body, _speaker(para, m, people), start, start + len(body)))
        _mentions(para, cursor, len(para), people)
    return quotes


def quote_words(body: str) -> int:
    """The words of a quote: between spaces, or each Chinese or Japanese character, which are written without
    them (as matching counts them, :func:`~samestory.core.text.word_pattern`)."""
    words = len(body.split())
    if body.isascii() or word_pattern(body) is WORD:
        return words
    return max(words, token_count(body))  # only text with such characters: "l'État" stays one word


def _may_quote(para: str) -> bool:
    """Whether ``para`` holds a mark that opens a :data:`QUOTE`: most paragraphs hold none, and a few
    substring tests settle them faster than the regex's scan."""
    return (
        '"' in para
        or "\u201c" in para
        or "\u00ab" in para
        or "\u201e" in para
        or "\u00bb" in para
        or "\u300c" in para
        or "\u300e" in para
    )


def _mentions(para: str, start: int, end: int, people: _Speakers) -> None:
    for s in SUBJECT.finditer(para, start, end):
        if _subject(para, s):
            say = s.group("say")
            # "Police say ...": a plural subject, never the "he" of a later quote (the speaker it gave a fire
            # officer's quote two entries on in a live blog, qa-updates pass).
            people.note(_clause(s.group("who"), False), says=say is not None, singular=say != "say")
