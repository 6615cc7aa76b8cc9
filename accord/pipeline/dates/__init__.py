"""accord_dates: the publication date and every date expression, resolved
(factory in `component`)."""

from accord.pipeline.dates.component import DateResolver, make_dates

__all__ = ["DateResolver", "make_dates"]
