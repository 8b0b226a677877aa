"""Uploads, the one way for every app: checked by what they contain, not by what they are called,
and several files in one form field."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import filetype
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from chancery.core.downloads import DOCX, TYPES

# Catalogue type name -> (MIME type detected from the content, file suffix we store and serve).
KINDS = {
    name: (mime, TYPES[mime])
    for name, mime in (("pdf", "application/pdf"), ("jpeg", "image/jpeg"), ("png", "image/png"),
                       ("docx", DOCX))
}


class UploadRejected(ValueError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    suffix: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile, accepted: list[str], max_size_mb: int) -> CheckedUpload:
    limit = max_size_mb * 1024 * 1024
    if upload.size is None or upload.size == 0:
        raise UploadRejected(_("The file is empty."))
    if upload.size > limit:
        raise UploadRejected(
            _("The file is %(size).1f MB; the limit for this document is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": max_size_mb}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    detected = kind.mime if kind else None
    for name in accepted:
        mime, suffix = KINDS[name]
        if detected == mime:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            return CheckedUpload(mime, suffix, upload.size, digest.hexdigest())
    allowed = ", ".join(n.upper() for n in accepted)
    raise UploadRejected(
        _("This file is not a %(allowed)s file (whatever its name says). Please upload a %(allowed)s.")
        % {"allowed": allowed}
    )


def check_each(uploads: list[Any], accepted: list[str], max_size_mb: int) -> list[tuple[Any, CheckedUpload]]:
    """Check every file of a form field; the first refused one is the field's error, named."""
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload, accepted, max_size_mb)))
        except UploadRejected as exc:
            raise forms.ValidationError(f"{upload.name}: {exc}") from exc
    return checked


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as Django's documentation shows; `required` still applies."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            if data:
                return [single(item, initial) for item in data]
            data = None  # no file chosen: "required" must still apply
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []
