from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits from the authenticator app (spaces and dashes are ignored)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
            "pattern": r"[0-9 \-]*", "size": 8,
        }),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if ch not in " -")
        if not code.isdigit() or len(code) not in (6, 8):
            raise forms.ValidationError(_("Enter the 6 digits your app shows."))
        return code
