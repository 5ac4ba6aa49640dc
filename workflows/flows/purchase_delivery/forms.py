"""Forms of a purchased project's delivery: contract and milestones, reports, decisions, payments, changes."""

from django import forms
from django.utils.translation import gettext_lazy

from registry.models import EvaluationGrade, EvaluationStage, Evaluator


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label, *, required=True):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ContractForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("合同编号"), max_length=60)
    signed_on = forms.DateField(label=gettext_lazy("签订日期"), widget=_date_input())
    amount = _money(gettext_lazy("合同金额（元）"))
    service_start = forms.DateField(
        label=gettext_lazy("合同约定的服务期开始日期（与立项相同的留空）"), required=False, widget=_date_input()
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("节点名称"), max_length=100, required=False)
    deliverable = forms.CharField(
        label=gettext_lazy("交付成果"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=gettext_lazy("完成期限"), required=False, widget=_date_input())
    payment_amount = _money(gettext_lazy("付款金额（元）"), required=False)

    def filled(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)

    def clean(self):
        data = super().clean()
        if self.filled() and any(data.get(name) in (None, "") for name in ("title", "due_on", "payment_amount")):
            raise forms.ValidationError(gettext_lazy("请填写该里程碑的节点名称、完成期限和付款金额。"))
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=4, max_num=12)


def milestone_rows(formset) -> list[dict]:
    """The filled rows of a valid milestone formset, in order."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and form.filled()]


class ReportForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("完成情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(
        label=gettext_lazy("佐证材料（PDF、JPG 或 PNG，可多选）"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("验收结论"),
        choices=[("accept", gettext_lazy("验收通过")), ("return", gettext_lazy("退回，请组织重新报送"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("验收意见（退回的须写明理由）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("付款日期"), widget=_date_input())
    amount = _money(gettext_lazy("付款金额（元）"))


class ChangeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("变更理由"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = _money(gettext_lazy("变更后的合同金额（元，不变的留空）"), required=False)
    service_end = forms.DateField(
        label=gettext_lazy("变更后的服务期结束日期（不变的留空）"), required=False, widget=_date_input()
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("终止理由"), widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(label=gettext_lazy("我已知悉：终止后未验收的里程碑全部取消，不能恢复"))


class AssignForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("评估阶段"), choices=EvaluationStage.choices)
    evaluator = forms.ModelChoiceField(
        label=gettext_lazy("第三方评估专家"), queryset=Evaluator.objects.filter(active=True).select_related("user")
    )


class EvaluationForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("评估结果"), choices=EvaluationGrade.choices, widget=forms.RadioSelect)
    score = forms.DecimalField(
        label=gettext_lazy("评估得分（百分制，可不填）"),
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=100,
    )
    findings = forms.CharField(label=gettext_lazy("评估意见"), widget=forms.Textarea(attrs={"rows": 4}))
    evaluated_on = forms.DateField(label=gettext_lazy("评估日期"), widget=_date_input())
