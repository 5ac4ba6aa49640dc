"""Issued certificates: immutable records of what was certified, when, and in which file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.rules.certificate_services import EXPIRED, shown_status


class ImmutableCertificateError(RuntimeError):
    """Raised when code tries to rewrite what a certificate certified."""


class CertificateKind(models.TextChoices):
    REGISTRATION = "registration", _("登记证书")
    GRADE = "grade", _("评估等级证书")


class CertificateCopy(models.TextChoices):
    ORIGINAL = "original", _("正本")
    DUPLICATE = "duplicate", _("副本")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUPERSEDED = "superseded", _("已换发（旧证作废）")
    REVOKED = "revoked", _("已收缴作废")
    # Replaced after a loss or damage (补领, 换领): the replacement is `superseded_by`.
    VOIDED = "voided", _("已声明作废")


class SignatureState(models.TextChoices):
    SIGNED = "signed", _("已电子签章")
    UNSIGNED = "unsigned", _("未电子签章")
    PENDING = "pending", _("签章待生成")


# Fields fixed at issue; only the status fields may change afterwards, and the file hash once.
FROZEN_FIELDS = ("number", "organization_id", "kind", "copy", "snapshot", "issued_on", "valid_until", "token")


class Certificate(models.Model):
    """One issued certificate document (正本 or 副本) with the snapshot of the record it certifies."""

    number = models.CharField(_("证书编号"), max_length=40)
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("社会组织"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("证书种类"), max_length=12, choices=CertificateKind.choices)
    copy = models.CharField(_("正副本"), max_length=10, choices=CertificateCopy.choices)
    snapshot = models.JSONField(_("登记事项快照"))
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    token = models.CharField(_("核验令牌"), max_length=32, unique=True)
    file_name = models.CharField(_("文件"), max_length=200, blank=True)
    file_sha256 = models.CharField(_("文件SHA-256"), max_length=64, blank=True)
    render_error = models.TextField(_("生成错误"), blank=True)
    # The electronic seal of the stored file: empty until the file is rendered (and for files rendered before
    # documents were signed); pending while the bureau's key is unavailable (the retry signs it).
    signature = models.CharField(_("电子签章"), max_length=10, choices=SignatureState.choices, blank=True)
    signed_at = models.DateTimeField(_("签章时间"), null=True, blank=True)
    status = models.CharField(
        _("证书状态"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    status_reason = models.CharField(_("状态变更原因"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("换发后的证书"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发证人"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["number", "copy"], name="unique_certificate_number_copy")]
        indexes = [
            models.Index(fields=["organization", "kind", "status"]),
            # Certificates whose file is still to be rendered: the retry job and the officers' warning read these.
            models.Index(fields=["id"], condition=models.Q(file_sha256=""), name="certificate_pending_render"),
        ]

    def __str__(self):
        return f"{self.number}（{self.get_copy_display()}）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Certificate.objects.filter(pk=self.pk).values(*FROZEN_FIELDS, "file_sha256").first()
            if stored:
                changed = [f for f in FROZEN_FIELDS if stored[f] != getattr(self, f)]
                if stored["file_sha256"] and stored["file_sha256"] != self.file_sha256:
                    changed.append("file_sha256")
                if changed:
                    raise ImmutableCertificateError(f"certificate fields are immutable: {changed}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableCertificateError("issued certificates are never deleted")

    @property
    def is_rendered(self) -> bool:
        return bool(self.file_sha256)

    @property
    def shown_status(self) -> str:
        """The status shown everywhere: the stored one, or "expired" once a valid certificate's validity ended."""
        return shown_status(self.status, self.valid_until, today=timezone.localdate())

    @property
    def is_expired(self) -> bool:
        return self.shown_status == EXPIRED

    def get_shown_status_display(self) -> str:
        """The label of `shown_status`: 已过期 after the validity ends, else the stored status's label."""
        return str(_("已过期")) if self.is_expired else self.get_status_display()
