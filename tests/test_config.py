"""Settings: defaults < TOML < flags; a bad setting is a ConfigError that names it, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from samestory.cli import EXIT_ERROR, main
from samestory.config import CleanConfig, Config, IngestConfig, MatchConfig, load_config
from samestory.errors import ConfigError


def _numeric_settings() -> list[tuple[str, str, int | float]]:
    sections = {f.name: f.default_factory() for f in dataclasses.fields(Config)}  # type: ignore[misc]
    return [
        (name, f.name, getattr(section, f.name))
        for name, section in sections.items()
        for f in dataclasses.fields(section)
        if isinstance(getattr(section, f.name), int | float) and not isinstance(getattr(section, f.name), bool)
    ]


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_table_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    """``clean = 3`` ended every command with AttributeError ('int' object has no attribute 'items')."""
    with pytest.raises(ConfigError, match=r"clean: expected a table \(\[clean\]\), got 3"):
        load_config(_toml(tmp_path, "clean = 3\n"))
    with pytest.raises(ConfigError, match=r"ingest: expected a table"):  # with a flag's setting to merge
        load_config(_toml(tmp_path, "ingest = 3\n"), {"ingest": {"max_record_bytes": 100}})


@pytest.mark.parametrize(("section", "key", "default"), _numeric_settings())
def test_a_setting_out_of_its_range_is_a_config_error(section: str, key: str, default: float) -> None:
    """Out of range, a setting ended a run with a traceback deep in the algorithms ([match] neighbours = 0:
    numpy's 'kth out of bounds'; minhash_threshold = 2.0: LSH's ValueError), or quietly refused every
    record ([ingest] max_record_bytes = 0, which the flag refuses); no count is negative, and every share,
    similarity and threshold is at most 1 (a cosine at least -1)."""
    assert getattr(load_config(None, {section: {key: default}}), section) == getattr(Config(), section)
    bad: list[int | float] = [-2] + ([1.5] if isinstance(default, float) else [])
    for value in bad:
        with pytest.raises(ConfigError, match=rf"^{section}\.{key}: "):
            load_config(None, {section: {key: value}})


def test_ranges_refuse_what_breaks_and_keep_the_edges() -> None:
    for section, key, value in (("match", "neighbours", 0), ("ingest", "max_record_bytes", 0),
                                ("match", "minhash_threshold", 2.0)):  # fmt: skip
        with pytest.raises(ConfigError, match=rf"^{section}\.{key}: "):
            load_config(None, {section: {key: value}})
    edges = {"match": {"min_lead_cosine": -0.5, "story_attach_size": 0, "transformer_band": 0.0,
                       "story_linkage": 1.0}, "clean": {"head_lines": 0}}  # fmt: skip
    config = load_config(None, edges)
    assert (config.match.min_lead_cosine, config.match.story_attach_size, config.clean.head_lines) == (-0.5, 0, 0)


def test_a_setting_out_of_range_in_the_toml_is_a_message_and_exit_1(seeds: Path, tmp_path: Path) -> None:
    path = _toml(tmp_path, "[match]\nneighbours = 0\n")
    result = CliRunner().invoke(main, ["run", str(seeds), "--out", str(tmp_path / "out"), "--config", str(path)])
    assert result.exit_code == EXIT_ERROR, result.output
    assert "match.neighbours: " in result.output and "Traceback" not in result.output


def test_a_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    """TOML is UTF-8; a file saved as Latin-1 (a comment "# café") ended the command with UnicodeDecodeError."""
    path = tmp_path / "latin1.toml"
    path.write_bytes("[clean]\nhead_lines = 6  # caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin1\.toml: cannot read config \(.*utf-8.*\); .*UTF-8"):
        load_config(path)


@pytest.mark.parametrize(("section", "key", "default"), _numeric_settings())
def test_true_or_false_for_a_number_is_a_config_error(tmp_path: Path, section: str, key: str, default: float) -> None:
    """A TOML boolean is no number: ``head_lines = true`` ran with 1 head line and ``minhash_threshold =
    false`` with 0 (Python's True is the int 1), where the README promises that a setting of the wrong type
    stops the command with a message naming it."""
    wanted = "a whole number" if isinstance(default, int) else "a number"
    for value in ("true", "false"):
        with pytest.raises(ConfigError, match=rf"^{section}\.{key}: expected {wanted}, got {value}$"):
            load_config(_toml(tmp_path, f"[{section}]\n{key} = {value}\n"))


def test_a_setting_of_the_wrong_type_is_named_in_toml_words(tmp_path: Path) -> None:
    """The message is about a TOML file: it said "expected tuple, got 'x'" and "got True"."""
    with pytest.raises(ConfigError, match=r'^ingest\.exclude: expected an array of strings \(\["a", "b"\]\), got "x"$'):
        load_config(_toml(tmp_path, '[ingest]\nexclude = "x"\n'))
    with pytest.raises(ConfigError, match=r"^clean\.line_model: expected true or false, got 1$"):
        load_config(_toml(tmp_path, "[clean]\nline_model = 1\n"))


def test_settings_built_in_python_are_checked_as_the_toml_is() -> None:
    """``Config(match=MatchConfig(neighbours=0))`` ran, and ended deep in numpy ('kth(=2) out of bounds');
    ``dataclasses.replace(config.clean, head_lines=-3)`` and ``CleanConfig(head_lines="x")`` were taken as
    they were. The README promises a message naming a setting of the wrong type or out of its range."""
    with pytest.raises(ConfigError, match=r"^match\.neighbours: expected a number from 1 up, got 0$"):
        MatchConfig(neighbours=0)
    with pytest.raises(ConfigError, match=r"^clean\.head_lines: expected a number from 0 up, got -3$"):
        dataclasses.replace(Config().clean, head_lines=-3)
    with pytest.raises(ConfigError, match=r"^clean\.head_lines: expected a whole number, got \"x\"$"):
        CleanConfig(head_lines="x")  # type: ignore[arg-type]
    assert IngestConfig(exclude=["out.jsonl"]).exclude == ("out.jsonl",)  # type: ignore[arg-type]
    assert dataclasses.replace(Config().match, story_linkage=0.2).story_linkage == 0.2


def test_an_unknown_embedding_tier_is_a_config_error_when_the_settings_are_read(tmp_path: Path) -> None:
    """``[match] embedder = "minilm"`` was taken; a run failed only once matching loaded it, with a message
    that named no setting, and ``samestory clean --config`` never said."""
    with pytest.raises(ConfigError, match=r'^match\.embedder: expected one of "static", "transformer", got "minilm"$'):
        load_config(_toml(tmp_path, '[match]\nembedder = "minilm"\n'))


def test_load_config_takes_a_str_path(tmp_path: Path) -> None:
    """``load_config("settings.toml")`` ended with AttributeError: 'str' object has no attribute 'read_text'."""
    path = _toml(tmp_path, "[clean]\nhead_lines = 4\n")
    assert load_config(str(path)).clean.head_lines == 4  # type: ignore[arg-type]


def test_the_readme_names_every_table_and_only_settings_that_exist() -> None:
    """The README said settings come 'with tables [ingest] and [clean]' (so did config.py), where [match]
    holds every threshold of matching; each setting it shows as ``[table] key = value`` must exist."""
    import re

    import samestory.config

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    said = re.search(r"Settings can also come from a TOML file \(`--config`\), with\s+tables ([^(]*)\(", readme)
    assert said is not None
    tables = {f.name: f.default_factory() for f in dataclasses.fields(Config)}  # type: ignore[misc]
    for where in (said.group(1), samestory.config.__doc__ or ""):
        assert all(f"[{name}]" in where for name in tables), where
    shown = re.findall(r"`\[(\w+)\] (\w+) =", readme)
    assert shown and all(hasattr(tables[table], key) for table, key in shown), shown
