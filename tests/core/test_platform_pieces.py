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
    def provider(**_):  # noqa: ANN003, ANN202
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
