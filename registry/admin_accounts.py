"""User accounts in the admin (system administrators only): lift a login lockout, and reset a password that its
owner must change at the next login."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry.services.accounts import account_require_password_change, account_unlock

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, plus unlocking and the forced change of a password an administrator set."""

    actions = ["unlock", "require_password_change"]

    @admin.action(description=gettext_lazy("解除登录锁定"))
    def unlock(self, request, queryset):
        cleared = sum(account_unlock(user=user, by=request.user) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "已解除 %(count)d 个账户的登录锁定（清除 %(records)d 条失败记录）。",
                "已解除 %(count)d 个账户的登录锁定（清除 %(records)d 条失败记录）。",
                queryset.count(),
            )
            % {"count": queryset.count(), "records": cleared},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("要求下次登录时修改密码"))
    def require_password_change(self, request, queryset):
        for user in queryset:
            account_require_password_change(user=user, by=request.user)
        self.message_user(request, _("所选账户下次登录时须修改密码。"), messages.SUCCESS)

    def user_change_password(self, request, id, form_url=""):
        """A password an administrator sets for someone else is known to two people: the owner must replace it."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            changed = request.method == "POST" and isinstance(response, HttpResponseRedirect)
            user = self.get_object(request, unquote(id))
            if changed and user is not None and user.pk != request.user.pk and user.has_usable_password():
                account_require_password_change(user=user, by=request.user)
                messages.info(request, _("该用户下次登录时须修改密码。"))
        return response

    def save_model(self, request, obj, form, change):
        """A new account's first password comes from an administrator: its owner replaces it at the first login."""
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            account_require_password_change(user=obj, by=request.user)
