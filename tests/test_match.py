"""Matching end to end: each relation on small fixtures, the seeds, determinism, the compare command."""

import json
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from samestory import clean_text, compare, run
from samestory.cli import EXIT_OK, main
from samestory.config import MatchConfig
from samestory.errors import InputError
from samestory.records import Article

DATA = Path(__file__).parent / "data" / "relations"


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def wire(seed_000: str) -> Article:
    return clean_text(seed_000, id="wire")


@pytest.mark.parametrize(
    ("make", "relation"),
    [
        (lambda s: "date 2026-02-13 200\n" + s + "\nShare this article", "exact_duplicate"),
        (
            lambda s: edited(
                s,
                [("Wednesday", "on Wednesday"), ("sharp increase", "steep increase"), ("totally aware", "fully aware")],
            ),
            "near_duplicate",
        ),
        (lambda s: "\n".join(s.splitlines()[:8]), "partial_reprint"),
        (lambda s: (DATA.parent.parent.parent / "examples/seeds/001_fdedb239be57391e.txt").read_text(), "rewrite"),
        (lambda s: (DATA / "same_event.txt").read_text(), "same_event"),
        (lambda s: (DATA / "unrelated.txt").read_text(), "unrelated"),
    ],
)
def test_each_relation(wire: Article, seed_000: str, make, relation: str) -> None:  # type: ignore[no-untyped-def]
    other = clean_text(make(seed_000), id="other")
    pair = compare(wire, other)
    assert pair.relation == relation, pair.scores
    if relation != "unrelated":
        assert pair.alignment or relation == "same_event"
    if relation == "same_event":
        assert pair.direction.original is None and "independent reports" in pair.direction.evidence[0]
    for x in pair.alignment:
        assert 0 <= x.a_start < x.a_end <= len(wire.text)
        assert 0 <= x.b_start < x.b_end <= len(other.text)


def test_similarity_orders_relations(wire: Article, seed_000: str, seed_001: str) -> None:
    rewrite = compare(wire, clean_text(seed_001)).similarity
    event = compare(wire, clean_text((DATA / "same_event.txt").read_text())).similarity
    unrelated = compare(wire, clean_text((DATA / "unrelated.txt").read_text())).similarity
    assert rewrite >= 0.8 > unrelated
    assert rewrite > event > unrelated


def test_seeds_end_to_end(seeds: Path, tmp_path: Path) -> None:
    result = run([seeds], tmp_path / "out")
    (story,) = [s for s in result.stories if len(s.members) > 1]
    assert story.members == ["seeds/000_d4a47ec4de73bb3b.txt", "seeds/001_fdedb239be57391e.txt"]
    (pair,) = result.pairs
    assert pair.relation == "rewrite" and pair.similarity >= 0.8
    assert pair.direction.original == "seeds/000_d4a47ec4de73bb3b.txt"
    evidence = " ".join(pair.direction.evidence)
    assert "carries passages" in evidence and "aggregator credit (MENAFN)" in evidence
    assert story.families[0].original == "seeds/000_d4a47ec4de73bb3b.txt"
    wire, agg = sorted(result.articles, key=lambda a: a.id)
    # Every body paragraph of 001 is aligned to 000.
    offsets, pos = [], 0
    for para in agg.paragraphs:
        offsets.append((pos, pos + len(para)))
        pos += len(para) + 2
    for start, end in offsets:
        covered = sum(max(0, min(end, x.b_end) - max(start, x.b_start)) for x in pair.alignment)
        assert covered >= 0.9 * (end - start), agg.text[start:end][:60]
    assert pair.b_only == []
    only = " ".join(wire.text[s.start : s.end] for s in pair.a_only)
    assert "Arctic Sentry" in only and "Ankara" in only
    for name in ("articles.jsonl", "pairs.jsonl", "stories.jsonl"):
        assert (tmp_path / "out" / name).read_text().strip()
    row = json.loads((tmp_path / "out" / "pairs.jsonl").read_text())
    assert set(row) >= {"a", "b", "relation", "similarity", "scores", "alignment", "a_only", "b_only", "direction"}


def test_shuffled_input_gives_same_pairs_and_stories(seed_000: str, seed_001: str, tmp_path: Path) -> None:
    texts = {
        "a.txt": seed_000,
        "b.txt": seed_001,
        "c.txt": "\n".join(seed_000.splitlines()[:8]),
        "d.txt": (DATA / "same_event.txt").read_text(),
        "e.txt": (DATA / "unrelated.txt").read_text(),
    }
    folder = tmp_path / "crawl"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text)
    files = sorted(folder.iterdir())
    reference = run(files)
    for seed in range(3):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        again = run(shuffled)
        assert [p.to_dict() for p in again.pairs] == [p.to_dict() for p in reference.pairs]
        assert [s.to_dict() for s in again.stories] == [s.to_dict() for s in reference.stories]


def test_compare_command(seeds: Path, tmp_path: Path) -> None:
    a, b = seeds / "000_d4a47ec4de73bb3b.txt", seeds / "001_fdedb239be57391e.txt"
    as_json = CliRunner().invoke(main, ["compare", str(a), str(b), "--json"])
    assert as_json.exit_code == EXIT_OK, as_json.output
    assert json.loads(as_json.output)["relation"] == "rewrite"
    table = CliRunner().invoke(main, ["compare", str(a), str(b)])
    assert table.exit_code == EXIT_OK
    assert "rewrite" in table.output and "Arctic Sentry" in table.output
    shutil.copy(a, tmp_path / "x.txt")
    same = CliRunner().invoke(main, ["compare", str(a), str(tmp_path / "x.txt"), "--json"])
    assert json.loads(same.output)["relation"] == "exact_duplicate"


def test_dates_given_in_other_forms_are_compared_as_dates(seed_000: str, tmp_path: Path) -> None:
    """A JSON Lines ``date`` as feeds write it ("Thu, 12 Feb 2026 ...") is read as the ISO date it names:
    compared as written, Thursday the 12th came before Wednesday the 11th ("T" < "W"), and the later copy was
    named the original with the evidence "published Thu, 12 Fe"."""
    rows = [
        {"id": "late", "date": "Thu, 12 Feb 2026 10:00:00 GMT", "text": seed_000},
        {"id": "early", "date": "Wed, 11 Feb 2026 09:00:00 GMT", "text": seed_000},
        {"id": "plain", "date": "2026-02-13T08:00:00Z", "text": seed_000},  # ISO already: kept as given
        {"id": "odd", "date": "sometime in February", "fetched": "Feb. 14, 2026", "text": "Tromso got snow."},
    ]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run([tmp_path / "feed.jsonl"])
    published = {a.id: (a.published, a.fetched) for a in result.articles}
    assert published == {
        "late": ("2026-02-12T10:00:00Z", None), "early": ("2026-02-11T09:00:00Z", None),
        "plain": ("2026-02-13T08:00:00Z", None),
        "odd": ("sometime in February", "2026-02-14"),  # a date that names no day stays as given
    }  # fmt: skip
    pair = next(p for p in result.pairs if {p.a, p.b} == {"early", "late"})
    assert pair.direction.original == "early"
    # with their times, which the feed gives with their zone
    assert (
        "early published 2026-02-11T09:00:00Z, before late (published 2026-02-12T10:00:00Z)" in pair.direction.evidence
    )


def test_compare_tells_apart_two_articles_given_one_id(seed_000: str, seed_001: str) -> None:
    """clean_text names every text "text": a pair of "text" and "text", whose original is "text", would say
    nothing. Two articles of one id are told apart by their inputs, else called "a" and "b" (as raw texts)."""
    pair = compare(clean_text(seed_000), clean_text(seed_001))
    assert (pair.a, pair.b, pair.direction.original) == ("a", "b", "a")
    assert pair.direction.evidence[0].startswith("a carries passages b lacks")
    assert pair == compare(seed_000, seed_001)
    wire, aggregator = (replace(clean_text(t), input=f"{name}.txt") for t, name in ((seed_000, "w"), (seed_001, "m")))
    pair = compare(wire, aggregator)
    assert (pair.a, pair.b, pair.direction.original) == ("w.txt", "m.txt", "w.txt")
    assert compare(clean_text(seed_000, id="x"), clean_text(seed_001, id="y")).a == "x"  # distinct ids are kept


def test_compare_reads_a_files_first_readable_record_and_names_a_bad_input_once(seeds: Path, tmp_path: Path) -> None:
    a = seeds / "000_d4a47ec4de73bb3b.txt"
    records = tmp_path / "recs.jsonl"
    records.write_text('{"text": 5}\n' + json.dumps({"id": "wire", "text": a.read_text()}) + "\n", encoding="utf-8")
    pair = compare(records, a)
    assert (pair.a, pair.relation) == ("wire", "exact_duplicate")
    (tmp_path / "empty.txt").write_bytes(b"")
    failed = CliRunner(env={"COLUMNS": "1000"}).invoke(main, ["compare", str(tmp_path / "empty.txt"), str(a)])
    assert failed.exit_code != EXIT_OK
    message = failed.output.strip()
    assert message.count("empty.txt") == 1 and message.count("Fix:") == 1, message
    assert "file is empty (0 bytes)" in message


def test_run_command(seeds: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(seeds), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_OK, result.output
    assert re.search(r"pairs: rewrite\s.*1", result.output)
    stories = [json.loads(line) for line in (tmp_path / "out" / "stories.jsonl").read_text().splitlines()]
    assert [len(s["members"]) for s in stories] == [2]


def test_workers_give_the_same_pairs(seed_000: str, seed_001: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import samestory.stages.match as match_stage

    monkeypatch.setattr(match_stage, "VERIFY_CHUNK", 1)  # one candidate per task: the pool really runs
    monkeypatch.setattr(match_stage, "FINGERPRINT_CHUNK", 1)  # and fingerprints in the pool too
    folder = tmp_path / "crawl"
    folder.mkdir()
    texts = [seed_000, seed_001, "\n".join(seed_000.splitlines()[:8]), (DATA / "same_event.txt").read_text()]
    for k, text in enumerate(texts):
        (folder / f"{k}.txt").write_text(text)
    one, two = run([folder], workers=1), run([folder], workers=2)
    assert len(one.pairs) >= 3
    assert [p.to_dict() for p in one.pairs] == [p.to_dict() for p in two.pairs]
    assert [s.to_dict() for s in one.stories] == [s.to_dict() for s in two.stories]


@pytest.mark.parametrize("shared_memory", [True, False])
def test_fingerprints_in_chunks_give_the_same_match(
    seed_000: str, seed_001: str, shared_memory: bool, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import samestory.stages.match as match_stage

    texts = [seed_000, seed_001, "\n".join(seed_000.splitlines()[:8]), (DATA / "same_event.txt").read_text()]
    articles = [replace(clean_text(text), id=f"a{k}") for k, text in enumerate(texts)]
    reference = match_stage.match(articles)
    monkeypatch.setattr(match_stage, "FINGERPRINT_CHUNK", 1)
    calls: list[object] = []

    def mapper(fn, tasks):  # type: ignore[no-untyped-def]
        calls.append(fn)
        return map(fn, tasks)

    chunked = match_stage.match(articles, mapper=mapper, shared_memory=shared_memory)
    assert match_stage.fingerprint_task in calls
    assert len(reference.pairs) >= 3
    assert [p.to_dict() for p in chunked.pairs] == [p.to_dict() for p in reference.pairs]
    assert [s.to_dict() for s in chunked.stories] == [s.to_dict() for s in reference.stories]


def test_prepared_fingerprints_give_the_same_match(seed_000: str, seed_001: str) -> None:
    """Fingerprints computed chunk by chunk beside cleaning (run's path) stand in for match's own exactly."""
    import samestory.stages.match as match_stage

    texts = [seed_000, seed_001, "\n".join(seed_000.splitlines()[:8]), (DATA / "same_event.txt").read_text()]
    articles = [replace(clean_text(text), id=f"a{k}") for k, text in enumerate(texts)]
    reference = match_stage.match(articles)
    fingerprints = {}
    for k in (0, 3):
        fingerprints.update(match_stage.fingerprint_matchable(articles[k : k + 3], MatchConfig()))
    prepared = match_stage.match(articles, fingerprints=fingerprints)
    assert len(reference.pairs) >= 3
    assert [p.to_dict() for p in prepared.pairs] == [p.to_dict() for p in reference.pairs]
    assert [s.to_dict() for s in prepared.stories] == [s.to_dict() for s in reference.stories]


def test_compare_tells_apart_two_records_given_one_id(seeds: Path, tmp_path: Path) -> None:
    for name, seed in (("x.jsonl", "000_d4a47ec4de73bb3b.txt"), ("y.jsonl", "001_fdedb239be57391e.txt")):
        (tmp_path / name).write_text(json.dumps({"id": "1", "text": (seeds / seed).read_text()}) + "\n")
    shown = CliRunner().invoke(main, ["compare", str(tmp_path / "x.jsonl"), str(tmp_path / "y.jsonl"), "--json"])
    pair = json.loads(shown.output)
    assert (pair["a"], pair["b"]) == (
        (tmp_path / "x.jsonl").as_posix() + "#1",
        (tmp_path / "y.jsonl").as_posix() + "#1",
    )
    assert pair["relation"] == "rewrite" and pair["direction"]["original"] == pair["a"]


def test_run_never_reads_its_own_output_files(seeds: Path, tmp_path: Path) -> None:
    """``samestory.run`` with ``out_dir`` inside an input folder, as the command: neither its articles.jsonl
    being written (it read its own .part file) nor an earlier run's three files are inputs."""
    crawl = Path(shutil.copytree(seeds, tmp_path / "crawl"))
    for _ in range(2):  # the second run finds the first one's files
        result = run([crawl], out_dir=crawl / "out")
        assert [a.id for a in result.articles] == ["crawl/000_d4a47ec4de73bb3b.txt", "crawl/001_fdedb239be57391e.txt"]
        assert len(result.pairs) == 1 and result.match.duplicate_ids == {}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # two one-line reports that share a phrase (the words of a formula, not a copy)
        ("Turnout reached 50 percent, officials said.", "Turnout reached 50 percent in the north."),
        # two briefs that share one short sentence and nothing else
        (
            "Polls closed at 8 p.m. on Sunday. Turnout reached 50%.",
            "Turnout reached 50%. Counting of the postal votes begins on Monday morning.",
        ),
        # weather lines of one template: a strong paraphrase of three words each ("UV index high.")
        (
            "Weather for London: Sunny spells, high of 24C. Winds from the west at 10 mph. UV index high.",
            "Weather for Leeds: Cloudy, high of 17C and a low of 9C. Winds from the north at 20 mph. UV index low.",
        ),
    ],
)
def test_short_texts_sharing_a_few_words_are_not_copies(first: str, second: str) -> None:
    # One strongly paraphrased sentence of a few words made the whole of a one-line text "aligned": a
    # rewrite with similarity 1.0. Like an exact span, a paraphrase is evidence only over enough words.
    pair = compare(clean_text(first, id="a"), clean_text(second, id="b"))
    assert pair.relation not in {"exact_duplicate", "near_duplicate", "partial_reprint", "rewrite"}, pair.scores
    assert pair.scores["strong_coverage_a"] == pair.scores["strong_coverage_b"] == 0.0
    assert pair.scores["coverage_a"] > 0  # still aligned, as weak paraphrases are


def test_a_brief_made_from_an_article_is_still_a_copy(wire: Article) -> None:
    lead = wire.text.split("\n\n")[0]
    brief = clean_text(" ".join(lead.split()[:20]) + ".", id="brief")
    assert compare(brief, wire).relation == "partial_reprint"
    reworded = clean_text(
        "NATO's Mark Rutte said on Wednesday any initiative that could end the Ukraine war more quickly should "
        "be encouraged, stressing coordination among allies.",
        id="reworded",
    )
    assert compare(reworded, wire).relation == "rewrite"


def test_pages_whose_text_is_only_a_stub_are_not_one_story(tmp_path: Path) -> None:
    # Three unrelated pages whose body is the same three-word stub were "exact duplicates" and one story
    # (with similarity 0.0: no sentence of theirs holds enough words to be evidence). Like an exact span, the
    # same text is evidence of a copy only over enough words.
    for name, title in (("storm", "Storm hits Florida coast"), ("vote", "Election results in Ohio"),
                        ("stocks", "Stocks fall on rate fears")):  # fmt: skip
        (tmp_path / f"{name}.txt").write_text(f"{title}\n\nWatch the video.\n")
    result = run([tmp_path])
    assert not [p for p in result.pairs if p.relation == "exact_duplicate"]
    assert all(len(s.members) == 1 for s in result.stories)
    brief = "Turnout reached 50 percent in the northern provinces, officials said."
    pair = compare(clean_text(brief, id="a"), clean_text(brief, id="b"))
    assert (pair.relation, pair.similarity) == ("exact_duplicate", 1.0)


def test_compare_refuses_an_error_page_or_a_page_without_text(seeds: Path, tmp_path: Path) -> None:
    """An error page (or a page whose cleaning left no text) holds no article: compared, it was shown as
    ``unrelated, similarity 0.00`` with exit 0 and an empty table, a relation with no evidence behind it.
    It is an input that cannot be compared, named with why and the fix, as run leaves it unmatched."""
    a = seeds / "000_d4a47ec4de73bb3b.txt"
    page = tmp_path / "gone.html"
    page.write_text(
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
        "<p>The requested URL was not found on this server.</p></body></html>",
        encoding="utf-8",
    )
    failed = CliRunner(env={"COLUMNS": "1000"}).invoke(main, ["compare", str(a), str(page)])
    assert failed.exit_code == 1, failed.output
    message = failed.output.strip()
    assert "gone.html" in message and "error page" in message and "Fix:" in message, message
    assert "unrelated" not in message
    with pytest.raises(InputError, match="error page"):
        compare(page, a)
    with pytest.raises(InputError, match="no article text"):
        compare("   \n\n", a)


def test_compare_json_carries_the_texts_its_offsets_index(seeds: Path, tmp_path: Path) -> None:
    """``compare --json`` gave offsets into each article's clean text but not the texts: for an HTML page (or
    a text dump with crawl noise) nothing the user has slices to the passages. Both texts come with it."""
    a, b = seeds / "000_d4a47ec4de73bb3b.txt", seeds / "001_fdedb239be57391e.txt"
    shown = CliRunner().invoke(main, ["compare", str(a), str(b), "--json"])
    assert shown.exit_code == EXIT_OK, shown.output
    d = json.loads(shown.output)
    assert d["alignment"]
    for x in d["alignment"]:
        passage_a, passage_b = d["a_text"][x["a_start"] : x["a_end"]], d["b_text"][x["b_start"] : x["b_end"]]
        assert passage_a.strip() and passage_b.strip()
        if x["kind"] == "exact":  # the same words (quote marks may differ: '"' and '”')
            assert re.findall(r"\w+", passage_a) == re.findall(r"\w+", passage_b)
    for key, side in (("a_only", "a_text"), ("b_only", "b_text")):
        for start, end in d[key]:
            assert 0 <= start < end <= len(d[side])


def test_compare_of_unrelated_articles_says_they_share_no_passage(seeds: Path, tmp_path: Path) -> None:
    """Two unrelated articles were shown with an empty table under their names, a frame with nothing in it;
    it says in words that no passage aligns."""
    a = seeds / "000_d4a47ec4de73bb3b.txt"
    other = tmp_path / "other.txt"
    other.write_text(
        "Local Bakery Wins Prize\nA small bakery in the old town won the regional bread prize on Sunday "
        "for its rye loaf, baked to a recipe the owner's grandmother brought from the mountains.\n",
        encoding="utf-8",
    )
    shown = CliRunner(env={"COLUMNS": "100"}).invoke(main, ["compare", str(a), str(other)])
    assert shown.exit_code == EXIT_OK, shown.output
    assert shown.output.startswith("unrelated")
    assert "no passage of one aligns with the other" in shown.output
    assert "┏" not in shown.output


def test_a_page_of_only_marks_is_not_matched_nor_a_story(seeds: Path, tmp_path: Path) -> None:
    """The README: matchable articles read fine, are not error pages and have text. A page whose text is only
    marks ("* * *", "---") was fingerprinted and became a story of its own, with no title and no word."""
    folder = tmp_path / "in"
    shutil.copytree(seeds, folder)
    (folder / "marks.txt").write_text("* * *\n\n---\n")
    result = run([folder])
    marks = next(a for a in result.articles if a.id.endswith("marks.txt"))
    assert "no_text" in marks.flags and not marks.matchable
    assert [len(s.members) for s in result.stories] == [2]
