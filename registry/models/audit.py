"""Append-only records and the hash chains that make a change to them evident (see registry/rules/audit_chain.py)."""

import datetime

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from registry.rules.audit_chain import GENESIS, ChainRecord, link_hash

KEY_CHUNK = 2000  # chain keys locked per query


class AppendOnlyError(RuntimeError):
    """Raised when code tries to rewrite or delete history."""


class AppendOnlyModel(models.Model):
    """A record written once: saving it again or deleting it raises (PostgreSQL triggers refuse it too)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.db_table} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.db_table} is append-only")


class ChainHead(models.Model):
    """The last place and hash of one chain; locked while a record is appended, so appends never fork."""

    chain = models.CharField(_("链"), max_length=60, unique=True)
    seq = models.PositiveBigIntegerField(_("序号"), default=0)
    hash = models.CharField(_("哈希"), max_length=64, default=GENESIS)
    # Where a chain whose oldest records were purged after their retention period now begins: the place and hash
    # of the last purged record (0 and GENESIS: nothing purged). The chain is verified from there.
    pruned_seq = models.PositiveBigIntegerField(_("已清理至序号"), default=0)
    pruned_hash = models.CharField(_("已清理的最后一条哈希"), max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"{self.chain} #{self.seq}"


class ChainedModel(AppendOnlyModel):
    """An append-only record sealed into a hash chain when it is written (`chain_key` names its chain)."""

    chain_seq = models.PositiveBigIntegerField(_("链内序号"), default=0, editable=False)
    chain_prev = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    CHAIN_FIELDS = ("id", "chain_seq", "chain_prev", "chain_hash")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None and not self.chain_hash:
            with transaction.atomic():
                seal([self])
                super().save(*args, **kwargs)
            return
        super().save(*args, **kwargs)

    def chain_key(self) -> str:
        raise NotImplementedError

    def chain_payload(self) -> dict:
        """The record's content in plain JSON values: every column but the id and the chain's own."""
        payload = {}
        for field in self._meta.concrete_fields:
            if field.attname in self.CHAIN_FIELDS:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(datetime.UTC).isoformat()
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            payload[field.attname] = value
        return payload

    def chain_record(self) -> ChainRecord:
        return ChainRecord(self.pk, self.chain_seq, self.chain_prev, self.chain_hash, self.chain_payload())


def seal(records: list[ChainedModel]) -> None:
    """Give unsaved records their places and hashes, in list order, and move their chains' heads on.

    Must run in the transaction that inserts the records: the heads stay locked until it ends, so a concurrent
    append to the same chain waits and then continues from these records.
    """
    if not records:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("seal() must run inside the transaction that writes the records")
    keys = list(dict.fromkeys(record.chain_key() for record in records))
    heads = {}
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        ChainHead.objects.bulk_create([ChainHead(chain=key) for key in chunk], ignore_conflicts=True)
        locked = ChainHead.objects.select_for_update().filter(chain__in=chunk).values_list("chain", "seq", "hash")
        heads.update({chain: [seq, hash_] for chain, seq, hash_ in locked})
    for record in records:
        head = heads[record.chain_key()]
        record.chain_seq = head[0] + 1
        record.chain_prev = head[1]
        record.chain_hash = link_hash(record.chain_prev, record.chain_seq, record.chain_payload())
        head[0], head[1] = record.chain_seq, record.chain_hash
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {ChainHead._meta.db_table} SET seq = %s, hash = %s WHERE chain = %s",
            [(seq, hash_, chain) for chain, (seq, hash_) in heads.items()],
        )
