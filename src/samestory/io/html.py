"""HTML pages: the main text and the metadata, extracted with trafilatura.

Options, measured on the Scrapinghub article-extraction benchmark (181 news pages, 4-word shingle F1,
macro-averaged): ``favor_precision`` 0.965 (P 0.958, R 0.971); trafilatura's defaults without comments
0.963; with comments 0.961; ``favor_recall`` 0.961; without tables 0.960. Precision also matters most
downstream: boilerplate left in the text makes unrelated articles look alike.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from samestory.core.dates import ISO_DAY, find_date
from samestory.errors import MalformedInput
from samestory.io.source import Source
from samestory.io.text import INVALID_UTF8
from samestory.records import Metadata, RawRecord

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do pages written for them.
_AS_CP1252 = {"ascii", "latin-1", "iso8859-1"}
# Text codecs that are no character set of a page: decoding with them fails, or reads backslashes as escapes.
_NOT_CHARSETS = {"idna", "punycode", "undefined", "utf-7", "unicode-escape", "raw-unicode-escape"}
#: What joins a site's name to the headline in a page's title ("Headline | Site", "Site - Headline", "Site:
#: Headline"): the separators of trafilatura's ``HTMLTITLE_REGEX``, between spaces, or a colon after the name.
_TITLE_SEPARATOR = r"(?:\s+[\u2013\u2022\u00b7\u2014|\u2044*\u22c6~\u2039\u00ab<\u203a\u00bb>:-]|\s*:)\s+"


#: How htmldate finds the publication date: the earliest date the markup gives (meta tags, JSON-LD, ``<time>``
#: and elements marked as dates, the URL), not a modified one. Without trafilatura's ``extensive_search``,
#: which, when the markup gives none, took the earliest date written anywhere in the page: one the report
#: mentions, a related story's, a comment's (an earlier date is evidence of the original). On the Scrapinghub
#: pages it dated 2 of 181 pages (both rightly, from a line "publiziert am ..." over the headline); a date line
#: the article's text keeps is read by the cleaner still (:mod:`samestory.core.structure`).
_DATE_PARAMS = {"original_date": True, "extensive_search": False}

#: The flag of a page whose markup nests deeper than the parser follows (:data:`MAX_DEPTH`): the text after
#: that point is not in the record.
HTML_TRUNCATED = "html_truncated"
#: How deep libxml2 follows nested elements with ``huge_tree`` (without it: 256, see :func:`_parse`).
MAX_DEPTH = 2048


class Extracted(NamedTuple):
    """What :func:`extract_html` found: the main text (one paragraph per line), the metadata, and flags."""

    text: str
    meta: Metadata
    flags: list[str]


def read_html(data: bytes, source: Source) -> RawRecord:
    """The record of an HTML file whose content is ``data``."""
    html, flags = decode_page(data)
    found = extract_html(html, source.input)
    return source.record("html", found.text, meta=found.meta, flags=[*flags, *found.flags])


def extract_html(html: str | bytes, name: str, url: str | None = None) -> Extracted:
    """Main text (one paragraph per line), metadata and flags (:data:`HTML_TRUNCATED`) of a page; ``url``
    is where it was fetched from.

    ``html`` is best given decoded (:func:`decode_page`); bytes are decoded by trafilatura's guess.
    Raises :class:`MalformedInput`, naming the input ``name``, when no article text is found.
    """
    tree, flags = _parse(html)
    document = _extract(html if tree is None else tree, name, url)
    if document is None or not (document.text or "").strip():
        deep = f" before its markup nests deeper than {MAX_DEPTH} elements, where parsing stops" if flags else ""
        raise MalformedInput(
            name,
            f"no article text found in HTML{deep}",
            "check that the page holds an article (not a front page, a paywall or a page built by "
            "scripts); if you have its text, give the text instead",
        )
    meta = Metadata(
        title=_headline(document.title, document.sitename, tree),
        url=unarchived(url or document.url),
        published=_with_time(document.date, tree),
        updated=_modified(tree),
        author=document.author,
        site=document.sitename,
    )
    return Extracted(document.text or "", meta, flags)


#: A web archive's address of a snapshot: the Wayback Machine's ``web.archive.org/web/<timestamp>[<mode>_]/<url>``,
#: where a normaliser may have made the archived URL's ``//`` one slash.
_ARCHIVED = re.compile(
    r"^(?:https?:)?//web\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/+(?:(?P<scheme>https?):/+)?(?P<rest>[^/\s]+\.[^/\s]+(?:/.*)?)$",
    re.IGNORECASE,
)


def unarchived(url: str | None) -> str | None:
    """The URL of the page that ``url`` is a web archive's snapshot of, else ``url``: the archive rewrites a
    snapshot's links, its canonical one too, and a snapshot read from the archive is a version of the page it
    shows, not a page of the archive's.

    >>> unarchived("https://web.archive.org/web/20260310121507/https://example.com/news/a")
    'https://example.com/news/a'
    """
    found = _ARCHIVED.match(url) if url else None
    if found is None:
        return url
    return f"{(found['scheme'] or 'http').lower()}://{found['rest']}"


#: Where a page's markup gives its publication time: meta tags (``property``, ``name`` or ``itemprop``), in
#: lower case.
_PUBLISHED_META = frozenset(
    {
        "article:published_time", "og:published_time", "og:article:published_time", "datepublished", "pubdate",
        "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    }
)  # fmt: skip
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
#: Where a page's markup gives its last change: meta tags, JSON-LD ``dateModified``, ``<time itemprop=
#: "dateModified">``.
_MODIFIED_META = frozenset(
    {
        "article:modified_time",
        "og:updated_time",
        "og:modified_time",
        "datemodified",
        "dcterms.modified",
        "dc.date.modified",
    }
)
_JSONLD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{10,40})"')


def _with_time(day: str | None, tree: HtmlElement | None) -> str | None:
    """The publication date htmldate found (a day: it drops the time), with the time of day and zone the
    markup gives for that day (``article:published_time`` and the like, JSON-LD ``datePublished``,
    ``<time itemprop="datePublished">``), so that two pages of one day compare by the hour; ``day`` as it is
    when the markup gives no time of that day.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><head><meta property="article:published_time" content="2026-03-11T08:58:00-04:00">'
    ...     '</head><body><p>x</p></body></html>')
    >>> _with_time("2026-03-11", page), _with_time("2026-03-10", page)
    ('2026-03-11T08:58:00-04:00', '2026-03-10')
    """
    if not day or tree is None or len(day) > 10:
        return day
    for value in _published_values(tree):
        found = find_date(value)
        if found and len(found) > 10 and found[:10] == day:
            return found
    return day


def _modified(tree: HtmlElement | None) -> str | None:
    """When the page was last changed, as its markup says (``article:modified_time``, JSON-LD ``dateModified``,
    ``<time itemprop="dateModified">``), as an ISO date: what orders two versions of one page that print no
    update line (cleaning keeps it only when later than the publication, ``core.structure.last_update``).
    The first such date the markup gives, as htmldate takes the first publication date it finds."""
    if tree is None:
        return None
    for value in _dated_values(tree, _MODIFIED_META, _JSONLD_MODIFIED, "dateModified"):
        if (found := find_date(value)) and ISO_DAY.match(found):
            return found
    return None


def _published_values(tree: HtmlElement) -> Iterator[str]:
    yield from _dated_values(tree, _PUBLISHED_META, _JSONLD_PUBLISHED, "datePublished")
    for time in tree.iter("time"):
        if time.get("pubdate") is not None and time.get("datetime"):
            yield time.get("datetime") or ""


def _dated_values(tree: HtmlElement, names: frozenset[str], jsonld: re.Pattern[str], itemprop: str) -> Iterator[str]:
    """The values of ``names``' meta tags, of the JSON-LD key ``jsonld`` reads, and of ``<time itemprop=...>``."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in names and (content := meta.get("content")):
            yield content
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text:
            yield from jsonld.findall(script.text)
    for time in tree.iter("time"):
        if time.get("itemprop") == itemprop and time.get("datetime"):
            yield time.get("datetime") or ""


def _headline(title: str | None, site: str | None, tree: HtmlElement | None) -> str | None:
    """``title`` without the site's name that pages write before or after the headline ("Headline | Site",
    "Site - Headline"); when ``title`` is that name alone, the headline of the page's ``<title>``.

    Written here because trafilatura cuts the name off a ``<title>`` element only, and there keeps the part
    without a full stop, which is the name in "Site | Headline"; an ``og:title`` or a JSON-LD headline it
    keeps whole (on the Scrapinghub pages: 30 of 180 titles ended or began with the page's site name).
    The title is what matching embeds, so "Headline - Site A" and "Headline | Site B" must read alike.
    """
    if not title or not site or not site.strip():
        return title
    name = site.strip()
    headline = _without_site(title, name)
    if headline is None and tree is not None:  # the title is the site's name: try the <title> element
        from trafilatura.metadata import examine_title_element

        headline = _without_site(examine_title_element(tree)[0], name)
    return headline or title


def _without_site(title: str, site: str) -> str | None:
    """``title`` without ``site`` before or after it, or None when nothing else is left."""
    name = re.escape(site)
    shape = rf"(?:{name}{_TITLE_SEPARATOR})?(?P<headline>.*?)(?:{_TITLE_SEPARATOR}{name})?"
    found = re.fullmatch(shape, title.strip(), re.IGNORECASE | re.DOTALL)
    headline = found["headline"].strip() if found else ""
    return headline if headline and headline.casefold() != site.casefold() else None


def _parse(html: str | bytes) -> tuple[HtmlElement | None, list[str]]:
    """The page's tree, parsed as trafilatura's ``load_html`` does but with libxml2's ``huge_tree``, and
    its flags; None when this parse gives no tree (trafilatura then parses ``html`` itself, as before).

    Written here because trafilatura's own parser keeps libxml2's default nesting limit of 256 elements
    and has no option to lift it: on a page with that many unclosed tags (a CMS that never closes its
    ``<div>``) the parse stops there, and the article text after that point was dropped without a word.
    ``huge_tree`` follows up to :data:`MAX_DEPTH`; a page deeper still is flagged :data:`HTML_TRUNCATED`.
    The steps before the parse are trafilatura's own (its ``load_html``), so that other pages give the same
    tree (checked on the Scrapinghub pages: the same text for every one).
    """
    from lxml.etree import ErrorTypes
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

    text = decode_file(html)
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    # A parser per page: its error log is that page's (and parsers are not shared between threads).
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=True)  # fmt: skip
    try:
        tree = fromstring(text, parser=parser)
    except ValueError:  # a str with an encoding declaration: lxml wants bytes
        try:
            tree = fromstring(text.encode("utf8", "surrogatepass"), parser=parser)
        except Exception:
            return None, []
    except Exception:
        return None, []
    if tree is None or len(tree) < 1 or (is_dubious_html(beginning) and len(tree) < 2):
        return None, []
    deep = any(e.type == ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log)
    return tree, [HTML_TRUNCATED] if deep else []


def _extract(html: str | bytes | HtmlElement, name: str, url: str | None) -> Document | None:
    # Imported here, at the first page: trafilatura and its dependencies were a fifth of the command line's
    # start-up, which runs that do not read HTML need not pay.
    import trafilatura
    from trafilatura.settings import Document

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:
        # A parser crash on hostile markup is one bad page, not a reason to stop a run of millions.
        raise MalformedInput(name, f"HTML could not be parsed ({exc!r})", "check the page's markup") from exc
    return result if isinstance(result, Document) else None


class Decoded(NamedTuple):
    """A page decoded by :func:`decode_page`: its markup (bytes when its charset is left to trafilatura)
    and flags (:data:`~samestory.io.text.INVALID_UTF8` when bytes were invalid in the charset used)."""

    html: str | bytes
    flags: list[str]


def decode_page(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a page: BOM or valid UTF-8 first, then the ``declared`` (HTTP) charset, then ``<meta charset>``.

    UTF-8 wins over a declared charset because pages mislabelled as Latin-1 are common and legacy-encoded
    text is almost never valid UTF-8 by chance. The reverse mislabel is common too: a page declared UTF-8
    whose smart quotes or accents were typed in windows-1252 (the whole page, or text pasted into a UTF-8
    template), so there each byte that is not UTF-8 is read as windows-1252. Bytes invalid in the charset
    used become U+FFFD; either way the page is flagged ``invalid_utf8``. With no usable charset the bytes
    are returned as they are, for trafilatura to guess.

    >>> decode_page("Caf\u00e9 \u00ab".encode("cp1252"), declared="utf-8")
    Decoded(html='Café «', flags=['invalid_utf8'])
    """
    if data.startswith(codecs.BOM_UTF8):
        data, codec = data[3:], "utf-8"
    else:
        try:
            return Decoded(data.decode("utf-8"), [])
        except UnicodeDecodeError:
            pass
        match = _META_CHARSET.search(data[:4096])
        meta = match.group(1).decode("ascii") if match else None
        found = page_codec(declared) or page_codec(meta, in_meta=True)
        if found is None:
            return Decoded(data, [])
        codec = found
    try:
        return Decoded(data.decode(codec), [])
    except UnicodeDecodeError:
        errors = _AS_CP1252_ERRORS if codec == "utf-8" else "replace"
        return Decoded(data.decode(codec, errors=errors), [INVALID_UTF8])


def _as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: the first byte that is not valid as windows-1252 (U+FFFD where it names no
    character); decoding goes on after it."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.start + 1].decode("cp1252", errors="replace"), exc.start + 1


_AS_CP1252_ERRORS = "samestory.as_cp1252"
codecs.register_error(_AS_CP1252_ERRORS, _as_cp1252)


def page_codec(label: str | None, *, in_meta: bool = False) -> str | None:
    """The codec a charset label names, or None when it names no character set Python reads (``base64``
    and ``rot13`` are codecs of bytes or of text, ``utf-7`` and the escapes are no charsets of pages)."""
    if not label:
        return None
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_CHARSETS:
        return None
    if in_meta and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a <meta> that reads as ASCII is not in UTF-16 (WHATWG: it means UTF-8)
    return "cp1252" if name in _AS_CP1252 else name
