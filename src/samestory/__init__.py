"""samestory: clean messy news crawls and map which articles tell the same story.

>>> from samestory import clean_text
>>> article = clean_text("A Headline Here\\nThe body of the story, which is long enough to read.\\nShare this article")
>>> article.title, article.paragraphs, [r.reason for r in article.removed]
('A Headline Here', ['The body of the story, which is long enough to read.'], ['share_prompt'])
"""

from samestory.api import clean, clean_text
from samestory.config import CleanConfig, Config, IngestConfig, load_config
from samestory.errors import InputError, SamestoryError
from samestory.records import Article, Quote, RawRecord, Removal

__version__ = "0.1.0"

__all__ = [
    "Article",
    "CleanConfig",
    "Config",
    "IngestConfig",
    "InputError",
    "Quote",
    "RawRecord",
    "Removal",
    "SamestoryError",
    "__version__",
    "clean",
    "clean_text",
    "load_config",
]
