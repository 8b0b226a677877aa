"""The import from a PDF or a Word file, and the review pre-filled with each item's lead unit,
coordinating units and deadline (attributes.py)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chancery.directives.files import UnreadableFile, docx_text, pdf_text, unwrap
from chancery.directives.models import Directive
from tests.factories import JPEG_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db

ITEMS = [
    "1. Giao Cục Lãnh sự chủ trì, phối hợp với Đại sứ quán Việt Nam tại Nhật Bản xây dựng quy "
    "trình bảo hộ công dân, báo cáo trước ngày 30/6/2025.",
    "2. Các cơ quan đại diện Việt Nam ở nước ngoài báo cáo tình hình công dân hằng tháng.",
    "3. Đại sứ quán Việt Nam tại Pháp tổ chức gặp mặt cộng đồng trong quý III năm 2025.",
]
HEAD = ["BỘ NGOẠI GIAO", "Số: 15/TB-BNG", "Hà Nội, ngày 15 tháng 3 năm 2025", "THÔNG BÁO",
        "Kết luận của Bộ trưởng Bùi Thanh Sơn về công tác bảo hộ công dân",
        "Bộ trưởng Bùi Thanh Sơn kết luận như sau:"]
CLOSING = "Văn phòng Bộ thông báo để các đơn vị biết, thực hiện./."


def make_pdf(lines: list[str]) -> bytes:
    """A text PDF made with the project's PDF library (WeasyPrint)."""
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def make_docx(*, header_table: bool = True) -> bytes:
    """A Word file whose number and date sit in a two-column header table, as letters do."""
    document = docx.Document()
    if header_table:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "BỘ NGOẠI GIAO"
        table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        table.cell(1, 0).text = "Số: 15/TB-BNG"
        table.cell(1, 1).text = "Hà Nội, ngày 15 tháng 3 năm 2025"
    for line in HEAD[3:] + ITEMS + [CLOSING]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def named(org):
    """The test units under the names a directive uses."""
    for unit, name in ((org.cd, "Cục Lãnh sự"), (org.fr, "Đại sứ quán Việt Nam tại Pháp"),
                       (org.jp, "Đại sứ quán Việt Nam tại Nhật Bản")):
        unit.name_vi = name
        unit.save()
    return org


@pytest.fixture
def pdf_bytes():
    return make_pdf(HEAD + ITEMS + [CLOSING])


# --- reading files ---------------------------------------------------------------------------


def test_pdf_text_keeps_vietnamese(pdf_bytes):
    text = pdf_text(pdf_bytes)
    assert "Giao Cục Lãnh sự chủ trì" in text and "ngày 15 tháng 3 năm 2025" in text


def test_docx_text_reads_the_header_table_row_by_row():
    text = docx_text(make_docx())
    assert "Số: 15/TB-BNG | Hà Nội, ngày 15 tháng 3 năm 2025" in text.splitlines()
    assert ITEMS[1] in text


def _picture_only_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<div style='width:9cm;height:9cm;background:#000'></div>").write_pdf()


@pytest.mark.parametrize("raw", [PDF_BYTES, b"%PDF-1.4 broken"])
def test_a_pdf_without_text_or_broken_is_refused(raw):
    with pytest.raises(UnreadableFile):
        pdf_text(raw)


def test_a_pdf_of_pictures_only_is_taken_for_a_scan():
    with pytest.raises(UnreadableFile, match="scan"):
        pdf_text(_picture_only_pdf())


def test_a_broken_docx_is_refused():
    with pytest.raises(UnreadableFile):
        docx_text(b"PK\x03\x04 not really a zip")


# --- the import page -------------------------------------------------------------------------


def _login(client, issuer):
    client.force_login(issuer)
    return client


def _rows(response):
    formset = response.context["formset"]
    return [form.initial for form in formset.forms]


def _check_review(response, org):
    assert response.status_code == 200, response.content.decode()[:2000]
    directive_form = response.context["directive_form"]
    assert directive_form.initial["issued_on"] == "2025-03-15"
    assert "Bùi Thanh Sơn" in directive_form.initial["issued_by"]
    rows = [r for r in _rows(response) if r.get("text")]
    assert len(rows) == 3
    first, second, third = rows
    assert first["lead_unit"] == org.cd.pk and first["coordinating_units"] == [org.jp.pk]
    assert first["deadline"] == date(2025, 6, 30) and first["recurrence"] == "once"
    assert "lead_unit" not in second and second["recurrence"] == "monthly"
    scope, _sep, pks = second["group_units"].partition(":")
    assert scope == "missions" and sorted(int(pk) for pk in pks.split(",")) == sorted([org.fr.pk, org.jp.pk])
    assert third["lead_unit"] == org.fr.pk and third["deadline"] == date(2025, 9, 30)
    page = response.content.decode()
    assert "trước ngày 30/6/2025" in page and 'class="notice group-note"' in page


def test_pdf_import_prefills_leads_and_deadlines(client, named, issuer, pdf_bytes):
    upload = SimpleUploadedFile("ket-luan.pdf", pdf_bytes, content_type="application/pdf")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload})
    _check_review(response, named)
    assert response.context["directive_form"].initial["source_name"] == "ket-luan.txt"


def test_docx_import_prefills_leads_and_deadlines(client, named, issuer):
    upload = SimpleUploadedFile("ket-luan.docx", make_docx(), content_type="application/octet-stream")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload})
    _check_review(response, named)


def _item(rows, number):
    """The index of the row of item `number` ("2." in the text)."""
    return next(i for i, r in enumerate(rows) if (r.get("text") or "").startswith(ITEMS[number - 1][3:20]))


def _post_review(client, response, changes=None):
    """The review form as the browser would send it, with the officer's changes."""
    data = {}
    for form in [response.context["directive_form"]]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = "" if value is None else value
    formset = response.context["formset"]
    data.update({f"items-{k}": v for k, v in formset.management_form.initial.items()})
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            key = f"items-{i}-{name}"
            if name == "include":
                if value:
                    data[key] = "on"
            elif isinstance(value, list):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)
    for key, value in (changes or {}).items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_saving_the_prefilled_review_makes_one_task_per_group_unit(client, named, issuer, pdf_bytes):
    upload = SimpleUploadedFile("ket-luan.pdf", pdf_bytes, content_type="application/pdf")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload})
    rows = _rows(response)
    third = _item(rows, 3)
    data = _post_review(client, response, {f"items-{third}-deadline": "2025-08-15"})  # changed
    saved = client.post(reverse("directives:import_save"), data)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    directive = Directive.objects.get()
    tasks = list(directive.tasks.order_by("position", "lead_unit__code"))
    got = [(t.marker.strip("."), t.lead_unit.code, t.recurrence, t.deadline) for t in tasks]
    assert got == [
        ("1", "CD-HN", "once", date(2025, 6, 30)),
        ("2", "EMB-FR", "monthly", None), ("2", "EMB-JP", "monthly", None),
        ("3", "EMB-FR", "once", date(2025, 8, 15)),
    ]
    assert list(tasks[0].coordinating_units.values_list("code", flat=True)) == ["EMB-JP"]
    group = directive.task_groups.get()  # item 2, "all missions": one task group
    assert group.scope == "all_missions"
    assert sorted(group.tasks.values_list("lead_unit__code", flat=True)) == ["EMB-FR", "EMB-JP"]
    assert tasks[0].group is None and tasks[3].group is None
    assert directive.source_text.startswith("BỘ NGOẠI GIAO")


def test_a_picked_lead_unit_overrides_the_group(client, named, issuer, pdf_bytes):
    org = named
    upload = SimpleUploadedFile("ket-luan.pdf", pdf_bytes, content_type="application/pdf")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload})
    second = _item(_rows(response), 2)
    data = _post_review(client, response, {f"items-{second}-lead_unit": str(org.jp.pk)})
    assert client.post(reverse("directives:import_save"), data).status_code == 302
    tasks = Directive.objects.get().tasks.filter(text__startswith=ITEMS[1][3:20])
    assert [t.lead_unit.code for t in tasks] == ["EMB-JP"]


def test_a_tampered_group_of_unknown_units_needs_a_lead(client, named, issuer, pdf_bytes):
    upload = SimpleUploadedFile("ket-luan.pdf", pdf_bytes, content_type="application/pdf")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload})
    second = _item(_rows(response), 2)
    data = _post_review(client, response, {f"items-{second}-group_units": "999998,999999"})
    response = client.post(reverse("directives:import_save"), data)
    assert response.status_code == 400 and not Directive.objects.exists()


@pytest.mark.parametrize("name, raw, message", [
    ("scan.pdf", "picture-only", "scan"),
    ("tiny.pdf", PDF_BYTES, "could not be read"),
    ("photo.pdf", JPEG_BYTES, "not a file Chancery can read"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 200, "not a file Chancery can read"),
])
def test_bad_files_get_a_clear_message_and_the_text_stays(client, org, issuer, name, raw, message):
    raw = _picture_only_pdf() if raw == "picture-only" else raw
    upload = SimpleUploadedFile(name, raw, content_type="application/pdf")
    response = _login(client, issuer).post(
        reverse("directives:import"), {"file": upload, "text": "Bản nháp của tôi"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Bản nháp của tôi" in page
    assert message in " ".join(response.context["form"].errors["file"])  # next to the file field
    assert 'id="error-summary"' in page and 'href="#id_file"' in page  # the summary links to it


def test_a_too_big_document_is_refused(client, org, issuer, settings):
    from chancery.directives import forms

    raw = make_pdf(HEAD + ITEMS)
    settings.DEBUG = False
    padding = b"\n%" + b"0" * forms.MAX_DOCUMENT_BYTES  # a comment: still a PDF, now 10 MB too big
    upload = SimpleUploadedFile("big.pdf", raw + padding, content_type="application/pdf")
    response = _login(client, issuer).post(reverse("directives:import"), {"file": upload},
                                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "limit" in response.content.decode()


def test_unwrap_joins_lines_the_pdf_layout_wrapped_but_not_items_or_headings():
    text = "\n".join([
        "BỘ NGOẠI GIAO",
        "Số: 15/TB-BNG",
        "1. Giao Cục Lãnh sự chủ trì xây dựng quy trình bảo hộ công dân, báo cáo trước ngày",
        "30/6/2025.",
        "2. Các cơ quan đại diện Việt Nam ở nước ngoài báo cáo tình hình công dân hằng tháng",
        "3. Đại sứ quán Việt Nam tại Pháp tổ chức gặp mặt cộng đồng.",
    ])
    assert unwrap(text).splitlines() == [
        "BỘ NGOẠI GIAO", "Số: 15/TB-BNG",
        "1. Giao Cục Lãnh sự chủ trì xây dựng quy trình bảo hộ công dân, báo cáo trước ngày 30/6/2025.",
        "2. Các cơ quan đại diện Việt Nam ở nước ngoài báo cáo tình hình công dân hằng tháng",
        "3. Đại sứ quán Việt Nam tại Pháp tổ chức gặp mặt cộng đồng.",
    ]


def test_unwrap_keeps_a_long_title_apart_and_joins_after_an_open_word():
    text = "\n".join([
        "Kết luận của Bộ trưởng Bùi Thanh Sơn về công tác bảo hộ công dân năm 2025",
        "Bộ trưởng Bùi Thanh Sơn kết luận như sau:",
        "1. Để bảo đảm quyền lợi của công dân Việt Nam ở nước ngoài, Bộ trưởng giao",
        "Cục Lãnh sự chủ trì.",
    ])
    assert unwrap(text).splitlines()[:2] == text.splitlines()[:2]
    assert unwrap(text).splitlines()[2].endswith("Bộ trưởng giao Cục Lãnh sự chủ trì.")


def test_create_directive_keeps_a_group_in_its_place(org, issuer):
    from chancery.directives.services import GroupSpec, create_directive
    from tests.directives.helpers import spec

    directive = create_directive(actor=issuer, issuing_unit=org.cd, title="Kết luận", tasks=[
        spec(org.cd), GroupSpec(spec=spec(org.cd), units=[org.fr, org.jp]), spec(org.fr),
    ])
    rows = list(directive.tasks.order_by("position").values_list("position", "lead_unit__code", "group"))
    group = directive.task_groups.get()
    assert rows == [(1, "CD-HN", None), (2, "EMB-FR", group.pk), (3, "EMB-JP", group.pk), (4, "EMB-FR", None)]
