"""When a question or a required document applies: the catalogue's `show_if` rules.

A rule is one of
  {"field": NAME, "equals": VALUE}       the answer to NAME is VALUE
  {"field": NAME, "in": [VALUE, ...]}    the answer to NAME is one of the values
  {"age_from": NAME, "under": N}         the person born on the date NAME is not yet N years old
  {"age_from": NAME, "at_least": N}      ... is N years old or more

An answer that is missing, or belongs to a question that does not apply itself, satisfies no rule:
the dependent question stays hidden until the answer it depends on is given. The catalogue loader
checks that NAME is an earlier field of a fitting type (procedures/schema.py), so rules never
form a cycle and one pass in the form's order settles every question.

Ages are counted in completed years, as the Civil Code counts them (Art. 147-148: a period in
years ends on the same day of the last year): a person born on 29 February turns a year older on
1 March in a common year. The same rule runs in the browser (static/chancery/conditions.js) only
to show and hide questions as one types; the server decides what is required and what is kept.

This module is pure: the application form, the API (through the same form), the templates and
the tests call it with the answers and today's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any


def age_on(born: date, today: date) -> int:
    """Completed years of a person born on `born`, on the day `today`."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def applies(rule: Mapping[str, Any] | None, answers: Mapping[str, Any], *, today: date) -> bool:
    """Whether a question or document with this `show_if` rule applies, given the answers (by
    field name; dates as `date` or ISO text) of the questions that apply."""
    if not rule:
        return True
    if "age_from" in rule:
        born = _as_date(answers.get(rule["age_from"]))
        if born is None or born > today:
            return False
        age = age_on(born, today)
        if "under" in rule:
            return age < rule["under"]
        return age >= rule["at_least"]
    answer = answers.get(rule["field"])
    if answer in (None, ""):
        return False
    if "equals" in rule:
        return str(answer) == str(rule["equals"])
    return str(answer) in {str(v) for v in rule["in"]}


def depends_on(rule: Mapping[str, Any] | None) -> str | None:
    """The field a rule reads, if any."""
    if not rule:
        return None
    return rule.get("age_from") or rule.get("field")


def visible_fields(
    fields: Iterable[Mapping[str, Any]], answers: Mapping[str, Any], *, today: date
) -> set[str]:
    """The names of the form fields that apply, in one pass in the form's order: a field whose
    rule reads a field that does not apply does not apply either."""
    shown: set[str] = set()
    for spec in fields:
        seen = {name: value for name, value in answers.items() if name in shown}
        if applies(spec.get("show_if"), seen, today=today):
            shown.add(spec["name"])
    return shown


def visible_documents(
    documents: Iterable[Mapping[str, Any]], answers: Mapping[str, Any], shown_fields: set[str],
    *, today: date,
) -> set[str]:
    """The codes of the required documents that apply."""
    seen = {name: value for name, value in answers.items() if name in shown_fields}
    return {doc["code"] for doc in documents if applies(doc.get("show_if"), seen, today=today)}
