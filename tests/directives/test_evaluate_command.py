"""`chancery directives evaluate DIR` prints the figures of the extractor on a labelled corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chancery.directives.evaluation import GENRES, load_corpus

CORPUS = Path(__file__).resolve().parent / "corpus"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("directives", *args, stdout=out)
    return out.getvalue()


def test_json_report_has_per_genre_and_overall_figures_and_worst_files():
    report = json.loads(_run("evaluate", str(CORPUS), "--split", "test", "--json"))
    held_back = load_corpus(CORPUS, split="test")
    assert report["overall"]["files"] == len(held_back)
    assert set(report["genres"]) <= set(GENRES)
    assert sum(genre["files"] for genre in report["genres"].values()) == len(held_back)
    for figures in [report["overall"], *report["genres"].values()]:
        for part in ("items", "prose"):
            assert set(figures[part]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
            assert 0.0 <= figures[part]["f1"] <= 1.0
        assert 0.0 <= figures["issuer_accuracy"] <= 1.0
        assert 0.0 <= figures["date_accuracy"] <= 1.0
    assert len(report["worst"]) == 5
    scores = [entry["score"] for entry in report["worst"]]
    assert scores == sorted(scores)


def test_text_report_is_a_table_with_an_overall_row():
    text = _run("evaluate", str(CORPUS))
    assert "items P" in text and "overall" in text and "Worst 5 files:" in text
    rows = {line.split()[0]: line for line in text.splitlines() if line and line[0].isalpha()}
    assert int(rows["overall"].split()[1]) == len(load_corpus(CORPUS))


def test_a_folder_without_labels_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No labelled texts"):
        _run("evaluate", str(tmp_path))
    with pytest.raises(CommandError, match="not a folder"):
        _run("evaluate", str(tmp_path / "missing"))
