"""Admin for reference data and a read-mostly view of the register."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import (
    admin_accounts,  # noqa: F401 - user accounts: unlock, forced password change
    admin_api,  # noqa: F401 - agencies' API keys and webhook subscriptions
    admin_community,  # noqa: F401 - streets and towns, their officers, filed community groups
    admin_incubation,  # noqa: F401 - incubation bases and their managers
    admin_purchase,  # noqa: F401 - purchasing units and their staff
    admin_security,  # noqa: F401 - the security log, read-only, for auditors
)
from registry.models import (
    ApplicationEvent,
    CalendarDay,
    CalendarYear,
    CaseReferral,
    Certificate,
    Charter,
    CreditEntry,
    DocumentRequirement,
    Election,
    EvaluationRound,
    Evaluator,
    GradeChange,
    IndexTask,
    Indicator,
    IndicatorTable,
    InspectorConflict,
    Jurisdiction,
    Objection,
    OfficerAssignment,
    OfficerFiling,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
    RegistrationApplication,
    ReviewExpert,
    ServiceRating,
    TermExtension,
)
from registry.rules.evaluation import table_problems
from registry.services.evaluation_applications import indicator_table_copy
from registry.services.officers import officer_assign, officer_unassign
from registry.views import imports as import_views


class ReadOnlyMaskedAdmin(admin.ModelAdmin):
    """Every field read-only, and the legal representative's ID number masked.

    Records change only through the services that write history. The full ID number is shown only
    to the bureau's officers on their case pages, where each viewing is logged.
    """

    exclude = ("legal_rep_id_number",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "legal_rep_id_number"] + ["legal_rep_id_masked"]

    @admin.display(description=_("法定代表人身份证号码"))
    def legal_rep_id_masked(self, obj):
        return obj.legal_rep_id_masked


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "authority_name", "authority_name_en", "level", "parent")
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


class CharterInline(admin.TabularInline):
    """The organization's charter versions, read-only: a new one comes only through charter approval."""

    model = Charter
    fields = ("version", "is_current", "source", "approved_on", "resolution_body", "resolution_date", "consent_date")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyMaskedAdmin):
    """The register, read-only: changes go through the processes and their services, which write history."""

    list_display = ("name", "uscc", "org_type", "status", "jurisdiction", "founded_on", "grade", "on_abnormal_list")
    list_filter = ("org_type", "status", "jurisdiction", "grade", "on_abnormal_list", "on_dishonest_list")
    search_fields = ("name", "uscc", "legal_rep_name")
    date_hierarchy = "founded_on"
    list_select_related = ("jurisdiction",)
    inlines = [HistoryInline, CharterInline]
    change_list_template = "admin/registry/organization/change_list.html"

    def get_urls(self):
        # Importing an existing register: system administrators only (checked in the views).
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(lambda request: import_views.import_register(request, self.admin_site.each_context(request))),
                name="registry_organization_import",
            ),
            path("import/template/", wrap(import_views.import_template), name="registry_organization_import_template"),
            path(
                "import/report/<str:token>.<str:fmt>",
                wrap(import_views.import_report),
                name="registry_organization_import_report",
            ),
            *super().get_urls(),
        ]

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
    list_display = ("user", "jurisdiction", "role", "unit_name")
    list_filter = ("role", "jurisdiction")
    search_fields = ("user__username",)
    autocomplete_fields = ("jurisdiction",)

    def save_model(self, request, obj, form, change):
        # Through the service, so the guardian permission on the jurisdiction follows the assignment.
        if change:
            officer_unassign(assignment=OfficerAssignment.objects.get(pk=obj.pk))
        assignment = officer_assign(
            user=obj.user, jurisdiction=obj.jurisdiction, role=obj.role, unit_name=obj.unit_name
        )
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
class RegistrationApplicationAdmin(ReadOnlyMaskedAdmin):
    """Applications change only through the portal and the registration flow; the admin shows them."""

    list_display = ("__str__", "kind", "org_type", "jurisdiction", "status", "submitted_at", "decision_due_on")
    list_filter = ("status", "kind", "org_type", "jurisdiction")
    search_fields = ("name", "applicant__username")
    list_select_related = ("jurisdiction",)
    inlines = [EventInline]

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

    list_display = ("number", "copy", "kind", "organization", "issued_on", "valid_until", "current_status", "rendered")
    list_filter = ("kind", "status", "copy", ("file_sha256", admin.EmptyFieldListFilter))
    search_fields = ("number", "organization__name", "organization__uscc")
    list_select_related = ("organization",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.display(boolean=True, description=_("已生成文件"))
    def rendered(self, obj):
        return obj.is_rendered

    @admin.display(description=_("证书状态"), ordering="status")
    def current_status(self, obj):
        """已过期 once a valid certificate's validity has ended, else the stored status."""
        return obj.get_shown_status_display()

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


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("order", "part", "code", "title", "max_points", "guidance")

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.locked

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(IndicatorTable)
class IndicatorTableAdmin(admin.ModelAdmin):
    """Indicator tables are edited here until a round adopts them; then they are copied to a new version."""

    list_display = ("title", "org_type", "version", "points", "locked_at")
    list_filter = ("org_type",)
    inlines = [IndicatorInline]
    actions = ["copy_to_new_version"]
    readonly_fields = ("version", "locked_at", "problems")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.locked:
            return ("org_type", "title", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            latest = IndicatorTable.objects.filter(org_type=obj.org_type).order_by("-version").first()
            obj.version = latest.version + 1 if latest else 1
        super().save_model(request, obj, form, change)

    @admin.display(description=_("总分"))
    def points(self, obj):
        return sum(obj.indicators.values_list("max_points", flat=True))

    @admin.display(description=_("检查"))
    def problems(self, obj):
        problems = table_problems(obj.indicators.values_list("part", "max_points")) if obj.pk else []
        return "；".join(problems) or _("四部分齐全，总分 1000 分。")

    @admin.action(description=_("复制为新版本"))
    def copy_to_new_version(self, request, queryset):
        for table in queryset:
            copy = indicator_table_copy(table=table, by=request.user)
            self.message_user(request, _("已复制为 %(table)s。") % {"table": copy})


@admin.register(Evaluator)
class EvaluatorAdmin(admin.ModelAdmin):
    """Third-party experts: an account each; they see only the applications of the teams they are put on."""

    list_display = ("user", "agency", "expertise", "active")
    list_filter = ("active", "agency")
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency")
    autocomplete_fields = ("user",)


@admin.register(ReviewExpert)
class ReviewExpertAdmin(admin.ModelAdmin):
    """Review experts of purchase calls: an account each; they see only the calls whose panel they sit on."""

    list_display = ("name", "user", "affiliation", "expertise", "active")
    list_filter = ("active",)
    search_fields = ("name", "user__username", "affiliation", "expertise")
    autocomplete_fields = ("user",)


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "jurisdiction", "year", "status", "apply_from", "apply_until", "notice_ends_on")
    list_filter = ("status", "year", "jurisdiction")
    readonly_fields = ("status", "notice_starts_on", "notice_ends_on", "announced_on", "opened_by", "tables")

    def has_add_permission(self, request):
        return False  # rounds are opened from the officers' evaluation page, which checks the tables


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("application", "kind", "name", "phone", "filed_at", "status")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Objection._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(GradeChange)
class GradeChangeAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "from_grade", "to_grade", "decided_on")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in GradeChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own device admin has pages (QR code, configuration) that fail on a missing device and
# show the secret key; administrators only need to see who has a device and remove a lost one.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class StaffDeviceAdmin(admin.ModelAdmin):
    """Staff authenticator devices: delete a lost one so its owner sets up a new one at next login."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(OrganizationOfficer)
class OrganizationOfficerAdmin(admin.ModelAdmin):
    """Principal officers as the register records them (entered by import); ID numbers shown masked."""

    list_display = ("organization", "position", "name", "id_number_masked", "term_ends_on", "left_on", "imported")
    list_filter = ("imported", "full_time")
    search_fields = ("organization__name", "organization__uscc", "name")
    list_select_related = ("organization",)
    exclude = ("id_number",)
    readonly_fields = (
        "organization",
        "position",
        "name",
        "id_number_masked",
        "full_time",
        "imported",
        "term_starts_on",
        "term_ends_on",
        "left_on",
    )

    @admin.display(description=_("身份证号码"))
    def id_number_masked(self, obj):
        return obj.id_number_masked

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectorConflict)
class InspectorConflictAdmin(admin.ModelAdmin):
    """Inspectors who must not check an organization; the spot-check draw skips them."""

    list_display = ["inspector", "organization", "reason"]
    raw_id_fields = ["inspector", "organization"]
    search_fields = ["organization__name", "inspector__username"]


@admin.register(CaseReferral)
class CaseReferralAdmin(admin.ModelAdmin):
    """Referrals for penalty cases from spot checks and complaints; the case number is filled in once opened."""

    list_display = ["organization", "source", "source_reference", "referred_at", "case_reference"]
    list_filter = ["source"]
    raw_id_fields = ["organization"]
    readonly_fields = ["organization", "source", "source_reference", "facts", "referred_by", "referred_at"]


class LeadershipRecordAdmin(admin.ModelAdmin):
    """Elections, extensions and officer filings: read-only here, they change only through their services."""

    list_select_related = ("organization",)
    search_fields = ("organization__name", "organization__uscc")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(LeadershipRecordAdmin):
    list_display = ("organization", "elected_on", "voting_body", "term_ends_on", "status", "imported")
    list_filter = ("status", "voting_body", "imported")


@admin.register(TermExtension)
class TermExtensionAdmin(LeadershipRecordAdmin):
    list_display = ("organization", "term_ends_on", "new_date", "status")
    list_filter = ("status",)


@admin.register(OfficerFiling)
class OfficerFilingAdmin(LeadershipRecordAdmin):
    list_display = ("organization", "submitted_at", "status")
    list_filter = ("status",)
