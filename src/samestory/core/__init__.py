"""Algorithms as pure functions and small classes: no I/O, no configuration loading, no executors."""
