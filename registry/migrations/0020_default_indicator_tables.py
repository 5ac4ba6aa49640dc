"""Version 1 of the indicator table for each organization type, so a new bureau can open a round at once.

Parts and weights follow the structure of the national evaluation indicators (basic conditions, internal
governance, work performance, social evaluation; 1000 points); bureaus adjust them in the admin by
copying a table to a new version.
"""

from django.db import migrations

TABLES = {
    "1": (
        "社会团体评估指标",
        [
            ("basic", "1.1", "法人资格（登记证书、印章、银行账户）", 20),
            ("basic", "1.2", "章程（制定、核准及执行）", 15),
            ("basic", "1.3", "变更登记、备案与年度检查", 25),
            ("governance", "2.1", "发展规划与年度计划", 30),
            ("governance", "2.2", "会员（代表）大会、理事会、监事会运作", 90),
            ("governance", "2.3", "人力资源与专职工作人员", 50),
            ("governance", "2.4", "负责人任职与领导班子建设", 40),
            ("governance", "2.5", "档案与证章管理", 30),
            ("governance", "2.6", "财务管理与资产管理", 100),
            ("governance", "2.7", "党建工作", 30),
            ("performance", "3.1", "为会员和行业提供服务", 120),
            ("performance", "3.2", "反映诉求、参与政策制定", 60),
            ("performance", "3.3", "行业自律与规范行为", 60),
            ("performance", "3.4", "学术或行业交流活动与影响力", 80),
            ("performance", "3.5", "信息公开与宣传", 50),
            ("performance", "3.6", "特色工作与创新", 50),
            ("social", "4.1", "会员满意度", 60),
            ("social", "4.2", "业务主管单位及政府部门评价", 50),
            ("social", "4.3", "表彰奖励与媒体评价", 40),
        ],
    ),
    "2": (
        "民办非企业单位（社会服务机构）评估指标",
        [
            ("basic", "1.1", "法人资格（登记证书、印章、银行账户）", 30),
            ("basic", "1.2", "章程（制定、核准及执行）", 15),
            ("basic", "1.3", "变更登记、备案与年度检查", 25),
            ("governance", "2.1", "发展规划与年度计划", 30),
            ("governance", "2.2", "理事会、监事（会）运作", 90),
            ("governance", "2.3", "人力资源管理", 60),
            ("governance", "2.4", "财务管理", 120),
            ("governance", "2.5", "档案与证章管理", 30),
            ("governance", "2.6", "党建工作", 50),
            ("performance", "3.1", "业务活动与服务质量", 160),
            ("performance", "3.2", "公益服务", 80),
            ("performance", "3.3", "服务对象权益保障", 60),
            ("performance", "3.4", "信息公开", 50),
            ("performance", "3.5", "特色与创新", 40),
            ("social", "4.1", "服务对象满意度", 70),
            ("social", "4.2", "登记管理机关与业务主管单位评价", 50),
            ("social", "4.3", "表彰奖励与媒体评价", 40),
        ],
    ),
    "3": (
        "基金会评估指标",
        [
            ("basic", "1.1", "法人资格（登记证书、印章、银行账户）", 20),
            ("basic", "1.2", "章程（制定、核准及执行）", 15),
            ("basic", "1.3", "变更登记、备案与年度检查", 25),
            ("governance", "2.1", "战略规划", 30),
            ("governance", "2.2", "理事会与监事运作", 90),
            ("governance", "2.3", "人力资源", 40),
            ("governance", "2.4", "财务会计与资产管理", 150),
            ("governance", "2.5", "项目管理", 60),
            ("governance", "2.6", "党建工作", 30),
            ("performance", "3.1", "公益支出比例与项目执行", 150),
            ("performance", "3.2", "资金募集", 80),
            ("performance", "3.3", "信息公开与透明度", 100),
            ("performance", "3.4", "品牌项目与特色工作", 60),
            ("social", "4.1", "受益人评价", 60),
            ("social", "4.2", "捐赠人评价", 40),
            ("social", "4.3", "登记管理机关评价", 30),
            ("social", "4.4", "表彰奖励", 20),
        ],
    ),
}


def create_tables(apps, schema_editor):
    IndicatorTable = apps.get_model("registry", "IndicatorTable")
    Indicator = apps.get_model("registry", "Indicator")
    for org_type, (title, rows) in TABLES.items():
        assert sum(points for *_rest, points in rows) == 1000, title
        table, created = IndicatorTable.objects.get_or_create(org_type=org_type, version=1, defaults={"title": title})
        if not created:
            continue
        Indicator.objects.bulk_create(
            Indicator(table=table, part=part, code=code, title=text, max_points=points, order=order)
            for order, (part, code, text, points) in enumerate(rows, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_evaluation")]

    operations = [migrations.RunPython(create_tables, migrations.RunPython.noop)]
