"""Executors run stages over a corpus: sharding, progress, run statistics. Stages never import them."""
