"""The audit trail: hash chains over the history and the ID-number log catch rows changed, inserted or deleted."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from registry.choices import HistoryAction
from registry.models import ChainHead, IdNumberDisclosure, OrganizationHistory
from registry.rules.audit_chain import GENESIS, ChainRecord, chain_problems, link_hash
from registry.services.audit_trail import anchor_write, chains_verify
from registry.services.register import organization_create, organization_update
from tests.registry.test_organizations import fields

# -- the rule, on plain records ---------------------------------------------------------------------------------


def chain(*payloads):
    records, previous = [], GENESIS
    for seq, payload in enumerate(payloads, start=1):
        digest = link_hash(previous, seq, payload)
        records.append(ChainRecord(seq * 10, seq, previous, digest, payload))
        previous = digest
    return records


def kinds(problems):
    return [(p.kind, p.record_id) for p in problems]


def test_an_intact_chain_has_no_problem():
    records = chain({"a": 1}, {"a": 2}, {"a": 3})
    assert chain_problems(records, head=(3, records[-1].hash)) == []


def test_a_changed_record_is_named():
    records = chain({"a": 1}, {"a": 2}, {"a": 3})
    records[1] = ChainRecord(20, 2, records[1].previous, records[1].hash, {"a": 99})
    assert kinds(chain_problems(records)) == [("changed", 20)]


def test_a_deleted_record_is_named_by_the_record_after_the_gap_and_a_cut_end_by_the_head():
    records = chain({"a": 1}, {"a": 2}, {"a": 3})
    assert kinds(chain_problems([records[0], records[2]])) == [("missing", 30)]
    assert kinds(chain_problems(records[:2], head=(3, records[2].hash))) == [("truncated", None)]


def test_an_inserted_record_is_named_whether_or_not_its_hash_was_computed():
    records = chain({"a": 1}, {"a": 2})
    forged = ChainRecord(15, 2, records[0].hash, link_hash(records[0].hash, 2, {"a": "x"}), {"a": "x"})
    assert kinds(chain_problems([records[0], forged, records[1]])) == [("inserted", 20)]
    unsealed = ChainRecord(16, 0, "", "", {"a": "y"})
    assert kinds(chain_problems([records[0], records[1], unsealed])) == [("unsealed", 16)]


# -- the database: rows edited, deleted and inserted through SQL ------------------------------------------------


@pytest.fixture
def history(minhang, officer):
    organization = organization_create(by=officer, reason="核准成立登记", **fields(minhang))
    organization_update(
        organization=organization,
        by=officer,
        reason="变更住所",
        action=HistoryAction.CHANGED,
        domicile="上海市闵行区莘庄镇莘建路1号",
    )
    organization_update(
        organization=organization,
        by=officer,
        reason="变更业务范围",
        action=HistoryAction.CHANGED,
        business_scope="组织志愿服务",
    )
    return list(OrganizationHistory.objects.filter(organization=organization).order_by("chain_seq"))


def tamper(sql, params=()):
    """What someone with the database's owner rights can do: switch the append-only trigger off and write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts leave deferred checks pending
            cursor.execute("ALTER TABLE registry_organizationhistory DISABLE TRIGGER registry_history_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE registry_organizationhistory ENABLE TRIGGER registry_history_append_only")


def verify_output(**options):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue(), str(raised.value)


@pytest.mark.django_db
def test_history_written_by_the_services_is_sealed_in_one_chain_per_organization(history):
    assert [entry.chain_seq for entry in history] == [1, 2, 3]
    assert history[1].chain_prev == history[0].chain_hash
    head = ChainHead.objects.get(chain=f"history:{history[0].organization_id}")
    assert (head.seq, head.hash) == (3, history[2].chain_hash)
    assert chains_verify() == []
    out = io.StringIO()
    call_command("audit_verify", "--no-anchor", stdout=out)
    assert "审计链完好" in out.getvalue()


@pytest.mark.django_db
def test_audit_verify_names_a_row_edited_in_sql(history):
    tamper("UPDATE registry_organizationhistory SET reason = %s WHERE id = %s", ["篡改的理由", history[1].id])
    output, error = verify_output(no_anchor=True)
    assert f"registry_organizationhistory row id={history[1].id}" in output and "changed" in output
    assert "1 处问题" in error


@pytest.mark.django_db
def test_audit_verify_names_a_row_deleted_in_sql(history):
    tamper("DELETE FROM registry_organizationhistory WHERE id = %s", [history[1].id])
    output, _error = verify_output(no_anchor=True)
    assert f"row id={history[2].id}" in output and "missing" in output and "place 2" in output


@pytest.mark.django_db
def test_audit_verify_names_a_row_inserted_in_sql(history):
    first = history[0]
    tamper(
        "INSERT INTO registry_organizationhistory (organization_id, at, action, changes, reason, imported, chain_seq,"
        " chain_prev, chain_hash) VALUES (%s, %s, %s, %s, %s, false, 2, %s, %s)",
        [first.organization_id, timezone.now(), first.action, json.dumps({}), "补记", first.chain_hash, "f" * 64],
    )
    inserted = OrganizationHistory.objects.order_by("-id").first().id
    output, _error = verify_output(no_anchor=True)
    assert f"row id={inserted}" in output


@pytest.mark.django_db
def test_a_chain_recomputed_after_an_edit_is_caught_by_the_signed_anchor(history, settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path
    call_command("audit_anchor", stdout=io.StringIO())
    # A careful forger edits the first row, recomputes every hash after it and moves the head on.
    edited = {**history[0].chain_payload(), "reason": "篡改的理由"}
    previous, rows = GENESIS, []
    for entry in history:
        payload = edited if entry.pk == history[0].pk else entry.chain_payload()
        digest = link_hash(previous, entry.chain_seq, payload)
        rows.append((payload["reason"], previous, digest, entry.pk))
        previous = digest
    for reason, prev, digest, pk in rows:
        tamper(
            "UPDATE registry_organizationhistory SET reason = %s, chain_prev = %s, chain_hash = %s WHERE id = %s",
            [reason, prev, digest, pk],
        )
    ChainHead.objects.filter(chain=f"history:{history[0].organization_id}").update(hash=previous)
    assert chains_verify() == []  # the chain alone looks whole
    output, _error = verify_output()
    assert "rewritten" in output and f"row id={history[2].id}" in output


@pytest.mark.django_db
def test_an_edited_anchor_file_is_not_trusted(history, settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path
    path = anchor_write(directory=tmp_path, at=datetime.datetime(2026, 12, 5, tzinfo=datetime.UTC))
    wrapper = json.loads(path.read_text())
    anchor = json.loads(wrapper["anchor"])
    key = f"history:{history[0].organization_id}"
    anchor["chains"][key] = [2, history[1].chain_hash]
    wrapper["anchor"] = json.dumps(anchor, sort_keys=True, separators=(",", ":"))
    path.write_text(json.dumps(wrapper))
    _output, error = verify_output()
    assert "不可信" in error


@pytest.mark.django_db
def test_id_number_views_are_sealed_in_their_own_chain(officer, minhang):
    first = IdNumberDisclosure.objects.create(
        by=officer,
        roles="window",
        jurisdiction=minhang,
        purpose="view",
        case_reference="A-1",
        person_name="张伟",
        person_role="法定代表人",
        id_number_masked="110105********002X",
    )
    second = IdNumberDisclosure.objects.create(
        by=officer,
        roles="window",
        jurisdiction=minhang,
        purpose="view",
        case_reference="A-1",
        person_name="李娜",
        person_role="负责人",
        id_number_masked="110105********0011",
    )
    assert (first.chain_seq, second.chain_seq, second.chain_prev) == (1, 2, first.chain_hash)
    assert chains_verify() == []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE registry_idnumberdisclosure DISABLE TRIGGER registry_disclosure_append_only")
        cursor.execute("UPDATE registry_idnumberdisclosure SET person_name = %s WHERE id = %s", ["王某", first.id])
    assert [(f.problem.kind, f.problem.record_id) for f in chains_verify()] == [("changed", first.id)]
