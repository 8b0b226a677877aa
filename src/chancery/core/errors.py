"""The one shape of a refusal, for every app's services: a machine-readable code, the HTTP
status an API answers with, and a message already in the reader's language."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403


class Conflict(DomainError):
    """The object changed, or is not in a state that allows this now."""

    code = "conflict"
    http_status = 409
