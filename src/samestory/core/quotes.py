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

import functools
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
_CAP_TOKEN = rf"[{UPPER}][\w'\u2019-]*\.?(?:[{UPPER}]\.)*"  # initials without spaces: "M.K."
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
_CAP_TOKEN_ATOMIC = rf"[{UPPER}][\w'\u2019-]*+\.?+(?:[{UPPER}]\.)*+"
_NAME_ATOMIC = rf"{_CAP_TOKEN_ATOMIC}(?:\s+(?:{_CAP_TOKEN_ATOMIC}|{_PARTICLE})){{0,6}}+"
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
#: Trump, 72, said") does not give the first of them; or with a capitalised job title followed by "of", "for"
#: or "at" ("M.A. Siddique, Managing Director of Chennai Metro Rail Limited, said"). Two parts ("Marta Solé,
#: 54, who has lived there all her life, said"), the second in lower case. A lone comma when the name is
#: itself an apposition ("The city's mayor, Jaume Collboni, said"; :func:`_subject`). A part's text holds no
#: comma, so giving any of it back never leads to a match: possessive, the regex does not try.
_APPOSITION_TEXT = r"[^,.;\"\u201c\u201d\n]"
_APPOSITION = (
    rf"(?P<apposition>,\s(?:[a-z\d]|[{UPPER}]{_APPOSITION_TEXT}{{0,40}}?\s(?:of|for|at)\s){_APPOSITION_TEXT}{{0,60}}+"
    rf"(?:,\s[a-z\d]{_APPOSITION_TEXT}{{0,60}}+)?,|,)?"
)
#: A word before a name that makes it part of a phrase, not the subject of a clause ("coordinator for Pueblo
#: Sin Fronteras, a transnational group, told"): an apposition after such a name is not the speaker's.
_IN_PHRASE = re.compile(r"\b(?:for|of|at|in|with|from|by|to|on|the|a|an)\s+$")
#: Job titles a report writes in lower case before a name ("said area manager Rhys Goddard", "FNV negotiator
#: Niek Stam told"), beside the title words: the last word before the name must be one of them, so that a
#: phrase ("said on Monday Jane", "told the court Smith") gives no speaker.
_ROLE_WORDS = _TITLES | {
    "negotiator", "resident", "aide", "organiser", "organizer", "campaigner", "activist", "researcher",
    "scientist", "owner", "worker", "teacher", "nurse", "doctor", "farmer", "student", "witness", "member",
    "councillor", "councilor", "lawmaker", "legislator", "representative", "strategist", "consultant", "expert",
    "historian", "superintendent", "principal", "boss", "assemblyman", "assemblywoman", "mp",
}  # fmt: skip
_ROLE_WORD = "(?:" + "|".join(sorted(_ROLE_WORDS, key=lambda w: (-len(w), w))) + ")"
#: A lower-case job title before a name, with up to three words that qualify it ("regional interior minister").
_ROLE = rf"(?:[\w'\u2019.&-]+\s+){{0,3}}?{_ROLE_WORD}\s+"
#: What may stand between a quote and what follows it: a comma, and a dash as Russian and Ukrainian reports set
#: one ("«...», — заявил Путин").
_AFTER_QUOTE = r"\s*,?\s*(?:[\u2014\u2013-]\s*)?"
AFTER = re.compile(
    # A job title before the name is tried last (lazy ??): most quotes are followed by a name or a pronoun.
    rf"{_AFTER_QUOTE}(?:(?:{_ROLE}|(?P<the>the\s+))??(?P<pre>{_NAME}|{_PRONOUN})"
    rf"{_APPOSITION.replace('?P<apposition>', '')}\s+(?:also\s+)?{_SAY}"
    rf"|{_SAY}\s+(?:{_ROLE})??(?P<post>{_NAME}|{_PRONOUN})"
    rf"|the\s+(?P<role>(?:[\w-]+\s+){{0,2}}?{_ROLE_WORD})\s+(?:also\s+)?{_SAY})\b"
)
#: "according to" and a name, which says what follows or what comes before ("according to port authority
#: spokesman Sjaak Poppe"): a mention of a speaker, and after a quote its attribution, when a job title says it
#: is a person (:func:`_titled`).
ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?:{_ROLE})?(?P<who>{_NAME_ATOMIC})")
_AFTER_ACCORDING = re.compile(rf"[\s,]*according\s+to\s+(?:{_ROLE})?(?P<who>{_NAME_ATOMIC})")
#: A verb of saying right after a quote whatever its subject ("," the company said"): the quote is attributed,
#: to someone :data:`AFTER` may not name, so it does not go on from the quote before.
AFTER_ANY = re.compile(rf"{_AFTER_QUOTE}(?:[\w'\u2019.&-]+\s+){{0,5}}?(?:also\s+)?{_SAY}\b")
BEFORE = re.compile(
    rf"(?P<who>{_NAME_ATOMIC}|\b{_PRONOUN}){_APPOSITION}\s+(?:also\s+)?{_SAY}\b[^.!?\"\u201c]{{0,160}}$"
)
#: A verb of saying, which every :data:`BEFORE` match ends with, but for the text after it up to the quote:
#: at most 160 characters without a sentence's end or a quote mark (:func:`_may_say_before`).
_SAY_WORD = re.compile(_SAY)
_SAY_REACH = 160 + max(len(re.sub(r"\[\w+\]", "x", verb)) for verb in _SAY[3:-1].split("|"))
_BEFORE_STOPS = '.!?"\u201c'
SUBJECT = re.compile(
    rf"(?P<who>{_NAME_ATOMIC}){_APPOSITION}\s+(?:also\s+|then\s+|later\s+)?"
    rf"(?:(?:has\s+|had\s+)?(?P<say>{_SAY})|was|is|has|had|will|would|did)\b"
)
#: A person named by their job alone as the subject of a verb of saying ("The minister said", "the Chief
#: Minister told"): the one person named before with that title (the last word one of :data:`_ROLE_WORDS`,
#: tested after the match: an alternation of them in the pattern made it three times slower).
ROLE_SUBJECT = re.compile(rf"\b[Tt]he\s+(?P<role>(?:[\w-]+\s+){{0,2}}?[\w-]+)\s+(?:also\s+)?(?:has\s+|had\s+)?{_SAY}\b")
#: A name set off by commas after a job title ("Its director, Phillip Swagel, declined"): a person, whatever
#: the verb, so a later "he" stands for them.
APPOSITIVE_NAME = re.compile(rf",\s+(?P<who>{_NAME_ATOMIC}),")
#: A clause of someone else's between a verb of saying and a quote ("Roy said, while DeLauro called the plan
#: "reckless""): the quote is not the first speaker's.
_OTHER_CLAUSE = re.compile(rf",\s+(?:while|whereas|but|and)\s+[{UPPER}]")
#: A job title with its portfolio before a name ("Minister for Housing James Browne"): the capitalised run
#: holds the portfolio's words, and the person is its last two.
_PORTFOLIO = re.compile(rf"\b(?i:{_ROLE_WORD})\s+(?:of|for)\s+$")
#: Words of an organisation's name ("Public Health Porthaven", "the Met Office", "Transport Department"): such a
#: speaker says its own quotes, but is never whom a later "he" or "she" stands for.
_ORGANISATION = {
    "ministry", "department", "office", "council", "police", "service", "services", "authority", "agency",
    "company", "association", "union", "party", "bank", "university", "court", "commission", "committee", "board",
    "group", "institute", "foundation", "corporation", "inc", "ltd", "corp", "plc", "llc", "government", "trust",
    "society", "federation", "fund", "organisation", "organization", "club", "airlines", "airways", "hospital",
    "school", "college", "centre", "center", "health", "network", "team", "forces", "army", "navy", "kremlin",
    "news", "times", "post", "journal", "herald", "telegraph", "media", "radio", "television", "tv", "press",
}  # fmt: skip
#: Pronouns and honorifics that tell a person's gender, so that "she" does not stand for a man.
_GENDER = {"he": "m", "she": "f", "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f"}


# Cached, as the next three: pure functions of a name or a word, which come again and again in a text and in
# a corpus (a dict look-up costs less than reading the tokens again).
@functools.lru_cache(maxsize=1 << 14)
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
    """The people named so far, so that a surname, a job title or a pronoun can be resolved to a full name."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}
        self.last: str | None = None
        self.gender: dict[str, str] = {}
        self.roles: dict[str, set[str]] = {}
        self.here: set[str] = set()  # the people named in the paragraph being read

    def note(self, raw: str | None, says: bool = True, singular: bool = True, role: str = "") -> str | None:
        """Record a mention; return the person it refers to (the last person for "he" or "she").

        ``says``: the mention is the subject of a verb of saying, so even a lone word names a person.
        ``singular``: it may be whom a later "he" or "she" stands for; the subject of a plural verb ("Police
        say") is not. ``role``: a job title written before the name ("area manager").
        """
        name = person_name(raw) if raw else None
        if name is None:
            # Only "he" and "she" stand for the person the text is about: "they" are several, and "It said",
            # "The UN said", "King said" (a title word) or "When asked ..., he" name someone else, or no one
            # this can tell. A "she" does not stand for a man called "he" or "Mr" before.
            if not raw or not _pronoun(raw) or self.last is None:
                return None
            gender = _GENDER[_word(raw)]
            if self.gender.get(self.last, gender) != gender:
                return None
            if self.last in self.here:
                # Told only where the person is named in the same paragraph ("Saul Eslake said ... "...," he
                # said"): a "she" paragraphs on may be someone unnamed ("his girlfriend ... she said").
                self.gender[self.last] = gender
            return self.last
        surname = name.split()[-1]
        if not says and surname not in self.full:
            # Only a verb of saying introduces a new person: "the Arctic Sentry will" and "Washington has"
            # are not people, while "Rutte was asked" refers back to "Mark Rutte said".
            return self.last
        if _organisation(raw or name):
            # "Public Health Porthaven said": the organisation said it, but a later "he" is someone else.
            return name if says else self.last
        if " " not in name:
            name = self.full.get(name, name)
        self.full.setdefault(surname, name)
        # The words before the name: a title ("Minister", "Mr") or a job in lower case ("area manager").
        tokens = (raw or "").split()
        for word in map(_word, role.split() + tokens[: len(tokens) - len(name.split())]):
            if word in _GENDER:
                self.gender[name] = _GENDER[word]  # "Mr", "Ms": surer than a pronoun
            elif word in _ROLE_WORDS:
                self.roles.setdefault(word, set()).add(name)
        self.here.add(name)
        if singular:
            self.last = name
        return name

    def by_role(self, role: str) -> str | None:
        """The one person named before with this job title ("the minister"), who is then the text's subject."""
        people = self.roles.get(_word(role.split()[-1]), set())
        if len(people) != 1:
            return None
        self.last = next(iter(people))
        return self.last


@functools.lru_cache(maxsize=4096)
def _organisation(raw: str) -> bool:
    """Whether a capitalised run names an organisation: a word of one, or "The" before no title ("The White
    House said"; "The Chief Minister" is a person)."""
    words = [_word(t) for t in raw.split()]
    if words and words[0] == "the" and not any(w in _TITLES for w in words):
        return True
    return any(w in _ORGANISATION for w in words)


def _portfolio(para: str, start: int, raw: str) -> str:
    """``raw`` without a portfolio's words ("Minister for Housing James Browne" -> "James Browne")."""
    tokens = raw.split()
    return " ".join(tokens[-2:]) if len(tokens) > 2 and _PORTFOLIO.search(para, max(0, start - 40), start) else raw


@functools.lru_cache(maxsize=1 << 14)
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


@functools.lru_cache(maxsize=1 << 14)
def _word(token: str) -> str:
    """A token as the title words hold it: lower case, without its full stop or its "'s"."""
    return _APOSTROPHE.split(token.casefold(), maxsplit=1)[0].rstrip(".,")


def _pronoun(raw: str) -> bool:
    """Whether a mention is "he" or "she" ("He's" too)."""
    return _APOSTROPHE.split(raw, maxsplit=1)[0] in _SINGULAR


def _abbreviation(token: str) -> bool:
    return bool(_INITIALS.fullmatch(token)) or _word(token) in _TITLES


def _speaker(para: str, m: re.Match[str], people: _Speakers) -> tuple[str | None, bool]:
    """The speaker of quote ``m``, and whether a verb of saying attributes it, to someone this may not name ("the
    Chief Minister said", "Roy said, while DeLauro called"), so that it does not go on from the quote before
    (:data:`AFTER_ANY`, tested by the caller, finds the rest)."""
    after = AFTER.match(para, m.end())
    if after:
        if after.group("role"):
            return people.by_role(after.group("role")), True
        pre, post = after.group("pre"), after.group("post")
        raw = _clause(pre, False) if pre else _next_subject(_clause(post, True), para, after.end("post"))
        role = para[m.end() : after.start("pre" if pre else "post")]
        if after.group("the") and not _organisation(raw):
            # "the Guardian said", "the Kremlin said": not a person's name; nor is it a job title.
            return (people.by_role(raw) if person_name(raw) is None else None), True
        return people.note(raw, role=role), True
    according = _AFTER_ACCORDING.match(para, m.end())
    if according and _titled(according):
        who = _clause(according.group("who"), True)
        return people.note(who, role=para[m.end() : according.start("who")]), True
    # The verb of saying nearest the quote: in "When asked by host Greta Van Susteren how he knows this,
    # Hunter said, ..." the first candidate, "When asked", names no one.
    head, pos, others = para[: m.start()], 0, False
    if not _may_say_before(head):
        return None, False
    while (before := BEFORE.search(head, pos)) is not None:
        who = _portfolio(head, before.start("who"), _clause(before.group("who"), False))
        other = _OTHER_CLAUSE.search(head, before.end("who"))
        if not other and (_pronoun(who) or person_name(who)) and _subject(head, before):
            return people.note(who, role=_role_before(head, before.start("who"))), True
        others = others or other is not None
        pos = before.end("who")
    # After "Roy said, while DeLauro called the plan", the quote is someone's this cannot name.
    return None, others


def _may_say_before(head: str) -> bool:
    """Whether :data:`BEFORE` may match ``head``: only if a verb of saying stands after its last sentence's end
    or quote mark, and near enough its end. Most quotes have none (they open a paragraph, or follow a full
    stop), and this settles them at little cost, where BEFORE would try a name at every capital of the text
    before the quote. (Verbs of saying hold none of the stops.)"""
    start = max(0, len(head) - _SAY_REACH)
    start = max(start, *(head.rfind(stop, start) + 1 for stop in _BEFORE_STOPS))
    return _SAY_WORD.search(head, start) is not None


def _next_subject(raw: str, para: str, end: int) -> str:
    """A run after a verb of saying without the next sentence's subject ("said Jane Roe. Tom Hale said the deal
    was late" -> "Jane Roe"): when a lower-case word follows the run, its words after a full stop that ends
    neither an initial nor a title ("said Lt. Khairalla al-Jabbouri", "said Dr. Atusi Kono in 1991") are that
    subject."""
    if not _LOWER_NEXT.match(para, end):
        return raw
    tokens = raw.split()
    ends = [i for i, t in enumerate(tokens[:-1]) if t.endswith(".") and not _abbreviation(t)]
    return " ".join(tokens[: ends[-1] + 1]).rstrip(".") if ends else raw


_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _titled(according: re.Match[str]) -> bool:
    """Whether "according to" names a person by a job title ("according to port authority spokesman Sjaak
    Poppe"): "according to Reuters", "according to Metro.co.uk" or "according to Sky News" name a source."""
    role = according.group(0)[: according.start("who") - according.start()]
    return any(_word(t) in _ROLE_WORDS for t in role.split()[2:] + according.group("who").split()[:-1])


def _role_before(para: str, end: int) -> str:
    """The lower-case job title right before a name ("Opposition housing spokesman Michael Sukkar")."""
    if end < 2 or not para[end - 2].islower():
        return ""
    words = para[max(0, end - 60) : end].split()[-3:]
    role: list[str] = []
    for word in reversed(words):
        if not word.islower() or word[-1] in ",.;:" or _word(word) not in _ROLE_WORDS:
            break
        role.insert(0, word)
    return " ".join(role)


def _subject(para: str, m: re.Match[str]) -> bool:
    """Whether a :data:`BEFORE` or :data:`SUBJECT` match's name is a clause's subject: with an apposition,
    not when it stands in a phrase ("for Pueblo Sin Fronteras, a group, told"); with a lone comma, only when
    the name is itself an apposition ("Its president, Enrique Alcántara, told")."""
    apposition = m.group("apposition")
    if apposition is None:
        return True
    if apposition == ",":
        return para[: m.start("who")].endswith(", ")
    return not _IN_PHRASE.search(para, 0, m.start("who"))


def find_quotes(paragraphs: Iterable[tuple[int, str]], min_words: int = 2) -> list[Quote]:
    """Quotes in paragraphs given as ``(offset, text)``; offsets of the quotes index the same original.

    A quote with no verb of saying of its own goes on from the paragraph's quote before (""...," said Parlon.
    "There is no cause ..."") unless someone else is named between them; a quote a paragraph leaves open
    when the next paragraph opens with a quote mark (the convention for a quote over two paragraphs) runs to
    the paragraph's end, and the next paragraph's quote is the same speaker's.
    """
    people = _Speakers()
    quotes: list[Quote] = []
    found = [(offset, para, list(QUOTE.finditer(para)) if _may_quote(para) else []) for offset, para in paragraphs]
    # Mentions after the last quote cannot name a speaker: stop reading there (most of the time on an
    # article without quotes, reading for names is most of the cost).
    last = max((k for k, (_o, _p, ms) in enumerate(found) if ms), default=-1)
    carried: str | None = None  # the speaker of a quote the paragraph before left open
    for k, (offset, para, matches) in enumerate(found[: last + 1]):
        cursor = 0
        people.here.clear()
        current = carried if para.lstrip(_INNER_SPACE)[:1] in _OPENING else None
        for m in matches:
            if _mentions(para, cursor, m.start(), people, current):
                current = None
            cursor = m.end()
            group = m.lastgroup or "a"
            body = m.group(group)
            if quote_words(body) < min_words:
                continue
            speaker, attributed = _speaker(para, m, people)
            # A verb of saying of someone this cannot name ("," the company said") is tested only when it
            # matters: when the quote might go on from the one before.
            if not attributed and current and not AFTER_ANY.match(para, m.end()):
                # Only a quote that opens a sentence goes on: a title or a phrase in quotes within one ('The
                # law, known as the "Safe Streets Act", passed') is no one's.
                speaker = current if _opens_sentence(para, m.start()) else None
            current = speaker
            quotes.append(_quote(offset, m.start(group), body, speaker))
        _mentions(para, cursor, len(para), people, current)
        opened = _left_open(para, cursor)
        following = found[k + 1][1].lstrip(_INNER_SPACE)[:1] if k + 1 < len(found) else ""
        carried = None
        if opened is not None and following in _OPENING:
            body = para[opened:]
            if quote_words(body) >= min_words:
                quotes.append(_quote(offset, opened, body, current))
                carried = current
    return quotes


#: The marks that open a quote in English, whose convention repeats the mark on each paragraph of a long one.
_OPENING = ('"', "\u201c")


def _opens_sentence(para: str, start: int) -> bool:
    """Whether what stands before ``start`` is nothing or a sentence's end."""
    head = para[:start].rstrip()
    return not head or head[-1] in ".!?:"


def _left_open(para: str, cursor: int) -> int | None:
    """Where a quote opened after ``cursor`` and not closed before the paragraph's end begins, if one is."""
    if para.find('"', cursor) < 0 and para.find("\u201c", cursor) < 0:
        return None
    tail = para[cursor:]
    if tail.count('"') % 2 == 1:
        return cursor + tail.rindex('"') + 1 if tail.count('"') == 1 else None
    curly = tail.rfind("\u201c")
    if curly >= 0 and "\u201d" not in tail[curly:]:
        return cursor + curly + 1
    return None


def _quote(offset: int, start: int, body: str, speaker: str | None) -> Quote:
    start = offset + start + len(body) - len(body.lstrip(_INNER_SPACE))
    # the comma before "he said" belongs to the sentence, not the quote
    body = body.strip(_INNER_SPACE).rstrip(", " + _INNER_SPACE)
    return Quote(body, speaker, start, start + len(body))


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


def _mentions(para: str, start: int, end: int, people: _Speakers, current: str | None = None) -> bool:
    """Note the people named between ``start`` and ``end``, in the order they come; whether one of them is
    not ``current``, the speaker of the paragraph's quote before (so the next quote does not go on from it)."""
    if start >= end:  # two quotes side by side, or one at the paragraph's end: nothing to read
        return False
    found = [(s.start(), s) for s in SUBJECT.finditer(para, start, end) if _subject(para, s)]
    # The rarer shapes only where they may be: most stretches hold none (substring tests are cheaper than a scan).
    if para.find("ccording to", start, end) >= 0:
        found += [(a.start(), a) for a in ACCORDING.finditer(para, start, end) if _titled(a)]
    if any(para.find(r, start, end) >= 0 or para.find(r.title(), start, end) >= 0 for r in people.roles):
        roles = ROLE_SUBJECT.finditer(para, start, end)
        found += [(r.start(), r) for r in roles if _word(r.group("role").split()[-1]) in _ROLE_WORDS]
    # A name set off by commas needs two of them (most stretches hold fewer: counting is cheaper than a scan).
    appositives = APPOSITIVE_NAME.finditer(para, start, end) if para.count(",", start, end) > 1 else ()
    for n in appositives:
        title = para[max(start, n.start() - 30) : n.start()].rsplit(None, 1)[-1:]
        if title and _word(title[0]) in _ROLE_WORDS:
            found.append((n.start(), n))
    other = False
    for _start, m in sorted(found, key=lambda f: f[0]) if len(found) > 1 else found:
        if m.re is ROLE_SUBJECT:
            named = people.by_role(m.group("role"))
            other = other or named != current  # "the minister said" is someone, even when this cannot tell who
        else:
            say = m.group("say") if m.re is SUBJECT else "according to"  # or a name after its job title
            # "Police say ...": a plural subject, never the "he" of a later quote (the speaker it gave a fire
            # officer's quote two entries on in a live blog, qa-updates pass).
            who = _portfolio(para, m.start("who"), _clause(m.group("who"), m.re is not SUBJECT))
            role = _role_before(para, m.start("who"))
            named = people.note(who, says=say is not None, singular=say != "say", role=role)
        other = other or (named is not None and named != current)
    return other
