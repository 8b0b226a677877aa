"""`chancery backup` and `chancery restore` round-trip the database and the stored files: every
row of every model and every file's bytes are the same after emptying both and restoring."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case, Document, Notice, Notification
from chancery.cases.tasks import send_notification
from chancery.core.ops.backup import backed_up_models, non_empty_models, walk_storage
from chancery.organization.models import Role
from tests.directives.helpers import make_directive, report, spec
from tests.factories import advance, make_user, submit_case

pytestmark = pytest.mark.django_db(transaction=True)


def natural(model: Any, pk: Any) -> Any:
    """Content types and permissions are renumbered by `migrate`: compare them by natural key."""
    if pk is None:
        return None
    return model._base_manager.get(pk=pk).natural_key()


def snapshot() -> dict[str, Any]:
    """Every row of every backed-up model, with its many-to-many links, as plain values."""
    ContentType.objects.clear_cache()
    tables: dict[str, Any] = {}
    for model in backed_up_models():
        to_content_type = [f.attname for f in model._meta.concrete_fields
                           if f.is_relation and f.related_model is ContentType]
        rows = []
        for row in model._base_manager.order_by("pk").values():
            for name in to_content_type:
                row[name] = natural(ContentType, row[name])
            rows.append(row)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            links = through._base_manager.values_list(f"{source}_id", f"{target}_id")
            related = m2m.related_model
            tables[f"{model._meta.label}.{m2m.name}"] = sorted(
                (left, natural(related, right) if related in (Permission, ContentType) else right)
                for left, right in links)
        tables[model._meta.label] = rows
    return tables


def stored_files() -> dict[str, bytes]:
    files = {}
    for name in walk_storage(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return files


def empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(walk_storage(default_storage)):
        default_storage.delete(name)


@pytest.fixture
def work(org, catalog, settings):
    """Cases in several states with documents and notices, e-mails, audit records, a directive
    task with reports, a queued background task, permissions and an admin log entry."""
    first, _ = submit_case(org.fr, name="Trần Văn Cường")
    advance(first, ["receive", "start_processing", "request_supplement", "provide_supplement"],
            officer=org.officer)
    second, _ = submit_case(org.fr)
    advance(second, ["receive", "start_processing", "request_fee", "record_payment", "approve",
                     "return_result"],
            officer=org.officer, decider=org.head)
    third, _ = submit_case(org.jp, name="Lê Thị Dung")
    advance(third, ["not_accept"], officer=org.officer_jp)

    issuer = make_user("officer.cd", org.cd, Role.OFFICER)
    _directive, (task,) = make_directive(issuer, org.cd, [spec(org.fr, coordinators=[org.jp])])
    report(task, org.officer, percent=40)

    editors = Group.objects.create(name="catalogue editors")
    editors.permissions.add(Permission.objects.get(codename="view_case"))
    org.admin.groups.add(editors)
    org.leader.user_permissions.add(Permission.objects.get(codename="view_auditrecord"))
    LogEntry.objects.log_actions(org.admin.pk, [org.fr], ADDITION, single_object=True)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_notification.enqueue(Notification.objects.first().pk)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return first, second, third


def test_backup_then_restore_gives_back_every_row_and_every_file(work, tmp_path):
    assert Document.objects.count() >= 7 and Notice.objects.count() >= 4
    assert AuditRecord.objects.count() > 10 and Notification.objects.count() > 5
    before_rows, before_files = snapshot(), stored_files()
    assert len(before_files) == Document.objects.count()
    archive = tmp_path / "chancery.tar.gz"

    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(before_files)} files" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["format"] == "chancery-backup/1"
    assert manifest["data"]["rows"]["cases.case"] == 3
    assert {f["name"] for f in manifest["files"]} == set(before_files)
    assert set(names) == {"data.jsonl", "manifest.json", *(f"files/{n}" for n in before_files)}

    empty_everything()
    assert non_empty_models() == []
    assert AuditRecord.objects.count() == 0  # flush empties it: TRUNCATE on PostgreSQL, not DELETE
    assert stored_files() == {}

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "restore complete and verified" in out.getvalue()
    assert snapshot() == before_rows
    assert stored_files() == before_files

    # The restored database goes on working: new rows get fresh numbers, the trigger still holds.
    newest = Case.objects.order_by("-pk").first().pk
    case, _ = submit_case(work[0].unit)
    assert case.pk > newest
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_record_append_only'")
            assert cursor.fetchone() == (1,)


def test_restore_refuses_a_database_with_rows_unless_forced(work, tmp_path):
    archive = tmp_path / "chancery.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before_rows, before_files = snapshot(), stored_files()
    submit_case(work[0].unit, name="Written after the backup")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Case.objects.count() == 4  # nothing was touched

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert snapshot() == before_rows
    after = stored_files()
    assert {name: after[name] for name in before_files} == before_files  # the later upload stays


def test_a_damaged_archive_is_refused_before_anything_is_touched(work, tmp_path):
    archive = tmp_path / "chancery.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/") and member.name.endswith(".pdf"):
                data = data.replace(b"%%EOF", b"%%EOX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    empty_everything()

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert non_empty_models() == [] and stored_files() == {}

    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    with pytest.raises(CommandError, match="not a readable"):
        call_command("restore", str(not_an_archive), stdout=io.StringIO())


def test_restore_needs_the_migrations_the_backup_was_made_with(work, tmp_path):
    archive = tmp_path / "chancery.tar.gz"
    call_command("backup", str(archive), "--no-files", stdout=io.StringIO())
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(newer, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                assert manifest["files_included"] is False and manifest["files"] == []
                manifest["migrations"]["cases"].append("0099_from_the_future")
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    empty_everything()
    with pytest.raises(CommandError, match="0099_from_the_future"):
        call_command("restore", str(newer), stdout=io.StringIO())
    assert Path(archive).exists() and non_empty_models() == []
