"""Where the static embedding model that samestory ships lives, and what it is.

The model is a model2vec static model (one vector per word piece of all-MiniLM-L6-v2's vocabulary) that
``bench/build_static_model.py`` distils from all-MiniLM-L6-v2 and then trains on news text with the
transformer as teacher. It is built once, by that script, and shipped in the package: training needs the
development corpora, which a user's clone does not have, and a clean build needs no network.

>>> (DEFAULT_STATIC_MODEL / "model.safetensors").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"
STATIC_MODEL_NAME = "samestory-news-static"
DEFAULT_STATIC_MODEL = MODELS_DIR / STATIC_MODEL_NAME
