"""Faster drop-in replacements for two components of the base spaCy model,
with identical output (`attributes`, `lemmas`)."""

from accord.pipeline.speedups.attributes import CachedAttributeRuler
from accord.pipeline.speedups.lemmas import ArrayLemmatizer

__all__ = ["ArrayLemmatizer", "CachedAttributeRuler"]
