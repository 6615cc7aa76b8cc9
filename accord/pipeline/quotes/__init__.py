"""accord_quotes: direct, indirect and mixed quotes with their speakers
(factory in `component`)."""

from accord.pipeline.quotes.component import QuoteFinder, make_quotes

__all__ = ["QuoteFinder", "make_quotes"]
