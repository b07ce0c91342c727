"""The command line: output on stdout or --out, summary on stderr, exit codes for partial failure."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samestory.cli import EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, main


def test_clean_seeds_to_file(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(main, ["clean", str(seeds), "--out", str(out), "--summary", str(summary)])
    assert result.exit_code == EXIT_OK, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["seeds/000_d4a47ec4de73bb3b.txt", "seeds/001_fdedb239be57391e.txt"]
    assert rows[1]["http_status"] == 403 and rows[1]["credit"] == "MENAFN"
    required = {"id", "source", "fetched", "http_status", "title", "subtitle", "dateline", "credit", "published",
                "language", "text", "paragraphs", "quotes", "removed", "flags", "error"}  # fmt: skip
    assert required <= set(rows[0])
    assert json.loads(summary.read_text())["removals"]["duplicate_block"]["count"] == 1


def test_stdout_is_only_jsonl(seeds: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "samestory", "clean", str(seeds)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == [
        "seeds/000_d4a47ec4de73bb3b.txt",
        "seeds/001_fdedb239be57391e.txt",
    ]
    assert "removed: duplicate_block" in proc.stderr


def test_bad_inputs_give_partial_failure(seeds: Path, tmp_path: Path) -> None:
    shutil.copytree(seeds, tmp_path / "crawl")
    (tmp_path / "crawl" / "empty.txt").write_bytes(b"")
    (tmp_path / "crawl" / "latin1.txt").write_bytes("Caf\xe9 owners protest new rules in the capital".encode("latin-1"))
    (tmp_path / "crawl" / "broken.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "crawl"), "-o", str(out), "-q"])
    assert result.exit_code == EXIT_PARTIAL
    rows = {}
    for line in out.read_text().splitlines():
        row = json.loads(line)
        rows[row["id"].split("/")[-1].split("#")[0]] = row
    assert rows["empty.txt"]["error"]["code"] == "empty"
    assert "empty.txt" in rows["empty.txt"]["error"]["message"]
    assert rows["broken.warc"]["error"]["code"] == "malformed"
    assert "invalid_utf8" in rows["latin1.txt"]["flags"] and rows["latin1.txt"]["error"] is None
    assert rows["001_fdedb239be57391e.txt"]["error"] is None


def test_bad_config_is_an_error(seeds: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[clean]\nhead_lines = 'six'\n")
    result = CliRunner().invoke(main, ["clean", str(seeds), "--config", str(cfg)])
    assert result.exit_code == EXIT_ERROR
    assert "head_lines" in result.output


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, name
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_the_command_line_starts_without_the_web_store_and_html_libraries() -> None:
    """``samestory run`` and ``clean`` need none of them: they are imported by the commands that do."""
    import subprocess
    import sys

    code = "import sys, samestory.cli; print(sorted({'fastapi', 'duckdb', 'trafilatura'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_a_dead_worker_process_is_a_clear_error() -> None:
    import io
    import os
    from concurrent.futures import ProcessPoolExecutor

    import pytest
    from rich.console import Console

    from samestory.cli import exits_on_error

    out = io.StringIO()
    with (
        pytest.raises(SystemExit) as stopped,
        exits_on_error(Console(file=out, width=200)),
        ProcessPoolExecutor(1) as pool,
    ):
        pool.submit(os._exit, 9).result()  # a worker that dies, as one the system kills for memory does
    assert stopped.value.code == EXIT_ERROR
    assert "a worker process died" in out.getvalue() and "fewer --workers" in out.getvalue()


def test_a_killed_dask_worker_is_a_clear_error() -> None:
    import io
    from types import SimpleNamespace

    import pytest
    from distributed import KilledWorker
    from rich.console import Console

    from samestory.cli import exits_on_error

    out = io.StringIO()
    with pytest.raises(SystemExit) as stopped, exits_on_error(Console(file=out, width=200)):
        raise KilledWorker("clean-task-1", SimpleNamespace(address="tcp://127.0.0.1:40000"), 3)  # type: ignore[arg-type]
    assert stopped.value.code == EXIT_ERROR and "a worker process died" in out.getvalue()
    with pytest.raises(ValueError), exits_on_error(Console(file=io.StringIO())):
        raise ValueError("a bug stays a traceback")


def test_a_reader_that_stops_early_ends_clean_quietly(seed_001: str, tmp_path: Path) -> None:
    """``samestory clean crawl/ | head`` is no error of samestory's: no message, no traceback, exit 1 (as
    click and rich do when their output pipe closes)."""
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("".join(json.dumps({"id": str(i), "text": f"{seed_001} {i}"}) + "\n" for i in range(100)))
    with subprocess.Popen(
        [sys.executable, "-m", "samestory", "clean", str(crawl), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        assert json.loads(proc.stdout.readline())["id"] == "0"  # more than a pipe's buffer follows
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
    assert proc.returncode == EXIT_ERROR
    assert stderr == ""


def test_an_input_named_as_the_output_is_refused_not_overwritten(seeds: Path, tmp_path: Path) -> None:
    """A command never reads its own output (skipped: output); an input named on the command line that *is*
    the output would be skipped and then overwritten with the others' articles, or with nothing."""
    crawl = Path(shutil.copytree(seeds, tmp_path / "crawl"))
    page = crawl / "000_d4a47ec4de73bb3b.txt"
    before = page.read_bytes()
    for command in (
        ["clean", str(page), "-o", str(page)],
        ["clean", str(crawl), str(page), "--out", str(crawl / "." / page.name)],
        ["run", str(crawl / "articles.jsonl"), "--out", str(crawl)],
    ):
        if command[0] == "run":
            (crawl / "articles.jsonl").write_bytes(before)
        result = CliRunner(env={"COLUMNS": "1000"}).invoke(main, command)
        assert result.exit_code == 2, (command, result.output)
        assert "is also an output" in result.output and "Fix: " in result.output, result.output
    assert page.read_bytes() == before and (crawl / "articles.jsonl").read_bytes() == before


def test_a_summary_that_cannot_be_written_is_an_error_not_a_traceback(seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    summary = tmp_path / "file" / "summary.json"  # under a file: no folder can be made there
    result = CliRunner(env={"COLUMNS": "1000"}).invoke(
        main, ["clean", str(seeds), "-o", str(tmp_path / "a.jsonl"), "--summary", str(summary), "-q"]
    )
    assert result.exit_code == EXIT_ERROR and "error: cannot read or write" in result.output, result.output
    assert str(tmp_path / "file") in result.output and isinstance(result.exception, SystemExit), result.output
    nested = tmp_path / "new" / "summary.json"  # a folder that is not there yet is made, as for --out
    done = CliRunner().invoke(main, ["clean", str(seeds), "-o", str(tmp_path / "b.jsonl"), "--summary", str(nested)])
    assert done.exit_code == EXIT_OK and json.loads(nested.read_text())["articles"] == 2


def test_the_summary_file_inside_an_input_folder_is_not_read_back(seeds: Path, tmp_path: Path) -> None:
    """--summary is an output as --out is: written inside the input folder, the next clean read it as an
    input (a JSON document, not JSON Lines: a malformed error record, exit 3), so the same command gave
    another result the second time."""
    crawl = Path(shutil.copytree(seeds, tmp_path / "crawl"))
    args = ["clean", str(crawl), "--out", str(crawl / "clean.jsonl"), "--summary", str(crawl / "summary.json"), "-q"]
    summaries = []
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == EXIT_OK, result.output
        summaries.append(json.loads((crawl / "summary.json").read_text())["records"])
    assert summaries == [2, 2]
    as_input = CliRunner().invoke(main, [*args[:2], str(crawl / "summary.json"), *args[2:]])
    assert as_input.exit_code == 2 and "is also an output" in as_input.output


@pytest.mark.parametrize("command", ["clean", "run", "run --store", "add"])
def test_quiet_still_names_each_input_that_failed(command: str, tmp_path: Path) -> None:
    """--quiet drops the progress bar and the summary, not the errors: the line naming a failed input and its
    fix was printed only with the summary, so a quiet run's only sign of it was exit code 3."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "story.txt").write_text("The old mill burned down overnight, the fire service said on Sunday.\n")
    name, *flags = command.split()
    where = ["--store", str(tmp_path / "s.duckdb")] if name == "add" else ["--out", str(tmp_path / "out")]
    result = CliRunner(env={"COLUMNS": "1000"}).invoke(main, [name, str(folder), "-q", *flags, *where])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and "empty.txt" in errors[0] and "Fix" in errors[0], result.output
