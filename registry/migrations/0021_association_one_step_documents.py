"""An association registering in one step (社会团体登记管理条例, 2016 revision) carries its member list too."""

from django.db import migrations


def add(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    member_list = DocumentRequirement.objects.filter(code="member_list").first()
    if member_list and "registration" not in member_list.kinds.split(","):
        member_list.kinds = member_list.kinds + ",registration"
        member_list.save(update_fields=["kinds"])


def remove(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    member_list = DocumentRequirement.objects.filter(code="member_list").first()
    if member_list:
        member_list.kinds = ",".join(k for k in member_list.kinds.split(",") if k != "registration")
        member_list.save(update_fields=["kinds"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0020_default_indicator_tables")]
    operations = [migrations.RunPython(add, remove)]
