"""The admin site: reference data and the system's configuration, for system administrators only.

Officers are staff too, but the admin knows nothing of the wall between bureaus: its lists and
change pages would show any bureau's files. Officers therefore work in the workflow site, where
every page is scoped to their own bureaus, and the admin lets in superusers only.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class RegistryAdminSite(admin.AdminSite):
    site_header = _("社会组织登记管理系统 · 系统管理")
    site_title = _("系统管理")
    index_title = _("系统管理")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser


class RegistryAdminConfig(AdminConfig):
    """The Django admin app, with `RegistryAdminSite` as its site."""

    default_site = "registry.admin_site.RegistryAdminSite"
