"""Reading and cleaning articles."""

from accord.ingest.clean import clean_text
from accord.ingest.readers import read_articles

__all__ = ["clean_text", "read_articles"]
