"""Documents of a voluntary deregistration (注销登记)."""

from django.db import migrations

DEREGISTRATION_REQUIREMENTS = [
    # code, title, description, org types, basis, required, order, source
    ("dissolution_resolution", "解散决议", "会员（代表）大会、理事会或举办者作出解散决定的决议", "123", "any", True, 15, "条例第十九条"),
    ("liquidation_report", "清算报告", "清算组出具的清算报告（剩余财产用于相同或相近的公益目的）", "123", "any", True, 20, "条例第二十条"),
    ("dissolution_competent_consent", "业务主管单位同意注销的文件", "", "123", "competent_unit", True, 32, "条例第二十条"),
    ("certificates_returned", "登记证书正副本（扫描件）", "原件寄回或交回登记管理机关", "123", "any", True, 40, "条例第二十一条"),
]


def load(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    form = DocumentRequirement.objects.filter(code="application_form").first()
    if form and "deregistration" not in form.kinds:
        form.kinds = form.kinds + ",deregistration"
        form.save(update_fields=["kinds"])
    for code, title, description, org_types, basis, required, order, source in DEREGISTRATION_REQUIREMENTS:
        DocumentRequirement.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "description": description,
                "org_types": org_types,
                "kinds": "deregistration",
                "basis": basis,
                "required": required,
                "order": order,
                "source": source,
            },
        )


def unload(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    DocumentRequirement.objects.filter(code__in=[r[0] for r in DEREGISTRATION_REQUIREMENTS]).delete()
    form = DocumentRequirement.objects.filter(code="application_form").first()
    if form:
        form.kinds = ",".join(k for k in form.kinds.split(",") if k != "deregistration")
        form.save(update_fields=["kinds"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_deregistration")]
    operations = [migrations.RunPython(load, unload)]
