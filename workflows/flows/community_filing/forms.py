"""Forms of the community filing: the applicant's filing, the annual activity report, the officer's decision."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registry.choices import OrgType
from registry.models import CommunityGroup, Subdistrict
from registry.services.community import hub_organizations


class SubdistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.district.name} {obj.name}"


class FilingForm(forms.ModelForm):
    subdistrict = SubdistrictChoiceField(
        label=_("备案街道（乡镇）"),
        queryset=Subdistrict.objects.select_related("district").order_by("district", "code"),
    )
    member_list = forms.FileField(label=_("成员名册（可选，PDF或图片）"), required=False)

    class Meta:
        model = CommunityGroup
        fields = [
            "subdistrict",
            "name",
            "field",
            "activity_area",
            "member_count",
            "responsible_name",
            "responsible_id_number",
            "responsible_phone",
            "guiding_kind",
            "guiding_unit_name",
            "hub",
            "charter_summary",
        ]
        widgets = {"charter_summary": forms.Textarea(attrs={"rows": 5}), "guiding_kind": forms.RadioSelect}
        help_texts = {
            "name": _("如：古美路街道夕阳红舞蹈队、梅陇镇邻里互助服务队；不得使用基金会、研究院、中心等法人组织形式"),
            "member_count": _("不少于%(minimum)s人（民发〔2017〕191号）")
            % {"minimum": settings.REGISTRY["COMMUNITY_MIN_MEMBERS"]},
            "guiding_unit_name": _("指导单位为居委会或村委会时填写，如：古美一村居民委员会"),
            "charter_summary": _("宗旨、活动内容、成员、负责人产生办法、经费来源等要点"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hub_organizations()
        self.fields["hub"].required = False
        self.fields["responsible_id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["responsible_phone"].widget.attrs.update({"inputmode": "tel"})


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("报告年度"), coerce=int)
    activity_count = forms.IntegerField(label=_("开展活动次数"), min_value=0)
    activities = forms.CharField(label=_("主要活动情况"), widget=forms.Textarea(attrs={"rows": 4}))
    member_count = forms.IntegerField(label=_("年末成员人数"), min_value=0)
    funds_received = forms.DecimalField(label=_("全年收到资金（元）"), min_value=0, max_digits=12, decimal_places=2)
    funds_sources = forms.CharField(label=_("资金来源"), required=False, max_length=200)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("注销备案的理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(label=_("我确认注销备案：注销后不再列入备案名录，公开页面显示为已注销备案"))


class MoveUpForm(forms.Form):
    org_type = forms.ChoiceField(
        label=_("拟登记的组织类型"),
        choices=[
            (OrgType.SOCIAL_ASSOCIATION.value, OrgType.SOCIAL_ASSOCIATION.label),
            (OrgType.SERVICE_AGENCY.value, OrgType.SERVICE_AGENCY.label),
        ],
        widget=forms.RadioSelect,
        initial=OrgType.SOCIAL_ASSOCIATION.value,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("办理结论"),
        choices=[("file", _("予以备案")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("退回理由（逐项写明需要修改的内容）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
