"""Accounts (sign-ups waiting for their code, password-reset codes, forced password change) and hashed query codes.

Registration applications kept their receipt's query code readable; they now keep an HMAC-SHA256 of it keyed
by the application's id, as complaints do with theirs (registry.rules.query_codes, frozen here). Codes already
printed on receipts keep working. There is no way back: a hash cannot be turned into the code again.
"""

import hashlib
import hmac

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hash_query_codes(apps, schema_editor):
    """Replace each readable query code with its hash, as registry.rules.query_codes computes it."""
    RegistrationApplication = apps.get_model("registry", "RegistrationApplication")
    pending = RegistrationApplication.objects.exclude(query_code="").only("pk", "query_code")
    for application in pending.iterator(chunk_size=1000):
        code = "".join(application.query_code.split()).upper()
        digest = hmac.new(f"application:{application.pk}".encode(), code.encode(), hashlib.sha256).hexdigest()
        RegistrationApplication.objects.filter(pk=application.pk).update(query_code_digest=digest, query_code="")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0039_credit_repair_and_supervision_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingSignUp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("username", models.CharField(db_index=True, max_length=150, verbose_name="登录名")),
                ("mobile", models.CharField(blank=True, max_length=11, verbose_name="手机号码")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱")),
                ("real_name", models.CharField(max_length=40, verbose_name="真实姓名")),
                ("id_number", models.CharField(max_length=18, verbose_name="居民身份证号码")),
                ("password", models.CharField(max_length=128, verbose_name="密码（哈希）")),
                ("code_digest", models.CharField(max_length=64, verbose_name="验证码摘要")),
                ("failed_attempts", models.PositiveSmallIntegerField(default=0, verbose_name="错误次数")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="申请时间")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="确认时间")),
            ],
            options={
                "verbose_name": "待确认注册",
                "verbose_name_plural": "待确认注册",
            },
        ),
        migrations.AddField(
            model_name="registrationapplication",
            name="query_code_digest",
            field=models.CharField(blank=True, max_length=64, verbose_name="查询码摘要"),
        ),
        migrations.RunPython(hash_query_codes, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(
            model_name="registrationapplication",
            name="query_code",
        ),
        migrations.CreateModel(
            name="AccountSecurity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("must_change_password", models.BooleanField(default=False, verbose_name="下次登录须修改密码")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_security",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "账户安全",
                "verbose_name_plural": "账户安全",
            },
        ),
        migrations.CreateModel(
            name="PasswordResetCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code_digest", models.CharField(max_length=64, verbose_name="验证码摘要")),
                ("failed_attempts", models.PositiveSmallIntegerField(default=0, verbose_name="错误次数")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="发送时间")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="使用时间")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_reset_codes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "找回密码验证码",
                "verbose_name_plural": "找回密码验证码",
            },
        ),
    ]
