"""The gateway's server-to-server endpoint. The citizen's pages (pay, return) are in the portal."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from chancery.payments import services


@csrf_exempt  # the gateway, not a browser; every message is checked by its signature
@never_cache
@require_http_methods(["GET", "POST"])
def vnpay_ipn(request: HttpRequest) -> JsonResponse:
    """VNPAY's IPN (a GET with signed vnp_* parameters), answered with {"RspCode", "Message"}."""
    params = (request.GET if request.method == "GET" else request.POST).dict()
    body, status = services.handle_ipn(params, request=request)
    return JsonResponse(body, status=status)
