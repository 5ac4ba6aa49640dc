"""Hash chains over the organization history and the ID-number disclosure log; rows already there are sealed."""

import datetime

import django.utils.timezone
from django.db import migrations, models

from registry.rules.audit_chain import GENESIS, link_hash

SKIP = {"id", "chain_seq", "chain_prev", "chain_hash"}
TRIGGERS = {
    "registry_organizationhistory": "registry_history_append_only",
    "registry_idnumberdisclosure": "registry_disclosure_append_only",
}


def _payload(row) -> dict:
    payload = {}
    for field in row._meta.concrete_fields:
        if field.attname not in SKIP:
            value = getattr(row, field.attname)
            payload[field.attname] = (
                value.astimezone(datetime.UTC).isoformat() if isinstance(value, datetime.datetime) else value
            )
    return payload


def seal_existing(apps, schema_editor):
    """Seal the rows written before the chains existed, chain by chain in id order, and record each head."""
    connection = schema_editor.connection
    heads = {}
    plans = (
        (apps.get_model("registry", "OrganizationHistory"), lambda row: f"history:{row.organization_id}"),
        (apps.get_model("registry", "IdNumberDisclosure"), lambda row: "disclosures"),
    )
    for model, key in plans:
        table = model._meta.db_table
        updates = []
        for row in model.objects.order_by("id").iterator(chunk_size=5000):
            seq, previous = heads.get(key(row), (0, GENESIS))
            digest = link_hash(previous, seq + 1, _payload(row))
            updates.append((seq + 1, previous, digest, row.id))
            heads[key(row)] = (seq + 1, digest)
        if not updates:
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGERS[table]}")
            cursor.executemany(
                f"UPDATE {table} SET chain_seq = %s, chain_prev = %s, chain_hash = %s WHERE id = %s", updates
            )
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGERS[table]}")
    ChainHead = apps.get_model("registry", "ChainHead")
    ChainHead.objects.bulk_create(
        [ChainHead(chain=chain, seq=seq, hash=digest) for chain, (seq, digest) in heads.items()], batch_size=2000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0037_history_action_and_event_role_codes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.CharField(max_length=60, unique=True, verbose_name='链')),
                ('seq', models.PositiveBigIntegerField(default=0, verbose_name='序号')),
                ('hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64, verbose_name='哈希')),
            ],
            options={
                'verbose_name': '审计链头',
                'verbose_name_plural': '审计链头',
            },
        ),
        migrations.AddField(
            model_name='idnumberdisclosure',
            name='chain_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='哈希'),
        ),
        migrations.AddField(
            model_name='idnumberdisclosure',
            name='chain_prev',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='前一条哈希'),
        ),
        migrations.AddField(
            model_name='idnumberdisclosure',
            name='chain_seq',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='链内序号'),
        ),
        migrations.AddField(
            model_name='organizationhistory',
            name='chain_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='哈希'),
        ),
        migrations.AddField(
            model_name='organizationhistory',
            name='chain_prev',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='前一条哈希'),
        ),
        migrations.AddField(
            model_name='organizationhistory',
            name='chain_seq',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='链内序号'),
        ),
        migrations.AlterField(
            model_name='idnumberdisclosure',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='organizationhistory',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='时间'),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
    ]
