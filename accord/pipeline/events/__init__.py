"""accord_events: PLOVER events with actor, recipient, modality, date and
place (factory in `component`)."""

from accord.pipeline.events.component import EventExtractor, make_events

__all__ = ["EventExtractor", "make_events"]
