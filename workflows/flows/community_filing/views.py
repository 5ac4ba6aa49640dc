"""The step of the community filing flow opened from the officers' site: it leads to the street's own page."""

from django.shortcuts import redirect
from django.views import View

from registry.models import SubdistrictOfficer
from workflows.models import BureauProcess


def holds_street(user, process_pk: int) -> bool:
    """Whether `user` is an officer of the street office or town of the process's community group."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    group_subdistrict = BureauProcess.objects.filter(pk=process_pk).values("community_group__subdistrict")
    return SubdistrictOfficer.objects.filter(user=user, subdistrict__in=group_subdistrict).exists()


class DecideRedirectView(View):
    """The decision is taken on the street's filing page, which completes this task under the process lock."""

    def get(self, request, *args, **kwargs):
        process = BureauProcess.objects.get(pk=kwargs["process_pk"])
        return redirect("community_officer_group", pk=process.community_group_id)

    post = get
