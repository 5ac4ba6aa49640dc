"""System checks of the registry: the local settings stay within the law (run at startup and by `manage.py check`)."""

from django.conf import settings
from django.core import checks

from registry.rules.floors import setting_limit_errors


@checks.register()
def registry_settings_within_the_law(app_configs, **kwargs):
    """A setting below a statutory floor (or above a statutory ceiling) stops the system from starting."""
    return [
        checks.Error(message, hint="REGISTRY_* environment variables, config/settings.py", id="registry.E001")
        for message in setting_limit_errors(settings.REGISTRY)
    ]
