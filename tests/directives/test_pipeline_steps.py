"""Unit tests of the directive pipeline's steps, on small texts written for each failure class.

(a) clean-up, (b) document parts, (c) markers and introducers, (d) issuer, (e) prose
directives, (f) the document's date. Expectations were written from the texts, by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from chancery.directives.document import document_number, header_date, split_parts, tidy_text
from chancery.directives.extraction import extract_directive

# --------------------------------------------------------------------------------------------
# (a) clean-up
# --------------------------------------------------------------------------------------------


def test_glued_sentences_are_separated_but_abbreviations_stay() -> None:
    assert tidy_text("Bộ trưởng đồng ý.Bộ Ngoại giao chủ trì.") == (
        "Bộ trưởng đồng ý. Bộ Ngoại giao chủ trì.")
    assert tidy_text("Tại TP.HCM, v.v.") == "Tại TP.HCM, v.v."


def test_glued_words_are_separated_but_brand_names_stay() -> None:
    assert tidy_text("báo cáoThủ tướng Chính phủ") == "báo cáo Thủ tướng Chính phủ"
    assert tidy_text("trên VnExpress và iPhone") == "trên VnExpress và iPhone"


def test_table_cells_become_lines_and_wrapped_lines_are_joined() -> None:
    text = "Số: 12/VPCP-QHQT | Hà Nội, ngày 5 tháng 3 năm 2025 |"
    assert tidy_text(text).split("\n") == [
        "Số: 12/VPCP-QHQT", "Hà Nội, ngày 5 tháng 3 năm 2025", ""]
    assert tidy_text("Bộ Ngoại giao cần\nrà soát ngay.") == "Bộ Ngoại giao cần rà soát ngay."
    assert tidy_text("Phó Thủ tướng\nTrần Hồng Hà yêu cầu.") == "Phó Thủ tướng Trần Hồng Hà yêu cầu."


def test_letter_markers_are_not_joined_to_the_line_before() -> None:
    assert tidy_text("a) Rà soát hồ sơ\nđ) Báo cáo kết quả").split("\n") == [
        "a) Rà soát hồ sơ", "đ) Báo cáo kết quả"]


def test_web_boilerplate_is_dropped() -> None:
    text = ("TTO - Bộ trưởng yêu cầu Cục Lãnh sự rà soát.\n- 1Chỉ thị 15/CT-TTg năm 2020\n"
            "*** Error ***\nÝ kiến bạn đọc\nBình luận hay nhất: Cần phải làm ngay.")
    assert tidy_text(text) == "Bộ trưởng yêu cầu Cục Lãnh sự rà soát."


# --------------------------------------------------------------------------------------------
# (b) document parts
# --------------------------------------------------------------------------------------------

LETTER = """VĂN PHÒNG CHÍNH PHỦ
Số: 99/VPCP-QHQT
Hà Nội, ngày 5 tháng 3 năm 2025
Kính gửi: Bộ Ngoại giao.
Căn cứ Quy chế làm việc của Chính phủ;
Xét đề nghị của Bộ Ngoại giao (công văn số 1/BNG-LS), Thủ tướng Chính phủ có ý kiến như sau:
1. Đồng ý với đề nghị của Bộ Ngoại giao.
2. Giao Bộ Ngoại giao chủ trì, phối hợp với Bộ Công an thực hiện.
Văn phòng Chính phủ xin thông báo để Bộ Ngoại giao biết, thực hiện./.
Nơi nhận:
- Như trên;
- TTg, các PTTg;
- Lưu: VT, QHQT (3).
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Nguyễn Văn A
"""


def test_letter_is_cut_into_body_bases_closing_and_distribution() -> None:
    parts = split_parts(tidy_text(LETTER))
    assert parts.bases == ["Căn cứ Quy chế làm việc của Chính phủ;"]
    assert parts.closing == [
        "Văn phòng Chính phủ xin thông báo để Bộ Ngoại giao biết, thực hiện./."]
    assert parts.distribution[0] == "Nơi nhận:"
    assert "- Lưu: VT, QHQT (3)." in parts.distribution
    assert not any("Nơi nhận" in line or "Như trên" in line for line in parts.body)
    assert parts.doc_type is None  # a letter directs
    assert parts.doc_date == date(2025, 3, 5)


def test_distribution_list_and_signature_never_become_items() -> None:
    result = extract_directive(LETTER)
    assert [(i["marker"], i["text"][:20], i["children"]) for i in result["items"]] == [
        ("1.", "Đồng ý với đề nghị c", []), ("2.", "Giao Bộ Ngoại giao c", [])]
    assert result["issued_by"] == "Thủ tướng Chính phủ"
    assert result["issued_on"] == "2025-03-05"


def test_a_decision_cut_into_articles_yields_no_tasks_and_no_issuer() -> None:
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nHà Nội, ngày 16 tháng 4 năm 2019\nQUYẾT ĐỊNH\n"
            "PHÊ DUYỆT ĐỀ ÁN BẢO ĐẢM AN TOÀN GIAO THÔNG\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT ĐỊNH:\n"
            "Điều 1. Phê duyệt Đề án với các nội dung sau:\nI. QUAN ĐIỂM\n"
            "1. Bộ Giao thông vận tải chủ trì thực hiện.\n")
    result = extract_directive(text)
    assert result["items"] == [] and result["unenumerated_directives"] == []
    assert result["issued_by"] is None
    assert result["issued_on"] == "2019-04-16"


def test_a_list_of_people_is_not_a_list_of_tasks() -> None:
    text = ("Nhân dịp này, nhiều Bộ trưởng đã gửi điện mừng:\n"
            "- Bộ trưởng Ngoại giao Liên bang Nga Sergey Lavrov;\n"
            "- Bộ trưởng Ngoại giao Malaysia Hishammuddin Hussein.\n")
    assert extract_directive(text)["items"] == []


# --------------------------------------------------------------------------------------------
# (c) markers and introducers
# --------------------------------------------------------------------------------------------


def test_number_dash_markers_on_lines_and_inline() -> None:
    lines = extract_directive("Bộ trưởng yêu cầu:\n1- Các cơ quan đại diện rà soát danh sách.\n"
                              "2 - Cục Lãnh sự báo cáo trước ngày 5/3/2025.")
    assert [(i["marker"], i["text"]) for i in lines["items"]] == [
        ("1-", "Các cơ quan đại diện rà soát danh sách."),
        ("2 -", "Cục Lãnh sự báo cáo trước ngày 5/3/2025.")]
    inline = extract_directive("Thủ tướng yêu cầu: 1- Bộ Y tế chủ trì hướng dẫn. "
                               "2- Bộ Công an bảo đảm an ninh.")
    assert [i["marker"] for i in inline["items"]] == ["1-", "2-"]
    assert extract_directive("Cần 1-2 ngày để hoàn thành.")["items"] == []


def test_an_introducer_followed_by_one_unmarked_paragraph_yields_that_paragraph() -> None:
    text = ("Xét đề nghị của Bộ Ngoại giao, Thủ tướng Chính phủ có ý kiến như sau:\n"
            "Đồng ý với các kiến nghị của Bộ Ngoại giao tại văn bản nêu trên.\n")
    result = extract_directive(text)
    assert result["unenumerated_directives"] == [
        "Đồng ý với các kiến nghị của Bộ Ngoại giao tại văn bản nêu trên."]


# --------------------------------------------------------------------------------------------
# (d) issuer
# --------------------------------------------------------------------------------------------


def test_issuer_with_co_y_kien_ket_luan_and_lower_case_title() -> None:
    assert extract_directive("Về việc này, Phó Thủ tướng Phạm Gia Khiêm có ý kiến như sau: "
                             "đồng ý.")["issued_by"] == "Phó Thủ tướng Phạm Gia Khiêm"
    assert extract_directive("Phó thủ tướng Lê Văn Thành kết luận cuộc họp."
                             )["issued_by"] == "Phó thủ tướng Lê Văn Thành"
    assert extract_directive("Ngày 29/9, Thủ tướng Chính phủ đã có công điện khẩn chỉ đạo các "
                             "Bộ, ngành.")["issued_by"] == "Thủ tướng Chính phủ"


def test_issuer_split_over_lines_and_a_ministry_speaking() -> None:
    assert extract_directive("Phó Thủ tướng\nTrần Hồng Hà yêu cầu các bộ khẩn trương.")[
        "issued_by"] == "Phó Thủ tướng Trần Hồng Hà"
    assert extract_directive("Bộ Ngoại giao đề nghị các cơ quan lưu ý thực hiện.")[
        "issued_by"] == "Bộ Ngoại giao"


# --------------------------------------------------------------------------------------------
# (e) prose directives
# --------------------------------------------------------------------------------------------


def test_follow_on_and_subjectless_sentences_are_directives() -> None:
    text = ("Chiều 5/3/2025, Thủ tướng chủ trì cuộc họp về bảo hộ công dân. Thủ tướng yêu cầu "
            "tăng cường bảo hộ công dân.Bộ Ngoại giao chủ trì, phối hợp với các bộ liên quan. "
            "Yêu cầu Bộ Công an kiểm tra ngay. Cuộc họp kết thúc lúc 17 giờ.")
    assert [s[:25] for s in extract_directive(text)["unenumerated_directives"]] == [
        "Thủ tướng yêu cầu tăng cư", "Bộ Ngoại giao chủ trì, ph", "Yêu cầu Bộ Công an kiểm t"]


def test_a_leader_chairing_a_meeting_is_not_a_directive() -> None:
    text = "Sáng 6-1, Thủ tướng Phạm Minh Chính dự và chỉ đạo hội nghị tổng kết ngành."
    assert extract_directive(text)["unenumerated_directives"] == []


def test_only_the_issuers_requests_count() -> None:
    text = ("Phó Thủ tướng Trần Lưu Quang đề nghị Bộ Ngoại giao tiếp tục sắp xếp bộ máy. "
            "Bộ trưởng Bùi Thanh Sơn đề nghị các đại biểu thảo luận.")
    assert [s[:30] for s in extract_directive(text)["unenumerated_directives"]] == [
        "Phó Thủ tướng Trần Lưu Quang đ"]


# --------------------------------------------------------------------------------------------
# (f) date
# --------------------------------------------------------------------------------------------


def test_header_date_with_one_digit_day_and_month_split_over_lines() -> None:
    assert header_date(["Số: 1/CT-TTg", "Hà Nội, ngày 5 tháng 3 năm 2025"]) == date(2025, 3, 5)
    assert header_date(["Hà Nội, ngày 14", "tháng 05 năm 2013"]) == date(2013, 5, 14)


def test_date_only_in_an_upper_case_title() -> None:
    assert header_date(["CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG",
                        "NGÀY 21 THÁNG 6 NĂM 2001 VỀ VIỆC XÂY DỰNG KẾ HOẠCH"]) == date(2001, 6, 21)


def test_the_header_date_wins_over_a_body_date() -> None:
    text = ("BỘ NGOẠI GIAO\nHà Nội, ngày 8 tháng 4 năm 2014\nKính gửi: Cục Lãnh sự.\n"
            "Báo Tuổi trẻ ngày 24 tháng 3 năm 2014 có bài về hộ chiếu. Bộ trưởng yêu cầu Cục "
            "Lãnh sự kiểm tra ngay.")
    assert extract_directive(text)["issued_on"] == "2014-04-08"


def test_a_reported_text_gives_its_own_date() -> None:
    text = ("Thủ tướng Phạm Minh Chính ký ban hành Chỉ thị số 06/CT-TTg ngày 23/2/2026 về việc "
            "đôn đốc thực hiện nhiệm vụ.")
    assert extract_directive(text)["issued_on"] == "2026-02-23"


# --------------------------------------------------------------------------------------------
# (g) the text's type: regulations and reports are found without their upper-case heading
# --------------------------------------------------------------------------------------------

def _type(text: str) -> str | None:
    return split_parts(tidy_text(text)).doc_type


def test_type_from_a_legal_sites_field_or_page_title() -> None:
    assert _type("Thông tin văn bản\n• Loại văn bản: Thông tư\n1. Phạm vi") == "THÔNG TƯ"
    assert _type("Quyết định 344/QĐ-TTg năm 2022 phê duyệt Đề án\n1. Mục tiêu") == "QUYẾT ĐỊNH"
    assert _type("Nghị định 36/2025/NĐ-CP quy định chức năng\nĐiều 1.") == "NGHỊ ĐỊNH"
    # A news headline naming a resolution without its number is no regulation.
    assert _type("Nghị quyết phiên họp Chính phủ thường kỳ tháng 8/2015\nChính phủ yêu cầu") is None


def test_type_from_the_enacting_line_or_articles() -> None:
    assert _type("Căn cứ Luật Tổ chức Chính phủ;\nQUYẾT ĐỊNH:\nĐiều 1. Nay ban hành") == "QUYẾT ĐỊNH"
    assert _type("Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng") == "QUY ĐỊNH"
    assert _type("Điều 1. Phê duyệt Chương trình quốc gia\nI. QUAN ĐIỂM\n1. Nâng cao") == "QUY ĐỊNH"
    # One article quoted in a letter is not enough.
    assert _type("Theo Điều 5 của Nghị định, Bộ Ngoại giao cần:\n1. Rà soát hồ sơ.") is None


def test_a_decree_without_its_heading_yields_no_items() -> None:
    text = ("Chính phủ ban hành Nghị định.\nĐiều 1. Phạm vi điều chỉnh\n1. Nghị định này quy định.\n"
            "Điều 2. Đối tượng áp dụng\n1. Cơ quan nhà nước.")
    assert extract_directive(text)["items"] == []


# --------------------------------------------------------------------------------------------
# (h) classification: lists that ask for work, and lists that do not
# --------------------------------------------------------------------------------------------

def _markers(text: str) -> list[str]:
    return [item["marker"] for item in extract_directive(text)["items"]]


def test_a_list_of_results_or_figures_is_not_tasks() -> None:
    results = ("Năm 2024, Bộ Ngoại giao đạt được các kết quả sau:\n1. Ký kết 40 điều ước.\n"
               "2. Tổ chức 120 đoàn cấp cao.")
    assert _markers(results) == []
    figures = ("Ban Chỉ đạo tỉnh cập nhật như sau:\n- Đã xét nghiệm 4.089 mẫu.\n"
               "- Cách ly tập trung 2.449 người.")
    assert _markers(figures) == []
    attendees = "Thành phần tham dự gồm:\n1. Lãnh đạo Bộ Ngoại giao.\n2. Đại diện Bộ Công an."
    assert _markers(attendees) == []


def test_a_list_introduced_by_a_request_stays_even_when_it_names_results() -> None:
    text = ("Thủ tướng yêu cầu các bộ báo cáo kết quả như sau:\n1. Bộ Ngoại giao tổng hợp 40 "
            "điều ước.\n2. Bộ Công an rà soát 120 hồ sơ.")
    assert _markers(text) == ["1.", "2."]
    plain = "1. Bộ Ngoại giao chủ trì rà soát.\n2. Bộ Tư pháp thẩm định."
    assert _markers(plain) == ["1.", "2."]


def test_section_headings_that_hold_no_work_are_not_items() -> None:
    text = ("Thủ tướng Chính phủ chỉ thị:\nI. TÌNH HÌNH VÀ KẾT QUẢ\nNăm qua đã đạt nhiều kết quả.\n"
            "II. NHIỆM VỤ TRỌNG TÂM\n1. Bộ Ngoại giao chủ trì rà soát.")
    items = extract_directive(text)["items"]
    assert [item["marker"] for item in items] == ["II."]
    assert [child["marker"] for child in items[0]["children"]] == ["1."]


# --------------------------------------------------------------------------------------------
# (i) issuer: headings, wrapped and glued names, appositions, bodies that speak
# --------------------------------------------------------------------------------------------

LETTER_HEAD = "VĂN PHÒNG CHÍNH PHỦ\nSố: 12/VPCP-QHQT\nHà Nội, ngày 5 tháng 3 năm 2025\n"
LETTER_END = ("\nVăn phòng Chính phủ xin thông báo để Bộ Ngoại giao biết, thực hiện./.\n"
              "Nơi nhận:\n- Như trên;\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Văn A")


def _issuer(body: str) -> str | None:
    return extract_directive(LETTER_HEAD + body + LETTER_END)["issued_by"]


def test_issuer_named_in_an_upper_case_heading_wrapped_over_lines() -> None:
    text = ("VĂN PHÒNG CHÍNH PHỦ\nTHÔNG BÁO\nKẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ PHẠM MINH\n"
            "CHÍNH TẠI PHIÊN HỌP BAN CHỈ ĐẠO\nNgày 9/4, Thủ tướng chủ trì phiên họp.")
    assert extract_directive(text)["issued_by"] == "Thủ tướng Chính phủ Phạm Minh Chính"


def test_issuer_with_a_name_wrapped_or_glued_to_the_cue() -> None:
    assert _issuer("Về việc này, Phó Thủ tướng Chính phủ Lê\nMinh Khái có ý kiến như sau:\n"
                   "Bộ Ngoại giao chủ trì xử lý.") == "Phó Thủ tướng Chính phủ Lê Minh Khái"
    assert _issuer("Về việc này, Phó Thủ tướng Lê Minh Kháicó ý kiến như sau:\n"
                   "Bộ Ngoại giao chủ trì xử lý.") == "Phó Thủ tướng Lê Minh Khái"


def test_issuer_with_a_qualifier_or_an_apposition() -> None:
    assert _issuer("Xét đề nghị của Bộ Ngoại giao, Phó Thủ tướng Thường trực Nguyễn Hòa Bình có ý "
                   "kiến như sau:\n1. Bộ Ngoại giao chủ trì.") == (
        "Phó Thủ tướng Thường trực Nguyễn Hòa Bình")
    assert _issuer("Phó Thủ tướng Chính phủ Phạm Bình Minh - Chủ tịch Ủy ban có ý kiến như sau:\n"
                   "Giao Bộ Ngoại giao chủ trì.") == "Phó Thủ tướng Chính phủ Phạm Bình Minh"
    assert _issuer("Ý kiến của Phó Thủ tướng Phạm Bình Minh như sau:\nGiao Bộ Ngoại giao chủ trì."
                   ) == "Phó Thủ tướng Phạm Bình Minh"
    assert extract_directive("Ngày 4/2, Chủ tịch UBND tỉnh Vũ Hồng Bắc đã có kết luận như sau:\n"
                             "1. Sở Y tế chủ trì.")["issued_by"] == "Chủ tịch UBND tỉnh Vũ Hồng Bắc"


def test_issuer_is_a_body_that_sends_a_dispatch() -> None:
    text = ("Ngày 24/8, Ban Chỉ đạo Trung ương Phòng chống thiên tai đã có Công điện số 20/CĐ-TW "
            "gửi các tỉnh ven biển.")
    assert extract_directive(text)["issued_by"] == "Ban Chỉ đạo Trung ương Phòng chống thiên tai"
    listed = ("Lãnh đạo các nước đã gửi điện chúc mừng. Trước đó, Phó Thủ tướng, Bộ trưởng Ngoại "
              "giao Campuchia Prak Sokhonn đã gọi điện chúc mừng.")
    assert extract_directive(listed)["issued_by"] is None


# --------------------------------------------------------------------------------------------
# (j) prose directives: follow-on sentences, bodies that ask, lists of units
# --------------------------------------------------------------------------------------------

def _prose(text: str) -> list[str]:
    return extract_directive(text)["unenumerated_directives"]


def test_subject_less_follow_on_sentences_after_a_leader_directs() -> None:
    text = ("Thủ tướng Phạm Minh Chính yêu cầu các bộ, ngành bám sát tình hình.\n"
            "Tiếp tục thực hiện mục tiêu kép. Đẩy nhanh tiến trình phục hồi kinh tế.\n"
            "Tiếp tục mưa lớn ở miền Trung.")
    assert _prose(text) == [
        "Thủ tướng Phạm Minh Chính yêu cầu các bộ, ngành bám sát tình hình.",
        "Tiếp tục thực hiện mục tiêu kép.", "Đẩy nhanh tiến trình phục hồi kinh tế."]
    # With no leader directing, such a sentence is a report.
    assert _prose("Tiếp tục thực hiện mục tiêu kép.") == []


def test_an_emphasis_that_carries_an_obligation() -> None:
    text = ("Thủ tướng Nguyễn Xuân Phúc chủ trì hội nghị. Thủ tướng nêu tình hình thế giới và "
            "nhấn mạnh ngành ngoại giao phải đi đầu. Thủ tướng nhấn mạnh vai trò của hội nghị.")
    assert _prose(text) == ["Thủ tướng nêu tình hình thế giới và nhấn mạnh ngành ngoại giao "
                            "phải đi đầu."]


def test_a_body_that_asks_and_a_notice_to_apply() -> None:
    assert _prose("Để triển khai, Văn phòng Chính phủ đề nghị văn phòng các Bộ kịp thời thông "
                  "báo.") == ["Để triển khai, Văn phòng Chính phủ đề nghị văn phòng các Bộ kịp "
                              "thời thông báo."]
    notice = "Sở Ngoại vụ thông báo các Sở, ngành được biết, áp dụng các mẫu văn bản."
    assert _prose(notice) == [notice]
    polite = "Nếu có vướng mắc, đề nghị Quý Cơ quan liên hệ với Sở Ngoại vụ."
    # An offer of contact closes the letter; it gives no work (convention of 2026-12-03).
    assert _prose(polite) == []


def test_a_list_of_units_shares_the_verb_after_a_connector() -> None:
    text = "Vì vậy các Bộ, ngành, Uỷ ban nhân dân các cấp cần chủ động nghiên cứu Nghị quyết."
    result = extract_directive(text)
    assert result["unenumerated_directives"] == [text]
    assert result["addressees"] == ["các Bộ, ngành", "Uỷ ban nhân dân"]
    assert _prose("Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các bộ.") == [
        "Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các bộ."]


def test_a_dispatch_issued_with_a_request() -> None:
    text = ("Ở thời điểm cao điểm chống dịch, Thủ tướng Nguyễn Xuân Phúc đã ban hành Chỉ thị yêu "
            "cầu cả nước quyết liệt thực hiện đợt cao điểm.")
    assert _prose(text) == [text]


# --------------------------------------------------------------------------------------------
# (k) event days
# --------------------------------------------------------------------------------------------

def test_event_day_written_out_or_on_a_meeting() -> None:
    assert extract_directive("Chiều hôm nay 18 tháng 8 năm 2016, Thủ tướng đã ký công điện yêu "
                             "cầu các bộ ứng phó bão.")["issued_on"] == "2016-08-18"
    text = ("24/08/2016 11:41 GMT+7\nPhát biểu tại Hội nghị ngoại giao lần thứ 29 ngày 23-8, Thủ "
            "tướng đề nghị các cơ quan đại diện đổi mới.")
    assert extract_directive(text)["issued_on"] == "2016-08-23"


def test_the_date_of_another_text_is_not_the_event() -> None:
    text = ("Ngày 31/8/2016, Bộ Ngoại giao có Quyết định số 3287/QĐ-BNG về mẫu văn bản.\n"
            "Sở Ngoại vụ thông báo các Sở được biết, áp dụng.")
    assert extract_directive(text)["issued_on"] is None
    dispatch = "Ngày 14-1-2025, Thủ tướng Chính phủ đã có Công văn chỉ đạo các Bộ rà soát."
    assert extract_directive(dispatch)["issued_on"] == "2025-01-14"


def test_lists_of_documents_people_or_fields_are_not_tasks() -> None:
    documents = ("Năm qua Chính phủ ban hành:\n1. Nghị quyết số 01/NQ-CP về nhiệm vụ.\n"
                 "2. Nghị quyết số 02/NQ-CP về môi trường kinh doanh.")
    assert _markers(documents) == []
    people = "Đoàn gồm:\n1. Ông Nguyễn Văn A, Thứ trưởng.\n2. Bà Trần Thị B, Vụ trưởng."
    assert _markers(people) == []
    fields = "Thông tin áp dụng\n- Ngày có hiệu lực: 01/7/2025\n- Tình trạng: Còn hiệu lực"
    assert _markers(fields) == []
    # "Về ...:" opens a directive's item, not a field.
    headed = "1. Về công tác lãnh sự: rà soát hồ sơ.\n2. Về báo chí: trả lời kịp thời."
    assert _markers(headed) == ["1.", "2."]


def test_issuer_from_a_ministry_speaking_politely_or_from_the_signature() -> None:
    assert extract_directive("Bộ Ngoại giao trân trọng đề nghị Quý Cơ quan phối hợp."
                             )["issued_by"] == "Bộ Ngoại giao"
    directive = ("CHỈ THỊ\nVề tăng cường kỷ luật\nCác bộ cần làm tốt công tác này./.\n"
                 "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nNguyễn Văn A")
    assert extract_directive(directive)["issued_by"] == "Thủ tướng Chính phủ"
    # The Government Office's head signs a letter conveying another's opinion: no issuer.
    letter = ("Đề nghị các bộ chuẩn bị.\nVăn phòng Chính phủ xin thông báo để các bộ biết./.\n"
              "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Văn A")
    assert extract_directive(letter)["issued_by"] is None


def test_common_words_run_together_by_a_legal_site_are_cut_again() -> None:
    assert tidy_text("mong muốn củaThủtướng Chính phủ, Văn phòngChính phủ đề nghị các cơquan") == (
        "mong muốn của Thủ tướng Chính phủ, Văn phòng Chính phủ đề nghị các cơ quan")
    # Words that merely contain those letters are left alone.
    assert tidy_text("Thủ tướng Chính phủ") == "Thủ tướng Chính phủ"
    assert _issuer("Về việc này, Phó Thủtướng Nguyễn Thiện Nhân có ý kiến như sau:\n"
                   "Bộ Ngoại giao chủ trì.") == "Phó Thủ tướng Nguyễn Thiện Nhân"


def test_a_leader_speaking_to_the_officials_before_him() -> None:
    text = ("Thủ tướng Nguyễn Xuân Phúc đề nghị các cơ quan đại diện đổi mới.\n"
            "Các đồng chí cần hòa đồng hơn nữa.\n[Hãy] hòa đồng với cộng đồng doanh nghiệp.")
    assert _prose(text)[1:] == ["Các đồng chí cần hòa đồng hơn nữa.",
                                "[Hãy] hòa đồng với cộng đồng doanh nghiệp."]
    assert _prose("Các đồng chí cần hòa đồng hơn nữa.") == []  # no leader directing


def test_header_date_written_with_slashes_or_after_a_long_site_header() -> None:
    assert header_date(["BỘ NGOẠI GIAO", "Hà Nội, ngày 5/3/2025"]) == date(2025, 3, 5)
    assert header_date(["TP. Hồ Chí Minh, ngày 05-03-2025"]) == date(2025, 3, 5)
    furniture = [f"• Trường {n}: giá trị" for n in range(24)]
    assert header_date([*furniture, "Hà Nội, ngày 5 tháng 3 năm 2025"]) == date(2025, 3, 5)


def test_issuer_from_a_directive_or_dispatch_number() -> None:
    text = ("ỦY BAN NHÂN DÂN\nSố: 08/CT-CTUBND\nVĩnh Phúc, ngày 21 tháng 5 năm 2021\n"
            "Tình hình dịch bệnh còn phức tạp.\nCác sở, ngành cần chủ động phòng dịch.")
    assert extract_directive(text)["issued_by"] == "Chủ tịch Ủy ban nhân dân"
    dispatch = "Số: 1099/CĐ-TTg\nCác bộ, ngành cần khẩn trương ứng phó."
    assert extract_directive(dispatch)["issued_by"] == "Thủ tướng Chính phủ"
    # A Government Office letter's number names the Office, which conveys another's opinion.
    assert split_parts("Số: 99/VPCP-QHQT\nKính gửi: Bộ Ngoại giao.").number_issuer is None


def test_deadline_sentences_and_units_that_direct_others() -> None:
    text = ("Thủ tướng Phạm Minh Chính yêu cầu các bộ rà soát thủ tục.\n"
            "Kết quả báo cáo Thủ tướng trước ngày 20/4/2025. Thời hạn hoàn thành: quý III.\n"
            "Năm ngoái, các bộ đã báo cáo trong tháng 5 và đạt kết quả tốt.")
    assert _prose(text)[1:] == ["Kết quả báo cáo Thủ tướng trước ngày 20/4/2025.",
                                "Thời hạn hoàn thành: quý III."]
    units = "Thủ tướng yêu cầu bảo đảm an toàn. Ủy ban nhân dân các tỉnh chỉ đạo các sở ứng phó."
    assert _prose(units)[1:] == ["Ủy ban nhân dân các tỉnh chỉ đạo các sở ứng phó."]


def test_a_headline_run_into_its_lead_is_cut_before_the_second_leader_cue() -> None:
    assert tidy_text("Thủ tướng chỉ đạo bảo đảm an ninh, trật tự dịp Lễ 30/4 và 1/5 Thủ tướng yêu "
                     "cầu Bộ Công an chủ động.").split("\n") == [
        "Thủ tướng chỉ đạo bảo đảm an ninh, trật tự dịp Lễ 30/4 và 1/5",
        "Thủ tướng yêu cầu Bộ Công an chủ động."]
    joined = "Thủ tướng chỉ đạo tăng cường an ninh và Thủ tướng yêu cầu Bộ Công an chủ động."
    assert tidy_text(joined) == joined


def test_event_day_in_a_dated_clause_or_a_headline() -> None:
    text = ("Thứ Sáu, 29/09/2006, 13:31\nTheo Trang tin của Chính phủ, ngày 27/9, Phó Thủ tướng "
            "Phạm Gia Khiêm đã đồng ý về nguyên tắc.")
    assert extract_directive(text)["issued_on"] == "2006-09-27"
    headline = ("Cập nhật tình hình dịch Covid-19 (06h30, ngày 06/8/2020)\nBan Chỉ đạo tỉnh "
                "thông tin nhanh về tình hình dịch.")
    assert extract_directive(headline)["issued_on"] == "2020-08-06"
    other = ("Thực hiện Thông báo kết luận số 2927-TB/TU ngày 4/2/2020 của Tỉnh ủy, Chủ tịch UBND "
             "tỉnh kết luận như sau:")
    assert extract_directive(other)["issued_on"] is None


def test_a_deputy_speaking_on_behalf_of_the_prime_minister_is_the_issuer() -> None:
    assert _issuer("Xét đề nghị của Bộ Ngoại giao, Phó Thủ tướng Vũ Khoan thay mặt Thủ tướng Chính "
                   "phủ có ý kiến như sau:\nGiao Bộ Ngoại giao làm đầu mối.") == (
        "Phó Thủ tướng Vũ Khoan")


def test_a_legal_basis_cites_a_text_or_an_opinion() -> None:
    parts = split_parts("Căn cứ Nghị định số 123/2016/NĐ-CP;\nCăn cứ ý kiến của Thủ tướng;\n"
                        "- Căn cứ vào Luật Tổ chức Chính phủ;\nCác bộ cần rà soát.")
    assert len(parts.bases) == 3
    # Counter-case: "Căn cứ tình hình ..." opens the body's own sentence, which may direct.
    news = ("Căn cứ tình hình thực tiễn, Bộ trưởng Bộ GD&ĐT chỉ thị toàn ngành Giáo dục tập trung "
            "thực hiện 9 nhiệm vụ.")
    assert split_parts(news).bases == []
    assert extract_directive(news)["issued_by"] == "Bộ trưởng Bộ GD&ĐT"


def test_a_scanned_dateline_read_by_ocr() -> None:
    # The number's column on the dateline's line, "ngày" glued to the day, "thang" without its
    # mark, a 1 read as "A" or as a 4 where the month could not be 44.
    assert header_date(["Số: 4454 /TCT-TTKT Hà Nội, ngày 29 tháng 44 năm 2022"]) == date(2022, 11, 29)
    assert header_date(["Số: 4046 /TCT-TTKT Hà Nội, ngàyA2 thang 3 năm 2020"]) == date(2020, 3, 12)
    # Counter-cases: a clean dateline keeps its 4s; a date cited in a sentence is no dateline;
    # a dateline with no day stays undated.
    assert header_date(["Hà Nội, ngày 24 tháng 4 năm 2022"]) == date(2022, 4, 24)
    assert header_date(["Thực hiện Công văn số 12, ngày 14 tháng 44 năm 2022 của Bộ"]) is None
    assert header_date(["Số: 41 /CT-TTg Hà Nội, ngàyháng 3 năm 2020"]) is None


@pytest.mark.parametrize(("header", "number"), [
    ("BỘ NGOẠI GIAO\nSố: 1234/BNG-LS\nV/v bảo hộ công dân", "1234/BNG-LS"),
    ("THỦ TƯỚNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 15/CT-TTg | Hà Nội", "15/CT-TTg"),
    ("TỔNG CỤC THUẾ Số: 4454 /TCT-TTKT Hà Nội, ngày 29 tháng 11 năm 2022", "4454/TCT-TTKT"),
    ("UBND TỈNH\nSố 08/2021/CT-UBND", "08/2021/CT-UBND"),
])
def test_the_texts_own_number_is_read_from_its_heading(header, number):
    assert document_number(header.splitlines()) == number


def test_a_number_in_the_body_is_not_the_texts_own():
    lines = ["Thủ tướng yêu cầu các bộ thực hiện nghiêm Chỉ thị số 15/CT-TTg."]
    assert document_number(lines) is None
    assert extract_directive("\n".join(lines))["reference"] is None
