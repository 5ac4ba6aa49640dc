from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("社会组织登记")
    default_auto_field = "django.db.models.BigAutoField"
