"""accord_actors: links names, titles, metonyms and pronouns to the actor
knowledge base (factory in `component`)."""

from accord.pipeline.actors.component import ActorLinker, make_actors

__all__ = ["ActorLinker", "make_actors"]
