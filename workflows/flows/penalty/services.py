"""Starting the penalty process of a case just filed."""

from workflows.flows.penalty import PenaltyFlow


def penalty_process_start(sender, *, case, **kwargs):
    """Start the penalty process of a case just filed (in the filing's transaction)."""

    PenaltyFlow.start.run(case=case)
