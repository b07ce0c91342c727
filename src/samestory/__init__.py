"""samestory: clean messy news crawls and map which articles tell the same story.

>>> from samestory import clean_text
>>> article = clean_text("A Headline Here\\nThe body of the story, which is long enough to read.\\nShare this article")
>>> article.title, article.paragraphs, [r.reason for r in article.removed]
('A Headline Here', ['The body of the story, which is long enough to read.'], ['share_prompt'])
"""

from typing import TYPE_CHECKING, Any

from samestory.config import CleanConfig, Config, IngestConfig, MatchConfig, load_config
from samestory.errors import InputError, SamestoryError
from samestory.records import Alignment, Article, Direction, Family, Pair, Quote, RawRecord, Removal, Story

if TYPE_CHECKING:
    from samestory.api import RunResult, clean, clean_text, compare, run

__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "Article",
    "CleanConfig",
    "Config",
    "Direction",
    "Family",
    "IngestConfig",
    "InputError",
    "MatchConfig",
    "Pair",
    "Quote",
    "RawRecord",
    "Removal",
    "RunResult",
    "SamestoryError",
    "Story",
    "__version__",
    "clean",
    "clean_text",
    "compare",
    "load_config",
    "run",
]

#: The names of :mod:`samestory.api`, imported on first access: that module brings in matching (embeddings,
#: alignment, verification), which ``samestory clean`` never uses, and every command imports this package
#: (with the lazy ``serve`` command, a ``clean``'s imports went from about 420 to 350 ms of CPU, measured;
#: start-up is serial time, the workers do not exist yet).
_API = frozenset({"RunResult", "clean", "clean_text", "compare", "run"})


def __getattr__(name: str) -> Any:
    if name in _API:
        from samestory import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
