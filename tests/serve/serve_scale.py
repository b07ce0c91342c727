"""A store at a scale the seeds do not reach, for the page tests: one story of many near copies of a
wire article (every pair of them related: n * (n - 1) / 2 pairs), built in the test."""

from __future__ import annotations

import json
import random
from pathlib import Path

from samestory.store import Store

WIRE = [
    "The regional transport authority said on Monday that the new tram line through the old harbour "
    "district would open in September, three months later than planned, after tests found faults in the signals.",
    "Engineers had discovered that the signalling software installed along the eastern section failed to "
    "register trams travelling close together, the authority's director, Lena Marsh, told reporters.",
    '"We will not open a line that is not safe, whatever the pressure from the city council," Marsh said, '
    "adding that the contractor had agreed to replace the faulty units at its own cost.",
    "The line, which links the central station with the university campus and the ferry terminal, cost "
    "about 410 million euros and is expected to carry 60,000 passengers a day once it is running.",
    "Business owners in the harbour district, who endured two years of road closures during construction, "
    "said the delay would cost them another summer of lost trade from tourists and students.",
    "The city council's transport committee will meet on Thursday to discuss compensation for shops along "
    "the route and to question the contractor about the timetable for the repairs.",
    "Opposition councillors called for an independent review of the project, saying the authority had "
    "ignored early warnings from its own engineers about the signalling contract.",
]


def wire_rows(copies: int, seed: int = 3) -> list[dict[str, str]]:
    """``copies`` versions of one wire article, each with one word changed and its own footer."""
    rng = random.Random(seed)
    rows = []
    for i in range(copies):
        paragraphs = list(WIRE)
        k = rng.randrange(len(paragraphs))
        words = paragraphs[k].split()
        words[rng.randrange(len(words))] = rng.choice(["today", "soon", "again", "also"])
        paragraphs[k] = " ".join(words)
        if i % 3 == 0:
            paragraphs = paragraphs[:-1]
        rows.append({"id": f"wire/copy-{i:03d}", "title": f"Harbour tram line delayed until September ({i})",
                     "source": f"site{i % 12}.example", "date": f"2026-03-{1 + i % 27:02d}",
                     "text": "\n\n".join(paragraphs)})  # fmt: skip
    return rows


def build_store(path: Path, rows: list[dict[str, str]]) -> Path:
    source = path.parent / "wire.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with Store.open(path) as store:
        store.add([source])
    return path
