"""The officers' workflow site (Viewflow): task inboxes and process views per flow."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from workflows.views import OfficerHomeView


class WorkApplication(Application):
    """The officers' business area; each process flow is registered here as it is built."""

    title = _("业务办理")
    icon = "assignment"
    app_name = "work"

    @property
    def index_path(self):
        return path("", OfficerHomeView.as_view(viewset=self), name="index")


# Access is checked by each view (login first, then permission), so anonymous visitors are sent to log in.
site = Site(title=_("社会组织登记管理"), viewsets=[WorkApplication()])

urlpatterns = [path("", site.urls)]
