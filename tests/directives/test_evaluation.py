"""Scoring of the directive extractor against labels (pure functions, no database)."""

from __future__ import annotations

from chancery.directives.evaluation import (
    CorpusEntry,
    Counts,
    evaluate,
    first_words,
    normalise_marker,
    score_file,
)

LABEL = {
    "genre": "vpcp_letter",
    "issuer": "Thủ tướng Chính phủ",
    "issuer_also": ["Thủ tướng Phạm Minh Chính"],
    "date": "2025-06-30",
    "items": [
        {"marker": "1.", "start": "Bộ Ngoại giao chủ trì, phối hợp", "children": [
            {"marker": "a)", "start": "Rà soát các hiệp định", "children": []},
        ]},
        {"marker": "2.", "start": "Giao Bộ Tài chính bố trí kinh phí", "children": []},
    ],
    "prose": ["Yêu cầu các bộ, ngành khẩn trương"],
}


def _prediction(**changes) -> dict:
    prediction = {
        "issued_by": "Thủ tướng Chính phủ",
        "issued_on": "2025-06-30",
        "items": [
            {"marker": "1.", "kind": "task",
             "text": "Bộ Ngoại giao chủ trì, phối hợp với các bộ liên quan.",
             "children": [{"marker": "a)", "kind": "task",
                           "text": "Rà soát các hiệp định đã ký.", "children": []}]},
            {"marker": "2.", "kind": "task",
             "text": "Giao Bộ Tài chính bố trí kinh phí năm 2026.", "children": []},
        ],
        "unenumerated_directives": ["Yêu cầu các bộ, ngành khẩn trương báo cáo trước 15/7."],
    }
    prediction.update(changes)
    return prediction


def test_perfect_prediction_scores_one_everywhere():
    score = score_file(LABEL, _prediction())
    assert (score.items.precision, score.items.recall, score.items.f1) == (1.0, 1.0, 1.0)
    assert (score.prose.precision, score.prose.recall, score.prose.f1) == (1.0, 1.0, 1.0)
    assert score.issuer_ok and score.date_ok
    assert score.score == 1.0


def test_a_missing_item_lowers_recall_only():
    prediction = _prediction()
    prediction["items"][0]["children"] = []
    score = score_file(LABEL, prediction)
    assert score.items.precision == 1.0
    assert score.items.recall == 2 / 3
    assert (score.items.tp, score.items.fp, score.items.fn) == (2, 0, 1)


def test_an_extra_item_lowers_precision_only():
    prediction = _prediction()
    prediction["items"].append({"marker": "3.", "kind": "other",
                                "text": "Nơi nhận: như trên", "children": []})
    score = score_file(LABEL, prediction)
    assert score.items.recall == 1.0
    assert score.items.precision == 3 / 4


def test_marker_and_first_words_must_both_agree():
    prediction = _prediction()
    prediction["items"][1]["marker"] = "II."
    prediction["unenumerated_directives"] = ["Các bộ, ngành khẩn trương báo cáo."]
    score = score_file(LABEL, prediction)
    assert (score.items.tp, score.items.fp, score.items.fn) == (2, 1, 1)
    assert (score.prose.tp, score.prose.fp, score.prose.fn) == (0, 1, 1)


def test_markers_and_words_are_folded():
    assert normalise_marker("1 .") == normalise_marker("1.") == normalise_marker("1)") == "1"
    assert normalise_marker("2 -") == normalise_marker("2-") == "2"
    assert normalise_marker("Thứ  nhất,") == "thứ nhất"
    assert normalise_marker("-") == "-"
    assert first_words("  Bộ NGOẠI  giao,\nchủ trì; phối hợp với") == (
        "bộ", "ngoại", "giao", "chủ", "trì")


def test_empty_labels_and_empty_predictions_score_one():
    label = {"genre": "not_directive", "issuer": None, "date": None, "items": [], "prose": []}
    empty = {"issued_by": None, "issued_on": None, "items": [],
             "unenumerated_directives": []}
    score = score_file(label, empty)
    assert score.items.f1 == score.prose.f1 == 1.0
    assert score.issuer_ok and score.date_ok


def test_items_predicted_for_a_text_without_any_are_false_positives():
    label = {"genre": "not_directive", "issuer": None, "date": None, "items": [], "prose": []}
    score = score_file(label, _prediction())
    assert (score.items.tp, score.items.fp, score.items.fn) == (0, 3, 0)
    assert score.items.precision == 0.0 and score.items.recall == 1.0
    assert not score.issuer_ok


def test_empty_prediction_against_labels_has_zero_recall():
    empty = {"issued_by": None, "issued_on": None, "items": [],
             "unenumerated_directives": []}
    score = score_file(LABEL, empty)
    assert score.items.recall == 0.0 and score.items.precision == 1.0
    assert score.items.f1 == 0.0
    assert not score.issuer_ok and not score.date_ok


def test_issuer_equal_containing_or_contained_after_folding():
    for name in ["thủ tướng  chính phủ", "Thủ tướng", "Thủ tướng Chính phủ Phạm Minh Chính",
                 "THỦ TƯỚNG PHẠM MINH CHÍNH"]:
        assert score_file(LABEL, _prediction(issued_by=name)).issuer_ok, name
    for name in ["Bộ Ngoại giao", "Phó Thủ tướng Trần Hồng Hà", None]:
        assert not score_file(LABEL, _prediction(issued_by=name)).issuer_ok, name


def test_date_must_be_equal():
    assert not score_file(LABEL, _prediction(issued_on="2025-06-29")).date_ok
    assert not score_file(LABEL, _prediction(issued_on=None)).date_ok


def test_counts_are_micro_averaged_and_report_ranks_worst_first(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("x", encoding="utf-8")
    good = CorpusEntry("good", "vpcp_letter", "test", text, LABEL)
    bad = CorpusEntry("bad", "news", "test", text, {**LABEL, "genre": "news"})
    answers = {"good": _prediction(), "bad": _prediction(items=[], issued_by=None)}
    order = iter(["good", "bad"])
    report = evaluate([good, bad], extract=lambda _text: answers[next(order)])
    assert report.overall.files == 2
    assert report.overall.items.tp == 3 and report.overall.items.fn == 3
    assert report.overall.items.recall == 0.5
    assert report.overall.issuer_accuracy == 0.5
    assert [score.slug for score in report.worst(2)] == ["bad", "good"]
    assert set(report.genres) == {"vpcp_letter", "news"}
    assert report.as_dict()["worst"][0]["slug"] == "bad"


def test_counts_add_up():
    total = Counts(1, 2, 3)
    total += Counts(4, 5, 6)
    assert (total.tp, total.fp, total.fn) == (5, 7, 9)
