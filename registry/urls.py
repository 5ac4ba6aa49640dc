from django.urls import path

from registry import api, certificate_views, evaluation_views, opendata_views, supervision_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_search, name="organization_search"),
    path("organizations/suggest/", views.organization_suggest, name="organization_suggest"),
    path("organizations/<str:uscc>/", views.organization_detail, name="organization_detail"),
    path("api/organizations/", api.organizations, name="api_organizations"),
    path("api/schema/", api.schema, name="api_schema"),
    path("portal/", views.portal, name="portal"),
    path("portal/dormancy/<int:pk>/respond/", views.dormancy_respond, name="dormancy_respond"),
    path("portal/penalties/<int:pk>/statement/", views.penalty_statement, name="penalty_statement"),
    path("portal/organizations/<int:pk>/filing/", views.filing_submit, name="filing_submit"),
    path(
        "portal/rectifications/<int:pk>/reply/",
        supervision_views.rectification_reply_view,
        name="rectification_reply",
    ),
    path("notices/", views.notices, name="notices"),
    path("spot-checks/", supervision_views.spot_checks_public, name="spot_checks_public"),
    path("spot-checks/<int:pk>/", supervision_views.spot_check_public, name="spot_check_public"),
    path("complaints/", supervision_views.complaint_new, name="complaint_new"),
    path("complaints/progress/", supervision_views.complaint_progress, name="complaint_progress"),
    path("notices/evaluation/", evaluation_views.evaluation_notices, name="evaluation_notices"),
    path("notices/evaluation/<int:pk>/", evaluation_views.evaluation_notice, name="evaluation_notice"),
    path("open-data/", opendata_views.open_data, name="open_data"),
    path("open-data/regenerate/", opendata_views.open_data_regenerate, name="open_data_regenerate"),
    path("open-data/register.<str:fmt>", opendata_views.open_data_file, name="open_data_file"),
    path("health/", views.health, name="health"),
    path("verify/<str:token>/", certificate_views.certificate_verify, name="certificate_verify"),
    path("certificates/<int:pk>/download/", certificate_views.certificate_download, name="certificate_download"),
]
