"""Giving stored documents to the people allowed to read them.

Local files are streamed by the view that checked the permission. On S3-compatible storage the
view answers with a redirect to a short-lived signed URL (settings: querystring_expire, 300 s):
the object itself is private, so the URL without its signature is refused by the store.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def random_name(folder: str, filename: str) -> str:
    """A storage key that says nothing about the applicant or the file: folder/YYYY/MM/<random>.ext."""
    from django.utils import timezone

    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def signs_urls(storage: object) -> bool:
    """Whether this storage hands out signed, expiring URLs (django-storages' S3Storage)."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # pragma: no cover - django-storages is a dependency
        return False
    return isinstance(storage, S3Storage) and bool(getattr(storage, "querystring_auth", False))


def download_response(file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The response for a download the caller already authorised (and audited)."""
    if signs_urls(file.storage):
        url = file.storage.url(file.name, parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        })
        response: HttpResponse = HttpResponseRedirect(url)
        # The signed address is a credential for a few minutes: keep it out of caches.
        response["Cache-Control"] = "no-store"
        return response
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
