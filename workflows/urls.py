"""The officers' workflow site (Viewflow): task inboxes and process views per flow."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

site = Site(
    title=_("社会组织登记管理"),
    permission="registry.view_organization",
    viewsets=[
        Application(
            title=_("业务办理"),
            icon="assignment",
            app_name="work",
            permission="registry.view_organization",
            viewsets=[],
        ),
    ],
)

urlpatterns = [path("", site.urls)]
