"""Admin of streets and towns and their officers (社区社会组织备案), and a read-only view of filed groups.

A bureau's officers see the streets and towns of their own districts only; system administrators see all.
"""

from django.contrib import admin

from registry.models import CommunityGroup, OfficerAssignment, Subdistrict, SubdistrictOfficer


def _districts_of(user):
    return OfficerAssignment.objects.filter(user=user).values("jurisdiction")


class DistrictWallMixin:
    district_lookup = "district"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.district_lookup}__in": _districts_of(request.user)})


@admin.register(Subdistrict)
class SubdistrictAdmin(DistrictWallMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "district")
    list_filter = ("kind", "district")
    search_fields = ("code", "name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=_districts_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SubdistrictOfficer)
class SubdistrictOfficerAdmin(DistrictWallMixin, admin.ModelAdmin):
    district_lookup = "subdistrict__district"
    list_display = ("user", "subdistrict")
    list_filter = ("subdistrict__district",)
    search_fields = ("user__username", "subdistrict__name")
    raw_id_fields = ("user",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "subdistrict" and not request.user.is_superuser:
            kwargs["queryset"] = Subdistrict.objects.filter(district__in=_districts_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CommunityGroup)
class CommunityGroupAdmin(DistrictWallMixin, admin.ModelAdmin):
    """Read-only: a filing changes only through its services (submit, file, return, cancel)."""

    district_lookup = "subdistrict__district"
    list_display = ("name", "subdistrict", "status", "filing_number", "filed_on")
    list_filter = ("status", "field", "subdistrict__district")
    search_fields = ("name", "filing_number")
    exclude = ("responsible_id_number",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "responsible_id_number"]

    def has_add_permission(self, request):
        return False
