"""HTML ingestion on the Scrapinghub article-extraction benchmark (181 news pages, human-checked bodies).

Metric: the benchmark's own (``evaluate.py`` of scrapinghub/article-extraction-benchmark, re-implemented
here): per page, the multiset of 4-word shingles of ``\\w+`` tokens (case kept) of the true and the
extracted body; tp/fp/fn from the shingle counts; a page's precision is 1 when it has no fp and no fn,
0 when it has no tp and no fp, else tp/(tp+fp) (recall alike); precision is averaged over the pages that
predicted something, recall over the pages whose truth has text; F1 is the harmonic mean of the two
averages. The same figures on lowercased tokens are reported too.

Compared in one run: samestory's HTML path (``clean([page.html.gz, ...])``; the body, and title + body),
samestory's extraction before cleaning, trafilatura alone (defaults; upstream's ``include_comments=False``;
the options samestory passes), and the upstream baseline outputs as a check of the metric (trafilatura
2.0.0's published F1 is 0.958).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import data_path, ensure_importable, fmt_table, load_cleaner, write_result

TOKEN = re.compile(r"\w+")
PUBLISHED = {"trafilatura": 0.958}
# The keyword arguments samestory passes to trafilatura (src/samestory/io/html.py, ``_extract``).
SAMESTORY_TRAFILATURA = {"favor_precision": True, "include_comments": False, "include_tables": True}


def shingles(text: str | None, lower: bool = False, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-word shingles of a text; a text shorter than n words is one shingle."""
    tokens = TOKEN.findall(text or "")
    if lower:
        tokens = [t.lower() for t in tokens]
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str | None, pred: str | None, lower: bool = False) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page's shingles."""
    t, p = shingles(true, lower), shingles(pred, lower)
    return sum((t & p).values()), sum((p - t).values()), sum((t - p).values())


def _ratio(hit: int, extra: int, other: int) -> float:
    """Upstream's per-page precision (hit=tp, extra=fp) or recall (extra=fn), with its edge cases."""
    if extra == 0 and other == 0:
        return 1.0
    if hit == 0 and extra == 0:
        return 0.0
    return hit / (hit + extra)


def macro(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    """Macro-averaged precision and recall over pages, and the F1 of the two averages."""
    precision = statistics.mean([_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0] or [0.0])
    recall = statistics.mean([_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score(truth: dict[str, str], outputs: dict[str, str | None]) -> dict[str, Any]:
    """The benchmark figures of one extractor's outputs (a missing page counts as an empty output)."""
    keys = sorted(truth)
    result = macro([page_counts(truth[k], outputs.get(k)) for k in keys])
    lower = macro([page_counts(truth[k], outputs.get(k), lower=True) for k in keys])
    result["lowercased"] = lower
    result["empty_outputs"] = sum(not (outputs.get(k) or "").strip() for k in keys)
    return result


def load_pages() -> tuple[dict[str, str], dict[str, Path]]:
    """The true article bodies and the HTML paths, by page id (the sha256 of the page)."""
    folder = data_path("scrapinghub-aeb")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = {key: value.get("articleBody") or "" for key, value in truth.items()}
    paths = {p.name.split(".")[0]: p for p in sorted((folder / "html").glob("*.html.gz"))}
    missing = set(bodies) - set(paths)
    if missing:
        raise SystemExit(f"error: {len(missing)} pages of ground-truth.json have no html/<id>.html.gz")
    return bodies, paths


def read_html(path: Path) -> str:
    """A page's HTML, decoded as upstream's runner does (UTF-8)."""
    with gzip.open(path, "rt", encoding="utf8") as handle:
        return handle.read()


def samestory_outputs(paths: dict[str, Path]) -> tuple[dict[str, dict[str, str]], float, int]:
    """Body and title + body per page from one ``clean()`` run over all pages; seconds; pages with errors."""
    cleaner = load_cleaner()
    by_name = {str(p): key for key, p in paths.items()}
    out: dict[str, dict[str, str]] = {"body": {}, "title_body": {}}
    errors = 0
    started = time.perf_counter()
    for article in cleaner.clean(list(paths.values())):
        key = by_name.get(article.input) or Path(article.input).name.split(".")[0]
        errors += article.error is not None
        out["body"][key] = article.text
        out["title_body"][key] = "\n".join(filter(None, [article.title, article.text]))
    return out, time.perf_counter() - started, errors


def extraction_outputs(paths: dict[str, Path]) -> dict[str, str] | None:
    """samestory's extracted main text before cleaning (``samestory.io.html.extract_html``), if available."""
    ensure_importable()
    try:
        from samestory.io.html import decode_page, extract_html
    except ImportError:
        return None
    out = {}
    for key, path in paths.items():
        try:
            out[key] = extract_html(decode_page(gzip.decompress(path.read_bytes())).html, key)[0]
        except Exception:  # a page with no text found: an empty output, as the benchmark scores it
            out[key] = ""
    return out


def trafilatura_outputs(paths: dict[str, Path], **options: Any) -> tuple[dict[str, str | None], float]:
    """``trafilatura.extract(html, **options)`` per page, and the seconds it took."""
    import trafilatura

    started = time.perf_counter()
    out = {key: trafilatura.extract(read_html(path), **options) for key, path in paths.items()}
    return out, time.perf_counter() - started


def baseline_outputs() -> dict[str, tuple[str, dict[str, str | None]]]:
    """Upstream's stored outputs of other extractors: name -> (version, outputs)."""
    folder = data_path("scrapinghub-aeb", "baseline-outputs")
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        # Newer upstream files wrap the outputs ({"version", "output"}); older ones are the bare mapping.
        version, pages = (str(data.get("version")), data["output"]) if "output" in data else ("", data)
        out[path.stem] = (version, {k: (v or {}).get("articleBody") for k, v in pages.items()})
    return out


def main(argv: list[str] | None = None) -> None:
    """Score every extractor on the benchmark and write bench/results/bench_html.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-baselines", action="store_true", help="skip upstream's stored outputs")
    args = parser.parse_args(argv)
    truth, paths = load_pages()
    rows: dict[str, dict[str, Any]] = {}
    ours, seconds, errors = samestory_outputs(paths)
    rows["samestory clean (body)"] = {**score(truth, ours["body"]), "seconds": seconds, "errors": errors}
    rows["samestory clean (title + body)"] = score(truth, ours["title_body"])
    extracted = extraction_outputs(paths)
    if extracted is not None:
        rows["samestory extraction only (before clean)"] = score(truth, extracted)
    runs: dict[str, dict[str, Any]] = {
        "trafilatura.extract (defaults)": {},
        "trafilatura.extract (include_comments=False, upstream runner)": {"include_comments": False},
        "trafilatura.extract (samestory's options)": SAMESTORY_TRAFILATURA,
    }
    for name, options in runs.items():
        outputs, took = trafilatura_outputs(paths, **options)
        rows[name] = {**score(truth, outputs), "seconds": took, "options": options}
    if not args.no_baselines:
        for name, (version, outputs) in baseline_outputs().items():
            rows[f"baseline: {name} {version}".strip()] = {**score(truth, outputs), "published_f1": PUBLISHED.get(name)}
    print_rows(rows)
    write_result("bench_html", {"pages": len(truth), "metric": METRIC, "extractors": rows}, cleaner="samestory")


METRIC = (
    "scrapinghub/article-extraction-benchmark evaluate.py: per page 4-word shingles (multiset) of \\w+ "
    "tokens, case kept; per-page P/R with upstream's edge cases; P macro-averaged over pages with output, "
    "R over pages with true text; F1 of the two averages. 'lowercased' = same on lowercased tokens."
)


def print_rows(rows: dict[str, dict[str, Any]]) -> None:
    """The comparison table."""
    table = [
        [name, r["f1"], r["precision"], r["recall"], r["lowercased"]["f1"], r["empty_outputs"], _fmt(r, "seconds")]
        for name, r in rows.items()
    ]
    print(fmt_table(["extractor", "F1", "precision", "recall", "F1 (lower)", "empty", "seconds"], table))


def _fmt(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    main()
