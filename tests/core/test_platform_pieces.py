"""The shared pieces every app uses from core: page contributions and the multi-file field."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from chancery.core import contributions
from chancery.core.uploads import MultipleFileField, check_each

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(contributions, "_providers", {})


def test_a_page_gets_every_part_contributed_with_the_context(clean_registry):
    contributions.contribute("page", "tasks", lambda *, user, **_: [user, "task"])
    contributions.contribute("page", "other", lambda **ctx: sorted(ctx))
    assert contributions.contributions("page", user="u", code="FR") == {
        "tasks": ["u", "task"], "other": ["code", "user"],
    }
    assert contributions.contributions("another page", user="u") == {}


def test_a_part_has_one_provider(clean_registry):
    def provider(**_):
        return 1

    contributions.contribute("page", "tasks", provider)
    contributions.contribute("page", "tasks", provider)  # the same one again (ready() twice): fine
    with pytest.raises(ValueError, match="already has a part"):
        contributions.contribute("page", "tasks", lambda **_: 2)


def test_the_directives_app_contributes_the_tasks_of_the_country_page():
    assert "tasks" in contributions._providers["briefings.country"]


class _Form(forms.Form):
    files = MultipleFileField()
    optional = MultipleFileField(required=False)


def _pdf(name: str = "a.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_multi_file_field_keeps_every_file_and_still_requires_one():
    from django.utils.datastructures import MultiValueDict

    form = _Form(data={}, files=MultiValueDict({"files": [_pdf("a.pdf"), _pdf("b.pdf")]}))
    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data["files"]] == ["a.pdf", "b.pdf"]
    assert form.cleaned_data["optional"] == []
    empty = _Form(data={}, files=MultiValueDict({"files": []}))
    assert not empty.is_valid() and "files" in empty.errors


def test_check_each_names_the_refused_file():
    html = SimpleUploadedFile("letter.pdf", b"<html><body>hi</body></html>", content_type="application/pdf")
    assert [c.content_type for _, c in check_each([_pdf()], ["pdf"], 1)] == ["application/pdf"]
    with pytest.raises(forms.ValidationError, match="letter.pdf"):
        check_each([_pdf(), html], ["pdf"], 1)


class _Row:
    """An outbox row as core.mail sees it: state, attempts, last_error, sent_at, save()."""

    def __init__(self) -> None:
        self.state, self.attempts, self.last_error, self.sent_at = "pending", 0, "", None
        self.saved: list[list[str]] = []

    def save(self, update_fields: list[str]) -> None:
        self.saved.append(update_fields)


def test_a_failed_send_is_recorded_not_raised_and_a_later_one_clears_it():
    from chancery.core import mail

    row = _Row()

    def broken() -> None:
        raise ConnectionRefusedError("smtp down " + "x" * 3000)

    assert mail.attempt(row, broken) == "failed"
    assert (row.state, row.attempts, row.sent_at) == ("failed", 1, None)
    assert row.last_error.startswith("smtp down") and len(row.last_error) == mail.ERROR_CHARS
    sent: list[int] = []
    assert mail.attempt(row, lambda: sent.append(1)) == "sent"
    assert (row.state, row.attempts, row.last_error, sent) == ("sent", 2, "", [1])
    assert row.sent_at is not None and "sent_at" in row.saved[-1]


def test_requeue_takes_pending_and_failed_rows_with_attempts_left(catalog):
    from chancery.cases.models import Notification
    from chancery.core import mail
    from tests.factories import make_unit, submit_case

    case, _key = submit_case(make_unit("FR-PAR"))
    Notification.objects.all().delete()
    rows = {
        (state, attempts): Notification.objects.create(
            case=case, to="a@example.org", subject="s", body="b", state=state, attempts=attempts)
        for state in ("pending", "failed", "sent") for attempts in (0, 4, 5)
    }
    queued: list[int] = []

    class _Task:
        @staticmethod
        def enqueue(pk: int) -> None:
            queued.append(pk)

    assert mail.requeue(Notification.objects.all(), _Task, max_attempts=5) == 4
    wanted = [("pending", 0), ("pending", 4), ("failed", 0), ("failed", 4)]
    assert sorted(queued) == sorted(rows[key].pk for key in wanted)
