"""The demo imports the seed articles as directives with tasks in several states, once."""

from __future__ import annotations

from collections import Counter

import pytest

from chancery.demo.directives import seed_directives_demo, seeds_dir
from chancery.demo.seed import create_units_and_staff
from chancery.directives.models import Directive, Task
from chancery.directives.rules import TaskStatus

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(not seeds_dir().is_dir(), reason="seeds folder not present")
def test_demo_imports_the_five_seeds_once_with_tasks_in_several_states():
    create_units_and_staff()
    assert seed_directives_demo() == 5
    assert seed_directives_demo() == 0
    assert Directive.objects.count() == 5
    statuses = Counter(t.status() for t in Task.objects.all())
    assert set(statuses) == set(TaskStatus)
    assert Task.objects.filter(pending_request=Task.Request.COMPLETION).exists()
    assert Task.objects.filter(recurrence="monthly").exists()
    leads = {t.lead_unit.code for t in Task.objects.select_related("lead_unit")}
    assert leads >= {"EMB-FR", "EMB-JP", "CG-SF"}


def test_demo_skips_quietly_without_seeds_or_units(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANCERY_SEEDS_DIR", str(tmp_path / "missing"))
    assert seed_directives_demo() == 0
    monkeypatch.setenv("CHANCERY_SEEDS_DIR", str(tmp_path))
    assert seed_directives_demo() == 0  # no demo units yet
