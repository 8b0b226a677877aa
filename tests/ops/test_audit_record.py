"""The audit record is append-only (the database itself refuses UPDATE and DELETE on PostgreSQL),
views of personal data are recorded, and an administrator can search it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from chancery.audit.models import AuditRecord
from chancery.audit.services import record
from tests.factories import submit_case
from tests.ops.conftest import require_postgresql

TABLE = AuditRecord._meta.db_table


@pytest.fixture
def one_record(org):
    return record("test.recorded", actor=org.officer, object_type="test", object_id="1", note="kept")


def test_the_application_refuses_to_change_or_delete_a_record(one_record):
    one_record.action = "test.rewritten"
    with pytest.raises(PermissionError):
        one_record.save()
    with pytest.raises(PermissionError):
        one_record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=one_record.pk).update(action="test.rewritten")
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=one_record.pk).delete()
    assert AuditRecord.objects.get(pk=one_record.pk).action == "test.recorded"


def test_postgresql_refuses_update_in_raw_sql(one_record):
    require_postgresql("The append-only trigger")
    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["forged", one_record.pk])
    assert AuditRecord.objects.get(pk=one_record.pk).action == "test.recorded"


def test_postgresql_refuses_delete_in_raw_sql(one_record):
    require_postgresql("The append-only trigger")
    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(f"DELETE FROM {TABLE}")
    assert AuditRecord.objects.filter(pk=one_record.pk).exists()


def test_postgresql_still_allows_inserting_and_truncating_for_the_owner(one_record):
    """Restores and test runners empty tables with TRUNCATE, which the row trigger does not see."""
    require_postgresql("The append-only trigger")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        assert [row[0] for row in cursor.fetchall()] == ["audit_record_append_only"]
    record("test.second", actor_label="system", object_type="test", object_id="2")
    assert AuditRecord.objects.count() == 2
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending foreign-key checks
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AuditRecord.objects.count() == 0


def test_viewing_a_case_or_downloading_a_document_is_recorded(client, org, catalog):
    case, _key = submit_case(org.fr)
    document = case.documents.first()
    client.force_login(org.officer)
    client.get(f"/staff/cases/{case.tracking_code}/")
    client.get(f"/staff/cases/{case.tracking_code}/documents/{document.pk}/")
    seen = AuditRecord.objects.filter(actor=org.officer).values_list("action", "object_id", "unit_id")
    assert set(seen) == {("case.viewed", str(case.pk), org.fr.pk),
                         ("document.downloaded", str(document.pk), org.fr.pk)}


def changelist(client, **query):
    response = client.get("/admin/audit/auditrecord/", query)
    assert response.status_code == 200
    return response.context["cl"]


def test_an_administrator_searches_the_record(client, org, catalog):
    first, _ = submit_case(org.fr)
    second, _ = submit_case(org.jp)
    client.force_login(org.officer)
    client.get(f"/staff/cases/{first.tracking_code}/")
    client.force_login(org.officer_jp)
    client.get(f"/staff/cases/{second.tracking_code}/")

    client.force_login(org.admin)
    everything = changelist(client)
    assert everything.result_count == AuditRecord.objects.count() >= 4

    by_person = changelist(client, q="officer.jp")
    assert {r.actor_label for r in by_person.result_list} == {"officer.jp"}
    assert [r.object_id for r in by_person.result_list] == [str(second.pk)]

    by_action = changelist(client, action="case.viewed")
    assert {(r.actor_label, r.object_id) for r in by_action.result_list} == {
        ("officer.fr", str(first.pk)), ("officer.jp", str(second.pk))}

    by_object = changelist(client, q=str(first.pk), object_type="cases.case")
    assert {r.object_id for r in by_object.result_list} == {str(first.pk)}
    assert {r.action for r in by_object.result_list} >= {"case.created", "case.submit", "case.viewed"}

    # One record opens read-only: no save, no delete, no add.
    one = by_action.result_list[0]
    page = client.get(f"/admin/audit/auditrecord/{one.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(f"/admin/audit/auditrecord/{one.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/audit/auditrecord/{one.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditrecord/add/").status_code == 403
    assert AuditRecord.objects.get(pk=one.pk).action == "case.viewed"


def test_only_administrators_reach_the_search(client, org):
    client.force_login(org.head)
    response = client.get("/admin/audit/auditrecord/")
    assert response.status_code == 404  # /admin/ does not exist for anyone but administrators
