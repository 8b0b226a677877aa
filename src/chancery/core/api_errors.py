"""The one error body of the REST API, for every app's operations: `{"code", "message"}` with a
machine-readable code and a message in the caller's language, plus `errors` (one `{"field",
"message"}` per field) when values were missing or invalid. The API's handlers (api/urls.py)
write it for every `DomainError`; an operation refusing its own input raises `ApiError`."""

from __future__ import annotations

from ninja import Schema

from chancery.core.errors import DomainError


# What every operation answers with on an error status (documented per operation). No docstring:
# it would become the schema's description in the OpenAPI document.
class Error(Schema):
    code: str
    message: str
    errors: list[dict] | None = None


class ApiError(DomainError):
    """An operation's refusal of its input, before any service is called (an unknown office, an
    unreadable field): its own status and code; `errors` lists the fields at fault, if any."""

    def __init__(self, http_status: int, code: str, message: str, *,
                 errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.errors = errors
