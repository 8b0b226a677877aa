"""Checking uploaded documents by what they contain, not by what they are called."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from chancery.core.downloads import TYPES

# Catalogue type name -> (MIME type detected from the content, file suffix we store and serve).
KINDS = {
    name: (mime, TYPES[mime])
    for name, mime in (("pdf", "application/pdf"), ("jpeg", "image/jpeg"), ("png", "image/png"))
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
