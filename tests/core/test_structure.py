import pytest

from samestory import clean_text
from samestory.core.structure import date_line, is_headline, read_head
from samestory.core.text import split_lines


def head_of(text: str, title: str | None = None) -> dict[str, str]:
    head = read_head(split_lines(text), title=title)
    found = {k: v.text for k, v in head.fields.items()}
    if head.credit:
        found["credit"] = head.credit
    if head.published:
        found["published"] = head.published
    return found


def test_title_subtitle_dateline() -> None:
    text = "Big Headline Over Here\nA standfirst that explains more\nBRUSSELS\nThe body begins with a sentence."
    assert head_of(text) == {
        "title": "Big Headline Over Here",
        "subtitle": "A standfirst that explains more",
        "dateline": "BRUSSELS",
    }


@pytest.mark.parametrize(
    ("first", "dateline", "credit"),
    [
        ("BRUSSELS (Reuters) - NATO ministers met on Wednesday.", "BRUSSELS", "Reuters"),
        ("WEST PALM BEACH, Fla. \u2014 President Trump dispatched the director.", "WEST PALM BEACH, Fla.", None),
        ("(AP) \u2014 Officials said on Monday that the storm had passed.", None, "AP"),
        ("(MENAFN) NATO Secretary General Mark Rutte said Wednesday.", None, "MENAFN"),
        ("April 29 (UPI) -- A caravan of hundreds of migrants is expected to reach the border.", None, "UPI"),
        ("May 5 (local time) was the day the minister chose for the vote.", None, None),
        ("BEIJING, Feb. 7 (Xinhua) -- China's exports grew 7.1 percent in January.", "BEIJING", "Xinhua"),
        ("NEW DELHI, Jan 5 (PTI) The government on Friday announced a new scheme.", "NEW DELHI", "PTI"),
        ("NEW DELHI (The Hindu) The government on Friday announced a new scheme.", None, None),
        # Places with accented capitals were no datelines ([A-Z] only), and stayed in the first paragraph.
        ("S\u00c3O PAULO (Reuters) - Brazil's central bank held rates.", "S\u00c3O PAULO", "Reuters"),
        ("BOGOT\u00c1, March 3 (Reuters) - Colombia's president signed the law.", "BOGOT\u00c1", "Reuters"),
        ("\u0141\u00d3D\u0179, Poland (AP) \u2014 Firefighters worked on.", "\u0141\u00d3D\u0179, Poland", "AP"),
        ("D\u00fcsseldorf (AFP) - The trial opened on Monday.", "D\u00fcsseldorf", "AFP"),
        # ANI's dateline, with the country in brackets, as its copy runs on Indian and aggregator sites.
        ("New Delhi [India], March 5 (ANI): The government announced a new scheme.", "New Delhi [India]", "ANI"),
        ("Manila [Philippines], March 9 (Big News Network): Rain.", "Manila [Philippines]", "Big News Network"),
        ("New York [US], March 5 (Acme Corp): said it would appeal the ruling on Monday.", None, None),
    ],
)
def test_body_prefixes(first: str, dateline: str | None, credit: str | None) -> None:
    found = head_of("A Title For The Story\n" + first)
    assert found.get("dateline") == dateline
    assert found.get("credit") == credit


@pytest.mark.parametrize(
    ("first", "dateline", "credit", "published"),
    [
        ("AUSTIN, Texas, March 10, 2026 /PRNewswire/ -- Northwind Solar Inc. today announced a battery.",
         "AUSTIN, Texas", "PRNewswire", "2026-03-10"),
        ("NEW YORK, March 10, 2026 (GLOBE NEWSWIRE) -- Acme Corp. today announced its results.",
         "NEW YORK", "GLOBE NEWSWIRE", "2026-03-10"),
        ("SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp. today said it would buy its rival.",
         "SAN FRANCISCO", "BUSINESS WIRE", None),
        ("NEW YORK, NY / ACCESSWIRE / March 10, 2026 / Acme Corp. today announced a deal.",
         "NEW YORK, NY", "ACCESSWIRE", "2026-03-10"),
        ("TORONTO, March 10, 2026 /CNW/ - Maple Mining Ltd. today reported its output.",
         "TORONTO", "CNW", "2026-03-10"),
        # A name between slashes that is no press-release wire's is the sentence's, not a credit.
        ("AUSTIN, Texas, March 10, 2026 /Acme Corp/ -- The company said it would grow.", None, None, None),
    ],
)  # fmt: skip
def test_a_press_release_wires_dateline_gives_place_credit_and_date(
    first: str, dateline: str | None, credit: str | None, published: str | None
) -> None:
    # Press releases open with their wire's dateline; it was left as the first words of the body, and the
    # release had no date to tell it from the outlets that reprint it.
    article = clean_text(f"Acme Corp. Announces News\n\n{first}\n\nThe company said more would follow this year.")
    assert (article.dateline, article.credit, article.published) == (dateline, credit, published)
    if dateline:
        assert not article.text.startswith(dateline.split(",")[0])


def test_credit_line_byline_and_date() -> None:
    text = "MENAFN - Gulf Times\nHeadline Of The Day\nBy Jane Doe\nPublished: 12 Feb 2026 10:00 GMT\nBody here."
    found = head_of(text)
    assert found["credit"] == "MENAFN"
    assert found["byline"] == "By Jane Doe"
    assert found["published"] == "2026-02-12T10:00Z"
    assert found["title"] == "Headline Of The Day"


def test_metadata_title_wins() -> None:
    assert head_of("Site Name\nBody sentence here.", title="Other") == {}
    assert head_of("The Real Title\nBody sentence here.", title="The Real Title")["title"] == "The Real Title"


def test_sentence_is_not_a_headline() -> None:
    assert not is_headline("The war must end, he said.")
    assert is_headline("Why the war must end?")
    assert date_line("Updated on Tuesday, March 3, 2026, 4:15 pm") == "2026-03-03T16:15"
    assert date_line("The summit opened on March 3, 2026 in Ankara with a speech") is None


@pytest.mark.parametrize(
    "line",
    [
        "Published: Feb. 12, 2026, 10:31 a.m.",
        "March 4, 2024 at 9:30 a.m. EST",
        "Updated 10:31 p.m. ET Feb. 12, 2026",
        "First published on Thu 12 Feb 2026 08.00 GMT",
    ],
)
def test_date_lines_with_a_clock_time_or_a_short_weekday(line: str) -> None:
    """ "a.m." ended the date words' pattern with a word boundary, which a full stop before a space never
    has; weekdays were matched in full only."""
    assert date_line(line) is not None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("April 29 (UPI) \u2014", {"credit": "UPI"}),
        ("WASHINGTON (AP) \u2014", {"credit": "AP", "dateline": "WASHINGTON"}),
        ("(Reuters) -", {"credit": "Reuters"}),
        ("The Reform Party (RP)", {"subtitle": "The Reform Party (RP)"}),
    ],
)
def test_a_line_that_is_only_a_credit_is_the_credit_not_a_standfirst(line: str, expected: dict[str, str]) -> None:
    found = head_of(f"Migrants Prepare To Reach The Border\n{line}\nA caravan of hundreds of migrants is expected.")
    found.pop("title")
    assert {k: v for k, v in found.items() if k in ("credit", "dateline", "subtitle")} == expected


def test_a_first_line_closed_by_a_dash_is_a_dateline_not_a_title() -> None:
    found = head_of("WEST PALM BEACH, Fla. \u2014\nPresident Trump dispatched the director to North Korea.")
    assert found == {"dateline": "WEST PALM BEACH, Fla."}
    assert head_of("BREAKING NEWS\nThe body begins here with a sentence.") == {"title": "BREAKING NEWS"}


def test_a_dateline_in_title_case_needs_an_agencys_credit() -> None:
    afp = head_of("Mueller Hints At Obstruction\nWashington (AFP) \u2013 Special Counsel Robert Mueller has questions.")
    assert (afp["dateline"], afp["credit"]) == ("Washington", "AFP")
    other = head_of("A Title For The Story\nNew York (The Company) - said it would appeal the ruling on Monday.")
    assert "dateline" not in other and "credit" not in other


def test_a_photo_credit_line_is_not_the_articles_credit() -> None:
    found = head_of("Fisherman Lands A Giant Catfish\n(Facebook)\nA fisherman says he caught a catfish nine feet long.")
    assert "credit" not in found


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Smith, Political Editor", "Jane Smith"),
        ("By JANE DOE | Reuters", "JANE DOE"),
        ("By Jane Smith and John Doe, CNN", "Jane Smith and John Doe"),
        ("By \u00c9milie Dupont, Paris Correspondent", "\u00c9milie Dupont"),  # an accented capital
    ],
)
def test_a_byline_with_a_role_or_outlet(line: str, author: str) -> None:
    """A role after the name stopped the head at the byline: the date line under it stayed in the body."""
    head = read_head(
        split_lines(
            f"Sunak Calls Snap Election\n{line}\nPublished: 22 May 2024 17:45 BST\nRishi Sunak has called an election."
        )
    )
    assert head.author == author
    assert head.published == "2024-05-22T17:45+01:00"
    assert not read_head(split_lines("A Title For The Story\nBy the end of the year, prices rose\nBody here.")).author


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "مصر تعلن اكتشاف حقل غاز جديد في البحر المتوسط\nأعلنت وزارة البترول يوم الثلاثاء اكتشاف حقل جديد.",
            "مصر تعلن اكتشاف حقل غاز جديد في البحر المتوسط",
        ),
        (
            "בנק ישראל הותיר את הריבית ללא שינוי\nבנק ישראל הודיע היום על הותרת הריבית ברמה של 4.5%.",
            "בנק ישראל הותיר את הריבית ללא שינוי",
        ),
        ("रिज़र्व बैंक ने रेपो दर स्थिर रखी\nभारतीय रिज़र्व बैंक ने गुरुवार को रेपो दर अपरिवर्तित रखी।", "रिज़र्व बैंक ने रेपो दर स्थिर रखी"),
        (
            "中国一季度国内生产总值同比增长5.3%\n国家统计局16日发布数据\uff0c一季度国内生产总值同比增长5.3%。",
            "中国一季度国内生产总值同比增长5.3%",
        ),
        (
            "한국은행, 기준금리 3.50%로 동결\n한국은행 금융통화위원회가 23일 기준금리를 동결했다.",
            "한국은행, 기준금리 3.50%로 동결",
        ),
        (
            "日銀、マイナス金利解除を決定\n日本銀行は19日の金融政策決定会合で、マイナス金利政策の解除を決めた。",
            "日銀、マイナス金利解除を決定",
        ),
    ],
    ids=["ar", "he", "hi", "zh", "ko", "ja"],
)
def test_a_headline_in_a_script_without_capitals(text: str, title: str) -> None:
    # A headline "starts with a capital": a letter of a script without case (Arabic, Hebrew, Devanagari, Han,
    # Hangul) never is one, so no article in these scripts had a title, and the headline opened the body.
    assert head_of(text).get("title") == title


def test_a_lower_case_first_line_is_still_no_headline() -> None:
    assert not is_headline("and the rest of the sentence goes on here")


@pytest.mark.parametrize(
    "lines",
    [
        "Updated 9 March 2024, first published 4 March 2024",
        "Updated: March 9, 2024 | Published: March 4, 2024",
        "Updated March 9, 2024\nPublished March 4, 2024",
        "Published March 4, 2024\nUpdated March 9, 2024",
        "Aktualisiert am 9. März 2024\nVeröffentlicht am 4. März 2024",
    ],
)
def test_published_is_the_publication_date_not_the_update(lines: str) -> None:
    head = read_head(split_lines(f"Council Passes Budget\n{lines}\nThe council voted on Monday, officials said."))
    assert head.published == "2024-03-04"
    assert "subtitle" not in head.fields  # the update's line is a field of its own, not a standfirst
    assert head.body_start is not None and head.body_start > len(lines)


def test_an_update_alone_dates_the_article_as_a_page_without_a_publication_date_is() -> None:
    line = "Last modified on Sat 9 Mar 2024 10.00 GMT"
    head = read_head(split_lines(f"Council Passes Budget\n{line}\nThe council voted."))
    assert (head.published, head.fields["updated"].text) == ("2024-03-09T10:00Z", line)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Source: Reuters", "Reuters"),
        ("\u2014 Reuters", "Reuters"),
        ("With AFP", "AFP"),
        ("Via Bloomberg", "Bloomberg"),
        ("Source: Xinhua", "Xinhua"),
        ("AFP/Reuters", "AFP"),  # a joint credit: the first
        ("Quelle: dpa", "dpa"),
        ("Avec AFP", "AFP"),
        ("Con informaci\u00f3n de EFE", "EFE"),
        ("Mit Material von dpa und Reuters", "dpa"),
        ("Source: the ministry", None),  # no agency's name
        ("With thanks to our readers", None),
    ],
)
def test_a_labelled_credit_line_in_the_head(line: str, credit: str | None) -> None:
    """ "Source: Reuters" under the title was the standfirst: only "(Reuters)" and "MENAFN - Site" were credits."""
    found = head_of(f"Government Unveils Climate Plan\n{line}\nThe government announced a new plan on Tuesday.")
    assert found.get("credit") == credit
    assert ("subtitle" in found) == (credit is None)


@pytest.mark.parametrize(
    ("line", "author", "credit"),
    [
        ("By JANE DOE and JOHN ROE, Associated Press", "JANE DOE and JOHN ROE", "Associated Press"),
        ("Par Jean Dupont, AFP", "Jean Dupont", "AFP"),
        ("Von Jane Doe, dpa", "Jane Doe", "dpa"),  # an agency that writes its name in lower case
        ("By Jane Doe | Reuters", "Jane Doe", "Reuters"),
        ("By Jane Doe - AP", "Jane Doe", "AP"),  # was the author "Jane Doe - AP"
        ("By Jane Smith, Political Editor", "Jane Smith", None),
        ("By Jane Smith-Jones", "Jane Smith-Jones", None),
    ],
)
def test_a_byline_naming_an_agency_gives_the_credit(line: str, author: str, credit: str | None) -> None:
    """The agency after a byline's comma was read as a role: the article had an author and no credit, and a
    lower-case agency ("dpa") made the line no byline at all (the standfirst)."""
    head = read_head(split_lines(f"Government Unveils Climate Plan\n{line}\nThe government announced a plan."))
    assert (head.author, head.credit) == (author, credit)
    assert "byline" in head.fields and "subtitle" not in head.fields


@pytest.mark.parametrize(
    "line",
    ["Publicado el 3 de marzo de 2026 a las 10:15", "Actualizado el 3 de marzo de 2026 a las 10:15 CET"],
)
def test_a_spanish_date_line_with_its_time(line: str) -> None:
    """Spanish gives the time after "a las", two words the date words lacked: the line was the standfirst."""
    assert date_line(line) in ("2026-03-03T10:15", "2026-03-03T10:15+01:00")
    assert date_line("A March 3, 2026 vote") is None  # "a" alone is no date word


@pytest.mark.parametrize(
    ("line", "published"), [("Posted on 03/25/2026", "2026-03-25"), ("Posted on 03/04/2026", "03/04/2026")]
)
def test_a_slashed_date_under_the_title_is_the_published_date_not_the_standfirst(line: str, published: str) -> None:
    """ "Posted on 03/03/2026" stayed the article's standfirst; a date whose day and month could be either way
    round is the published date as written (nothing compares it with ISO dates)."""
    head = read_head(split_lines(f"Council Passes Budget\n{line}\nThe council voted on Monday, officials said."))
    assert head.published == published
    assert "subtitle" not in head.fields


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Business Desk | Updated 06 Mar 2026, 09:40 AM IST", "Business Desk", "2026-03-06"),
        ("By Jane Doe | Published: March 5, 2026", "Jane Doe", "2026-03-05"),
    ],
)
def test_a_byline_and_a_date_line_on_one_line_are_both_read(line: str, author: str, published: str) -> None:
    # Sites print the writer and the date under the headline on one line between bars; the line was the standfirst,
    # and the article had neither author nor date (the strongest clue of which copy came first).
    head = read_head(split_lines("Korvex Profit Surges 41% On AI Demand\n" + line + "\nThe body begins here."))
    assert head.fields["byline"].text == line and "subtitle" not in head.fields
    assert head.author == author and (head.published or "")[:10] == published
    assert read_head(split_lines("A Title\nBy the river | 2026 was a dry year\nThe body.")).author is None


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("By Maria Jensen, 10 March 2026, 07:45", "Maria Jensen", "2026-03-10T07:45"),
        ("By Jane Doe | March 10, 2026", "Jane Doe", "2026-03-10"),
        ("By Jane Doe on 10 March 2026 at 7:45 GMT", "Jane Doe", "2026-03-10T07:45Z"),
        ("By Jane Smith, Political Editor, 2026-03-10", "Jane Smith", "2026-03-10"),
    ],
)
def test_a_byline_with_its_date_on_one_line_gives_both(line: str, author: str, published: str) -> None:
    # A print page writes its byline and date on one line: it was the standfirst, and the article had no
    # author and no date.
    text = f"Bridge To Close For Six Weeks\n{line}\nThe bridge will close for six weeks, the council said on Monday."
    head = read_head(split_lines(text))
    assert (head.author, head.published) == (author, published)
    assert "subtitle" not in head.fields and "byline" in head.fields


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, 10 March 2026, the bridge had closed",
        "By the end of March 2026, prices rose",
        "By Tuesday, 10 March 2026",
    ],
)
def test_a_sentence_opening_with_by_and_a_date_is_no_dated_byline(line: str) -> None:
    head = read_head(split_lines(f"Bridge To Close For Six Weeks\n{line}\nThe bridge closed, the council said."))
    assert head.author is None


def test_a_markdown_headings_mark_is_no_part_of_the_title() -> None:
    # A reader-mode or markdown export writes the headline as "# Headline": it was not read as the title (its
    # first character is no capital), and stayed as the first paragraph.
    article = clean_text("# Bridge To Close For Six Weeks\n\n## Engineers found corroded cables\n\n" + _BRIDGE)
    assert article.title == "Bridge To Close For Six Weeks"
    assert article.subtitle == "Engineers found corroded cables"
    assert article.paragraphs == _BRIDGE.split("\n\n")
    # Its byline in bold, with the date: a byline still.
    bold = clean_text("# Bridge To Close\n\n**By Jane Doe** | Harbour Daily | 10 March 2026\n\n" + _BRIDGE)
    assert (bold.title, bold.author, bold.published) == ("Bridge To Close", "Jane Doe", "2026-03-10")
    assert bold.paragraphs == _BRIDGE.split("\n\n") and bold.removed == []


_BRIDGE = (
    "The bridge will close for six weeks, the council said on Monday.\n\n"
    "Repairs will cost 14 million euros, to be shared with the transport authority."
)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Harbour Gazette staff", "Harbour Gazette staff"),
        ("Reuters staff", "Reuters staff"),
        ("Staff reporter", "Staff reporter"),
        ("Harbour Gazette Staff Reporter", "Harbour Gazette Staff Reporter"),
        ("From staff reports", "staff reports"),
    ],
)
def test_a_desk_byline_without_by(line: str, author: str) -> None:
    # "Harbour Gazette staff" under a breaking story's headline was the standfirst (qa-updates pass), so the
    # head stopped there and the date line under it stayed in the body: the first version had no date, and its
    # page's HTML gave the same line as the author.
    head = read_head(
        split_lines(
            f"Explosion at grain terminal injures workers\n{line}\nWed 11 Mar 2026 08:58 GMT\nAn explosion tore "
            "through a grain terminal on Wednesday morning."
        )
    )
    assert head.author == author
    assert head.published == "2026-03-11T08:58Z"
    assert "subtitle" not in head.fields


@pytest.mark.parametrize(
    "line",
    ["Hospital Cuts Staff", "Hospital lays off staff", "Staff shortages hit hospitals", "Staff", "Nurses and staff"],
)
def test_a_standfirst_about_staff_is_no_byline(line: str) -> None:
    head = read_head(split_lines(f"Ward closes at night\n{line}\nThe ward will close at night from May."))
    assert head.author is None
