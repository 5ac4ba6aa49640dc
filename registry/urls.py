from django.urls import path

from registry import api, certificate_views, evaluation_views, guide_views, opendata_views, progress_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_search, name="organization_search"),
    path("organizations/suggest/", views.organization_suggest, name="organization_suggest"),
    path("organizations/<str:uscc>/", views.organization_detail, name="organization_detail"),
    path("api/organizations/", api.organizations, name="api_organizations"),
    path("api/schema/", api.schema, name="api_schema"),
    path("portal/", views.portal, name="portal"),
    path("portal/dormancy/<int:pk>/respond/", views.dormancy_respond, name="dormancy_respond"),
    path("portal/dormancy/<int:pk>/statement/", views.revocation_statement, name="revocation_statement"),
    path("portal/organizations/<int:pk>/filing/", views.filing_submit, name="filing_submit"),
    path("notices/", views.notices, name="notices"),
    path("progress/", progress_views.application_progress, name="application_progress"),
    path("guide/", guide_views.service_guides, name="service_guides"),
    path("guide/<slug:slug>/", guide_views.service_guide, name="service_guide"),
    path("guide/<slug:slug>/form.pdf", guide_views.service_guide_form, name="service_guide_form"),
    path("notices/evaluation/", evaluation_views.evaluation_notices, name="evaluation_notices"),
    path("notices/evaluation/<int:pk>/", evaluation_views.evaluation_notice, name="evaluation_notice"),
    path("open-data/", opendata_views.open_data, name="open_data"),
    path("open-data/regenerate/", opendata_views.open_data_regenerate, name="open_data_regenerate"),
    path("open-data/register.<str:fmt>", opendata_views.open_data_file, name="open_data_file"),
    path("health/", views.health, name="health"),
    path("verify/<str:token>/", certificate_views.certificate_verify, name="certificate_verify"),
    path("certificates/<int:pk>/download/", certificate_views.certificate_download, name="certificate_download"),
]
