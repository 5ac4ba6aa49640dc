"""Lock a row and check its state: the guard every write service runs before it changes a record.

The lock takes only the row itself (`FOR UPDATE OF`), never the rows it joins (the bureau), so two
officers working different cases of one bureau do not wait on each other, while two officers on the
same case take turns and the second sees the first one's result.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def locked(instance: models.Model, *related: str) -> models.Model:
    """Re-read `instance` from the database under a row lock, with `related` loaded (inside a transaction)."""
    model = type(instance)
    return model._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=instance.pk)


def require_state(instance: models.Model, *allowed, field: str = "status", message: str | None = None) -> None:
    """Refuse unless `instance.<field>` is one of `allowed`; the message names the state it is in.

    `message` may use %(status)s (the state's display text, also as %(<field>)s, e.g. %(stage)s) and
    %(what)s (the record's name).
    """
    if getattr(instance, field) not in allowed:
        template = message or _("该%(what)s当前状态为“%(status)s”，不能办理此事项（可能已由他人处理）。")
        display = getattr(instance, f"get_{field}_display")()
        raise ValidationError(template % {"status": display, field: display, "what": instance._meta.verbose_name})
