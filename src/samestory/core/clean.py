"""Cleaning one document: decide, line by line, what is article and what is crawl noise, and say why.

The passes run in a fixed order, each over the lines no earlier pass claimed:

1. crawler header lines (:mod:`~samestory.core.header`) -> ``crawler_header``
2. line rules kept as data (:mod:`~samestory.core.patterns`): error pages, walls, disclaimers, widgets ...
3. inline spans (tracking ids) trimmed off the edges of a line
4. corpus statistics (:mod:`~samestory.core.linestats`): lines frequent in the source -> ``corpus_boilerplate``
5. blocks repeated within the document (:mod:`~samestory.core.repeats`) -> ``duplicate_block``, and
6. positional rules (menus, breadcrumbs) on the first and last kept lines, and teaser lists (headline-shaped
   lines under a "Related" heading a rule names) -> ``read_more``; 5 and 6 alternate with the line model
   until none finds more, then body lines that name another document's headline (corpus statistics:
   :mod:`~samestory.core.headlines`) -> ``read_more``, and again until nothing changes
7. ids glued after a kept paragraph's last sentence, in a shape of a whole-line id rule -> ``tracking_id``
8. the head (:mod:`~samestory.core.structure`): title, subtitle, byline, date, dateline, credit; and the
   tail: credit lines, bylines and date lines among the last kept lines
9. quotes (:mod:`~samestory.core.quotes`) in the body paragraphs

Passes 1-4 do not depend on where a line sits, and passes 5-6 measure adjacency and position among the
lines still kept and run to a fixed point, so cleaning the output again finds nothing more to remove.

Nothing is rewritten: every kept paragraph and every removal is a span of the input, so the invariants
"cleaning never invents text" and "offsets point at the removed text" hold by construction.

>>> doc = clean_document(" date 2026-02-12 403\\nSorry!!\\nA Title Here\\nBody text of the story.\\nCommentsNo comment")
>>> [r.reason for r in doc.removed], doc.http_status, doc.paragraphs[0].text
(['crawler_header', 'error_page', 'comment_widget'], 403, 'Body text of the story.')
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from samestory.config import CleanConfig
from samestory.core.codes import CODE_WRAP, WEB_ADDRESS, code_line, is_code
from samestory.core.dates import find_date_match
from samestory.core.header import FRONT_MATTER_MAX_LINES, HeaderInfo, front_matter, parse_header, parse_metadata
from samestory.core.headlines import candidate, continued_id, headline_id, paragraph, quoted, registered, windows
from samestory.core.linemodel import LineModel, load_model
from samestory.core.linestats import LineStats
from samestory.core.patterns import Position, RuleMatch, Rules, load_rules
from samestory.core.repeats import find_repeats
from samestory.core.structure import (
    CREDIT_PREFIX,
    DATELINE_PREFIX,
    Head,
    byline_and_date,
    copyright_credit,
    date_line,
    is_edit_note,
    is_head_field,
    is_headline,
    is_masthead,
    is_structural,
    read_head,
    read_tail,
    site_labels,
)
from samestory.core.text import (
    LABEL_TEMPLATE,
    MEMO_LINES,
    MEMO_MAX_CHARS,
    Line,
    fold,
    key_hash,
    key_of,
    label_template,
    marked_label,
    mask_site,
    normal_words,
    remember_short_lines,
    rule_form,
    site_names,
    split_lines,
    strip_span,
    template_free,
    template_key,
    token_count,
    word_count,
)
from samestory.records import Removal

#: Removal reasons that say the page, or part of it, is an error or access page rather than the article.
ERROR_REASONS = frozenset({"error_page", "access_wall"})
#: A body shorter than this (in words) next to error-page text is taken as the error page itself.
MIN_ARTICLE_WORDS = 25


@dataclass(slots=True)
class Cleaned:
    """The outcome of cleaning one text: kept paragraphs, removals, head fields and fetch metadata."""

    paragraphs: list[Line] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    head: Head = field(default_factory=Head)
    fetched: str | None = None
    http_status: int | None = None
    url: str | None = None
    flags: list[str] = field(default_factory=list)


#: What the cleaning code decides, as a number: raised when code (not the rules and data in
#: ``samestory/data``, which stores digest) changes what a text cleans to, so that a store cleaned by other
#: code cleans its articles again (``store.add.data_digests``). 2: table rows are not scored by the line
#: model (:func:`table_rows`). 3: head shapes (:mod:`~samestory.core.structure`): a line that is only a
#: credit ("April 29 (UPI) -") is the credit, not a standfirst; a first line closed by a dash is a dateline,
#: not a title; "Washington (AFP) - " opens the body when the credit is an agency's. 4: ids of a whole-line
#: shape glued after a paragraph's last sentence (:func:`_glued`), and teaser lists under a heading
#: (:func:`_teasers`); a date the input gives in another form than ISO is read as the ISO date it names
#: (:func:`~samestory.stages.clean.given_date`), and a metadata field it gives blank as not given
#: (:func:`~samestory.stages.clean.given_meta`). 5: quote speakers (:mod:`~samestory.core.quotes`): a title
#: with or without its full stop ("Mr.", "Dr", "Sen.") is not part of the speaker's name, nor is the end of the
#: sentence before it ("in Paris. Macron said"), and only "he" and "she" stand for the last person named.
#: Head shapes: a dateline closed by a double dash ("BEIJING, Feb. 7 (Xinhua) --"), or by no dash after an
#: agency's credit ("NEW DELHI, Jan 5 (PTI) The"), opens the body; a date line with "a.m." or a short weekday
#: ("First published on Thu 12 Feb 2026") is the publication date, and "By Jane Smith, Political Editor" a byline.
#: Quotes in „...“ and »...« are quotes; a quote's text leaves out the spaces inside its marks ("« Non »").
#: A speaker may have an apposition before the verb ("Tim Cook, the company's chief executive, said"), and a
#: name may open with an accented capital ("Özlem Türeci", "Łukasz Nowak"), as may a dateline's place
#: ("SÃO PAULO (Reuters) -", "Düsseldorf (AFP) -").
#: 6: a line of a head field's shape (a dateline with its dash, a byline) is not corpus boilerplate
#: (:func:`~samestory.core.structure.is_head_field`),
#: and a sentence is, in a large source, only when in a share of its documents
#: (:data:`~samestory.core.linestats.SENTENCE_SHARE`). A link alone on a body line is not the page's URL.
#: 7: text that is not in English (qa-multilingual pass): a headline may open with a letter of a script
#: without case (Arabic, Hebrew, Devanagari, Han, Hangul), and a line closed by a full-width or Arabic mark
#: is no headline. Quotes in corner brackets (「...」) are quotes, and a Chinese or Japanese quote counts its
#: characters as words (it was never two words long). The line model reads a line closed by a full-width mark,
#: the Arabic question mark or the danda as closed by its ASCII form (:mod:`~samestory.core.linemodel`). A
#: body's words, which decide whether a page with error text is the error page, count each Chinese or Japanese
#: character (:func:`_body_words`).
#: 8: an HTML page's title is its headline without the site's name ("Headline | Site", "Site - Headline":
#: :func:`~samestory.io.html.extract_html`; a store re-cleans from the metadata it kept, so its articles read
#: from pages keep their old titles). A page's ``published`` is no date that it only mentions (htmldate without
#: its extensive search: :data:`~samestory.io.html._DATE_PARAMS`).
#: A date line of the head dates the article by its publication, not its update ("Updated 9 March 2024, first
#: published 4 March 2024"; an update's line is the head field ``updated``, not a standfirst): an update dates
#: it only until a publication date shows (:func:`~samestory.core.structure.publication_date`). A date line
#: may hold 16 words, and a French time ("10h30") is one token of it. Quote speakers after the commonest
#: verbs of saying of German, French, Spanish, Italian, Portuguese, Dutch, Polish, Russian and Turkish.
#: 9 (qa-credits pass): the tail is read for fields too (:func:`~samestory.core.structure.read_tail`): a credit
#: line, a byline or a date line among the last kept lines is a field ``tail_<kind>``, not body; a labelled
#: credit ("Source: Reuters", "— AFP", "With AFP", "Quelle: dpa") is a credit, at the head too. A wire's
#: sign-off ("(Reporting by Jane Doe; Editing by John Roe)") is a tail byline, its reporters the author. The line
#: model leaves a head field's shape among the first kept lines to the head (a date alone, "2026-03-03T10:15:00Z",
#: went as a crawler header). A byline's agency is the credit ("By Jane Doe, Associated Press", "Von Jane Doe, dpa",
#: "By Jane Doe - AP", whose author was "Jane Doe - AP"). A Spanish date line gives its time after "a las". A
#: copyright line after the story that names an agency with a year ("© 2026 AFP") gives the credit. A relative time
#: stamp under the title ("Updated 3 hours ago") is the head's ``updated`` field, not the standfirst.
#: 10 (qa-versions pass): versions of one article. A wire's update line under the headline ("(Adds quote from
#: minister in paragraph 5)") is the field ``update_note``, and the head reads on past it (the byline, dateline
#: and credit after it were body); a wire's version tag ("UPDATE 2-", "REFILE-") is the field ``version``, not
#: part of the title; "Updated at 14:05 GMT" is the ``updated`` field at the head (was the standfirst) and the
#: tail; a note's label in capitals ("CORRECTION: An earlier version ...") is no dateline; and the line model
#: leaves correction and editor's notes (:func:`~samestory.core.structure.is_edit_note`) as article text.
#: 11: a date with slashes ("Posted on 03/25/2026") is read, as written when its day and month could be either
#: way round (:data:`~samestory.core.dates.SLASHED`): a date line under the title was the standfirst.
#: 12 (qa-roundups pass): teasers bulleted with dashes ("- <headline>" on two lines or more) are a teaser list
#: (:func:`_dash_bullet`), where a dash opening a line was always a signature's or a credit's.
#: 13 (qa-syndication pass): a line a heading's block owns ("Disclosure", "Forward-Looking Statements") is no
#: heading itself (:func:`_rules`): the block ran on to the document's end, over the article after it.
#: 14: a press-release wire's dateline ("AUSTIN, Texas, March 10, 2026 /PRNewswire/ --") gives the dateline,
#: the credit and the publication date (:data:`~samestory.core.structure.RELEASE_PREFIX`); it was body text. A
#: contact block's addresses and numbers after its heading's lines go with it (:data:`_CONTACT_LINE`).
#: Also 14 (qa-aggregators pass): a row's items laid out one per line (share buttons: "Facebook", "Twitter", "Email")
#: are claimed together by the rule that knows them as a row (:func:`_columns`): each stayed a paragraph.
#: A dateline in title case may give its country in brackets, as ANI's copy does ("New Delhi [India], March 5
#: (ANI): "): the body opens after it, and its agency is the credit.
#: A byline and a date line on one line between bars ("By Jane Doe | Updated 06 Mar 2026, 09:40 AM IST") are the
#: byline, the author and the date (:func:`~samestory.core.structure.byline_and_date`): the line was the standfirst.
#: Also 14 (qa-renderings pass): a rule's block may end at a closing line of its own (``until``, :func:`_until`): a
#: web archive's toolbar over a snapshot's text goes whole (only its first line went, to the line model).
#: A Wayback snapshot's URL, as fetched or as its rewritten canonical link gives it, is the page it
#: archived (:func:`~samestory.io.html.unarchived`).
#: The byline's date may follow a comma, a dash or "on" too, as a print page writes it ("By Jane Doe, 10 March
#: 2026, 07:45"): it was the standfirst.
#: A markdown heading's mark ("# Headline") is no part of the title, which was not read, and a byline in
#: bold ("**By Jane Doe** | 10 March 2026") is a byline, left by the line model to the head.
#: 15 (qa-embeds pass, rules in ``data/boilerplate.toml``): furniture between a body's paragraphs. A picture's
#: caption marked as one (a label: "FILE PHOTO:", "Image caption,"; a photo agency's credit at its end: "(AP
#: Photo/Jane Doe)", "REUTERS/Jane Doe"), even a full sentence, its credit line ("Photo: PTI", "Jane Doe/NPR")
#: and a gallery's controls ("Enlarge this image" up to its "hide caption", with the caption between, "1 of
#: 12") -> ``caption``; an embedded post (a tweet's text closed by its picture link, its "— Name (@handle)
#: date" line, "View this post on Instagram", "A post shared by Name (@handle)") and a video player's lines
#: ("Video duration 02:14", "Play video", "Now playing") -> ``embed``; a split article's "Page 2 of 3", "Next
#: page" -> ``navigation``. Each stayed a paragraph (the Instagram prompt went to the line model as an error
#: page and flagged the article ``soft_error``; "Enlarge this image" was the standfirst), so two sites' copies of
#: one wire story with other pictures were near duplicates, not exact ones. A caption with no mark stays.
#: 15 (qa-updates pass): a live blog's controls and entry furniture ("Refresh for updates", "Show key events only",
#: "Pinned post", "Load more updates", an entry's time or age alone: "10:42 GMT -", "18m ago") and a kicker alone
#: on its line ("Live", "Breaking news") go as `navigation`: they stayed as paragraphs, and took the title or the
#: standfirst. A link to the site's cookie policy or settings (a footer's "Privacy policy | Cookie settings |
#: Terms of use") is `navigation`, not an `access_wall`: every page of a site with such a footer was flagged
#: `soft_error`. A desk's byline without "By" ("Harbour Gazette staff", "Staff reporter") is a byline
#: (:data:`~samestory.core.structure.STAFF_BYLINE`): it was the standfirst, and the date line under it body text.
#: The site's name as its web address spells it, alone above the headline ("Coast News Network" on
#: coastnews.example), is `navigation` (:func:`_masthead`): on a page of a source too small for corpus
#: statistics, it was the title and the headline the standfirst.
#: A teaser heading's one headline-shaped line is a teaser when nothing is kept after it (:func:`_teasers`): a
#: reprint's "Related coverage" and its one headline after the wire's sign-off stayed, and the sign-off was
#: body text, not the tail's byline.
#: The subject of a plural verb of saying ("Police say ...") is no longer whom a later "he" or "she" stands for
#: (:meth:`~samestory.core.quotes._Speakers.note`): a fire officer's quote was given to "Police".
#: 16: the pointing marks (⇒ ▷ ☞ ➡) are no longer list markers that line rules do not see
#: (:func:`~samestory.core.text.rule_form`): the rule that reads one before a headline as a link to another
#: story never saw them. A markdown reference link alone on its line ("[Headline][13]") is a link, as an
#: inline one was, and a CDN's "[email protected]" alone is a `tracking_id` (rules in ``data/boilerplate.toml``).
#: A gallery's link ("📷 Gallery: <headline>"), the story in another language ("Versión en español: ...") and a
#: recommendation widget's vendor ("Powered by Revcontent") are `read_more`. Front matter before a text (a web
#: clipper's or a site export's fields between "---" or "+++" fences, :func:`~samestory.core.header.front_matter`)
#: is a `crawler_header` block, and gives the page's address and the day it was clipped.
#: Also 16 (qa-quotes pass, :mod:`~samestory.core.quotes`): a quote with no verb of saying of its own goes on from the
#: paragraph's quote before ('"...," said X. "..."'), unless someone else is named between; a quote left open
#: at a paragraph's end, when the next paragraph opens with a quote mark, is a quote, and the next paragraph's
#: is the same speaker's. Speakers are now read behind a lower-case job title ("said area manager Rhys
#: Goddard", "FNV negotiator Niek Stam told"), a name set off by commas ("The city's mayor, Jaume Collboni,
#: said", "Its director, Phillip Swagel, declined"), an apposition of two parts or a capitalised title with
#: "of" ("M.A. Siddique, Managing Director of CMRL, said"), a portfolio ("Minister for Housing James Browne"),
#: "according to" a person with a job title, "has insisted", and "the minister said" for the one minister named
#: before. "She" no longer stands for a man ("Mr", or "he" in the paragraph that names him); an organisation
#: ("Public Health Porthaven", "The White House said") is never whom a later "he" stands for; a quote after "X
#: said, while Y called ..." is not X's; "said Jane Roe. Tom Hale said ..." is Jane Roe's.
#: Also 16 (qa-dates pass): a date line's time of day is read with the date ("Wed 11 Mar 2026 08:58 GMT" gives
#: ``2026-03-11T08:58Z``, "March 11, 2026 at 8:58 a.m. EDT" ``2026-03-11T08:58-04:00``, "11.03.2026, 14:05 Uhr"
#: ``2026-03-11T14:05``; a zone whose offset its name does not settle, "IST", "CST", "ET", none), in
#: ``published``, a header's ``fetched`` and an HTML page's ``published`` (the time of the day htmldate found,
#: from ``article:published_time``, JSON-LD ``datePublished`` or ``<time itemprop="datePublished">``): only
#: the day was kept. A date line whose time follows a bar or a slash ("Updated: Mar 11, 2026 / 09:15 PM IST") is
#: no row of items: its time item took it as a live blog entry's time, ``navigation``, and the page had no date.
#: 17: a wire's sign-off glued to the last paragraph ("...on week days.(Jiji)", "...plan.—TASS", "...last./EFE
#: cf") is the tail credit, and a credit line may be bracketed ("(Jiji)") or signed with editors' initials
#: ("EFE/cf"); a glued tail after the last closing mark (an ellipsis too) that the line model reads as a
#: tracking id goes as the rules' ids do ("...report.?r=ux3wus", "... convicted. #gvm900313"), when it holds a
#: digit, no sentence and no web address.
#: 18: a line that is only machine codes after at most a short label ("~qv087010", "Job: 6d71627ce31c") is a
#: tracking id wherever it stands, and such a code glued after a paragraph's last sentence too
#: (:mod:`~samestory.core.codes`).
#: 19: a code may have few digits or none when its letters read as no word (:func:`~samestory.core.codes.scrambled`:
#: "oPZrpulRBPSggM", "req_osaggkz3elarf2"), a code ends a paragraph that no closing mark ends, and a pictograph
#: before a line is a list marker to the rules ("🔥 Trending: ...").
#: 20: a body line that names another document's headline is a teaser (:mod:`~samestory.core.headlines`).
#: 21: wire sign-offs with a desk's code or a story number ("-- BERNAMA ENF", "—APP/77"), after a word at a dash
#: or glued in capitals ("...season.PTI CNP CNP"); more agencies, those of two or three capitals only as written.
#: 22: a label that names an id needs no key's mark before its code, and makes a long number or a short mix of
#: letters and digits a code ("Source ID 8b483b7ffc05", "Msg - 69848578", "(ID xqSN7mzD)").
#: 23: a source's furniture by its shape: a label on lines of a tenth of the source's documents
#: (:func:`source_label_evidence`, "Neighbor post: <headline>"), and short body lines that open or end as such
#: lines do on a tenth of them (:func:`line_affixes`: "Kyushu Weekly Letter in <section>", "<headline> [Site]").
#: 24: a span in quotation marks in a body line is a window of the headline it may name, however many words
#: stand around it (a citation: "«<headline>», <Site>, 3 May 2026"; :func:`~samestory.core.headlines.quoted`).
CLEAN_VERSION = 24


@dataclass(slots=True)
class _Doc:
    """Working state: the lines, and the removal that claimed each one (None while it is kept)."""

    text: str
    lines: list[Line]
    claims: list[Removal | None]
    config: CleanConfig
    #: ``lower_fold`` of each line, computed once: every pass compares normal forms.
    lowered: list[str] = field(default_factory=list)
    #: ``fold`` of each line (templates of corpus statistics start from it).
    folded: list[str] = field(default_factory=list)
    #: ``key_of`` of each line's lowered form, computed on first need (repeats and corpus statistics).
    keys: list[str | None] = field(default_factory=list)
    #: The line model's furniture probability of each line, computed on first need.
    furniture: dict[int, float] = field(default_factory=dict)
    #: (line, position) pairs the positional rules found nothing in: the positional pass asks about the
    #: lines at the edges again on every round of :func:`_settle`, and its answer would not change.
    edges_clear: set[tuple[int, str]] = field(default_factory=set)
    #: Runs of short lines :func:`_columns` found no rule for: asked again on every round of :func:`_settle`.
    columns_clear: set[tuple[int, ...]] = field(default_factory=set)
    #: The lines that may be a column's item (:func:`_column_item`), told once: a line's text does not change.
    column_items: frozenset[int] | None = None
    #: :func:`corpus_line` of each line as pass 1 of corpus statistics found it (None: not known, or the
    #: line changed since), see :meth:`reuse`.
    corpus: list[tuple[str, str, str] | None] = field(default_factory=list)
    #: The labels of the page's web address that may spell its site's name (:func:`_masthead`).
    site: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.folded = [fold(line.text) for line in self.lines]
        self.lowered = [rule_form(line.text, f) for line, f in zip(self.lines, self.folded, strict=True)]
        self.keys = [None] * len(self.lines)

    def reuse(self, corpus: list[tuple[str, str, str]]) -> None:
        """Take what pass 1 of corpus statistics computed of each line (:func:`corpus_line`: its key and
        templates), so that pass 2 need not compute it again (the templates, and telling that a line has
        none, were about a twentieth of pass 2). Its keys (``key_of(fold(text).casefold())``) are taken
        where they equal the key :meth:`key` computes from the rule form: on ASCII lines from which no list
        marker was stripped (then the two forms are one string)."""
        if len(corpus) != len(self.lines):
            return
        self.corpus = list(corpus)
        given = zip(corpus, self.folded, self.lowered, strict=True)
        self.keys = [c[0] if f.isascii() and len(f) == len(low) else None for c, f, low in given]

    def replace(self, i: int, line: Line) -> None:
        self.lines[i] = line
        self.folded[i] = fold(line.text)
        self.lowered[i] = rule_form(line.text, self.folded[i])
        self.keys[i] = None
        self.furniture.pop(i, None)
        if self.corpus:
            self.corpus[i] = None
        self.edges_clear -= {(i, "head"), (i, "tail")}

    def key(self, i: int) -> str:
        key = self.keys[i]
        if key is None:
            key = self.keys[i] = key_of(self.lowered[i])
        return key

    def positions(self) -> dict[int, Position]:
        """Head and tail lines, counted among the lines still kept."""
        kept = self.kept()
        head = {i: "head" for i in kept[: self.config.head_lines]}
        tail = {i: "tail" for i in kept[-self.config.tail_lines :] if i not in head}
        return {**head, **tail}  # type: ignore[dict-item]

    def kept(self) -> list[int]:
        return [i for i, c in enumerate(self.claims) if c is None]

    def claim(self, i: int, reason: str, evidence: str) -> None:
        line = self.lines[i]
        self.claims[i] = Removal(reason, line.start, line.end, line.text, evidence)


def _headers(doc: _Doc, out: Cleaned) -> None:
    block = front_matter([line.text for line in doc.lines[:FRONT_MATTER_MAX_LINES]])
    if block is not None:  # a clipper's or an export's fields before the text: a header block
        size, fields = block
        for i in range(size):
            _header(doc, i, fields, f"front matter, lines 1 to {size}", out=out)
    body = next((i for i, line in enumerate(doc.lines) if _paragraph(line.text, word_count(line.text))), len(doc.lines))
    found = [i for i in doc.kept() if _header(doc, i, *_fetch_info(doc, i, body), out=out)]
    # A crawler writes its header as a block: a line of metadata only (a date, a time, a time zone) next to
    # a header line belongs to it, though alone it could be a publication date line. Lines of the text
    # that are neighbours, so the block does not depend on what later passes remove.
    while found:
        i = found.pop()
        for j in (i - 1, i + 1):
            if 0 <= j < len(doc.lines) and doc.claims[j] is None:
                info = parse_metadata(doc.lines[j].text)
                if _header(doc, j, info, f"next to the crawler header line at {doc.lines[i].start}", out=out):
                    found.append(j)


def _fetch_info(doc: _Doc, i: int, body: int) -> tuple[HeaderInfo | None, str]:
    """What line ``i`` says of the fetch, when it is a crawler header line, and a note for the evidence. A
    bare link after the article's first paragraph (``body``) is a link that lost its anchor text, as list
    articles and scraped pages keep them: still no article text, but its URL is not the page's (a shopping
    list set ``url`` to its first product's link)."""
    info = parse_header(doc.lines[i].text)
    if info is not None and i > body and info.url and doc.lines[i].text.strip() == info.url:
        return HeaderInfo(info.fetched, info.http_status, None), "a link alone on a body line: not the page's URL"
    return info, ""


def _header(doc: _Doc, i: int, info: HeaderInfo | None, why: str = "", *, out: Cleaned) -> bool:
    """Claim line ``i`` as a crawler header when ``info`` says it is one; whether it did."""
    if info is None:
        return False
    out.fetched = out.fetched or info.fetched
    out.http_status = out.http_status or info.http_status
    out.url = out.url or info.url
    evidence = f"fetched={info.fetched} status={info.http_status} url={info.url}" + (f"; {why}" if why else "")
    doc.claim(i, "crawler_header", evidence)
    return True


#: Separators of the items of a widget row ("Comments (3) | Add yours", "© 2024 Site - Terms - Privacy").
_SEGMENT_SEPARATOR = re.compile(r"\s+(?:[|\u00b7\u2022/]|::|[-\u2013\u2014])\s+")
_SEGMENT_MARKS = ("|", "\u00b7", "\u2022", "/", "::", " -", " \u2013", " \u2014")
#: A widget row's items are short; an article line cut at " - " has a long part.
SEGMENT_MAX_WORDS = 6
#: A widget row is short.
SEGMENT_MAX_CHARS = 160


def _segment_match(low: str, rules: Rules) -> tuple[RuleMatch, str] | None:
    """The rule that claims one item of a row of short items, and the item, or None.

    Page widgets are often laid out as a row of links ("Comments (3) | Add yours", "Site © 2024 - Terms of
    Service - Privacy"); a rule written for one item then sees a line it does not anchor on. A row is a line
    of at least two items, each of at most :data:`SEGMENT_MAX_WORDS` words."""
    if (
        len(low) > SEGMENT_MAX_CHARS
        or not any(mark in low for mark in _SEGMENT_MARKS)
        or not _SEGMENT_SEPARATOR.search(low)
    ):
        return None  # the membership tests first: most lines hold no separator, and they are cheaper
    parts = [p for p in _SEGMENT_SEPARATOR.split(low) if p]
    if len(parts) < 2 or any(normal_words(p) > SEGMENT_MAX_WORDS for p in parts):
        return None
    for part in parts:
        m = rules.match_lowered(part, "body")
        if m is not None:
            return m, part
    return None


#: A contact block's line after its heading's own lines ("Media Contact:", then a name and an organisation):
#: an e-mail address, a telephone number or a web address alone, perhaps labelled ("Tel: +1 512 555 0100"),
#: or a press-release wire's closing "SOURCE <organisation>". Never article prose, but no rule of its own:
#: alone, away from a heading, such a line may be a reader's contact an article gives.
_CONTACT_LINE = re.compile(
    r"^(?:(?:e-?mail|tel(?:ephone)?|phone|mobile|cell|fax|web(?:site)?|[etpmfw])\s*[:.]?\s*)?"
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\(?\d[\d\s().-]{6,18}\d|(?:https?://|www\.)\S+)\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^SOURCE [A-Z0-9][^!?]{1,80}$")


def _rules(doc: _Doc, rules: Rules) -> None:
    matches = {i: rules.match_lowered(doc.lowered[i], "body") for i in doc.kept()}
    for i, m in matches.items():
        # A byline row with its date ("By Jane Doe | The Daily Bugle | 10 March 2026") has a teaser link's shape
        # ("Section | Headline | date"): it is the head's, no teaser (in bold too, as the head reads it).
        if m is not None and m.reason == "read_more" and byline_and_date(doc.lines[i].text.replace("*", "")):
            matches[i] = None
    owned: set[int] = set()
    for i, m in matches.items():
        if i in owned:
            continue  # a heading's line, no heading itself: else the block would run on to the document's end
        # A date line with its time after a bar or a slash ("Updated: Mar 11, 2026 / 09:15 PM IST") is a head
        # field, no row: its time alone is a live blog entry's furniture ("09:15 PM IST" on its own line).
        if (
            m is None
            and (row := _segment_match(doc.lowered[i], rules)) is not None
            and not date_line(doc.lines[i].text)
        ):
            m = matches[i] = row[0]
            doc.claim(i, m.reason, f"pattern {m.pattern!r} in the item {row[1]!r} of a row")
            continue
        if m is None:
            continue
        doc.claim(i, m.reason, f"pattern {m.pattern!r}")
        if m.until is not None:  # a block that ends in a line of its own: every line up to it, or none
            _until(doc, i, m, matches, owned)
            continue
        # A heading ("Legal Disclaimer:") owns the unmatched lines right after it, and a contact block's
        # addresses and numbers after those.
        end = min(i + 1 + m.block, len(doc.lines))
        for j in range(i + 1, end):
            if matches.get(j, m) is None:
                _own(doc, j, m, f"block under heading {doc.lines[i].text!r}", matches, owned)
        while end < len(doc.lines) and matches.get(end, m) is None and _contact(doc, end):
            _own(doc, end, m, f"contact line of the block under heading {doc.lines[i].text!r}", matches, owned)
            end += 1


def _own(doc: _Doc, j: int, m: RuleMatch, evidence: str, matches: dict[int, RuleMatch | None], owned: set[int]) -> None:
    """Claim line ``j`` for the heading rule ``m`` as a line of its block: no heading itself (``owned``)."""
    doc.claim(j, m.reason, evidence)
    matches[j] = m
    owned.add(j)


def _until(doc: _Doc, i: int, m: RuleMatch, matches: dict[int, RuleMatch | None], owned: set[int]) -> None:
    """The lines after heading ``i`` up to the closing line its rule names (``until``), within ``m.block``
    lines, claimed with the heading's reason whatever other rules say of them: a web archive's toolbar
    ("The Wayback Machine - <url>", its capture counts, calendar and collection, then "TIMESTAMPS") is one
    piece of furniture, most of whose lines ("10", "success") no rule could name alone."""
    assert m.until is not None
    kept = [j for j in range(i + 1, min(i + 1 + m.block, len(doc.lines))) if j in matches]
    close = next((k for k, j in enumerate(kept) if m.until.search(doc.lowered[j])), None)
    if close is None:
        return
    closing = doc.lines[kept[close]].text.strip()
    for j in kept[: close + 1]:
        _own(doc, j, m, f"block under heading {doc.lines[i].text!r} up to its closing line {closing!r}", matches, owned)


def _contact(doc: _Doc, i: int) -> bool:
    """Whether line ``i`` is one of a contact block's (:data:`_CONTACT_LINE`, :data:`_SOURCE_LINE`)."""
    text = doc.lines[i].text.strip()
    return bool(_CONTACT_LINE.match(text) or _SOURCE_LINE.match(text))


#: A column of a widget's items holds at most this many lines (a longer run of short lines is a list), each
#: of at most this many words (a button: "Facebook", "Copy link", "Share on X").
COLUMN_MAX_ITEMS = 12
COLUMN_ITEM_MAX_WORDS = 3


def _column_item(doc: _Doc, i: int) -> bool:
    """Whether kept line ``i`` may be one item of a column: short, and not closed as a sentence."""
    low = doc.lowered[i]
    if len(low) > 20 * COLUMN_ITEM_MAX_WORDS:  # most lines: longer than any few words (and cheaper to tell)
        return False
    return normal_words(low) <= COLUMN_ITEM_MAX_WORDS and not _ends_sentence(doc.lines[i].text)


def _columns(doc: _Doc, rules: Rules) -> bool:
    """A row's items laid out one per line: two or more adjacent kept lines, each a short item
    (:func:`_column_item`), that a rule claims whole when read as one line ("facebook twitter email");
    whether any line was claimed.

    Share buttons, and other widgets a rule knows as a row, are often written one item per line, where the
    rule sees one word at a time ("Facebook"), which alone may be an article's heading. Only a match that
    covers the whole row claims it, so a heading a rule names ("Share") does not take the short lines after
    it. The items are joined by a space, not by a separator a row would show: a headline and a date under it
    ("<headline> | 03.03.2026") is a teaser's shape. A run of short lines may hold other lines than the
    widget's (a caption before the buttons): its columns are the longest runs inside it that a rule claims
    whole, from the first line on."""
    changed = False
    run: list[int] = []
    if doc.column_items is None:
        doc.column_items = frozenset(i for i in range(len(doc.lines)) if _column_item(doc, i))
    items = doc.column_items
    for i in [*doc.kept(), -1]:
        if i in items:
            run.append(i)  # adjacent to the last among the kept lines
            continue
        key = tuple(run)
        if 2 <= len(run) <= COLUMN_MAX_ITEMS and key not in doc.columns_clear:
            found = _column_rows(doc, rules, run)
            changed = changed or found
            if not found:
                doc.columns_clear.add(key)
        run = []
    return changed


def _column_rows(doc: _Doc, rules: Rules, run: list[int]) -> bool:
    """Claim the columns inside a run of items (see :func:`_columns`); whether any line was claimed."""
    claimed, s = False, 0
    while s < len(run) - 1:
        for e in range(len(run), s + 1, -1):
            row = " ".join(doc.lowered[k] for k in run[s:e])
            if len(row) > SEGMENT_MAX_CHARS:
                continue
            m = rules.match_lowered(row, "body")
            if m is not None and m.pattern == row:
                for k in run[s:e]:
                    doc.claim(k, m.reason, f"pattern {m.pattern!r} over a column of {e - s} items")
                claimed, s = True, e
                break
        else:
            s += 1
    return claimed


def _masthead(doc: _Doc) -> bool:
    """The site's name as its web address spells it ("Coast News Network" on coastnews.example), alone on the
    first kept line above a headline; whether it was claimed. A text dump of one page keeps it there, and it
    became the title (the headline the standfirst); on a source of many pages corpus statistics find it."""
    if not doc.site:  # (most texts: no address given; asked on every round of _settle)
        return False
    kept = doc.kept()
    if len(kept) < 2:
        return False
    first, second = (doc.lines[i].text.strip() for i in kept[:2])
    if not (is_masthead(first, doc.site) and is_headline(second)):
        return False
    doc.claim(kept[0], "navigation", f"the site's name ({', '.join(sorted(doc.site))}) above the headline")
    return True


def _edges(doc: _Doc, rules: Rules) -> bool:
    """Positional rules on the lines now at the edges; whether any line was claimed."""
    changed = _masthead(doc)
    for i, position in doc.positions().items():
        if (i, position) in doc.edges_clear:
            continue
        m = rules.match_lowered(doc.lowered[i], position, edge_rules_only=True)
        if m is not None:
            doc.claim(i, m.reason, f"pattern {m.pattern!r} at the {position}")
            changed = True
        elif (items := rules.menu.items(doc.lines[i].text)) is not None:
            doc.claim(i, "navigation", f"menu words {', '.join(items)} at the {position}")
            changed = True
        else:
            doc.edges_clear.add((i, position))
    return changed


def _inline(doc: _Doc, rules: Rules, out: Cleaned) -> None:
    """Trim inline matches (tracking ids) off the start or end of kept lines; a whole-line match removes it.

    The document is scanned once; each match is then checked against the line that holds it, edges first,
    so an id glued to the end of a paragraph goes and one in mid-sentence stays."""
    spans = rules.inline_spans(doc.text)
    if not spans:
        return
    starts = [ln.start for ln in doc.lines]
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for span in spans:
        i = bisect.bisect_right(starts, span[0]) - 1
        if i >= 0 and doc.claims[i] is None and span[1] <= doc.lines[i].end:
            by_line.setdefault(i, []).append(span)
    for i, found in by_line.items():
        _trim(doc, i, found, out)


def _trim(doc: _Doc, i: int, spans: list[tuple[int, int, str]], out: Cleaned) -> None:
    """Peel matches off the edges of line ``i`` until none sits at an edge."""
    spans = sorted(spans)
    while spans:
        line = doc.lines[i]
        head, tail = spans[0], spans[-1]
        if not doc.text[line.start : head[0]].strip():
            start, end, reason = spans.pop(0)
            rest = (end, line.end)
        elif not doc.text[tail[1] : line.end].strip():
            start, end, reason = spans.pop()
            rest = (line.start, start)
        else:
            return  # mid-sentence: removing it would join text that was not adjacent
        if not doc.text[rest[0] : rest[1]].strip():
            doc.claim(i, reason, "inline pattern covers the line")
            return
        out.removed.append(Removal(reason, start, end, doc.text[start:end], "inline pattern"))
        doc.replace(i, strip_span(doc.text, *rest))


#: Where a paragraph's sentence may close and something else follow: a full stop, a mark, a closing
#: quotation mark or bracket (the last of a run of them), then any other character.
_SPLIT = re.compile("[.!?\"')\\]\u201d\u2019\u2026](?=[^.!?\"')\\]\u201d\u2019\u2026])")
_QUOTES_AND_BRACKETS = "\"')]\u201d\u2019 "
#: How far from a line's end a glued id may start, and its most words.
GLUED_MAX_CHARS = 48
GLUED_MAX_WORDS = 4
#: Words of text the paragraph holds before a glued id, at least.
GLUED_MIN_WORDS_BEFORE = 4
#: Every whole-line id rule's match holds a digit, a slash, a comment's "<", a wire's end mark, what a CDN's
#: e-mail protection leaves of an address ("[email protected]") or capitals and a desk's code in capitals
#: ("PTI SK RHL").
_GLUED_HINT = re.compile(r"[\d/<]|\bend|\[email|(?-i:[A-Z]{2,} [A-Z]{2})", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?]\s")


def _in_address(text: str, p: int) -> bool:
    """Whether the full stop before offset ``p`` joins the parts of a web address, a file name or a number
    ("t.co/x1", "pic.twitter.com/x1", "3.14"): a letter or digit before it, and right after it a lower-case
    letter, or a digit after a digit, or a digit that a dot or a slash follows in the same word ("news.24.com").
    A digit after a word's last letter starts a glued id ("...empire.3455**4574")."""
    if text[p - 1] != "." or not text[p - 2 : p - 1].isalnum():
        return False
    if text[p].islower() or (text[p].isdigit() and text[p - 2].isdigit()):
        return True
    return text[p].isdigit() and bool(_PATH_GOES_ON.match(text, p))


#: A word that goes on as a web address or a file name: a dot or a slash before the next space.
_PATH_GOES_ON = re.compile(r"\S*[./]")


#: A web address's query string: a parameter's name and "=".
_QUERY = re.compile(r"[\w.-]{1,20}=")


def _ends_sentence(text: str) -> bool:
    """Whether a line ends with a sentence's closing mark (closing quotation marks and brackets after it)."""
    return text.rstrip(_QUOTES_AND_BRACKETS)[-1:] in ".!?"


def _initial(text: str, i: int) -> bool:
    """Whether ``text[i]`` is the full stop of a one-letter word ("p.m.", "U.S."): an abbreviation's, not a
    sentence's."""
    return text[i] == "." and text[i - 1].isalnum() and (i < 2 or text[i - 2].isspace() or text[i - 2] == ".")


def _glued(doc: _Doc, rules: Rules, out: Cleaned, model: LineModel | None) -> None:
    """Ids glued after a paragraph's last sentence, in any shape a whole-line id rule or the line model knows.

    Scrapers join a wire's end mark, a desk code or a CMS reference to the paragraph before it ("...told
    TODAY.Enditem/qg", "...exit.\" [cms:002019]", "...2012.MNA/6115673", "...report.?r=ux3wus"). The inline
    rules list shapes of such glued ids one by one; here any tail after a sentence's closing mark that a
    ``tracking_id`` line rule claims as a whole line goes too, or that the line model (``model``) scores as
    furniture anywhere (its body threshold, the strictest) and reads as a tracking id, so a shape known for
    lines of its own also counts glued. Only a short tail at the line's end, after at least
    :data:`GLUED_MIN_WORDS_BEFORE` words of text, not after an abbreviation's full stop, and not closed as a
    sentence itself ("airs at 9 p.m. ET/PT." keeps its time zones)."""
    for i in doc.kept():
        line = doc.lines[i]
        text = line.text
        window = len(text) - GLUED_MAX_CHARS
        if _ends_sentence(text) or not _GLUED_HINT.search(text, max(0, window)):
            continue  # most paragraphs end with their sentence
        splits = [split.end() for split in _SPLIT.finditer(text, max(1, window))]
        for p in splits:
            if _initial(text, p - 1) or _in_address(text, p):
                continue
            tail = text[p:].strip()
            if not tail or normal_words(tail) > GLUED_MAX_WORDS or normal_words(text[:p]) < GLUED_MIN_WORDS_BEFORE:
                continue
            # The model only after the last closing mark: before it, the tail holds text that the line's
            # rules left ("practice squad.[cms:795388]", whose id a rule takes at the next mark).
            if (why := _glued_id(rule_form(tail), tail, rules, model if p == splits[-1] else None)) is not None:
                start = line.start + len(text) - len(text[p:].lstrip())
                if text[p - 1] == "?" and _QUERY.match(text, p):
                    start -= 1  # a web address's query ("...report.?r=ux3wus"): its question mark is the id's
                _cut_id(doc, i, start, f"{why} glued after the paragraph's last sentence", out)
                break
        else:
            _glued_code(doc, i, out)


#: A word that a code follows without a space, at a change to upper case ("Students|ID1649733").
_JOINED_WORD = re.compile(r"[A-Z]?[a-z]{2,}(?=[A-Z])")
#: A sentence's closing mark or a path's slash inside a word.
_INNER_MARK = re.compile(r"[.!?/]")


def _glued_code(doc: _Doc, i: int, out: Cleaned) -> None:
    """A machine code (:func:`~samestory.core.codes.is_code`, strictly) as the last word of a paragraph that no
    closing mark ends ("... or you will be shot 3329**0356"): no sentence tells where the text stops, so only the
    code's shape does; not an e-mail address or a handle, nor on a line with a web address (a link's path
    is no id), nor a word with a closing mark or a slash inside."""
    line = doc.lines[i]
    head, _, last = line.text.rstrip().rpartition(" ")
    if not head or "@" in last or WEB_ADDRESS.search(line.text) or _INNER_MARK.search(last.strip(CODE_WRAP)):
        return  # a closing mark inside is a sentence's end: the split after it is :func:`_glued`'s
    if not is_code(last, strict=True) or normal_words(head) < GLUED_MIN_WORDS_BEFORE:
        return
    start = line.start + len(head) + 1
    if (joined := _JOINED_WORD.match(last)) and is_code(last[joined.end() :], strict=True):
        start += joined.end()  # a word and a code without a space ("StudentsID1649733"): the word stays
        last = last[joined.end() :]
    why = f"shape: machine code {last.strip(CODE_WRAP)!r} ending a paragraph that no closing mark ends"
    _cut_id(doc, i, start, why, out)


def _cut_id(doc: _Doc, i: int, start: int, why: str, out: Cleaned) -> None:
    """Remove line ``i`` from offset ``start`` to its end as a ``tracking_id``; the text before it stays."""
    line = doc.lines[i]
    out.removed.append(Removal("tracking_id", start, line.end, doc.text[start : line.end], why))
    doc.replace(i, strip_span(doc.text, line.start, start))


def _codes(doc: _Doc) -> None:
    """Lines that are only machine codes, after at most a short label (:func:`~samestory.core.codes.code_line`:
    "~qv087010", "Content ID: 8a60PiyVJ84gDb"), wherever they stand, before the inline pass would take the
    code and leave its label; not table rows (a results table's cells) nor lines with a date: a date alone
    mixes letters and digits too ("2026-03-03T10:15:00Z": the head reads it), and a crawler's log line
    ("crawl_id=99f4a8f7 http=301 t=2022-07-22T04:42:54Z", "2024-02-17|503|example.com") is left to the
    passes that name it a header."""
    tables: set[int] | None = None
    for i in doc.kept():
        text = doc.lines[i].text
        if len(text) > CODE_LINE_MAX_CHARS or (code := code_line(text)) is None or find_date_match(text):
            continue
        tables = table_rows(doc.lines) if tables is None else tables
        if i not in tables:
            doc.claim(i, "tracking_id", f"shape: machine code {code!r}")


#: A line longer than this is never only codes and a label (:data:`~samestory.core.codes.MAX_TOKENS` tokens).
CODE_LINE_MAX_CHARS = 120


def _glued_id(low: str, tail: str, rules: Rules, model: LineModel | None) -> str | None:
    """Why a paragraph's glued ``tail`` (``low``: its rule form) is a tracking id, or None."""
    m = rules.match_lowered(low, "body")
    if m is not None:
        return f"pattern {m.pattern!r}" if m.reason == "tracking_id" else None
    # Beyond the rules, a tail is taken only with no sentence in it and no web address (an embedded post's
    # "pic.twitter.com/Tve77ov5JZ" is the post's): then in a code's shape (core.codes), or, with a digit, as
    # the model judges it (a bracketed aside, "(Warning: gory)", or "31. ?r=sz0otf" after "Dec." score as
    # furniture too).
    if _SENTENCE_END.search(tail) or WEB_ADDRESS.search(tail):
        return None
    if (code := code_line(tail)) is not None:
        return f"shape: machine code {code!r}"
    if model is None or not _DIGIT.search(tail):
        return None
    if (score := model.score(low, tail)) < model.threshold:
        return None
    reason, evidence = model.explain(low, tail, score)
    return evidence if reason == "tracking_id" else None


def label_of(text: str, folded: str, group: str) -> str:
    """The corpus template of a labelled line's label ("Also on <site> - <headline>": ``also on @site``),
    or "" when the line has none or starts like a head field: a dateline ("WASHINGTON -"), a credit
    ("(AP) -") or a byline recur across a corpus before article text."""
    label = label_template(folded)
    if not label or DATELINE_PREFIX.match(text) or CREDIT_PREFIX.match(text) or is_structural(text):
        return ""
    return mask_site(label, site_names(group))


def _corpus_line(text: str) -> tuple[str, str, str]:
    """What corpus statistics count of a line: its key (:func:`~samestory.core.text.match_key`); for a
    short line not of a head field's shape, its template (else ""); for a labelled line ("Trending:
    <headline>"), its label's template (else ""); both templates before the source's name is masked."""
    folded = fold(text)  # once for all: folding is much of the cost
    return key_of(folded.casefold()), *_templates(text, folded)


def _templates(text: str, folded: str) -> tuple[str, str]:
    if template_free(text, folded):  # paragraphs: one scan instead of one in each function below
        return "", ""
    template = template_key(text, folded)
    return (template if template and not is_structural(text) else ""), label_of(text, folded, "")


#: :func:`_corpus_line` remembered for short lines, one memo for both passes of corpus statistics: a
#: source's widgets and footers recur on its every page, and pass 2 asks for the templates of the short
#: lines that pass 1 counted.
corpus_line = remember_short_lines(_corpus_line)
#: :func:`~samestory.core.text.mask_site` remembered: a source's templates recur on its every page, and
#: masking was a fifth of pass 1's time.
masked = functools.lru_cache(maxsize=MEMO_LINES)(mask_site)


def _corpus_evidence(doc: _Doc, i: int, stats: LineStats, group: str, body: bool) -> str | None:
    """Why line ``i`` is corpus boilerplate, or None when it is not. ``body``: the line is below the first
    paragraph, where a label of the source's own counts (:func:`source_label_evidence`)."""
    text, key = doc.lines[i].text, doc.key(i)
    # A head field's shape recurs in a source without being its furniture: a paper's datelines ("WASHINGTON
    # —" on a line of its own), its writers' bylines. (Asked only of frequent lines: it costs regex searches.)
    if stats.is_boilerplate(group, key, _ends_sentence(text)) and not is_head_field(text):
        return f"line in {stats.count(group, key)} documents of source {group!r}"
    if not stats.templates and not body:
        return None  # no template is frequent, and a source's own label counts only in the body
    if (known := doc.corpus[i] if doc.corpus else None) is not None:
        template, label = known[1], known[2]
        if not template and not label:
            return None  # most lines
    elif template_free(text, doc.folded[i]):
        return None
    else:
        template, label = corpus_line(text)[1:] if len(text) <= MEMO_MAX_CHARS else _templates(text, doc.folded[i])
    names = site_names(group)
    # The (cheap) lookup first: most templates are not frequent. A head field's shape has none.
    template = masked(template, names) if template else ""
    if found := stats.template(template):
        return f"template {template!r} in {found[0]} documents of {found[1]} sources"
    label = masked(label, names) if label else ""
    if found := stats.template(label):
        return f"link label {label[len(LABEL_TEMPLATE) :]!r} in {found[0]} documents of {found[1]} sources"
    return source_label_evidence(text, doc.folded[i], label, stats, group) if label and body else None


#: A label or an affix (below) on lines of this share of its source's documents (and of ``min_docs`` of them)
#: is the source's furniture: a site prints its link labels on most of its pages, while a large source's
#: common openings ("Video:", a football club's name) stand on a few hundredths of them.
SOURCE_FURNITURE_SHARE = 0.1


def _source_share(n: int, stats: LineStats, group: str) -> bool:
    return n >= stats.min_docs and n >= SOURCE_FURNITURE_SHARE * stats.source_docs.get(key_hash(group), n)


def source_label_evidence(text: str, folded: str, label: str, stats: LineStats, group: str) -> str | None:
    """Why a labelled line is its source's link furniture, or None: its label (:func:`label_of`, masked) heads
    a line in a share of the source's documents (:data:`SOURCE_FURNITURE_SHARE`) while what follows it varies
    (each link's headline: "Neighbor post: <headline>" on one site's pages). A label one site prints is no
    template across sources, which needs several. The label must be set off by a colon, a bar or an arrow
    (:func:`~samestory.core.text.marked_label`): before a dash, the first words of one story's headlines
    recur in its versions ("Woman Killed in Queens Hit - And - Run ..."). A line closed as a sentence stays:
    an update note ("UPDATE: The company has since responded.") or a quoted remark follows a label too."""
    n = stats.count(group, label)
    if not _source_share(n, stats, group) or _ends_sentence(text) or not marked_label(folded):
        return None
    return f"link label {label[len(LABEL_TEMPLATE) :]!r} in {n} documents of source {group!r}"


#: Short lines whose first or last words (:data:`AFFIX_WORDS`) recur in a share of one source's documents,
#: what lies between them varying, are the source's teaser and link furniture: "Kyushu Weekly Letter in
#: <section>", "<headline> [Site]", "<section>: what happened this week". Counted for lines of
#: :data:`AFFIX_MIN_WORDS` to :data:`AFFIX_MAX_WORDS` words not closed as a sentence nor opened by a quotation
#: mark (an article's short lines that open alike, "He was ..." or "According to ...", are sentences) nor
#: holding a sentence's end, with words of letters only at the counted end (a date line ends "... 4:15 PM"
#: on every page).
AFFIX_WORDS = 2
AFFIX_MIN_WORDS, AFFIX_MAX_WORDS = 4, 20
_OPENS, _ENDS = "\x04opens ", "\x04ends "
_AFFIX_CLOSED = frozenset(".!?:;,\"'\u201d\u2019")
_AFFIX_OPENED = frozenset("\"'(\u201c\u2018")


def line_affixes(text: str, key: str) -> list[str]:
    """The affix keys a line is counted under in its source (``key``: its :func:`match_key`), or none.

    >>> line_affixes("Neighbor post: Storm closes schools", "neighbor post storm closes schools")
    ['\\x04opens neighbor post', '\\x04ends closes schools']
    >>> line_affixes("He added that it was time.", "he added that it was time")
    []
    >>> line_affixes("Posted March 4, 4:15 PM", "posted march 4 4 15 pm")
    ['\\x04opens posted march']
    """
    if len(text) > 20 * AFFIX_MAX_WORDS or text[:1] in _AFFIX_OPENED or text.rstrip()[-1:] in _AFFIX_CLOSED:
        return []
    if _SENTENCE_BREAK.search(text):  # a sentence and what a scraper glued to it ("...flesh.Ld-Writethru")
        return []
    words = key.split()
    if not AFFIX_MIN_WORDS <= len(words) <= AFFIX_MAX_WORDS:
        return []
    first, last = words[:AFFIX_WORDS], words[-AFFIX_WORDS:]
    return [
        *([_OPENS + " ".join(first)] if all(w.isalpha() for w in first) else []),
        *([_ENDS + " ".join(last)] if all(w.isalpha() for w in last) else []),
    ]


def _affix_evidence(doc: _Doc, i: int, stats: LineStats, group: str) -> str | None:
    """Why a body line is its source's furniture by its affixes (:func:`line_affixes`), or None. A head
    field's shape (a byline, a dateline, a credit) recurs on a source's pages as article text."""
    text = doc.lines[i].text
    for affix in line_affixes(text, doc.key(i)):
        n = stats.count(group, affix)
        if _source_share(n, stats, group) and not is_head_field(text) and not CREDIT_PREFIX.match(text):
            where, words = affix[1:].split(" ", 1)
            return f"{where} as short lines do in {n} documents of source {group!r}: {words!r}"
    return None


def _corpus(doc: _Doc, stats: LineStats, group: str, out: Cleaned) -> None:
    kept = doc.kept()
    evidence = {}
    # A source's own labels and affixes count only below the first paragraph: a title and a standfirst are
    # short lines too, and a source's titles end alike ("... | The Herald"), as one story's versions open alike.
    body = False
    for i in kept:
        if why := _corpus_evidence(doc, i, stats, group, body) or (body and _affix_evidence(doc, i, stats, group)):
            evidence[i] = why
        body = body or _paragraph(doc.lines[i].text, normal_words(doc.lowered[i]))
    hits = list(evidence)
    if not hits:
        return
    total = sum(len(doc.lines[i].text) for i in kept)
    share = sum(len(doc.lines[i].text) for i in hits) / max(total, 1)
    if share >= doc.config.corpus_max_share:
        out.flags.append("corpus_repeat_skipped")  # mostly repeated lines: a copy, not boilerplate
        return
    for i, why in evidence.items():
        doc.claim(i, "corpus_boilerplate", why)


def _repeats(doc: _Doc) -> bool:
    """Repeated lines and blocks among the kept lines; whether any line was claimed."""
    kept = doc.kept()
    keys = [doc.key(i) for i in kept]
    words = [normal_words(k) for k in keys]
    found = find_repeats(keys, words, doc.config.min_repeat_words)
    for pos, first in found.items():
        src = doc.lines[kept[first]]
        doc.claim(kept[pos], "duplicate_block", f"repeats [{src.start}, {src.end})")
    return bool(found)


#: Lines longer than this (in characters, about a dozen words) are scored by the line model only among the
#: first or last kept lines: furniture inside an article is short (links, prompts, ids), a long block of it
#: (a disclaimer, a comment thread) sits at an end and is peeled line by line, and scoring costs time per word.
MODEL_BODY_MAX_CHARS = 80


def _cells(text: str) -> int:
    """Cells of a table row as extractors write tables ("| 23 | Ty Dillon | 613 |"), else 0."""
    return text.count("|") - 1 if len(text) > 2 and text[0] == "|" and text[-1] == "|" else 0


def table_rows(lines: list[Line]) -> set[int]:
    """Indexes of the lines that are rows of a table: two or more adjacent rows of one cell count (at least
    two cells). The line model is not asked about them: its pipe-separated menus and link rows ("Home |
    News | Sport") look like table rows one by one, and once it had learned more of them it removed the
    standings and price tables of real articles (Scrapinghub pages); a menu is one row, a table many."""
    cells = [_cells(line.text) for line in lines]
    return {
        i
        for i, n in enumerate(cells)
        if n >= 2 and ((i > 0 and cells[i - 1] == n) or (i + 1 < len(cells) and cells[i + 1] == n))
    }


def _labelled_date(text: str) -> bool:
    """A date line with a label that is no date word ("Published Time: 2026-05-27T04:42:55Z",
    "x-last-modified=Thu, 19 Feb 2026 22:26:33 GMT"): how crawlers and extraction tools print the dates of
    their records, which the line model may still claim among the head's lines (a bare date it leaves)."""
    return date_line(text) is not None and date_line(text, other_words=0) is None


def _furniture(doc: _Doc, model: LineModel) -> bool:
    """Lines the line model scores as page furniture: short lines anywhere over its threshold, and the
    first or last ``edge_lines`` kept lines over its head or tail threshold (the lower of the two for a
    short line), peeling the ends until they hold; whether any line was claimed. Table rows
    (:func:`table_rows`) are not scored, and a head field's shape among the first kept lines is left to the head."""
    limits = {"head": model.head_threshold, "tail": model.tail_threshold, "body": model.threshold}
    tables = table_rows(doc.lines)
    changed = False
    while True:
        kept = doc.kept()
        if not kept:
            return changed
        head = set(kept[: doc.config.head_lines])
        edges = {i: "tail" for i in kept[-model.edge_lines :]} | {i: "head" for i in kept[: model.edge_lines]}
        claimed = False
        for i in kept:
            where = edges.get(i, "body")
            line = doc.lines[i]
            short = len(line.text) <= MODEL_BODY_MAX_CHARS
            if (where == "body" and not short) or i in tables:
                continue
            score = doc.furniture.get(i)
            if score is None:
                score = doc.furniture[i] = model.score(doc.lowered[i], line.text)
            if score >= (min(limits[where], model.threshold) if short else limits[where]):
                if i in head and is_head_field(line.text) and not _labelled_date(line.text):
                    continue  # the head reader's: a date alone ("2026-03-03T10:15:00Z") looks like a crawl header
                if is_edit_note(line.text):
                    continue  # "Correction: An earlier version of this story ...": the article's own word on itself
                reason, evidence = model.explain(doc.lowered[i], line.text, score)
                doc.claim(i, reason, f"{where} line: {evidence}")
                claimed = True
        if not claimed:
            return changed
        changed = True


#: A heading of a teaser list ("Related", "You might also like:", "NEXT ARTICLE") has at most this many words,
#: and nothing after a colon (else it is a teaser itself: "Read more: <headline>").
TEASER_HEADING_MAX_WORDS = 6
#: Lines under such a heading claimed as teasers: at least (a list) and at most, and the most words of each.
TEASER_MIN_LINES = 2
TEASER_MAX_LINES = 8
TEASER_MAX_WORDS = 20
#: A teaser list's heading counts after a paragraph of at least this many words.
TEASER_BODY_MIN_WORDS = 12
TEASER_EVIDENCE = "teaser under the heading"
_TEXT_AFTER_COLON = re.compile(r":\s*\S")


def _teaser_heading(doc: _Doc, i: int) -> bool:
    claim = doc.claims[i]
    if claim is None or claim.reason != "read_more" or not claim.evidence.startswith("pattern "):
        return False  # a rule names headings; a line the model reads as a teaser may be a headline itself
    text = doc.lines[i].text
    return normal_words(doc.lowered[i]) <= TEASER_HEADING_MAX_WORDS and not _TEXT_AFTER_COLON.search(text)


#: A sentence's end inside a line: two letters or digits, a closing mark, a capital after it (glued too, as
#: scrapers join a caption to the headline after it: "...had died.Airstrike in Somalia ...").
_SENTENCE_BREAK = re.compile(r"[^\W_]{2}[.!?][\"'\u201d\u2019]? *[A-Z\"\u201c]")


def _teaser_shaped(text: str, words: int, bullet: bool = False) -> bool:
    """A headline, a source or a date of a teaser, or an excerpt cut short: short, and neither a sentence
    closed by its mark or announcing what follows (an article paragraph ends with one: ".", "!", "?", ":")
    nor holding the end of one. ``bullet``: its opening dash is a list's (:func:`_dash_bullet`)."""
    end = text.rstrip(_QUOTES_AND_BRACKETS)
    closed = end[-1:] in ".!?:" and not end.endswith(("...", "\u2026"))
    signed = text[:1] in "-\u2013\u2014" and not bullet
    aside = signed or (text[:1] == "(" and text[-1:] == ")")  # a signature, a credit
    return 0 < words <= TEASER_MAX_WORDS and not closed and not aside and not _SENTENCE_BREAK.search(text)


def _dash_bullet(doc: _Doc, j: int) -> bool:
    """Whether line ``j`` opens with a dash and a space as the line before or after it does: a list's bullet
    ("- Floods force 1,200 out of their homes"), where one such line alone is a signature or a credit
    ("\u2014 Tom Park, Leeds", "- AFP")."""
    mark = doc.lines[j].text[:2]
    if mark[:1] not in "-\u2013\u2014" or mark[1:] != " ":
        return False
    return any(0 <= k < len(doc.lines) and doc.lines[k].text.startswith(mark) for k in (j - 1, j + 1))


def _paragraph(text: str, words: int) -> bool:
    """A paragraph of article text: at least :data:`TEASER_BODY_MIN_WORDS` words, closed by a sentence's mark."""
    return words >= TEASER_BODY_MIN_WORDS and _ends_sentence(text)


def _teasers(doc: _Doc) -> bool:
    """The lines under a teaser list's heading that read as teasers (headline-shaped: see
    :func:`_teaser_shaped`), up to the first line that does not: rules name the heading ("You might also
    like:"), while the headlines under it are any news; whether any line was claimed."""
    if not any(c is not None and c.reason == "read_more" for c in doc.claims):
        return False  # most documents: no heading
    changed = False
    i, n = 0, len(doc.lines)
    body = False  # whether a kept paragraph came before: a list before the article's first one is where
    # its title and standfirst are (headline-shaped too), under a page's "Previous | Next" links
    while i < n:
        if not body or not _teaser_heading(doc, i):
            body = body or (doc.claims[i] is None and _paragraph(doc.lines[i].text, normal_words(doc.lowered[i])))
            i += 1
            continue
        heading, j = doc.lines[i].text, i + 1
        found: list[int] = []
        while j < n and len(found) < TEASER_MAX_LINES:
            if doc.claims[j] is not None:
                if _teaser_heading(doc, j):
                    break
                j += 1
                continue
            if not _teaser_shaped(doc.lines[j].text, normal_words(doc.lowered[j]), _dash_bullet(doc, j)):
                break
            found.append(j)
            j += 1
        # A list: one short line after a heading may be a caption, unless the page ends with it (a wire reprint's
        # "Related coverage" and its one headline after the sign-off, which then was no tail field).
        if len(found) >= TEASER_MIN_LINES or (found and all(c is not None for c in doc.claims[found[-1] + 1 :])):
            for k in found:
                doc.claim(k, "read_more", f"{TEASER_EVIDENCE} {heading!r}")
            changed = True
        i = j
    return changed


@dataclass(slots=True)
class _Named:
    """What :func:`_headlines` asks: the corpus's registered headlines, the document's own (never a teaser of
    it), and the lines it has asked about (a line's answer does not change)."""

    stats: LineStats
    own: frozenset[int]
    asked: set[int] = field(default_factory=set)


def _headlines(doc: _Doc, named: _Named) -> bool:
    """Body lines that name another document's headline (:mod:`~samestory.core.headlines`) -> ``read_more``;
    whether any line was claimed. The lines above the first kept paragraph are the page's head, where the
    document's own title and standfirst stand (its title may be another copy's registered headline)."""
    asked: list[tuple[int, list[tuple[int, tuple[str, ...]]]]] = []
    body = False
    for i in doc.kept():
        if not body:
            body = _paragraph(doc.lines[i].text, normal_words(doc.lowered[i]))
            continue
        if i in named.asked:
            continue
        named.asked.add(i)
        if words := candidate(doc.lines[i].text, doc.folded[i]):
            runs = [(headline_id(w), w) for w in [*windows(words), *quoted(doc.folded[i])]]
            asked.append((i, [(h, w) for h, w in runs if h not in named.own]))
    ids = [h for _, runs in asked for h, _ in runs]
    if not ids:
        return False
    answers = named.stats.named(ids)
    hits: dict[int, tuple[str, ...]] = {}
    at = 0
    for i, runs in asked:
        mine, at = answers[at : at + len(runs)], at + len(runs)
        first = next((w for (_, w), hit in zip(runs, mine, strict=True) if hit), None)
        # A byline or a date line stands in the heads of a source's other pages too: a head field, no teaser.
        if first and not is_head_field(doc.lines[i].text):
            hits[i] = first
    # A line that goes on here as the headline goes on there, with the same paragraph, is the same passage:
    # the other document is a copy that begins at this line (a partial reprint from a subheading).
    follow = {i: j for i in hits if (j := _next_paragraph(doc, i)) is not None}
    asks = [continued_id(hits[i], doc.lines[j].text) for i, j in follow.items()]
    same = {i for i, hit in zip(follow, named.stats.named(asks), strict=True) if hit}
    for i, words in hits.items():
        if i not in same:
            doc.claim(i, "read_more", f"names the headline of another document: {' '.join(words)!r}")
    return bool(hits.keys() - same)


def _next_paragraph(doc: _Doc, i: int) -> int | None:
    """The first line after line ``i`` that is a paragraph as a page's head ends with one
    (:func:`~samestory.core.headlines.paragraph`), kept or not: a document registers its head so."""
    return next((j for j in range(i + 1, len(doc.lines)) if paragraph(doc.lines[j].text)), None)


def _settle(doc: _Doc, rules: Rules, model: LineModel | None, named: _Named | None = None) -> None:
    """Repeats, positional rules and the line model until none finds more: each removal can shift the edges
    or make two short repeats adjacent (a copied block), and cleaning's own output must give nothing more to
    remove. Then lines naming other documents' headlines (``named``), on what the others left: the head a
    noise sentence hid is known by then."""
    while True:
        while _repeats(doc) | _edges(doc, rules) | _teasers(doc) | _columns(doc, rules):
            pass
        # The line model last, on what the rules left: its scores are cached, the rules' passes are not.
        if model is not None and _furniture(doc, model):
            continue
        if named is None or not _headlines(doc, named):
            return


def _copyright_credit(doc: _Doc, head: Head) -> None:
    """The credit of a copyright line after the last kept line that names an agency ("© 2026 AFP"), when the
    head and tail gave none: inside the story, such a notice may be a photo's."""
    kept = doc.kept()
    end = doc.lines[kept[-1]].end if kept else 0
    for claim in doc.claims:
        if head.credit is None and claim is not None and claim.reason == "copyright" and claim.start >= end:
            head.credit = copyright_credit(claim.text)


def _merge(text: str, removals: list[Removal]) -> list[Removal]:
    """Join removals of one reason separated only by white space: a repeated block is one removal."""
    merged: list[Removal] = []
    for r in sorted(removals, key=lambda r: r.start):
        prev = merged[-1] if merged else None
        if prev and prev.reason == r.reason and not text[prev.end : r.start].strip():
            evidence = prev.evidence if prev.evidence == r.evidence else f"{prev.evidence}; {r.evidence}"
            merged[-1] = Removal(r.reason, prev.start, r.end, text[prev.start : r.end], evidence)
        else:
            merged.append(r)
    return merged


def _body_words(paragraphs: list[Line]) -> int:
    """Words of the body, counted only as far as :func:`_flags` looks (:data:`MIN_ARTICLE_WORDS`); each Chinese
    or Japanese character a word, as matching counts them (runs of word characters made a Japanese
    paragraph a handful of words, and an article beside an error line an error page)."""
    words = 0
    for p in paragraphs:
        words += token_count(p.text)
        if words >= MIN_ARTICLE_WORDS:
            break
    return words


def _flags(out: Cleaned, body_words: int) -> None:
    error_text = any(r.reason in ERROR_REASONS for r in out.removed)
    error_status = out.http_status is not None and out.http_status >= 400
    if (error_text or error_status) and body_words < MIN_ARTICLE_WORDS:
        out.flags.append("error_page")
    elif error_text or error_status:
        out.flags.append("soft_error")
    if body_words == 0:
        out.flags.append("no_text")


def clean_document(
    text: str,
    config: CleanConfig | None = None,
    *,
    title: str | None = None,
    group: str = "",
    stats: LineStats | None = None,
    rules: Rules | None = None,
    corpus_lines: list[tuple[str, str, str]] | None = None,
    url: str | None = None,
) -> Cleaned:
    """Clean one document's text. ``title`` is a title given by metadata; ``stats`` enables pass 4;
    ``corpus_lines``: :func:`corpus_line` of each line, as pass 1 of corpus statistics computed them;
    ``url``: the page's web address given by metadata (else a crawler header line's)."""
    config = config or CleanConfig()
    rules = rules or load_rules()
    lines = split_lines(text)
    doc = _Doc(text, lines, [None] * len(lines), config)
    if corpus_lines is not None:
        doc.reuse(corpus_lines)
    out = Cleaned()
    _headers(doc, out)
    doc.site = site_labels(url or out.url)
    _rules(doc, rules)
    _codes(doc)
    _inline(doc, rules, out)
    if stats is not None:
        _corpus(doc, stats, group, out)
    model = load_model() if config.line_model else None
    named = None
    if stats is not None and stats.headlines:
        named = _Named(stats, frozenset(registered([line.text for line in lines], title)))
    _settle(doc, rules, model, named)
    _glued(doc, rules, out, model)
    kept = doc.kept()
    out.head = read_head([doc.lines[i] for i in kept], config.head_lines, title)
    read_tail([doc.lines[i] for i in kept], out.head)
    _copyright_credit(doc, out.head)
    body = [doc.lines[i] for n, i in enumerate(kept) if n not in out.head.claimed]
    if body and out.head.body_start is not None and out.head.body_start > body[0].start:
        first = body[0]
        body[0] = Line(out.head.body_start, first.end, text[out.head.body_start : first.end])
    if body and out.head.body_end is not None and body[-1].start < out.head.body_end < body[-1].end:
        last = body[-1]
        body[-1] = Line(last.start, out.head.body_end, text[last.start : out.head.body_end])
    out.paragraphs = [p for p in body if p.text.strip()]
    out.removed = _merge(text, out.removed + [c for c in doc.claims if c is not None])
    _flags(out, _body_words(out.paragraphs))
    return out
