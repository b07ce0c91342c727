"""Progress grows its total as shards are walked, and is a no-op when disabled."""

from samestory.executors.progress import Progress


def test_counting_grows_the_total() -> None:
    with Progress(True, None) as bar:
        shards = list(bar.counting([[1, 2], [3]], passes=2))
        bar.advance(3)
        assert bar._bar is not None
        task = bar._bar.tasks[0]
        assert (task.total, task.completed) == (6, 3)
    assert shards == [[1, 2], [3]]


def test_disabled_passes_shards_through() -> None:
    with Progress(False, None) as bar:
        assert list(bar.counting([[1]], passes=2)) == [[1]]
        bar.advance(1)
