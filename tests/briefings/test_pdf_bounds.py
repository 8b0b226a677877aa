"""Security finding 5: one deeply nested note made the briefing PDF a CPU sink (minutes, then a 500)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from chancery.audit.models import AuditRecord
from chancery.briefings import pdf, services, text
from tests.briefings.conftest import local


def nested(levels: int, tag: str = "ul><li") -> str:
    names = tag.split("><")
    opening = "".join(f"<{n}>" for n in names)
    closing = "".join(f"</{n}>" for n in reversed(names))
    return opening * levels + "sâu" + closing * levels


@pytest.mark.parametrize("pattern", ["ul><li", "blockquote", "b><ul><li></b", "table><tr><td", "div"])
def test_absurd_nesting_is_refused_quickly(pattern):
    started = time.process_time()
    with pytest.raises(text.RichTextTooComplex, match="nested too deeply"):
        text.sanitize_html(nested(2_000, pattern) if "</b" not in pattern else "<b><ul><li></b>" * 5_000)
    assert time.process_time() - started < 1


def test_deep_but_bounded_nesting_is_flattened_and_its_text_kept():
    cleaned = text.sanitize_html(nested(150))  # 300 elements deep: within what is parsed
    assert "sâu" in cleaned
    depth = deepest = 0
    for closing, _name in text._RAW_TAG.findall(cleaned):
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    assert deepest == text.MAX_DEPTH
    assert cleaned.count("<ul>") == cleaned.count("</ul>") and cleaned.count("<li>") == cleaned.count("</li>")


def test_ordinary_formatting_is_untouched():
    html = ('<p>Một <b>đoạn</b> <a href="https://x.example/?a=1">liên kết</a></p>'
            "<ul><li>một<ul><li>hai</li></ul></li></ul>")
    assert text.flatten_deep(text.sanitize_html(html)) == text.sanitize_html(html)
    assert "<ul><li>hai</li></ul>" in text.sanitize_html(html)


def test_too_long_text_is_refused():
    with pytest.raises(text.RichTextTooComplex, match="too long"):
        text.sanitize_html("a" * (text.MAX_HTML_CHARS + 1))


@pytest.mark.django_db
def test_the_note_form_says_so_next_to_the_text_and_keeps_it(client, org):
    client.force_login(org.officer)
    body = nested(2_000)
    response = client.post(reverse("briefings:note_create"), {
        "unit": org.fr.pk, "title": "Ghi chú", "classification": "internal", "body": body})
    assert response.status_code == 200
    assert "(2000 " in str(response.context["form"].errors["body"])  # "nested too deeply (2000 levels)"
    assert response.context["form"]["body"].value() == body  # nothing typed is lost


@pytest.mark.django_db
def test_the_service_refuses_it_too(org):
    with pytest.raises(services.BriefingError, match="nested too deeply"):
        services.create_note(unit=org.fr, author=org.officer, title="Ghi chú", body=nested(2_000))


def test_pdf_is_made_in_a_child_process_and_stopped_at_its_time_limit():
    assert pdf.html_to_pdf("<p>Xin chào</p>", seconds=60).startswith(b"%PDF")
    started = time.monotonic()
    with pytest.raises(pdf.PdfFailed, match="within"):
        pdf.html_to_pdf("<p>Xin chào</p>", seconds=0.2)  # the child cannot even start in that time
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_failed_pdf_leaves_the_briefing_readable_and_retriable(client, org, write_note, settings):
    note = write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10))
    briefing, _created = services.compile_briefing(org.fr, note.date, notify=False)
    client.force_login(org.officer)
    url = reverse("briefings:briefing_pdf", args=[briefing.pk])
    settings.PDF_SECONDS = 0.2
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("briefings:briefing_detail", args=[briefing.pk])
    page = response.content.decode()
    shown = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(shown) == 1 and str(shown[0]) in page and url in page  # the failure; the PDF offered again
    assert AuditRecord.objects.filter(action="briefing.pdf_failed", object_id=str(briefing.pk)).exists()
    assert 'id="pdf-failed"' in page  # the failed state stays on the briefing's page ...
    briefing.refresh_from_db()
    assert briefing.pdf_failed_at is not None and "within" in briefing.pdf_failure
    detail = reverse("briefings:briefing_detail", args=[briefing.pk])
    client.force_login(org.head)  # another reader sees it too
    assert 'id="pdf-failed"' in client.get(detail).content.decode()
    settings.PDF_SECONDS = 60
    retried = client.get(url)  # ... until a PDF is made
    assert retried.status_code == 200 and retried.content.startswith(b"%PDF")
    briefing.refresh_from_db()
    assert briefing.pdf_failed_at is None and briefing.pdf_failure == ""
    assert 'id="pdf-failed"' not in client.get(detail).content.decode()
    assert AuditRecord.objects.filter(action="briefing.pdf_recovered", object_id=str(briefing.pk)).exists()


@pytest.mark.django_db
def test_a_note_stored_before_the_bound_is_flattened_in_the_pdf(org, write_note):
    from chancery.briefings import selectors
    from chancery.briefings.models import Note

    note = write_note(org.fr, org.officer, at=local(org.fr, 2025, 3, 10))
    Note.objects.filter(pk=note.pk).update(body_html="<blockquote>" * 300 + "sâu" + "</blockquote>" * 300)
    briefing, _created = services.compile_briefing(org.fr, note.date, notify=False)
    html = pdf.render_briefing_html(selectors.briefing_view(briefing, org.officer), reader=org.officer)
    assert html.count("<blockquote>") == text.MAX_DEPTH and "sâu" in html
