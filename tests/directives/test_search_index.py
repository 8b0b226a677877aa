"""Directives are found by the one search, with or without Vietnamese diacritics."""

from datetime import date

from chancery.directives.services import TaskSpec, create_directive
from chancery.search.engine import search


def test_a_directive_is_found_without_diacritics(org):
    directive = create_directive(
        actor=org.leader, issuing_unit=org.cd, title="Chỉ đạo về công tác bảo hộ công dân",
        issued_by="Bộ trưởng Ngoại giao",
        source_text="Đẩy mạnh chuyển đổi số tại các cơ quan đại diện.",
        tasks=[TaskSpec(text="Rà soát quy trình tiếp nhận hồ sơ lãnh sự", lead_unit=org.fr,
                        deadline=date(2026, 12, 31))],
    )
    for query in ("chuyen doi so", "BẢO HỘ CÔNG DÂN", "ra soat quy trinh"):
        hits = search(org.officer, query, kind="directive").hits  # EMB-FR leads its task
        assert [hit.entry.key for hit in hits] == [str(directive.pk)], query
        # EMB-JP has no part in it and cannot open it: search does not show it either.
        assert search(org.officer_jp, query, kind="directive").total == 0, query
