"""Hash chains over append-only records: any changed, inserted or deleted row breaks its chain.

Each record of a chain carries its place in the chain (`seq`, from 1), the previous record's hash and its
own: sha256 over the previous hash, the place and the record's content in a canonical JSON form. Editing a
record changes its content's hash; deleting one leaves a gap in the places and a link to a hash no longer
there; inserting one needs a place already taken. Recomputing a whole chain after an edit is caught by the
anchors: the chain heads written to a signed file outside the database (GB/T 22239-2019 等保 2.0, 8.1.4.3
安全审计: audit records protected against unexpected deletion, modification or overwriting).
"""

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(payload: dict) -> bytes:
    """The content as bytes that do not depend on key order or spacing."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(previous: str, seq: int, payload: dict) -> str:
    """The hash of the record at place `seq` whose predecessor's hash is `previous`."""
    return hashlib.sha256(f"{previous}\n{seq}\n".encode() + canonical(payload)).hexdigest()


@dataclass(frozen=True)
class ChainRecord:
    id: int
    seq: int
    previous: str
    hash: str
    payload: dict


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # changed | inserted | missing | unsealed | truncated | rewritten
    record_id: int | None
    detail: str


def chain_problems(
    records: list[ChainRecord], *, head: tuple[int, str] | None = None, start: tuple[int, str] = (0, GENESIS)
) -> list[ChainProblem]:
    """What is wrong with one chain, its records in place order (ties by id); `head` is the recorded (seq, hash).

    `start` is the place and hash of the last record purged after its retention period: the chain goes on from
    there, so the first remaining record must take the next place and link to that hash.
    """
    problems = []
    expected, previous = start[0] + 1, start[1]
    last_seq, last_hash = start
    for record in records:
        if not record.hash:
            problems.append(ChainProblem("unsealed", record.id, "written without its hash"))
            continue
        if record.seq < expected:
            problems.append(ChainProblem("inserted", record.id, f"takes place {record.seq}, already taken"))
            continue
        if record.seq > expected:
            missing = f"{expected}" if record.seq == expected + 1 else f"{expected}–{record.seq - 1}"
            problems.append(ChainProblem("missing", record.id, f"place {missing} before this record is gone"))
        elif record.previous != previous:
            problems.append(ChainProblem("inserted", record.id, "links to a record that is not its predecessor"))
        if link_hash(record.previous, record.seq, record.payload) != record.hash:
            problems.append(ChainProblem("changed", record.id, "its content no longer matches its hash"))
        expected, previous = record.seq + 1, record.hash
        last_seq, last_hash = record.seq, record.hash
    if head is not None:
        head_seq, head_hash = head
        if head_seq > last_seq:
            problems.append(ChainProblem("truncated", None, f"places {last_seq + 1}–{head_seq} at the end are gone"))
        elif head_seq == last_seq and head_hash != last_hash:
            problems.append(ChainProblem("rewritten", None, "the last record's hash differs from the chain head"))
    return problems


def anchor_problems(
    records: list[ChainRecord], *, anchored_seq: int, anchored_hash: str, start: tuple[int, str] = (0, GENESIS)
) -> list[ChainProblem]:
    """Compare a chain with its anchor: the record at the anchored place must still carry the anchored hash.

    A place purged since (at or before `start`) is checked against the purge's record of it, when it has one.
    """
    if anchored_seq < start[0]:
        return []
    if anchored_seq == start[0]:
        if start[1] != anchored_hash:
            return [ChainProblem("rewritten", None, f"place {anchored_seq}, purged, differs from its anchor")]
        return []
    at_place = [record for record in records if record.seq == anchored_seq]
    if not at_place:
        return [ChainProblem("truncated", None, f"place {anchored_seq}, anchored, is gone")]
    if at_place[0].hash != anchored_hash:
        return [ChainProblem("rewritten", at_place[0].id, f"place {anchored_seq} differs from its anchor")]
    return []
