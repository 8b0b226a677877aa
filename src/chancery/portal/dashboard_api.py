"""The dashboard in the API (GET /api/v1/dashboard, public; mounted by api/urls.py): the schema
clients generate code from, and the answer, built by the same `dashboard.build` as the page and
the exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from chancery.core.api_errors import Error
from chancery.organization.models import Unit
from chancery.portal import dashboard
from chancery.portal.dashboard_exports import as_json
from chancery.portal.dashboard_views import period_from

router = Router()


class FiguresOut(Schema):
    received: int
    full_online: int
    online_share_pct: float | None
    resolved: int
    early: int
    on_time: int
    late: int
    on_time_rate_pct: float | None
    approved: int
    refused: int
    returned: int
    not_accepted: int
    withdrawn: int
    stopped: int
    open_now: int
    overdue_now: int
    average_working_days: float | None
    p90_working_days: str | None
    ratings: int
    rating_average: float | None
    satisfied_pct: float | None


class IndicatorOut(Schema):
    key: str
    name: str
    points: int
    target: float | None
    ratio: float | None
    score: float | None
    measured: bool
    formula: str
    not_measured_because: str
    shown: str


class IndexGroupOut(Schema):
    key: str
    name: str
    points: int
    score: float | None
    indicators: list[IndicatorOut]


class IndexOut(Schema):
    score: float | None
    attainable: int
    measured_points: int
    groups: list[IndexGroupOut]


class RowOut(Schema):
    code: str
    name: str
    figures: FiguresOut
    head: str | None = None
    rank: int | None = None
    index_percent: float | None = None


class TrendOut(Schema):
    month: str
    received: int
    resolved: int
    on_time_rate_pct: float | None


class FeeTotalsOut(Schema):
    """Fees of one unit in one of its local months, in one currency (amounts as decimal strings,
    never converted): paid (of which online), refunded, paid less refunded, still unpaid, and the
    number of applications exempted from the fee (nothing paid, nothing owed)."""

    unit: str
    unit_name: str
    month: str
    currency: str
    paid: str
    paid_count: int
    paid_online: str
    paid_online_count: int
    refunded: str
    refunded_count: int
    net: str
    unpaid: str
    unpaid_count: int
    exempted_count: int


class PeriodOut(Schema):
    kind: str
    value: str
    label: str
    first_month: str
    last_month: str


class UnitOut(Schema):
    code: str
    name: str
    head: str


class DashboardOut(Schema):
    period: PeriodOut
    unit: UnitOut | None
    as_of: str
    figures: FiguresOut
    index: IndexOut
    by_procedure: list[RowOut]
    units: list[RowOut]
    trend: list[TrendOut]
    fees: list[FeeTotalsOut]


def answer(unit: str, period: str, value: str) -> Status:
    """200 with the figures, 422 for a period it cannot read; an unknown unit raises 404."""
    chosen = None
    if unit:
        chosen = Unit.objects.select_related("head").filter(code=unit, is_active=True).first()
        if chosen is None:
            raise Http404
    try:
        asked = period_from({"period": period, "value": value})
    except dashboard.PeriodError as error:
        return Status(422, {"code": "invalid_period", "message": str(error)})
    return Status(200, as_json(dashboard.build(asked, chosen)))


@router.get("/dashboard", response={200: DashboardOut, 404: Error, 422: Error}, auth=None,
            operation_id="getDashboard")
def public_dashboard(request: HttpRequest, unit: str = "", period: str = "", value: str = "") -> Status:
    """The transparency dashboard's figures for the whole ministry (no `unit`) or one unit (its
    code), for a month (`period=month&value=2026-03`), a quarter (`quarter`, `2026-Q1`) or a year
    (`year`, `2026`); the current month by default. The same figures as /dashboard/ and its
    exports, with each index indicator's formula."""
    return answer(unit, period, value)
