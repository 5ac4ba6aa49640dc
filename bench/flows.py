"""Registration end to end through the workflow engine, and the officer inbox with 10,000 open tasks.

Runs in its own PostgreSQL database (registry_bench_flow). Prints markdown tables.

Usage: .venv/bin/python bench/flows.py [--processes 30] [--tasks 10000]
"""

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import migrated_database  # noqa: E402

PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")
DATABASE = "registry_bench_flow"


def prepare() -> None:
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DATABASE}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not migrated_database(DATABASE):
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--orgs", "0"], env=env, check=True, capture_output=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{DATABASE}"
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "bench_flow"
    # The inbox is measured for a signed-in officer; the second factor at login is not what is measured.
    os.environ["REGISTRY_STAFF_OTP_REQUIRED"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_names():
    """(name, trade name) pairs 上海市闵行区<three cyclic characters>社区服务中心 not yet in the register."""
    from registry.models import Organization, RegistrationApplication

    used = set(Organization.objects.values_list("name", flat=True)) | set(
        RegistrationApplication.objects.values_list("name", flat=True)
    )
    stems = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    for a, b, c in itertools.product(stems, repeat=3):
        name = f"上海市闵行区{a}{b}{c}社区服务中心"
        if name not in used:
            yield name, f"{a}{b}{c}"


def new_application(applicant, jurisdiction, name_and_trade_name):
    """A complete draft (particulars, officer, every required document), as an applicant fills it online."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.choices import DirectCategory, OrgType
    from registry.services import application_checks, application_drafts
    from workflows.management.commands.seed_demo_applications import demo_pdf

    application = application_drafts.application_start(
        applicant=applicant, org_type=OrgType.SERVICE_AGENCY, jurisdiction=jurisdiction, create_token=uuid.uuid4()
    )
    application = application_drafts.application_update(
        application=application,
        by=applicant,
        name=name_and_trade_name[0],
        trade_name=name_and_trade_name[1],
        domicile="上海市闵行区莘庄镇莘建路88号",
        activity_area="上海市闵行区",
        business_scope="社区服务",
        registered_funds=100000,
        direct_category=DirectCategory.COMMUNITY,
        legal_rep_name="王晓明",
        legal_rep_id_number="11010519491231002X",
        contact_phone="021-64100000",
    )
    application_drafts.officers_replace(
        application=application,
        by=applicant,
        officers=[{"position": "主任", "name": "王晓明", "id_number": "11010519491231002X"}],
    )
    for requirement in application_checks.required_documents(application):
        application_drafts.document_attach(
            application=application,
            requirement=requirement,
            uploaded=SimpleUploadedFile("a.pdf", demo_pdf()),
            by=applicant,
        )
    return application


def officer_step(application, officer, decide) -> None:
    """Claim and complete the application's open task as `officer`, deciding with `decide(application, officer)`."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.engine.runner import officer_task_complete

    task = Task.objects.get(process__bureauprocess__application=application, flow_task_type="HUMAN", status=STATUS.NEW)
    officer_task_complete(task=task, by=officer, decide=lambda a: decide(a, officer))


def registration(count: int, actors: dict) -> list[tuple[str, float, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.services import application_review, register
    from workflows.flows.registration.services import registration_submit

    steps: dict[str, list[tuple[float, int]]] = {}

    def measured(step, func, *args):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = func(*args)
            steps.setdefault(step, []).append((time.perf_counter() - started, len(queries)))
        return result

    decisions = [
        (
            "受理 accept",
            "mh_window",
            lambda a, by: application_review.application_accept(application=a, by=by),
        ),
        (
            "审查 review",
            "mh_reviewer",
            lambda a, by: application_review.application_review(application=a, by=by, opinion="符合登记条件"),
        ),
        (
            "核准 approve",
            "mh_approver",
            lambda a, by: application_review.application_approve(application=a, by=by),
        ),
        (
            "发证 issue (code, register, 2 certificates rendered, index)",
            "mh_window",
            lambda a, by: register.organization_register(application=a, by=by),
        ),
    ]
    names = free_names()
    started = time.perf_counter()
    for _ in range(count):
        application = measured(
            "apply (draft, 8 uploads)", new_application, actors["applicant"], actors["minhang"], next(names)
        )
        measured(
            "submit (starts the process)",
            lambda app: registration_submit(application=app, by=actors["applicant"], declared=True),
            application,
        )
        for step, officer, decide in decisions:
            measured(step, officer_step, application, actors[officer], decide)
    total = time.perf_counter() - started
    rows = [
        (step, statistics.median(t for t, _ in values) * 1000, statistics.median(q for _, q in values))
        for step, values in steps.items()
    ]
    rows.append((f"whole process, {count} registrations", total / count * 1000, count * 60 / total))
    return rows


def inbox(tasks: int, runs: int = 20) -> tuple[float, float, int, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    from workflows.flows.registration import RegistrationFlow

    User = get_user_model()
    window = User.objects.get(username="mh_window")
    Process.objects.filter(data__bench=True).delete()
    # One real submitted application, then its process and open 受理 task cloned `tasks` times in bulk.
    template = (
        Task.objects.filter(flow_task=RegistrationFlow.accept, status=STATUS.NEW).select_related("process").first()
    )
    if template is None:
        raise SystemExit("no open acceptance task to clone: run the registration bench first")
    base = template.process
    clones = Process.objects.bulk_create(
        [Process(flow_class=base.flow_class, status=base.status, data={"bench": True}) for _ in range(tasks)]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO workflows_bureauprocess (process_ptr_id, jurisdiction_id, application_id, dormancy_case_id)"
            " SELECT p.id, b.jurisdiction_id, b.application_id, NULL FROM viewflow_process p, workflows_bureauprocess b"
            " WHERE p.data @> '{\"bench\": true}' AND b.process_ptr_id = %s",
            [base.pk],
        )
    Task.objects.bulk_create(
        [
            Task(
                process=process,
                flow_task=template.flow_task,
                flow_task_type=template.flow_task_type,
                status=STATUS.NEW,
                token=template.token,
                owner_permission=template.owner_permission,
                owner_permission_content_type_id=template.owner_permission_content_type_id,
                owner_permission_obj_pk=template.owner_permission_obj_pk,
                data={},
            )
            for process in clones
        ],
        batch_size=2000,
    )
    client = Client()
    client.force_login(window)
    client.get("/workflow/work/")  # warm-up
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/workflow/work/")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = len(captured)
    open_tasks = Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN").count()
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries, open_tasks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=30)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    prepare()
    setup_django()
    from django.contrib.auth import get_user_model

    from registry.models import Jurisdiction
    from workflows.flows.registration.services import registration_submit

    User = get_user_model()
    actors = {
        name: User.objects.get(username=name) for name in ("applicant", "mh_window", "mh_reviewer", "mh_approver")
    }
    actors["minhang"] = Jurisdiction.objects.get(code="310112")
    rows = registration(args.processes, actors)
    print("\n| registration step | median ms | median queries |\n|---|---:|---:|")
    for step, ms, queries in rows[:-1]:
        print(f"| {step} | {ms:.0f} | {queries:.0f} |")
    label, ms, per_minute = rows[-1]
    print(f"| {label} | {ms:.0f} per registration | {per_minute:.0f} registrations/minute |")
    # One application left waiting for acceptance: its task is cloned to fill the inbox.
    waiting = new_application(actors["applicant"], actors["minhang"], next(free_names()))
    registration_submit(application=waiting, by=actors["applicant"], declared=True)
    p50, p95, queries, open_tasks = inbox(args.tasks)
    print("\n| officer inbox | p50 ms | p95 ms | queries |\n|---|---:|---:|---:|")
    print(f"| `/workflow/work/` with {open_tasks:,} open tasks in the bureau | {p50:.0f} | {p95:.0f} | {queries} |")


if __name__ == "__main__":
    main()
