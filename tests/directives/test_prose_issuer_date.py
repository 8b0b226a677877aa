"""Unit tests of three pipeline steps: sentence splitting and prose directives, the issuer, and
the document's date, each on small texts written for one general pattern of Vietnamese official
and press writing (not copied from the corpus). Each test fails if its rule is removed.
"""

from __future__ import annotations

import pytest

from chancery.directives.dating import _title_date
from chancery.directives.document import split_parts, tidy_text
from chancery.directives.extraction import extract_directive
from chancery.directives.issuer import _mentions, find_issuer
from chancery.directives.prose import _units_in, directive_sentences, speaking_body
from chancery.directives.sentences import split_sentences


def _prose(text: str) -> list[str]:
    return extract_directive(text)["unenumerated_directives"]


def _starts(text: str) -> list[str]:
    return [" ".join(sentence.split()[:3]) for sentence in _prose(text)]


# --------------------------------------------------------------------------------------------
# Clean-up and sentences
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["VOV.VN - ", "(Baochinhphu.vn) – ", "TTXVN - ", "Dantri.com - "])
def test_a_site_tag_before_the_lead_is_dropped(tag: str) -> None:
    assert tidy_text(f"{tag}Sáng 3/4, Bộ trưởng yêu cầu.") == "Sáng 3/4, Bộ trưởng yêu cầu."


@pytest.mark.parametrize(("glued", "apart"), [
    ("xin thông báođể các cơ quan biết", "xin thông báo để các cơ quan biết"),
    ("phản ánh củamột số Bộ", "phản ánh của một số Bộ"),
    ("Nghị địnhsố 65", "Nghị định số 65"),
    ("vướng mắcsau 6 tháng", "vướng mắc sau 6 tháng"),
])
def test_a_function_word_glued_to_a_syllable_is_cut_off(glued: str, apart: str) -> None:
    assert tidy_text(glued) == apart


def test_words_that_merely_end_like_a_function_word_stay() -> None:
    text = "người nghiệp khuyến trường quyết internet video online các tổ chức tiếp theo"
    assert tidy_text(text) == text


def test_a_headline_with_a_dash_keeps_its_words() -> None:
    assert tidy_text("Mỹ - Trung đối thoại") == "Mỹ - Trung đối thoại"


@pytest.mark.parametrize(("glued", "apart"), [
    ("hoàn thành trong năm 2024.Các bộ báo cáo.", "hoàn thành trong năm 2024. Các bộ báo cáo."),
    ("trước ngày 30/6.Các bộ báo cáo.", "trước ngày 30/6. Các bộ báo cáo."),
    ("khoảng 5 triệu USD.Bộ Tài chính cân đối.", "khoảng 5 triệu USD. Bộ Tài chính cân đối."),
    ("1.Giao Bộ Ngoại giao chủ trì.", "1.Giao Bộ Ngoại giao chủ trì."),
    ("TP.Hồ Chí Minh và TP.HCM", "TP.Hồ Chí Minh và TP.HCM"),
])
def test_a_sentence_glued_after_a_year_a_date_or_an_acronym_is_cut(glued: str, apart: str) -> None:
    assert tidy_text(glued) == apart


def test_academic_titles_run_together_end_no_sentence() -> None:
    assert split_sentences("Theo PGS.TS. Lê Văn An, các bộ cần rà soát. Hội nghị kết thúc.") == [
        "Theo PGS.TS. Lê Văn An, các bộ cần rà soát.", "Hội nghị kết thúc."]


def test_a_quotation_stays_one_sentence_with_its_attribution() -> None:
    text = ("“Các bộ phải làm ngay. Không được chậm trễ” – Phó Thủ tướng nói. "
            "Hội nghị kết thúc lúc 17 giờ.")
    assert split_sentences(text) == [
        "“Các bộ phải làm ngay. Không được chậm trễ” – Phó Thủ tướng nói.",
        "Hội nghị kết thúc lúc 17 giờ."]


def test_a_quotation_never_closed_does_not_swallow_the_paragraph() -> None:
    assert split_sentences("“Các bộ phải làm ngay. Hội nghị kết thúc.") == [
        "“Các bộ phải làm ngay.", "Hội nghị kết thúc."]


# --------------------------------------------------------------------------------------------
# Prose directives
# --------------------------------------------------------------------------------------------


def test_reported_emphasis_with_a_comma_carries_an_obligation() -> None:
    text = "Chiều 4/7, Thủ tướng Lê Văn An nhấn mạnh, tới thời điểm này, các bộ phải chủ động."
    assert _starts(text) == ["Chiều 4/7, Thủ"]


def test_a_sentence_spelling_out_a_directive_follows_it() -> None:
    text = ("Bộ trưởng Lê Văn An nhấn mạnh năm nhóm giải pháp mà ngành cần tập trung. "
            "Trong đó có việc tiếp tục đổi mới tư duy. Trong đó, năm 2023 tăng 5%.")
    assert _starts(text) == ["Bộ trưởng Lê", "Trong đó có"]


def test_another_leader_asking_at_the_issuers_meeting_is_no_directive() -> None:
    sentences = ["Bộ trưởng đề nghị các địa phương hỗ trợ giải phóng mặt bằng.",
                 "Phó Thủ tướng yêu cầu các địa phương khẩn trương giải phóng mặt bằng."]
    assert directive_sentences(sentences, "Phó Thủ tướng Trần Văn An") == sentences[1:]
    # A ministry speaks through its minister.
    assert directive_sentences(sentences[:1], "Bộ Giao thông vận tải") == sentences[:1]


def test_a_polite_request_of_a_ministry_is_a_directive() -> None:
    text = "Để có cơ sở tổng hợp, Bộ Ngoại giao trân trọng đề nghị Quý Cơ quan cho biết ý kiến."
    assert directive_sentences([text], "Bộ Ngoại giao") == [text]


def test_a_text_sent_to_units_then_its_request_is_a_directive() -> None:
    text = ("Ngày 29/9, Thiếu tướng Lê Văn An, Cục trưởng, Trưởng ban Chỉ đạo có công điện gửi "
            "Công an các tỉnh; các đơn vị trực thuộc, yêu cầu: tăng cường lực lượng ứng trực.")
    assert directive_sentences([text], "Thiếu tướng Lê Văn An") == [text]


def test_a_long_body_name_then_its_letter_is_a_directive() -> None:
    text = ("Sáng 2/10, Ban Chỉ đạo quốc gia về phòng, chống thiên tai có Công văn số 12/VPTT "
            "đề nghị các tỉnh ven biển khẩn trương ứng phó.")
    assert directive_sentences([text], "Ban Chỉ đạo quốc gia về phòng, chống thiên tai") == [text]


@pytest.mark.parametrize("sentence", [
    "Thông báo kết luận của Phó Thủ tướng Lê Văn An tại cuộc họp Ban Chỉ đạo",
    "Phó Thủ tướng Lê Văn An, Trưởng Ban Chỉ đạo đã kết luận như sau:",
    "Thủ tướng Lê Văn An đề nghị các đại biểu tập trung thảo luận về tình hình dịch bệnh.",
    "Những ngày qua, Thủ tướng Lê Văn An đã chỉ đạo việc xây dựng các báo cáo ngắn gọn.",
    "Thủ tướng Lê Văn An, Trưởng Ban chỉ đạo Quốc gia đã chủ trì phiên họp.",
])
def test_what_names_announces_or_narrates_a_direction_is_no_directive(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng Lê Văn An") == []


@pytest.mark.parametrize("sentence", [
    "Ủy ban nhân dân các tỉnh ven biển khẩn trương kiểm đếm tàu thuyền.",
    "Các tỉnh từ Quảng Ninh đến Bình Định phải hoàn thành sơ tán dân trước 17 giờ.",
    "Chậm nhất ngày 20/10, các bộ gửi báo cáo về Bộ Kế hoạch và Đầu tư.",
    "Bộ Y tế được giao chủ trì xây dựng hướng dẫn.",
    "Thủ tướng Lê Văn An nhấn mạnh, phải coi đây là nhiệm vụ trọng tâm.",
    "Người đứng đầu các cơ quan phải chịu trách nhiệm nếu để chậm trễ.",
    "Cùng với đó, các bộ cần rà soát, cắt giảm thủ tục hành chính.",
    "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ tập trung chỉ đạo quyết liệt.",
    "Bộ trưởng các Bộ: Quốc phòng, Công an; Chủ tịch Ủy ban nhân dân các tỉnh ven biển tiếp tục "
    "tập trung chỉ đạo ứng phó.",
    "Giám đốc các Sở khẩn trương rà soát danh sách.",
    "Bộ Ngoại giao chịu trách nhiệm về nội dung đề xuất.",
    "Bộ Tài chính xem xét, bố trí kinh phí theo quy định.",
    "Các Bộ: Công an, Quốc phòng phối hợp chặt chẽ với Bộ Ngoại giao.",
    "Ủy ban nhân dân tỉnh Quảng Ninh chỉ đạo các cơ quan chức năng xử lý dứt điểm.",
    "Thống nhất giao Bộ Công an chủ trì xây dựng đề án.",
    "Không đồng ý đề xuất của Bộ Tài chính về việc này.",
])
def test_units_regions_deadlines_and_the_passive_direct(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng Lê Văn An") == [sentence]


@pytest.mark.parametrize("sentence", [
    "Thủ tướng Lê Văn An cho biết, tăng trưởng quý I đạt 6,9%.",
    "Các địa phương đã tập trung triển khai nhiều giải pháp.",
    "Các bộ, ngành đã cơ bản hoàn thành nhiệm vụ được giao.",
    "Theo yêu cầu của Thủ tướng Lê Văn An, cuộc họp được tổ chức trực tuyến.",
    "Bộ Công an cho biết đã bắt giữ 15 đối tượng.",
    "Các bộ trưởng dự họp trực tuyến.",
    "Chủ tịch Ủy ban nhân dân các tỉnh đã tập trung chỉ đạo ứng phó.",
    "Bộ trưởng các Bộ tham dự hội nghị.",
    "Bộ Ngoại giao đã có văn bản báo cáo Thủ tướng Chính phủ.",
    "Chính phủ triển khai nhiệm vụ trọng tâm năm 2025.",
    "Văn phòng Chính phủ nhận được văn bản số 12/BNG-LS của Bộ Ngoại giao.",
])
def test_reports_of_what_was_done_or_said_direct_nothing(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng Lê Văn An") == []


@pytest.mark.parametrize("ministry", [
    "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hoá, Thể thao và Du lịch",
    "Bộ Giao thông vận tải", "Bộ Thông tin và Truyền thông", "Sở Giao thông vận tải",
    "Bảo hiểm xã hội Việt Nam",
])
def test_official_names_with_lower_case_words_are_read_whole(ministry: str) -> None:
    sentence = f"Đồng thời, {ministry} theo dõi chặt chẽ diễn biến."
    assert [unit for _pos, unit in _units_in(sentence)] == [ministry]


# --------------------------------------------------------------------------------------------
# Issuer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "issuer"), [
    ("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở khẩn trương.",
     "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai Nguyễn Văn An yêu cầu các sở.",
     "Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai Nguyễn Văn An"),
    ("Giám đốc Sở Y tế Hà Nội Trần Văn Cường yêu cầu các bệnh viện.",
     "Giám đốc Sở Y tế Hà Nội Trần Văn Cường"),
    ("Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn Lê Văn Hoà yêu cầu các tỉnh.",
     "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn Lê Văn Hoà"),
    ("Chủ tịch UBND thành phố Hồ Chí Minh Phan Văn Tâm chỉ đạo các quận.",
     "Chủ tịch UBND thành phố Hồ Chí Minh Phan Văn Tâm"),
    ("Giám đốc Công an tỉnh Quảng Ninh Nguyễn Văn Hải yêu cầu các đơn vị.",
     "Giám đốc Công an tỉnh Quảng Ninh Nguyễn Văn Hải"),
    ("Trung tướng Lê Văn Tâm, Thứ trưởng Bộ Công an, có công điện gửi Công an các tỉnh.",
     "Trung tướng Lê Văn Tâm"),
    ("Phó Thủ tướng Trần Văn An, Trưởng Ban Chỉ đạo, TKCN Quốc gia đã kết luận cuộc họp.",
     "Phó Thủ tướng Trần Văn An"),
    ("Phó Thủ tướng Trần Văn An, Bộ trưởng Ngoại giao, đã kết luận cuộc họp.",
     "Phó Thủ tướng Trần Văn An"),
])
def test_issuer_with_a_body_a_rank_or_titles_after_the_name(sentence: str, issuer: str) -> None:
    assert find_issuer([sentence]) == issuer


def test_a_body_named_after_a_title_is_not_an_apposition() -> None:
    """"Thủ tướng Chính phủ, Văn phòng Chính phủ đề nghị": the Office asks, not the PM."""
    sentence = "Để thực hiện mong muốn của Thủ tướng Chính phủ, Văn phòng Chính phủ đề nghị các Bộ."
    assert find_issuer([sentence]) is None
    assert speaking_body([sentence]) == "Văn phòng Chính phủ"


def test_a_dispatch_speaks_as_the_prime_minister() -> None:
    text = "THỦ TƯỚNG CHÍNH PHỦ\nThủ tướng Chính phủ điện:\n- Bộ trưởng Bộ Công an;\n"
    assert extract_directive(text + "Yêu cầu các bộ tập trung ứng phó.")["issued_by"] == (
        "Thủ tướng Chính phủ")


@pytest.mark.parametrize(("sender", "issuer"), [
    ("THỦ TƯỚNG CHÍNH PHỦ điện:", "Thủ tướng Chính phủ"),
    ("THỦ TƯỚNG CHÍNH PHỦ ĐIỆN:", "Thủ tướng Chính phủ"),
    ("BỘ TRƯỞNG BỘ NGOẠI GIAO điện:", "Bộ trưởng Bộ Ngoại giao"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("BAN CHỈ ĐẠO QUỐC GIA VỀ PHÒNG, CHỐNG THIÊN TAI điện:",
     "Ban Chỉ đạo quốc gia về phòng, chống thiên tai"),
])
def test_a_dispatch_without_its_number_names_its_sender(sender: str, issuer: str) -> None:
    text = (f"CÔNG ĐIỆN\nVề việc ứng phó bão\n{sender}\n- Bộ trưởng các Bộ: Quốc phòng, Công an;\n"
            "Bão đang mạnh lên.\nĐể chủ động ứng phó, yêu cầu các Bộ tập trung chỉ đạo.")
    assert extract_directive(text)["issued_by"] == issuer


def test_a_title_met_before_the_name_is_that_leader() -> None:
    sentences = ["Thủ tướng yêu cầu đẩy nhanh giải ngân",
                 "Sáng 5/3, Thủ tướng Chính phủ Lê Văn An yêu cầu các bộ giải ngân."]
    assert find_issuer(sentences) == "Thủ tướng Chính phủ Lê Văn An"
    assert [s[:9] for s in directive_sentences(sentences[1:], "Thủ tướng")] == ["Sáng 5/3,"]


def test_a_body_with_its_acronym_speaks() -> None:
    sentence = ("Hồi 16h, BCĐ Trung ương về Phòng, chống thiên tai (PCTT) đã có Công điện số "
                "8/CĐ-TW gửi các tỉnh ven biển.")
    assert speaking_body([sentence]) == "BCĐ Trung ương về Phòng, chống thiên tai (PCTT)"


def test_an_upper_case_heading_names_the_leader_up_to_the_date() -> None:
    text = ("THÔNG BÁO KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TRẦN VĂN AN NGÀY 5/3/2024\n"
            "Phó Thủ tướng kết luận: các bộ cần triển khai.")
    result = extract_directive(text)
    assert result["issued_by"] == "Phó Thủ tướng Trần Văn An"
    assert result["issued_on"] == "2024-03-05"


@pytest.mark.parametrize(("sentence", "issuer"), [
    ("Thủ tướng Lê Văn An vừa ký các quyết định phê chuẩn nhân sự 3 tỉnh.", None),
    ("Thủ tướng Lê Văn An đã ký ban hành Nghị định số 12/2024/NĐ-CP.", None),
    ("Thủ tướng Lê Văn An vừa ký Công điện số 12/CĐ-TTg về ứng phó bão.", "Thủ tướng Lê Văn An"),
    ("Thủ tướng Lê Văn An ký ban hành Chỉ thị về cải cách.", "Thủ tướng Lê Văn An"),
])
def test_signing_a_decision_directs_no_one_signing_a_dispatch_does(
        sentence: str, issuer: str | None) -> None:
    assert find_issuer([sentence]) == issuer


def test_a_mention_with_a_rank() -> None:
    assert [m.name for m in _mentions("Đại tướng Lê Văn Tâm chủ trì.")] == ["Lê Văn Tâm"]


# --------------------------------------------------------------------------------------------
# Date
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "iso"), [
    ("Công điện số 15/CĐ-TTg ngày 7/3/2024 của Thủ tướng Chính phủ về ứng phó bão", "2024-03-07"),
    ("2. Văn phòng Chính phủ: Thông báo số 10/TB-VPCP ngày 4/5/2021 Kết luận của Thủ tướng",
     "2021-05-04"),
    ("Thực hiện Thông báo số 10/TB-VPCP ngày 4/5/2021, các bộ triển khai", None),
    ("Các cơ quan báo cáo trước ngày 30/6/2024", None),
    ("Kết luận của Phó Thủ tướng (ngày 5 tháng 3 năm 2024)", "2024-03-05"),
    ("Ngày 31/8/2016, Bộ có Quyết định số 12/QĐ-BNG về mẫu văn bản", None),
])
def test_a_title_gives_its_own_date_not_a_cited_text_or_a_deadline(
        title: str, iso: str | None) -> None:
    found = _title_date(title)
    assert (found.isoformat() if found else None) == iso


def test_a_deadline_in_the_only_paragraph_is_not_the_date() -> None:
    text = "Bộ Ngoại giao trân trọng đề nghị Quý Cơ quan cho biết ý kiến trước ngày 5/6/2013."
    assert extract_directive(text)["issued_on"] is None


def test_a_self_citing_title_dates_the_text() -> None:
    text = ("Công điện số 15/CĐ-TTg ngày 7/3/2024 của Thủ tướng Chính phủ về ứng phó bão\n"
            "Thủ tướng Chính phủ yêu cầu các bộ khẩn trương ứng phó.")
    assert extract_directive(text)["issued_on"] == "2024-03-07"


def test_the_header_date_wins_over_a_dated_opening_of_the_body() -> None:
    text = ("BỘ NGOẠI GIAO | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 12/BNG-LS | Hà Nội, ngày 5 tháng 3 năm 2024\n"
            "Ngày 1/3/2024, Bộ nhận được văn bản của Đại sứ quán. Bộ Ngoại giao đề nghị các cơ "
            "quan đại diện báo cáo.")
    assert extract_directive(text)["issued_on"] == "2024-03-05"


@pytest.mark.parametrize("opening", ["Trong ngày 11/9", "Vào ngày 11/9", "Ngày 11/9",
                                     "Chiều qua (11/9)", "Tối 11-9", "Sáng 11.9",
                                     "Chiều thứ Tư (11/9)", "Sáng thứ 4, 11/9"])
def test_the_day_a_news_report_opens_on_takes_the_published_year(opening: str) -> None:
    text = f"Thủ tướng yêu cầu\n12/9/2024\n{opening}, Thủ tướng yêu cầu các bộ khẩn trương."
    assert extract_directive(text)["issued_on"] == "2024-09-11"


def test_a_day_deep_in_the_body_is_not_the_event_day() -> None:
    lead = "Thủ tướng yêu cầu\n12/9/2024\nThủ tướng Lê Văn An yêu cầu các bộ khẩn trương ứng phó bão.\n"
    body = "".join(f"Đoạn {n} kể diễn biến của bão.\n" for n in range(4))
    text = lead + body + "Chiều 15/9, các địa phương phải hoàn thành sơ tán dân."
    assert extract_directive(text)["issued_on"] == "2024-09-12"


# --------------------------------------------------------------------------------------------
# Issuer: round-2 patterns
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentences", "issuer"), [
    (["Tại giao ban tuần, đồng chí Lê Văn An, Bí thư Tỉnh ủy chỉ đạo: Đẩy mạnh rà soát."],
     "Bí thư Tỉnh ủy"),
    (["Bí thư Thành ủy Trần Văn Bình yêu cầu các quận rà soát."],
     "Bí thư Thành ủy Trần Văn Bình"),
    (["Phó chủ tịch UBND TP.HCM đề nghị Ủy ban tăng cường tuyên truyền."],
     "Phó chủ tịch UBND TP.HCM"),
])
def test_party_committee_and_lower_case_titles_issue(sentences: list[str], issuer: str) -> None:
    assert find_issuer(sentences) == issuer


def test_a_leader_named_again_with_ong_and_the_name_issues() -> None:
    sentences = ["Bí thư Tỉnh ủy Hòa Bình Nguyễn Văn Long đã vào hiện trường.",
                 "Ông Nguyễn Văn Long chỉ đạo huyện cần có giải pháp tổng thể.",
                 "Về lâu dài, ông Long đề nghị UBND tỉnh rà soát các điểm sạt lở."]
    assert find_issuer(sentences) == "Bí thư Tỉnh ủy Hòa Bình Nguyễn Văn Long"
    # "bà con" is people, not a pronoun
    assert find_issuer(["Tại buổi làm việc, bà con đề nghị sửa đường."]) is None


def test_a_directives_header_names_its_issuer_over_a_cited_leader() -> None:
    text = ("UỶ BAN NHÂN\nDÂN\nTỈNH QUẢNG NAM\n--------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "|\nSố: 08/CT-UBND\n|\nQuảng Nam, ngày 25 tháng 5 năm 2015\n|\nCHỈ THỊ\n"
            "Thực hiện chỉ đạo, Thủ tướng Chính phủ yêu cầu các bộ, ngành tiết kiệm chi.\n"
            "Các sở, ngành cần rà soát dự toán.\n")
    assert extract_directive(text)["issued_by"] == "Uỷ ban nhân dân tỉnh Quảng Nam"


def test_a_letters_header_names_its_sender_when_no_one_speaks() -> None:
    letter = ("BỘ NGOẠI GIAO | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
              "Số: 1872/CV-LS | Hà Nội, ngày 04 tháng 5 năm 2017 |\n"
              "Kính gửi: Cục Hộ tịch\nVề giấy tờ miễn hợp pháp hóa, xin trao đổi như sau.\n")
    assert extract_directive(letter)["issued_by"] == "Bộ Ngoại giao"
    office = letter.replace("BỘ NGOẠI GIAO", "VĂN PHÒNG CHÍNH PHỦ")
    assert extract_directive(office)["issued_by"] is None
    headline = "THỦ TƯỚNG THĂM TỈNH\nNgày 4/5, đoàn công tác đã đến thăm.\n"
    assert extract_directive(headline)["issued_by"] is None


def test_a_header_below_a_legal_databases_preamble_is_found_by_the_motto() -> None:
    # Pages copied from legal databases list related documents (naming other issuers) above
    # the header; the header's body is then the cell left of the motto or the capitals above it.
    related = ("- 1 Chỉ thị 08/CT-TTg năm 2022 về văn hóa học đường do Thủ tướng Chính phủ ban hành\n"
               "- 2 Kế hoạch 206/KH-UBND năm 2022 về giáo dục mầm non\n")
    body = ("Số: 11/CT-UBND | An Giang, ngày 11 tháng 9 năm 2023 |\nCHỈ THỊ\n"
            "Các sở, ngành cần triển khai nhiệm vụ năm học.\n")
    in_cells = related + "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n" + body
    assert extract_directive(in_cells)["issued_by"] == "Ủy ban nhân dân"
    in_lines = ("Công văn 809/BNG-LS năm 2016 về hộ chiếu\n\nBản Tiếng Việt\n\nBỘ NGOẠI GIAO\n"
                "-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    assert split_parts(in_lines).header_body == "Bộ Ngoại giao"
    # Counter-cases: a number left of the motto, a preamble with no motto, a motto far down.
    assert split_parts("Số: 06/CĐ-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n").header_body is None
    assert split_parts("Tin mới\nBỘ NGOẠI GIAO\nNgày 4/5, đoàn đã đến thăm.\n").header_body is None
    far = "Tin mới\n" + "Một câu.\n" * 40 + "BỘ NGOẠI GIAO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    assert split_parts(far).header_body is None


@pytest.mark.parametrize(("sentences", "issuer"), [
    (["Về nhiệm vụ năm 2021, Tổng cục trưởng Nguyễn Văn Cẩn yêu cầu Cục Hải quan tăng cường "
      "chống buôn lậu."], "Tổng cục trưởng Nguyễn Văn Cẩn"),
    (["Phó Tổng cục trưởng Mai Xuân Thành đề nghị các cục rà soát hồ sơ."],
     "Phó Tổng cục trưởng Mai Xuân Thành"),
])
def test_the_head_of_a_general_department_issues(sentences: list[str], issuer: str) -> None:
    assert find_issuer(sentences) == issuer


def test_a_general_department_doing_its_tasks_is_no_issuer() -> None:
    # Counter-case: the department itself, reported on, is not a leader giving instructions.
    assert find_issuer(["Năm 2020, Tổng cục Hải quan hoàn thành các nhiệm vụ được giao."]) is None

def test_markdown_bold_headings_are_no_bullets() -> None:
    text = ("Thủ tướng yêu cầu giảm giá\n\n**Tiếp tục giảm giá**\n\n"
            "Thủ tướng Chính phủ giao Bộ Công Thương theo dõi sát giá xăng dầu.\n\n"
            "Bộ Tài chính nghiên cứu rà soát việc thi hành Luật Giá.\n")
    result = extract_directive(text)
    assert result["items"] == []
    assert [s[:20] for s in result["unenumerated_directives"]] == [
        "Thủ tướng Chính phủ ", "Bộ Tài chính nghiên "]


def test_a_leader_ordering_by_chi_thi_directs_but_the_directive_named_does_not() -> None:
    ordering = "Để đẩy mạnh sắp xếp, Thủ tướng Chính phủ chỉ thị các Bộ thực hiện các nhiệm vụ."
    naming = "Thủ tướng Chính phủ vừa ký Chỉ thị số 01/CT-TTg về cổ phần hóa."
    assert directive_sentences([ordering, naming], "Thủ tướng Chính phủ") == [ordering]


def test_a_connector_opening_a_paragraph_continues_the_directive_before() -> None:
    paragraphs = ["Thủ tướng yêu cầu các bộ theo dõi sát giá cả thị trường.",
                  "Đồng thời, tiếp tục đẩy mạnh công tác rà soát thể chế về giá."]
    assert directive_sentences(paragraphs, "Thủ tướng") == paragraphs
    background = ["Giá thịt lợn tăng cao trong tháng qua.",
                  "Đồng thời, tiếp tục đẩy mạnh công tác rà soát thể chế về giá."]
    assert directive_sentences(background, "Thủ tướng") == []


@pytest.mark.parametrize("sentence", [
    "Các DNNN thuộc diện cổ phần hóa cần khẩn trương rà soát toàn bộ quỹ đất.",
    "Trường hợp không thoái vốn đúng tiến độ, thủ trưởng các Bộ, địa phương có trách nhiệm "
    "chuyển giao về Tổng công ty.",
    "Các Bộ, địa phương, tập đoàn trước ngày 15/1/2019 hoàn thành việc phê duyệt phương án.",
])
def test_a_plural_subject_under_an_obligation_is_directed(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng") == [sentence]


@pytest.mark.parametrize("sentence", [
    "Các bức điện, ý kiến, đề xuất cần được nghiên cứu, vận dụng.",
    "Các doanh nghiệp đã cần nhiều vốn hơn để phát triển.",
])
def test_a_plural_subject_passive_or_reported_is_not_directed(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng") == []


@pytest.mark.parametrize("sentence", [
    "Phối hợp chặt chẽ, hiệu quả giữa chính sách tài khóa và chính sách tiền tệ.",
    "Thành lập các đoàn công tác liên ngành kiểm tra tại các tỉnh biên giới.",
    "Xem xét trách nhiệm của người đứng đầu cơ quan có nhiều người vi phạm.",
])
def test_a_task_verb_opening_a_sentence_is_the_leaders_instruction(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng") == [sentence]
    assert directive_sentences([sentence], None) == []


def test_a_task_verb_opening_a_report_is_no_instruction() -> None:
    sentence = "Xử lý hồ sơ tồn đọng, Sở Tư pháp đã giải quyết xong 300 hồ sơ."
    assert directive_sentences([sentence], "Thủ tướng") == []


@pytest.mark.parametrize("sentence", [
    "Việc xử lý phải bảo đảm khách quan, công bằng, công khai.",
    "Đối với các trường hợp gây tai nạn, phải khẩn trương củng cố hồ sơ.",
])
def test_an_obligation_in_the_texts_own_voice_directs(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng") == [sentence]


@pytest.mark.parametrize("sentence", [
    "Người dân phải được bảo đảm an toàn tuyệt đối.",
    "Nhiều doanh nghiệp đã phải dừng sản xuất vì thiếu nguyên liệu.",
    "Đây không phải là lần đầu tàu du lịch gặp nạn.",
])
def test_a_state_or_a_report_with_phai_directs_nothing(sentence: str) -> None:
    assert directive_sentences([sentence], "Thủ tướng") == []


@pytest.mark.parametrize("sentence", [
    "Đối với Công an tỉnh: Tiếp tục tăng cường tuần tra các tuyến biên giới.",
    "UBND các huyện, thành phố, thị xã: Chỉ đạo các xã rà soát người xuất cảnh.",
    "Bộ Chỉ huy quân sự tỉnh: Tăng cường phối hợp với Bộ đội Biên phòng.",
])
def test_a_unit_then_a_colon_then_its_task_is_a_directive(sentence: str) -> None:
    assert directive_sentences([sentence], "UBND tỉnh") == [sentence]


def test_a_short_paragraph_without_a_full_stop_is_a_heading() -> None:
    heading = "Kiên quyết xử lý dứt điểm các dự án đầu tư chậm tiến độ, thua lỗ"
    body = "Thủ tướng yêu cầu các bộ xử lý dứt điểm các dự án thua lỗ."
    assert directive_sentences([heading, body], "Thủ tướng") == [body]
    # The last paragraph of a cut-off excerpt is no heading.
    assert directive_sentences([body, heading], "Thủ tướng") == [body, heading]


def test_a_dateline_under_a_heading_read_without_diacritics_dates_the_text() -> None:
    text = ("VAN PHONG CHÍNH PHU CONG HOA XÃ HOI CHỦ NGHĨA VIỆT NAM\n"
            "————— Độc lập - Tự do - Hanh phúc\n\n"
            "Số: 330/TB-VPCP Hà Nội, ngày 18 tháng 10 năm 2022\n\nTHÔNG BÁO\n\n"
            "Ngày 03 tháng 10 năm 2022, Thủ tướng Chính phủ đã chủ trì cuộc họp.\n\n"
            "Giao Bộ Tài chính chủ trì xây dựng đề án.\n")
    assert extract_directive(text)["issued_on"] == "2022-10-18"


def test_a_digital_signing_time_dates_a_scan_whose_dateline_is_unreadable() -> None:
    text = ("Ký bởi: Tổng cục Thuế\nThời gian ký: 02.12.2022 16:53\n\n"
            "TONG CỤC THUE Độc lập - Tự do — Hanh phúc\n"
            "Số: 4489 /TCT-TTKT Hà Nội, ngày ñ| tháng 42 năm 2022\n\n"
            "Tổng cục Thuế đã ban hành Công văn số 1923/TCT-TTKT ngày 06/6/2022.\n\n"
            "Tổng cục Thuế yêu cầu các Cục Thuế triển khai thực hiện.\n")
    assert extract_directive(text)["issued_on"] == "2022-12-02"


def test_an_evening_event_day_dates_a_report() -> None:
    text = ("Thủ tướng chỉ đạo sơ tán công dân\n\n"
            "Chiều tối 4-3, Thủ tướng đã chủ trì cuộc họp về tình hình Trung Đông năm 2026.\n\n"
            "Thủ tướng yêu cầu Bộ Ngoại giao bảo hộ công dân.\n")
    assert extract_directive(text)["issued_on"] == "2026-03-04"


@pytest.mark.parametrize("sentence", [
    "Sau khi nghe các đơn vị báo cáo, Bộ trưởng Phùng Xuân Nhạ kết luận:",
    "Xét đề nghị của Bộ Tài chính tại Tờ trình số 22/TTr-BTC, Thủ tướng giao Bộ Tài chính "
    "hoàn thiện dự thảo như sau:",
    "Căn cứ đề nghị của Bộ Ngoại giao, Thủ tướng đồng ý như sau:",
])
def test_what_announces_a_conclusion_or_cites_a_proposal_directs_nothing(sentence: str) -> None:
    assert directive_sentences([sentence], "Bộ trưởng Phùng Xuân Nhạ") == []


def test_a_body_named_by_an_acronym_that_just_sent_a_dispatch_speaks_and_directs() -> None:
    sentence = ("Để ngăn chặn tình trạng nêu trên, Bộ NN&PTNT vừa có công điện đề nghị "
                "Thường trực Ban chỉ đạo 389 quốc gia chỉ đạo các tỉnh.")
    assert speaking_body([sentence]) == "Bộ NN&PTNT"
    assert directive_sentences([sentence], "Bộ NN&PTNT") == [sentence]


def test_a_leaders_hope_for_a_body_and_his_view_of_its_duty_direct() -> None:
    hope = "Thủ tướng mong Hội mở ra không gian hoạt động mạnh mẽ, thu hút bà con tham gia."
    view = "Khẳng định tầm quan trọng của công tác này, Thủ tướng cho rằng, Hội cần phối hợp với các bộ."
    assert directive_sentences([hope, view], "Thủ tướng") == [hope, view]


@pytest.mark.parametrize("sentence", [
    "Văn phòng Chính phủ kính mong các văn phòng phối hợp.",
    "Thủ tướng mong muốn gửi vòng hoa viếng tới các đồng chí lãnh đạo.",
])
def test_a_courtesy_or_a_leaders_own_wish_directs_nobody(sentence: str) -> None:
    assert directive_sentences([sentence], "Văn phòng Chính phủ") == []
    assert directive_sentences([sentence], "Thủ tướng") == []


def test_a_minister_named_by_his_ministry_then_a_task_is_directed() -> None:
    tasked = "Bộ trưởng Quốc phòng tổ chức quán triệt, chấn chỉnh trong toàn quân."
    reported = "Bộ trưởng Quốc phòng đã tổ chức hội nghị tổng kết năm."
    assert directive_sentences([tasked, reported], "Thủ tướng") == [tasked]


def test_phai_in_a_circumstance_is_no_obligation() -> None:
    sentence = ("Thủ tướng nêu rõ, năm 2025 có ý nghĩa đặc biệt quan trọng khi phải hoàn thành "
                "các mục tiêu, nhiệm vụ đề ra.")
    assert directive_sentences([sentence], "Thủ tướng") == []


def test_a_topic_then_a_task_without_subject_is_directed() -> None:
    tasked = "Đối với giá vật tư y tế, tiếp tục tăng cường công khai kết quả trúng thầu."
    reported = "Đối với giá vật tư y tế, Bộ Y tế đã tăng cường công khai kết quả trúng thầu."
    assert directive_sentences([tasked, reported], "Thủ tướng") == [tasked]


def test_an_introducer_answered_by_its_list_leaves_the_next_paragraph_alone() -> None:
    intro = "Thủ tướng Chính phủ yêu cầu:"
    after = "Báo cáo tình hình được gửi tới các đại biểu dự họp."
    assert directive_sentences([intro, after], "Thủ tướng Chính phủ",
                               list_intros=[intro]) == []
    # Without a list, the next paragraph is the answer; the introducer itself only announces it
    # (convention of 2026-12-03).
    assert directive_sentences([intro, after], "Thủ tướng Chính phủ") == [after]


def test_a_heading_after_an_introducer_is_not_its_answer() -> None:
    intro = "Tại giao ban tuần, đồng chí Bí thư Tỉnh ủy chỉ đạo:"
    heading = "Đồng chí Bí thư Tỉnh ủy chỉ đạo tại buổi giao ban sáng 09/11/2018"
    body = "Yêu cầu các sở rà soát tiến độ."
    assert directive_sentences([intro, heading, body], "Bí thư Tỉnh ủy") == [body]


def test_a_connector_after_a_sub_head_continues_the_directive_before_it() -> None:
    directive = "Thủ tướng yêu cầu tổ chức triển khai thực hiện nghiêm túc chỉ thị này."
    heading = "''Không có vùng cấm, không có ngoại lệ''"
    follow = "Ngoài ra, không chấp nhận việc can thiệp để bỏ qua lỗi vi phạm."
    assert directive_sentences([directive, heading, follow], "Thủ tướng") == [directive, follow]
    assert directive_sentences(["Giá xăng tăng.", heading, follow], "Thủ tướng") == []


# Closing formulas and announcing sentences (conventions of 2026-12-03) ------------------------

@pytest.mark.parametrize("closing", [
    "Văn phòng Chính phủ thông báo để các Bộ, cơ quan biết, thực hiện.",
    "Tổng cục Thuế thông báo để các Cục Thuế được biết và triển khai thực hiện.",
    "Bộ Tài chính yêu cầu các đơn vị nghiêm túc triển khai thực hiện.",
    "Nếu có vướng mắc, đề nghị các Sở phản ánh về Bộ Ngoại giao để được hướng dẫn.",
])
def test_closing_formula_is_not_a_directive(closing: str) -> None:
    task = "Bộ Công an khẩn trương rà soát các trường hợp xuất cảnh trái phép."
    assert directive_sentences([task, closing], "Bộ Ngoại giao") == [task]


def test_notice_with_content_to_apply_is_still_a_directive() -> None:
    text = ("Sở Ngoại vụ thông báo các Sở, ban, ngành được biết, áp dụng thể thức thư tín "
            "đối ngoại mới từ ngày 01/7/2024.")
    assert directive_sentences([text], "Sở Ngoại vụ") == [text]


def test_short_sentence_announcing_a_list_is_not_a_directive() -> None:
    intro = "Theo đó, UBND tỉnh yêu cầu các cơ quan, đơn vị thực hiện một số nội dung sau:"
    after = "Kết quả thực hiện được tổng hợp hằng tháng."
    assert directive_sentences([intro, after], "UBND tỉnh") == []


def test_long_sentence_with_its_own_work_before_the_colon_stays() -> None:
    text = ("Để hoàn thành nhiệm vụ kế hoạch năm 2001, Thủ tướng Chính phủ yêu cầu các Bộ, ngành, "
            "địa phương và cơ sở cần tập trung thực hiện tốt các Nghị quyết của Quốc hội, các giải "
            "pháp phát triển kinh tế - xã hội đã đề ra tại các phiên họp Chính phủ thường kỳ năm "
            "2001; đồng thời tiến hành triển khai xây dựng kế hoạch năm 2002 với yêu cầu và nội "
            "dung chủ yếu sau:")
    assert directive_sentences([text], "Thủ tướng Chính phủ") == [text]



def test_a_notice_given_as_a_task_is_not_a_closing_formula() -> None:
    text = ("Đồng ý với các kiến nghị của Bộ Ngoại giao và giao Bộ Ngoại giao thông báo tới các "
            "Bộ, cơ quan liên quan biết và triển khai thực hiện.")
    assert directive_sentences([text], "Văn phòng Chính phủ") == [text]


def test_a_contact_offer_with_words_before_the_difficulty_is_a_closing_formula() -> None:
    task = "Bộ Công an khẩn trương rà soát các trường hợp xuất cảnh trái phép."
    closing = ("Trong quá trình thực hiện, nếu có phát sinh vướng mắc đề nghị phản ánh về Tổng cục "
               "Thuế để được hướng dẫn.")
    assert directive_sentences([task, closing], "Tổng cục Thuế") == [task]
