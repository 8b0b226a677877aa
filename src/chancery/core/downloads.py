"""Every file Chancery gives back (stored documents, attachments, generated PDFs and exports)
goes out through this module, with the same headers:

- the Content-Type of the type detected from the content at upload (never one guessed from the
  uploader's file name), ``application/octet-stream`` for anything not in TYPES;
- a file name made safe (no path, no control or direction-override characters) whose extension
  comes from that type: a PDF that is also HTML, uploaded as ``x.html``, is saved as ``x.pdf``
  and opens in a PDF reader, not in the browser as a page;
- ``Content-Disposition: attachment``; ``inline`` only when asked for a PDF or an image;
- ``X-Content-Type-Options: nosniff`` and ``Cache-Control: private, no-store``.

On S3-compatible storage the same disposition, type and caching are set on the signed URL
(``ResponseContentDisposition``, ``ResponseContentType``, ``ResponseCacheControl``): the object
store answers with them. Local files are streamed by the view that checked the permission.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from chancery.core.ops.storage import signs_urls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# MIME type (as detected) -> the extension a download of it gets.
TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "text/plain": ".txt",
    "text/csv": ".csv",
    XLSX: ".xlsx",
    DOCX: ".docx",
}
UNKNOWN_TYPE = "application/octet-stream"
UNKNOWN_SUFFIX = ".bin"
# The only types a browser may show in its own page (its PDF viewer, an image).
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
NO_STORE = "private, no-store"

_UNSAFE = re.compile(r"[^\w\s().,+-]")  # \w is Unicode: Vietnamese letters stay
_SPACES = re.compile(r"\s+")


def media_type(content_type: str) -> str:
    """The known MIME type (parameters dropped), or application/octet-stream."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return mime if mime in TYPES else UNKNOWN_TYPE


def inline_kind(content_type: str) -> str | None:
    """How a viewer page may show a file of this (stored, detected) type in the browser: "pdf" in
    a frame, "image" as an image, None when it can only be downloaded."""
    mime = media_type(content_type)
    if mime not in INLINE_TYPES:
        return None
    return "pdf" if mime == "application/pdf" else "image"


def content_type_header(content_type: str) -> str:
    mime = media_type(content_type)
    return f"{mime}; charset=utf-8" if mime.startswith("text/") else mime


def download_name(name: str, content_type: str, *, default: str = "document") -> str:
    """The uploader's name without its folder and extension, reduced to letters, digits, spaces
    and ``( ) . , + - _``, at most 100 characters, with the detected type's extension."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = PurePosixPath(base).stem if PurePosixPath(base).suffix else base
    stem = _SPACES.sub(" ", _UNSAFE.sub("_", stem)).strip(" ._-")[:100].strip(" ._-")
    return (stem or default) + TYPES.get(media_type(content_type), UNKNOWN_SUFFIX)


def _disposition(name: str, content_type: str, inline: bool) -> tuple[str, str]:
    mime = media_type(content_type)
    as_attachment = not (inline and mime in INLINE_TYPES)
    return content_disposition_header(as_attachment, download_name(name, mime)), content_type_header(mime)


def _secure(response: HttpResponse, disposition: str) -> HttpResponse:
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)  # Cache-Control: ..., no-store, private
    return response


def file_download(file: FieldFile, *, name: str, content_type: str, inline: bool = False) -> HttpResponse:
    """A stored file, for a caller that has already checked the permission (and audited)."""
    disposition, header = _disposition(name, content_type, inline)
    if signs_urls(file.storage):
        url = file.storage.url(file.name, parameters={
            "ResponseContentDisposition": disposition,
            "ResponseContentType": header,
            "ResponseCacheControl": NO_STORE,
        })
        # The signed address is a credential for a few minutes: keep it out of caches too.
        return _secure(HttpResponseRedirect(url), disposition)
    return _secure(FileResponse(file.open("rb"), content_type=header), disposition)


def content_download(
    body: bytes | str, *, name: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A file made for this request (a notice PDF, an export)."""
    disposition, header = _disposition(name, content_type, inline)
    return _secure(HttpResponse(body, content_type=header), disposition)
