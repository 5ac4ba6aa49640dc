"""Check the hash chains of the append-only records, and anchor their heads in signed files outside the database.

`manage.py audit_anchor` writes the day's anchor (every chain's last place and hash, signed with
REGISTRY_AUDIT_ANCHOR_KEY, a key that is not in the database); `manage.py audit_verify` walks every chain and
compares it with the newest anchor, so a row edited, inserted or deleted by SQL is named, and so is a chain
recomputed from an edited row on (its anchored place no longer carries the anchored hash).
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from registry.models import ChainHead, IdNumberDisclosure, OrganizationHistory, SecurityLog
from registry.rules.audit_chain import GENESIS, ChainProblem, anchor_problems, chain_problems

CHAINED = (OrganizationHistory, IdNumberDisclosure, SecurityLog)


class AnchorError(ValueError):
    """An anchor file that is not as it was written (edited, cut short, or signed with another key)."""


@dataclass(frozen=True)
class Finding:
    table: str
    chain: str
    problem: ChainProblem

    def __str__(self):
        where = f" row id={self.problem.record_id}" if self.problem.record_id is not None else ""
        return f"{self.table}{where} ({self.chain}): {self.problem.kind}: {self.problem.detail}"


def _chains(model):
    """Each chain of `model` as (key, records), reading the table once in chain order."""
    key, records = None, []
    rows = model.objects.order_by(*model.CHAIN_ORDER, "chain_seq", "id").iterator(chunk_size=5000)
    for row in rows:
        row_key = row.chain_key()
        if row_key != key and records:
            yield key, records
            records = []
        key = row_key
        records.append(row.chain_record())
    if records:
        yield key, records


def chains_verify(*, anchor: dict | None = None) -> list[Finding]:
    """Every problem in every chain, checked against the chain heads and, when given, an anchor's heads."""
    heads, starts = {}, {}
    for chain, seq, hash_, pruned_seq, pruned_hash in ChainHead.objects.values_list(
        "chain", "seq", "hash", "pruned_seq", "pruned_hash"
    ):
        heads[chain], starts[chain] = (seq, hash_), (pruned_seq, pruned_hash)
    anchored = dict((anchor or {}).get("chains", {}))
    findings = []
    seen = set()
    for model in CHAINED:
        table = model._meta.db_table
        for key, records in _chains(model):
            seen.add(key)
            start = starts.get(key, (0, GENESIS))
            for problem in chain_problems(records, head=heads.get(key), start=start):
                findings.append(Finding(table, key, problem))
            if key in anchored:
                seq, hash_ = anchored.pop(key)
                findings += [
                    Finding(table, key, p)
                    for p in anchor_problems(records, anchored_seq=seq, anchored_hash=hash_, start=start)
                ]
        for key in [k for k in heads if k not in seen and k.startswith(_prefix(model))]:
            # Every record purged after its retention period is no loss: the head stands where the purge ended.
            if heads[key][0] > starts[key][0]:
                findings.append(
                    Finding(table, key, ChainProblem("truncated", None, "every record of the chain is gone"))
                )
            elif heads[key] != starts[key]:
                findings.append(Finding(table, key, ChainProblem("rewritten", None, "the head differs from the purge")))
            if key in anchored:
                seq, hash_ = anchored.pop(key)
                findings += [
                    Finding(table, key, p)
                    for p in anchor_problems([], anchored_seq=seq, anchored_hash=hash_, start=starts[key])
                ]
    for key in anchored:
        findings.append(Finding("", key, ChainProblem("truncated", None, "an anchored chain is gone")))
    return findings


def _prefix(model) -> str:
    return model().chain_key().split(":")[0]


def _signature(body: bytes) -> str:
    return hmac.new(settings.AUDIT_ANCHOR_KEY.encode(), body, hashlib.sha256).hexdigest()


def anchor_write(*, directory: Path, at: datetime.datetime) -> Path:
    """Write every chain's head, signed, to `<directory>/<date>.json`; return the file's path."""
    chains = {
        chain: [seq, hash_]
        for chain, seq, hash_ in ChainHead.objects.filter(seq__gt=0).values_list("chain", "seq", "hash")
    }
    body = json.dumps({"at": at.isoformat(), "chains": chains}, sort_keys=True, separators=(",", ":")).encode()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{at:%Y-%m-%d}.json"
    path.write_text(json.dumps({"anchor": body.decode(), "signature": _signature(body)}), encoding="utf-8")
    return path


def anchor_read(path: Path) -> dict:
    """The anchor in `path`, after checking its signature."""
    try:
        wrapper = json.loads(path.read_text(encoding="utf-8"))
        body = wrapper["anchor"].encode()
        signature = wrapper["signature"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AnchorError(f"{path}: unreadable anchor ({error})") from error
    if not hmac.compare_digest(_signature(body), signature):
        raise AnchorError(f"{path}: the signature does not match: the file was changed or signed with another key")
    anchor = json.loads(body)
    anchor["chains"] = {chain: tuple(head) for chain, head in anchor["chains"].items()}
    return anchor


def newest_anchor(directory: Path) -> Path | None:
    anchors = sorted(directory.glob("*.json"))
    return anchors[-1] if anchors else None
