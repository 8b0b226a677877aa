"""Driving the public pages the way a browser does: cookies, CSRF tokens, form data, files."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES

CONTENT = {"pdf": PDF_BYTES, "jpeg": JPEG_BYTES, "png": PNG_BYTES}
SUFFIX = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


class Browser(Client):
    """A test client that enforces CSRF like production and posts the token like our forms do.

    It reads English unless told otherwise, so messages can be compared word for word;
    `language=None` leaves the site's default (Vietnamese)."""

    def __init__(self, language: str | None = "en", **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **defaults)
        if language:
            self.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def csrf_token(self) -> str:
        if settings.CSRF_COOKIE_NAME not in self.cookies:
            self.get(reverse("portal:status_lookup"))  # any page with a form sets the cookie
        return self.cookies[settings.CSRF_COOKIE_NAME].value

    def post(self, path: str, data: dict | None = None, **kwargs: Any):
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf_token()}
        return super().post(path, data, **kwargs)


def answers_for(version) -> dict[str, str]:
    """A plausible value for every form field of a procedure, as the browser would post it."""
    samples = {
        "text": "NGUYEN VAN AN", "long_text": "12 rue de la Paix\n75002 Paris",
        "date": "1990-05-17", "country": "FR", "email": "an@example.org",
        "phone": "+33 6 12 34 56 78", "number": "2",
    }
    data = {}
    for spec in version.form_fields:
        if spec["type"] == "choice":
            data[f"f_{spec['name']}"] = spec["choices"][0]["value"]
        else:
            data[f"f_{spec['name']}"] = samples[spec["type"]]
    return data


def document_files(
    version, *, only_required: bool = True, conditional: bool = False
) -> dict[str, SimpleUploadedFile]:
    """One valid file for each document of a procedure, in the first type it accepts; documents
    asked only in some cases (`show_if`) only with `conditional=True`."""
    files = {}
    for doc in version.documents:
        if only_required and not doc["required"]:
            continue
        if doc.get("show_if") and not conditional:
            continue
        kind = doc["accepted_types"][0]
        files[f"doc_{doc['code']}"] = SimpleUploadedFile(
            f"{doc['code']}.{SUFFIX[kind]}", CONTENT[kind]
        )
    return files


def required_documents(version) -> set[str]:
    """The documents every applicant must send (required, whatever the answers)."""
    return {d["code"] for d in version.documents if d["required"] and not d.get("show_if")}


def applying(version, name: str) -> dict[str, Any]:
    """Form data under which the field or document `name` applies (its `show_if` holds): the
    answer it depends on, and a file for each document asked only in some cases."""
    spec = next((s for s in version.form_fields if s["name"] == name), None) or version.document(name)
    rule = (spec or {}).get("show_if")
    if not rule:
        return {}
    if "age_from" in rule:
        limit = rule.get("under", rule.get("at_least"))
        years = limit - 1 if "under" in rule else limit
        source, value = rule["age_from"], date(timezone.localdate().year - years, 1, 1).isoformat()
    else:
        source, value = rule["field"], rule.get("equals") or rule["in"][0]
    return {f"f_{source}": value, **document_files(version, only_required=False, conditional=True)}


def application_data(version, unit, **overrides: Any) -> dict[str, Any]:
    data = {
        "unit": str(unit.pk), "applicant_name": "Nguyễn Văn An",
        "applicant_email": "an@example.org", "applicant_phone": "+33 6 12 34 56 78",
        "consent": "on", **answers_for(version), **document_files(version), "save": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply_url(code: str = "passport-issuance") -> str:
    return reverse("portal:apply", args=[code])


def without_files(data: dict[str, Any]) -> dict[str, Any]:
    """The same form data with no file chosen."""
    return {k: v for k, v in data.items() if not k.startswith("doc_")}


def text_of(page, element_id: str) -> str:
    """The text of the element with this id on an HTML page (a response or its text)."""
    html = page if isinstance(page, str) else page.content.decode()
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no element #{element_id} on the page"
    return match.group(1).strip()


def confirm(browser: Browser, response, **kwargs: Any):
    """From the form's redirect, read the check-your-answers page and confirm there, as a person
    does; returns the confirmation's response (`follow=True` to land on the receipt)."""
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response.status_code
    )
    check_url = response["Location"]
    check = browser.get(check_url)
    assert check.status_code == 200, check.status_code
    match = re.search(r'name="digest" value="([0-9a-f]+)"', check.content.decode())
    assert match, "no confirmation form on the check page"
    return browser.post(check_url, {"digest": match.group(1), "confirm": "yes"}, **kwargs)


def send_application(browser: Browser, url: str, data: dict[str, Any], **kwargs: Any):
    """Post the application form and, when it is accepted, confirm on the check page. A form
    that comes back with errors is returned as it is."""
    response = browser.post(url, data)
    if response.status_code != 302:
        return response
    return confirm(browser, response, **kwargs)
