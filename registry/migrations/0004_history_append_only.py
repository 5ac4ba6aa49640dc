"""On PostgreSQL, refuse UPDATE and DELETE of organization history at the database itself."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION registry_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'registry_organizationhistory is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS registry_history_append_only ON registry_organizationhistory;
CREATE TRIGGER registry_history_append_only
    BEFORE UPDATE OR DELETE ON registry_organizationhistory
    FOR EACH ROW EXECUTE FUNCTION registry_history_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS registry_history_append_only ON registry_organizationhistory;
DROP FUNCTION IF EXISTS registry_history_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_official_calendar")]
    operations = [migrations.RunPython(forwards, backwards)]
