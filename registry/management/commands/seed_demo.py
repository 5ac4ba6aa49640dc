"""Load deterministic demo organizations and the demo accounts."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from tqdm import tqdm

from registry.choices import HistoryAction, OfficerRole
from registry.demo import AS_OF, certificate_issued_on, demo_branches, generate, last_election
from registry.models import (
    ApplicantProfile,
    Branch,
    CharterSource,
    CreditEntry,
    Election,
    Evaluator,
    FilingStatus,
    Jurisdiction,
    Organization,
    OrganizationHistory,
    OrganizationOfficer,
    seal,
)
from registry.rules.branches import sub_kind_of
from registry.rules.credit import CreditList, CreditReason
from registry.rules.deadlines import add_years
from registry.rules.elections import OfficerPosition, VotingBody, position_title, term_ends_on
from registry.selectors.charters import model_charter_for
from registry.services.certificates import issue_grade_certificate, issue_registration_certificates, verification_url
from registry.services.codes import CodeSerials, uscc_for_serial
from registry.services.officers import officer_assign, officers_group
from registry.services.register import TRACKED_FIELDS, _history_value, charter_record

DEMO_PASSWORD = "Demo-2026-shmz"
# (username, real name, jurisdiction code, roles, staff?)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", None, (), True),
    ("applicant", "王晓明", None, (), False),
    ("mh_window", "闵行区受理窗口", "310112", (OfficerRole.WINDOW,), True),
    (
        "mh_reviewer",
        "闵行区审查员",
        "310112",
        (OfficerRole.REVIEWER, OfficerRole.INSPECTOR, OfficerRole.EVALUATOR),
        True,
    ),
    ("mh_approver", "闵行区科长", "310112", (OfficerRole.APPROVER,), True),
    # A second Minhang inspector: a spot check sends at least 2 inspectors on site (抽查暂行办法).
    ("mh_inspector", "闵行区监管员", "310112", (OfficerRole.INSPECTOR,), True),
    ("mh_head", "闵行区民政局局长", "310112", (OfficerRole.HEAD,), True),
    ("sj_window", "松江区受理窗口", "310117", (OfficerRole.WINDOW,), True),
    (
        "sj_reviewer",
        "松江区审查员",
        "310117",
        (OfficerRole.REVIEWER, OfficerRole.INSPECTOR, OfficerRole.EVALUATOR),
        True,
    ),
    ("sj_approver", "松江区科长", "310117", (OfficerRole.APPROVER,), True),
    ("sj_head", "松江区民政局局长", "310117", (OfficerRole.HEAD,), True),
    ("sh_head", "上海市民政局局长", "310000", (OfficerRole.HEAD,), True),  # the city: statistics of its districts
    ("evaluator", "评估专家", None, (), False),
    ("evaluator2", "评估专家（二）", None, (), False),
]
# Third-party evaluators among the demo accounts, with their agency.
DEMO_EVALUATORS = {"evaluator": "上海浦江社会组织评估中心", "evaluator2": "上海浦江社会组织评估中心"}
BATCH = 5000
# The authenticator device of each demo staff account (`manage.py demo_totp` prints its current code).
DEMO_DEVICE_NAME = "演示验证器"


def ensure_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts if missing; return (username, who, roles) rows for the console."""
    User = get_user_model()
    officers = officers_group()
    rows = []
    for username, real_name, code, roles, staff in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": real_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = staff
            user.is_superuser = username == "admin"
            user.email = f"{username}@example.org"
            user.save()
        if username == "applicant":
            ApplicantProfile.objects.get_or_create(
                user=user,
                defaults={"real_name": real_name, "id_number": "11010519491231002X", "email": user.email},
            )
        if username in DEMO_EVALUATORS:
            Evaluator.objects.get_or_create(user=user, defaults={"agency": DEMO_EVALUATORS[username]})
        if code:
            jurisdiction = Jurisdiction.objects.get(code=code)
            for role in roles:
                officer_assign(user=user, jurisdiction=jurisdiction, role=role)
            if staff:
                user.groups.add(officers)
        if staff:
            # Staff log in with a second factor; `manage.py demo_totp` prints the demo device's current code.
            TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": DEMO_DEVICE_NAME})
        labels = [str(OfficerRole(r).label) for r in roles]
        if username in DEMO_EVALUATORS:
            labels.append(_("第三方评估专家"))
        rows.append((username, real_name, "、".join(labels)))
    return rows


def demo_credit_entries(organizations) -> list:
    """The credit-list entries behind the demo's flags, so the lists and the flags agree."""
    entries = []
    for org in organizations:
        if org.on_abnormal_list:
            entries.append(
                CreditEntry(
                    organization=org,
                    credit_list=CreditList.ABNORMAL,
                    reason_code=CreditReason.ANNUAL_REPORT_MISSING,
                    reason=f"未按时提交{AS_OF.year - 1}年度工作报告",
                    year=AS_OF.year - 1,
                    authority=org.jurisdiction,
                    listed_on=datetime.date(AS_OF.year, 6, 1),
                )
            )
        if org.on_dishonest_list and org.status_changed_on:
            entries.append(
                CreditEntry(
                    organization=org,
                    credit_list=CreditList.DISHONEST,
                    reason_code=CreditReason.REVOKED,
                    reason="被撤销登记",
                    authority=org.jurisdiction,
                    listed_on=org.status_changed_on,
                    removable_from=add_years(org.status_changed_on, 2),
                )
            )
    return entries


def demo_elections(organizations) -> tuple[list, list]:
    """Each registered organization's last election on record and its chair (the legal representative);
    some terms have ended with no election filed, so the overdue-election list has work in it."""
    elections, chairs = [], []
    for org in organizations:
        last = last_election(org.name, org.founded_on) if org.status == "normal" else None
        if last is None:
            continue
        elected_on, years = last
        ends_on = term_ends_on(elected_on, years)
        body = VotingBody.GENERAL_ASSEMBLY if org.org_type == "1" else VotingBody.COUNCIL
        title = position_title(OfficerPosition.CHAIR, org.org_type)
        elections.append(
            Election(
                organization=org,
                elected_on=elected_on,
                voting_body=body,
                term_years=years,
                term_ends_on=ends_on,
                officers_elected=f"{title}{org.legal_rep_name}",
                status=FilingStatus.FILED,
                imported=True,
            )
        )
        chairs.append(
            OrganizationOfficer(
                organization=org,
                position=title,
                name=org.legal_rep_name,
                id_number=org.legal_rep_id_number,
                term_starts_on=elected_on,
                term_ends_on=ends_on,
                imported=True,
            )
        )
    return elections, chairs


class Command(BaseCommand):
    help = _("生成确定性的演示社会组织（按 --seed 可复现）和演示账号。")

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=2000, help=_("组织数量（默认 2000）"))
        parser.add_argument("--seed", type=int, default=2026, help=_("随机种子（默认 2026）"))
        parser.add_argument("--no-accounts", action="store_true", help=_("不创建演示账号"))

    def handle(self, *args, orgs: int, seed: int, no_accounts: bool, **options):
        if orgs < 0 or orgs > 2_000_000:
            raise CommandError(_("--orgs 应在 0 至 2000000 之间。"))
        if not no_accounts:
            rows = ensure_demo_accounts()
            self.stdout.write(_("演示账号（密码均为 %(pw)s）：") % {"pw": DEMO_PASSWORD})
            for username, who, roles in rows:
                self.stdout.write(f"  {username:<12} {who}  {roles}")
        existing = Organization.objects.count()
        if existing:
            self.stdout.write(_("登记簿中已有 %(n)d 个组织，未重复生成演示数据。") % {"n": existing})
            return
        self.stdout.write(_("生成 %(n)d 个演示组织（种子 %(seed)d）…") % {"n": orgs, "seed": seed})
        created = self.seed(orgs=orgs, seed=seed)
        self.stdout.write(self.style.SUCCESS(_("已生成 %(n)d 个组织。") % {"n": created}))
        self.seed_branches(seed=seed)
        if not no_accounts:
            self.issue_demo_certificates()

    def issue_demo_certificates(self):
        """Issue certificates to a few Minhang organizations; the demo applicant acts for the first."""
        from guardian.shortcuts import assign_perm

        sample = Organization.objects.filter(status="normal", jurisdiction__code="310112").order_by("-grade", "pk")[:3]
        for index, organization in enumerate(sample):
            with transaction.atomic():
                # The certificate in force, issued when the register says, so both state the same validity.
                issued_on = certificate_issued_on(
                    organization.founded_on, years=settings.REGISTRY["CERTIFICATE_VALIDITY_YEARS"]
                )
                certificates = issue_registration_certificates(organization=organization, issued_on=issued_on)
                if organization.grade:
                    certificates.append(issue_grade_certificate(organization=organization))
                # The charter on file, from the Ministry's model text, so charter approval has a text to amend.
                charter_record(
                    organization=organization,
                    text=model_charter_for(organization),
                    on=organization.founded_on or issued_on,
                    source=CharterSource.RECORDED,
                )
            if index == 0:
                assign_perm(
                    "registry.manage_organization", get_user_model().objects.get(username="applicant"), organization
                )
                self.stdout.write(
                    _("演示证书：%(name)s，核验地址 %(url)s")
                    % {"name": organization.name, "url": verification_url(certificates[0])}
                )

    def seed(self, *, orgs: int, seed: int) -> int:
        rng = random.Random(seed)
        jurisdictions = list(Jurisdiction.objects.order_by("code"))
        preferred = ["310112", "310117", "310151"]
        jurisdictions.sort(
            key=lambda j: (j.code not in preferred, preferred.index(j.code) if j.code in preferred else 0, j.code)
        )
        by_code = {j.code: j for j in jurisdictions}
        choices = [(j.code, j.full_name, j.name) for j in jurisdictions]
        validity = settings.REGISTRY["CERTIFICATE_VALIDITY_YEARS"]
        taken: set = set()
        serials = CodeSerials(chunk=min(max(orgs, 1), 1000))
        created = 0
        with tqdm(total=orgs, unit="org", disable=orgs < BATCH, file=self.stderr) as bar:
            while created < orgs:
                size = min(BATCH, orgs - created)
                batch = []
                for _ in range(size):
                    demo = generate(rng, jurisdictions=choices, taken=taken, validity_years=validity)
                    fields = demo.__dict__.copy()
                    jurisdiction = by_code[fields.pop("jurisdiction_code")]
                    org = Organization(jurisdiction=jurisdiction, **fields)
                    if org.status != "preparing":
                        serial = serials.next_for(jurisdiction.code)
                        org.uscc = uscc_for_serial(serial=serial, org_type=org.org_type, jurisdiction=jurisdiction)
                    batch.append(org)
                with transaction.atomic():
                    Organization.objects.bulk_create(batch)
                    history = [
                        OrganizationHistory(
                            organization=org,
                            action=HistoryAction.REGISTERED,
                            changes={f: [None, _history_value(org, f)] for f in TRACKED_FIELDS},
                            reason="演示数据（seed_demo）",
                        )
                        for org in batch
                    ]
                    seal(history)
                    OrganizationHistory.objects.bulk_create(history)
                    CreditEntry.objects.bulk_create(demo_credit_entries(batch))
                    elections, chairs = demo_elections(batch)
                    Election.objects.bulk_create(elections)
                    OrganizationOfficer.objects.bulk_create(chairs)
                created += size
                bar.update(size)
        return created

    def seed_branches(self, *, seed: int, associations: int = 6) -> int:
        """Give the first registered associations of each of the three demo districts a few branches and offices."""
        rng = random.Random(seed)
        branches = []
        for code in ("310112", "310117", "310151"):
            sample = Organization.objects.filter(status="normal", org_type="1", jurisdiction__code=code).order_by("pk")
            for index, association in enumerate(sample[: associations // 3]):
                for fields in demo_branches(
                    rng, association_name=association.name, division_code=code, count=4 - index % 3
                ):
                    closed_on = fields.pop("closed_on")
                    branches.append(
                        Branch(
                            organization=association,
                            sub_kind=sub_kind_of(fields["name"]),
                            address=association.domicile,
                            status="closed" if closed_on else "active",
                            closed_on=closed_on,
                            closing_reason="已完成本会交办的任务（演示数据）" if closed_on else "",
                            **fields,
                        )
                    )
        Branch.objects.bulk_create(branches)
        return len(branches)
