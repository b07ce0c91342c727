"""The head of a news article: title, standfirst, byline, date line, dateline and credit.

News copy opens in a small number of shapes: a headline (short, no closing full stop), perhaps a standfirst,
a byline ("By ..."), a publication date, a dateline (``BRUSSELS``, ``WEST PALM BEACH, Fla. —``) and a
credit (``(Reuters)``, ``(MENAFN)``, ``MENAFN - Gulf Times``), on lines of their own or as a prefix of the
first paragraph. This module recognises those shapes among the first lines that cleaning kept and says
where each one sits; the lines it claims are fields, not body.

>>> from samestory.core.text import split_lines
>>> head = read_head(split_lines("A Headline Here\\nBRUSSELS\\n(AP) - The body starts here, as always."))
>>> head.fields["title"].text, head.fields["dateline"].text, head.credit, head.body_start
('A Headline Here', 'BRUSSELS', 'AP', 32)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from samestory.core.codes import is_word
from samestory.core.dates import AMBIGUOUS_ZONES, ISO_DAY, WEEKDAYS, ZONES, find_date_match, find_dates, instant_key
from samestory.core.text import LOWER, UPPER, Line, token_count, word_count

#: A place in capitals ("BRUSSELS", "SÃO PAULO", "ZÜRICH"): capitals of any cased script, as is a region.
_CAPS_PLACE = rf"[{UPPER}][{UPPER}.'\u2019-]+(?:\s+[{UPPER}][{UPPER}.'\u2019-]+){{0,3}}"
_REGION = rf"(?:,\s*[{UPPER}][{UPPER}{LOWER}.'\u2019-]+(?:\s+[{UPPER}][{UPPER}{LOWER}.'\u2019-]+){{0,2}}\.?)?"
_DASH = r"[-\u2013\u2014:]"
DATELINE_LINE = re.compile(rf"^(?P<place>{_CAPS_PLACE}{_REGION})\s*{_DASH}?$")
DATELINE_PREFIX = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}{_REGION})(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*"
    rf"(?:\((?P<credit>[^()]{{1,40}})\)\s*)?{_DASH}+\s+"
)
#: A dateline and credit with no dash before the sentence, as PTI writes them ("NEW DELHI, Jan 5 (PTI) The
#: government ..."): taken only when the credit is an agency's.
UNDASHED_PREFIX = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}{_REGION})(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*"
    rf"\((?P<credit>[^()]{{1,40}})\)\s+(?=\S)"
)
#: A dateline in title case with a credit ("Washington (AFP) - "), taken only when the credit is an agency's; its
#: country may follow in brackets, as ANI writes it ("New Delhi [India], March 5 (ANI): ").
TITLE_PLACE_PREFIX = re.compile(
    rf"^(?P<place>[{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+){{0,2}}(?:\s*\[[{UPPER}][^\[\]]{{1,30}}\])?)"
    rf"(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*"
    rf"\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}+\s+"
)
_DASH_END = re.compile(r"\s[-\u2013\u2014]+$")
CREDIT_PREFIX = re.compile(rf"^\((?P<credit>[^()]{{1,40}})\)\s*(?:{_DASH}\s*)?")
#: A day without its year before a wire credit, as UPI opens its copy: "April 29 (UPI) --".
_DAY = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
DATED_CREDIT_PREFIX = re.compile(rf"^{_DAY}\s*\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}+\s+")
#: A press-release wire's dateline, with the release's date: "AUSTIN, Texas, March 10, 2026 /PRNewswire/ --",
#: "NEW YORK, March 10, 2026 (GLOBE NEWSWIRE) --", "SAN FRANCISCO--(BUSINESS WIRE)--" (no space before the
#: text), "NEW YORK, NY / ACCESSWIRE / March 10, 2026 / " (the date after the credit); taken only when the
#: credit is a press-release wire's (``agencies.toml``).
_YEAR_DAY = rf"{_DAY},?\s+\d{{4}}"
RELEASE_PREFIX = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}{_REGION})(?:,\s*(?P<date>{_YEAR_DAY}))?\s*(?:-{{1,2}}\s*)?"
    rf"[/(]\s*(?P<credit>[^/()]{{2,40}}?)\s*[/)]"
    rf"(?:\s*{_DASH}+|\s*(?P<after>{_YEAR_DAY})\s*/)\s*(?=\S)"
)
#: A line that is only a credit, perhaps after a dateline or a day, perhaps with its dash: the opening of
#: the first paragraph, put on a line of its own ("April 29 (UPI) —", "WASHINGTON (AP) --", "(Reuters) -").
CREDIT_ONLY = re.compile(
    rf"^(?:(?P<place>{_CAPS_PLACE}{_REGION})\s*,?\s*)?(?:{_DAY}\s*)?\((?P<credit>[^()]{{1,40}})\)\s*{_DASH}*$"
)
CREDIT_LINE = re.compile(r"^(?P<credit>[A-Z][\w&.' ]{1,30}?)\s+[-\u2013\u2014|]\s+(?P<outlet>[A-Z][\w&.' ]{1,40})$")
#: A credit line that names its agency after a label or a dash, or alone ("Source: Reuters", "— AFP", "With
#: AFP", "Via Bloomberg", "Quelle: dpa", "Avec AFP", "Con información de EFE", "AFP/Reuters"), at the head or
#: the tail: taken only when every name is an agency's (:func:`agencies_named`), so "Source: the ministry" is text.
_CREDIT_LABEL = (
    r"(?i:sources?|via|with|quelle|mit material von|mit|fuentes?|con información de|con|avec|fonte|com)\b\s*:?"
)
#: A wire's end mark may come first ("(END) ==Kyodo": Yonhap's and Kyodo's), and a dash or Kyodo's double
#: equals sign may set the name off.
LABELLED_CREDIT = re.compile(
    rf"^(?:\(END\)\s*)?(?:{_CREDIT_LABEL}|[-\u2013\u2014]+|==)?\s*\(?(?P<credit>[^\W\d_][\w&.'/, -]{{0,60}}?)[.)]?$"
)
#: What a wire signs off with after its name: its editors' initials ("EFE/cf", "EFE lm/ps", "AFP/mm": lower-case
#: letters, one to three, after a space or a slash, perhaps several joined by slashes) or a story's number after
#: a slash ("MNA/5192092", "APP/77").
_EDITOR_INITIALS = re.compile(r"(?:(?:\s+|\s*/\s*)[a-z]{1,3}(?:/[a-z]{1,3})*|\s*/\s*\d{1,9})$")
#: A desk's code in capitals after the name ("-- BERNAMA ENF", "ANI XYZ XYZ"): two to four letters, up to three
#: times, each no word ("TAP TO ZOOM" is a caption's button, :func:`_sign_off_name`).
_DESK_CODES = re.compile(r"(?:\s+[A-Z]{2,4}){1,3}$")
_NAME_JOINS = re.compile(r"\s*(?:[,/&]|\b(?:and|und|et|y|e)\b)\s*")
_BY = r"(?i:by|written by|words by|von|par|por)"
BYLINE = re.compile(rf"^{_BY}\s+(?P<author>[^\W\d_][\w.'\u2019 -]{{1,80}})$", re.I)
_BY_OPENING = re.compile(rf"^{_BY}\s")
#: A byline with the writer's role or outlet after a comma, a bar or a dash ("By Jane Smith, Political Editor",
#: "By JANE DOE | Reuters"): every word capitalised but a joining one, so that a sentence ("By the end of the
#: year, prices rose") is not one.
_CAP_WORDS = rf"[{UPPER}][\w.'\u2019-]*(?:\s+(?:[{UPPER}][\w.'\u2019-]*|and|&|of|de|van|von|der|al|bin|da|di|le|la))*"
#: The role may also be an agency that writes its name in lower case ("Von Jane Doe, dpa"); an agency gives the
#: article's credit (:func:`byline_credit`).
BYLINE_ROLE = re.compile(
    rf"^{_BY}\s+(?P<author>{_CAP_WORDS})\s*[,|\u2013\u2014-]\s*(?P<role>[^\W\d_][\w&.'\u2019 -]*)$"
)
_ROLE_WORDS = re.compile(_CAP_WORDS)
#: A byline that names a desk, not a writer, without "By": "<Outlet> staff", "Staff reporter", "From staff
#: reports". After capitalised words, "staff" in lower case ("Hospital Cuts Staff" is a title-case headline,
#: "Hospital lays off staff" a sentence-case one with a word in lower case before it, "Nurses and staff" a joining
#: word), or "Staff Reporter".
STAFF_BYLINE = re.compile(
    rf"^(?i:from\s+)?(?P<author>(?:{_CAP_WORDS}\s+)?[{UPPER}][\w.'\u2019-]*\s+(?:staff(?:\s+(?:reporters?|writers?))?|Staff\s+(?:Reporters?|Writers?))"
    r"|(?i:staff\s+(?:reporters?|writers?|reports?)))$"
)

#: A wire's sign-off after the story: "(Reporting by Jane Doe in London; Writing by John Roe; Editing by Mark
#: Heinrich)", each credit a role, "by" and capitalised names (in a place), so that a sentence ("Reporting by
#: the local paper showed ...") is not one. Its first credit's reporters or writer are the authors
#: (:func:`signoff_author`); an editor or an additional reporter is not.
_ROLE = (
    r"(?i:(?:additional |further )?reporting|writing|written|editing|edited|compiled|graphics|research|"
    r"fact-checking|translation|translated)"
)
_NAMES = rf"{_CAP_WORDS}(?:\s*,\s*{_CAP_WORDS}|\s+in\s+{_CAP_WORDS})*"
_CREDITED = rf"{_ROLE}\s+by\s+{_NAMES}"
SIGNOFF = re.compile(rf"^\(?(?P<role>{_ROLE})\s+by\s+(?P<names>{_NAMES})(?:\s*;\s*{_CREDITED})*\s*\)?\.?$")
#: Sign-offs are short: a longer line is not tried (the pattern's nested repeats backtrack on long text).
SIGNOFF_MAX_CHARS = 240


def signoff_author(text: str) -> str | None:
    """The authors a wire's sign-off names ("Jane Doe" of "(Reporting by Jane Doe in London; Editing by ...)"),
    "" when it names none (an editor only), None when ``text`` is no sign-off."""
    m = SIGNOFF.match(text) if len(text) <= SIGNOFF_MAX_CHARS else None
    if m is None:
        return None
    if m.group("role").casefold() not in ("reporting", "writing", "written"):
        return ""
    return re.split(r"\s+in\s+", m.group("names"), maxsplit=1)[0]


def byline(text: str) -> re.Match[str] | None:
    """A byline ("By Jane Doe", "By Jane Smith, Political Editor") of 10 words at most; its ``author`` group
    names the writers."""
    if word_count(text) > 10:
        return None
    role = BYLINE_ROLE.match(text)
    if role and agencies_named(role.group("role")):
        return role  # before the plain byline, whose name may hold a dash: "By Jane Doe - AP"
    if m := BYLINE.match(text):
        return m
    if role and _ROLE_WORDS.fullmatch(role.group("role")):
        return role
    return STAFF_BYLINE.match(text)


#: What joins a byline to its date on one line ("By Jane Doe | Updated 06 Mar 2026, 09:40 IST", a print
#: page's "By Jane Doe, 10 March 2026, 07:45", "By Jane Doe on 10 March 2026").
_BYLINE_DATE_JOIN = re.compile(
    r"(?:\s*[,|\u00b7\u2022\u2013\u2014-]\s*|\s*\b(?i:on|published|updated|posted|last updated)\b:?\s+)+$"
)
#: Words after "By" that name a day, not a writer ("By Tuesday, 10 March 2026, the bridge had closed").
_DAY_WORDS = {w for w in WEEKDAYS if len(w) > 4} | {"today", "tomorrow", "yesterday"}


def byline_and_date(text: str) -> tuple[re.Match[str], str] | None:
    """A byline and a date line on one line, as sites print them under the headline ("By Jane Doe | Updated
    06 Mar 2026, 09:40 AM IST", "By Jane Doe, 10 March 2026, 07:45"): the :func:`byline` match and the date
    line's text (from the mark that joins it on), or None.

    >>> m, dated = byline_and_date("By Jane Doe | March 10, 2026")
    >>> m.group("author"), dated
    ('Jane Doe', ' | March 10, 2026')
    """
    if not _BY_OPENING.match(text):
        return None  # (told first: most lines are no byline, and finding a date is dearer)
    found = find_date_match(text)
    if found is None:
        return None
    before = text[: found[0].start()]
    join = _BYLINE_DATE_JOIN.search(before)
    if join is None or join.start() == 0 or not date_line(dated := text[join.start() :], 0):
        return None
    m = byline(before[: join.start()])
    if m is None or {w.casefold() for w in m.group("author").split()} & _DAY_WORDS:
        return None
    return m, dated


def byline_credit(m: re.Match[str]) -> str | None:
    """The agency a :func:`byline` names after its writers ("By Jane Doe, Associated Press"), if any."""
    names = agencies_named(role) if (role := m.groupdict().get("role")) else []
    return names[0] if names else None


#: The words a date line holds beside its date: "published", "updated", times and zones, and the same in
#: the languages whose month names the date reader knows ("Veröffentlicht am ... Uhr", "Publié le ... à
#: 10h30", "Publicado el ... a las 10:15", "Pubblicato il ... alle ore ..."): a closed class, written out. A French
#: time ("10h30") is one token.
_OTHER_DATE_WORDS = (
    "veröffentlicht|aktualisiert|uhr|um|publié|mis|jour|le|à|publicado|actualizado|atualizado|el|a las|a la|em|às|"
    "pubblicato|aggiornato|il|alle|ore|gepubliceerd|bijgewerkt|om|opublikowano|zaktualizowano|"
    "опубликовано|обновлено|в|h"
)
#: The zones a time may name (:data:`~samestory.core.dates.ZONES`, also those of no settled offset).
_ZONE_WORDS = "|".join(sorted({*ZONES, *AMBIGUOUS_ZONES}, key=len, reverse=True))
_DATE_WORDS = re.compile(
    rf"\b(first|published|updated|posted|last|modified|on|at|am|pm|{_ZONE_WORDS}|{_OTHER_DATE_WORDS})\b"
    rf"|\b[ap]\.m\.|\b({'|'.join(sorted(WEEKDAYS))})\b|\b\d{{1,2}}h\d\d\b|[\d:|,.-]",
    re.I,
)
#: A line closed as a sentence or a clause: also by the full-width marks of Chinese and Japanese, the Arabic
#: comma and semicolon, and the Devanagari danda.
_TERMINAL = re.compile("[.;:,\u3002\uff0e\uff1b\uff1a\uff0c\u060c\u061b\u0964\u06d4]['\"\u2019\u201d\u300d]?$")
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab\u201e\u300c\u300e"


@dataclass(frozen=True, slots=True)
class Agencies:
    """The listed names of each kind, folded (names are matched case-insensitively), and the names of two or three
    capitals, which are matched only as written: "APP" and "MAP" are agencies, "App" and "Map" are words."""

    wire: frozenset[str]
    aggregator: frozenset[str]
    release: frozenset[str]
    initials: frozenset[str] = frozenset()

    def kind(self, credit: str) -> str | None:
        """ "wire", "aggregator" or "release" (a press-release wire), or None for a name not listed."""
        low = credit.casefold()
        if low.upper() in self.initials and credit != low.upper():
            return None
        for kind in _KINDS:
            if low in getattr(self, kind):
                return kind
        return None


_KINDS = ("wire", "aggregator", "release")
_INITIALS = re.compile(r"[A-Z]{2,3}")


@cache
def load_agencies() -> Agencies:
    raw = resources.files("samestory").joinpath("data", "agencies.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    names = [n for k in _KINDS for n in data[k]["names"]]
    initials = frozenset(n for n in names if _INITIALS.fullmatch(n))
    wire, aggregator, release = (frozenset(n.casefold() for n in data[k]["names"]) for k in _KINDS)
    return Agencies(wire, aggregator, release, initials)


@dataclass(slots=True)
class Head:
    """What the head of an article holds, and where the body begins."""

    fields: dict[str, Line] = field(default_factory=dict)
    credit: str | None = None
    published: str | None = None
    author: str | None = None
    claimed: set[int] = field(default_factory=set)
    #: Offset where the first body paragraph starts (after any dateline or credit prefix).
    body_start: int | None = None
    #: Offset where the last body paragraph ends (before a wire's sign-off glued to it), when it ends early.
    body_end: int | None = None


def is_headline(text: str) -> bool:
    """Headline shape: 2-30 words (each Chinese or Japanese character a word, as in matching), starts with a
    capital, a letter of a script without case (Arabic, Hebrew, Devanagari, Han, Hangul: never a capital),
    a digit or a quote, no closing full stop."""
    words = token_count(text)
    first = text[0]
    return (
        2 <= words <= 30
        and len(text) <= 250
        and ((first.isalpha() and not first.islower()) or first.isdigit() or first in _OPENING_QUOTES)
        and not _TERMINAL.search(text)
        and not text.startswith("(")
    )


#: Words a date line may hold at most: a published and an updated date with their labels and times
#: ("Publié le 4 mars 2024 à 10h30, mis à jour le 5 mars 2024 à 08h00" is 15); the test that everything
#: but one word is date words or figures is what keeps sentences out.
DATE_LINE_MAX_WORDS = 16


def date_line(text: str, other_words: int = 1) -> str | None:
    """The ISO date when ``text`` is a publication-date line ("Published: 12 Feb 2026 10:00 GMT"): a date and
    date words, with at most ``other_words`` other words (a label: "Published Time:", "x-last-modified=").

    >>> date_line("Posted Time: 2026-03-03T10:15:00Z"), date_line("Posted Time: 2026-03-03T10:15:00Z", 0)
    ('2026-03-03T10:15:00Z', None)
    """
    if word_count(text) > DATE_LINE_MAX_WORDS:
        return None
    found = find_date_match(text)
    if not found:
        return None
    rest = _DATE_WORDS.sub(" ", text[: found[0].start()] + " " + text[found[0].end() :])
    return found[1] if word_count(rest) <= other_words else None


#: A page's time stamp relative to when it was fetched ("Updated 3 hours ago", "Published: 20 mins ago"): a head
#: field with no date to read (English only).
RELATIVE_TIME = re.compile(
    r"^(?:(?:last\s+)?(?:updated|published|posted|modified)\s*:?\s*)?(?:an?|\d{1,3})\s+"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$",
    re.I,
)

#: A page's time stamp with a time and no date ("Updated at 14:05 GMT", "Last updated: 6:40 p.m. ET"): like
#: :data:`RELATIVE_TIME`, a head field with no date to read (English only).
CLOCK_STAMP = re.compile(
    r"^(?:last\s+)?(?:updated|published|posted|modified)\s*:?\s*(?:at\s+|on\s+)?\d{1,2}[:.]\d{2}"
    r"\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{1,4}|GMT[+-]\d{1,2})?\.?$",
    re.I,
)


def time_stamp(text: str) -> bool:
    """Whether a line is a page's time stamp without a date: the ``updated`` field, as the page's time.

    >>> time_stamp("Updated at 14:05 GMT"), time_stamp("Published 20 mins ago"), time_stamp("At 14:05 GMT")
    (True, True, False)
    """
    return bool(CLOCK_STAMP.match(text) or RELATIVE_TIME.match(text))


#: A wire's note of what a new version of its story changed, on a line of its own under the headline ("(Adds
#: quote from minister in paragraph 5)", "(Updates with closing prices)", dpa's "(neu: ...)", AFP's "(ajoute
#: ...)"): in parentheses, opening with a verb of editing, a closed class written out. A field, not body: it
#: speaks to the wire's clients, not to readers.
UPDATE_NOTE = re.compile(
    r"^\((?:adds|updates|corrects|recasts|refiles|rewrites|changes|fixes|removes|repeats|inserts|deletes|amends|"
    r"clarifies|restores|replaces|expands|edits|writes through|new throughout|neu|aktualisiert|korrigiert|"
    r"ergänzt|ajoute|actualise|corrige|actualiza|añade|agrega|amplía|aggiorna|aggiunge|corregge)\b[^()]{0,200}\)$",
    re.I,
)
#: A wire's version tag before its headline ("UPDATE 2-", "REFILE-", "RPT-", "CORRECTED-UPDATE 1-"): it numbers
#: the versions of one story, and is no part of its title. Capitals only, as the wires write them; a number
#: only after the words that take one ("US-China talks" and "COVID-19 cases" are headlines).
_VERSION_WORD = r"(?:(?:UPDATE|WRAPUP)(?:\s\d{1,2})?|REFILE|RPT|REPEAT|CORRECTED)"
VERSION_TAG = re.compile(rf"^(?P<tag>{_VERSION_WORD}(?:-{_VERSION_WORD})*)\s?-\s?(?=[^\W\d_]|\d|[\"'\u201c\u2018])")
#: Labels of an editor's note in capitals that have a dateline's shape ("CORRECTION: An earlier version ...",
#: "UPDATE — The council has since ..."): never a place.
_NOTE_LABEL = re.compile(
    r"^(?:corrections?|clarifications?|updated?|editor'?s note|editor\u2019s note|note|breaking(?: news)?|"
    r"berichtigung|korrektur|rectificatif|correctif|mise à jour|corrección|actualización|aclaración|fe de erratas|"
    r"rettifica|aggiornamento)$",
    re.I,
)
#: A correction, clarification or editor's note: the newsroom's word on the article ("Correction: An earlier
#: version of this article misstated ...", "This story has been updated to include ..."), article text even
#: though it speaks of the article as page furniture does. The text speaks of an earlier version of itself,
#: or says it was changed, or a note's label opens a sentence (:data:`_NOTE_LABEL`, then five words or more:
#: "Correction: March 4, 2026" alone dates an appended correction).
_EDIT_NOTE = re.compile(
    r"\b(?:earlier|previous|prior|original) version of this (?:story|article|report|post|piece|headline)\b"
    r"|\bthis (?:story|article|report|post|piece|headline) (?:has been|was|had been|is being) "
    r"(?:updated|corrected|amended|changed|revised|edited|clarified)\b"
    r"|\b(?:eine|einer) (?:frühere|früheren) (?:version|fassung) dieses (?:artikels|berichts|textes)\b"
    r"|\bune (?:version )?(?:précédente|antérieure) (?:version )?de cet article\b"
    r"|\buna versión anterior de (?:este|esta) (?:artículo|nota|noticia)\b",
    re.I,
)


def is_edit_note(text: str) -> bool:
    """Whether a line is a correction, clarification or update note on the article (article text).

    >>> is_edit_note("Correction: An earlier version of this story misstated the year."), is_edit_note("Subscribe")
    (True, False)
    """
    if _EDIT_NOTE.search(text):
        return True
    label, sep, rest = text.partition(":")
    return bool(sep) and bool(_NOTE_LABEL.match(label.strip())) and word_count(rest) >= 5


def _placed(m: re.Match[str] | None) -> re.Match[str] | None:
    """A dateline's match, unless its place is an editor's note's label ("CORRECTION: An earlier version ...")."""
    return None if m is None or _NOTE_LABEL.match(m.group("place").strip()) else m


def version_tag(title: str) -> re.Match[str] | None:
    """A wire's version tag before a headline ("UPDATE 2-" of "UPDATE 2-Floods force 1,200 from homes")."""
    return VERSION_TAG.match(title)


def untagged(title: str) -> str:
    """A headline without its wire's version tag.

    >>> untagged("UPDATE 2-Floods force 1,200 from homes"), untagged("US-China talks resume")
    ('Floods force 1,200 from homes', 'US-China talks resume')
    """
    return title[m.end() :] if (m := version_tag(title)) else title


#: What labels a date as an update's rather than the publication's, in the languages of :data:`_OTHER_DATE_WORDS`.
_UPDATED = re.compile(
    r"\b(updated|modified|edited|revised|aktualisiert|mis à jour|actualizado|atualizado|aggiornato|bijgewerkt|"
    r"zaktualizowano|обновлено)\b",
    re.I,
)


def publication_date(text: str) -> str | None:
    """The ISO publication date of a date line: its first date that no "updated" or "modified" labels
    ("Updated 9 March 2024, first published 4 March 2024"); None when each of its dates is an update's.

    >>> publication_date("Updated: March 9, 2024 | Published: March 4, 2024"), publication_date("Updated 9 March 2024")
    ('2024-03-04', None)
    """
    after = 0  # the end of the date before: an "updated" label stands between it and the next
    for start, end, value in find_dates(text):
        if not _UPDATED.search(text[after:start]):
            return value
        after = end
    return None


#: The head and tail fields of an article's date lines: its last update may be on any of them.
DATE_FIELDS = ("published", "updated", "tail_published", "tail_updated")


def last_update(lines: list[str], published: str | None, given: str | None = None) -> str | None:
    """When a page was last changed, as far as it says: the latest ISO date of its date ``lines`` and the
    ``given`` one (its container's: an HTML page's ``article:modified_time``), when later than ``published``,
    or when the page gives an update alone (cleaning dates it by that update). None when nothing is later:
    a page whose modified time is its publication time was not updated. Dates with zones compare in UTC.

    >>> last_update(["Wed 11 Mar 2026 09.05 GMT", "Last modified on Wed 11 Mar 2026 15.20 GMT"], "2026-03-11T09:05Z")
    '2026-03-11T15:20Z'
    >>> last_update([], "2026-03-11T09:30:00+01:00", "2026-03-11T08:30:00Z") is None
    True
    """
    latest = latest_date(lines, given)
    if latest is None or (published and ISO_DAY.match(published) and instant_key(latest) <= instant_key(published)):
        return None
    return latest


def latest_date(lines: list[str], *given: str | None) -> str | None:
    """The latest ISO date of the ``given`` ones and those of the date ``lines`` (dates with zones compared in
    UTC; of one day, the one that gives a time), None when there is none. ISO dates only: a date kept as
    written ("03/05/2026", day and month either way round) sorts before every ISO date as text."""
    found = [*(d for d in given if d), *(value for line in lines for _, _, value in find_dates(line))]
    dates = [d for d in found if ISO_DAY.match(d)]
    return max(dates, key=instant_key) if dates else None


def agencies_named(text: str) -> list[str]:
    """The agencies ``text`` names and nothing else ("AFP/Reuters", "dpa und Reuters"), or [] when any of its
    names is not an agency's."""
    names = [n for n in _NAME_JOINS.split(text.strip()) if n]
    return names if names and all(load_agencies().kind(n) for n in names) else []


def credit_of(text: str) -> str | None:
    """A credit line such as "MENAFN - Gulf Times" when its first part is a known agency, or a labelled one
    (:data:`LABELLED_CREDIT`: "Source: Reuters", "— AFP", "(Jiji)"), perhaps signed with editors' initials
    ("EFE/cf"): its first agency."""
    m = CREDIT_LINE.match(text)
    if m and (load_agencies().kind(m.group("credit").strip()) or m.group("credit").isupper()):
        return m.group("credit").strip()
    if len(text) > 80 or (m := LABELLED_CREDIT.match(text)) is None:
        return None
    credit = m.group("credit")
    names = agencies_named(credit) or agencies_named(_sign_off_name(credit))
    return names[0] if names else None


def _sign_off_name(credit: str) -> str:
    """``credit`` without the editors' initials, the story number or the desk's code a wire signs off with."""
    if m := _EDITOR_INITIALS.search(credit):
        return credit[: m.start()]
    if (m := _DESK_CODES.search(credit)) and not any(is_word(code) for code in m.group().split()):
        return credit[: m.start()]
    return credit


#: Where a wire's sign-off glued to the last paragraph may start: after the closing mark of its last
#: sentence, at a dash, a slash or an opening bracket ("...was charged.(Jiji)", "...plan.—TASS",
#: "...electricity./EFE cf"), with or without a space, or at once in capitals ("...season.PTI ABC XYZ",
#: "...eternal.MNA/5192092"); after a word, at a dash or Kyodo's equals signs set off by a space ("...at
#: 4.45pm --BERNAMA", "...the talks ==Kyodo").
_GLUED_SIGNOFF = re.compile(
    r"[.!?\"'\u201d\u2019]\s*(?=[-\u2013\u2014/(][^.!?]{1,40}$)"
    r"|[.!?\"'\u201d\u2019](?=[A-Z]{2,}(?:[ /][A-Z0-9]{1,9}){0,3}$)"
    r"|(?<=\w)\s+(?=(?:[-\u2013\u2014]{1,2}|==)\s*[^\W\d_][^.!?]{0,38}$)"
)


def glued_credit(text: str) -> tuple[int, str] | None:
    """Where a wire's sign-off glued to the end of a paragraph starts in ``text`` and its agency, or None:
    the sign-off must read as a credit line of its own (:func:`credit_of`) and follow a closing mark."""
    for m in _GLUED_SIGNOFF.finditer(text, max(0, len(text) - 48)):
        tail = text[m.end() :].strip()
        if (credit := credit_of(tail.lstrip("/").strip())) is not None:
            return m.end(), credit
    return None


#: Labels of a web address that name no site: a version of it ("www", "m", "amp") or a section ("news").
_HOST_PREFIXES = frozenset({"www", "www2", "amp", "mobile", "news", "edition", "beta"})
#: Words a site's name may add to the name its web address spells ("AgriMarkets Daily" of agrimarkets.example,
#: "Coast News Network" of coastnews.example): a closed class, so that a headline opening with the site's
#: name ("Reuters Cuts Jobs") is not one.
_MASTHEAD_WORDS = frozenset(
    {
        "the", "daily", "news", "network", "online", "today", "times", "post", "weekly", "media", "digital",
        "live", "herald", "journal", "magazine", "tribune", "gazette", "express", "chronicle", "review", "wire",
        "world", "international", "group", "newsroom", "com", "uk",
    }
)  # fmt: skip


def site_labels(url: str | None) -> frozenset[str]:
    """The labels of a page's web address that may spell its site's name, without its top-level domain and
    the labels of a version or a section.

    >>> sorted(site_labels("https://www.coastnews.example/world/a-story"))
    ['coastnews']
    """
    host = (urlsplit(url.strip()).hostname or "") if url else ""
    return frozenset(lb for lb in host.split(".")[:-1] if len(lb) >= 4 and lb not in _HOST_PREFIXES)


def is_masthead(text: str, labels: frozenset[str]) -> bool:
    """Whether a line is the site's name as its web address spells it, perhaps with a word of a paper's name
    ("Coast News Network" on coastnews.example): a masthead, no headline.

    >>> site = frozenset({"agrimarkets"})
    >>> is_masthead("AgriMarkets Daily", site), is_masthead("AgriMarkets Cuts Jobs", site)
    (True, False)
    """
    words = text.split()
    if not labels or not 1 <= len(words) <= 5:
        return False
    start = 1 if words[0].casefold() == "the" else 0
    spelled = ""
    for k in range(start, len(words)):
        spelled += "".join(c for c in words[k].casefold() if c.isalnum())
        if spelled in labels:
            return all(w.casefold().strip(".,:|") in _MASTHEAD_WORDS for w in words[k + 1 :])
    return False


def is_structural(text: str) -> bool:
    """Whether a line has the shape of a head field (dateline, date line, byline, credit line): such lines
    recur across a corpus ("WASHINGTON", "By Staff Reporter") without being boilerplate."""
    return bool(
        (DATELINE_LINE.match(text) and word_count(text) <= 6) or date_line(text) or byline(text) or credit_of(text)
    )


def is_head_field(text: str) -> bool:
    """Whether a line is a head field by its shape alone: a dateline closed by its dash ("WASHINGTON —"), a
    credit ("(AP) —"), a date line, a byline (perhaps with its date) or a credit line. Unlike
    :func:`is_structural`, a line of capitals without a dash ("VIEW GALLERY", "ADVERTISEMENT") is not one: a
    widget's label may be written so."""
    dateline = DATELINE_LINE.match(text) and _DASH_END.search(text)
    plain = text.replace("*", "")  # as the head reads bylines (:func:`_classify`)
    return bool(
        dateline
        or CREDIT_ONLY.match(text)
        or date_line(text)
        or byline(plain)
        or byline_and_date(plain)
        or credit_of(text)
    )


def _classify(line: Line, head: Head) -> str | None:
    text = line.text
    # An all-capitals first line is more often a shouted headline than a place, unless a dash closes it
    # ("WEST PALM BEACH, Fla. —"): a headline does not end that way.
    first = not head.fields and not _DASH_END.search(text)
    dateline = _placed(DATELINE_LINE.match(text))
    if not first and "dateline" not in head.fields and dateline and word_count(text) <= 6:
        place = dateline.group("place").rstrip()
        head.fields["dateline"] = Line(line.start, line.start + len(place), place)  # without its dash
        return "dateline"
    if not {"published", "updated"} <= head.fields.keys() and (iso := date_line(text)):
        published = publication_date(text)
        if published and "published" not in head.fields:
            head.published = published
            return "published"
        if "updated" not in head.fields:
            # Until a publication date shows, the update's dates the article, as htmldate dates a page.
            head.published = head.published or iso
            return "updated"
    if "updated" not in head.fields and time_stamp(text):
        return (
            "updated"  # a time stamp without a date to read ("Updated 3 hours ago", "Updated at 14:05"): no standfirst
        )
    if "update_note" not in head.fields and UPDATE_NOTE.match(text):
        return "update_note"
    if "byline" not in head.fields:
        plain = text.replace("*", "")  # a markdown export's emphasis: "**By Jane Doe** | 10 March 2026"
        # Before the plain byline, whose name may hold figures: "By Jane Doe on 10 March 2026" is no writer's name.
        writers, dated = byline_and_date(plain) or (byline(plain), None)
        if writers is not None:
            head.author = writers.group("author").strip()
            head.credit = head.credit or byline_credit(writers)
            if dated is not None:
                head.published = head.published or publication_date(dated) or date_line(dated)
            return "byline"
    if head.credit is None and (credit := credit_of(text)):
        head.credit = credit
        return "credit"
    if head.credit is None and (m := credit_only(text)):
        head.credit = m.group("credit").strip()
        if (place := m.group("place")) and "dateline" not in head.fields:
            head.fields["dateline"] = Line(line.start, line.start + len(place.rstrip()), place.rstrip())
        return "credit"
    return None


#: A markdown heading's mark ("# Headline", "## Standfirst"), as reader modes and markdown exports write them.
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+(?=\S)")


def _take_titles(lines: list[Line], i: int, head: Head, title: str | None) -> bool:
    """Claim line ``i`` as title (first) or subtitle (second), when it has the shape; say whether it did."""
    line = lines[i]
    if mark := _HEADING_MARK.match(line.text):  # the field is the heading without its mark
        line = Line(line.start + mark.end(), line.end, line.text[mark.end() :])
    has_more = i + 1 < len(lines)
    if "title" not in head.fields:
        matches_meta = title is not None and untagged(line.text).casefold() == untagged(title.strip()).casefold()
        if matches_meta or (title is None and has_more and is_headline(line.text)):
            head.fields["title"] = line
            if tag := version_tag(line.text):
                head.fields["version"] = Line(line.start, line.start + len(tag.group("tag")), tag.group("tag"))
                head.fields["title"] = Line(line.start + tag.end(), line.end, line.text[tag.end() :])
            return True
        return False
    if "subtitle" not in head.fields and has_more and is_headline(line.text) and word_count(line.text) <= 40:
        head.fields["subtitle"] = line
        return True
    return False


def _body_prefix(line: Line, head: Head) -> None:
    """Split a dateline and/or credit prefix off the first body paragraph."""
    text, offset = line.text, 0
    m = _placed(DATELINE_PREFIX.match(text))
    for shape in (TITLE_PLACE_PREFIX, UNDASHED_PREFIX):
        if m is None and (t := shape.match(text)) and load_agencies().kind(t.group("credit").strip()):
            m = t  # "Washington (AFP) - ", "NEW DELHI (PTI) The": told from a sentence's start by a known credit
    if m is None and (release := _release_prefix(text)):
        m = release
        date = release.group("date") or release.group("after")
        if date and head.published is None:
            head.published = publication_date(date)
    if m and "dateline" not in head.fields:
        place = m.group("place").rstrip(" -")  # "SAN FRANCISCO--(BUSINESS WIRE)--": a dash of no place
        head.fields["dateline"] = Line(line.start, line.start + len(place), place)
        if (credit := m.group("credit")) and head.credit is None:
            head.credit = credit.strip()
        offset = m.end()
    elif (c := CREDIT_PREFIX.match(text)) and head.credit is None and (text[c.end() :].strip() or credit_only(text)):
        head.credit = c.group("credit").strip()
        head.fields["credit"] = Line(line.start + 1, line.start + 1 + len(c.group("credit")), c.group("credit"))
        offset = c.end()
    elif (c := DATED_CREDIT_PREFIX.match(text)) and head.credit is None:
        head.credit = c.group("credit").strip()
        at = line.start + c.start("credit")
        head.fields["credit"] = Line(at, at + len(c.group("credit")), c.group("credit"))
        offset = c.end()
    head.body_start = line.start + offset


def _release_prefix(text: str) -> re.Match[str] | None:
    """A press-release wire's dateline opening ``text`` (:data:`RELEASE_PREFIX`), when its credit is one."""
    m = RELEASE_PREFIX.match(text)
    return m if m and load_agencies().kind(m.group("credit").strip()) == "release" else None


def credit_only(text: str) -> re.Match[str] | None:
    """A :data:`CREDIT_ONLY` line whose credit is an agency's or is closed by a dash: "(Facebook)" under a
    photo is not a credit of the article, "(Reuters)" and "(UPI) —" are."""
    m = CREDIT_ONLY.match(text)
    if m and (text.rstrip()[-1] in "-\u2013\u2014:" or load_agencies().kind(m.group("credit").strip())):
        return m
    return None


#: A copyright notice with its year and its holder's name ("© 2026 AFP", "Copyright 2026 The Associated Press.
#: All rights reserved."): the holder is up to the first full stop or semicolon.
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))\s*(?:©\s*)?(?P<holder>[^.;]{1,60})", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def copyright_credit(text: str) -> str | None:
    """The agency a copyright notice names as its holder, with a year ("© 2026 AFP": "AFP"); without a year
    ("© AFP") it credits a photo as often as the text."""
    m = _COPYRIGHT.match(text)
    if m is None or not _YEAR.search(m.group("holder")):
        return None
    holder = _YEAR.sub(" ", m.group("holder")).strip(" ,")
    names = agencies_named(re.sub(r"^(?i:the)\s+", "", holder))
    return names[0] if names else None


def _tail_kind(text: str, head: Head) -> str | None:
    """What field a line at the article's end is ("credit", "byline", "published", "updated"), setting the
    head's value where it has none: the head's own come first."""
    if credit := credit_of(text):
        head.credit = head.credit or credit
        return "credit"
    # A last sentence may open with "By" ("By then it was too late."): at the tail, writers' names are capitalised.
    if (m := byline(text)) and _ROLE_WORDS.fullmatch(m.group("author").strip().rstrip(".")):
        head.author = head.author or m.group("author").strip()
        head.credit = head.credit or byline_credit(m)
        return "byline"
    if (author := signoff_author(text)) is not None:
        head.author = head.author or author or None
        return "byline"
    if iso := date_line(text):
        published = publication_date(text)
        head.published = head.published or published or iso
        return "published" if published else "updated"
    return "updated" if time_stamp(text) else None


def read_tail(lines: list[Line], head: Head, max_lines: int = 3) -> None:
    """Claim the last of ``lines`` (the kept lines whose head :func:`read_head` read) that are a credit line
    ("Source: Reuters", "— AFP"), a byline or a wire's sign-off, or a date line, as fields ``tail_<kind>``, up
    to the first that is not one or whose kind the tail already gave; the first body line stays body. A wire's
    sign-off glued to the end of the last body paragraph ("...was charged.(Jiji)") is its ``tail_credit``
    too, when the tail gave none, and the paragraph ends before it (:attr:`Head.body_end`)."""
    body = max(head.claimed, default=-1) + 1
    n = len(lines) - 1
    while n > max(body, len(lines) - 1 - max_lines):
        kind = _tail_kind(lines[n].text, head)
        if kind is None or f"tail_{kind}" in head.fields:
            break
        head.fields[f"tail_{kind}"] = lines[n]
        head.claimed.add(n)
        n -= 1
    if n < body or "tail_credit" in head.fields:
        return
    line = lines[n]
    if (glued := glued_credit(line.text)) is not None:
        at, credit = glued
        head.credit = head.credit or credit
        head.fields["tail_credit"] = Line(line.start + at, line.end, line.text[at:])
        head.body_end = line.start + len(line.text[:at].rstrip())


def read_head(lines: list[Line], max_lines: int = 6, title: str | None = None) -> Head:
    """Recognise the head among the first ``max_lines`` kept lines; ``title`` is one given by metadata."""
    head = Head()
    for i, line in enumerate(lines[:max_lines]):
        kind = _classify(line, head)
        if kind:
            head.fields.setdefault(kind, line)  # (a dateline line's field is its place, set by _classify)
        elif not _take_titles(lines, i, head, title):
            _body_prefix(line, head)
            break
        head.claimed.add(i)
    return head
