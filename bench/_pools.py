"""Eleven disjoint pools of crawl-noise wordings: ``dev``, ``test``, ``fresh``, ``fresh3``, ``fresh4``, ``fresh5``,
``fresh6``, ``fresh7``, ``fresh8`` and ``fresh9`` (tune on them) and ``fresh2`` (report it).

A template is a string, or a tuple of strings for a block of several lines. ``{name}`` fields are filled
per document by :class:`noise.Slots` (``{site}``, ``{url}``, ``{status}``, ``{headline}`` ...). The dev pool
holds the wordings the project has already seen (the seed file and the issue's examples); the test pool
says the same kinds of thing in other words, for other sites. The fresh pool was written after the cleaner
was last tuned, by someone who did not read its rules, from the way real sites word their furniture (CMS
and comment-system defaults, bot walls, consent dialogs, crawler logs and WARC records, wire-service codes,
press-release legal text). Each of test and fresh was held out once and has since been read by the people
tuning the cleaner, so all three are development pools now. ``fresh3`` (``bench/_pool_fresh3.py``) and
``fresh4`` (``bench/_pool_fresh4.py``) were written later by someone who had seen the rules, as more training
data for the line model: development pools from the start (``fresh4`` was measured once before anything
was trained or tuned on it; the record is ``bench/results/bench_clean-fresh4-before-training.json``).
``fresh5`` (``bench/_pool_fresh5.py``) was written blind to the rules, as ``fresh`` and ``fresh2`` were, with
the most variety where the cleaner generalises worst (related-story links, tracking ids, legal text): a
development pool from the start, measured once before anything is tuned or trained on it, then training
data. ``fresh6`` (``bench/_pool_fresh6.py``) was written blind in session 15 the same way, with the most variety
for read-more lines, tracking ids and legal text (measured once before training: rules and line model 0.872
recall in corpus mode, ``bench/results/bench_clean-fresh6-before-training.json``). ``fresh7``
(``bench/_pool_fresh7.py``) was written blind in session 15 too, from East Asian, Latin American, Israeli,
Iranian, Russian and Ukrainian English editions, multilingual broadcasters, blog and newsletter platforms,
recommendation widgets, AMP and feed leftovers and LLM-era extraction tools, with the most variety for
read-more lines, tracking ids, legal text and navigation (measured once before training: 0.866, rules alone 0.774,
``bench/results/bench_clean-fresh7-before-training.json``). ``fresh8`` (``bench/_pool_fresh8.py``) was written
blind in session 31, from Caribbean, Pacific Island, Nordic and Baltic, Scottish, Welsh and Irish, East and
Southern African and mainland South-East Asian and Himalayan English-language media, US public radio and
Patch, with the consent managers, paywalls, comment, push, audio, video and e-paper tools, syndication and
licensing credits, press-release services, trackers' query strings, CMS ids and crawl tools the other pools
do not use, with the most variety for read-more lines, tracking ids, legal text and navigation (measured
once before training, on session 30's cleaner: 0.891 recall in corpus mode, rules alone 0.805,
``bench/results/bench_clean-fresh8-before-training.json``). ``fresh9`` (``bench/_pool_fresh9.py``) was written
blind in session 32, from Sri Lankan and Maldivian, North African, francophone West and Central African,
Southern African, Central Asian and South Caucasus English-language and bilingual media, Quebec French and
bilingual Canadian papers, US local television, college, trade, financial-newswire, sports and government
press-office sites, with the CMSes, consent managers, paywalls, comment, push, newsletter, video and podcast
tools, trackers' ids and query strings, host and firewall error pages, crawl tools, server logs and archive
banners the other pools do not use, with the most variety for read-more lines, tracking ids, legal text,
navigation and error pages (measured once before training, on session 31's final cleaner: 0.873 recall in
corpus mode, rules alone 0.791, ``bench/results/bench_clean-fresh9-before-training.json``).

The held-out pool is ``fresh2`` (:data:`HELD_OUT`), written the same way, blind to the cleaner's rules,
in ``bench/_pool_fresh2.py``: a file of its own, so that staying out of it is easy. Nobody tunes on it:
the bench does not list its misses. When it has been read, it becomes a development pool and a new one is
written. The fresh pools' documents reuse the test pool's articles (see ``bench/_sources.py``); the noise,
the sites and the slot values are their own. :func:`check_disjoint` keeps all pools apart.
"""

from __future__ import annotations

from typing import Any

from _pool_fresh2 import FRESH2
from _pool_fresh3 import FRESH3
from _pool_fresh4 import FRESH4
from _pool_fresh5 import FRESH5
from _pool_fresh6 import FRESH6
from _pool_fresh7 import FRESH7
from _pool_fresh8 import FRESH8
from _pool_fresh9 import FRESH9

Template = str | tuple[str, ...]

DEV: dict[str, Any] = {
    "crawler_header": [
        " date {date} {status}",
        "date {date} {status}",
        "HTTP/1.1 {status} {reason}",
        "fetched: {iso} status={status}",
        "[{date} {time}] GET {url} {status}",
        "crawl_time={epoch} code={status} url={url}",
        "Status: {status} | Retrieved {human_date}",
        "{status} {reason} - {url}",
        "source_url: {url}",
        ("WARC-Date: {iso}", "WARC-Target-URI: {url}"),
        ("HTTP/1.0 {status} {reason}", "Server: nginx"),
    ],
    "error_page": [
        ("Sorry!!", "Error! We're sorry, but the page you were looking for doesn't exist."),
        "404 - Page not found",
        "Access denied",
        "This content is not available in your region",
        (
            "We use cookies to improve your experience on our site.",
            "By continuing to browse you agree to our use of cookies. Accept",
        ),
        ("Subscribe to continue reading", "Already a subscriber? Log in"),
        "Error 503 Service Unavailable",
        (
            "Page Not Found",
            "The page you requested may have been moved or deleted.",
            "Go back to the homepage",
        ),
        "You have reached your article limit for this month.",
        "Please turn on JavaScript to continue.",
        ("Whoops!", "That page has gone missing."),
        "This video has been removed for violating our terms.",
    ],
    "navigation": [
        "Home | {section} | {section2} | {section3}",
        "Home > News > {section}",
        "Menu Search",
        "{section} | {section2} | {section3} | Opinion | Video",
        "Home » {section} » {section2}",
        "MENU | {section} | {section2} | Subscribe | Login",
        "You are here: Home / {section}",
    ],
    "read_more": [
        "Read more: {headline}",
        "READ MORE",
        "Read more »",
        "Related: {headline}",
        "Also read: {headline}",
        "Click here to read more",
        "MORE: {headline}",
        "Read more stories from {section}",
        "Related article: {headline}",
    ],
    "share_prompt": [
        "Share this article",
        "Follow us on Twitter",
        "Sign up for our newsletter",
        "Share on Facebook",
        "Share on Twitter Share on Facebook Email",
        "Follow {site} on Twitter: {handle}",
        "Subscribe to our YouTube channel",
        "Tweet",
        "Email this story",
        "Sign up for the {site} newsletter to get the latest news.",
        "Share this:",
        "Follow us on Facebook and Twitter for the latest updates",
    ],
    "comments_widget": [
        "CommentsNo comment",
        "0 Comments",
        "Leave a comment",
        "Be the first to comment",
        "Comments ({n})",
        "{n} Comments",
        "Join the conversation",
        "Post a comment",
        "View comments",
        "Leave a Reply Cancel reply",
    ],
    "legal_disclaimer_heading": ["Legal Disclaimer:", "LEGAL DISCLAIMER", "Disclaimer:", "Legal notice"],
    "legal_disclaimer_body": [
        "{site} provides the information “as is” without warranty of any kind. We do not accept any "
        "responsibility or liability for the accuracy, content, images, videos, licenses, completeness, "
        "legality, or reliability of the information contained in this article. If you have any "
        "complaints or copyright issues related to this article, kindly contact the provider above.",
        'The information in this press release is provided "as is" without warranties of any kind, express '
        "or implied. {site} is not responsible for errors or omissions.",
        "This content was supplied by a third party. {site} makes no warranty as to its accuracy and "
        "accepts no liability for any loss arising from its use.",
        "All information is provided as is. {company} does not guarantee the accuracy of third-party content "
        "and shall not be liable for any damages.",
    ],
    "copyright": [
        "© {year} {site} Media. All rights reserved.",
        "Copyright © {year} {site}",
        "(c) {year} {company}",
        "© Copyright {year} {company}, All Rights Reserved",
        "Copyright {year} {site}. All rights reserved. This material may not be republished without permission.",
        "© {year} {company}",
    ],
    "tracking_id": ["MENAFN{dmy}{d8}ID{d9}", "PRN{ymd}{d7}X{d6}", "Article ID: {d7}", "ref:{uuid}"],
    "tracking_id_inline": ["MENAFN{dmy}{d8}ID{d9}", "PRN{ymd}{d7}X{d6}"],
    "site_boilerplate": [
        "{site} has covered {region} since {founded}, with reporters in {city} and {city2}.",
        "{site} is part of the {company} group of regional titles.",
        "Our newsroom at {street}, {city} is open to readers every weekday morning.",
        "The {site} team reports on {region} politics, business and community life.",
        "{site} journalism is made possible by members in {region}.",
        "Letters to the editor of {site} should be addressed to {street}, {city}.",
    ],
    "decorations": ["» ", "• ", "> ", "- "],
    "site_first": [
        "Northgate",
        "Riverside",
        "Harbor",
        "Summit",
        "Lakeshore",
        "Pinecrest",
        "Eastfield",
        "Granite",
        "Maple",
        "Silverton",
        "Brookhaven",
        "Clearwater",
        "Ironwood",
        "Kingsport",
        "Meadowbrook",
        "Stonebridge",
    ],
    "site_second": [
        "Tribune",
        "Ledger",
        "Courier",
        "Gazette",
        "Herald",
        "Observer",
        "Daily",
        "Post",
        "Times",
        "Dispatch",
    ],
    "tlds": [".com", ".net", ".co.uk"],
    "company_suffix": ["Media Group", "Newspapers", "Holdings", "Press"],
    "regions": [
        "the Lake District",
        "North Valley",
        "the Upper Coast",
        "Greene County",
        "the Midlands",
        "East Bay",
    ],
    "cities": [
        "Ashford",
        "Bellmont",
        "Carverton",
        "Dunmore",
        "Elkridge",
        "Fallbrook",
        "Glenview",
        "Hartwell",
    ],
    "streets": ["12 Market Street", "401 Mill Road", "88 Harbour Lane", "7 Station Square", "230 Elm Avenue"],
    "sections": ["World", "Business", "Sport", "Politics", "Health", "Science", "Culture", "Local", "Tech"],
}

TEST: dict[str, Any] = {
    "crawler_header": [
        "{date} {time} {status} {url}",
        "HTTP/2 {status}",
        "retrieved_at: {iso} http_status: {status}",
        "<{status}> {url} @ {date}",
        "Response {status} ({reason}) at {httpdate}",
        "Last-Modified: {httpdate}",
        "GET {url} -> {status}",
        "crawled {us_date} {time} status {status}",
        ("URL: {url}", "Date: {httpdate}"),
        "{epoch}\t{status}\t{url}",
        "# fetched {date}T{time} code {status}",
        ("Content-Type: text/html; charset=utf-8", "X-Crawl-Status: {status}"),
    ],
    "error_page": [
        ("Oops! Something went wrong.", "The page you are looking for could not be found."),
        "Error 404: Not Found",
        ("403 Forbidden", "You don't have permission to access this resource on this server."),
        "Sorry, this article is unavailable in your country.",
        ("This site uses cookies to personalise content and ads.", "Accept all | Manage preferences"),
        (
            "You've read all your free stories this month.",
            "Subscribe now for unlimited access from just $1 a week.",
        ),
        "Please enable JavaScript to view this page.",
        ("Are you a robot?", "Complete the security check below to continue."),
        "The requested URL was not found on this server.",
        ("Hmm, we can't find that page.", "Try searching {site} instead."),
        "Content unavailable. It may have been removed by the publisher.",
        ("This story is for subscribers only.", "Log in or start your free trial"),
        "502 Bad Gateway",
    ],
    "navigation": [
        "News / {section} / {section2}",
        "Skip to main content",
        "{section} • {section2} • {section3} • Culture",
        "☰ Menu",
        "Trending: {section} · {section2} · {section3}",
        "Sections {section} {section2} {section3} Newsletters",
        "Top stories  {section}  {section2}  Weather",
    ],
    "read_more": [
        "Continue reading",
        "Read the full story here",
        "ALSO READ | {headline}",
        "Recommended: {headline}",
        "More from {site}: {headline}",
        "See also — {headline}",
        "You might also like: {headline}",
        "Keep reading \u203a",
        "Story continues below",
        "[Related] {headline}",
    ],
    "share_prompt": [
        "Share:",
        "Share via WhatsApp",
        "Like us on Facebook",
        "Get our free daily briefing — sign up here",
        "Follow {site} on Instagram",
        "Copy link",
        "Send this story to a friend",
        "Download the {site} app",
        "Stay informed: join our Telegram channel",
        "Facebook Twitter LinkedIn WhatsApp",
        "Pin it",
        "Never miss a story: get alerts on your phone",
    ],
    "comments_widget": [
        "No comments yet. Start the discussion!",
        "Comments: {n}",
        "Comment on this story",
        "Show comments ({n})",
        "Comments are closed.",
        "Add your comment",
        "Log in to comment",
        "{n} responses to this article",
        "Discussion ({n})",
        "Have your say",
    ],
    "legal_disclaimer_heading": [
        "Disclaimer",
        "Important notice",
        "Terms of use notice:",
        "DISCLAIMER NOTICE",
    ],
    "legal_disclaimer_body": [
        "The views and opinions expressed in this article are those of the author and do not necessarily "
        "reflect the official policy or position of {site}.",
        "This article is for informational purposes only and does not constitute financial, legal or "
        "investment advice. {site} accepts no liability for decisions made on the basis of it.",
        "Content is distributed as-is by {company}; no representation or warranty, express or "
        "implied, is made regarding its completeness or accuracy. Complaints should be addressed to the "
        "original publisher.",
        "{site} is not responsible for the content of external sites. Reproduction of this material without "
        "written permission is prohibited.",
    ],
    "copyright": [
        "All content © {site} {year}",
        "Copyright {year} {company} Inc. All Rights Reserved. This material may not be published, broadcast, "
        "rewritten or redistributed.",
        "© {site}, {year}",
        "{site} © {year} | Privacy Policy | Terms",
        "©{year} {company} — reproduction prohibited",
        "Copyright (C) {year} {site}",
        "{year} © {company}. Some rights reserved.",
    ],
    "tracking_id": ["NWR{ymd}{d6}R{d7}", "DocID {hex16}", "{AAA}{d12}", "tid:{hex12}-{d6}"],
    "tracking_id_inline": ["NWR{ymd}{d6}R{d7}", "{AAA}{d12}"],
    "site_boilerplate": [
        "{site} started as a weekly sheet in {city} in {founded} and went online in {year}.",
        "Stories from {region} are edited by the {site} desk in {city}.",
        "{company} publishes {site} alongside {n1} other community titles.",
        "Readers in {city} can reach the editors of {site} at {email}.",
        "{site} reporting in {region} is funded in part by the {city2} Civic Fund.",
        "The {site} print edition reaches homes across {region} every Thursday.",
    ],
    "decorations": ["\u203a ", "· ", "→ ", "* "],
    "site_first": [
        "Westbrook",
        "Oakridge",
        "Coral",
        "Highland",
        "Bayview",
        "Cedar",
        "Redstone",
        "Fairhaven",
        "Amberly",
        "Thornbury",
        "Willowdale",
        "Crestmoor",
        "Larkspur",
        "Ravenswood",
        "Sandpoint",
        "Foxhall",
    ],
    "site_second": [
        "Chronicle",
        "Sentinel",
        "Record",
        "Examiner",
        "Bulletin",
        "Journal",
        "Beacon",
        "Register",
        "Star",
        "Mirror",
        "Wire",
        "Today",
    ],
    "tlds": [".org", ".news", ".com.au", ".ie", ".ca"],
    "company_suffix": ["Publishing", "Media Ltd", "Communications", "News Company"],
    "regions": [
        "the Western Plains",
        "South Harbour",
        "Coastal Bay",
        "the Hill Country",
        "Tamar Valley",
        "the Fens",
    ],
    "cities": ["Ardmore", "Blackwood", "Calloway", "Drayton", "Eversley", "Farnham", "Greystone", "Holloway"],
    "streets": ["3 Quay Street", "55 Church Lane", "19 Wharf Road", "140 Victoria Parade", "6 Beacon Hill"],
    "sections": [
        "National",
        "Economy",
        "Football",
        "Elections",
        "Wellbeing",
        "Environment",
        "Arts",
        "Regional",
        "Motoring",
    ],
}

FRESH: dict[str, Any] = {
    "crawler_header": [
        ("WARC/1.0", "WARC-Type: response", "WARC-Record-ID: <urn:uuid:{uuid4}>"),
        '{ip} - - [{clf_date}] "GET {path} HTTP/1.1" {status} {d5}',
        "DEBUG: Crawled ({status}) <GET {url}> (referer: None)",
        ("--{date} {time}--  {url}", "HTTP request sent, awaiting response... {status} {reason}"),
        '{{"url": "{url}", "status": {status}, "fetched": "{iso}"}}',
        "{stamp} {url} text/html {status} sha1:{hex40}",
        "Fetch date: {human_date} | HTTP status: {status}",
        "=== {url} [{status}] ===",
        ("status: {status}", "server: cloudflare", "cf-cache-status: DYNAMIC"),
        "{iso} INFO fetcher: {url} returned {status} after {d3} ms",
        "Downloaded {us_date}, {time} UTC (status {status})",
        "Archived {human_date} from {url}",
        "STATUS={status} DATE={date}",
    ],
    "error_page": [
        (
            "Checking your browser before accessing {domain}.",
            "This process is automatic. Your browser will redirect to your requested content shortly.",
        ),
        ("Just a moment...", "Enable JavaScript and cookies to continue"),
        (
            "We value your privacy",
            "We and our partners store and/or access information on a device, such as cookies, and process "
            "personal data such as unique identifiers and standard information sent by a device.",
            "I ACCEPT | MORE OPTIONS",
        ),
        "Unfortunately, our website is currently unavailable in most European countries. We are engaged on "
        "the issue and committed to looking at options that support our full range of digital offerings to "
        "the EU market.",
        (
            "Oops! That page can\u2019t be found.",
            "It looks like nothing was found at this location. Maybe try a search?",
        ),
        "Error establishing a database connection",
        ("504 Gateway Time-out", "nginx/1.18.0 (Ubuntu)"),
        (
            "Sorry, this page isn't available.",
            "The link you followed may be broken, or the page may have been removed.",
        ),
        ("It looks like you're using an ad blocker.", "Please disable it or whitelist {domain} to keep reading."),
        (
            "To continue reading, log in or create a free account.",
            "Subscribers get unlimited digital access. Cancel anytime.",
        ),
        "You have {n1} free articles left this month.",
        (
            "Access to this page has been denied because we believe you are using automation tools to browse "
            "the website.",
            "Reference ID: #{uuid4}",
        ),
        "Something went wrong on our end. Please refresh the page or try again in a few minutes.",
        ("This content is only available to premium members.", "Unlock full access"),
        "Page moved. If you are not redirected automatically, follow this link.",
    ],
    "navigation": [
        "Jump to navigation",
        "Home \u203a {section} \u203a {section2}",
        "Local News | Sports | Obituaries | e-Edition | Classifieds",
        "Sign In | Register | Today's Paper | {section}",
        "Tags: {section}, {section2}, {section3}",
        "Toggle navigation",
        "{section} \u2013 {section2} \u2013 {section3} \u2013 Podcasts \u2013 Events",
        "Posted in {section}, {section2}",
        "Open Menu Close Menu",
        "Back to top \u2191",
    ],
    "read_more": [
        "READ NEXT: {headline}",
        "Don't miss: {headline}",
        "Trending now",
        "Most read on {site}",
        "WATCH: {headline}",
        "Full story >>",
        "Article continues after advertisement",
        "In other news: {headline}",
        "Editor's picks",
        "{headline} (opens in new tab)",
        "Read the rest of this entry \u00bb",
        "More {section} news",
    ],
    "share_prompt": [
        "Click to share on X (Opens in new window)",
        "Click to email a link to a friend (Opens in new window)",
        ("Like this:", "Like Loading..."),
        "Gift this article",
        "{n} shares",
        "Share  Tweet  Pin  Email",
        "Print this page",
        "Get the latest headlines from {region} in your inbox every weekday.",
        "Enter your email address to subscribe to {site} and receive notifications of new posts by email.",
        "Find us on Facebook",
        "Save for later",
        "Reddit Flipboard Pinterest Email",
        "Add {site} as a preferred source on Google",
    ],
    "comments_widget": [
        "{n} thoughts on \u201c{headline}\u201d",
        "comments powered by Disqus",
        "You must be logged in to post a comment.",
        ("Leave a Reply", "Your email address will not be published. Required fields are marked *"),
        "Sort by: Best | Newest | Oldest",
        "Load more comments",
        "Commenting has been disabled for this article.",
        "Reply \u2193",
        "Comment guidelines: be respectful and stay on topic.",
        "Conversation ({n})",
        "What do you think? Let us know below.",
        "View {n} replies",
    ],
    "legal_disclaimer_heading": [
        "Forward-Looking Statements",
        "Disclosure:",
        "Editor's note",
        "NOTICE",
        "Affiliate disclosure",
    ],
    "legal_disclaimer_body": [
        "This press release contains forward-looking statements within the meaning of the Private Securities "
        "Litigation Reform Act of 1995. Actual results may differ materially, and {company} undertakes no "
        "obligation to update any forward-looking statement.",
        "{site} may earn a commission if you buy something through links on this page. This does not affect "
        "our editorial independence.",
        "(This story has not been edited by {site} staff and is auto-generated from a syndicated feed.)",
        "The author has no position in any of the stocks mentioned. Nothing in this article should be taken "
        "as a recommendation to buy or sell securities; readers should do their own research.",
        "Opinions expressed by contributors are their own. {company} reserves the right to edit or remove "
        "content at its sole discretion and is not liable for third-party material linked from this page.",
    ],
    "copyright": [
        "Copyright \u00a9 {founded}-{year} {company}. All rights reserved.",
        "\u00a9 {year} {site} Ltd. Registered in England and Wales, company no. {d8}.",
        "{site} \u00a9{year}, all rights reserved",
        "Content copyright {year} {company} unless otherwise noted.",
        "COPYRIGHT {year} BY {company}. ALL RIGHTS RESERVED.",
        "\u00a9 {year} {domain} | Powered by Newspack",
        "Copyright {year} {site} | All rights reserved | Terms of Service | Privacy Policy | Cookie Settings",
        "This article is copyright {year} {company} and is republished here under licence.",
    ],
    "tracking_id": [
        "Press release ID {d7}",
        "[nL{d1}N{d1}{AAA}{d2}]",
        "Ref: {AAA}/{year}/{d5}",
        "{hex32}",
        "Story code {AAA}-{d4}-{d2}",
        "{ymd}{d6}/en",
    ],
    "tracking_id_inline": ["[nL{d1}N{d1}{AAA}{d2}]", "{ymd}{d6}/en"],
    "site_boilerplate": [
        "Got a news tip? Email the {site} newsroom at {email}.",
        "{site} is an independent, locally owned news organisation serving {region} since {founded}.",
        "{company} acknowledges the Traditional Custodians of the land in {city} and {city2} where we work.",
        "{site} is a member of the Independent Press Standards Organisation and follows the Editors' Code of Practice.",
        "Corrections and complaints about {site} coverage go to the readers' editor, {street}, {city}.",
        "Every {site} subscription helps keep {n1} reporters on the ground in {region}.",
        "The {site} e-edition is a digital replica of the printed paper, available to subscribers from 5am daily.",
    ],
    "decorations": ["\u25b8 ", "\u2013 ", "\u25a0 ", "| "],
    "site_first": [
        "Marlow",
        "Kestrel",
        "Juniper",
        "Bramley",
        "Copperfield",
        "Tidewater",
        "Norbury",
        "Hollis",
        "Wexley",
        "Elmsworth",
        "Pemberton",
        "Castleford",
        "Dunsmere",
        "Saltmarsh",
        "Valemount",
        "Ashgrove",
    ],
    "site_second": [
        "Advocate",
        "Telegraph",
        "Enquirer",
        "Standard",
        "Argus",
        "Clarion",
        "Monitor",
        "Messenger",
        "Review",
        "Pioneer",
        "Free Press",
        "Reporter",
    ],
    "tlds": [".co.nz", ".us", ".co.za", ".info", ".in"],
    "company_suffix": ["Media Inc.", "Publications LLC", "News Network", "Digital Pty Ltd"],
    "regions": [
        "the Eastern Shore",
        "Moorland County",
        "the Copper Coast",
        "the Three Rivers area",
        "Upper Dale",
        "the Northern Tablelands",
    ],
    "cities": ["Kilmore", "Lydford", "Marston", "Norwood", "Quenby", "Rosewell", "Stanbridge", "Tarrant"],
    "streets": [
        "Suite 200, 1500 Commerce Drive",
        "PO Box 417",
        "27 King William Road",
        "Level 3, 90 George Street",
        "1 Harbourside Plaza",
    ],
    "sections": [
        "Markets",
        "Cricket",
        "Lifestyle",
        "Property",
        "Courts",
        "Education",
        "Travel",
        "Entertainment",
        "Obituaries",
    ],
}

POOLS: dict[str, dict[str, Any]] = {
    "dev": DEV,
    "test": TEST,
    "fresh": FRESH,
    "fresh3": FRESH3,
    "fresh4": FRESH4,
    "fresh5": FRESH5,
    "fresh6": FRESH6,
    "fresh7": FRESH7,
    "fresh8": FRESH8,
    "fresh9": FRESH9,
    "fresh2": FRESH2,
}
#: The held-out pool: the clean benchmark's headline, never tuned on.
HELD_OUT = "fresh2"


def _strings(pool: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for key, values in pool.items():
        if key in {"decorations", "tlds"}:
            continue
        for value in values:
            out.update(value if isinstance(value, tuple) else (value,))
    return out


def check_disjoint() -> None:
    """Fail if any wording, name or site part appears in two pools (they must share nothing)."""
    names = list(POOLS)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            shared = _strings(POOLS[first]) & _strings(POOLS[second])
            if shared:
                raise AssertionError(f"{first} and {second} pools share wordings: {sorted(shared)}")
    for name, pool in POOLS.items():
        if set(pool) != set(DEV):
            raise AssertionError(f"{name} pool has other keys than dev: {sorted(set(pool) ^ set(DEV))}")
