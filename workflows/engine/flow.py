"""The base every flow of the bureau shares: its processes, its lock, who may see it, and status gates."""

from viewflow.workflow import flow, lock

from workflows.engine.access import can_see_process
from workflows.models import BureauProcess


class BureauFlow(flow.Flow):
    """A flow run by one registration authority: each process is locked in the database and walled per bureau.

    A subclass sets `process_class` to its proxy of `BureauProcess`, which names the domain object the
    process changes (its subject).
    """

    process_class = BureauProcess
    lock_impl = lock.select_for_update_lock

    def has_view_permission(self, user, obj=None):
        return can_see_process(user, obj)


def subject_in(field: str, *values):
    """A gate condition: the subject's `field` (re-read from the database) is one of `values`."""

    def condition(activation):
        subject = activation.process.coerced.subject
        subject.refresh_from_db(fields=[field])
        return getattr(subject, field) in values

    return condition
