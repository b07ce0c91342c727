"""The exceptions samestory raises.

::

    SamestoryError                 base of everything below
    ├── InputError                 one input cannot be read; carries the input's name and a fix
    │   ├── EmptyInput             0 bytes, or nothing but white space
    │   ├── BinaryInput            not text (NUL bytes, control characters, an image, an archive ...)
    │   ├── InputTooLarge          one record over ``max_record_bytes``
    │   ├── MalformedInput         a format that fails to parse (JSON line, HTML, WARC, gzip)
    │   ├── UnreadableInput        the operating system refused (missing path, permission denied)
    │   └── ReadFailed             a reader failed on it: a bug in samestory (the run goes on)
    ├── ConfigError                a bad setting in TOML or on the command line
    └── MissingDependency          an optional package is not installed; names the pip install

Readers raise :class:`InputError`; the ingest stage turns it into an error record (``RawRecord.error``)
and the run goes on. Only the CLI turns exceptions into exit codes.
"""

from __future__ import annotations


class SamestoryError(Exception):
    """Base class of every error samestory raises on purpose."""


class InputError(SamestoryError):
    """An input that cannot be read. ``code`` is stable and goes into the error record."""

    code = "input_error"

    def __init__(self, input_name: str, reason: str, fix: str) -> None:
        self.input_name = input_name
        self.reason = reason
        self.fix = fix
        super().__init__(f"{input_name}: {reason}. Fix: {fix}")

    @classmethod
    def of(cls, message: str, input_name: str) -> InputError:
        """The error again from its message (an error record's ``message``, which is ``str`` of one)."""
        body = message.removeprefix(f"{input_name}: ")
        reason, _, fix = body.rpartition(". Fix: ")
        return cls(input_name, reason, fix) if reason else cls(input_name, body, "pass a readable article")


class EmptyInput(InputError):
    code = "empty"


class BinaryInput(InputError):
    code = "binary"


class InputTooLarge(InputError):
    code = "too_large"


class MalformedInput(InputError):
    code = "malformed"


class ReadFailed(InputError):
    code = "read_failed"


class UnreadableInput(InputError):
    code = "unreadable"


class ConfigError(SamestoryError):
    """A bad configuration value; the message names the setting and what it accepts."""


class MissingDependency(SamestoryError):
    """An optional dependency is missing; the message names the ``pip install`` that brings it."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"{module} is not installed; run: pip install 'samestory[{extra}]'")
