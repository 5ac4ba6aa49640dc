"""The public list of incubation bases (孵化基地): where groups can be incubated, with places and vacancies."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from registry.selectors.incubation import public_bases


@require_safe
def incubation_bases(request):
    """Every base in operation, by district, with its places and how many are free."""
    return render(request, "registry/incubation_bases.html", {"bases": public_bases()})
