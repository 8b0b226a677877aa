"""`chancery directives extract FILE --json` prints the extractor's proposal.

Runs under pytest-django (the project's settings); skipped when Django is not set up.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from chancery.directives.extraction import extract_directive

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _django_ready() -> bool:
    try:
        from django.apps import apps
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured and apps.ready and apps.is_installed("chancery.directives")


pytestmark = pytest.mark.skipif(
    not _django_ready(), reason="Django settings not configured (run under pytest-django)")


def _run(*args: str) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("directives", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["article.html", "thu_nhat_nested.txt"])
def test_extract_json_matches_the_library(name: str) -> None:
    path = FIXTURES / name
    printed = _run("extract", str(path), "--json")
    assert json.loads(printed) == extract_directive(path.read_text(encoding="utf-8"))
    assert "Thứ nhất" in printed  # ensure_ascii=False: Vietnamese stays readable
    assert '\n  "title"' in printed  # indent=2


def test_extract_outline_without_json() -> None:
    printed = _run("extract", str(FIXTURES / "legal_outline.txt"))
    assert "Issued by:  Bộ trưởng Ngoại giao" in printed
    assert "    1. [task] Giao Cục Lãnh sự chủ trì" in printed


def test_extract_missing_file_is_a_command_error(tmp_path: Path) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        _run("extract", str(tmp_path / "missing.txt"), "--json")
