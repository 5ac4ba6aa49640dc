"""The table of application documents, by organization type, step and basis (DOMAIN.md: keep them in one table)."""

from django.db import migrations

P, E, R = "preparation", "establishment", "registration"
# code, title, description, org types, steps, basis, order, source
REQUIREMENTS = [
    ("application_form", "登记申请书", "法定代表人签署的申请书", "123", f"{P},{E},{R}", "any", 10, "条例第十一条、第十七条"),
    ("charter", "章程草案", "经会员大会（举办者、理事会）通过的章程", "123", f"{P},{E},{R}", "any", 20, "条例第十一条"),
    ("competent_approval", "业务主管单位批准文件", "", "123", f"{P},{R}", "competent_unit", 30, "条例第九条"),
    ("direct_category_statement", "直接登记类别说明", "说明属于行业协会商会类、科技类、公益慈善类或城乡社区服务类", "123", f"{P},{R}", "direct", 31, "国务院机构改革和职能转变方案"),
    ("domicile_proof", "住所使用证明", "产权证明或一年以上租赁协议", "123", f"{P},{E},{R}", "any", 40, "条例第十条"),
    ("capital_verification", "验资报告", "会计师事务所出具的验资报告或资金证明", "123", f"{P},{R}", "any", 50, "条例第十条"),
    ("officers_identity", "负责人身份证明及简历", "法定代表人、拟任负责人的身份证明和简历", "123", f"{P},{E},{R}", "any", 60, "条例第十一条"),
    ("member_list", "会员名单", "发起人和拟入会会员名单（个人、单位）", "1", f"{P},{E}", "any", 70, "条例第十条"),
    ("founding_meeting", "会员大会（成立大会）纪要", "通过章程、选举负责人的会议纪要", "1", E, "any", 80, "条例第十二条"),
    ("founders_list", "举办者（捐赠人）名单", "举办者或发起人名单及出资证明", "23", R, "any", 70, "暂行条例第九条、基金会管理条例第九条"),
    ("name_precheck", "名称预先核准材料", "", "123", f"{P},{R}", "any", 90, "名称管理规定"),
]


def load(apps, schema_editor):
    DocumentRequirement = apps.get_model("registry", "DocumentRequirement")
    for code, title, description, org_types, kinds, basis, order, source in REQUIREMENTS:
        DocumentRequirement.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "description": description,
                "org_types": org_types,
                "kinds": kinds,
                "basis": basis,
                "order": order,
                "source": source,
                "required": code != "name_precheck",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("registry", "DocumentRequirement").objects.filter(code__in=[r[0] for r in REQUIREMENTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_applications")]
    operations = [migrations.RunPython(load, unload)]
