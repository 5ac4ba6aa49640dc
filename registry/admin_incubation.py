"""Admin of incubation bases (孵化基地) and their managers' accounts: the system administrators set them up."""

from django.contrib import admin

from registry.models import IncubationBase, IncubationManager


class IncubationManagerInline(admin.TabularInline):
    model = IncubationManager
    extra = 0
    raw_id_fields = ["user"]


@admin.register(IncubationBase)
class IncubationBaseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "subdistrict", "capacity", "active"]
    list_filter = ["kind", "jurisdiction", "active"]
    search_fields = ["name", "address"]
    raw_id_fields = ["operator"]
    inlines = [IncubationManagerInline]
