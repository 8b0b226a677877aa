"""Unit tests of the outline step (`directives/outline.py`): markers, inline chains, the item
tree, and which lists ask for work. Each example is a small text written for the general
pattern (how Vietnamese administrative texts enumerate and what they enumerate), not a copy of
a corpus text."""

from __future__ import annotations

import pytest

from chancery.directives.document import cut_run_on_end, split_parts, tidy_text
from chancery.directives.extraction import extract_directive
from chancery.directives.outline import (
    Item,
    build_outline,
    is_directive_list,
    is_person_entry,
    item_asks,
    parse_marker,
    split_inline_chain,
)


def _tree(items: list[dict]) -> list:
    return [(i["marker"], _tree(i["children"])) if i["children"] else i["marker"] for i in items]


def _items(text: str) -> list:
    return _tree(extract_directive(text)["items"])


def _list(*texts: str) -> list[Item]:
    return build_outline(list(texts), None).roots


# --------------------------------------------------------------------------------------------
# Markers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paragraph", "written", "value", "body"), [
    ("1. Bộ Ngoại giao chủ trì.", "1.", 1, "Bộ Ngoại giao chủ trì."),
    ("1.Giao Bộ Tư pháp thẩm định.", "1.", 1, "Giao Bộ Tư pháp thẩm định."),
    ("2) Bộ Công an phối hợp.", "2)", 2, "Bộ Công an phối hợp."),
    ("(3) Báo cáo kết quả.", "(3)", 3, "Báo cáo kết quả."),
    ("1- Các bộ rà soát.", "1-", 1, "Các bộ rà soát."),
    ("2 - Bộ Y tế hướng dẫn.", "2 -", 2, "Bộ Y tế hướng dẫn."),
    ("1/ Rà soát danh sách.", "1/", 1, "Rà soát danh sách."),
    ("1.2. Phối hợp lập dự toán.", "1.2.", 2, "Phối hợp lập dự toán."),
    ("2.1 Bố trí kinh phí.", "2.1", 1, "Bố trí kinh phí."),
    ("1.2.3. Lập hồ sơ.", "1.2.3.", 3, "Lập hồ sơ."),
    ("a) Chủ trì soạn thảo.", "a)", 1, "Chủ trì soạn thảo."),
    ("b. Phối hợp thẩm định.", "b.", 2, "Phối hợp thẩm định."),
    ("(đ) Theo dõi, đôn đốc.", "(đ)", 5, "Theo dõi, đôn đốc."),
    ("IV. TỔ CHỨC THỰC HIỆN", "IV.", 4, "TỔ CHỨC THỰC HIỆN"),
    ("II - NHIỆM VỤ", "II -", 2, "NHIỆM VỤ"),
    ("Thứ nhất, giữ vững hòa bình.", "Thứ nhất", 1, "giữ vững hòa bình."),
    ("Thứ hai là, đẩy mạnh hợp tác.", "Thứ hai là", 2, "đẩy mạnh hợp tác."),
    ("Ba là, nâng cao năng lực.", "Ba là", 3, "nâng cao năng lực."),
    ("- Bộ Tài chính bố trí kinh phí.", "-", 0, "Bộ Tài chính bố trí kinh phí."),
    ("+ Rà soát hồ sơ.", "+", 0, "Rà soát hồ sơ."),
])
def test_marker_forms(paragraph: str, written: str, value: int, body: str) -> None:
    marker = parse_marker(paragraph)
    assert marker is not None
    assert (marker.written, marker.value, marker.body) == (written, value, body)


@pytest.mark.parametrize("paragraph", [
    "1.500 người đã được bảo hộ.",  # a number, not "1."
    "1-2 ngày là đủ.",  # a range
    "1/3 số hồ sơ còn thiếu.",  # a fraction
    "1.5 triệu lượt khách.",  # a decimal
    "Thứ hai, ngày 5/2, Bộ trưởng tiếp Đại sứ.",  # a weekday
    "Thứ hai 12/5 đoàn khởi hành.",
])
def test_numbers_dates_and_weekdays_are_not_markers(paragraph: str) -> None:
    assert parse_marker(paragraph) is None


def test_inline_chains_are_cut_one_piece_per_item() -> None:
    assert split_inline_chain("Bộ trưởng yêu cầu: 1- Cục Lãnh sự hướng dẫn. 2- Vụ Tổ chức "
                              "bố trí nhân sự.") == [
        "Bộ trưởng yêu cầu:", "1- Cục Lãnh sự hướng dẫn.", "2- Vụ Tổ chức bố trí nhân sự."]
    assert split_inline_chain("Có ý kiến như sau: 1. Giao Bộ A chủ trì. 2. Bộ B phối hợp.") == [
        "Có ý kiến như sau:", "1. Giao Bộ A chủ trì.", "2. Bộ B phối hợp."]
    assert split_inline_chain("Yêu cầu: - Bộ A chủ trì; - Bộ B phối hợp.") == [
        "Yêu cầu:", "- Bộ A chủ trì;", "- Bộ B phối hợp."]
    assert split_inline_chain("- Bộ A chủ trì; - Bộ B phối hợp.") == [
        "- Bộ A chủ trì;", "- Bộ B phối hợp."]


@pytest.mark.parametrize("paragraph", [
    "Nhiệm kỳ 2021 - 2026 đã đạt nhiều kết quả.",
    "Đây là lần thứ hai Hội nghị được tổ chức; lần thứ ba sẽ ở Huế.",
    "Doanh thu tăng 12. Lợi nhuận tăng 3.",  # one number after a stop: no chain of two from 1
])
def test_prose_is_not_cut(paragraph: str) -> None:
    assert split_inline_chain(paragraph) == [paragraph]


# --------------------------------------------------------------------------------------------
# The item tree
# --------------------------------------------------------------------------------------------


def test_sub_numbers_nest_under_their_number_and_letters_under_them() -> None:
    text = ("Ủy ban nhân dân tỉnh yêu cầu:\n1. Sở Ngoại vụ\n1.1. Chủ trì tổ chức hội nghị.\n"
            "a) Lập kế hoạch.\nb) Mời đại biểu.\n1.2. Phối hợp lập dự toán.\n2. Sở Tài chính\n"
            "2.1. Bố trí kinh phí.")
    assert _items(text) == [("1.", [("1.1.", ["a)", "b)"]), "1.2."]), ("2.", ["2.1."])]


def test_a_sub_number_follows_only_its_own_prefix() -> None:
    outline = build_outline(["Yêu cầu:", "1.1. Rà soát.", "2.2. Báo cáo."], None)
    assert [item.marker.written for item in outline.roots] == ["1.1."]


def test_letters_with_a_full_stop_or_in_brackets_are_a_list() -> None:
    assert _items("Thủ tướng giao các nhiệm vụ sau:\na. Bộ A chủ trì đàm phán.\n"
                  "b. Bộ B phối hợp cung cấp thông tin.") == ["a.", "b."]
    assert _items("Bộ trưởng yêu cầu:\n(a) Rà soát hồ sơ.\n(b) Báo cáo kết quả.") == [
        "(a)", "(b)"]


# --------------------------------------------------------------------------------------------
# Closing formula, signature, distribution list
# --------------------------------------------------------------------------------------------


def test_a_closing_formula_and_distribution_run_into_the_last_line_are_cut_off() -> None:
    assert cut_run_on_end("Giao Bộ A thực hiện./. Nơi nhận: - Như trên; - Lưu: VT.") == [
        "Giao Bộ A thực hiện./.", "Nơi nhận: - Như trên; - Lưu: VT."]
    assert cut_run_on_end("Giao Bộ A thực hiện. Văn phòng Chính phủ thông báo để các cơ "
                          "quan biết, thực hiện.") == [
        "Giao Bộ A thực hiện.", "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện."]
    assert cut_run_on_end("Bộ trưởng ký. KT. BỘ TRƯỞNG THỨ TRƯỞNG") == [
        "Bộ trưởng ký.", "KT. BỘ TRƯỞNG THỨ TRƯỞNG"]
    assert cut_run_on_end("Bộ A báo cáo kết quả.") == ["Bộ A báo cáo kết quả."]
    text = ("Phó Thủ tướng có ý kiến như sau:\n1. Đồng ý với đề xuất.\n2. Giao Bộ A hướng dẫn "
            "thực hiện. Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./. Nơi "
            "nhận: - Như trên; - Lưu: VT. KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Lê Văn A")
    items = extract_directive(text)["items"]
    assert [(i["marker"], i["text"], i["children"]) for i in items] == [
        ("1.", "Đồng ý với đề xuất.", []), ("2.", "Giao Bộ A hướng dẫn thực hiện.", [])]
    parts = split_parts(tidy_text(text))
    assert parts.distribution[0].startswith("Nơi nhận")


def test_a_signature_without_kt_and_a_distribution_after_it_are_no_items() -> None:
    text = ("Thủ tướng Chính phủ yêu cầu:\n1. Bộ Y tế chủ trì hướng dẫn.\n"
            "2. Bộ Tài chính bảo đảm kinh phí.\nTHỦ TƯỚNG\n(Đã ký)\nNguyễn Văn K\nNơi nhận:\n"
            "- Như trên;\n- Lưu: VT.")
    items = extract_directive(text)["items"]
    assert [(i["marker"], i["children"]) for i in items] == [("1.", []), ("2.", [])]
    assert items[-1]["text"] == "Bộ Tài chính bảo đảm kinh phí."


# --------------------------------------------------------------------------------------------
# Classification: items written as work, lists that ask
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "asks"), [
    ("Bộ Ngoại giao chủ trì, phối hợp với các cơ quan liên quan.", True),
    ("Rà soát, báo cáo Thủ tướng trước ngày 30/6.", True),
    ("Giao Bộ Tư pháp thẩm định.", True),
    ("Bảo đảm 100% hồ sơ được giải quyết đúng hạn.", True),  # a target, with a figure
    ("Đã tổ chức thành công hội nghị.", False),  # done
    ("Tổ chức 120 đoàn cấp cao.", False),  # a plain verb and a figure: a report
    ("Các tổ chức, cá nhân có liên quan.", False),  # "tổ chức" the noun
    ("Chương trình hợp tác giai đoạn 2021 - 2025.", False),  # "trình" inside a noun
    ("Tăng cường hợp tác giao thông đường thủy.", True),
    ("Hợp tác giao thông đường thủy.", False),  # "giao thông" gives nothing
    ("Ủy ban nhân dân các huyện, thành phố.", False),
    ("Hoàn thành dự thảo trong 10 ngày.", True),
    ("Hoàn thành 95% chỉ tiêu kế hoạch.", False),  # a result
    ("Quán triệt Chỉ thị số 15 của Thủ tướng.", True),  # a number that names, not a count
    ("Cử đại diện lãnh đạo tham dự.", True),
    ("Cuộc bầu cử đại biểu Quốc hội.", False),
])
def test_an_item_is_written_as_work(text: str, asks: bool) -> None:
    assert item_asks(text) is asks


def test_a_list_with_no_introducer_is_tasks_only_when_an_item_is_work() -> None:
    assert is_directive_list("", _list("1. Bộ A chủ trì chuẩn bị.", "2. Bộ B bảo đảm an ninh."))
    units = _list("1. Ủy ban nhân dân tỉnh.", "2. Các Sở, ban, ngành thuộc tỉnh.",
                  "3. Các tổ chức, cá nhân có liên quan.")
    assert not is_directive_list("", units)
    # Who is named, with the request in the introducer, is still no list of tasks.
    assert not is_directive_list("Thủ tướng yêu cầu các cơ quan sau:", units)
    # A heading naming work, with its points under it, is.
    heading = _list("1. Bộ Công an.", "a) Phối hợp với Bộ Quốc phòng nghiên cứu.")
    assert is_directive_list("", heading)


@pytest.mark.parametrize("text", [
    "Năm 2023, ngành đã đạt được nhiều kết quả:\n- Tổ chức 50 chuyến thăm;\n- Ký 120 thỏa thuận.",
    "Trong năm qua:\n1. Đã tổ chức 50 chuyến thăm cấp cao.\n2. Đã ký kết 120 thỏa thuận.",
    "Tham dự buổi làm việc có:\n- Ông Nguyễn Văn F, Thứ trưởng;\n- Bà Trần Thị G, Vụ trưởng.",
    "Đoàn công tác gồm các đồng chí:\n1. Đồng chí Lê Văn H, Trưởng đoàn;\n"
    "2. Đồng chí Phạm Văn I, Giám đốc Sở.",
    "Chương trình làm việc như sau:\n- 8h00: Đón tiếp đại biểu;\n- 8h30: Khai mạc.",
    "Trong Quy chế này, các từ ngữ dưới đây được hiểu như sau:\n1. Cơ quan đại diện là Đại sứ "
    "quán.\n2. Công dân là người có quốc tịch Việt Nam.",
    "Điều 5. Trách nhiệm của các cơ quan\n1. Bộ A chủ trì hướng dẫn Quy chế này.\n"
    "2. Bộ B phối hợp quản lý.",
    "Văn phòng có những nhiệm vụ, quyền hạn cụ thể sau:\n1. Tham mưu giúp Chính phủ.\n"
    "a) Chủ trì xây dựng chương trình công tác.",
    "Các văn bản liên quan:\n- Nghị định số 12/2020/NĐ-CP sửa đổi, bổ sung Nghị định 111;\n"
    "- Thông tư số 04/2020/TT-BNG hướng dẫn thực hiện.",
    "Tình hình dịch bệnh trong ngày:\n1. Số ca mắc mới: 120 ca.\n2. Số ca khỏi: 300 ca.",
    "Thủ tướng chủ trì hội nghị.\n- Thủ tướng: Ngành ngoại giao phải đi đầu\n"
    "- Bộ trưởng Bùi Văn Z tiếp Đại sứ Nhật Bản",
])
def test_lists_that_report_name_or_regulate_are_no_tasks(text: str) -> None:
    assert _items(text) == []


@pytest.mark.parametrize(("text", "markers"), [
    ("Để chủ động ứng phó với bão, Thủ tướng Chính phủ yêu cầu:\n1. Chủ tịch Ủy ban nhân dân "
     "các tỉnh chỉ đạo kiểm đếm tàu thuyền.\n2. Bộ Quốc phòng sẵn sàng lực lượng cứu hộ.",
     ["1.", "2."]),
    ("Thủ tướng yêu cầu ngành ngoại giao thực hiện tốt các nhiệm vụ sau.\nMột là, giữ vững "
     "môi trường hòa bình.\nHai là, đẩy mạnh ngoại giao kinh tế.", ["Một là", "Hai là"]),
    ("Bộ Ngoại giao đề nghị Quý Cơ quan:\n1/ Rà soát danh sách công dân.\n"
     "2/ Báo cáo Bộ trước ngày 15/7/2024.", ["1/", "2/"]),
    ("Kết luận cuộc họp, Phó Thủ tướng nêu các nhiệm vụ sau: Thứ nhất, Bộ A khẩn trương hoàn "
     "thiện đề án; thứ hai, Bộ B bảo đảm kinh phí.", ["Thứ nhất", "thứ hai"]),
    ("CHỈ THỊ\nI. TÌNH HÌNH\nNăm qua đã đạt nhiều kết quả.\nII. NHIỆM VỤ, GIẢI PHÁP\n"
     "1. Các bộ tập trung hoàn thiện thể chế.\nIII. TỔ CHỨC THỰC HIỆN\n"
     "1. Văn phòng Chính phủ theo dõi, đôn đốc.", [("II.", ["1."]), ("III.", ["1."])]),
])
def test_lists_that_ask_are_tasks(text: str, markers: list) -> None:
    assert _items(text) == markers


def test_a_heading_that_names_a_document_gives_way_to_the_request_under_it() -> None:
    text = ("1. Bộ Ngoại giao: Thông báo số 12/TB-BNG ngày 3/4/2024 kết luận của Bộ trưởng tại "
            "hội nghị\nTheo đó, Bộ trưởng yêu cầu các đơn vị thực hiện các việc sau:\n"
            "- Cục Lãnh sự rà soát quy trình cấp hộ chiếu.\n- Vụ Tổ chức cán bộ bố trí nhân sự.")
    assert [(i["marker"], i["text"][:12]) for i in extract_directive(text)["items"]] == [
        ("-", "Cục Lãnh sự "), ("-", "Vụ Tổ chức c")]


def test_a_bullet_naming_a_person_is_no_task_but_one_that_asks_is() -> None:
    outline = build_outline(["Gửi điện mừng:", "- Ngoại trưởng Hoa Kỳ John Doe;",
                             "- Bộ trưởng Bộ Y tế chỉ đạo các bệnh viện sẵn sàng."], None)
    assert [is_person_entry(item) for item in outline.roots] == [True, False]


def test_a_roman_section_marker_with_a_dash_is_not_taken_for_a_news_agency_tag() -> None:
    assert tidy_text("II - NHIỆM VỤ CỤ THỂ") == "II - NHIỆM VỤ CỤ THỂ"
    assert tidy_text("TTO - Bộ trưởng yêu cầu.") == "Bộ trưởng yêu cầu."
    text = ("Thủ tướng Chính phủ chỉ thị:\nI - NHIỆM VỤ CHUNG\nCác bộ tập trung chỉ đạo.\n"
            "II - NHIỆM VỤ CỤ THỂ\n1 - Bộ A chủ trì vận động.\n2 - Bộ B bảo đảm an ninh.")
    assert _items(text) == ["I -", ("II -", ["1 -", "2 -"])]


def test_links_to_other_articles_are_no_tasks_but_bullets_hung_from_a_colon_are() -> None:
    links = ("Thủ tướng đề nghị các địa phương khẩn trương giải ngân vốn.\n"
             "- Thủ tướng: Không để thiếu điện trong mọi tình huống\n"
             "- Phó Thủ tướng kiểm tra tiến độ cao tốc Bắc - Nam")
    assert _items(links) == []
    asked = ("Phó Thủ tướng yêu cầu các bộ, ngành:\n- Khẩn trương hoàn thiện hồ sơ dự án\n"
             "- Tháo gỡ vướng mắc về mặt bằng")
    assert _items(asked) == ["-", "-"]


def test_a_connector_ending_the_introducer_leaves_the_request_before_it() -> None:
    text = ("Thủ tướng yêu cầu các bộ triển khai ngay các biện pháp. Cụ thể như sau:\n"
            "1. Bộ Y tế hướng dẫn cách ly.\n2. Bộ Ngoại giao thông báo cho các cơ quan đại diện.")
    assert _items(text) == ["1.", "2."]
    assert _items("Kết quả năm 2023 như sau:\n1. Hoàn thành 95% chỉ tiêu.\n"
                  "2. Tổ chức thành công 12 hội nghị.") == []


def test_bullets_after_a_new_introducer_are_a_new_list() -> None:
    text = ("Năm qua, Bộ đã đạt được các kết quả:\n- Ký kết 30 thỏa thuận;\n"
            "- Bảo hộ 2.000 công dân.\nNăm tới, Bộ trưởng yêu cầu các đơn vị:\n"
            "- Tiếp tục đổi mới công tác tham mưu;\n- Chủ động nắm bắt tình hình.")
    items = extract_directive(text)["items"]
    assert [(i["marker"], i["text"]) for i in items] == [
        ("-", "Tiếp tục đổi mới công tác tham mưu"), ("-", "Chủ động nắm bắt tình hình.")]


def test_a_timeline_or_an_agenda_is_no_list_of_tasks() -> None:
    assert _items("Diễn biến vụ việc:\n- Ngày 5/3: Tàu cá bị bắt giữ.\n"
                  "- Ngày 7/3: Bộ Ngoại giao gửi công hàm phản đối.") == []
    assert _items("- 8h00: Đón tiếp đại biểu;\n- 8h30: Bộ trưởng phát biểu chỉ đạo.") == []
    # A deadline written first is still a task.
    assert _items("Bộ trưởng yêu cầu:\n- Trước ngày 30/6: các đơn vị phải báo cáo.\n"
                  "- Trước ngày 30/9: Vụ Tổng hợp trình Bộ trưởng.") == ["-", "-"]


def test_a_marker_alone_on_its_line_is_joined_to_its_text() -> None:
    text = "Thủ tướng yêu cầu:\n\n1.\n\nBộ Ngoại giao chủ trì.\n2.\nBộ Công an phối hợp."
    items = extract_directive(text)["items"]
    assert [(i["marker"], i["text"]) for i in items] == [
        ("1.", "Bộ Ngoại giao chủ trì."), ("2.", "Bộ Công an phối hợp.")]
    # A page number is no marker.
    assert _items("Bộ trưởng yêu cầu các đơn vị rà soát.\n12\nTrang sau") == []


def test_a_skipped_or_repeated_number_stays_in_its_list_but_words_do_not() -> None:
    assert _items("Thủ tướng yêu cầu:\n1. Bộ A chủ trì.\n2. Bộ B phối hợp.\n4. Bộ C báo cáo.\n"
                  "4. Bộ D theo dõi.") == ["1.", "2.", "4.", "4."]
    assert _items("Thủ tướng yêu cầu:\nThứ nhất, Bộ A chủ trì.\nThứ ba, Bộ B phối hợp.") == [
        "Thứ nhất"]


def test_a_distribution_list_that_lost_its_heading_is_still_set_apart() -> None:
    text = ("Thủ tướng yêu cầu:\n1. Bộ A chủ trì.\n2. Bộ B phối hợp.\n- Như trên;\n"
            "- Lưu: VT, QHQT.\nNguyễn Văn A")
    parts = split_parts(tidy_text(text))
    assert parts.distribution[0] == "- Như trên;"
    assert [(i["marker"], i["children"]) for i in extract_directive(text)["items"]] == [
        ("1.", []), ("2.", [])]


def test_an_interview_in_bullets_is_no_list_of_tasks() -> None:
    text = ("Phóng viên phỏng vấn Bộ trưởng.\n- Thưa Bộ trưởng, năm tới ngành sẽ làm gì?\n"
            "- Chúng tôi sẽ tiếp tục đẩy mạnh ngoại giao kinh tế.")
    assert _items(text) == []


def test_the_last_item_ending_in_a_colon_keeps_the_paragraph_it_announces() -> None:
    text = ("Thủ tướng yêu cầu:\n1. Bộ Ngoại giao:\nChủ trì tổ chức hội nghị.\n2. Bộ Công an:\n"
            "Bảo đảm an ninh.\nThủ tướng cảm ơn các đại biểu.")
    assert [i["text"] for i in extract_directive(text)["items"]] == [
        "Bộ Ngoại giao:\nChủ trì tổ chức hội nghị.", "Bộ Công an:\nBảo đảm an ninh."]


def test_a_plans_lettered_parts_and_headings_that_hold_no_work() -> None:
    assert parse_marker("A. Nguyễn Văn B phát biểu.") is None  # an initial, not a part
    text = ("KẾ HOẠCH\nA. QUAN ĐIỂM, MỤC TIÊU\nI. Quan điểm\n1. Công tác đối ngoại phải phục vụ "
            "phát triển.\nB. NHIỆM VỤ, GIẢI PHÁP\nI. Nhiệm vụ chung\n1. Các đơn vị hoàn thiện "
            "thể chế.\nII. Nhiệm vụ cụ thể\n1. Vụ Tổng hợp chủ trì theo dõi.")
    assert _items(text) == [("B.", [("I.", ["1."]), ("II.", ["1."])])]
    mixed_case = ("Thủ tướng chỉ thị:\nI. Mục tiêu cụ thể\n1. Nâng cao vị thế.\n"
                  "II. Nhiệm vụ cụ thể\n1. Bộ A chủ trì.")
    assert _items(mixed_case) == [("II.", ["1."])]


def test_what_two_countries_agreed_or_a_spokesperson_said_is_no_list_of_tasks() -> None:
    agreed = ("Hai Bộ trưởng nhất trí:\n- Tăng cường trao đổi đoàn cấp cao;\n"
              "- Thúc đẩy hợp tác kinh tế, thương mại.")
    assert _items(agreed) == []
    spokesperson = ("Người phát ngôn Bộ Ngoại giao trả lời câu hỏi của phóng viên:\n"
                    "- Việt Nam có đủ cơ sở pháp lý khẳng định chủ quyền.\n"
                    "- Việt Nam đề nghị các bên liên quan tôn trọng chủ quyền của Việt Nam.")
    assert _items(spokesperson) == []
    # A request between them still asks.
    asked = ("Hai Bộ trưởng nhất trí chỉ đạo các cơ quan liên quan:\n"
             "- Hoàn thiện Hiệp định trong năm 2025;\n- Tổ chức Ủy ban hỗn hợp lần thứ 10.")
    assert _items(asked) == ["-", "-"]


def test_under_a_request_a_unit_and_what_it_delivers_is_a_task() -> None:
    text = ("Thủ tướng phân công các cơ quan xây dựng các đề án sau:\n"
            "- Bộ Ngoại giao: Đề án hội nhập quốc tế;\n- Bộ Công Thương: Đề án xuất khẩu.")
    assert _items(text) == ["-", "-"]
    assert _items("Thông tin liên hệ\n- Bộ Ngoại giao: 024.3799.3000\n"
                  "- Cục Lãnh sự: 024.3799.3125") == []


def test_a_numbered_headline_over_a_request_gives_way_to_the_request() -> None:
    text = ("1. Thủ tướng chỉ đạo bảo đảm an toàn cho kỳ nghỉ lễ sắp tới trên toàn quốc năm nay\n"
            "Theo đó, Thủ tướng yêu cầu các bộ, ngành thực hiện các việc sau:\n"
            "- Bộ Công an bảo đảm an ninh trật tự.\n- Bộ Giao thông vận tải điều tiết giao thông.")
    assert _items(text) == ["-", "-"]
    # A short heading over its points stays.
    assert _items("Thủ tướng chỉ thị:\n1. Bộ Công an\na) Phối hợp với Bộ Quốc phòng.") == [
        ("1.", ["a)"])]


def test_unpunctuated_bullets_announced_by_a_sentence_are_tasks_not_links() -> None:
    text = ("Thủ tướng yêu cầu các bộ, ngành thực hiện các nhiệm vụ sau.\n"
            "- Rà soát quy trình cấp thị thực\n- Báo cáo kết quả trong tháng 6")
    assert _items(text) == ["-", "-"]


def test_a_schedule_under_a_request_is_tasks() -> None:
    text = ("Thủ tướng yêu cầu bảo đảm tiến độ như sau:\n- Quý I/2025: hoàn thành dự thảo;\n"
            "- Quý II/2025: trình Chính phủ ban hành.")
    assert _items(text) == ["-", "-"]


# --------------------------------------------------------------------------------------------
# Round-2 patterns: scanned and converted copies, web pages, conclusions, procedures
# --------------------------------------------------------------------------------------------


def test_a_page_break_and_the_page_number_after_it_are_dropped() -> None:
    text = ("Thủ tướng yêu cầu:\n\na) Bộ Tài chính rà soát quy định.\n\n--- PAGE BREAK ---\n\n"
            "2\n\nb) Bộ Công an phối hợp thực hiện.\n")
    assert "PAGE BREAK" not in tidy_text(text)
    assert "\n2\n" not in tidy_text(text)
    assert _items(text) == ["a)", "b)"]
    # a number not after a page break stays
    assert tidy_text("Số lượng\n2\n").split("\n")[:2] == ["Số lượng", "2"]


def test_a_bold_heading_or_byline_is_no_bullet_but_a_starred_line_is() -> None:
    assert parse_marker("**Tiếp tục giảm giá thịt lợn**") is None
    assert parse_marker("**Hương Dịu**") is None
    assert parse_marker("* Bộ Y tế chủ trì.").written == "*"
    text = ("Thủ tướng yêu cầu các bộ tập trung thực hiện.\n\n**Tiếp tục kiểm soát giá**\n\n"
            "Bộ Công Thương theo dõi sát thị trường.\n\n**Nguyễn Hà**")
    assert _items(text) == []


@pytest.mark.parametrize("mark", ["_", "~"])
def test_an_ocr_hyphen_read_as_underscore_or_tilde_is_a_bullet(mark: str) -> None:
    assert parse_marker(f"{mark} Tiếp tục nâng cấp nền tảng.").family == "dash"
    assert parse_marker(f"{mark}Tiếp tục") is None  # no space: not a scanned bullet
    text = (f"Thủ tướng yêu cầu Bộ Thông tin và Truyền thông:\n\n- Chủ trì rà soát.\n\n"
            f"{mark} Phối hợp triển khai.\n")
    assert _items(text) == ["-", mark]


def test_a_letter_list_with_a_slipped_letter_stays_one_list() -> None:
    text = ("Thủ tướng yêu cầu các bộ:\n\na) Rà soát quy định.\n\nb) Hoàn thiện cơ sở dữ liệu.\n\n"
            "c) Bộ Công Thương phối hợp.\n\nđ) Bộ Công an chủ trì.\n\nđ) Bộ Tư pháp thẩm định.\n\n"
            "e) Ngân hàng Nhà nước theo dõi.\n\ng) Bộ Tài chính báo cáo.\n")
    assert _items(text) == ["a)", "b)", "c)", "đ)", "đ)", "e)", "g)"]
    # but a letter far from the last one starts nothing
    far = "Thủ tướng yêu cầu:\n\na) Rà soát.\n\nb) Hoàn thiện.\n\nk) Báo cáo.\n"
    assert _items(far) == ["a)", "b)"]


def test_a_conclusion_point_that_praises_is_no_task_the_list_under_it_is() -> None:
    text = ("Thủ tướng Chính phủ có ý kiến chỉ đạo như sau:\n\n"
            "1. Hoan nghênh các bộ đã chuẩn bị tài liệu chu đáo.\n\n"
            "Để thúc đẩy chia sẻ dữ liệu, các bộ cần tập trung các nhiệm vụ sau:\n\n"
            "a) Tăng cường số hóa dữ liệu.\n\nb) Bộ Công an chủ trì kết nối.\n")
    items = extract_directive(text)["items"]
    assert [i["marker"] for i in items] == ["a)", "b)"]
    alone = ("Bộ trưởng kết luận:\n\n1. Đánh giá cao Cục Lãnh sự đã hoàn thành kế hoạch.\n\n"
             "2. Cục Lãnh sự chủ trì rà soát thủ tục.\n")
    assert _items(alone) == ["2."]
    # praise with an obligation in the same sentence is work
    assert _items("Bộ trưởng yêu cầu:\n\n1. Ghi nhận và phải báo cáo kết quả.\n\n"
                  "2. Vụ Tổng hợp chủ trì.\n") == ["1.", "2."]


def test_a_procedures_dossier_lists_papers_not_tasks() -> None:
    text = ("CHỨNG NHẬN LÃNH SỰ\n\nHồ sơ đề nghị chứng nhận lãnh sự\n"
            "– Tờ khai chứng nhận lãnh sự (theo mẫu);\n"
            "– Xuất trình bản chính hộ chiếu;\n– Giấy tờ đề nghị được chứng nhận.\n")
    assert _items(text) == []
    assert not is_directive_list("Thành phần hồ sơ gồm:", _list("- Tờ khai.", "- Hộ chiếu."))
    # a request about a dossier still asks
    assert is_directive_list("Yêu cầu các đơn vị hoàn thiện hồ sơ như sau:",
                             _list("- Rà soát tờ khai.", "- Bổ sung hộ chiếu."))


def test_a_document_number_at_a_wrapped_lines_start_is_no_marker() -> None:
    assert parse_marker("01/NQ-CP ngày 03/01/2015 của Chính phủ về nhiệm vụ") is None
    assert parse_marker("12/2014/NQ-HĐND ngày 11/12") is None
    assert parse_marker("1/ Bộ Ngoại giao chủ trì.").written == "1/"
    assert parse_marker("2/Giao Bộ Tài chính.").written == "2/"


def test_a_numbered_topic_keeps_the_paragraphs_under_it() -> None:
    text = ("Cục Lãnh sự xin trao đổi như sau:\n\n1. Về việc xác định cơ quan có thẩm quyền\n\n"
            "Các nước có nhiều loại giấy tờ do nhiều cơ quan cấp.\n\n"
            "Trên cơ sở này, đề nghị Quý Cục cân nhắc việc sử dụng kênh trung ương.\n")
    items = extract_directive(text)["items"]
    assert [i["marker"] for i in items] == ["1."]
    assert "đề nghị Quý Cục" in items[0]["text"]
    # a last item that is a sentence keeps only continuation paragraphs
    done = ("Bộ trưởng yêu cầu:\n\n1. Vụ Tổng hợp chủ trì rà soát.\n\n"
            "Hội nghị kết thúc lúc 17 giờ.\n")
    assert "Hội nghị" not in extract_directive(done)["items"][0]["text"]


def test_letters_in_latin_order_keep_f_as_an_item() -> None:
    assert parse_marker("f) Bộ Y tế chủ trì.").written == "f)"
    text = ("Thủ tướng yêu cầu:\n\na) Bộ A chủ trì.\n\nb) Bộ B rà soát.\n\nc) Bộ C báo cáo.\n\n"
            "d) Bộ D phối hợp.\n\ne) Bộ E kiểm tra.\n\nf) Bộ F hướng dẫn.\n\ng) Bộ G theo dõi.\n")
    assert _items(text) == ["a)", "b)", "c)", "d)", "e)", "f)", "g)"]
