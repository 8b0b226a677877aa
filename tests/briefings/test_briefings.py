"""Daily briefings: each unit's local day, idempotent compilation, the hourly job across time zones,
e-mail to subscribers, PDF, and restricted notes only for their unit and the leadership."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from chancery.audit.models import AuditRecord
from chancery.briefings import schedule, selectors, services
from chancery.briefings.models import Briefing, BriefingDelivery, BriefingItem, Classification, Subscription
from chancery.briefings.pdf import render_briefing_pdf
from chancery.briefings.tasks import compile_due_briefings
from tests.briefings.conftest import local
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


# --- the local day of a note -----------------------------------------------------------------------


def test_local_date_is_the_units_wall_clock_day():
    # 23:30 in Paris is already the next morning in Hà Nội (the server's zone) and 22:30 UTC.
    paris = datetime(2025, 3, 10, 23, 30, tzinfo=schedule.ZoneInfo("Europe/Paris"))
    assert schedule.local_date(paris, "Europe/Paris") == date(2025, 3, 10)
    assert schedule.local_date(paris, "Asia/Ho_Chi_Minh") == date(2025, 3, 11)
    # 23:30 in San Francisco is 07:30 UTC the next day.
    sf = datetime(2025, 3, 10, 23, 30, tzinfo=schedule.ZoneInfo("America/Los_Angeles"))
    assert sf.astimezone(UTC).date() == date(2025, 3, 11)
    assert schedule.local_date(sf, "America/Los_Angeles") == date(2025, 3, 10)
    # 00:30 in Tokyo is still the previous day in UTC and in Hà Nội.
    tokyo = datetime(2025, 3, 11, 0, 30, tzinfo=schedule.ZoneInfo("Asia/Tokyo"))
    assert schedule.local_date(tokyo, "Asia/Tokyo") == date(2025, 3, 11)
    with pytest.raises(ValueError):
        schedule.local_date(datetime(2025, 3, 10, 12), "Asia/Tokyo")


def test_note_written_at_2330_local_lands_in_that_local_days_briefing(org, write_note):
    sf = make_unit("CG-SF", country="US", tz="America/Los_Angeles")
    from chancery.organization.models import Membership, Role

    Membership.objects.create(user=org.officer, unit=sf, role=Role.OFFICER)
    late_paris = write_note(org.fr, org.officer, title="Paris, 23:30", at=local(org.fr, 2025, 3, 10, 23, 30))
    early_paris = write_note(org.fr, org.officer, title="Paris, 00:10", at=local(org.fr, 2025, 3, 11, 0, 10))
    late_tokyo = write_note(
        org.jp, org.officer_jp, title="Tokyo, 23:30", at=local(org.jp, 2025, 3, 10, 23, 30)
    )
    late_sf = write_note(sf, org.officer, title="San Francisco, 23:30", at=local(sf, 2025, 3, 10, 23, 30))
    assert (late_paris.date, early_paris.date) == (date(2025, 3, 10), date(2025, 3, 11))

    fr_10, _ = services.compile_briefing(org.fr, date(2025, 3, 10))
    fr_11, _ = services.compile_briefing(org.fr, date(2025, 3, 11))
    sf_10, _ = services.compile_briefing(sf, date(2025, 3, 10))
    jp_10, _ = services.compile_briefing(org.jp, date(2025, 3, 10))
    assert list(fr_10.notes.all()) == [late_paris]
    assert list(fr_11.notes.all()) == [early_paris]
    assert list(sf_10.notes.all()) == [late_sf]  # 07:30 UTC on the 11th, still the 10th in California
    assert list(jp_10.notes.all()) == [late_tokyo]
    ministry, _ = services.compile_briefing(None, date(2025, 3, 10))
    assert set(ministry.notes.all()) == {late_paris, late_tokyo, late_sf}


def test_compiling_twice_makes_one_briefing(org, write_note, django_capture_on_commit_callbacks):
    org.head.email = "head.fr@example.org"
    org.head.save()
    Subscription.objects.create(user=org.head, unit=org.fr)
    write_note(org.fr, org.officer, title="Ghi chú một", at=local(org.fr, 2025, 3, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        first, created = services.compile_briefing(org.fr, date(2025, 3, 10))
    assert created
    write_note(org.fr, org.officer, title="Ghi chú hai", at=local(org.fr, 2025, 3, 10, 21))
    with django_capture_on_commit_callbacks(execute=True):
        second, created_again = services.compile_briefing(org.fr, date(2025, 3, 10))
    assert not created_again and second.pk == first.pk
    assert Briefing.objects.filter(unit=org.fr, date=date(2025, 3, 10)).count() == 1
    assert second.note_count == 2 and BriefingItem.objects.filter(briefing=second).count() == 2
    assert len(mail.outbox) == 1  # subscribers are told once
    assert BriefingDelivery.objects.get().state == BriefingDelivery.State.SENT


def test_database_refuses_a_second_briefing_of_the_same_day(org):
    from django.db import IntegrityError, transaction

    now = datetime(2025, 3, 10, 20, tzinfo=UTC)
    Briefing.objects.create(unit=org.fr, date=date(2025, 3, 10), compiled_at=now)
    Briefing.objects.create(unit=None, date=date(2025, 3, 10), compiled_at=now)
    for unit in (org.fr, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            Briefing.objects.create(unit=unit, date=date(2025, 3, 10), compiled_at=now)


def test_sections_grouped_by_topic_then_country(org, write_note):
    day = (2025, 3, 10)
    write_note(
        org.fr,
        org.officer,
        title="Kinh tế Pháp",
        topics=("economy",),
        countries=("FR",),
        at=local(org.fr, *day),
    )
    write_note(
        org.fr,
        org.officer,
        title="Chính trị Pháp",
        topics=("politics",),
        countries=("FR",),
        at=local(org.fr, *day, 11),
    )
    write_note(
        org.fr,
        org.officer,
        title="Chính trị Monaco",
        topics=("politics", "economy"),
        countries=("MC",),
        at=local(org.fr, *day, 12),
    )
    write_note(org.fr, org.officer, title="Chung", topics=(), at=local(org.fr, *day, 13))
    briefing, _ = services.compile_briefing(org.fr, date(*day))
    view = selectors.briefing_view(briefing, org.officer)
    layout = [(s.topic, [(g.code, [n.title for n in g.notes]) for g in s.groups]) for s in view.sections]
    assert layout == [
        ("politics", [("FR", ["Chính trị Pháp"]), ("MC", ["Chính trị Monaco"])]),
        ("economy", [("FR", ["Kinh tế Pháp"])]),
        ("general", [("", ["Chung"])]),
    ]


# --- the hourly job --------------------------------------------------------------------------------


def test_hourly_job_compiles_each_unit_after_its_local_hour(org, write_note, settings):
    settings.BRIEFING_HOUR = 18
    write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10, 9))
    write_note(org.jp, org.officer_jp, at=local(org.jp, 2025, 3, 10, 9))
    # 17:00 in Tokyo, 09:00 in Paris: nothing is due.
    assert services.compile_due(now=local(org.jp, 2025, 3, 10, 17)) == []
    # 18:30 in Tokyo: Tokyo's day, not Paris's.
    done = services.compile_due(now=local(org.jp, 2025, 3, 10, 18, 30))
    assert [(b.unit.code, b.date, created) for b, created in done] == [("EMB-JP", date(2025, 3, 10), True)]
    # 18:05 in Paris: Paris's day; Tokyo's is not compiled again; the ministry-wide day is due too,
    # every unit's hour having passed (CD-HN's and Tokyo's earlier).
    done = services.compile_due(now=local(org.fr, 2025, 3, 10, 18, 5))
    summary = {(b.unit.code if b.unit else "MOFA", created) for b, created in done}
    assert ("EMB-FR", True) in summary and ("MOFA", True) in summary
    assert ("EMB-JP", True) not in summary
    # Run again an hour later: still one briefing per unit and day.
    services.compile_due(now=local(org.fr, 2025, 3, 10, 19, 5))
    compile_due_briefings.enqueue()  # the task itself (immediate backend), at the real "now"
    assert Briefing.objects.filter(date=date(2025, 3, 10)).count() == 3


def test_late_note_refreshes_yesterdays_briefing(org, write_note, settings):
    settings.BRIEFING_HOUR = 18
    write_note(org.fr, org.officer, title="Trước giờ tổng hợp", at=local(org.fr, 2025, 3, 10, 9))
    services.compile_due(now=local(org.fr, 2025, 3, 10, 18, 5))
    write_note(org.fr, org.officer, title="Viết lúc 23:30", at=local(org.fr, 2025, 3, 10, 23, 30))
    services.compile_due(now=local(org.fr, 2025, 3, 11, 0, 5))  # next hourly run: yesterday catch-up
    briefing = Briefing.objects.get(unit=org.fr, date=date(2025, 3, 10))
    assert sorted(n.title for n in briefing.notes.all()) == ["Trước giờ tổng hợp", "Viết lúc 23:30"]
    assert briefing.compilations == 2


def test_ministry_wide_waits_for_the_last_time_zone(org, write_note, settings):
    settings.BRIEFING_HOUR = 18
    sf = make_unit("CG-SF", country="US", tz="America/Los_Angeles")
    write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10, 9))
    services.compile_due(now=local(org.fr, 2025, 3, 10, 20))
    assert not Briefing.objects.filter(unit=None).exists()  # San Francisco's day is not over
    services.compile_due(now=local(sf, 2025, 3, 10, 18, 1))
    assert Briefing.objects.filter(unit=None, date=date(2025, 3, 10)).exists()


def test_missing_assignment_notes_are_listed_for_the_head(org, write_note, settings):
    settings.BRIEFING_HOUR = 18
    services.create_assignment(
        unit=org.fr,
        user=org.officer,
        topic="politics",
        country="FR",
        starts_on=date(2025, 3, 1),
        actor=org.head,
    )
    services.create_assignment(
        unit=org.fr, user=org.delegated, topic="economy", starts_on=date(2025, 3, 1), actor=org.head
    )
    write_note(org.fr, org.officer, topics=("politics",), countries=("FR",), at=local(org.fr, 2025, 3, 10, 9))
    briefing, _ = services.compile_briefing(org.fr, date(2025, 3, 10), now=local(org.fr, 2025, 3, 10, 19))
    assert [m["user"] for m in briefing.missing] == ["delegated.fr"]
    now = local(org.fr, 2025, 3, 10, 19)
    assert [r.assignment.user.username for r in selectors.missing_today(org.head, now=now)] == [
        "delegated.fr"
    ]
    assert selectors.missing_today(org.officer, now=now) == []  # officers do not see the unit's gaps
    # Saturday: nothing is expected.
    rows = selectors.monitoring_board(org.head, day=date(2025, 3, 15), now=local(org.fr, 2025, 3, 15, 20))
    assert {r.status for r in rows} == {schedule.Status.NOT_EXPECTED}


# --- restricted notes in briefings, e-mail and PDF --------------------------------------------------


@pytest.fixture
def day_with_secret(org, write_note):
    write_note(
        org.fr,
        org.officer,
        title="Tin công khai về Đà Nẵng",
        at=local(org.fr, 2025, 3, 10, 9),
        body="Hợp tác đầu tư ở Đà Nẵng, Hải Phòng và Thừa Thiên Huế.",
        classification=Classification.PUBLIC,
    )
    secret = write_note(
        org.fr,
        org.head,
        title="Ghi chú mật",
        at=local(org.fr, 2025, 3, 10, 10),
        body="Nội dung hạn chế.",
        classification=Classification.RESTRICTED,
    )
    briefing, _ = services.compile_briefing(org.fr, date(2025, 3, 10))
    ministry, _ = services.compile_briefing(None, date(2025, 3, 10))
    return briefing, ministry, secret


def test_restricted_note_in_briefing_only_for_unit_and_leadership(org, day_with_secret):
    briefing, ministry, secret = day_with_secret
    for b in (briefing, ministry):
        outsider_view = selectors.briefing_view(b, org.officer_jp)
        assert outsider_view.hidden == 1
        assert secret not in [n for s in outsider_view.sections for g in s.groups for n in g.notes]
        for insider in (org.officer, org.leader):
            assert selectors.briefing_view(b, insider).restricted_shown == [secret]


def test_email_to_subscribers_never_carries_restricted_text(
    org, day_with_secret, django_capture_on_commit_callbacks
):
    org.leader.email = "leader@example.org"
    org.leader.save()
    services.subscribe(org.leader, None)
    with django_capture_on_commit_callbacks(execute=True):
        briefing, created = services.compile_briefing(None, date(2025, 3, 11))  # a new day: e-mailed
    assert created and len(mail.outbox) == 1
    _briefing, ministry, _secret = day_with_secret
    delivery = BriefingDelivery.objects.create(briefing=ministry, user=org.leader)
    from chancery.briefings.tasks import send_briefing_delivery

    send_briefing_delivery.enqueue(delivery.pk)
    message = mail.outbox[-1]
    assert "Tin công khai về Đà Nẵng" in message.body
    assert "Ghi chú mật" not in message.body and "Nội dung hạn chế" not in message.body
    assert message.to == ["leader@example.org"]


def test_subscriber_without_address_is_skipped_not_failed(
    org, write_note, django_capture_on_commit_callbacks
):
    org.officer.email = ""
    org.officer.save()
    services.subscribe(org.officer, org.fr)
    write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        services.compile_briefing(org.fr, date(2025, 3, 10))
    assert BriefingDelivery.objects.get().state == BriefingDelivery.State.SKIPPED
    assert mail.outbox == []


def test_pdf_carries_vietnamese_text(org, day_with_secret):
    briefing, _ministry, _secret = day_with_secret
    pdf = render_briefing_pdf(selectors.briefing_view(briefing, org.leader), reader=org.leader)
    text = unicodedata.normalize("NFC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Tin công khai về Đà Nẵng" in text
    assert "Thừa Thiên Huế" in text
    assert "Ghi chú mật" in text  # the leadership's copy
    outsider_pdf = render_briefing_pdf(
        selectors.briefing_view(briefing, org.officer_jp), reader=org.officer_jp
    )
    outsider_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(outsider_pdf)).pages)
    assert "Ghi chú mật" not in unicodedata.normalize("NFC", outsider_text)


def test_compile_command(org, write_note, capsys):
    write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10, 9))
    call_command("briefings", "compile", "--date", "2025-03-10", "--unit", "EMB-FR")
    call_command("briefings", "compile", "--date", "2025-03-10", "--unit", "EMB-FR")
    out = capsys.readouterr().out
    assert "EMB-FR 2025-03-10: 1 notes (new)" in out and "(updated)" in out
    assert Briefing.objects.filter(unit=org.fr).count() == 1
    call_command("briefings", "compile", "--date", "2025-03-10")
    assert Briefing.objects.filter(unit=None, date=date(2025, 3, 10)).count() == 1
    call_command("briefings", "run-due")
    call_command("briefings", "reindex")
    assert "reindexed" in capsys.readouterr().out
    audit = AuditRecord.objects.filter(action="briefing.compiled", object_type="briefings.briefing")
    assert audit.exists()
