"""The ``fresh6`` pool of crawl-noise wordings: written blind to the rules, a development pool from the start.

Written in session 15 by a helper who had read neither the held-out ``fresh2`` pool nor the cleaner's rules,
patterns, lexicon or line model, nor any list of the cleaner's misses: only the other development pools'
format and keys. It is a development pool from the start: measured once before anything is tuned or
trained on it, then training data. Its wordings follow real sites' furniture from other regions and kinds
than ``fresh5``'s: the English-language papers of South and Southeast Asia (India, Pakistan, Bangladesh, the
Philippines, Malaysia, Singapore) and Africa (Nigeria, Kenya, South Africa, Ghana), Australian, New Zealand,
Canadian, Irish and UK regional papers, US local TV stations' sites and newspaper chains (Gannett, Lee,
McClatchy, Postmedia), news aggregators and syndication (Yahoo, MSN, Google News, NewsBreak, SmartNews,
Flipboard, PressReader, Tribune Content Agency, The Conversation), wire services' sign-offs (PTI, UNI,
Bernama, APP, NAN, AFP, Kyodo, Yonhap, AP slugs), press-release wires (PR Newswire, GlobeNewswire, Business
Wire, Accesswire, Newsfile, EIN Presswire), financial and health sites' legal text, comment systems
(TownNews, OpenWeb, Facebook, Viafoura), firewalls and hosts (Incapsula, Sucuri, CloudFront, Netlify,
Vercel, IIS, Tomcat, Heroku) and archival and crawling tools the other pools do not use (the Wayback
Machine, archive.today, Google's cache, HTTrack, SingleFile, Browsertrix, Crawlee, Playwright, httpx,
urllib3, Apify, trafilatura, Common Crawl's index and WET files, Screaming Frog). It gives the most variety
to the kinds the cleaner generalises worst to: "read more" and related-story lines, tracking ids and
machine codes, and legal disclaimers. It dresses the test half of the articles, as the other fresh pools do.

One contact with ``fresh2``: to keep the pools disjoint (:func:`_pools.check_disjoint`, whose error would
print the shared strings), the helper checked its draft against the other pools with counts only and
reworded the groups of lines that a count showed shared until none was (16 strings, among them real server
and firewall wordings). No string of ``fresh2`` was printed or read.
"""

from __future__ import annotations

from typing import Any

FRESH6: dict[str, Any] = {
    "crawler_header": [
        "The Wayback Machine - https://web.archive.org/web/{stamp}/{url}",
        "<!-- Mirrored from {domain}{path} by HTTrack Website Copier/3.x [XR&CO'2014], {httpdate} -->",
        ("Page saved with SingleFile", "url: {url}", "saved date: {httpdate}"),
        'DEBUG:urllib3.connectionpool:https://{domain}:443 "GET {path} HTTP/1.1" {status} None',
        'INFO:httpx:HTTP Request: GET {url} "HTTP/1.1 {status} {reason}"',
        "INFO  CheerioCrawler: Crawled {url} [{status}] in {d3}ms",
        '  - navigating to "{url}", waiting until "load"',
        (
            "archive.today webpage capture",
            "Saved from {url} | search | {date} {time} UTC",
            "All snapshots from host {domain}",
        ),
        "This is Google's cache of {url}. It is a snapshot of the page as it appeared on {httpdate}.",
        '{surt}{path} {stamp} {{"url": "{url}", "mime": "text/html", "status": "{status}", '
        '"digest": "{AAA}{AAA}{d6}", "length": "{d5}"}}',
        (
            "WARC-Type: conversion",
            "WARC-Refers-To: <urn:uuid:{uuid4}>",
            "WARC-Identified-Content-Language: eng",
        ),
        '{{"timestamp":"{iso}","logLevel":"info","context":"pageStatus","message":"Page Finished",'
        '"details":{{"loadState":4,"page":"{url}","workerid":0}}}}',
        '<doc sitename="{site}" source="{url}" hostname="{domain}" date="{date}" fingerprint="{hex16}">',
        '"crawl": {{"loadedUrl": "{url}", "loadedTime": "{iso}", "depth": 0, "httpStatusCode": {status}}}',
        '"{url}","text/html; charset=UTF-8","{status}","{reason}","Indexable"',
        '{{"source": {{"id": null, "name": "{site}"}}, "publishedAt": "{iso}", "url": "{url}"}}',
        ("Age: {n1}", "Via: 1.1 varnish", "X-Served-By: cache-{AAA}{d4}-{AAA}"),
        "[{time}] wpull: Fetched ‘{url}’: {status} {reason}. Length: {d5} [text/html].",  # noqa: RUF001
        "Snapshot of {url} taken {human_date} {time} UTC by the {site} archive bot (HTTP {status})",
        "feed-ingest {iso} source={domain} item={d8} http={status}",
        ("Crawl-Date: {iso}", "Original-URL: {url}", "HTTP-Status: {status} {reason}"),
        "{epoch}.{d3} {status} GET {url} [{d4} bytes] ok",
        "[{date} {time},{d3}] playwright: page.goto({url}) -> {status}",
        "Captured by Browsertrix on {us_date} from {domain}",
    ],
    "error_page": [
        (
            "451: Unavailable due to legal reasons",
            "We recognize you are attempting to access this website from a country belonging to the European "
            "Economic Area (EEA) including the EU which enforces the General Data Protection Regulation (GDPR) "
            "and therefore access cannot be granted at this time. For any issues, contact {email} or call "
            "({d3}) {d3}-{d4}.",
        ),
        "Request unsuccessful. Incapsula incident ID: {d9}{d9}-{d9}{d9}",
        (
            "Sucuri WebSite Firewall - Access Denied",
            "Block reason: Access from your Country was disabled by the administrator. Your IP: {ip}",
        ),
        (
            "ERROR: The request could not be satisfied",
            "Generated by cloudfront (CloudFront) Request ID: {az4}{AAA}{d2}{az8}{AAA}{d3}==",
        ),
        (
            "Error 1015 Ray ID: {hex16} • {date} {time} UTC",
            "You are being rate limited. The owner of this website ({domain}) has banned you temporarily from "
            "accessing this website.",
        ),
        "Connection timed out Error code 522",
        "404 - File or directory not found. The resource you are looking for might have been removed, had its "
        "name changed, or is temporarily unavailable.",
        ("HTTP Status 404 – Not Found", "Apache Tomcat/9.0.{n1}"),  # noqa: RUF001
        "Application error: an error occurred in the application and your page could not be served. If you are "
        "the application owner, check your logs for details.",
        (
            "Page Not Found · {site}",
            "Looks like you've followed a broken link or entered a URL that doesn't exist on this site.",
        ),
        "404: NOT_FOUND Code: NOT_FOUND ID: bom1::{az5}-{epoch}{d3}-{hex12}",
        "The website encountered an unexpected error. Try again later. ({domain})",
        "Sorry, you are not allowed to access this page. ← Go to {site}",
        "Server Error (500) — {domain}",
        (
            "{site} asks for your consent to use your personal data to: personalised advertising and content, "
            "advertising and content measurement, audience research and services development; store and/or "
            "access information on a device.",
            "Consent   Do not consent   Manage options",
        ),
        (
            "Yahoo is part of the Yahoo family of brands. When you use our sites and apps, we use cookies to "
            "provide our sites and apps to you, authenticate users and apply security measures.",
            "Accept all   Reject all   Manage privacy settings",
        ),
        "Thank you for reading! Please log in, or sign up for a new account and purchase a subscription to "
        "continue reading.",
        "This is a premium article. Subscribe now to unlock, starting at ₹{n1}9 a month.",
        (
            "Dear reader, we have noticed that you are using an ad-blocker on {domain}.",
            "Kindly whitelist us so that we can continue to bring you quality journalism.",
        ),
        "Your subscription could not be saved. Please try again. Your subscription has been successful.",
        "This video file cannot be played. (Error Code: 2240{d2})",
        "Your browser does not support the video tag. Download the clip ({n1} MB).",
        "This Post is from an account that no longer exists. Learn more",
        "Something went wrong, but don’t fret — let’s give it another shot.",  # noqa: RUF001
        ("This article is available to PressReader subscribers.", "Sign in to read the {human_date} edition."),
        ("Continue reading in the app", "Open the {site} app for the full story and local alerts near {city}."),
        (
            "Premium content",
            "Already a member? Sign in. Not yet? Get unlimited {site} stories for $1 for the first {n1} weeks.",
        ),
        "We’re sorry, this content has expired and is no longer available.",  # noqa: RUF001
        ("Error 503 first byte timeout", "Served by cache-{AAA}{d4}-{AAA}"),
        "This page has been archived and is no longer updated. Archived: {human_date}",
    ],
    "navigation": [
        "Home / {section} / {section2} / Story",
        "News » {section} » {city} News",
        "Home | Local | News | Sports | Obituaries | Opinion | e-Edition | Jobs | Classifieds | Place an Ad",
        "Weather | Traffic | Watch Live | Closings & Delays | Contests | Contact Us",
        "Sports  Entertainment  Life  Money  Tech  Travel  Opinion  Obituaries  E-Edition  Legals",
        "For you   Following   Local   Top stories   {section}",
        "Home  Mail  News  Finance  Sports  Entertainment  Search  Mobile  More",
        "English | Bahasa Malaysia | 中文",
        "Edition: India | US | UK | Gulf",
        "News | Sport | What's On | Property | Jobs | Family notices",
        "Skip to footer",
        "Accessibility links",
        "Search Query Submit Search",
        "1  2  3  …  Next ›",  # noqa: RUF001
        "Distribution channels: {section}, {section2}, {section3}",
        "You are viewing: {section} › {section2}",  # noqa: RUF001
        "Top  |  Local  |  {section}  |  {section2}  |  Politics  |  Business",
        "Flipboard · {section} Magazine",
        "Today's e-Paper  ·  {section}  ·  {section2}  ·  Videos  ·  Podcasts",
        ("Latest", "{section} ▾", "{section2} ▾", "e-Paper"),
        "Back to {section} homepage",
        "◀ Prev   {section2}   Next ▶",
        "Listen Live  |  Shows  |  {section}  |  Events",
    ],
    "read_more": [
        "ALSO READ — {headline}",
        "Also Read | {headline} ({human_date})",
        "READ: {headline}",
        "READ ALSO: {headline}",
        "ALSO SEE: {headline}",
        "RELATED STORY: {headline}",
        "MUST READ: {headline}",
        "Recommended Stories",
        "You may like",
        "More in {section} »",
        "🔥 Trending: {headline}",
        "Don't Miss Out: {headline}",
        "Suggested for you: {headline}",
        "WATCH VIDEO: {headline}",
        "LISTEN: {headline} — the {site} podcast",
        "Click here to read the full report",
        ("Related Posts", "{headline} ({human_date})"),
        (
            "Latest News",
            "• {headline} — {n1} hours ago",
            "• Police appeal for witnesses after crash near {city} — {n1} hours ago",
        ),
        (
            "Most Popular",
            "1 {headline}",
            "2 {section} live: updates from {city}",
            "3 Weather warning issued for {region}",
        ),
        "Continue reading the full article on {site}",
        "This story was originally published {us_date} {time}.",
        "This article originally appeared in {site}.",
        "Read the original article on {site}.",
        "Story continues below advertisement",
        "Advertisement - Continue Reading Below",
        "Article continues after this advertisement",
        "Story continues",
        ("Advertisement {n1}", "Article content"),
        "{headline} (VIDEO)",
        "{headline} - {site}",
        ("Full Coverage", "{site} · {n1}h ago · {headline}"),
        ("{headline} ›", "{company} · {n1} min read"),  # noqa: RUF001
        "Story by {site} • {n1}h",
        "See more on SmartNews",
        "View original content to download multimedia: {url}",
        "To view the source version of this press release, please visit {url}",
        "View the original press release on accesswire.com",
        "Catch all the {section} News and Updates on {site}.",
        "Read More News on {section}, {section2}",
        "PREVIOUS COVERAGE: {headline}",
        "Stay with {site} for updates on this developing story.",
        "[READ: {headline}]",
        "(Related: {headline})",
        "👉 {headline}",
        "➡️ Read also: {headline}",
        "{headline} | {us_date}",
        "{headline} · {n1} hours ago",
        ("More from {site}", "• {headline}", "• The {section2} stories you missed this week"),
        ("You May Like", "Sponsored Links by Taboola"),
        "Around the Web",
        ">>> {headline} <<<",
        "SEE THE LATEST: {section} coverage from {city} and {city2}",
        "Flipped into {section} by {site}",
        "Read this story in the {site} e-paper",
        "Next story: {headline} →",
        "LIVE UPDATES | {headline}",
        "In Pictures: {headline}",
        "{section} — {headline} — {n1} min read",
        "Photos: {n1} images from {city}",
    ],
    "share_prompt": [
        "Join {site}'s Telegram channel and get the latest breaking news delivered to you.",
        "Join {site}'s WhatsApp Channel and get the latest news and must-reads.",
        "Follow us on our official WhatsApp channel for breaking news alerts and key updates!",
        "Share on Viber",
        "Share to LINE",
        "Flip it",
        "Download the {site} News app for breaking news alerts",
        "Sign up for {site} weather alerts in {city}",
        "Send any friend a story. As a subscriber, you have {n1} gift articles to give each month.",
        "Share full article",
        "Download The {site} App to get Daily Market Updates.",
        "Unlock a world of Benefits! From insightful newsletters to real-time stock tracking, breaking news "
        "and a personalized newsfeed – it's all here, just a click away! Login Now!",  # noqa: RUF001
        "Subscribe to {site} PLUS to get access to the e-paper & other 70+ titles, share up to 5 gadgets, "
        "listen to the news, download as early as 4am & share articles on social media.",
        "Get the best {city} stories straight to your inbox — sign up to our free newsletter",
        "We have more newsletters",
        "Have a story? Reach us via WhatsApp: +254 {d3} {d6}",
        "Open in NewsBreak",
        "Save to Flipboard",
        "Email  ·  Facebook  ·  X  ·  WhatsApp  ·  Viber  ·  Copy link",
        "Share this story on social media: use the buttons below",
        "Tap ⭐ to follow {site} on Google News",
    ],
    "comments_widget": [
        "Comments ({n}) Sort: Newest | Upvoted | Oldest | Discussed | Downvoted",
        "Characters Remaining: 1000 | Post Comment",
        (
            "Welcome to the discussion. Log In",
            "Keep it Clean. Please avoid obscene, vulgar, lewd, racist or sexually-oriented language. PLEASE "
            "TURN OFF YOUR CAPS LOCK.",
            "Don't Threaten. Threats of harming another person will not be tolerated. Be Truthful. Don't "
            "knowingly lie about anyone or anything.",
        ),
        "{n} Comments Sort by Top",
        "{n} Comments · Facebook Comments Plugin",
        "Powered by OpenWeb · Terms | Privacy | Feedback",
        "Log in | Sign up to join the {site} conversation",
        "Conversation {n} Comments",
        "Disclaimer: Comments will be moderated by {site} editors. Abusive, personal, off-topic comments "
        "will not be published.",
        "Read {n} comments",
        "Post a new comment on {site}",
        "Comment as a guest or log in with your {site} ID",
        "Report this comment to the {site} moderators",
        "{n} replies  ·  Hide replies",
        "Commenting on this article has ended",
        "Viewing {n} of {n} comments",
        "Add your voice: what's happening in {city}?",
        "Comment Policy: keep it civil and on topic",
    ],
    "legal_disclaimer_heading": [
        "Safe Harbor Statement under the Private Securities Litigation Reform Act of 1995",
        "Forward Looking Information and Statements",
        "Cautionary Statement Regarding Forward-Looking Information",
        "Our advertising disclosure",
        "Health & medical disclaimer",
        "Important Information for Investors and Shareholders",
        "Participants in the Solicitation",
        "Clarification added {us_date}",
        "Risk warning — capital at risk",
        "Note to the Reader:",
        "How we used AI in this story",
        "Syndication & reprints notice",
        "Disclosures & disclaimer",
        "Use of Non-GAAP Financial Measures",
        "Correction appended",
    ],
    "legal_disclaimer_body": [
        'This news release contains "forward-looking information" within the meaning of applicable Canadian '
        "securities legislation. Forward-looking information is based on the reasonable assumptions of "
        "management and is subject to known and unknown risks, and {company} disclaims any obligation to "
        "update it, except as required by law.",
        "Neither the TSX Venture Exchange nor its Regulation Services Provider (as that term is defined in the "
        "policies of the TSX Venture Exchange) accepts responsibility for the adequacy or accuracy of this "
        "release.",
        "This announcement has been authorised for release by the Board of {company}.",
        "(Disclaimer: The views and recommendations made above are those of individual analysts or broking "
        "companies, and not of {site}. We advise investors to check with certified experts before taking any "
        "investment decisions.)",
        "(Only the headline and picture of this report may have been reworked by the {site} staff; the rest "
        "of the content is auto-generated from a syndicated feed.)",
        "The above press release comes to you under an arrangement with {company}. {site} takes no editorial "
        "responsibility for the same.",
        "Note to the Reader: This article is part of {site}'s paid consumer connect initiative and is "
        "independently created by the brand. {site} does not hold any editorial responsibility for the same.",
        "Disclaimer: This article is for informational purposes only and not a substitute for professional "
        "medical advice. Seek the advice of your doctor with any questions about a medical condition.",
        "Portions of this article were produced with the assistance of AI. A journalist reviewed, "
        "fact-checked and edited the content before publication.",
        "This story was generated using software from {company} and reviewed by the {site} sports desk.",
        ("This summary was generated by AI.", "Read the full story below for context and sourcing."),
        "This article is reproduced with permission from {company}. All further reproduction is prohibited.",
        "This article is republished from {site} under a Creative Commons license. Read the original article.",
        "{site} is a national newsroom that produces in-depth journalism about health issues and is one of "
        "the core operating programs at {company}.",
        "{site}'s {section} coverage receives financial support from multiple private foundations. {site} is "
        "solely responsible for all content.",
        "CORRECTION: An earlier version of this story misstated the date of the hearing. It is {us_date}.",
        "Correction, {us_date}: A previous version of this article incorrectly identified a spokesperson "
        "for {company}.",
        "Clarification: This story has been updated to reflect that the figures came from {company}, "
        "not from police in {city}.",
        "(The writer is a {city}-based commentator. Views are personal.)",
        "Disclaimer: The opinions expressed within this article are the personal opinions of the author. The "
        "facts and opinions appearing in the article do not reflect the views of {site} and {site} does not "
        "assume any responsibility or liability for the same.",
        "Products featured are independently selected by our editors; prices were accurate at the time of publication.",
        "If you buy something through a link in this article, we may earn a small commission. This helps "
        "support our journalism. Learn more.",
        "{site} is an independent, advertising-supported comparison service. Compensation may impact how and "
        "where products appear on this site.",
        "Trading in financial instruments involves high risks including the risk of losing some, or all, of "
        "your investment amount, and may not be suitable for all investors.",
        "{company} would like to remind you that the data contained in this website is not necessarily "
        "real-time nor accurate.",
        "Past performance is no guarantee of future results. Inherent in any investment is the potential for "
        "loss. This material is being provided for informational purposes only.",
        "{site} has a disclosure policy.",
        "Except for the historical information contained herein, the matters set forth in this press release "
        "are forward-looking statements that involve risks and uncertainties, including those described in "
        "{company}'s most recent Annual Report on Form 10-K.",
        "These forward-looking statements speak only as of the date of this press release.",
        "{site} does not provide investment advice. All rights reserved.",
        "This content was produced by the {site} Brand Studio in partnership with {company}. The newsroom was "
        "not involved in its creation.",
        "This report by {site} was first published {us_date}.",
        "If you need someone to talk to, call Lifeline on 13 11 14 or Beyond Blue on 1300 22 4636.",
        "18+ | Gamble responsibly | T&Cs apply",
        "Not financial advice. DYOR.",
        "This press release was published by a CLEAR® Verified individual.",
        "Distributed by Tribune Content Agency, LLC.",
        "This is a community post. It has not been reviewed by {site} editors, and the views are the "
        "contributor's own.",
        (
            "This communication does not constitute an offer to sell or the solicitation of an offer to buy "
            "any securities.",
            "Investors are urged to read the proxy statement filed with the SEC, available free of charge at "
            "www.sec.gov.",
        ),
        "The information on this page is provided for general information only and is not a substitute for "
        "advice from a qualified veterinarian.",
    ],
    "copyright": [
        "Copyright © {year} {company}. All rights reserved. For reprint rights: {site} Syndication Service",
        "Copyright © {year} {company}. Co. Regn. No. {year}{d5}H. All rights reserved.",
        "© {year} {company} [{year}0100{d4} ({d5}-D)]",
        "© Copyright {founded}-{year} {domain} | All Rights Reserved",
        "All rights reserved. This material, and other digital content on this website, may not be "
        "reproduced, published, broadcast, rewritten or redistributed in whole or in part without prior "
        "express written permission from {site}.",
        "{company} ABN {d2} {d3} {d3} {d3} © {year}",
        "©{year} {site}. Visit {domain}. Distributed by Tribune Content Agency, LLC.",
        "© {year} {company}, a division of Postmedia Network Inc. All rights reserved. Unauthorized "
        "distribution, transmission or republication strictly prohibited.",
        "© {year} www.{domain}. All rights reserved.",
        "© Copyright {year} {site}, {street}, {city}",
        "The material on this site may not be reproduced, distributed, transmitted, cached or otherwise used, "
        "except with the prior written permission of {company}.",
        "Copyright {year} by {site} - All rights reserved.",
        "© {year} {site} (Pty) Ltd. All rights reserved. No reproduction without consent.",
        "Copyright ©{year} {site} | Powered by {site} Digital",
        "{site} | © {year} | About us | Advertise | Careers | Privacy",
        "Image: © {company} / Handout via {site}",
        "All content © {year} {company} Ltd, a company registered in Ireland.",
        "© {company} {founded} – {year}",  # noqa: RUF001
    ],
    "tracking_id": [
        "BC-US--{section}-{city}/{d3}",
        "SOURCE {company} Related Links https://www.{domain}",
        "einpresswire.com/article/{d9}/{az6}-{az4}-{az7}",
        "https://www.accesswire.com/{d6}/{az7}-{az5}-{az6}",
        "?utm_source=newsletter&utm_medium=email&utm_campaign={section}_{ymd}",
        "&mc_cid={hex10}&mc_eid={hex9}{d1}",
        "fbclid=IwAR{d1}{az6}{AAA}{d4}{az8}",
        "?at_medium=RSS&at_campaign={az7}",
        "smid=nl-{az5}-share&referringSource=articleShare",
        "_hsenc=p2ANqtz-{az8}{AAA}{d3}{az6}",
        "content-md5={hex32}",
        "X-Content-SHA256: {hex64}",
        "Asset ID: {AAA}-{d9}",
        "Article No: {year}-{d6}",
        "postid-{d6} single-format-standard",
        'data-article-id="{d8}"',
        "Permalink: https://{domain}/node/{d6}",
        "Shortlink: https://{domain}/?p={d6}",
        "div-gpt-ad-{d13}-{d1}",
        "adunit: /{d8}/{az6}.{az3}/{az4}",
        "Newstex ID: {AAA}X-{d4}-{d8}",
        "PTI {AAA} RT {AAA}",
        "UNI {AAA} {AAA}{d4}",
        "-- BERNAMA {AAA}",
        "—APP/{d2}",
        "bur-{az2}/{az3}",
        "(END) ==Kyodo",
        ("{az3}@{domain}", "(END)"),
        "{az4}{AAA}{d2}{az6}{AAA}{d1}{az3}==",
        "{d3}.{d4}.{d2}.{hex6}",
        "CBMi{az8}{AAA}{d3}{az6}{AAA}{az4}0gE",
        "ar-AA1{az1}{AAA}{d1}{az1}",
        "https://www.pressreader.com/{az5}/{az6}-{az5}/{ymd}/{d15}",
        "flip.it/{az2}{AAA}{d1}{az1}",
        "trib.al/{az3}{AAA}{d1}",
        "https://{domain}/news/article_{uuid4}.html",
        "https://www.{domain}/news/local/article{d9}.html",
        "/story/news/local/{year}/{az6}-{az5}/{d8}007/",
        "Accession No. {d10}-{d2}-{d6}",
        "ISIN: AU000{d7}",
        "urn:newsml:{domain}:{ymd}:{d7}",
        "asset_id: {hex24}",
        "StoryId={d9}",
        "Ref # {d3}-{d4}-{AAA}",
        "#{hex6} · {d4}",
        "Feed ID: {hex8} / item {d6}",
        "?__twitter_impression=true&s={d2}",
        "Tickers: NASDAQ:{AAA}, TSX-V:{AAA}X",
    ],
    "tracking_id_inline": [
        "MENAFN{dmy}{d4}0000ID{d10}",
        "{ymd}{d6}r1",
        "[ID:{d8}]",
        "--BERNAMA",
        "PTI {AAA} {AAA} {AAA}",
        "(APP)",
        "bur-{az3}/{az2}",
        "(Kyodo)",
        "?ocid=msedgntp&cvid={hex32}",
        "div-gpt-ad-{d13}-{n1}",
        "?mc_cid={hex10}",
        "[#{hex8}]",
        "{AAA}{d2}{az4}{d3}",
        "|{hex8}{d2}",
        "(NAN)",
        "~{az2}{d6}",
    ],
    "site_boilerplate": [
        "Printed and published by {company} at {street}, {city}. Editor responsible for selection of news "
        "under the PRB Act.",
        "RNI No. {AAA}ENG/{year}/{d5}",
        "{site} adheres to the standards of the Press Council of {region}.",
        "{company} is listed on the {city} Securities Exchange.",
        "{site} is a member of the Press Council and subscribes to the Code of Ethics and Conduct for Print "
        "and Online Media.",
        "{site}: the people's paper since {founded}.",
        "{site} is {region}'s news leader.",
        "Have a news tip? Call the {site} newsroom at ({d3}) {d3}-{d4}.",
        "{site}, {street}, {city} | Phone: ({d3}) {d3}-{d4}",
        "Our journalism in {region} is supported by the Local Democracy Reporting Service.",
        "{site} is a partner of the Local Journalism Initiative, funded by the Government of Canada.",
        "{site} — fair news, honest views for {region}.",
        "MCI (P) {d3}/{d2}/{year}",
        "KDN PP {d5}/{d2}/{founded} (0{d5})",
    ],
    "decorations": ["◦ ", "⇒ ", "— ", "▹ "],
    "site_first": [
        "Godavari",
        "Visayan",
        "Selangor Coast",
        "Chittagong Hills",
        "Mindanao",
        "Kaveri",
        "Indus Valley",
        "Serengeti",
        "Volta",
        "Zambezi",
        "Ashanti",
        "Murray River",
        "Waikato",
        "Fraser Valley",
        "Shannon",
        "Okanagan",
    ],
    "site_second": [
        "Samachar",
        "Dainik Express",
        "Morning Leader",
        "Town Bugle",
        "Sunday Citizen",
        "Vanguard Daily",
        "Eagle-Advertiser",
        "News-Leader Online",
        "Patrika",
        "Kabar Harian",
        "Graphic-Mirror",
        "Statesman Weekly",
    ],
    "tlds": [".com.pk", ".com.my", ".com.ph", ".com.gh", ".co.in"],
    "company_suffix": ["Berhad", "Private Limited", "Media Plc", "Broadcasting Inc."],
    "regions": [
        "the Konkan coast",
        "the Western Visayas",
        "the Ashanti Region",
        "the Hunter Valley",
        "the Bay of Plenty",
        "the Lower Mainland",
    ],
    "cities": ["Kottayam", "Iloilo", "Ipoh", "Kumasi", "Sylhet", "Wollongong", "Tauranga", "Abbotsford"],
    "streets": [
        "14 Mount Road",
        "Lot 8, Jalan Ampang",
        "22 Independence Avenue",
        "Unit 5, 40 Kent Street",
        "101 Abbey Street Lower",
    ],
    "sections": [
        "Sindh",
        "Punjab",
        "Visayas",
        "Kerala",
        "Sarawak",
        "Lagos",
        "Gauteng",
        "Otago",
        "Munster",
    ],
}
