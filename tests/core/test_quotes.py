from samestory.core.quotes import find_quotes, person_name


def quotes(*paras: str) -> list[tuple[str, str | None]]:
    offset, items = 0, []
    for p in paras:
        items.append((offset, p))
        offset += len(p) + 2
    return [(q.text, q.speaker) for q in find_quotes(items)]


def test_pronoun_resolves_to_subject() -> None:
    got = quotes(
        "NATO Secretary General Mark Rutte said Wednesday that the war should end sooner.",
        "Speaking in Brussels, Rutte was asked about remarks by French President Emmanuel Macron.",
        '"It\'s not up to me to advise allies," he said.',
    )
    assert got == [("It's not up to me to advise allies", "Mark Rutte")]


def test_explicit_speakers_after_and_before() -> None:
    got = quotes(
        '"We will not back down," said Jane Smith, the union leader.',
        'Officials disagreed. John Roe said: "The offer stands."',
        "\u201cThat is final,\u201d Roe added.",
    )
    assert got == [
        ("We will not back down", "Jane Smith"),
        ("The offer stands.", "John Roe"),
        ("That is final", "John Roe"),
    ]


def test_unattributed_quote_and_offsets() -> None:
    text = 'Critics called it "a deeply flawed plan" on Monday.'
    found = find_quotes([(10, text)])
    assert [(q.text, q.speaker) for q in found] == [("a deeply flawed plan", None)]
    assert (found[0].start, found[0].end) == (10 + text.index("a deeply"), 10 + text.index('" on'))


def test_person_name_strips_titles() -> None:
    assert person_name("NATO Secretary General Mark Rutte") == "Mark Rutte"
    assert person_name("French President Emmanuel Macron") == "Emmanuel Macron"
    assert person_name("Wednesday") is None
