"""How many tracking ids of shapes drawn at random the cleaner removes (a check of ``core.codes``' reach).

Ids in twelve shapes (a prefix and long numbers, labelled numbers and hashes, UUIDs, bracketed and braced
labelled tokens, base-62 slugs, desk codes, snake-case keys), each put alone on a line at the head, middle
or end of a short made-up article, then ``clean_text``: the share removed, and the first misses. The shapes
were written for this check, not taken from the noise pools.

    python bench/fuzz_ids.py --seed 7 --count 400
"""

from __future__ import annotations

import argparse
import random
import string

from samestory import clean_text

BODY = [
    "The council approved the new budget on Tuesday after a long debate over funding for schools and roads.",
    "Officials said the plan would take effect next month, with the first payments due before the end of the year.",
    "Critics argued that the measure did not go far enough, while supporters called it a careful compromise.",
    "The mayor is expected to sign the bill later this week, according to a statement from her office.",
]
LABELS = ["ID", "Ref", "Story ID", "Doc", "Code", "Tracking", "sid", "cid", "Article ID", "Content ID", "Item",
          "Asset", "Job", "Slug", "Key", "Trace", "Req", "Msg", "Source ID", "Post"]  # fmt: skip
SEPARATORS = [": ", " ", "=", "#", ":", " - ", " / ", "_"]


def shape(rng: random.Random) -> str:
    def run(alphabet: str, n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    digits, hexes, mixed = string.digits, "0123456789abcdef", string.ascii_letters + string.digits
    upper, label, sep = string.ascii_uppercase, rng.choice(LABELS), rng.choice(SEPARATORS)
    return rng.choice([
        lambda: run(upper, rng.randint(3, 8)) + run(digits, rng.randint(8, 20)) + run(upper, 2) + run(digits, 8),
        lambda: label + sep + run(digits, rng.randint(5, 12)),
        lambda: label + sep + run(hexes, rng.randint(8, 32)),
        lambda: "-".join(run(hexes, n) for n in (8, 4, 4, 4, 12)),
        lambda: "(" + label + sep + run(mixed, rng.randint(6, 14)) + ")",
        lambda: "[" + run(upper, rng.randint(2, 5)) + "-" + run(digits, rng.randint(4, 10)) + "]",
        lambda: run(mixed, rng.randint(16, 40)),
        lambda: run(upper, 3) + run(digits, 3) + "/" + run(upper, 3) + "/" + run(digits, rng.randint(4, 8)),
        lambda: "#" + run(digits, rng.randint(6, 12)) + " " + run(upper, 3) + "-" + run(digits, 3),
        lambda: label.lower().replace(" ", "_") + "_" + run(mixed, rng.randint(8, 20)).lower(),
        lambda: run(digits, 3) + "-" + run(digits, 6) + "-" + run(upper, 2) + run(digits, 4),
        lambda: "{" + label.lower().replace(" ", "_") + ": " + run(mixed, rng.randint(10, 24)) + "}",
    ])()  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--show", type=int, default=20, help="misses to print")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    missed = []
    for _ in range(args.count):
        line, where = shape(rng), rng.choice([0, 2, len(BODY)])
        lines = [*BODY[:where], line, *BODY[where:]]
        if not any(line in r.text for r in clean_text("\n".join(lines)).removed):
            missed.append((where, line))
    print(f"removed {1 - len(missed) / args.count:.3f} of {args.count} ids (seed {args.seed})")
    for where, line in missed[: args.show]:
        print(f"  missed at line {where}: {line!r}")


if __name__ == "__main__":
    main()
