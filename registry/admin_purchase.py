"""Admin of purchasing units and their staff: a bureau's officers see and manage the units of their district only.

Staff are added and removed through the service, so the object permission on the unit follows the membership.
"""

from django.contrib import admin

from registry.models import Jurisdiction, PurchaserMember, PurchasingUnit
from registry.selectors.register import officer_jurisdictions
from registry.services.purchase_calls import purchaser_member_add, purchaser_member_remove


def _districts(request):
    if request.user.is_superuser:
        return Jurisdiction.objects.all()
    return officer_jurisdictions(request.user)


@admin.register(PurchasingUnit)
class PurchasingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "jurisdiction", "subdistrict", "contact", "phone")
    list_filter = ("kind", "jurisdiction")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(jurisdiction__in=_districts(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "jurisdiction":
            kwargs["queryset"] = _districts(request)
        if db_field.name == "subdistrict":
            kwargs["queryset"] = db_field.related_model.objects.filter(district__in=_districts(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PurchaserMember)
class PurchaserMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "unit__name")
    raw_id_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__jurisdiction__in=_districts(request)).select_related("unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = PurchasingUnit.objects.filter(jurisdiction__in=_districts(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            purchaser_member_remove(member=PurchaserMember.objects.get(pk=obj.pk))
        member = purchaser_member_add(user=obj.user, unit=obj.unit, role=obj.role)
        obj.pk = member.pk

    def delete_model(self, request, obj):
        purchaser_member_remove(member=obj)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            purchaser_member_remove(member=member)
