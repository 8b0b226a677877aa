"""`/healthz`: for load balancers and monitors. 200 when this process can reach its primary
database; the replica's state, when there is one, is reported but does not fail the check."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    healthy = True
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[alias] = "ok"
        except Exception:
            logger.exception("health check: database %s unavailable", alias)
            checks[alias] = "unavailable"
            # Only the primary decides: a lagging or lost replica must not take every web
            # process out of the load balancer (the few pages that read from it fail alone).
            healthy = healthy and alias != DEFAULT_DB_ALIAS
    return JsonResponse({"status": "ok" if healthy else "unavailable", "databases": checks},
                        status=200 if healthy else 503)
