"""Organization history and application events store codes, not translated labels.

History entries stored the action's label in the language of the user who acted ("变更登记", or
"Change registration" in the English interface); application events stored the step's label ("受理窗口").
Both now store a code and show its label in the reader's language. Known labels of either language are
mapped to their code, and back on reversal; on PostgreSQL the history's append-only trigger is held
off for the rewrite, and only for it.
"""

from django.db import migrations, models

# Code -> the labels it was stored as (Simplified Chinese source, English translation).
HISTORY_ACTIONS = {
    "register": ("成立登记", "Establishment registration"),
    "preparation": ("准予筹备", "Preparation approved"),
    "certificate": ("发证", "Issuance"),
    "change": ("变更登记", "Change registration"),
    "certificate_reissue": ("换发证书", "Certificate reissued"),
    "deregister": ("注销登记", "Deregistration"),
    "revoke": ("撤销登记", "Revocation"),
    "grade": ("评估等级", "Evaluation grade"),
    "penalty": ("行政处罚", "Administrative penalty"),
    "annual_inspection": ("年检", "Annual inspection"),
    "credit_list": ("信用名单", "Credit lists"),
    "rectification_ordered": ("责令整改", "Rectification ordered"),
    "rectification_reported": ("报告整改情况", "Report the rectification"),
    "rectification_accepted": ("整改核查通过", "Rectification accepted"),
    "rectification_rejected": ("整改核查未通过", "Rectification not accepted"),
    "case_referred": ("移送立案", "Referred for a case"),
    "import": ("导入登记",),
    "import_update": ("导入更新",),
}
# Code -> the step labels an application event stored; issuance (发证) was the window's step.
EVENT_ROLES = {
    "window": ("受理窗口", "Window officer", "发证", "Issuance"),
    "reviewer": ("审查", "Reviewer"),
    "approver": ("核准", "Approval"),
}

HOLD_TRIGGER = "ALTER TABLE registry_organizationhistory DISABLE TRIGGER registry_history_append_only"
RESUME_TRIGGER = "ALTER TABLE registry_organizationhistory ENABLE TRIGGER registry_history_append_only"


def _rewrite(apps, schema_editor, *, forwards: bool):
    History = apps.get_model("registry", "OrganizationHistory")
    Event = apps.get_model("registry", "ApplicationEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(HOLD_TRIGGER)
    for code, labels in HISTORY_ACTIONS.items():
        if forwards:
            History.objects.filter(action__in=labels).update(action=code)
        else:
            History.objects.filter(action=code).update(action=labels[0])
    if postgres:
        schema_editor.execute(RESUME_TRIGGER)
    for code, labels in EVENT_ROLES.items():
        if forwards:
            Event.objects.filter(role__in=labels).update(role=code)
        else:
            Event.objects.filter(role=code).update(role=labels[0])


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, forwards=True)


def backwards(apps, schema_editor):
    _rewrite(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0036_jurisdiction_english_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='applicationevent',
            name='role',
            field=models.CharField(blank=True, choices=[('window', '受理窗口'), ('reviewer', '审查'), ('approver', '核准（科长）'), ('inspector', '年检监管'), ('evaluator', '评估管理')], max_length=20, verbose_name='岗位'),
        ),
        migrations.AlterField(
            model_name='organizationhistory',
            name='action',
            field=models.CharField(choices=[('register', '成立登记'), ('preparation', '准予筹备'), ('certificate', '发证'), ('change', '变更登记'), ('certificate_reissue', '换发证书'), ('deregister', '注销登记'), ('revoke', '撤销登记'), ('grade', '评估等级'), ('penalty', '行政处罚'), ('annual_inspection', '年检'), ('credit_list', '信用名单'), ('rectification_ordered', '责令整改'), ('rectification_reported', '报告整改情况'), ('rectification_accepted', '整改核查通过'), ('rectification_rejected', '整改核查未通过'), ('case_referred', '移送立案'), ('import', '导入登记'), ('import_update', '导入更新')], max_length=40, verbose_name='事项'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
