"""The head of unit's form for one counter of their office (CounterSchedule): the same checks as
the model's, each message next to its field, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from chancery.appointments import rules
from chancery.appointments.models import CounterSchedule
from chancery.organization.models import Unit
from chancery.procedures.selectors import published_procedures


def visit_procedures(unit: Unit) -> list[tuple[str, str]]:
    """The published procedures this office handles that end with a visit: what a counter serves."""
    return sorted(
        ((p.code, p.current.name) for p in published_procedures()
         if unit.kind in p.current.handled_by and rules.needs_visit(p.current.online_level)),
        key=lambda item: item[1],
    )


class CounterScheduleForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Open on"), coerce=int, choices=sorted(WEEKDAYS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day the counter opens.")},
    )
    procedures = forms.MultipleChoiceField(
        label=_("Procedures served"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every procedure of the office that needs a visit."),
    )
    slot_minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=240,
        error_messages={"min_value": _("A slot lasts between 5 and 240 minutes."),
                        "max_value": _("A slot lasts between 5 and 240 minutes.")},
    )
    capacity = forms.IntegerField(
        label=_("People per slot"), min_value=1, max_value=100,
        error_messages={"min_value": _("At least one person per slot."),
                        "max_value": _("At most 100 people per slot.")},
    )

    class Meta:
        model = CounterSchedule
        fields = ["name", "weekdays", "opens_at", "closes_at", "slot_minutes", "capacity",
                  "procedures", "valid_from", "valid_until", "is_active"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        choices = visit_procedures(unit)
        known = {code for code, _name in choices}
        # A code set earlier (in the admin) that the office no longer handles stays choosable, so
        # saving the form does not drop it silently.
        choices += [(code, code) for code in self.instance.procedures or [] if code not in known]
        self.fields["procedures"].choices = choices
        self.fields["opens_at"].error_messages["required"] = _("Say when the counter opens.")
        self.fields["closes_at"].error_messages["required"] = _("Say when the counter closes.")
