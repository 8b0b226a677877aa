"""The REST API's route table: one NinjaAPI, each app's router mounted under its tag, the staff
token checked once, and the handlers that turn every refusal into the one error body
(core/api_errors.py): `{"code": ..., "message": ...}` with a machine-readable code and a message in
the caller's language. The operations live in the app that owns them (`<app>/api.py`), each with
an explicit operationId clients generate code from (tests/api/test_operation_ids.py keeps them)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from chancery.api.middleware import error_body
from chancery.api.services import user_for_token
from chancery.cases import api_applicant as cases_applicant_api
from chancery.cases import api_officer as cases_officer_api
from chancery.core.api_errors import ApiError
from chancery.core.errors import DomainError
from chancery.core.throttle import Throttled
from chancery.directives import api as directives_api
from chancery.organization.selectors import is_staff_member
from chancery.portal import dashboard_api
from chancery.procedures import api as procedures_api


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token, request=request)
        if user is None or not is_staff_member(user):
            return None
        request.user = user
        return user


staff_auth = TokenAuth()

# Every operation needs a staff token unless it says `auth=None` (the public ones: catalogue,
# applications, status lookup, dashboard; tests/security lists them).
api = NinjaAPI(
    title="Chancery API",
    version="1",
    description="Consular procedures, applications and their processing.",
    urls_namespace="api",
    auth=staff_auth,
)

# The routers' paths are written in full (/procedures, /cases/{code}...), so the prefix is empty.
api.add_router("", procedures_api.router, tags=["procedures"])
# cases: the applicant's side (public) and the staff's, one tag.
api.add_router("", cases_applicant_api.router, tags=["cases"])
api.add_router("", cases_officer_api.router, tags=["cases"])
api.add_router("", directives_api.router, tags=["directives"])
api.add_router("", dashboard_api.router, tags=["dashboard"])


def _error(request: HttpRequest, status: int, code: str, message: str, **extra: Any):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError):
    """Any refusal (a service's, or an operation's own `ApiError`): its code, its status, its
    message, the fields at fault if it names them; a limit says when to come back (Retry-After,
    seconds)."""
    extra = {"errors": exc.errors} if isinstance(exc, ApiError) and exc.errors is not None else {}
    response = _error(request, exc.http_status, exc.code, exc.message, **extra)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError):
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", _("Some values are missing or invalid."), errors=errors)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError):
    return _error(request, 401, "unauthorized", _("A valid staff token is required."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """Ninja's own refusals (an unreadable body...) in the same words as every other API error."""
    body = error_body(exc.status_code, fallback=str(exc))
    return _error(request, exc.status_code, body["code"], body["message"])
