"""Deterministic, plausible demo organizations, generated from a seed.

Everything here is a pure function of a `random.Random`, so the same seed
and count always give the same register.
"""

import datetime
import random
import zlib
from dataclasses import dataclass
from decimal import Decimal

from registry.choices import DirectCategory, Grade, OrgStatus, OrgType
from registry.rules.deadlines import add_years
from registry.rules.idcards import id_check_char

# The date the demo register is "as of": fixed so the same seed gives the same data on any day.
AS_OF = datetime.date(2026, 10, 31)

TOWNS = {
    "310112": [
        "莘庄镇",
        "七宝镇",
        "梅陇镇",
        "虹桥镇",
        "马桥镇",
        "吴泾镇",
        "浦江镇",
        "颛桥镇",
        "华漕镇",
        "江川路街道",
        "古美路街道",
        "新虹街道",
    ],
    "310117": [
        "岳阳街道",
        "永丰街道",
        "方松街道",
        "中山街道",
        "泗泾镇",
        "佘山镇",
        "车墩镇",
        "新桥镇",
        "洞泾镇",
        "九亭镇",
        "泖港镇",
        "石湖荡镇",
    ],
    "310151": [
        "城桥镇",
        "堡镇",
        "新河镇",
        "庙镇",
        "竖新镇",
        "向化镇",
        "三星镇",
        "港沿镇",
        "中兴镇",
        "陈家镇",
        "绿华镇",
        "长兴镇",
    ],
}
DEFAULT_TOWNS = [
    "城区街道",
    "新城街道",
    "东部街道",
    "西部街道",
    "南部街道",
    "北部街道",
    "中心镇",
    "工业区",
    "滨江街道",
    "花园街道",
]
ROADS = [
    "人民路",
    "中山路",
    "解放路",
    "建设路",
    "和平路",
    "新华路",
    "文化路",
    "友谊路",
    "光明路",
    "长江路",
    "黄河路",
    "淮海路",
    "复兴路",
    "南京路",
    "园林路",
]
BRANDS = [
    "阳光",
    "启明",
    "爱心",
    "晨曦",
    "春晖",
    "同心",
    "和美",
    "睦邻",
    "益友",
    "乐龄",
    "朝阳",
    "绿洲",
    "彩虹",
    "蒲公英",
    "向日葵",
    "星光",
    "明德",
    "博雅",
    "善德",
    "仁和",
    "康乐",
    "安心",
    "暖心",
    "惠民",
    "致远",
    "恒爱",
    "融和",
    "新航",
    "晴空",
    "桥梁",
    "海棠",
    "玉兰",
    "紫藤",
    "银杏",
    "青松",
    "翠竹",
    "梧桐",
    "香樟",
    "书香",
    "墨韵",
    "清风",
    "新芽",
    "春雨",
    "益众",
    "聚力",
    "共享",
    "筑梦",
    "扬帆",
    "远航",
    "启航",
    "长风",
    "怡然",
    "悦享",
    "雅集",
    "众信",
    "知行",
    "乐群",
    "馨园",
    "福苑",
    "嘉禾",
    "锦程",
    "瑞丰",
    "华韵",
    "协力",
    "慧心",
    "明日",
    "未来",
    "希望",
    "成长",
    "展翼",
    "纽带",
    "友邻",
    "邻里",
    "家园",
    "心桥",
    "微光",
    "萤火",
    "溪流",
    "沃土",
    "繁星",
    "北辰",
    "东篱",
    "南山",
    "西岭",
    "晓月",
    "初心",
    "匠心",
    "大爱",
    "至善",
    "如意",
    "安康",
    "平安",
    "百合",
    "丁香",
    "芳草",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华玉萍红建国文辉鹏飞斌宇浩凯秀兰志强海燕晓东丹婷雪梅春燕立新建华永红"


@dataclass(frozen=True)
class Field:
    """A field of activity: the words in the name, the forms it takes, its business scope and its basis."""

    words: str
    forms: tuple[str, ...]
    scope: str
    direct: str = ""  # a DirectCategory value, or "" when a competent unit approves
    competent: str = ""  # the competent unit, e.g. "体育局", prefixed with the district


FIELDS = {
    OrgType.SOCIAL_ASSOCIATION: [
        Field("青年志愿者", ("协会",), "组织志愿服务活动；开展志愿者培训、交流与表彰", DirectCategory.CHARITY),
        Field("老年体育", ("协会",), "组织老年人体育健身活动；开展体育指导与赛事交流", competent="体育局"),
        Field("书法", ("协会", "研究会"), "开展书法创作、展览与培训；组织学术交流", competent="文化和旅游局"),
        Field("摄影", ("协会",), "开展摄影创作、展览、培训与交流活动", competent="文化和旅游局"),
        Field("围棋", ("协会",), "推广围棋运动；组织比赛、培训与交流", competent="体育局"),
        Field("餐饮行业", ("协会",), "行业自律、信息交流、业务培训、协调服务", DirectCategory.INDUSTRY),
        Field("物流行业", ("协会",), "行业自律、标准推广、信息交流、业务培训", DirectCategory.INDUSTRY),
        Field("软件行业", ("协会",), "行业自律、技术交流、人才培训、咨询服务", DirectCategory.INDUSTRY),
        Field("温州", ("商会",), "为会员提供信息、法律、融资咨询服务；促进经贸交流", DirectCategory.INDUSTRY),
        Field("计算机", ("学会",), "开展计算机学术交流、科学普及与技术咨询", DirectCategory.SCIENCE),
        Field("科普", ("协会",), "开展科学技术普及活动；组织科普讲座与展览", DirectCategory.SCIENCE),
        Field("慈善", ("协会", "联合会"), "募集慈善资金；开展扶贫济困、助学助医等慈善活动", DirectCategory.CHARITY),
        Field("社会工作者", ("协会",), "开展社会工作专业交流、培训与行业自律", DirectCategory.COMMUNITY),
        Field("社区睦邻", ("促进会",), "组织社区邻里互助、文体活动与议事协商", DirectCategory.COMMUNITY),
        Field("企业家", ("联合会", "协会"), "组织企业家交流、培训与公益活动", DirectCategory.INDUSTRY),
        Field("个体劳动者", ("协会",), "为个体经营者提供培训、维权与咨询服务", DirectCategory.INDUSTRY),
        Field("花卉园艺", ("协会",), "开展花卉园艺技术推广、展览与交流", DirectCategory.INDUSTRY),
        Field("残疾人福利", ("协会",), "开展助残服务、康复咨询与就业帮扶", DirectCategory.CHARITY),
        Field("老年人", ("协会", "联谊会"), "组织老年人文体活动、互助服务与权益维护", DirectCategory.COMMUNITY),
        Field("教育", ("学会",), "开展教育科学研究、学术交流与教师培训", competent="教育局"),
        Field("医学", ("会",), "开展医学学术交流、继续教育与科普宣传", competent="卫生健康委员会"),
        Field("民间文艺", ("家协会",), "开展民间文艺创作、收集整理与展演", competent="文化和旅游局"),
        Field("乡村旅游", ("促进会",), "推广乡村旅游资源；开展培训与宣传推介", DirectCategory.INDUSTRY),
        Field("心理卫生", ("协会",), "开展心理健康知识普及、咨询与培训", DirectCategory.SCIENCE),
        Field("家庭教育", ("研究会",), "开展家庭教育研究、指导与咨询", competent="教育局"),
        Field("知识产权", ("研究会",), "开展知识产权研究、宣传与咨询", DirectCategory.SCIENCE),
        Field("校友", ("联谊会",), "组织校友联谊、交流与公益活动", competent="教育局"),
        Field("垂钓", ("协会",), "组织垂钓活动与比赛；倡导文明垂钓", competent="体育局"),
        Field("太极拳", ("协会",), "推广太极拳运动；组织培训、展演与比赛", competent="体育局"),
        Field("人工智能", ("学会",), "开展人工智能学术交流、科学普及与咨询", DirectCategory.SCIENCE),
        Field("电子商务", ("协会",), "行业自律、人才培训、信息交流与协调服务", DirectCategory.INDUSTRY),
        Field("家政服务", ("协会",), "行业自律、职业培训、标准推广与协调服务", DirectCategory.INDUSTRY),
        Field("环境保护", ("协会",), "开展环保宣传、志愿服务与政策咨询", DirectCategory.CHARITY),
        Field("红木家具", ("商会",), "为会员提供信息、展销与维权服务", DirectCategory.INDUSTRY),
        Field("诗词", ("学会",), "开展诗词创作、研究、交流与普及", competent="文化和旅游局"),
    ],
    OrgType.SERVICE_AGENCY: [
        Field("社区服务", ("中心",), "为社区居民提供生活照料、文体活动与便民服务", DirectCategory.COMMUNITY),
        Field("养老服务", ("中心", "院"), "为老年人提供日间照料、助餐助浴与康复护理服务", competent="民政局"),
        Field("青少年发展", ("中心",), "开展青少年成长辅导、课外实践与心理支持服务", DirectCategory.CHARITY),
        Field("社会工作服务", ("社", "中心", "站"), "提供个案、小组与社区社会工作专业服务", DirectCategory.COMMUNITY),
        Field("职业技能培训", ("学校",), "开展职业技能培训与考前辅导", competent="人力资源和社会保障局"),
        Field("幼儿", ("园",), "学前教育", competent="教育局"),
        Field("康复", ("中心",), "为残疾人提供康复训练、辅具适配与家庭指导", competent="残疾人联合会"),
        Field("心理咨询", ("中心",), "提供心理健康咨询、讲座与危机干预转介", DirectCategory.SCIENCE),
        Field("文化艺术", ("中心",), "开展文化艺术培训、展演与公益文化服务", competent="文化和旅游局"),
        Field("科技创新", ("研究院", "研究所"), "开展技术研发、成果转化与科技咨询服务", DirectCategory.SCIENCE),
        Field("公益服务", ("社", "中心"), "开展公益项目策划、志愿服务与社区营造", DirectCategory.CHARITY),
        Field("民俗", ("博物馆",), "收藏、研究、展示民俗文物；开展社会教育", competent="文化和旅游局"),
        Field("助残服务", ("站", "中心"), "为残疾人提供日间照料、职业康复与助残服务", DirectCategory.CHARITY),
        Field("社区卫生", ("服务站",), "提供基本医疗与公共卫生服务", competent="卫生健康委员会"),
        Field("体育健身", ("中心",), "开展体育健身指导、培训与赛事服务", competent="体育局"),
        Field("法律援助", ("服务所",), "为困难群众提供法律咨询与调解服务", competent="司法局"),
        Field("社会组织发展", ("中心",), "为社会组织提供孵化、培训与能力建设服务", DirectCategory.COMMUNITY),
        Field("图书", ("馆",), "提供图书借阅、阅读推广与公益讲座服务", competent="文化和旅游局"),
        Field("家庭服务", ("中心",), "提供家庭教育指导、婚姻家庭咨询与社区亲子服务", DirectCategory.COMMUNITY),
        Field("老年护理", ("院",), "为失能、半失能老人提供长期照护服务", competent="民政局"),
        Field("艺术培训", ("学校",), "开展音乐、美术、舞蹈等艺术类培训", competent="文化和旅游局"),
        Field("环境教育", ("中心",), "开展环境教育、自然体验与环保志愿服务", DirectCategory.CHARITY),
        Field("儿童早期发展", ("中心",), "提供儿童早期发展指导与家长课堂", DirectCategory.CHARITY),
        Field("社区营造", ("中心",), "开展社区参与式规划、居民自治支持与公共空间营造", DirectCategory.COMMUNITY),
        Field("人才发展", ("研究院",), "开展人才发展研究、评价与咨询服务", DirectCategory.SCIENCE),
    ],
    OrgType.FOUNDATION: [
        Field("教育发展", ("基金会",), "资助教育事业；奖励优秀师生；资助困难学生", DirectCategory.CHARITY),
        Field("慈善", ("基金会",), "开展扶贫济困、安老助孤、助医助学等慈善资助", DirectCategory.CHARITY),
        Field("青少年发展", ("基金会",), "资助青少年成长、教育与体育文化项目", DirectCategory.CHARITY),
        Field("文化发展", ("基金会",), "资助文化艺术创作、非遗保护与公共文化项目", DirectCategory.CHARITY),
        Field("医疗救助", ("基金会",), "资助困难患者医疗救助与健康促进项目", DirectCategory.CHARITY),
        Field("环境保护", ("基金会",), "资助生态保护、环境教育与绿色公益项目", DirectCategory.CHARITY),
        Field("科技创新", ("基金会",), "资助科学研究、科技人才与科普项目", DirectCategory.SCIENCE),
        Field("社区发展", ("基金会",), "资助社区公益服务、睦邻互助与社区营造项目", DirectCategory.COMMUNITY),
        Field("助老", ("基金会",), "资助养老服务、老年关爱与适老化改造项目", DirectCategory.CHARITY),
    ],
}

TYPE_WEIGHTS = [(OrgType.SOCIAL_ASSOCIATION, 45), (OrgType.SERVICE_AGENCY, 50), (OrgType.FOUNDATION, 5)]
GRADE_WEIGHTS = [(Grade.A5, 5), (Grade.A4, 20), (Grade.A3, 45), (Grade.A2, 20), (Grade.A1, 10)]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def id_number(rng: random.Random, division_code: str) -> str:
    """A valid resident ID number for someone born 1950–1995 in `division_code`."""
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
    first17 = f"{division_code}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


@dataclass
class DemoOrganization:
    """Field values of one demo organization, before a code is assigned."""

    org_type: str
    name: str
    status: str
    jurisdiction_code: str
    domicile: str
    legal_rep_name: str
    legal_rep_id_number: str
    business_scope: str
    competent_unit: str
    direct_category: str
    activity_area: str
    registered_funds: Decimal
    founded_on: datetime.date | None
    certificate_valid_until: datetime.date | None
    grade: str
    grade_expires_on: datetime.date | None
    on_abnormal_list: bool
    on_dishonest_list: bool
    status_changed_on: datetime.date | None
    last_annual_report_year: int | None = None


def last_report_year(name: str, founded: datetime.date | None, *, abnormal: bool) -> int | None:
    """The demo's annual-report history: most report every year, a few stopped two or more years ago.

    Derived from the name (not the shared random stream) so adding it left every other demo value unchanged.
    """
    if founded is None or founded.year >= AS_OF.year - 1:
        return None  # registered too recently to have reported yet
    luck = zlib.crc32(name.encode()) % 100
    if luck < 3:  # stopped reporting: the last report is three or more years old, or there never was one
        last = AS_OF.year - 3 - luck
        return last if founded.year <= last else None
    return AS_OF.year - 2 if abnormal else AS_OF.year - 1


def certificate_issued_on(founded: datetime.date, *, years: int, as_of: datetime.date = AS_OF) -> datetime.date:
    """The day the certificate in force on `as_of` was issued: at registration, then renewed every `years` years."""
    renewals = 0
    while add_years(founded, (renewals + 1) * years) <= as_of:
        renewals += 1
    return add_years(founded, renewals * years)


def generate(rng: random.Random, *, jurisdictions: list[tuple[str, str, str]], taken: set, validity_years: int = 5):
    """Generate one organization for a random jurisdiction; `taken` holds used (code, type, name) keys.

    `jurisdictions` lists (division code, full name, short name) with a weight given by position:
    the first three (the work-plan districts) are registered more often.
    """
    weights = [6 if i < 3 else 1 for i in range(len(jurisdictions))]
    code, full_name, short_name = rng.choices(jurisdictions, weights=weights)[0]
    org_type = _pick(rng, TYPE_WEIGHTS)
    if org_type == OrgType.FOUNDATION:
        # 基金会管理条例 第六条: only the Ministry or a province-level bureau (division code xx0000) registers one.
        provincial = [j for j in jurisdictions if j[0].endswith("0000")]
        if provincial:
            code, full_name, short_name = provincial[0]
        else:
            org_type = OrgType.SERVICE_AGENCY
    towns = TOWNS.get(code, DEFAULT_TOWNS)
    for attempt in range(60):
        field = rng.choice(FIELDS[org_type])
        form = rng.choice(field.forms)
        town = rng.choice(towns) if rng.random() < 0.6 else ""
        brand = rng.choice(BRANDS) if (rng.random() < 0.8 or org_type != OrgType.SOCIAL_ASSOCIATION) else ""
        if attempt >= 10:
            # A crowded district (large demo registers): a two-word brand such as 阳光春晖 keeps names unique.
            brand = rng.choice(BRANDS) + rng.choice(BRANDS)
        name = f"{full_name}{town}{brand}{field.words}{form}"
        if (code, org_type, name) not in taken:
            break
    else:
        raise RuntimeError("could not find a free demo name; use fewer organizations or another seed")
    taken.add((code, org_type, name))

    # No organization in preparation: associations register in one step (条例 as revised in 2016).
    status = _pick(rng, [(OrgStatus.NORMAL, 89), (OrgStatus.REVOKED, 6), (OrgStatus.DEREGISTERED, 5)])
    founded = None
    if status != OrgStatus.PREPARING:
        # More organizations registered in recent years.
        years_ago = min(int(rng.expovariate(1 / 7)), 35)
        founded = AS_OF - datetime.timedelta(days=years_ago * 365 + rng.randrange(365))
    changed = None
    if status in (OrgStatus.REVOKED, OrgStatus.DEREGISTERED) and founded:
        changed = founded + datetime.timedelta(days=rng.randrange(max((AS_OF - founded).days, 1)))
    valid_until = None
    if founded:
        # As the certificate in force states it: the day before the anniversary of its issue.
        issued = certificate_issued_on(founded, years=validity_years)
        valid_until = add_years(issued, validity_years) - datetime.timedelta(days=1)

    grade, grade_expires = "", None
    if status == OrgStatus.NORMAL and founded and (AS_OF - founded).days > 2 * 365 and rng.random() < 0.08:
        awarded = AS_OF - datetime.timedelta(days=rng.randrange(5 * 365 - 30))
        grade, grade_expires = _pick(rng, GRADE_WEIGHTS), add_years(awarded, 5)

    abnormal = status == OrgStatus.NORMAL and rng.random() < 0.04
    dishonest = status == OrgStatus.REVOKED and rng.random() < 0.5
    if org_type == OrgType.FOUNDATION:
        funds = Decimal(rng.choice((2_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 8_000_000, 10_000_000)))
    elif org_type == OrgType.SOCIAL_ASSOCIATION:
        funds = Decimal(rng.choice((30_000, 30_000, 50_000, 100_000, 200_000, 500_000)))
    else:
        funds = Decimal(rng.choice((30_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)))
    town = rng.choice(towns)
    domicile = f"{full_name}{town}{rng.choice(ROADS)}{rng.randrange(1, 1500)}号"
    return DemoOrganization(
        org_type=org_type,
        name=name,
        status=status,
        jurisdiction_code=code,
        domicile=domicile,
        legal_rep_name=person_name(rng),
        legal_rep_id_number=id_number(rng, code),
        business_scope=field.scope,
        competent_unit="" if field.direct else f"{full_name}{field.competent}",
        direct_category=field.direct,
        activity_area=full_name,
        registered_funds=funds,
        founded_on=founded,
        certificate_valid_until=valid_until,
        grade=grade,
        grade_expires_on=grade_expires,
        on_abnormal_list=abnormal,
        on_dishonest_list=dishonest,
        status_changed_on=changed,
        last_annual_report_year=last_report_year(name, founded, abnormal=abnormal),
    )


# Branches and offices of demo associations: (kind, words after the association's name, closed?).
DEMO_BRANCHES = (
    ("branch", "青年工作委员会", False),
    ("branch", "法律专家委员会", False),
    ("office", "松江联络处", False),
    ("branch", "教育培训专业委员会", True),
)


def demo_branches(rng: random.Random, *, association_name: str, division_code: str, count: int) -> list[dict]:
    """Field values of `count` branches or offices of one demo association (the last of four is closed)."""
    branches = []
    for kind, words, closed in DEMO_BRANCHES[:count]:
        set_up_on = AS_OF - datetime.timedelta(days=rng.randrange(200, 1500))
        branches.append(
            {
                "kind": kind,
                "name": association_name + words,
                "head_name": person_name(rng),
                "head_id_number": id_number(rng, division_code),
                "business_scope": "在本会授权范围内开展"
                + words.removesuffix("委员会").removesuffix("联络处")
                + "相关活动",
                "set_up_on": set_up_on,
                "closed_on": set_up_on + datetime.timedelta(days=400) if closed else None,
            }
        )
    return branches


def last_election(name: str, founded: datetime.date | None, *, as_of: datetime.date = AS_OF):
    """The demo's last filed election (date, term years): every 4 or 5 years since registration, drawn from the
    name so the random stream of the rest of the demo stays as it was; about one in eight is overdue."""
    if founded is None:
        return None
    digest = zlib.crc32(name.encode("utf-8"))
    term = 4 if digest % 3 == 0 else 5
    elected = founded
    while add_years(elected, term) <= as_of:
        elected = add_years(elected, term)
    if digest % 8 == 0 and elected > founded:
        elected = add_years(elected, -term)  # the term that followed has ended with no election filed
    return elected, term
