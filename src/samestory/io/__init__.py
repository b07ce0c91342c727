"""Readers: files and directory trees in, :class:`~samestory.records.RawRecord` out.

Formats are detected from content (the file name only breaks ties): plain text, JSON Lines, HTML and
WARC, each optionally gzipped. :func:`read_inputs` is the one call most code needs; :func:`walk` and
:func:`read_source` split it in two for executors that shard the work by file.
"""

from samestory.io.inputs import read_inputs, read_source
from samestory.io.source import Source
from samestory.io.stats import ReadStats
from samestory.io.walker import Paths, WalkFailure, walk

__all__ = ["Paths", "ReadStats", "Source", "WalkFailure", "read_inputs", "read_source", "walk"]
