"""Giving stored documents to the people allowed to read them.

Local files are streamed by the view that checked the permission. On S3-compatible storage the
view answers with a redirect to a short-lived signed URL (settings: querystring_expire, 300 s):
the object itself is private, so the URL without its signature is refused by the store. The
responses themselves are made by chancery.core.downloads.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath


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

