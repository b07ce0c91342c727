from samestory.core.repeats import find_repeats


def test_long_repeats_and_runs_are_dropped() -> None:
    keys = ["t", "long para one two three", "x", "y", "x", "y", "long para one two three", "x"]
    words = [1, 5, 1, 1, 1, 1, 5, 1]
    # 4-5 repeat the block 2-3; 6-7 repeat the block 1-2
    assert find_repeats(keys, words, min_words=5) == {4: 2, 5: 3, 6: 1, 7: 2}


def test_isolated_short_repeat_stays() -> None:
    assert find_repeats(["he said", "a", "he said"], [2, 1, 2], min_words=5) == {}
