"""Tests of the directive extractor on the five seed articles and on hand-written texts.

Every expectation here was written by reading the text, not by running the extractor.
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chancery.directives.extraction import extract_directive

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEFAULT_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEEDS = Path(os.environ.get("CHANCERY_SEEDS_DIR", DEFAULT_SEEDS))

KEYS = ["title", "reference", "issued_by", "issued_on", "addressees", "items", "unenumerated_directives"]


def seed(name: str) -> dict:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed article {name} not found in {SEEDS} (set CHANCERY_SEEDS_DIR)")
    return extract_directive(path.read_text(encoding="utf-8"))


def fixture(name: str) -> dict:
    return extract_directive((FIXTURES / name).read_text(encoding="utf-8"))


def shape(items: list[dict]) -> list[tuple]:
    """(marker, kind, children) for every item, recursively."""
    return [(i["marker"], i["kind"], shape(i["children"])) for i in items]


def flat(items: list[dict]) -> list[dict]:
    """All items in reading order (parents before their children)."""
    out: list[dict] = []
    for item in items:
        out.append(item)
        out += flat(item["children"])
    return out


def assert_texts_start(items: list[dict], prefixes: list[str]) -> None:
    texts = [item["text"] for item in flat(items)]
    assert len(texts) == len(prefixes)
    for text, prefix in zip(texts, prefixes, strict=True):
        assert text.startswith(prefix), (text[:80], prefix)


def assert_sentences_start(sentences: list[str], prefixes: list[str]) -> None:
    assert len(sentences) == len(prefixes), sentences
    for sentence, prefix in zip(sentences, prefixes, strict=True):
        assert sentence.startswith(prefix), (sentence[:80], prefix)


def everything(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False)


# ------------------------------------------------------------------------------------------
# The five seed articles
# ------------------------------------------------------------------------------------------


def test_seed_000_minister_without_list() -> None:
    result = seed("000_52588b4c65dfeafc.txt")
    assert list(result) == KEYS
    assert result["title"] is None  # the article starts with its lead paragraph
    assert result["issued_by"] == "Bộ trưởng Bùi Thanh Sơn"
    assert result["issued_on"] is None  # no day and no dateline anywhere
    assert result["addressees"] == [
        "toàn ngành Ngoại giao", "các đơn vị trực thuộc", "Ban Chỉ đạo Ngoại giao kinh tế",
    ]
    assert result["items"] == []
    assert_sentences_start(result["unenumerated_directives"], [
        "Bộ trưởng Bùi Thanh Sơn chỉ đạo toàn ngành Ngoại giao trong năm 2024",
        "Bộ trưởng cũng đề nghị toàn ngành kiên trì",
        "Theo Bộ trưởng để làm được điều đó, các đơn vị cần tăng cường",
        "Ông nhấn mạnh: “Tất cả các đơn vị tìm ra hướng đi mới",
        "Các đơn vị trực thuộc tiếp tục phối hợp chặt chẽ",
        "Đồng thời kiên quyết, kiên trì đổi mới lề lối làm việc",
        "Toàn ngành tiếp tục quán triệt sâu rộng tư duy phục vụ",
        "Bộ trưởng Bùi Thanh Sơn đề nghị toàn ngành Ngoại giao tiếp tục quán triệt",
        "Ông lưu ý Ban Chỉ đạo Ngoại giao kinh tế",
        "Bộ trưởng cũng bày tỏ mong muốn ngay sau Tết, toàn Ngành khẩn trương",
    ])
    assert "Thanh Thanh" not in everything(result)  # the byline


def test_seed_001_deputy_pm_on_a_law_site() -> None:
    result = seed("001_337f9824fff35007.txt")
    assert result["title"] == (
        "Bộ Ngoại giao cần phát huy vai trò tiên phong trong các nhiệm vụ đối ngoại")
    assert result["issued_by"] == "Phó Thủ tướng Chính phủ Trần Lưu Quang"
    assert result["issued_on"] == "2023-01-31"  # "Chiều 31/1" + 2023
    assert result["addressees"] == ["Bộ Ngoại giao"]
    assert result["items"] == []  # the ";" chains carry no ordinal markers
    assert_sentences_start(result["unenumerated_directives"], [
        "Bộ Ngoại giao cần chủ động, tích cực hơn nữa tham mưu",
        "Phó Thủ tướng nhấn mạnh, Bộ Ngoại giao cần tiếp tục phát huy",
        "Trên cơ sở những định hướng lớn đó, Bộ Ngoại giao cần tập trung",
        "Đồng thời, tiếp tục phát huy vai trò",
        "Phó Thủ tướng đánh giá cao việc Bộ Ngoại giao chủ động xây dựng Đề án",
    ])
    text = everything(result)
    for boilerplate in ("Diendanphapluat", "Đường dây nóng", "Nhấn vào đây", "Link nguồn",
                        "Ảnh: Dương Giang", "647.813 kb", "Họ tên"):
        assert boilerplate not in text


def test_seed_001_year_comes_from_the_text_without_the_source_link() -> None:
    path = SEEDS / "001_337f9824fff35007.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found in {SEEDS}")
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if "http" not in line)
    # "năm 2023" is the latest year; "đến năm 2030" is a target and does not count.
    assert extract_directive(text)["issued_on"] == "2023-01-31"


def test_seed_002_four_tasks_with_six_nested_solutions() -> None:
    result = seed("002_f44d8612bcbb61fa.txt")
    assert result["title"] == (
        "Bộ trưởng Ngoại giao Bùi Thanh Sơn giao 4 nhiệm vụ cho các Trưởng cơ quan đại diện "
        "Việt Nam ở nước ngoài nhiệm kỳ 2023-2026")
    assert result["issued_by"] == "Bộ trưởng Ngoại giao Bùi Thanh Sơn"
    assert result["issued_on"] == "2023-04-28"  # "Tối ngày 28/4"; latest year mentioned: 2023
    assert result["addressees"] == [
        "các Trưởng cơ quan đại diện Việt Nam ở nước ngoài", "các cơ quan đại diện",
    ]
    solutions = [(marker, "solution", []) for marker in
                 ["Một là", "Hai là", "Ba là", "Bốn là", "Năm là", "Sáu là"]]
    assert shape(result["items"]) == [
        ("Thứ nhất", "task", []),
        ("Thứ hai", "task", []),
        ("Thứ ba", "task", []),
        ("Thứ tư", "task", solutions),
    ]
    assert_texts_start(result["items"], [
        "Bộ trưởng Bùi Thanh Sơn đề nghị các Trưởng cơ quan đại diện tiếp tục bám sát",
        "Bộ trưởng đề nghị các Trưởng cơ quan đại diện triển khai đồng bộ",
        "các cơ quan đại diện cần tăng cường công tác nghiên cứu",
        "trong công tác xây dựng ngành, Bộ trưởng đề nghị",
        "ngành Ngoại giao đang hướng đến xây dựng nền ngoại giao",
        "trên cơ sở các quy chế, quy trình của Bộ đã có",
        "duy trì kỷ luật, kỷ cương của cơ quan đại diện",
        "tạo sự đoàn kết và phối hợp tốt",
        "ngoài phục vụ các đoàn cấp cao",
        "tiếp tục quan tâm đến chiến lược quy hoạch trụ sở",
    ])
    first, second, third, fourth = result["items"]
    # Paragraphs between two markers belong to the earlier item; photos and captions do not.
    assert first["text"].count("\n") == 2
    assert first["text"].split("\n")[1].startswith("Đó là, phát huy vai trò tiên phong")
    assert first["text"].endswith("kết hợp chặt chẽ đối ngoại an ninh, quốc phòng,…")
    assert second["text"].split("\n")[1].startswith("Trong đó, xác định ngoại giao kinh tế")
    assert "\n" not in third["text"]
    assert fourth["text"].endswith("Trong đó, Bộ trưởng đề ra 6 giải pháp.")
    one, two, *_rest, six = fourth["children"]
    assert one["text"].split("\n")[1].startswith("Để làm được điều đó, mỗi cán bộ ngoại giao")
    assert "\n" not in two["text"]
    # The closing paragraphs after "Sáu là" are not part of it.
    assert six["text"].endswith("đề xuất với Chính phủ nâng sinh hoạt phí cho cán bộ.")
    items_text = everything(result["items"])
    for caption in ("Toàn cảnh Bộ trưởng", "chụp ảnh lưu niệm", "giao 4 nhiệm vụ", "baoquocte"):
        assert caption not in items_text
    assert_sentences_start(result["unenumerated_directives"], [
        "Bộ trưởng Bùi Thanh Sơn đề nghị các Trưởng cơ quan đại diện quán triệt và thực hiện "
        "tốt bốn nhiệm vụ quan trọng sau.",
    ])


def test_seed_003_deputy_pm_with_dateline() -> None:
    result = seed("003_1153208d07a852d4.txt")
    assert result["title"] == (
        "Bộ Ngoại giao gắn tổ chức sắp xếp bộ máy với đẩy mạnh chuyển đổi số")
    assert result["issued_by"] == "Phó Thủ tướng Trần Lưu Quang"
    assert result["issued_on"] == "2023-12-22"  # "22/12/2023 20:36", "Sáng 22/12"
    assert result["addressees"] == ["Bộ Ngoại giao", "ngành ngoại giao"]
    assert result["items"] == []
    assert_sentences_start(result["unenumerated_directives"], [
        "Phó Thủ tướng Trần Lưu Quang đề nghị Bộ Ngoại giao tiếp tục tính toán",
        "Phó Thủ tướng đánh giá cao việc Bộ Ngoại giao chủ động xây dựng Đề án",
        "Trên cơ sở những thành tựu đã đạt được, Phó Thủ tướng đề nghị Bộ Ngoại giao",
        "Phó Thủ tướng gợi mở, trong thời gian tới, ngành ngoại giao cần chú trọng",
        "Phó Thủ tướng nhấn mạnh, Bộ Ngoại giao cần chủ động phối hợp",
    ])
    text = everything(result)
    for boilerplate in ("In bài viết", "(Chinhphu.vn)", "Ảnh:", "- Ảnh 1", "Hải Minh"):
        assert boilerplate not in text


def test_seed_004_prime_minister_lessons_then_tasks() -> None:
    result = seed("004_44855b6fb4ad6b7f.txt")
    assert result["title"] == "Thủ tướng Phạm Minh Chính nhấn mạnh 3 bài học của ngành ngoại giao"
    assert result["issued_by"] == "Thủ tướng Phạm Minh Chính"
    assert result["issued_on"] == "2025-01-06"  # "Sáng 6-1"; review of 2024, plans for 2025
    assert result["addressees"] == ["toàn ngành ngoại giao"]
    assert shape(result["items"]) == [
        ("Một là", "lesson", []), ("Hai là", "lesson", []), ("Ba là", "lesson", []),
        ("Thứ nhất", "task", []), ("Thứ hai", "task", []), ("Thứ ba", "task", []),
        ("Thứ tư", "task", []), ("Thứ năm", "task", []),
    ]
    assert_texts_start(result["items"], [
        "kiên trì đường lối độc lập dân tộc và chủ nghĩa xã hội",
        "nắm chắc tình hình trong nước, ngoài nước",
        "xây dựng đội ngũ cán bộ vừa hồng vừa chuyên",
        "mọi hoạt động đối ngoại, ngoại giao phải phục vụ đắc lực",
        "giữ vững, củng cố, tăng cường cục diện đối ngoại thuận lợi",
        "hoạt động ngoại giao phải góp phần thúc đẩy lực lượng sản xuất mới",
        "hoàn thành việc tiếp nhận chức năng, nhiệm vụ từ Ban Đối ngoại Trung ương",
        "xây dựng và thực hiện đề án cơ cấu lại",
    ])
    assert all("\n" not in item["text"] for item in result["items"])
    assert_sentences_start(result["unenumerated_directives"], [
        "Để góp phần thực hiện các mục tiêu năm 2025 của cả nước",
    ])
    text = everything(result)
    for boilerplate in (".jpg", "Ảnh: VIẾT CHUNG", "Tin cùng chuyên mục"):
        assert boilerplate not in text


# ------------------------------------------------------------------------------------------
# Hand-written texts, one per enumeration style
# ------------------------------------------------------------------------------------------


def test_thu_nhat_with_dash_and_plus_bullets_nested() -> None:
    result = fixture("thu_nhat_nested.txt")
    assert result["title"] == (
        "Thứ trưởng Ngoại giao giao nhiệm vụ cho Cục Lãnh sự về công tác bảo hộ công dân")
    assert result["issued_by"] == "Thứ trưởng Trần Thị Minh An"
    assert result["issued_on"] == "2024-03-14"
    assert result["addressees"] == ["Cục Lãnh sự"]
    assert shape(result["items"]) == [
        ("Thứ nhất", "task", [
            ("-", "task", []),
            ("-", "task", [("+", "task", []), ("+", "task", [])]),
        ]),
        ("Thứ hai", "task", []),
        ("Thứ ba", "task", []),
    ]
    assert [item["text"] for item in flat(result["items"])] == [
        "rà soát toàn bộ quy trình tiếp nhận và xử lý vụ việc bảo hộ công dân, trong đó:",
        "cập nhật danh bạ đường dây nóng của các cơ quan đại diện",
        "xây dựng mẫu báo cáo nhanh, gồm:",
        "thông tin về công dân gặp nạn",
        "các biện pháp đã triển khai.",
        "Cục Lãnh sự cần phối hợp chặt chẽ với các cơ quan đại diện Việt Nam ở nước ngoài trong "
        "các vụ việc phức tạp.\nViệc phối hợp phải bảo đảm thông tin thông suốt 24/7.",
        "báo cáo Lãnh đạo Bộ kết quả thực hiện trước ngày 30/6/2024.",
    ]
    assert result["unenumerated_directives"] == [
        "Phát biểu chỉ đạo tại cuộc họp, Thứ trưởng Trần Thị Minh An yêu cầu Cục Lãnh sự tập "
        "trung thực hiện ba nhiệm vụ sau.",
    ]


def test_mot_la_solutions_and_numbers_inside_sentences() -> None:
    result = fixture("mot_la.txt")
    assert result["title"] is None
    assert result["issued_by"] == "Đại sứ Lê Văn Bình"
    assert result["issued_on"] == "2024-10-09"
    assert result["addressees"] == ["các bộ phận của Đại sứ quán"]
    assert shape(result["items"]) == [
        ("Một là", "solution", []), ("Hai là", "solution", []),
        ("Ba là", "solution", []), ("Bốn là", "solution", []),
    ]
    assert [item["text"] for item in result["items"]] == [
        "số hóa toàn bộ hồ sơ hộ chiếu tiếp nhận từ năm 2023.",
        "bố trí thêm cán bộ tiếp dân vào các ngày cao điểm, bảo đảm không để hơn 1.000 công dân "
        "phải chờ quá một tuần.",
        "công khai quy trình, thời hạn và lệ phí trên trang thông tin điện tử của Đại sứ quán.",
        "định kỳ lấy ý kiến đánh giá của người dân.",
    ]
    assert result["unenumerated_directives"] == [
        "Đại sứ yêu cầu các bộ phận của Đại sứ quán khẩn trương triển khai và báo cáo kết quả "
        "trước ngày 31/12.",
    ]


def test_legal_outline_roman_arabic_letters_and_dashes() -> None:
    result = fixture("legal_outline.txt")
    # Letterhead lines ("BỘ NGOẠI GIAO", "THÔNG BÁO", "Số: ...") are not the title.
    assert result["title"] == "Kết luận của Bộ trưởng tại cuộc họp về cải cách thủ tục hành chính"
    assert result["issued_by"] == "Bộ trưởng Ngoại giao"
    # The notice's own date, not the meeting of 12/3 it reports: the README's labelling rule
    # (an official text's date is its publication date), as the real conclusion notices of the
    # corpus are labelled (tb-114-vpcp-2022-covid, tb-31-vpcp-1999-ngo-xuan-loc).
    assert result["issued_on"] == "2024-03-15"
    assert result["addressees"] == [
        "Cục Lãnh sự", "các cơ quan đại diện Việt Nam ở nước ngoài", "Văn phòng Bộ",
    ]
    letters = [("a)", "task", []), ("b)", "task", [("-", "task", []), ("-", "task", [])]),
               ("c)", "task", []), ("d)", "task", []), ("đ)", "task", [])]
    # "I. ĐÁNH GIÁ CHUNG" reports what was done: a section heading that holds no task.
    assert shape(result["items"]) == [
        ("II.", "other", [("1.", "task", letters), ("2.", "task", []), ("3.", "task", [])]),
    ]
    assert [item["text"] for item in flat(result["items"])] == [
        "NHIỆM VỤ TRỌNG TÂM",
        "Giao Cục Lãnh sự chủ trì, phối hợp với các đơn vị liên quan:",
        "Rà soát, đơn giản hóa thủ tục cấp hộ chiếu",
        "Hoàn thiện dịch vụ công trực tuyến toàn trình, trong đó:",
        "kết nối với Cổng Dịch vụ công quốc gia",
        "thanh toán lệ phí trực tuyến",
        "Báo cáo kết quả trước ngày 30/6/2024",
        "Công khai kết quả đánh giá hằng quý",
        "Tổng hợp kiến nghị của người dân.",
        "Các cơ quan đại diện Việt Nam ở nước ngoài khẩn trương niêm yết công khai thủ tục hành "
        "chính.",
        "Văn phòng Bộ theo dõi, đôn đốc việc thực hiện.",
    ]
    assert result["unenumerated_directives"] == []
    assert "Độc lập" not in everything(result)


def test_numbered_with_parentheses() -> None:
    result = fixture("numbered_parens.txt")
    assert result["issued_by"] == "Tổng Lãnh sự Phan Thị Thu"
    assert result["issued_on"] is None
    assert result["addressees"] == ["các phòng của Tổng Lãnh sự quán"]
    # "(1)" after "3)" is a new list, introduced by its own line ending in ":".
    assert shape(result["items"]) == [
        ("1)", "task", []), ("2)", "task", []), ("3)", "task", []),
        ("(1)", "solution", []), ("(2)", "solution", []),
    ]
    assert [item["text"] for item in result["items"]] == [
        "Rà soát danh sách công dân đang gặp khó khăn",
        "Lập đường dây nóng bảo hộ công dân",
        "Báo cáo Tổng Lãnh sự trước 17h hằng ngày.",
        "Tăng cường kết nối với cộng đồng người Việt",
        "Tổ chức tập huấn kỹ năng cho cán bộ.",
    ]
    # "... chỉ đạo các phòng ... thực hiện các việc sau:" only introduces the list: its items are
    # the tasks, the introducer is no prose directive (convention of 2026-12-03).
    assert result["unenumerated_directives"] == []


def test_inline_chains_are_cut_into_items() -> None:
    result = fixture("inline_chain.txt")
    assert result["title"] is None
    assert result["issued_by"] == "Phó Thủ tướng Hoàng Văn Tâm"
    assert result["issued_on"] == "2024-07-05"
    assert result["addressees"] == ["Bộ Ngoại giao"]
    assert shape(result["items"]) == [
        ("Thứ nhất", "task", []), ("thứ hai", "task", []), ("thứ ba", "task", []),
        ("(1)", "task", []), ("(2)", "task", []),
    ]
    assert [item["text"] for item in result["items"]] == [
        "hoàn thiện quy trình phối hợp liên ngành",
        "bảo đảm nguồn lực cho Quỹ bảo hộ công dân",
        "đẩy mạnh tuyên truyền, cảnh báo cho công dân ra nước ngoài.",
        "chủ động nắm tình hình công dân tại địa bàn",
        "báo cáo kịp thời các vụ việc phát sinh.",
    ]
    # The introducer "... ba nhiệm vụ sau:" is answered by its items (convention of 2026-12-03).
    assert result["unenumerated_directives"] == []


def test_inline_letters_nest_under_a_numbered_paragraph() -> None:
    text = ("Bộ trưởng kết luận như sau:\n"
            "1. Giao Cục Lãnh sự: a) rà soát quy trình; b) báo cáo kết quả.\n"
            "2. Các đơn vị còn lại tiếp tục thực hiện theo kế hoạch; một là, tiết kiệm; "
            "hai là, minh bạch.\n")
    result = extract_directive(text)
    assert shape(result["items"]) == [
        ("1.", "other", [("a)", "other", []), ("b)", "other", [])]),
        ("2.", "other", [("một là", "other", []), ("hai là", "other", [])]),
    ]
    assert [item["text"] for item in flat(result["items"])] == [
        "Giao Cục Lãnh sự:", "rà soát quy trình", "báo cáo kết quả.",
        "Các đơn vị còn lại tiếp tục thực hiện theo kế hoạch", "tiết kiệm", "minh bạch.",
    ]


def test_text_without_enumeration_keeps_directive_sentences() -> None:
    result = fixture("no_enumeration.txt")
    assert result["title"] == "Tăng cường bảo hộ công dân dịp cao điểm du lịch hè"
    assert result["issued_by"] == "Thứ trưởng Ngoại giao Vũ Đức Minh"
    assert result["issued_on"] == "2025-06-02"
    assert result["addressees"] == [
        "Cục Lãnh sự", "các cơ quan đại diện Việt Nam ở nước ngoài", "Vụ Thông tin Báo chí",
    ]
    assert result["items"] == []
    assert result["unenumerated_directives"] == [
        "Thứ trưởng yêu cầu Cục Lãnh sự chủ động xây dựng kịch bản ứng phó với các tình huống "
        "khẩn cấp.",
        "Các cơ quan đại diện Việt Nam ở nước ngoài cần thường xuyên cập nhật khuyến cáo đi lại "
        "cho công dân.",
        "Đồng thời, Thứ trưởng đề nghị Vụ Thông tin Báo chí phối hợp đăng tải thông tin cảnh báo "
        "trên các nền tảng số.",
        "Bên cạnh đó, tăng cường trực đường dây nóng bảo hộ công dân 24/7.",
    ]


def test_telegram_recipients_are_addressees_not_items() -> None:
    result = fixture("telegram.txt")
    assert result["title"] == "Về việc bảo hộ công dân Việt Nam tại khu vực Trung Đông"
    assert result["issued_by"] == "Bộ trưởng Bộ Ngoại giao"  # the sender line, "... điện:"
    assert result["issued_on"] == "2024-04-14"  # the document's own date line
    assert result["addressees"] == [
        "các Đại sứ quán, Tổng Lãnh sự quán Việt Nam tại khu vực Trung Đông",
        "Cục Lãnh sự",
        "các cơ quan đại diện Việt Nam tại khu vực",
        "Vụ Thông tin Báo chí",
    ]
    # "Bộ trưởng yêu cầu:" names no kind: the items are "other"
    assert shape(result["items"]) == [("1.", "other", []), ("2.", "other", []),
                                      ("3.", "other", [])]
    assert_texts_start(result["items"], [
        "Các cơ quan đại diện Việt Nam tại khu vực theo dõi sát tình hình",
        "Cục Lãnh sự chủ trì, phối hợp với các đơn vị liên quan",
        "Vụ Thông tin Báo chí kịp thời thông tin cho công dân",
    ])
    assert result["unenumerated_directives"] == []


def test_html_article_without_site_boilerplate() -> None:
    result = fixture("article.html")
    assert result["title"] == "Bộ trưởng giao 3 nhiệm vụ cho Tổng Lãnh sự quán"
    assert result["issued_by"] == "Bộ trưởng Ngô Thanh Hà"
    assert result["issued_on"] == "2024-09-20"
    assert result["addressees"] == ["Tổng Lãnh sự quán"]
    assert shape(result["items"]) == [
        ("Thứ nhất", "task", []),
        ("Thứ hai", "task", [("-", "task", []), ("-", "task", [])]),
        ("Thứ ba", "task", []),
    ]
    assert [item["text"] for item in flat(result["items"])] == [
        "Tổng Lãnh sự quán cần nắm chắc tình hình cộng đồng người Việt tại địa bàn.",
        "đẩy mạnh ngoại giao kinh tế, trong đó:",
        "kết nối doanh nghiệp hai nước",
        "quảng bá nông sản Việt Nam.",
        "làm tốt công tác bảo hộ công dân.",
    ]
    assert result["unenumerated_directives"] == [
        "Phát biểu chỉ đạo, Bộ trưởng Ngô Thanh Hà giao Tổng Lãnh sự quán 3 nhiệm vụ trọng tâm.",
    ]
    text = everything(result)
    for boilerplate in ("Trang chủ", "Đăng nhập", "Tin cùng chuyên mục", "giải ngân",
                        "Liên hệ quảng cáo", "Lên đầu trang", "Chia sẻ", ".jpg", "Ảnh:",
                        "Đánh giá bài viết", "Giấy phép"):
        assert boilerplate not in text


def test_html_is_recognised_without_the_flag() -> None:
    html = ("<p>Thủ tướng yêu cầu các bộ, ngành thực hiện các nhiệm vụ sau:</p>"
            "<p>Thứ nhất, rà soát thủ tục.</p><p>Thứ hai, báo cáo kết quả.</p>")
    result = extract_directive(html)
    assert shape(result["items"]) == [("Thứ nhất", "task", []), ("Thứ hai", "task", [])]
    assert "<p>" not in everything(result)
    assert extract_directive(html, is_html=True) == result


# ------------------------------------------------------------------------------------------
# Edge cases and rules
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text(text: str) -> None:
    assert extract_directive(text) == {
        "title": None, "reference": None, "issued_by": None, "issued_on": None, "addressees": [], "items": [],
        "unenumerated_directives": [],
    }


def test_a_lone_thu_nhat_is_a_one_item_list() -> None:
    """Decision: the author meant to enumerate; losing a task is worse than a list of one."""
    result = extract_directive(
        "Bộ trưởng yêu cầu Cục Lãnh sự thực hiện các nhiệm vụ sau.\n\n"
        "Thứ nhất, hoàn thành số hóa hồ sơ trước năm 2025.\n\n"
        "Các đơn vị tiếp tục thực hiện theo kế hoạch.")
    assert shape(result["items"]) == [("Thứ nhất", "task", [])]
    assert result["items"][0]["text"] == "hoàn thành số hóa hồ sơ trước năm 2025."
    # After the last item, a paragraph without a continuation cue is outside the list.
    assert result["unenumerated_directives"] == [
        "Bộ trưởng yêu cầu Cục Lãnh sự thực hiện các nhiệm vụ sau.",
        "Các đơn vị tiếp tục thực hiện theo kế hoạch.",
    ]


def test_last_item_keeps_only_continuation_paragraphs() -> None:
    result = extract_directive(
        "Bộ trưởng giao hai nhiệm vụ:\n\nMột là, rà soát quy chế.\n\nHai là, số hóa hồ sơ.\n\n"
        "Trong đó, ưu tiên hồ sơ hộ chiếu.\n\nBộ trưởng chúc các đại biểu sức khỏe.")
    assert [item["text"] for item in result["items"]] == [
        "rà soát quy chế.", "số hóa hồ sơ.\nTrong đó, ưu tiên hồ sơ hộ chiếu.",
    ]


def test_an_ordinal_continuing_no_list_is_prose() -> None:
    result = extract_directive("Thứ ba, các đơn vị cần báo cáo kết quả.")
    assert result["items"] == []
    assert result["unenumerated_directives"] == ["Thứ ba, các đơn vị cần báo cáo kết quả."]


def test_numbers_weekdays_and_ordinals_inside_sentences_are_not_markers() -> None:
    result = extract_directive(
        "Năm 2023, hơn 1.000 người được bảo hộ.\n\n"
        "1.000 hồ sơ đã được số hóa trong năm 2023.\n\n"
        "2023 là năm bản lề của nhiệm kỳ.\n\n"
        "Thứ hai, ngày 5/2, Bộ trưởng họp lần thứ hai, với 2. 000 đại biểu: thứ hai, không.\n\n"
        "Hội nghị Ngoại giao lần thứ 32 diễn ra tại Hà Nội.")
    assert result["items"] == []


def test_vietnamese_letter_order_d_then_đ_and_latin_order_d_then_e() -> None:
    vietnamese = extract_directive("1. Nhiệm vụ:\na) một\nb) hai\nc) ba\nd) bốn\nđ) năm\ne) sáu")
    latin = extract_directive("1. Nhiệm vụ:\na) một\nb) hai\nc) ba\nd) bốn\ne) năm")
    assert [i["marker"] for i in vietnamese["items"][0]["children"]] == [
        "a)", "b)", "c)", "d)", "đ)", "e)"]
    assert [i["marker"] for i in latin["items"][0]["children"]] == ["a)", "b)", "c)", "d)", "e)"]
    assert vietnamese["items"][0]["children"][0]["kind"] == "task"  # "Nhiệm vụ:" introduces them


def test_a_list_starts_at_its_first_ordinal() -> None:
    result = extract_directive("1. Nhiệm vụ:\nc) ba\nd) bốn")
    assert [i["marker"] for i in flat(result["items"])] == ["1."]
    # "c)" continues nothing: ordinary text after the last item, so outside the list
    assert result["items"][0]["text"] == "Nhiệm vụ:"


def test_roman_numerals_and_bullet_characters() -> None:
    result = extract_directive("I. Kết quả\nII. Nhiệm vụ\n• rà soát\n• báo cáo\nIII. Kiến nghị")
    assert shape(result["items"]) == [  # "I. Kết quả" heads results: no task (outline.py)
        ("II.", "other", [("•", "task", []), ("•", "task", [])]),
        ("III.", "other", []),
    ]


def test_decomposed_unicode_is_normalised() -> None:
    text = (FIXTURES / "thu_nhat_nested.txt").read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert extract_directive(decomposed) == extract_directive(text)


@pytest.mark.parametrize(("text", "expected"), [
    # published 2 January: "Chiều 31/12" is the day before, in the previous year
    ("02/01/2024 08:00\nChiều 31/12, Bộ trưởng chỉ đạo các đơn vị cần trực Tết.", "2023-12-31"),
    # a December meeting plans next year: the year before the latest one mentioned
    ("Sáng 20/12, Bộ trưởng chỉ đạo các đơn vị cần hoàn thành kế hoạch năm 2024 và chuẩn bị "
     "nhiệm vụ năm 2025.", "2024-12-20"),
    # targets do not count
    ("Sáng 3/3, Bộ trưởng yêu cầu các đơn vị cần thực hiện kế hoạch năm 2024, định hướng đến "
     "năm 2030, tầm nhìn 2045.", "2024-03-03"),
    # a year inside the day's own date wins
    ("Ngày 9/10/2024, Bộ trưởng yêu cầu các đơn vị cần báo cáo trước năm 2025.", "2024-10-09"),
    # an official document's own date line
    ("Hà Nội, ngày 15 tháng 3 năm 2024\nBộ Ngoại giao đề nghị các đơn vị rà soát.", "2024-03-15"),
    # a day without any year: unknown
    ("Sáng 3/3, Bộ trưởng chỉ đạo các đơn vị cần rà soát thủ tục.", None),
])
def test_issue_date_rules(text: str, expected: str | None) -> None:
    assert extract_directive(text)["issued_on"] == expected


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Thứ nhất hai là.,;:()-+•\n1a)đIVX2023ÀÁ<p>")),
               max_size=200))
def test_any_text_gives_a_well_formed_proposal(text: str) -> None:
    result = extract_directive(text)
    assert list(result) == KEYS
    for item in flat(result["items"]):
        assert set(item) == {"marker", "kind", "text", "children"}
        assert item["kind"] in {"task", "solution", "lesson", "other"}
        assert item["text"] == item["text"].strip()
