"""Ratings keep their promise of anonymity and cannot be made to disappear (security test,
finding 15): nothing the applicant's rating writes to the audit record leads back to the case
(no case id, tracking code, score or IP address), and a rating cannot be changed or deleted by
the application, the admin, or (on PostgreSQL) raw SQL; nor can its case be deleted."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.portal.models import Rating
from tests.factories import advance, submit_case
from tests.ops.conftest import require_postgresql
from tests.portal.helpers import Browser

TABLE = Rating._meta.db_table


@pytest.fixture
def rated(org, catalog):
    """A returned case, rated by its applicant through the status page."""
    case, key = submit_case(org.fr, "nationality-confirmation")  # a procedure without a fee
    case = advance(case, ["receive", "start_processing", "approve", "return_result"], officer=org.officer,
                   decider=org.head)
    browser = Browser(REMOTE_ADDR="203.0.113.45")
    assert browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key}
                        ).status_code == 302
    before = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = browser.post(reverse("portal:rate", args=[case.tracking_code]),
                            {"score": "1", "comment": "Nhân viên thô lỗ."})
    assert response.status_code == 302
    rating = Rating.objects.get(case=case)
    return case, rating, list(AuditRecord.objects.filter(pk__gt=before))


def test_the_rating_s_audit_record_leads_nowhere(rated, org):
    case, rating, records = rated
    assert [r.action for r in records] == ["rating.given"]  # it is recorded that one was given
    record = records[0]
    assert record.unit_id == org.fr.pk and record.actor_id is None
    assert record.ip_address is None
    assert record.object_id == "" and record.data == {}
    text = f"{record.object_type} {record.object_id} {record.data} {record.actor_label}"
    for clue in (str(case.pk), case.tracking_code, str(rating.pk), "203.0.113.45", "Nhân viên"):
        assert clue not in text, clue
    # And no audit record anywhere names the rating or carries the rating's score with the case.
    assert not AuditRecord.objects.filter(object_type="portal.rating").exclude(object_id="").exists()
    assert not AuditRecord.objects.filter(object_id=str(case.pk), action__contains="rat").exists()


def test_the_application_refuses_to_change_or_delete_a_rating(rated):
    case, rating, _records = rated
    rating.score = 5
    with pytest.raises(PermissionError):
        rating.save()
    with pytest.raises(PermissionError):
        rating.delete()
    with pytest.raises(PermissionError):
        Rating.objects.filter(pk=rating.pk).update(score=5)
    with pytest.raises(PermissionError):
        Rating.objects.filter(pk=rating.pk).delete()
    with pytest.raises(ProtectedError):
        case.delete()  # the rating would have gone with it
    assert Rating.objects.get(pk=rating.pk).score == 1


def test_the_admin_offers_no_way_to_delete_a_rating(rated, org, client):
    _case, rating, _records = rated
    client.force_login(org.admin)
    assert client.get(reverse("admin:portal_rating_delete", args=[rating.pk])).status_code == 403
    response = client.post(reverse("admin:portal_rating_changelist"),
                           {"action": "delete_selected", "_selected_action": [rating.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert Rating.objects.filter(pk=rating.pk).exists()


def test_postgresql_refuses_update_and_delete_in_raw_sql(rated):
    require_postgresql("The write-once trigger on ratings")
    _case, rating, _records = rated
    for sql, params in ((f"UPDATE {TABLE} SET score = 5 WHERE id = %s", [rating.pk]),
                        (f"DELETE FROM {TABLE} WHERE id = %s", [rating.pk])):
        with (pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic(),
              connection.cursor() as cursor):
            cursor.execute(sql, params)
    assert Rating.objects.get(pk=rating.pk).score == 1
