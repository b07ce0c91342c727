"""samestory: clean messy news crawls and map which articles tell the same story.

>>> from samestory import clean_text
>>> article = clean_text("A Headline Here\\nThe body of the story, which is long enough to read.\\nShare this article")
>>> article.title, article.paragraphs, [r.reason for r in article.removed]
('A Headline Here', ['The body of the story, which is long enough to read.'], ['share_prompt'])
"""

from samestory.api import RunResult, clean, clean_text, compare, run
from samestory.config import CleanConfig, Config, IngestConfig, MatchConfig, load_config
from samestory.errors import InputError, SamestoryError
from samestory.records import Alignment, Article, Direction, Family, Pair, Quote, RawRecord, Removal, Story

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
