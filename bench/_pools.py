"""Two disjoint pools of crawl-noise wordings: ``dev`` (tune the cleaner on it) and ``test`` (report it).

A template is a string, or a tuple of strings for a block of several lines. ``{name}`` fields are filled
per document by :class:`noise.Slots` (``{site}``, ``{url}``, ``{status}``, ``{headline}`` ...). The dev pool
holds the wordings the project has already seen (the seed file and the issue's examples); the test pool
says the same kinds of thing in other words, for other sites, so a cleaner tuned on dev is measured on
wordings it never saw. :func:`check_disjoint` keeps the two apart.
"""

from __future__ import annotations

from typing import Any

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

POOLS: dict[str, dict[str, Any]] = {"dev": DEV, "test": TEST}


def _strings(pool: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for key, values in pool.items():
        if key in {"decorations", "tlds"}:
            continue
        for value in values:
            out.update(value if isinstance(value, tuple) else (value,))
    return out


def check_disjoint() -> None:
    """Fail if any wording, name or site part appears in both pools (they must share nothing)."""
    shared = _strings(DEV) & _strings(TEST)
    if shared:
        raise AssertionError(f"dev and test pools share wordings: {sorted(shared)}")
