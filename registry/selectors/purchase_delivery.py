"""Reads of purchased projects: who acts for a purchaser, the projects each person works on, the public
record of awarded projects, an organization's delivered projects and its bar after a failed project."""

import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from guardian.shortcuts import get_objects_for_user

from registry.models import (
    EvaluationStage,
    MilestoneStatus,
    Organization,
    ProjectEvaluation,
    ProjectMilestone,
    ProjectStatus,
    ServiceProject,
)
from registry.rules.purchase_delivery import DEFAULT_BAR_YEARS, purchase_bar_until
from registry.selectors.purchase import units_for


def _with_details(projects: QuerySet) -> QuerySet:
    return projects.select_related("organization", "unit", "unit__jurisdiction", "contract").prefetch_related(
        "milestones", Prefetch("evaluations", queryset=ProjectEvaluation.objects.select_related("evaluator__user"))
    )


def purchaser_projects(user) -> QuerySet:
    """The projects of the units `user` acts for, newest first."""
    return _with_details(ServiceProject.objects.filter(unit__in=units_for(user)))


def organization_projects(user) -> QuerySet:
    """The projects of the organizations `user` acts for (their representative accounts)."""
    if user is None or not user.is_authenticated:
        return ServiceProject.objects.none()
    organizations = get_objects_for_user(
        user, "registry.manage_organization", klass=Organization, accept_global_perms=False
    )
    return _with_details(ServiceProject.objects.filter(organization__in=organizations))


def evaluator_evaluations(user) -> QuerySet:
    """The project evaluations assigned to `user` as a third-party evaluator."""
    if user is None or not user.is_authenticated:
        return ProjectEvaluation.objects.none()
    return ProjectEvaluation.objects.filter(evaluator__user=user, evaluator__active=True).select_related(
        "project__organization", "project__unit", "project__contract"
    )


def public_projects() -> QuerySet:
    """Projects awarded to organizations, as the public sees them (every status: awarded, under way, closed)."""
    return ServiceProject.objects.select_related("organization", "unit", "unit__jurisdiction").prefetch_related(
        Prefetch(
            "evaluations",
            queryset=ProjectEvaluation.objects.exclude(grade="").order_by("stage"),
            to_attr="recorded_evaluations",
        )
    )


def organization_purchased_projects(organization: Organization) -> dict:
    """An organization's purchased projects for its public page: delivered (completed) and ongoing."""
    projects = public_projects().filter(organization=organization).order_by("-service_start", "-id")
    return {
        "delivered": [p for p in projects if p.status == ProjectStatus.COMPLETED],
        "ongoing": [p for p in projects if p.status in (ProjectStatus.AWARDED, ProjectStatus.CONTRACTED)],
    }


def delivered_projects_evidence(organization: Organization, *, since: datetime.date | None = None) -> list:
    """Delivered projects of `organization` with their final evaluations: evidence of its work performance
    (工作绩效) for the standardization evaluation's team. `since`: only projects evaluated on or after it."""
    projects = (
        ServiceProject.objects.filter(organization=organization, status=ProjectStatus.COMPLETED)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "evaluations",
                queryset=ProjectEvaluation.objects.exclude(grade="").order_by("stage"),
                to_attr="recorded_evaluations",
            )
        )
        .order_by("-evaluated_on", "-id")
    )
    if since is not None:
        projects = projects.filter(evaluated_on__gte=since)
    return list(projects)


def final_evaluation(project: ServiceProject):
    return project.evaluations.filter(stage=EvaluationStage.FINAL).first()


def purchase_bar_years() -> int:
    return getattr(settings, "REGISTRY_PURCHASE_BAR_YEARS", DEFAULT_BAR_YEARS)


def organization_barred_until(organization: Organization) -> datetime.date | None:
    """The latest date until which a failed project (final evaluation 不合格) bars `organization` from calls."""
    years = purchase_bar_years()
    dates = [
        purchase_bar_until(grade, evaluated_on, years)
        for grade, evaluated_on in ServiceProject.objects.filter(
            organization=organization, final_grade="fail"
        ).values_list("final_grade", "evaluated_on")
    ]
    dates = [day for day in dates if day is not None]
    return max(dates) if dates else None


def purchaser_workload(user) -> dict:
    """What waits for the units `user` acts for: contracts to record, projects under way, reports to accept."""
    projects = ServiceProject.objects.filter(unit__in=units_for(user))
    return {
        "to_contract": projects.filter(status=ProjectStatus.AWARDED).count(),
        "under_way": projects.filter(status=ProjectStatus.CONTRACTED).count(),
        "to_accept": ProjectMilestone.objects.filter(project__in=projects, status=MilestoneStatus.REPORTED).count(),
    }
