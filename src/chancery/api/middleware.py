"""Every answer under the API's prefix is JSON, errors included: a client never has to parse the
HTML pages that Django gives for an unknown address, a method not allowed, a body too large or a
server error. Ninja's own handlers (api/urls.py) answer everything raised inside an operation;
this covers what happens outside them, with the same `{"code", "message"}` shape."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
logger = logging.getLogger("django.request")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be read.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request is too large.")),
        500: ("server_error", _("Something went wrong on our side. Please try again later.")),
    }


def error_body(status: int, fallback: str = "") -> dict[str, str]:
    """The code and message for an HTTP error status, in the caller's language."""
    code, message = _messages().get(status, ("error", fallback or _("The request could not be completed.")))
    return {"code": code, "message": message}


def api_error(status: int) -> JsonResponse:
    return JsonResponse(error_body(status), status=status)


class JsonErrorsForApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replaced = api_error(response.status_code)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return api_error(413)
        if isinstance(exception, SuspiciousOperation):
            return api_error(400)
        # Logged as Django logs an uncaught exception, so the operators still hear of it.
        logger.error("Internal Server Error: %s", request.path, exc_info=exception,
                     extra={"status_code": 500, "request": request})
        return api_error(500)
