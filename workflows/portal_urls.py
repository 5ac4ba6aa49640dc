"""URLs of the applicant portal, under /portal/."""

from django.urls import path

from workflows.flows.annual_inspection import portal as portal_annual
from workflows.flows.archive import portal as portal_archive
from workflows.flows.branch import portal as portal_branch
from workflows.flows.certificate import portal as portal_certificate
from workflows.flows.charter import portal as portal_charter
from workflows.flows.community_filing import portal as portal_community
from workflows.flows.election import portal as portal_election
from workflows.flows.evaluation import evaluator_portal
from workflows.flows.evaluation import portal as portal_evaluation
from workflows.flows.purchase import portal as portal_purchase
from workflows.flows.purchase_delivery import portal as portal_delivery
from workflows.flows.registration import portal

urlpatterns = [
    path("applications/", portal.application_list, name="portal_applications"),
    path("applications/new/", portal.application_new, name="portal_application_new"),
    path("applications/name-check/", portal.name_check, name="portal_name_check"),
    path("applications/<int:pk>/", portal.application_detail, name="portal_application"),
    path("applications/<int:pk>/edit/<slug:step>/", portal.application_step, name="portal_application_step"),
    path("applications/<int:pk>/submit/", portal.application_submit, name="portal_application_submit"),
    path("applications/<int:pk>/decisions/<slug:kind>.pdf", portal.decision_document, name="portal_decision_document"),
    path("applications/<int:pk>/receipt/", portal.application_receipt, name="portal_application_receipt"),
    path("applications/<int:pk>/withdraw/", portal.application_withdraw, name="portal_application_withdraw"),
    path("applications/<int:pk>/rate/", portal.application_rate, name="portal_application_rate"),
    path("applications/<int:pk>/establish/", portal.application_establish, name="portal_application_establish"),
    path("organizations/<int:organization_pk>/change/", portal.application_change, name="portal_application_change"),
    path(
        "organizations/<int:organization_pk>/deregister/",
        portal.application_change,
        {"kind": "deregistration"},
        name="portal_application_deregister",
    ),
    path("annual/", portal_annual.annual_list, name="portal_annual"),
    path("annual/<int:pk>/", portal_annual.annual_report, name="portal_annual_report"),
    path("documents/<int:pk>/", portal.document_download, name="portal_document"),
    path("evaluation/", portal_evaluation.evaluation_list, name="portal_evaluation"),
    path("evaluation/apply/", portal_evaluation.evaluation_apply, name="portal_evaluation_apply"),
    path("evaluation/<int:pk>/", portal_evaluation.evaluation_detail, name="portal_evaluation_detail"),
    path("evaluating/", evaluator_portal.assignments, name="evaluator_assignments"),
    path("evaluating/<int:pk>/", evaluator_portal.scoring, name="evaluator_scoring"),
    path("charters/", portal_charter.charter_list, name="portal_charters"),
    path("charters/<int:pk>/", portal_charter.charter_detail, name="portal_charter"),
    path("charters/<int:pk>/withdraw/", portal_charter.charter_withdraw_view, name="portal_charter_withdraw"),
    path(
        "charters/<int:pk>/decisions/<slug:kind>.pdf", portal_charter.charter_decision, name="portal_charter_decision"
    ),
    path("charters/documents/<int:pk>/", portal_charter.charter_document, name="portal_charter_document"),
    path("organizations/<int:organization_pk>/charter/", portal_charter.charter_start, name="portal_charter_start"),
    path("branches/", portal_branch.branch_list, name="portal_branches"),
    path("branches/<int:pk>/", portal_branch.branch_application, name="portal_branch_application"),
    path("branches/<int:pk>/decision.pdf", portal_branch.branch_decision, name="portal_branch_decision"),
    path("branches/documents/<int:pk>/", portal_branch.branch_document, name="portal_branch_document"),
    path("certificates/", portal_certificate.certificate_services, name="portal_certificates"),
    path("certificates/apply/", portal_certificate.certificate_apply, name="portal_certificate_apply"),
    path(
        "certificates/<int:pk>/decision.pdf",
        portal_certificate.certificate_decision,
        name="portal_certificate_decision",
    ),
    path("archive/", portal_archive.archive_portal, name="portal_archive"),
    path("archive/apply/", portal_archive.archive_portal_apply, name="portal_archive_apply"),
    path("organizations/<int:organization_pk>/leadership/", portal_election.leadership, name="portal_leadership"),
    path(
        "leadership/extensions/<int:pk>/decision.pdf",
        portal_election.extension_decision,
        name="portal_extension_decision",
    ),
    path("purchase/", portal_purchase.purchase_list, name="portal_purchase"),
    path("purchase/<int:pk>/", portal_purchase.purchase_application, name="portal_purchase_application"),
    path("purchase/documents/<int:pk>/", portal_purchase.purchase_document, name="portal_purchase_document"),
    path("community/", portal_community.group_list, name="portal_community_groups"),
    path("community/new/", portal_community.group_new, name="portal_community_new"),
    path("community/<int:pk>/", portal_community.group_detail, name="portal_community_group"),
    path("community/<int:pk>/report/", portal_community.group_report, name="portal_community_report"),
    path("community/<int:pk>/cancel/", portal_community.group_cancel, name="portal_community_cancel"),
    path("community/<int:pk>/register/", portal_community.group_move_up, name="portal_community_move_up"),
    path("service-projects/", portal_delivery.organization_list, name="portal_service_projects"),
    path("service-projects/<int:pk>/", portal_delivery.organization_project, name="portal_service_project"),
    path("service-projects/evidence/<int:pk>/", portal_delivery.evidence_download, name="service_project_evidence"),
    path("delivery/", portal_delivery.purchaser_list, name="purchaser_delivery"),
    path("delivery/<int:pk>/", portal_delivery.purchaser_project, name="purchaser_project"),
    path("evaluating/projects/", portal_delivery.evaluator_list, name="evaluator_projects"),
    path("evaluating/projects/<int:pk>/", portal_delivery.evaluator_project, name="evaluator_project"),
]
