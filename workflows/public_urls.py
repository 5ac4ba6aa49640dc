"""Public URLs of archive requests (登记档案查询), under /archive/: the form, the requester's page, downloads."""

from django.urls import path

from workflows.flows.archive import portal

urlpatterns = [
    path("", portal.archive_public_new, name="archive_public_new"),
    path("requests/<str:token>/", portal.archive_status, name="archive_status"),
    path("requests/<str:token>/reply.pdf", portal.archive_decision, name="archive_decision"),
    path("download/<str:token>/", portal.archive_download, name="archive_download"),
    path("download/<str:token>/all.zip", portal.archive_download_zip, name="archive_download_zip"),
    path("download/<str:token>/<int:item>/", portal.archive_download_file, name="archive_download_file"),
]
