"""Agencies' API keys and webhook subscriptions in the admin (system administrators only).

A key or a subscription secret is shown once, when it is created; only the key's hash is kept.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import ApiKey, ChangeEvent, ChangeKind, WebhookDelivery, WebhookSubscription
from registry.services.api_keys import AGENCY_FIELDS, api_key_create, api_key_revoke
from registry.services.webhooks import url_refusal, webhook_pause, webhook_resume, webhook_subscribe


class SuperuserOnly:
    """Keys open the register to other systems: only system administrators see or manage them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke or pause instead: deliveries and disclosures refer to them


class ApiKeyForm(forms.ModelForm):
    agency_fields = forms.MultipleChoiceField(
        label=gettext_lazy("协议字段"),
        choices=list(AGENCY_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("数据共享协议允许的非公开字段；不选时只能读取公开字段"),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "agency", "per_minute", "agency_fields", "account"]

    def clean(self):
        cleaned = super().clean()
        if "legal_rep_id_number" in cleaned.get("agency_fields", []) and not cleaned.get("account"):
            self.add_error("account", _("可读取完整身份证号码的密钥须指定责任账号，查看记录记在其名下。"))
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(SuperuserOnly, admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "agency", "prefix", "per_minute", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "agency", "prefix")
    readonly_fields = ("prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    autocomplete_fields = ("account",)
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, text = api_key_create(
            by=request.user,
            name=obj.name,
            agency=obj.agency,
            per_minute=obj.per_minute,
            agency_fields=form.cleaned_data.get("agency_fields", []),
            account=obj.account,
        )
        obj.__dict__.update({k: v for k, v in key.__dict__.items() if k != "_state"})
        obj._state.adding = False
        messages.warning(request, _("接口密钥（只显示这一次，请立即交给使用单位）：%(key)s") % {"key": text})

    @admin.action(description=gettext_lazy("吊销所选密钥"))
    def revoke(self, request, queryset):
        for key in queryset:
            api_key_revoke(key=key, by=request.user)
        self.message_user(request, _("所选密钥已吊销，其推送订阅已停止。"), messages.SUCCESS)


class WebhookSubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("接收地址"), max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("事项"),
        choices=ChangeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选时接收全部事项"),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["api_key", "url", "kinds"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        refusal = url_refusal(url)
        if refusal:
            raise forms.ValidationError(refusal)
        return url


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("attempted_at", "timepoint", "status_code", "duration_ms", "ok", "error")
    readonly_fields = fields
    ordering = ("-attempted_at", "-id")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperuserOnly, admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("url", "api_key", "active", "cursor", "consecutive_failures", "paused_at", "next_attempt_at")
    list_filter = ("active",)
    readonly_fields = ("active", "paused_at", "cursor", "consecutive_failures", "next_attempt_at", "created_at")
    inlines = [DeliveryInline]
    actions = ["pause", "resume"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # the attempts of an existing subscription

    def get_fields(self, request, obj=None):
        return ["api_key", "url", "kinds"] if obj is None else ["api_key", "url", "kinds", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        subscription = webhook_subscribe(
            by=request.user, api_key=obj.api_key, url=obj.url, kinds=form.cleaned_data.get("kinds", [])
        )
        obj.__dict__.update({k: v for k, v in subscription.__dict__.items() if k != "_state"})
        obj._state.adding = False
        messages.warning(
            request, _("签名密钥（只显示这一次，请立即交给使用单位）：%(secret)s") % {"secret": subscription.secret}
        )

    @admin.action(description=gettext_lazy("暂停推送"))
    def pause(self, request, queryset):
        for subscription in queryset:
            webhook_pause(subscription=subscription, by=request.user)
        self.message_user(request, _("所选订阅已暂停。"), messages.SUCCESS)

    @admin.action(description=gettext_lazy("恢复推送（从已送达时点继续）"))
    def resume(self, request, queryset):
        for subscription in queryset:
            webhook_resume(subscription=subscription, by=request.user)
        self.message_user(request, _("所选订阅已恢复，将从已送达的时点继续推送。"), messages.SUCCESS)


@admin.register(ChangeEvent)
class ChangeEventAdmin(SuperuserOnly, admin.ModelAdmin):
    """The change stream as agencies read it, to answer their questions; written only by the services."""

    list_display = ("timepoint", "kind", "code", "name", "occurred_at")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    ordering = ("-timepoint",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
