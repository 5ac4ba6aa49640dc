from django.urls import path

from registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_search, name="organization_search"),
    path("organizations/<str:uscc>/", views.organization_detail, name="organization_detail"),
    path("health/", views.health, name="health"),
]
