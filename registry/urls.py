from django.urls import path

from registry.views import api, api_agency, document_verification, penalty_documents, public
from registry.views import certificates as certificate_views
from registry.views import community as community_views
from registry.views import credit as credit_views
from registry.views import decoupling as decoupling_views
from registry.views import evaluation as evaluation_views
from registry.views import guides as guide_views
from registry.views import incubation as incubation_views
from registry.views import opendata as opendata_views
from registry.views import progress as progress_views
from registry.views import purchase as purchase_views
from registry.views import purchase_projects as purchase_project_views
from registry.views import purchase_review as purchase_review_views
from registry.views import supervision as supervision_views

urlpatterns = [
    path("", public.home, name="home"),
    path("organizations/", public.organization_search, name="organization_search"),
    path("organizations/suggest/", public.organization_suggest, name="organization_suggest"),
    path("organizations/<str:uscc>/", public.organization_detail, name="organization_detail"),
    path("api/organizations/", api.organizations, name="api_organizations"),
    path("api/schema/", api.schema, name="api_schema"),
    path("api/organizations/<str:code>/", api_agency.organization, name="api_organization"),
    path("api/changes/", api_agency.changes, name="api_changes"),
    path("portal/", public.portal, name="portal"),
    path("portal/dormancy/<int:pk>/respond/", public.dormancy_respond, name="dormancy_respond"),
    path("portal/penalties/<int:pk>/statement/", public.penalty_statement, name="penalty_statement"),
    path("portal/penalties/<int:pk>/decision.pdf", penalty_documents.penalty_decision_pdf, name="penalty_decision_pdf"),
    path("portal/organizations/<int:pk>/filing/", public.filing_submit, name="filing_submit"),
    path("portal/organizations/<int:pk>/credit/", credit_views.portal_credit, name="portal_credit"),
    path("portal/organizations/<int:pk>/decoupling/", decoupling_views.portal_decoupling, name="portal_decoupling"),
    path(
        "portal/rectifications/<int:pk>/reply/",
        supervision_views.rectification_reply_view,
        name="rectification_reply",
    ),
    path("notices/", public.notices, name="notices"),
    path("spot-checks/", supervision_views.spot_checks_public, name="spot_checks_public"),
    path("spot-checks/<int:pk>/", supervision_views.spot_check_public, name="spot_check_public"),
    path("complaints/", supervision_views.complaint_new, name="complaint_new"),
    path("complaints/progress/", supervision_views.complaint_progress, name="complaint_progress"),
    path("progress/", progress_views.application_progress, name="application_progress"),
    path("guide/", guide_views.service_guides, name="service_guides"),
    path("guide/<slug:slug>/", guide_views.service_guide, name="service_guide"),
    path("guide/<slug:slug>/form.pdf", guide_views.service_guide_form, name="service_guide_form"),
    path("notices/evaluation/", evaluation_views.evaluation_notices, name="evaluation_notices"),
    path("notices/evaluation/<int:pk>/", evaluation_views.evaluation_notice, name="evaluation_notice"),
    path("open-data/", opendata_views.open_data, name="open_data"),
    path("open-data/regenerate/", opendata_views.open_data_regenerate, name="open_data_regenerate"),
    path("open-data/register.<str:fmt>", opendata_views.open_data_file, name="open_data_file"),
    path("purchase/", purchase_views.purchase_calls, name="purchase_calls"),
    path("purchase/<int:pk>/", purchase_views.purchase_call, name="purchase_call"),
    path("incubation/", incubation_views.incubation_bases, name="incubation_bases"),
    path("purchase/projects/", purchase_project_views.purchase_projects, name="purchase_projects"),
    path("health/", public.health, name="health"),
    path("community/", community_views.community_groups, name="community_groups"),
    path("community/<int:pk>/", community_views.community_group, name="community_group"),
    path("purchase/<int:pk>/results/", purchase_review_views.call_results, name="purchase_call_results"),
    path("portal/reviewing/", purchase_review_views.expert_call_list, name="purchase_expert_calls"),
    path("portal/reviewing/<int:pk>/", purchase_review_views.expert_call, name="purchase_expert_call"),
    path(
        "portal/reviewing/applications/<int:pk>/",
        purchase_review_views.expert_application,
        name="purchase_expert_application",
    ),
    path("verify/", document_verification.document_verify, name="document_verify"),
    path("verify/<str:token>/", certificate_views.certificate_verify, name="certificate_verify"),
    path("certificates/<int:pk>/download/", certificate_views.certificate_download, name="certificate_download"),
]
