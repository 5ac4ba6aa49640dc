"""Seed the registration authorities of Shanghai and its sixteen districts."""

from django.db import migrations

SHANGHAI = ("310000", "上海市", "上海市", "上海市民政局", "city")
DISTRICTS = [
    ("310101", "黄浦区"),
    ("310104", "徐汇区"),
    ("310105", "长宁区"),
    ("310106", "静安区"),
    ("310107", "普陀区"),
    ("310109", "虹口区"),
    ("310110", "杨浦区"),
    ("310112", "闵行区"),
    ("310113", "宝山区"),
    ("310114", "嘉定区"),
    ("310115", "浦东新区"),
    ("310116", "金山区"),
    ("310117", "松江区"),
    ("310118", "青浦区"),
    ("310120", "奉贤区"),
    ("310151", "崇明区"),
]


def seed(apps, schema_editor):
    Jurisdiction = apps.get_model("registry", "Jurisdiction")
    code, name, full_name, authority, level = SHANGHAI
    city, _ = Jurisdiction.objects.update_or_create(
        code=code, defaults={"name": name, "full_name": full_name, "authority_name": authority, "level": level}
    )
    for code, name in DISTRICTS:
        Jurisdiction.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "full_name": f"上海市{name}",
                "authority_name": f"上海市{name}民政局",
                "level": "district",
                "parent": city,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
