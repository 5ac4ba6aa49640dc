"""Documents of a change registration (变更登记), in the same table as the others."""

from django.db import migrations

CHANGE_REQUIREMENTS = [
    # code, title, description, org types, basis, required, order, source
    ("change_resolution", "变更事项决议", "会员（代表）大会、理事会或举办者作出变更决定的会议纪要或决议", "123", "any", True, 15, "条例第十八条"),
    ("change_competent_consent", "业务主管单位同意变更的文件", "", "123", "competent_unit", True, 32, "条例第十八条"),
    ("charter_amendment", "章程修正案", "名称、业务范围等章程记载事项变更时提交", "123", "any", False, 25, "条例第十八条"),
]


def load(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    form = DocumentRequirement.objects.filter(code="application_form").first()
    if form and "change" not in form.kinds:
        form.kinds = form.kinds + ",change"
        form.save(update_fields=["kinds"])
    for code, title, description, org_types, basis, required, order, source in CHANGE_REQUIREMENTS:
        DocumentRequirement.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "description": description,
                "org_types": org_types,
                "kinds": "change",
                "basis": basis,
                "required": required,
                "order": order,
                "source": source,
            },
        )


def unload(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    DocumentRequirement.objects.filter(code__in=[r[0] for r in CHANGE_REQUIREMENTS]).delete()
    form = DocumentRequirement.objects.filter(code="application_form").first()
    if form:
        form.kinds = ",".join(k for k in form.kinds.split(",") if k != "change")
        form.save(update_fields=["kinds"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_change_registration")]
    operations = [migrations.RunPython(load, unload)]
