"""Per item: the lead unit, the coordinating units and the deadline (directives/attributes.py).

The labelled table holds sentences taken from the corpus (tests/directives/corpus/, the file
named in each row; copied here so that edits to the corpus do not move these labels) and from
the ministry-style fixtures, each labelled by hand with what a reader finds in it.
"""

from __future__ import annotations

from datetime import date

import pytest

from chancery.directives.attributes import (
    ALL_MISSIONS,
    Attributes,
    UnitRef,
    find_attributes,
    fold,
    match_units,
    prefill_rows,
)

UNITS = [
    UnitRef(1, "CD-HN", "Cục Lãnh sự", "Consular Department", "ministry_department"),
    UnitRef(2, "DFA-HCM", "Sở Ngoại vụ TP. Hồ Chí Minh", "Ho Chi Minh City Department of Foreign Affairs",
            "city_foreign_affairs"),
    UnitRef(3, "EMB-FR", "Đại sứ quán Việt Nam tại Pháp", "Embassy of Viet Nam in France", "embassy"),
    UnitRef(4, "EMB-JP", "Đại sứ quán Việt Nam tại Nhật Bản", "Embassy of Viet Nam in Japan", "embassy"),
    UnitRef(5, "CG-SF", "Tổng Lãnh sự quán Việt Nam tại San Francisco",
            "Consulate General of Viet Nam in San Francisco", "consulate_general"),
    UnitRef(6, "VP-BO", "Văn phòng Bộ", "Ministry Office", "ministry_department"),
    UnitRef(7, "TTBC", "Vụ Thông tin Báo chí", "Press and Information Department", "ministry_department"),
    UnitRef(8, "TCCB", "Vụ Tổ chức Cán bộ", "Personnel Department", "ministry_department"),
]
MISSIONS = [3, 4, 5]

# (source, text, directive date, lead as written, lead units, coordinators as written,
#  coordinating units, deadline, recurrence)
TABLE = [
    # --- from the corpus -------------------------------------------------------------------
    ("news/baomoi-doan-cong-tac-tieu-chay-cap",
     "Thủ tướng Chính phủ đã giao cho Bộ Y tế chủ trì, thành lập ngay một số đoàn công tác do các "
     "thành viên Chính phủ làm trưởng đoàn đi kiểm tra", None,
     "Bộ Y tế", [], [], [], None, ""),
    ("news/baoninhthuan-nq-phien-hop-thang-8-2015",
     "Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các Bộ, ngành, địa phương đẩy mạnh huy động các "
     "nguồn vốn đầu tư thúc đẩy phát triển kinh tế - xã hội", None,
     "Bộ Kế hoạch và Đầu tư", [], [], [], None, ""),
    ("news/baoninhthuan-nq-phien-hop-thang-8-2015",
     "Cùng với đó, Bộ Tài chính chủ trì, phối hợp với các Bộ, cơ quan, địa phương chủ động triển "
     "khai các giải pháp cân đối thu chi ngân sách nhà nước", None,
     "Bộ Tài chính", [], [], [], None, ""),
    ("news/qdnd-to-cong-tac-dac-biet",
     "Theo đó, Thủ tướng giao Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các cơ quan liên quan "
     "báo cáo, đề xuất Thủ tướng Chính phủ việc thành lập Tổ công tác đặc biệt", None,
     "Bộ Kế hoạch và Đầu tư", [], [], [], None, ""),
    ("vpcp_letter/vpcp-6722-qhqt-2008",
     "Giao Bộ Ngoại giao chủ trì, phối hợp với các cơ quan liên quan thực hiện tốt Đề án tuyên "
     "truyền nêu trên", date(2008, 10, 8),
     "Bộ Ngoại giao", [], [], [], None, ""),
    ("news/cand-van-phong-bonn-tong-lanh-su-quan",
     "Phó Thủ tướng Phạm Gia Khiêm giao Bộ Ngoại giao phối hợp với các cơ quan liên quan xử lý "
     "vấn đề tài sản hiện có tại Văn phòng Bonn", date(2006, 9, 27),
     "Bộ Ngoại giao", [], [], [], None, ""),
    ("conclusion/bqllang-tb-106-vpcp-2021-bau-cu",
     "- Bộ Nội vụ phối hợp chặt chẽ với Văn phòng Hội đồng bầu cử quốc gia, Bộ Y tế và các cơ "
     "quan liên quan hướng dẫn cụ thể công tác chuẩn bị trong ngày bầu cử", date(2021, 5, 14),
     "Bộ Nội vụ", [], ["Văn phòng Hội đồng bầu cử quốc gia", "Bộ Y tế"], [], None, ""),
    ("conclusion/bqllang-tb-106-vpcp-2021-bau-cu",
     "- Bộ Thông tin và Truyền thông và các cơ quan báo chí tiếp tục đẩy mạnh hơn nữa công tác "
     "tuyên truyền về bầu cử", date(2021, 5, 14),
     "Bộ Thông tin và Truyền thông", [], [], [], None, ""),
    ("directive/ct-ttg-nghi-quyet-08-tu-phap",
     "a) Phối hợp với Viện Kiểm sát nhân dân tối cao, Bộ Quốc phòng nghiên cứu, đề xuất giải pháp",
     None, "", [], ["Viện Kiểm sát nhân dân tối cao", "Bộ Quốc phòng"], [], None, ""),
    ("ministry_letter/bng-ls-1810-2013-ho-chieu",
     "Các ý kiến phản ánh xin gửi về Bộ Ngoại giao (Cục Lãnh sự) trước ngày 05/6/2013",
     date(2013, 5, 20), "", [], [], [], date(2013, 6, 5), "once"),
    ("vpcp_letter/vpcp-2235-kgvx-2011-chat-doc-da-cam",
     "Bộ Lao động - Thương binh và Xã hội nghiên cứu báo cáo của Hội Nạn nhân chất độc da cam, có ý "
     "kiến trình Thủ tướng Chính phủ trước ngày 30 tháng 4 năm 2011", date(2011, 4, 9),
     "Bộ Lao động - Thương binh và Xã hội", [], [], [], date(2011, 4, 30), "once"),
    ("vpcp_letter/vpcp-1691-qhqt-2004-ho-chieu-thi-thuc",
     "đề xuất biện pháp chấn chỉnh công tác này và báo cáo Thủ tướng Chính phủ trong tháng 4 năm 2004",
     date(2004, 4, 8), "", [], [], [], date(2004, 4, 30), "once"),
    ("vpcp_letter/vpcp-207-qhqt-2010-nhung-ngay-viet-nam",
     "xây dựng Đề án triển khai chương trình \"Những ngày Việt Nam ở nước ngoài\" tại Trung Quốc và "
     "Liên bang Nga trong năm 2010", date(2010, 10, 12), "", [], [], [], date(2010, 12, 31), "once"),
    ("news/1thegioi-bao-cao-truoc-20-4",
     "Thủ tướng yêu cầu tất cả các bộ ngành, địa phương trước ngày 20.4 phải báo cáo tình hình giải "
     "quyết vướng mắc", date(2020, 4, 10), "tất cả các bộ ngành", [], [], [], date(2020, 4, 20), "once"),
    ("news/baogiaothong-viec-gi-co-loi-cho-to-quoc",
     "Thủ tướng đề nghị các cơ quan đại diện Việt Nam ở nước ngoài cần thường xuyên suy nghĩ, tìm hiểu "
     "cái gì có lợi cho đất nước", None,
     "các cơ quan đại diện Việt Nam ở nước ngoài", MISSIONS, [], [], None, ""),
    ("vpcp_letter/vpcp-2385-qhqt-2014-chi-thi-1737",
     "Đồng ý với các kiến nghị của Bộ Ngoại giao tại văn bản và giao Bộ Ngoại giao thông báo tới các "
     "Bộ, cơ quan liên quan biết và triển khai thực hiện.", date(2014, 4, 1),
     "Bộ Ngoại giao", [], [], [], None, ""),
    ("vpcp_letter/vpcp-2615-qhqt-2003-tien-trinh-bali",
     "Đồng ý việc ta tiếp tục tham gia tiến trình Bali, Giao Bộ Ngoại giao làm đầu mối của phía Việt "
     "Nam để điều phối các hoạt động liên quan đến vấn đề di cư.", None,
     "Bộ Ngoại giao", [], [], [], None, ""),
    # --- ministry-style texts (tests/directives/fixtures) -----------------------------------
    ("ministry", "Bộ Ngoại giao chủ trì, phối hợp với Bộ Công an, Bộ Quốc phòng và Ủy ban nhân dân các "
     "tỉnh biên giới khẩn trương rà soát, báo cáo Thủ tướng Chính phủ trước ngày 15 tháng 5 năm 2014.",
     date(2014, 4, 1), "Bộ Ngoại giao", [],
     ["Bộ Công an", "Bộ Quốc phòng", "Ủy ban nhân dân các tỉnh biên giới"], [], date(2014, 5, 15), "once"),
    ("ministry", "Giao Vụ Tổ chức Cán bộ chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư, Bộ Văn hóa, Thể "
     "thao và Du lịch và các cơ quan liên quan xây dựng Đề án.", date(2025, 5, 10), "Vụ Tổ chức Cán bộ",
     [8], ["Bộ Kế hoạch và Đầu tư", "Bộ Văn hóa, Thể thao và Du lịch"], [], None, ""),
    ("fixtures/legal_outline", "Giao Cục Lãnh sự chủ trì, phối hợp với các đơn vị liên quan:",
     date(2024, 3, 15), "Cục Lãnh sự", [1], [], [], None, ""),
    ("fixtures/legal_outline", "Báo cáo kết quả trước ngày 30/6/2024;", date(2024, 3, 15),
     "", [], [], [], date(2024, 6, 30), "once"),
    ("fixtures/legal_outline", "Công khai kết quả đánh giá hằng quý;", date(2024, 3, 15),
     "", [], [], [], None, "quarterly"),
    ("fixtures/legal_outline",
     "Các cơ quan đại diện Việt Nam ở nước ngoài khẩn trương niêm yết công khai thủ tục hành chính.",
     date(2024, 3, 15), "Các cơ quan đại diện Việt Nam ở nước ngoài", MISSIONS, [], [], None, ""),
    ("fixtures/legal_outline", "Văn phòng Bộ theo dõi, đôn đốc việc thực hiện.", date(2024, 3, 15),
     "Văn phòng Bộ", [6], [], [], None, ""),
    ("fixtures/telegram",
     "Cục Lãnh sự chủ trì, phối hợp với các đơn vị liên quan hướng dẫn các cơ quan đại diện triển "
     "khai công tác bảo hộ; báo cáo Lãnh đạo Bộ trước 16h00 hằng ngày.", date(2024, 4, 14),
     "Cục Lãnh sự", [1], [], [], None, "ongoing"),
    ("fixtures/telegram", "Vụ Thông tin Báo chí kịp thời thông tin cho công dân về khuyến cáo đi lại.",
     date(2024, 4, 14), "Vụ Thông tin Báo chí", [7], [], [], None, ""),
    ("ministry", "Đề nghị Sở Ngoại vụ Thành phố Hồ Chí Minh chủ trì, phối hợp với Cục Lãnh sự và ĐSQ "
     "tại Pháp rà soát hồ sơ, báo cáo trước ngày 30/6/2025.", date(2025, 5, 10),
     "Sở Ngoại vụ Thành phố Hồ Chí Minh", [2], ["Cục Lãnh sự", "ĐSQ tại Pháp"], [1, 3],
     date(2025, 6, 30), "once"),
    ("ministry", "Vụ Tổ chức Cán bộ có trách nhiệm tổng hợp, báo cáo Lãnh đạo Bộ định kỳ hằng quý.",
     date(2025, 5, 10), "Vụ Tổ chức Cán bộ", [8], [], [], None, "quarterly"),
    ("ministry", "Các Cơ quan đại diện Việt Nam ở nước ngoài báo cáo kết quả trong quý III năm 2025.",
     date(2025, 5, 10), "Các Cơ quan đại diện Việt Nam ở nước ngoài", MISSIONS, [], [],
     date(2025, 9, 30), "once"),
    ("ministry", "Yêu cầu các ĐSQ, TLSQ báo cáo tình hình công dân hằng tháng.", date(2025, 5, 10),
     "các ĐSQ", MISSIONS, [], [], None, "monthly"),
    ("ministry", "Giao Cục Lãnh sự hoàn thành dự thảo trước 30/6.", date(2025, 5, 10),
     "Cục Lãnh sự", [1], [], [], date(2025, 6, 30), "once"),
    ("ministry", "Giao Tổng Lãnh sự quán tại San Francisco phối hợp với Vụ Thông tin Báo chí tổ chức "
     "hội nghị trong tháng 7.", date(2025, 5, 10), "Tổng Lãnh sự quán tại San Francisco", [5],
     ["Vụ Thông tin Báo chí"], [7], date(2025, 7, 31), "once"),
    ("ministry", "Cục Lãnh sự chủ trì, phối hợp với các cơ quan đại diện tổng kết trong năm 2025.",
     date(2025, 5, 10), "Cục Lãnh sự", [1], ["các cơ quan đại diện"], MISSIONS, date(2025, 12, 31), "once"),
    ("ministry", "Đại sứ quán Việt Nam tại Nhật Bản báo cáo kết quả trong vòng 10 ngày.", date(2025, 5, 10),
     "Đại sứ quán Việt Nam tại Nhật Bản", [4], [], [], date(2025, 5, 20), "once"),
    ("ministry", "Bộ trưởng Bùi Thanh Sơn chủ trì cuộc họp về công tác bảo hộ công dân.", date(2025, 5, 10),
     "", [], [], [], None, ""),
    ("ministry", "Báo cáo Lãnh đạo Bộ trong tháng 3.", date(2025, 5, 10), "", [], [], [],
     date(2026, 3, 31), "once"),
]


@pytest.mark.parametrize(
    "source, text, ref, lead_name, lead, coordinator_names, coordinators, deadline, recurrence",
    TABLE, ids=[f"{i}-{row[0]}" for i, row in enumerate(TABLE)],
)
def test_labelled_table(source, text, ref, lead_name, lead, coordinator_names, coordinators,
                        deadline, recurrence):
    found = find_attributes(text, units=UNITS, ref=ref)
    assert (found.lead_name, found.lead) == (lead_name, lead)
    assert (found.coordinator_names, found.coordinators) == (coordinator_names, coordinators)
    assert (found.deadline, found.recurrence) == (deadline, recurrence)


def test_the_table_is_large_and_covers_every_kind_of_finding():
    assert len(TABLE) >= 30
    assert sum(1 for row in TABLE if row[0].split("/")[0] in (
        "news", "conclusion", "directive", "ministry_letter", "vpcp_letter")) >= 12
    assert {row[8] for row in TABLE} >= {"", "once", "monthly", "quarterly", "ongoing"}
    assert any(row[4] == MISSIONS for row in TABLE) and any(row[6] for row in TABLE)


# --- names -----------------------------------------------------------------------------------


def test_fold_drops_diacritics_case_and_punctuation():
    assert fold("Sở Ngoại vụ TP. Hồ Chí Minh") == "so ngoai vu tp ho chi minh"
    assert fold("ĐẠI SỨ QUÁN") == "dai su quan"


@pytest.mark.parametrize("phrase, pks", [
    ("CỤC LÃNH SỰ", [1]),
    ("Cuc Lanh su", [1]),
    ("CLS", [1]),
    ("Sở NgV TP.HCM", [2]),
    ("Sở Ngoại vụ Thành phố Hồ Chí Minh", [2]),
    ("ĐSQ Việt Nam tại Pháp", [3]),
    ("Đại sứ quán tại Nhật Bản", [4]),
    ("TLSQ tại San Francisco", [5]),
    ("Cục Lãnh sự và Vụ Thông tin Báo chí", [1, 7]),
    ("Bộ Y tế", []),
    ("Vụ Thông tin", []),  # a shorter name is not a unit's
])
def test_names_map_to_units(phrase, pks):
    assert match_units(phrase, UNITS) == (pks, "")


@pytest.mark.parametrize("phrase", [
    "các cơ quan đại diện", "Các Cơ quan đại diện Việt Nam ở nước ngoài", "các CQĐD",
    "các Đại sứ quán, Tổng Lãnh sự quán", "Cơ quan đại diện Việt Nam tại nước ngoài",
])
def test_all_missions_is_a_group_of_every_mission(phrase):
    assert match_units(phrase, UNITS) == (MISSIONS, ALL_MISSIONS)


def test_an_inactive_or_missing_mission_is_not_in_the_group():
    only_ministry = [u for u in UNITS if u.kind == "ministry_department"]
    assert match_units("các cơ quan đại diện", only_ministry) == ([], ALL_MISSIONS)


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, ref, deadline", [
    ("trước ngày 30/6/2025", date(2025, 1, 2), date(2025, 6, 30)),
    ("trước 30/6", date(2025, 1, 2), date(2025, 6, 30)),
    ("trước 30/6", date(2025, 8, 1), date(2026, 6, 30)),  # already past: next year's
    ("chậm nhất ngày 15 tháng 3 năm 2026", date(2025, 8, 1), date(2026, 3, 15)),
    ("trong tháng 2", date(2024, 1, 5), date(2024, 2, 29)),
    ("trong quý IV", date(2025, 1, 2), date(2025, 12, 31)),
    ("trong quý 1 năm 2026", date(2025, 1, 2), date(2026, 3, 31)),
    ("trong năm 2025", date(2025, 1, 2), date(2025, 12, 31)),
    ("trong 5 ngày làm việc", date(2025, 5, 9), date(2025, 5, 16)),  # a Friday: skips the weekend
    ("trước ngày 31/2/2025", date(2025, 1, 2), None),  # no such day
    ("báo cáo trước ngày 30/6 và hoàn thành trong quý III", date(2025, 1, 2), date(2025, 6, 30)),
])
def test_deadlines_resolve_against_the_directive_date(text, ref, deadline):
    assert find_attributes(text, ref=ref).deadline == deadline


def test_without_a_date_a_deadline_without_year_is_not_guessed():
    assert find_attributes("trước 30/6", ref=None).deadline is None
    assert find_attributes("trước ngày 30/6/2025", ref=None).deadline == date(2025, 6, 30)


@pytest.mark.parametrize("text, recurrence", [
    ("báo cáo hằng tháng", "monthly"), ("báo cáo hàng tháng", "monthly"),
    ("định kỳ hằng quý báo cáo", "quarterly"), ("báo cáo hằng quý trong năm 2025", "quarterly"),
    ("báo cáo trước 16h00 hằng ngày", "ongoing"), ("tăng cường công tác bảo hộ", ""),
])
def test_recurrence(text, recurrence):
    assert find_attributes(text, ref=date(2025, 1, 2)).recurrence == recurrence


def test_a_recurring_task_keeps_its_end_date():
    found = find_attributes("báo cáo hằng quý trong năm 2025", ref=date(2025, 1, 2))
    assert (found.recurrence, found.deadline) == ("quarterly", date(2025, 12, 31))


# --- items inherit from their parent ---------------------------------------------------------


def test_children_inherit_the_lead_and_keep_their_own_deadline():
    rows = [
        {"depth": 0, "text": "Giao Cục Lãnh sự chủ trì, phối hợp với Vụ Thông tin Báo chí:"},
        {"depth": 1, "text": "Rà soát, đơn giản hóa thủ tục cấp hộ chiếu;"},
        {"depth": 1, "text": "Báo cáo kết quả trước ngày 30/6/2024;"},
        {"depth": 1, "text": "Công khai kết quả đánh giá hằng quý;"},
        {"depth": 0, "text": "Các cơ quan đại diện niêm yết công khai thủ tục hành chính."},
        {"depth": 1, "text": "Cục Lãnh sự hướng dẫn."},
        {"depth": 0, "text": ""},
    ]
    out = prefill_rows(rows, units=UNITS, ref=date(2024, 3, 15))
    assert [r.get("lead_unit") for r in out] == [1, 1, 1, 1, None, 1, None]
    assert [r.get("coordinating_units") for r in out[:4]] == [[7]] * 4
    assert [r.get("deadline") for r in out[:4]] == [None, None, date(2024, 6, 30), None]
    assert [r.get("recurrence") for r in out[:4]] == [None, None, "once", "quarterly"]
    assert out[4]["group_units"] == "missions:3,4,5" and "lead_unit" not in out[4]
    assert out[5].get("coordinating_units") is None  # its own lead: nothing inherited
    assert "lead_name" not in out[6]  # blank rows stay blank


def test_inherit_prefers_the_childs_own_findings():
    parent = Attributes(lead_name="Cục Lãnh sự", lead=[1], deadline=date(2025, 6, 30),
                        deadline_text="trước 30/6", recurrence="once")
    child = Attributes(recurrence="monthly")
    merged = child.inherit(parent)
    assert (merged.lead, merged.recurrence, merged.deadline) == ([1], "monthly", None)
