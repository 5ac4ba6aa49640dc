"""Admin for reference data and a read-mostly view of the register."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import (
    ApplicationEvent,
    CalendarDay,
    CalendarYear,
    Certificate,
    CreditEntry,
    DocumentRequirement,
    IndexTask,
    Jurisdiction,
    OfficerAssignment,
    Organization,
    OrganizationHistory,
    RegistrationApplication,
    ServiceRating,
)
from registry.services.officers import officer_assign, officer_unassign


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "authority_name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "full_name")


class HistoryInline(admin.TabularInline):
    model = OrganizationHistory
    fields = ("at", "by", "action", "changes", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Officers read the register here; changes go through the registration processes."""

    list_display = ("name", "uscc", "org_type", "status", "jurisdiction", "founded_on", "grade", "on_abnormal_list")
    list_filter = ("org_type", "status", "jurisdiction", "grade", "on_abnormal_list", "on_dishonest_list")
    search_fields = ("name", "uscc", "legal_rep_name")
    date_hierarchy = "founded_on"
    list_select_related = ("jurisdiction",)
    inlines = [HistoryInline]
    exclude = ("legal_rep_id_number",)

    def get_readonly_fields(self, request, obj=None):
        # The register changes only through services that write history; the admin shows it.
        return [f.name for f in self.model._meta.fields if f.name != "legal_rep_id_number"] + ["legal_rep_id_masked"]

    @admin.display(description=_("法定代表人身份证号码"))
    def legal_rep_id_masked(self, obj):
        return obj.legal_rep_id_masked

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganizationHistory)
class OrganizationHistoryAdmin(admin.ModelAdmin):
    list_display = ("organization", "at", "by", "action", "reason")
    list_filter = ("action",)
    search_fields = ("organization__name", "organization__uscc", "reason")
    list_select_related = ("organization", "by")
    readonly_fields = ("organization", "at", "by", "action", "changes", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "loaded_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "jurisdiction", "role")
    list_filter = ("role", "jurisdiction")
    search_fields = ("user__username",)
    autocomplete_fields = ("jurisdiction",)

    def save_model(self, request, obj, form, change):
        # Through the service, so the guardian permission on the jurisdiction follows the assignment.
        if change:
            officer_unassign(assignment=OfficerAssignment.objects.get(pk=obj.pk))
        assignment = officer_assign(user=obj.user, jurisdiction=obj.jurisdiction, role=obj.role)
        obj.pk = assignment.pk

    def delete_model(self, request, obj):
        officer_unassign(assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            officer_unassign(assignment=assignment)


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    """The one table of documents each application must carry, by type, step and basis."""

    list_display = ("title", "code", "org_types", "kinds", "basis", "required", "order", "source")
    list_filter = ("basis", "required")
    search_fields = ("title", "code")


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    fields = ("at", "by", "role", "action", "reason", "internal_note", "items")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RegistrationApplication)
class RegistrationApplicationAdmin(admin.ModelAdmin):
    """Applications change only through the portal and the registration flow; the admin shows them."""

    list_display = ("__str__", "kind", "org_type", "jurisdiction", "status", "submitted_at", "decision_due_on")
    list_filter = ("status", "kind", "org_type", "jurisdiction")
    search_fields = ("name", "applicant__username")
    list_select_related = ("jurisdiction",)
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceRating)
class ServiceRatingAdmin(admin.ModelAdmin):
    list_display = ("application", "score", "comment", "created_at")
    list_filter = ("score",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(IndexTask)
class IndexTaskAdmin(admin.ModelAdmin):
    """Staff see the search-index backlog and its errors here."""

    list_display = ("organization_id", "queued_at", "attempts", "next_attempt_at", "last_error")
    readonly_fields = ("organization_id", "queued_at", "version", "attempts", "next_attempt_at", "last_error")

    def has_add_permission(self, request):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Issued certificates are immutable; staff see them, their files and failed renders here."""

    list_display = ("number", "copy", "kind", "organization", "issued_on", "valid_until", "status", "rendered")
    list_filter = ("kind", "status", "copy", ("file_sha256", admin.EmptyFieldListFilter))
    search_fields = ("number", "organization__name", "organization__uscc")
    list_select_related = ("organization",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.display(boolean=True, description=_("已生成文件"))
    def rendered(self, obj):
        return obj.is_rendered

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    """The credit lists; entries change only through the credit service (and its decisions)."""

    list_display = ("organization", "credit_list", "reason_code", "listed_on", "expires_on", "removed_on", "authority")
    list_filter = ("credit_list", "reason_code", ("removed_on", admin.EmptyFieldListFilter))
    search_fields = ("organization__name", "organization__uscc")
    list_select_related = ("organization", "authority")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
