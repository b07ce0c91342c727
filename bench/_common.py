"""Plumbing shared by the bench scripts: paths, the cleaner under test, machine facts, result files.

Every script resolves the data folder from its own location (``<repo>/../shared/data``), so it runs
from any working directory, and writes its figures to ``bench/results/<name>.json``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
DATA = (REPO.parent / "shared" / "data").resolve()
RESULTS = BENCH / "results"
OUT = BENCH / "out"


def data_path(*parts: str) -> Path:
    """The path of a file or folder under the shared data folder; exits with a clear message if missing."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        sys.exit(
            f"error: {path} not found. The bench scripts read the development data from {DATA} "
            "(the folder `../shared/data` next to the repository); put the data there and run again."
        )
    return path


def ensure_importable() -> None:
    """Make ``import samestory`` work from a source checkout that is not pip-installed."""
    try:
        importlib.import_module("samestory")
    except ModuleNotFoundError:
        sys.path.insert(0, str(REPO / "src"))


@dataclass(frozen=True)
class Cleaner:
    """The cleaner under test: the real ``samestory`` API, or the bench-only stub of the same shape."""

    name: str
    clean_text: Callable[..., Any]
    clean: Callable[..., Iterator[Any]]


def load_cleaner() -> Cleaner:
    """Import ``samestory.clean_text`` and ``samestory.clean``; exit with advice if they are absent."""
    ensure_importable()
    try:
        from samestory import clean, clean_text
    except ImportError as exc:
        sys.exit(
            f"error: the samestory cleaning API is not importable ({exc}). "
            "bench_clean.py --self-test exercises the bench code with the stand-in cleaners of bench/_stub.py."
        )
    return Cleaner("samestory", clean_text, clean)


def samestory_cli() -> list[str]:
    """The command that runs the ``samestory`` CLI: the installed script, else the module from src/."""
    script = Path(sys.executable).with_name("samestory")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from samestory.cli import main; sys.exit(main())"]


def cli_env() -> dict[str, str]:
    """The environment for CLI child processes: ``src/`` on PYTHONPATH when samestory is not installed."""
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or what the platform module says elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def usable_cores() -> int:
    """How many cores this process may run on (the affinity mask, not the machine total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def package_version(name: str) -> str | None:
    """The installed version of a distribution, or None."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    """Facts about the machine and software a figure was measured with."""
    return {
        "nproc": usable_cores(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "trafilatura": package_version("trafilatura"),
        "samestory": package_version("samestory") or _source_version(),
    }


def _source_version() -> str | None:
    ensure_importable()
    try:
        module = importlib.import_module("samestory")
    except ImportError:
        return None
    return getattr(module, "__version__", None)


def now_utc() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def write_result(name: str, payload: dict[str, Any], cleaner: str | None = None) -> Path:
    """Write ``bench/results/<name>.json`` with the payload plus when, where and what was measured."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"benchmark": name, "date": now_utc(), "cleaner": cleaner, "machine": machine_info(), **payload}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(REPO)}")
    return path


def read_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    """The records of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def fmt_table(header: list[str], rows: list[list[Any]]) -> str:
    """A plain fixed-width text table for terminal output."""
    cells = [header, *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


#: Seconds between two resident-set samples of a watched process tree (statm: a few microseconds each).
RSS_INTERVAL = 0.05
#: Seconds between two proportional-set samples (smaps_rollup: the kernel walks every page table of the
#: process, milliseconds for a process of a few GB). Sampled with the resident sets at 20 Hz, the watcher
#: took 6.8 s of CPU during a 37 s `samestory run` of 20,000 articles on the 2-core bench machine and
#: slowed the run it measured by 8%; at 2 Hz, 1.1 s, with the same peaks within 1.5%.
PSS_INTERVAL = 0.5


def run_process(
    command: list[str], *, stdout: Any, stderr: Any, timeout: float | None = None, watch: bool = False
) -> dict[str, Any]:
    """Run ``command`` (with :func:`cli_env`) to its end: its wall ``seconds``, ``exit_code`` and
    ``cpu_seconds`` (user and system time of the process and of the children it waited for, from
    ``wait4``: the workers of a pool are counted, at no cost to the run).

    ``watch``: sample its memory with :func:`watch_tree` and add the peaks. The sampler takes CPU on the
    same cores (1.4 to 3.4 s during a 20,000-article ``run`` of 40 s on the 2-core bench machine), so a
    figure of speed comes from unwatched runs and a figure of memory from a watched one. Unwatched, a run
    past ``timeout`` seconds is killed, as a watched one is.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=cli_env())
    killed: list[bool] = []

    def kill() -> None:
        killed.append(True)
        _kill_tree(proc.pid)

    timer = None
    if timeout is not None and not watch:  # (watch_tree kills at the timeout itself)
        timer = threading.Timer(timeout, kill)
        timer.start()
    watched = watch_tree(proc.pid, timeout) if watch else {}
    _, status, usage = os.wait4(proc.pid, 0)  # not proc.wait(): wait4 also gives the resource usage
    seconds = time.perf_counter() - started
    if timer is not None:
        timer.cancel()
        watched["timed_out"] = bool(killed)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(seconds, 2), "exit_code": proc.returncode,
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2), **watched}  # fmt: skip


def _kill_tree(pid: int) -> None:
    """Kill a process and its descendants."""
    import psutil  # the bench extra's

    with contextlib.suppress(psutil.NoSuchProcess):
        root = psutil.Process(pid)
        for p in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                p.kill()


def watch_tree(pid: int, timeout: float | None = None) -> dict[str, Any]:
    """Sample a process and its descendants until it exits (killing the tree at ``timeout`` seconds).

    Returns the peaks of the tree's summed resident sets (``peak_rss_tree_mb``, forked workers' shared pages
    counted in each), of its summed proportional sets (``peak_pss_tree_mb``, shared pages split between the
    processes sharing them) and of the largest resident set (``peak_rss_largest_process_mb``), whether it
    timed out, and the watcher's own CPU seconds (``watcher_cpu_seconds``: it competes with the tree for the
    machine's cores, so speeds come from unwatched runs, see :func:`run_process`). Sampled, rather than
    read from ``ru_maxrss``, which a child inherits from this (large) process at fork.
    """
    import psutil  # the bench extra's

    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    peak_rss = peak_pss = peak_one = 0
    t0 = next_pss = time.perf_counter()
    timed_out = False
    try:
        root = psutil.Process(pid)
        while root.status() != psutil.STATUS_ZOMBIE:
            now = time.perf_counter()
            tree = [root, *root.children(recursive=True)]
            if timeout is not None and now - t0 > timeout:
                timed_out = True
                _kill_tree(pid)
                break
            rss = one = pss = 0
            sample_pss = now >= next_pss
            for p in tree:
                with contextlib.suppress(psutil.Error):
                    size = p.memory_info().rss
                    rss, one = rss + size, max(one, size)
                    if sample_pss:
                        pss += p.memory_full_info().pss
            peak_rss, peak_one = max(peak_rss, rss), max(peak_one, one)
            if sample_pss:
                peak_pss, next_pss = max(peak_pss, pss), now + PSS_INTERVAL
            time.sleep(RSS_INTERVAL)
    except psutil.NoSuchProcess:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF)
    mb = 2**20
    return {"timed_out": timed_out, "peak_rss_tree_mb": round(peak_rss / mb, 1),
            "peak_pss_tree_mb": round(peak_pss / mb, 1), "peak_rss_largest_process_mb": round(peak_one / mb, 1),
            "watcher_cpu_seconds": round(usage.ru_utime + usage.ru_stime - cpu0, 2)}  # fmt: skip
