"""`show_if`: the pure rule (procedures/conditions.py), the loader's checks of it, and, generated
from every catalogue file, what the application form does with each conditional question and
document: shown means required (when the catalogue says so) and stored; hidden means neither."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from chancery.cases.forms import ApplicationForm
from chancery.cases.services import save_application
from chancery.organization.models import Unit
from chancery.procedures.conditions import age_on, applies, visible_fields
from chancery.procedures.selectors import current_version
from chancery.procedures.services import CatalogError, validate_catalog
from tests.factories import make_unit
from tests.portal.helpers import answers_for, document_files
from tests.procedures.test_catalog import variant, write

TODAY = date(2026, 3, 2)

# ---- the rule ------------------------------------------------------------------------------------


def test_age_is_counted_in_completed_years():
    assert age_on(date(2012, 3, 2), TODAY) == 14  # the birthday itself: 14 today
    assert age_on(date(2012, 3, 3), TODAY) == 13  # tomorrow
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17  # 29 February: a year older on 1 March
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY), limit=st.integers(1, 120))
def test_under_and_at_least_split_every_date_of_birth(born, limit):
    answers = {"dob": born}
    under = applies({"age_from": "dob", "under": limit}, answers, today=TODAY)
    at_least = applies({"age_from": "dob", "at_least": limit}, answers, today=TODAY)
    assert under != at_least
    assert under == (age_on(born, TODAY) < limit)
    # ISO text (what a case stores) reads the same as a date
    assert applies({"age_from": "dob", "under": limit}, {"dob": born.isoformat()}, today=TODAY) == under


def test_value_rules_and_missing_answers():
    assert applies({"field": "how", "equals": "post"}, {"how": "post"}, today=TODAY)
    assert not applies({"field": "how", "equals": "post"}, {"how": "in_person"}, today=TODAY)
    assert applies({"field": "why", "in": ["a", "b"]}, {"why": "b"}, today=TODAY)
    assert not applies({"field": "why", "in": ["a", "b"]}, {"why": "c"}, today=TODAY)
    for rule in ({"field": "how", "equals": "post"}, {"age_from": "dob", "under": 14},
                 {"age_from": "dob", "at_least": 18}):
        assert not applies(rule, {}, today=TODAY)  # no answer: the question waits for it
    assert not applies({"age_from": "dob", "under": 14}, {"dob": "not a date"}, today=TODAY)
    assert not applies({"age_from": "dob", "under": 14}, {"dob": date(2027, 1, 1)}, today=TODAY)
    assert applies(None, {}, today=TODAY)


def test_a_question_behind_a_hidden_question_is_hidden_too():
    fields = [
        {"name": "how", "type": "choice"},
        {"name": "country", "type": "country", "show_if": {"field": "how", "equals": "post"}},
        {"name": "zip", "type": "text", "show_if": {"field": "country", "equals": "FR"}},
    ]
    assert visible_fields(fields, {"how": "post", "country": "FR"}, today=TODAY) == {"how", "country", "zip"}
    # The country answer is left over from before; its question no longer applies, so neither does zip.
    assert visible_fields(fields, {"how": "in_person", "country": "FR"}, today=TODAY) == {"how"}


# ---- the loader ----------------------------------------------------------------------------------

DOB = {"name": "dob", "type": "date", "label": {"vi": "Ngày sinh", "en": "Date of birth"}}
GUARDIAN = {"name": "guardian", "type": "text", "label": {"vi": "Người giám hộ", "en": "Guardian"}}


def with_fields(*extra: dict, documents_show_if: dict | None = None) -> dict:
    data = variant()
    data["fields"] += list(extra)
    if documents_show_if:
        data["documents"][0]["show_if"] = documents_show_if
    return data


@pytest.mark.parametrize(("name", "data", "field", "reason"), [
    ("unknown field", with_fields(DOB, {**GUARDIAN, "show_if": {"age_from": "born", "under": 14}}),
     "fields[3].show_if.age_from", "'born' is not a field"),
    ("later field", with_fields({**GUARDIAN, "show_if": {"age_from": "dob", "under": 14}}, DOB),
     "fields[2].show_if.age_from", "must come before"),
    ("itself", with_fields({**DOB, "show_if": {"age_from": "dob", "under": 14}}),
     "fields[2].show_if.age_from", "must come before"),
    ("age from a text", with_fields(DOB, {**GUARDIAN, "show_if": {"age_from": "full_name", "under": 14}}),
     "fields[3].show_if.age_from", "from a date field"),
    ("value of a text", with_fields({**GUARDIAN, "show_if": {"field": "full_name", "equals": "x"}}),
     "fields[2].show_if.field", "choice or country"),
    ("not a choice", with_fields({**GUARDIAN, "show_if": {"field": "sex", "in": ["M", "X"]}}),
     "fields[2].show_if", "'X' is not a choice of 'sex'"),
    ("document, unknown field", with_fields(documents_show_if={"field": "colour", "equals": "red"}),
     "documents[0].show_if.field", "'colour' is not a field"),
    ("two forms at once", with_fields(DOB, {**GUARDIAN, "show_if": {"age_from": "dob", "under": 14,
                                                                   "equals": "x"}}),
     "fields[3].show_if", "exactly one of 'under' or 'at_least'"),
    ("no test", with_fields({**GUARDIAN, "show_if": {"field": "sex"}}),
     "fields[2].show_if", "exactly one of 'equals' or 'in'"),
    ("unknown key", with_fields({**GUARDIAN, "show_if": {"field": "sex", "is": "M"}}),
     "fields[2].show_if.is", "Extra inputs"),
])
def test_a_bad_rule_is_refused_with_file_field_and_reason(tmp_path, name, data, field, reason):
    write(tmp_path, data)
    with pytest.raises(CatalogError) as refused:
        validate_catalog(tmp_path)
    problems = refused.value.problems
    assert any(p.file == "test-procedure.yaml" and p.field == field and reason in p.reason
               for p in problems), (name, [str(p) for p in problems])


def test_a_good_rule_loads(tmp_path):
    write(tmp_path, with_fields(DOB, {**GUARDIAN, "show_if": {"age_from": "dob", "under": 14}},
                                documents_show_if={"field": "sex", "in": ["F"]}))
    (definition,) = validate_catalog(tmp_path)
    assert definition.fields[3].show_if.age_from == "dob"
    dumped = definition.model_dump(mode="json", exclude_none=True)
    assert dumped["documents"][0]["show_if"] == {"field": "sex", "in": ["F"]}


# ---- generated from the catalogue: every conditional question and document ----------------------


def _conditional_items() -> list[tuple[str, str, str]]:
    items = []
    for definition in validate_catalog(settings.CATALOG_DIR):
        items += [(definition.code, "field", f.name) for f in definition.fields if f.show_if]
        items += [(definition.code, "document", d.code) for d in definition.documents if d.show_if]
    return items


CONDITIONAL = _conditional_items()


def test_the_catalogue_uses_both_kinds_of_rule():
    rules = [spec.get("show_if") for code in {c for c, _k, _n in CONDITIONAL}
             for spec in _definition(code)]
    assert any(r and "age_from" in r for r in rules)
    assert any(r and "field" in r for r in rules)
    assert {"passport-issuance", "passport-reissue"} <= {c for c, _k, _n in CONDITIONAL}


def _definition(code: str) -> list[dict]:
    (definition,) = [d for d in validate_catalog(settings.CATALOG_DIR) if d.code == code]
    data = definition.model_dump(mode="json", exclude_none=True)
    return data["fields"] + data["documents"]


def _answer_for(version, rule: dict, shown: bool) -> tuple[str, str]:
    """The controlling field's answer that makes the rule true (shown) or false (hidden)."""
    if "age_from" in rule:
        limit = rule.get("under", rule.get("at_least"))
        young, old = date(TODAY.year - limit + 1, 1, 1), date(TODAY.year - limit, 1, 1)
        want_young = shown == ("under" in rule)
        return rule["age_from"], (young if want_young else old).isoformat()
    source = next(s for s in version.form_fields if s["name"] == rule["field"])
    wanted = [rule["equals"]] if "equals" in rule else rule["in"]
    candidates = [c["value"] for c in source.get("choices", [])] or ["FR", "JP", "VN"]
    others = [v for v in candidates if v not in wanted]
    if not shown and not others:
        pytest.skip("every value of the field shows it")
    return rule["field"], wanted[0] if shown else others[0]


@pytest.mark.parametrize(("code", "kind", "name"), CONDITIONAL, ids=[f"{c}:{n}" for c, _k, n in CONDITIONAL])
@pytest.mark.parametrize("shown", [True, False], ids=["shown", "hidden"])
def test_a_conditional_item_is_required_and_stored_only_when_it_applies(catalog, code, kind, name, shown):
    version = current_version(code)
    unit = make_unit("UNIT-1", kind=version.handled_by[0])
    units = Unit.objects.filter(pk=unit.pk)
    spec = (next(s for s in version.form_fields if s["name"] == name) if kind == "field"
            else version.document(name))
    source, value = _answer_for(version, spec["show_if"], shown)
    answers = {**answers_for(version), f"f_{source}": value}
    base = {"unit": str(unit.pk), "applicant_name": "An", "applicant_email": "an@example.org",
            "consent": "on", **answers}
    files = document_files(version, only_required=False, conditional=True)
    key = f"f_{name}" if kind == "field" else f"doc_{name}"

    # Left empty: an error only when the item applies and the catalogue requires it.
    empty = ApplicationForm({k: v for k, v in base.items() if k != key},
                            {k: v for k, v in files.items() if k != key},
                            version=version, units=units, today=TODAY)
    empty.is_valid()
    assert (key in empty.errors) == (shown and spec.get("required", True)), empty.errors

    # Answered: stored when it applies, dropped when it does not.
    form = ApplicationForm(base, document_files(version, only_required=False, conditional=True),
                           version=version, units=units, today=TODAY)
    assert form.is_valid(), form.errors
    case, _key = save_application(
        version=version, unit=unit, applicant=form.applicant(), answers=form.answers(),
        uploads=dict(form.checked_uploads), submit=True,
    )
    if kind == "field":
        assert (name in case.data) == shown
    else:
        assert case.documents.filter(requirement=name).exists() == shown
