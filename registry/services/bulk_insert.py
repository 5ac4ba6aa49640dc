"""Insert many model instances at once: PostgreSQL's COPY where available, `bulk_create` elsewhere.

`bulk_create` on PostgreSQL sends each column as an array, and escaping text arrays in Python is most of an
import's write time; COPY streams rows instead.  Primary keys are drawn from the table's sequence first, so
the instances have their ids afterwards as with `bulk_create`.  Field `pre_save` (auto_now, auto_now_add)
and database preparation run as in Django's own inserts, so the stored values are the same.
"""

from django.db import DEFAULT_DB_ALIAS, connections

BATCH = 2000


def bulk_insert(model, objects: list) -> None:
    """Insert `objects` (instances of `model` without a primary key) and set their primary keys."""
    if not objects:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per value
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = pk
        fields = meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        prepare = [(field.pre_save, field.get_db_prep_save) for field in fields]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row([to_db(pre_save(instance, True), connection) for pre_save, to_db in prepare])
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias
