"""The public service guides (办事指南): what each service needs, how long it takes, and its application form.

Plain data, in the order the home page lists them. Time limits come from the settings the processes use,
so a guide never promises something the deadlines do not.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registry.rules.branches import FILING_DAYS_DEFAULT
from registry.rules.charters import CHARTER_DECISION_WORKING_DAYS
from registry.rules.credit import REPAIR_DECISION_WORKING_DAYS


@dataclass(frozen=True)
class ServiceGuide:
    slug: str
    title: str
    legal_basis: tuple[str, ...]
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    statutory_limit: str
    process: tuple[str, ...]
    form_title: str
    # Rows of the application form: the field labels an applicant fills in on paper.
    form_fields: tuple[str, ...]
    promised_setting: str = "REGISTRATION_WORKING_DAYS"
    # A limit the law fixes rather than a local setting (e.g. credit repair: 5 working days).
    promised_fixed_days: int | None = None

    @property
    def promised_working_days(self) -> int:
        if self.promised_fixed_days is not None:
            return self.promised_fixed_days
        return settings.REGISTRY[self.promised_setting]


ORGANIZATION_FIELDS = (
    _("拟定名称"),
    _("组织类型"),
    _("住所"),
    _("业务范围"),
    _("活动地域"),
    _("注册资金、开办资金或原始基金（元）"),
    _("业务主管单位或直接登记类别"),
    _("法定代表人姓名及身份证号码"),
    _("联系人及联系电话"),
)

# 行政许可法 第四十二条: decided within 20 working days of acceptance; the head of the authority may extend it by
# 10 working days, telling the applicant why.
DECISION_LIMIT = _(
    "自受理之日起20个工作日内作出决定；20个工作日内不能作出决定的，经本行政机关负责人批准，可以延长10个工作日，"
    "并将延长期限的理由告知申请人"
)

GUIDES = (
    ServiceGuide(
        slug="establishment",
        title=_("社会组织成立登记"),
        legal_basis=(_("《社会团体登记管理条例》"), _("《民办非企业单位登记管理暂行条例》"), _("《基金会管理条例》")),
        conditions=(
            _("社会团体：有50个以上个人会员或30个以上单位会员，有规范的名称、固定住所、专职工作人员和活动资金"),
            _("民办非企业单位：有与其业务活动相适应的开办资金、场所和从业人员"),
            _("基金会：原始基金不低于规定数额，由省级以上民政部门登记"),
            _("有业务主管单位同意的文件，直接登记的四类组织除外"),
        ),
        materials=(
            _("登记申请书"),
            _("章程草案"),
            _("业务主管单位批准文件（直接登记的除外）"),
            _("住所使用证明"),
            _("验资报告或资金证明"),
            _("法定代表人及负责人的身份证明和简历"),
            _("会员或举办者名单（社会团体为会员名单）"),
        ),
        statutory_limit=_("自受理之日起60日内作出准予或不予登记的决定"),
        process=(_("网上申请"), _("受理"), _("审查"), _("核准"), _("发证")),
        form_title=_("社会组织成立登记申请表"),
        form_fields=ORGANIZATION_FIELDS,
    ),
    ServiceGuide(
        slug="change",
        title=_("社会组织变更登记"),
        legal_basis=(
            _("《社会团体登记管理条例》第十八条"),
            _("《民办非企业单位登记管理暂行条例》第十五条"),
            _("《基金会管理条例》第十五条"),
            _("《中华人民共和国行政许可法》第四十二条"),
        ),
        conditions=(
            _("社会团体和民办非企业单位应自业务主管单位同意（直接登记的为作出变更决议）之日起30日内申请"),
            _("基金会登记事项需要变动的，向原登记管理机关申请变更登记"),
        ),
        materials=(_("变更登记申请书"), _("变更决议或业务主管单位同意文件"), _("与变更事项有关的证明材料")),
        # The regulations set no period for deciding a change: 行政许可法 第四十二条 applies.
        statutory_limit=DECISION_LIMIT,
        process=(_("网上申请"), _("受理"), _("审查"), _("核准"), _("换发证书")),
        form_title=_("社会组织变更登记申请表"),
        form_fields=(_("统一社会信用代码"), _("组织名称"), _("变更事项"), _("变更前"), _("变更后"), _("变更理由")),
    ),
    ServiceGuide(
        slug="deregistration",
        title=_("社会组织注销登记"),
        legal_basis=(
            _("《社会团体登记管理条例》第十九条至第二十一条"),
            _("《民办非企业单位登记管理暂行条例》第十六条、第十七条"),
            _("《基金会管理条例》第十六条、第十八条"),
            _("《中华人民共和国行政许可法》第四十二条"),
        ),
        conditions=(
            _(
                "因完成宗旨、自行解散、分立、合并或者其他原因终止的，在业务主管单位等有关机关指导下成立清算组织，完成清算"
            ),
            # 社团条例 第二十一条, 民非条例 第十七条, 基金会条例 第十八条.
            _("自清算结束之日起15日内申请注销登记"),
            _("有业务主管单位的，经业务主管单位审查同意"),
        ),
        materials=(
            _("注销登记申请书"),
            _("解散决议"),
            _("清算报告"),
            _("业务主管单位同意文件（直接登记的除外）"),
            _("登记证书正本、副本和印章"),
        ),
        # The regulations set no period for deciding a deregistration: 行政许可法 第四十二条 applies.
        statutory_limit=DECISION_LIMIT,
        process=(_("网上申请"), _("受理"), _("审查"), _("核准"), _("收缴证书和印章并公告")),
        form_title=_("社会组织注销登记申请表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("解散决议日期"),
            _("清算结束日期"),
            _("清算情况"),
            _("剩余财产处置"),
            _("联系人及联系电话"),
        ),
    ),
    ServiceGuide(
        slug="annual-inspection",
        title=_("社会组织年度检查"),
        legal_basis=(_("《社会团体登记管理条例》第二十八条"), _("《基金会管理条例》第三十六条")),
        conditions=(_("上年度6月30日前登记的社会组织，每年报送上一年度工作报告"),),
        materials=(_("年度工作报告书"), _("财务会计报告或审计报告")),
        statutory_limit=_("基金会3月31日前、社会团体和民办非企业单位5月31日前报送"),
        process=(_("网上填报"), _("业务主管单位初审（有业务主管单位的）"), _("登记管理机关审核"), _("作出年检结论")),
        form_title=_("社会组织年度工作报告书（封面及基本信息）"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("报告年度"),
            _("本年收入（元）"),
            _("本年支出（元）"),
            _("净资产合计（元）"),
            _("专职工作人员数"),
        ),
        promised_setting="INSPECTION_REVIEW_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="evaluation",
        title=_("社会组织等级评估"),
        legal_basis=(_("《社会组织评估管理办法》（2026年3月1日起施行）"),),
        conditions=(_("取得登记满两个年度，未被列入严重违法失信名单，未在清理整顿中"),),
        materials=(_("评估申请表"), _("自评报告")),
        statutory_limit=_("评估结果公示7个工作日"),
        process=(
            _("申请和自评"),
            _("资格审核"),
            _("第三方实地评估"),
            _("评估委员会审定等级"),
            _("公示"),
            _("公告并颁发证书、牌匾"),
        ),
        form_title=_("社会组织评估申请表"),
        form_fields=(_("统一社会信用代码"), _("组织名称"), _("申请评估年度"), _("自评总分"), _("联系人及联系电话")),
        promised_setting="EVALUATION_STEP_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="credit-repair",
        title=_("信用修复与移出名录"),
        legal_basis=(_("《社会组织信用信息管理办法》（民政部令第60号，2018年）"),),
        conditions=(
            _("列入活动异常名录的原因已消除（如已补报年度工作报告、恢复联系、完成整改）"),
            _("列入严重违法失信名单满2年且期间未再出现应当列入的情形的，可申请移出；再次出现的，重新计算"),
            _("因被吊销登记证书或撤销成立登记列入的，完成注销登记后移出"),
            _("因列入活动异常名录满2年转入的，须先履行相关义务或者完成整改要求"),
        ),
        materials=(_("移出申请（网上填写申请理由）"), _("已履行义务、完成整改或列入原因已消除的证明材料")),
        statutory_limit=_("活动异常名录：自查实之日起5个工作日内移出；无需整改的，列入满6个月后移出"),
        process=(_("网上申请"), _("核实"), _("作出决定（不予移出的说明理由）"), _("更新公示信息")),
        form_title=_("社会组织信用信息移出申请表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("列入名录及日期"),
            _("列入原因"),
            _("原因消除情况"),
            _("联系人及联系电话"),
        ),
        promised_fixed_days=REPAIR_DECISION_WORKING_DAYS,
    ),
    ServiceGuide(
        slug="branch",
        title=_("分支机构、代表机构设立、变更、注销"),
        legal_basis=(
            _("《社会团体登记管理条例》第十七条"),
            _("《国务院关于取消和下放一批行政审批项目的决定》（国发〔2013〕44号）"),
            _(
                "《民政部关于贯彻落实国务院取消全国性社会团体分支机构、代表机构登记行政审批项目的决定有关问题的通知》（民发〔2014〕38号）"
            ),
            _("《社会组织名称管理办法》（民政部令第69号）第十七条"),
            _("《基金会管理条例》第十二条"),
            _("《中华人民共和国行政许可法》第四十二条（实行审批的）"),
        ),
        conditions=(
            _("社会团体根据章程规定的宗旨和业务范围，经理事会或常务理事会讨论通过，自行决定设立、变更和终止"),
            _("分支机构、代表机构不具有法人资格，不得另行制订章程，不得开立独立账户，财务纳入本团体统一核算"),
            _("不得设立地域性分支机构，分支机构、代表机构下不得再设立分支机构、代表机构"),
            _(
                "名称冠以本团体名称全称；分支机构以“分会”“专业委员会”“工作委员会”“专家委员会”“技术委员会”等结束，"
                "代表机构以“代表处”“办事处”“联络处”结束；不得使用法人组织名称"
            ),
            _("民办非企业单位（社会服务机构）不得设立分支机构；基金会设立分支机构、代表机构须经登记管理机关登记"),
        ),
        materials=(
            _("理事会（常务理事会）决议"),
            _("负责人基本情况（设立或更换负责人时）"),
            _("变更或注销的理由（变更、注销时）"),
        ),
        statutory_limit=_(
            "报告备案的，由登记管理机关设定核对备案时限（默认10个工作日，不超过20个工作日）；实行审批的，"
            "自受理之日起20个工作日内作出决定；基金会的，自收到全部有效文件之日起60日内作出准予或者不予登记的决定"
        ),
        process=(
            _("网上申请"),
            _("报告备案：窗口核对，予以备案或退回"),
            _("审批：受理、审查、核准，作出书面决定"),
            _("登记簿和公开信息更新（审批的设立、注销予以公告）"),
        ),
        form_title=_("分支机构、代表机构设立（变更、注销）报告表"),
        form_fields=(
            _("统一社会信用代码"),
            _("所属社会组织名称"),
            _("事项（设立、变更、注销）"),
            _("分支机构、代表机构名称"),
            _("负责人姓名及身份证号码"),
            _("活动场所"),
            _("业务范围"),
            _("理事会决议日期"),
        ),
        promised_fixed_days=FILING_DAYS_DEFAULT,
    ),
)

# 章程核准: the organization reports its amended charter; the regulations set no period for deciding, so
# 行政许可法 第四十二条 applies (20 working days, +10 with the head's approval).
GUIDES += (
    ServiceGuide(
        slug="charter",
        title=_("社会组织章程核准"),
        legal_basis=(
            _("《社会团体登记管理条例》第十八条"),
            _("《民办非企业单位登记管理暂行条例》第十五条"),
            _("《基金会管理条例》第十五条"),
            _("《中华人民共和国行政许可法》第四十二条"),
        ),
        conditions=(
            _("章程修改经会员大会（会员代表大会）或理事会表决通过"),
            _("有业务主管单位的，经业务主管单位审查同意"),
            # CHARTER_FILING_DAYS: 社团条例 第十八条, 民非条例 第十五条.
            _("社会团体、民办非企业单位自业务主管单位同意之日（直接登记的自决议之日）起30日内报核准"),
            _("基金会修改章程经业务主管单位同意后报核准，法规未规定报送期限"),
        ),
        materials=(
            _("章程核准申请（网上填写修改后的章程全文，系统生成修改前后对照）"),
            _("会员大会（会员代表大会）或理事会通过章程修改的决议"),
            _("业务主管单位同意文件（直接登记的除外）"),
        ),
        statutory_limit=DECISION_LIMIT,
        process=(_("网上申请"), _("受理"), _("审核"), _("核准"), _("核准的章程为现行章程")),
        form_title=_("社会组织章程核准申请表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("通过章程修改的机构及日期"),
            _("业务主管单位同意日期"),
            _("修改的条款及理由"),
            _("联系人及联系电话"),
        ),
        promised_fixed_days=CHARTER_DECISION_WORKING_DAYS,
    ),
    ServiceGuide(
        slug="certificate-renewal",
        title=_("证书换发"),
        legal_basis=(
            _("《社会团体登记管理条例》"),
            _("《民办非企业单位登记管理暂行条例》"),
            _("《基金会管理条例》"),
            _("《中华人民共和国行政许可法》第四十四条"),
        ),
        conditions=(
            _("登记证书有效期届满前90日内（本机关设定）可在网上申请换发；有效期已届满的，也可申请"),
            _("登记管理机关设定为年检合格后换发的，有效期届满当年年检合格即自动换发，无需申请"),
            _("组织处于正常登记状态"),
        ),
        materials=(_("换发申请（网上提交）"),),
        statutory_limit=_("自受理之日起10个工作日内颁发证书"),
        process=(_("网上申请"), _("发证（原证书作废）"), _("领取新证书")),
        form_title=_("社会组织登记证书换发申请表"),
        form_fields=(_("统一社会信用代码"), _("组织名称"), _("原证书编号"), _("有效期至"), _("联系人及联系电话")),
        promised_setting="CERTIFICATE_SERVICE_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="certificate-replacement",
        title=_("证书补领"),
        legal_basis=(
            _("《社会团体登记管理条例》"),
            _("《民办非企业单位登记管理暂行条例》"),
            _("《基金会管理条例》"),
            _("《中华人民共和国行政许可法》第四十四条"),
        ),
        conditions=(
            _("登记证书正本或副本遗失或损毁"),
            _("遗失的，填写遗失声明，由登记管理机关在本组织公开信息和公告中公布，无需登报"),
            _("损毁的，须交回损毁的证书"),
        ),
        materials=(_("补领申请（网上提交）"), _("遗失声明（遗失的）"), _("损毁的证书（损毁的）")),
        statutory_limit=_("自受理之日起10个工作日内补发证书（新编号，有效期不变）"),
        process=(_("网上申请"), _("发证，原证书声明作废"), _("公布遗失声明"), _("领取新证书")),
        form_title=_("社会组织登记证书补领申请表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("补领正本或副本"),
            _("遗失或损毁"),
            _("遗失声明"),
            _("联系人及联系电话"),
        ),
        promised_setting="CERTIFICATE_SERVICE_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="annual-report-disclosure",
        title=_("年度报告公开"),
        legal_basis=(
            _("《中华人民共和国慈善法》第七十一条、第七十二条"),
            _("《社会组织信用信息管理办法》（民政部令第60号，2018年）"),
        ),
        conditions=(
            _("年检办结后，年度工作报告的公开部分自动在组织的公开信息页公布"),
            _("公开业务活动情况、收入、支出、净资产、评估等级和年检结论；不公开个人信息和审计报告原件"),
        ),
        materials=(_("年度工作报告（年检时网上报送）"),),
        statutory_limit=_("年检办结即公开"),
        process=(_("报送年度工作报告"), _("年检审核办结"), _("公开信息页公布")),
        form_title=_("社会组织年度工作报告公开信息表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("年度"),
            _("业务活动情况"),
            _("本年收入（元）"),
            _("本年支出（元）"),
            _("净资产合计（元）"),
        ),
        promised_setting="INSPECTION_REVIEW_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="archive-request",
        title=_("登记档案查询"),
        legal_basis=(
            _("《中华人民共和国档案法》"),
            _("《中华人民共和国律师法》第三十五条"),
            _("《中华人民共和国个人信息保护法》"),
        ),
        conditions=(
            _("社会组织查询本组织的登记档案"),
            _("代理案件的律师、人民法院、人民检察院和其他国家机关依法查询，须说明法律依据并提供证明"),
        ),
        materials=(
            _("查询申请（网上提交）"),
            _("律师执业证和委托书，或调查令、公函（本组织查询的除外）"),
        ),
        statutory_limit=_("自受理之日起20个工作日内答复；同意查询的，下载链接7日内有效"),
        process=(_("网上申请"), _("审核"), _("答复（同意的选定提供的材料）"), _("限期下载")),
        form_title=_("社会组织登记档案查询申请表"),
        form_fields=(
            _("查询对象名称或统一社会信用代码"),
            _("查询人姓名及身份"),
            _("工作单位"),
            _("案号或文号"),
            _("查询依据和用途"),
            _("联系电话"),
        ),
        promised_setting="ARCHIVE_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="election",
        title=_("社会组织换届备案"),
        legal_basis=(
            _("《基金会管理条例》第二十条（理事每届任期不得超过5年）"),
            _("《社会团体章程示范文本》《民办非企业单位章程示范文本》（每届任期最长不超过5年）"),
        ),
        conditions=(
            _("按章程由会员大会、会员代表大会或理事会完成换届选举"),
            _("每届任期最长不超过5年"),
            _("基金会每次换届、其他组织变更法定代表人的换届，须先进行换届前财务审计"),
        ),
        materials=(
            _("换届选举结果（会议决议或选举结果报告）"),
            _("当选负责人名单"),
            _("换届前财务审计报告（需要审计的）"),
        ),
        statutory_limit=_("备案事项，法规未规定办理时限"),
        process=(_("网上报送"), _("受理窗口审核"), _("备案或退回（说明理由）"), _("公开负责人和届期")),
        form_title=_("社会组织换届备案表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("换届选举日期"),
            _("选举机构"),
            _("每届任期（年）"),
            _("当选负责人"),
            _("审计机构及审计报告日期"),
        ),
        promised_setting="ELECTION_FILING_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="term-extension",
        title=_("社会组织延期换届"),
        legal_basis=(
            _("《社会团体章程示范文本》《民办非企业单位章程示范文本》（因特殊情况需延期换届的，延期最长不超过1年）"),
            _("《中华人民共和国行政许可法》第四十二条"),
        ),
        conditions=(
            _("有已备案的换届记录，因特殊情况不能按期换届"),
            _("延期后的换届日期不晚于任期届满后1年，每届任期只能延期一次"),
        ),
        materials=(_("延期换届申请（网上填写理由）"), _("理事会同意延期换届的决议")),
        statutory_limit=DECISION_LIMIT,
        process=(_("网上申请"), _("核准（准予或不予，说明理由）"), _("出具决定书")),
        form_title=_("社会组织延期换届申请表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("本届任期届满日期"),
            _("延期后的换届日期"),
            _("延期换届的理由"),
        ),
        promised_setting="TERM_EXTENSION_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="officer-filing",
        title=_("社会组织负责人备案"),
        legal_basis=(
            _("《社会团体章程示范文本》《民办非企业单位章程示范文本》（负责人的产生、罢免和任期）"),
            _("《基金会管理条例》第二十三条（理事长、副理事长和秘书长的任职条件）"),
            _("《居民身份证号码》（GB 11643-1999）"),
        ),
        conditions=(
            _("会长（理事长）、副会长（副理事长）、秘书长、监事的任职和免职"),
            _("会长（理事长）、秘书长各一人；同一人不得在本组织担任两个负责人职务"),
            _("任期不超过5年"),
            _("法定代表人的变更须办理变更登记，不适用负责人备案"),
        ),
        materials=(_("负责人变动情况（网上填写）"), _("任职人员身份证号码"), _("任免决议")),
        statutory_limit=_("备案事项，法规未规定办理时限"),
        process=(_("网上报送"), _("受理窗口审核"), _("备案或退回（说明理由）"), _("公开负责人姓名和职务")),
        form_title=_("社会组织负责人备案表"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("事项（任职或免职）"),
            _("职务"),
            _("姓名"),
            _("身份证号码"),
            _("任期届满日期"),
        ),
        promised_setting="ELECTION_FILING_WORKING_DAYS",
    ),
    ServiceGuide(
        slug="departure-audit",
        title=_("法定代表人离任审计备案"),
        legal_basis=(
            _("民政部关于社会组织法定代表人离任审计的要求"),
            _("《社会团体登记管理条例》第十八条（变更登记）"),
        ),
        conditions=(_("拟变更法定代表人的，须先对原法定代表人任职期间进行离任审计并备案，方可申请变更登记"),),
        materials=(_("离任审计报告"), _("审计机构名称和审计期间")),
        statutory_limit=_("网上报送即备案"),
        process=(_("网上上传审计报告"), _("即时备案"), _("申请变更法定代表人")),
        form_title=_("法定代表人离任审计备案表"),
        form_fields=(_("统一社会信用代码"), _("组织名称"), _("离任法定代表人"), _("审计机构"), _("审计期间")),
        promised_fixed_days=1,
    ),
    ServiceGuide(
        slug="decoupling",
        title=_("行业协会商会与行政机关脱钩"),
        legal_basis=(
            _("《行业协会商会与行政机关脱钩总体方案》（中办发〔2015〕39号）二、脱钩主体和范围"),
            _("《行业协会商会与行政机关脱钩总体方案》三、脱钩任务和措施（五分离、五规范）"),
        ),
        conditions=(
            _("行业协会商会类社会团体"),
            _("机构、职能、资产财务、人员管理、党建外事等事项五项分离全部经登记管理机关核实的，为已脱钩"),
            _("已核实的事项确需修改的，由登记管理机关重新开启并记录理由"),
        ),
        materials=(
            _("各事项完成情况说明（网上填写）"),
            _("证明材料，如取消主管关系的文件、独立账户开户证明、人员任免文件、党建和外事事项移交文件"),
        ),
        statutory_limit=_("《总体方案》未规定逐项核实的时限"),
        process=(_("网上逐项提交材料"), _("登记管理机关逐项核实或退回（说明理由）"), _("五项全部核实后公开显示已脱钩")),
        form_title=_("行业协会商会脱钩事项报告表"),
        form_fields=(_("统一社会信用代码"), _("组织名称"), _("脱钩事项"), _("完成情况说明"), _("证明材料目录")),
        promised_fixed_days=20,
    ),
    ServiceGuide(
        slug="purchase",
        title=_("政府购买服务项目和公益创投申报"),
        legal_basis=(
            _("《政府购买服务管理办法》（财政部令第102号）第八条（承接主体的条件）"),
            _("《关于通过政府购买服务支持社会组织培育发展的指导意见》（财综〔2016〕54号）"),
            _("项目征集公告（服务内容、申报条件、评分标准、截止时间）"),
        ),
        conditions=(
            _("依法登记、登记状态正常，未被限期停止活动"),
            _("最近一次年检结论为合格，未列入活动异常名录和严重违法失信名单"),
            _("参与前三年内无重大违法记录（未受到较重的行政处罚）"),
            _("未因承接项目结项评估不合格而处于限制申报期内"),
            _("符合征集公告的成立年限、评估等级等条件"),
        ),
        materials=(
            _("项目方案、服务对象和受益人数（网上填写）"),
            _("预算明细和项目团队（网上填写）"),
            _("项目实施方案、资质证明材料、预算说明等附件（PDF、JPG 或 PNG）"),
        ),
        statutory_limit=_("网上申报即时受理或不予受理；资格审查、评审、公示和立项按征集公告的时间安排"),
        process=(
            _("查看项目征集公告和本组织的申报资格"),
            _("在线填写申报书，保存草稿"),
            _("截止时间前提交（可在截止前撤回）"),
            _("购买主体资格审查"),
            _("专家评审、结果公示、立项"),
        ),
        form_title=_("政府购买服务项目申报书"),
        form_fields=(
            _("统一社会信用代码"),
            _("组织名称"),
            _("项目名称"),
            _("服务对象和受益人数"),
            _("项目方案"),
            _("预算明细（支出项目、金额、说明）"),
            _("项目团队"),
            _("联系人及联系电话"),
        ),
        promised_fixed_days=1,
    ),
    ServiceGuide(
        slug="community-filing",
        title=_("社区社会组织备案"),
        legal_basis=(_("《民政部关于大力培育发展社区社会组织的意见》（民发〔2017〕191号）"),),
        conditions=(
            _("在社区（村）范围内开展社区服务、公益慈善、文化、体育等活动，未达到社会组织登记条件"),
            _("成员不少于本地规定人数（默认10人），有负责人和章程（简要）"),
            _("有居（村）民委员会或枢纽型社会组织作为指导单位"),
            _("名称以队、社、协会、会、团、站等结尾，不得使用基金会、研究院、中心等法人组织形式"),
            _("备案的社区社会组织不是法人，不赋统一社会信用代码；达到登记条件的可申请转为登记"),
        ),
        materials=(
            _("备案信息（网上填写）"),
            _("负责人姓名和身份证号码"),
            _("章程要点"),
            _("成员名册（可选）"),
        ),
        statutory_limit=_("备案事项，法规未规定办理时限"),
        process=(
            _("网上提交"),
            _("街道（乡镇）备案或退回修改（说明理由）"),
            _("公开备案名录"),
            _("每年报送活动报告"),
        ),
        form_title=_("社区社会组织备案表"),
        form_fields=(
            _("名称"),
            _("备案街道（乡镇）"),
            _("活动领域"),
            _("活动地域"),
            _("成员人数"),
            _("负责人姓名及身份证号码"),
            _("指导单位"),
            _("章程（简要）"),
        ),
        promised_setting="COMMUNITY_FILING_DAYS",
    ),
)


def guide_for(slug: str) -> ServiceGuide | None:
    """The guide with this slug, or None."""
    return next((guide for guide in GUIDES if guide.slug == slug), None)
