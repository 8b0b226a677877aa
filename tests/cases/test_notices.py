"""Official notices as PDF: every kind the lifecycle issues, read back from the generated file; the
public verification page shows no personal data; downloads are scoped like the case itself."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case, Notice, NoticeCounter, NoticeKind
from chancery.cases.pdf import qr_data_uri, render_notice_html, render_notice_pdf
from chancery.cases.services import issue_apology
from chancery.core.pdf import offline_url_fetcher
from tests.factories import advance, submit_case

NAME = "Trần Thị Bích Ngọc"
REASON = "Because the rules say so."  # what tests.factories.advance gives as the reason
APOLOGY_REASON = "Chờ xác minh nhân thân từ Cục Quản lý xuất nhập cảnh."
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# The steps that issue each kind of notice (passport-issuance has a fee).
PATHS = {
    NoticeKind.RECEIPT: ["receive"],
    NoticeKind.COMPLETION_REQUEST: ["request_completion"],
    NoticeKind.SUPPLEMENT_REQUEST: ["receive", "start_processing", "request_supplement"],
    NoticeKind.REFUSAL_TO_ACCEPT: ["not_accept"],
    NoticeKind.STOPPED: ["receive", "stop"],
    NoticeKind.RESULT_LETTER: ["receive", "start_processing", "request_fee", "record_payment",
                               "approve", "return_result"],
    NoticeKind.CONTROL_SHEET: ["receive", "start_processing", "refuse", "return_result"],
    NoticeKind.APOLOGY: ["receive", "start_processing"],
    NoticeKind.PAYMENT: ["receive", "start_processing", "request_fee"],
}
TITLES = {
    NoticeKind.RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    NoticeKind.SUPPLEMENT_REQUEST: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    NoticeKind.COMPLETION_REQUEST: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    NoticeKind.REFUSAL_TO_ACCEPT: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    NoticeKind.APOLOGY: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    NoticeKind.STOPPED: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    NoticeKind.CONTROL_SHEET: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    NoticeKind.RESULT_LETTER: "THÔNG BÁO TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
    NoticeKind.PAYMENT: "THÔNG BÁO NỘP PHÍ, LỆ PHÍ",
}



# ---- Helpers, written independently of cases/pdf.py -----------------------------------------


def local(moment: datetime | str, tz: str = "Europe/Paris") -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(ZoneInfo(tz))


def vi_date(moment: datetime) -> str:
    """As Vietnamese official documents write it (Decree 30/2020): 05, and 01/02 for months."""
    month = f"{moment.month:02d}" if moment.month <= 2 else str(moment.month)
    return f"ngày {moment.day:02d} tháng {month} năm {moment.year}"


def en_date(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    """Line breaks and runs of spaces as one space: a phrase may wrap in the PDF."""
    return " ".join(text.split())


def verify_url(notice: Notice) -> str:
    return settings.SITE_URL + f"/verify/{notice.verification_token}/"


def issue(org, kind: str, name: str = NAME) -> tuple[Case, Notice]:
    case, _key = submit_case(org.fr, "passport-issuance", name=name)
    case = advance(case, PATHS[kind], officer=org.officer, decider=org.head)
    if kind == NoticeKind.APOLOGY:
        new_day = local(case.due_at).date() + timedelta(days=7)
        case = issue_apology(case, new_day, actor=org.officer, expected_version=case.version,
                             reason=APOLOGY_REASON)
    return case, case.notices.get(kind=kind)


# ---- The PDF, read back ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PATHS))
def test_each_notice_pdf_carries_code_number_date_and_verification_address(kind, org, catalog):
    case, notice = issue(org, kind)
    text = pdf_text(render_notice_pdf(notice))
    flat_text = flat(text)

    assert case.tracking_code in text
    assert notice.number in text
    assert verify_url(notice) in text
    assert TITLES[kind] in flat_text
    # The national motto and the issuing unit, with their diacritics intact.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐƠN VỊ EMB-FR" in text and "Unit EMB-FR" in text
    # Place and date of issue, in the unit's time zone, in both languages.
    issued = local(notice.issued_at)
    assert f"City, {vi_date(issued)}" in flat_text
    assert f"City, {en_date(issued)}" in flat_text
    # The applicant reads their own name (the verification page never shows it).
    assert NAME in flat_text


def test_receipt_shows_the_appointment_date_in_both_languages(org, catalog):
    case, notice = issue(org, NoticeKind.RECEIPT)
    text = flat(pdf_text(render_notice_pdf(notice)))
    due = local(case.due_at)
    received = local(case.received_at)
    assert "Giấy tiếp nhận".upper() in text
    assert "Thời gian hẹn trả kết quả giải quyết hồ sơ" in text
    assert f"{due:%H} giờ {due:%M}, {vi_date(due)}" in text
    assert f"{due:%H:%M}, {en_date(due)}" in text
    assert vi_date(received) in text
    assert "5 ngày làm việc" in text and "5 working days" in text
    assert "passport" in text.lower()  # the uploaded documents are listed


def test_supplement_request_shows_what_is_missing(org, catalog):
    _case, notice = issue(org, NoticeKind.SUPPLEMENT_REQUEST)
    text = flat(pdf_text(render_notice_pdf(notice)))
    assert REASON in text
    assert "bổ sung, hoàn thiện hồ sơ" in text
    assert vi_date(local(notice.issued_at)) in text


def test_refusal_and_stop_give_their_reason(org, catalog):
    for kind in (NoticeKind.REFUSAL_TO_ACCEPT, NoticeKind.STOPPED):
        _case, notice = issue(org, kind)
        text = flat(pdf_text(render_notice_pdf(notice)))
        assert REASON in text, kind


def test_apology_shows_the_old_and_the_new_appointment(org, catalog):
    case, notice = issue(org, NoticeKind.APOLOGY)
    text = flat(pdf_text(render_notice_pdf(notice)))
    old_due = local(case.original_due_at)
    new_due = local(case.due_at)
    assert new_due > old_due
    assert vi_date(old_due) in text and en_date(old_due) in text
    assert vi_date(new_due) in text and en_date(new_due) in text
    assert APOLOGY_REASON in text


def test_control_sheet_lists_who_held_the_case_and_when(org, catalog):
    case, notice = issue(org, NoticeKind.CONTROL_SHEET)
    text = flat(pdf_text(render_notice_pdf(notice)))
    assert case.events.count() == 5  # submit, receive, start, refuse, return
    for event in case.events.all():
        assert f"{local(event.at):%d/%m/%Y %H:%M}" in text
    assert "officer.fr" in text and "head.fr" in text
    assert "Người nộp hồ sơ" in text  # the submission, by the applicant
    assert "Từ chối giải quyết" in text and "Trả kết quả" in text


def test_result_letter_comes_with_the_control_sheet(org, catalog):
    case, notice = issue(org, NoticeKind.RESULT_LETTER)
    sheet = case.notices.get(kind=NoticeKind.CONTROL_SHEET)
    assert sheet.number != notice.number
    text = flat(pdf_text(render_notice_pdf(notice)))
    assert "Approved" in text
    assert vi_date(local(case.due_at)) in text
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in text


def test_an_issued_notice_never_changes(org, catalog):
    case, notice = issue(org, NoticeKind.RECEIPT)
    before = pdf_text(render_notice_pdf(notice))
    Case.objects.filter(pk=case.pk).update(applicant_name="Someone Else",
                                           due_at=case.due_at + timedelta(days=30))
    after = pdf_text(render_notice_pdf(Notice.objects.get(pk=notice.pk)))
    assert NAME in flat(after) and "Someone Else" not in after
    assert before == after


def test_dates_are_in_the_units_time_zone(org, catalog):
    case, _ = submit_case(org.jp, "passport-issuance", name=NAME)
    case = advance(case, ["receive"], officer=org.officer_jp)
    notice = case.notices.get(kind=NoticeKind.RECEIPT)
    text = flat(pdf_text(render_notice_pdf(notice)))
    due = local(case.due_at, "Asia/Tokyo")
    assert f"{due:%H} giờ {due:%M}, {vi_date(due)}" in text
    assert notice.number.startswith("EMB-JP/")


def test_pdf_rendering_fetches_nothing_from_the_network(org, catalog):
    _case, notice = issue(org, NoticeKind.RECEIPT)
    html = render_notice_html(notice)
    # The only resource is the QR code, inline, and it encodes the verification address.
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == [qr_data_uri(verify_url(notice))]
    assert "url(" not in html and "@import" not in html
    fetcher = offline_url_fetcher()
    for url in ("http://example.invalid/x.png", "https://example.invalid/font.woff",
                "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher(url)


# ---- Numbers -----------------------------------------------------------------------------------


def test_numbers_are_sequential_per_unit_and_year(org, catalog):
    year = timezone.now().year
    NoticeCounter.objects.create(unit=org.fr, year=year - 1, last=41)  # last year's do not count
    first, _ = submit_case(org.fr)
    second, _ = submit_case(org.fr)
    tokyo, _ = submit_case(org.jp)
    advance(first, ["receive"], officer=org.officer)
    advance(tokyo, ["receive"], officer=org.officer_jp)
    advance(second, ["receive", "stop"], officer=org.officer)
    advance(first, ["start_processing", "refuse", "return_result"], officer=org.officer,
            decider=org.head)
    paris = list(Notice.objects.filter(unit=org.fr).order_by("id").values_list("number", flat=True))
    assert paris == [f"EMB-FR/{year}/{n:06d}" for n in range(1, 6)]
    assert list(Notice.objects.filter(unit=org.jp).values_list("number", flat=True)) == [
        f"EMB-JP/{year}/000001"
    ]
    assert len({n.verification_token for n in Notice.objects.all()}) == Notice.objects.count()


# ---- The public verification page --------------------------------------------------------------


@pytest.mark.parametrize("kind", [NoticeKind.RECEIPT, NoticeKind.STOPPED, NoticeKind.APOLOGY,
                                  NoticeKind.CONTROL_SHEET, NoticeKind.PAYMENT])
def test_verification_page_confirms_the_notice_without_personal_data(kind, org, catalog):
    case, notice = issue(org, kind)
    response = Client().get(reverse("portal:verify_notice", args=[notice.verification_token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Genuine notice" in page and "Văn bản hợp lệ" in page
    assert notice.number in page
    assert TITLES[kind].capitalize()[:20].lower() in page.lower()
    issued = local(notice.issued_at)
    assert vi_date(issued) in page and en_date(issued) in page
    assert "Đơn vị EMB-FR" in page
    # Nothing personal, nothing that opens the case.
    for secret in (NAME, NAME.upper(), case.tracking_code, case.tracking_code.replace("-", ""),
                   case.applicant_email, case.applicant_phone, REASON, APOLOGY_REASON,
                   "officer.fr", "passport.pdf"):
        assert secret not in page, secret
    assert response["X-Robots-Tag"].startswith("noindex")


def test_unknown_token_is_not_a_genuine_notice(org, catalog):
    issue(org, NoticeKind.RECEIPT)
    response = Client().get(reverse("portal:verify_notice", args=["not-a-real-token-123456"]))
    assert response.status_code == 404
    assert "Not a genuine notice" in response.content.decode()


# ---- Downloads ---------------------------------------------------------------------------------


def staff_url(case: Case, notice: Notice) -> str:
    return reverse("cases:notice_pdf", args=[case.tracking_code, notice.pk])


def applicant_url(case: Case, notice: Notice) -> str:
    return reverse("portal:notice_pdf", args=[case.tracking_code, notice.pk])


def test_staff_download_is_inline_named_by_number_and_audited(org, catalog):
    case, notice = issue(org, NoticeKind.RECEIPT)
    client = Client()
    client.force_login(org.officer)
    response = client.get(staff_url(case, notice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{notice.number.replace("/", "-")}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert notice.number in pdf_text(response.content)
    audit = AuditRecord.objects.filter(action="notice.downloaded").get()
    assert audit.actor == org.officer and audit.object_id == str(notice.pk)
    assert audit.unit_id == org.fr.pk


def test_staff_of_another_unit_get_404(org, catalog):
    case, notice = issue(org, NoticeKind.RECEIPT)
    for person in (org.officer_jp, org.head_jp):
        client = Client()
        client.force_login(person)
        assert client.get(staff_url(case, notice)).status_code == 404
    assert not AuditRecord.objects.filter(action="notice.downloaded").exists()
    anonymous = Client().get(staff_url(case, notice))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_notice_of_another_case_is_404(org, catalog):
    case, _ = issue(org, NoticeKind.RECEIPT)
    _other, other_notice = issue(org, NoticeKind.RECEIPT)
    client = Client()
    client.force_login(org.officer)
    assert client.get(staff_url(case, other_notice)).status_code == 404


def test_applicant_download_needs_the_unlocked_session(org, catalog):
    case, key = submit_case(org.fr, "passport-issuance", name=NAME)
    case = advance(case, ["receive"], officer=org.officer)
    notice = case.notices.get()
    browser = Client()
    assert browser.get(applicant_url(case, notice)).status_code == 404

    unlocked = browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    assert unlocked.status_code == 302
    response = browser.get(applicant_url(case, notice))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert case.tracking_code in pdf_text(response.content)
    audit = AuditRecord.objects.filter(action="notice.downloaded").get()
    assert audit.actor is None and audit.actor_label == "applicant"

    # The same browser cannot reach another applicant's notice through its own case.
    _other, other_notice = issue(org, NoticeKind.RECEIPT)
    assert browser.get(applicant_url(case, other_notice)).status_code == 404
    assert browser.get(applicant_url(_other, other_notice)).status_code == 404


def test_case_page_and_status_page_list_the_notices(org, catalog):
    case, key = submit_case(org.fr, "passport-issuance", name=NAME)
    case = advance(case, ["receive"], officer=org.officer)
    notice = case.notices.get()

    staff = Client()
    staff.force_login(org.officer)
    page = staff.get(reverse("cases:detail", args=[case.tracking_code])).content.decode()
    assert notice.number in page and staff_url(case, notice) in page

    browser = Client()
    browser.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    page = browser.get(reverse("portal:status", args=[case.tracking_code])).content.decode()
    assert notice.number in page and applicant_url(case, notice) in page
