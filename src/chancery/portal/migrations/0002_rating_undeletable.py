"""Ratings are written once: a case with a rating cannot be deleted (PROTECT), and on PostgreSQL
the database itself refuses UPDATE and DELETE on a rating, as it does on the audit record
(audit 0002). TRUNCATE stays possible for the database owner (test runners, restores)."""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION portal_rating_write_once() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ratings cannot be changed or deleted (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS portal_rating_write_once ON portal_rating;
CREATE TRIGGER portal_rating_write_once
    BEFORE UPDATE OR DELETE ON portal_rating
    FOR EACH ROW EXECUTE FUNCTION portal_rating_write_once();
"""

DROP = """
DROP TRIGGER IF EXISTS portal_rating_write_once ON portal_rating;
DROP FUNCTION IF EXISTS portal_rating_write_once();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="rating",
            name="case",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="rating", to="cases.case"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
