"""The organization's credit record in its portal: its entries on the credit lists, and credit repair (信用修复)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from registry.models import CreditRepair, Organization, RepairStatus
from registry.rules.display import local_date
from registry.services import policy
from registry.services.credit_repair import credit_repair_apply, repair_refusal_of


@login_required
@require_http_methods(["GET", "POST"])
def portal_credit(request, pk: int):
    """The organization's entries with, for each open one, whether it may apply for removal and the form to do so."""
    organization = get_object_or_404(Organization, pk=pk)
    try:
        policy.require_representative(request.user, organization)
    except PermissionDenied as exc:
        raise Http404 from exc
    entries = list(organization.credit_entries.select_related("authority", "promoted_from"))
    errors, grounds = {}, {}
    if request.method == "POST":
        entry = next((e for e in entries if str(e.pk) == request.POST.get("entry")), None)
        if entry is None:
            raise Http404
        try:
            repair = credit_repair_apply(
                entry=entry,
                grounds=request.POST.get("grounds", ""),
                uploads=request.FILES.getlist("evidence"),
                by=request.user,
            )
        except ValidationError as exc:
            errors[entry.pk], grounds[entry.pk] = exc.messages, request.POST.get("grounds", "")
        else:
            messages.success(
                request,
                _("已提交信用修复申请 %(number)s，登记管理机关将于 %(due)s 前作出决定。")
                % {"number": repair.number, "due": local_date(repair.decide_due)},
            )
            return redirect("portal_credit", pk=organization.pk)
    repairs = CreditRepair.objects.filter(entry__organization=organization).select_related("entry")
    pending = set(repairs.filter(status=RepairStatus.PENDING).values_list("entry_id", flat=True))
    rows = [
        {
            "entry": entry,
            "refusal": None if entry.removed_on else repair_refusal_of(entry),
            "pending": entry.pk in pending,
            "errors": errors.get(entry.pk, []),
            "grounds": grounds.get(entry.pk, ""),
        }
        for entry in entries
    ]
    return render(
        request,
        "registry/portal_credit.html",
        {"organization": organization, "rows": rows, "repairs": repairs.order_by("-submitted_on", "-id")},
        status=400 if errors else 200,
    )
