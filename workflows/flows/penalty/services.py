"""Starting the penalty process of a case just filed."""

from workflows.flows.penalty import PenaltyFlow


def penalty_process_start(sender, *, case, **kwargs):
    """Start the penalty process of a case just filed (in the filing's transaction).

    A receiver of the filing signal: `open_case` asked the permission policy, so it takes no acting user.
    """

    PenaltyFlow.start.run(case=case)
