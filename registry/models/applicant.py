"""People who apply online on behalf of an organization (申请人)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.rules.idcards import mask_id_number


class ApplicantProfile(models.Model):
    """The real identity behind an applicant account: name, resident ID number and how to reach them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="applicant_profile"
    )
    real_name = models.CharField(_("真实姓名"), max_length=40)
    id_number = models.CharField(_("居民身份证号码"), max_length=18)
    mobile = models.CharField(_("手机号码"), max_length=11, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self):
        return self.real_name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)
