"""accord_proposals: offers, demands and plans with their conditions and
answers (factory in `component`)."""

from accord.pipeline.proposals.component import ProposalExtractor, make_proposals

__all__ = ["ProposalExtractor", "make_proposals"]
