"""Full-text index over SearchText.folded, built the way each database does it best.

SQLite: an FTS5 table with the text table as external content, kept in step by triggers.
PostgreSQL: a generated tsvector column ('simple' configuration: the text is already folded)
with a GIN index. Each half runs only on its own database.

A later migration that rebuilds briefings_searchtext on SQLite (Django copies the table for most
ALTERs) drops these triggers: such a migration must run SQLITE_FORWARD again.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE briefings_searchentry_fts USING fts5(
        folded, content='briefings_searchtext', content_rowid='entry_id',
        tokenize = "unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER briefings_searchentry_ai AFTER INSERT ON briefings_searchtext BEGIN
        INSERT INTO briefings_searchentry_fts(rowid, folded) VALUES (new.entry_id, new.folded);
    END""",
    """CREATE TRIGGER briefings_searchentry_ad AFTER DELETE ON briefings_searchtext BEGIN
        INSERT INTO briefings_searchentry_fts(briefings_searchentry_fts, rowid, folded)
        VALUES ('delete', old.entry_id, old.folded);
    END""",
    """CREATE TRIGGER briefings_searchentry_au AFTER UPDATE OF folded ON briefings_searchtext BEGIN
        INSERT INTO briefings_searchentry_fts(briefings_searchentry_fts, rowid, folded)
        VALUES ('delete', old.entry_id, old.folded);
        INSERT INTO briefings_searchentry_fts(rowid, folded) VALUES (new.entry_id, new.folded);
    END""",
    "INSERT INTO briefings_searchentry_fts(briefings_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS briefings_searchentry_au",
    "DROP TRIGGER IF EXISTS briefings_searchentry_ad",
    "DROP TRIGGER IF EXISTS briefings_searchentry_ai",
    "DROP TABLE IF EXISTS briefings_searchentry_fts",
]
POSTGRESQL_FORWARD = [
    """ALTER TABLE briefings_searchtext ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED""",
    "CREATE INDEX briefings_searchtext_vector ON briefings_searchtext USING GIN (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS briefings_searchtext_vector",
    "ALTER TABLE briefings_searchtext DROP COLUMN IF EXISTS search_vector",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    ]
