"""URL map: public register, portal, officers' workflow site, admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from registry.metrics import metrics_view
from registry.views.accounts import (
    LoginView,
    PasswordChangeView,
    confirm,
    otp,
    password_reset,
    password_reset_confirm,
    sign_up,
    signup_code,
)
from registry.views.icons import favicon
from registry.views.language import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("metrics", metrics_view, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", sign_up, name="signup"),
    path("accounts/signup/code/", signup_code, name="signup_code"),
    path("accounts/confirm/<str:token>/", confirm, name="signup_confirm"),
    path("accounts/password/reset/", password_reset, name="password_reset"),
    path("accounts/password/reset/code/", password_reset_confirm, name="password_reset_confirm"),
    path("accounts/password/change/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/otp/", otp, name="otp"),
    path("portal/", include("workflows.portal_urls")),
    path("archive/", include("workflows.public_urls")),
    path("workflow/", include("workflows.urls")),
    path("", include("registry.urls")),
    prefix_default_language=False,
)
