"""accord_events: PLOVER events with actor, recipient, modality, date and
place (factory in `component`)."""

from accord.pipeline.events.component import EventExtractor, make_events
from accord.pipeline.events.learned import EventLayer, make_event_layer

__all__ = ["EventExtractor", "EventLayer", "make_event_layer", "make_events"]
