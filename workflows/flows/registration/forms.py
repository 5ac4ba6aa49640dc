"""Forms of the applicant portal; they only shape input, the services decide."""

import uuid
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.choices import JurisdictionLevel, OrgType
from registry.models import Jurisdiction, RegistrationApplication
from registry.rules.idcards import id_number_errors
from registry.rules.person_names import person_name_errors


class NewApplicationForm(forms.Form):
    org_type = forms.ChoiceField(label=_("组织类型"), choices=OrgType.choices, widget=forms.RadioSelect)
    jurisdiction = forms.ModelChoiceField(
        label=_("登记管理机关"),
        queryset=Jurisdiction.objects.exclude(level=JurisdictionLevel.NATIONAL),
        help_text=_("在区内活动的向区民政局申请；跨区活动的和基金会向市民政局申请"),
    )
    create_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ParticularsForm(forms.ModelForm):
    """Name, domicile, area, scope, funds, basis and members."""

    class Meta:
        model = RegistrationApplication
        fields = [
            "name",
            "trade_name",
            "domicile",
            "activity_area",
            "business_scope",
            "registered_funds",
            "competent_unit",
            "direct_category",
            "individual_members",
            "unit_members",
            "foundation_fundraising",
            "contact_phone",
            "decision_date",
            "consent_date",
            "liquidation_summary",
        ]
        widgets = {
            "business_scope": forms.Textarea(attrs={"rows": 3}),
            "decision_date": forms.DateInput(attrs={"type": "date"}),
            "consent_date": forms.DateInput(attrs={"type": "date"}),
            "liquidation_summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        if application.org_type != OrgType.SOCIAL_ASSOCIATION or application.kind == "change":
            del self.fields["individual_members"], self.fields["unit_members"]
        if application.org_type != OrgType.FOUNDATION or application.kind in ("change", "deregistration"):
            del self.fields["foundation_fundraising"]
        if application.org_type == OrgType.SOCIAL_ASSOCIATION:
            del self.fields["trade_name"]
        if application.kind == "deregistration":
            for name in list(self.fields):
                if name not in ("decision_date", "liquidation_summary", "contact_phone"):
                    del self.fields[name]
            self.fields["decision_date"].label = _("作出解散决定的日期")
            self.fields["decision_date"].help_text = _("会员大会、理事会或举办者作出解散（终止）决定的日期")
            return
        del self.fields["liquidation_summary"]
        if application.kind != "change":
            del self.fields["decision_date"]
        if application.kind != "change" or application.org_type == OrgType.FOUNDATION:
            del self.fields["consent_date"]
        if application.kind == "establishment":
            self.fields["name"].disabled = True
        if application.kind == "change":
            self.fields["name"].label = _("名称")
            self.fields["name"].help_text = _("现登记名称；变更名称的，填写拟变更的名称")
        if application.org_type == OrgType.FOUNDATION:
            self.fields["registered_funds"].label = _("原始基金（元）")
        elif application.org_type == OrgType.SOCIAL_ASSOCIATION:
            self.fields["registered_funds"].label = _("活动资金（元）")
        else:
            self.fields["registered_funds"].label = _("开办资金（元）")
        check = {"org_type": application.org_type, "jurisdiction": application.jurisdiction_id}
        if application.organization_id:
            # The organization's own current name is not taken by someone else.
            check["organization"] = application.organization_id
        check_url = reverse("portal_name_check") + "?" + urlencode(check)
        self.fields["name"].widget.attrs.update({"data-name-check-url": check_url, "autocomplete": "off"})


def _id_number(value: str) -> str:
    errors = id_number_errors(value)
    if errors:
        raise forms.ValidationError(errors)
    return value


def _person_name(value: str) -> str:
    errors = person_name_errors(value)
    if errors:
        raise forms.ValidationError(errors)
    return value


class LegalRepForm(forms.Form):
    legal_rep_name = forms.CharField(label=_("法定代表人姓名"), max_length=40, validators=[_person_name])
    legal_rep_id_number = forms.CharField(label=_("法定代表人身份证号码"), max_length=18, validators=[_id_number])


class OfficerForm(forms.Form):
    position = forms.CharField(label=_("职务"), max_length=20)
    name = forms.CharField(label=_("姓名"), max_length=40, validators=[_person_name])
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, validators=[_id_number])
    full_time = forms.BooleanField(label=_("专职"), required=False)


OfficerFormSet = forms.formset_factory(OfficerForm, extra=2, can_delete=True, max_num=30)


class UploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("选择文件（PDF、JPEG 或 PNG）"))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        choices=[
            (5, _("5 非常满意")),
            (4, _("4 满意")),
            (3, _("3 基本满意")),
            (2, _("2 不满意")),
            (1, _("1 非常不满意")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见和建议"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("评价为不满意或非常不满意的，请写明原因（必填）。"),
    )
