"""Insert many model instances at once: PostgreSQL's COPY where available, `bulk_create` elsewhere.

`bulk_create` on PostgreSQL sends each column as an array, and escaping text arrays in Python is most of an
import's write time; COPY streams rows instead.  Primary keys are drawn from the table's sequence first, so
the instances have their ids afterwards as with `bulk_create`.  Field `pre_save` (auto_now, auto_now_add)
and database preparation run as in Django's own inserts, so the stored values are the same.
"""

from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import NOT_PROVIDED, JSONField
from django.db.models.expressions import DatabaseDefault, Value

BATCH = 2000


def _getter(field, connection):
    """How to read one column's value for PostgreSQL from an instance.

    Timestamps set on save run their `pre_save`; JSON goes through the field's database preparation; every other
    column of these models (text, numbers, dates, booleans, foreign keys) is a Python value psycopg adapts itself,
    which is what the field's preparation returns on PostgreSQL.
    """
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda instance: field.pre_save(instance, True)
    if isinstance(field, JSONField):
        return lambda instance: field.get_db_prep_save(getattr(instance, field.attname), connection)
    if field.db_default is not NOT_PROVIDED:
        return lambda instance: _concrete(field, getattr(instance, field.attname))
    return attrgetter(field.attname)


def _concrete(field, value):
    """COPY cannot send "the column's default": a field left at its database default gets that value itself."""
    if not isinstance(value, DatabaseDefault):
        return value
    return field.db_default.value if isinstance(field.db_default, Value) else field.db_default


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
        getters = [_getter(field, connection) for field in fields]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in objects:
                copy.write_row([get(instance) for get in getters])
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias


def bulk_insert_rows(model, rows: list[dict]) -> None:
    """Insert rows given as {attname: value}, without building model instances; other columns take their defaults."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    from django.utils import timezone

    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = _concrete(field, field.get_default())
    json_fields = [field for field in fields if isinstance(field, JSONField)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    names = [field.attname for field in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = {**defaults, **row}
            for field in json_fields:
                values[field.attname] = field.get_db_prep_save(values[field.attname], connection)
            copy.write_row([values[name] for name in names])
