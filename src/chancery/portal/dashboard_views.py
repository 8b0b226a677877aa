"""Public dashboard pages (no login): the whole ministry and each unit, per month, quarter or year,
with CSV and XLSX exports of the same figures."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chancery.core.downloads import XLSX, content_download
from chancery.organization.models import Unit
from chancery.portal import dashboard, dashboard_exports
from chancery.portal.dashboard import PERIOD_KINDS, PERIOD_LABELS, Period, PeriodError

PICKER_LENGTH = {"month": 24, "quarter": 12, "year": 6}


def period_from(params: dict) -> Period:
    """The period a request asks for: ``period`` (kind) and ``value``; the current month if none.

    A value of another kind is converted (month 2026-03 asked as a quarter is 2026-Q1), so one
    form with a kind and a value always works.
    """
    kind = params.get("period") or None
    value = params.get("value") or ""
    if kind is not None and kind not in PERIOD_KINDS:
        raise PeriodError(_("Unknown kind of period: %(kind)s.") % {"kind": kind})
    if not value:
        return Period.current(kind or "month")
    period = Period.parse(value)
    return period.as_kind(kind) if kind and kind != period.kind else period


def _url(unit: Unit | None, period: Period, **extra: str) -> str:
    base = reverse("portal:dashboard_unit", args=[unit.code]) if unit else reverse("portal:dashboard")
    return f"{base}?{urlencode({'period': period.kind, 'value': period.value, **extra})}"


@require_GET
def ministry(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("unit")
    if code:  # the picker's unit choice
        unit = get_object_or_404(Unit, code=code, is_active=True)
        query = request.GET.copy()
        del query["unit"]
        target = reverse("portal:dashboard_unit", args=[unit.code])
        return redirect(f"{target}?{query.urlencode()}" if query else target)
    return _dashboard(request, None)


@require_GET
def unit(request: HttpRequest, code: str) -> HttpResponse:
    chosen = get_object_or_404(Unit.objects.select_related("head"), code=code, is_active=True)
    return _dashboard(request, chosen)


def _dashboard(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    try:
        period = period_from(request.GET)
    except PeriodError as error:
        return render(request, "portal/dashboard/bad_period.html", {
            "error": str(error), "dashboard_url": _url(unit, Period.current()),
        }, status=400)
    board = dashboard.build(period, unit)
    fmt = request.GET.get("format")
    if fmt:
        return _export(board, fmt, request.GET.get("table") or "summary")
    today_period = Period.current(period.kind)
    return render(request, "portal/dashboard/page.html", {
        "board": board,
        "figures": board.figures,
        "chart": dashboard.trend_chart(board.trend),
        "split": dashboard.timeliness_split(board.figures),
        "units": Unit.objects.filter(is_active=True).order_by("code"),
        "kinds": [
            (kind, PERIOD_LABELS[kind], _url(unit, period.as_kind(kind)), kind == period.kind)
            for kind in PERIOD_KINDS
        ],
        "values": period.recent(PICKER_LENGTH[period.kind]),
        "previous_url": _url(unit, period.shifted(-1)),
        "next_url": _url(unit, period.shifted(1)) if period != today_period else "",
        "export_csv": [
            (table, _url(unit, period, format="csv", table=table))
            for table in dashboard_exports.TABLES if not (table == "units" and unit)
        ],
        "export_xlsx": _url(unit, period, format="xlsx"),
        "ministry_url": _url(None, period),
        "unit_urls": {row.code: _url(row.unit, period) for row in board.units},
        "table_names": {
            "summary": _("Summary"), "index": _("Service index"), "procedures": _("By procedure"),
            "units": _("Units ranked"), "trend": _("Last 12 months"), "fees": _("Fees"),
        },
    })


def _export(board: dashboard.Dashboard, fmt: str, which: str) -> HttpResponse:
    scope = re.sub(r"[^A-Za-z0-9_.-]", "_", board.unit.code) if board.unit else "ministry"
    stem = f"dashboard-{scope}-{board.period.value}"
    if fmt == "csv":
        if which not in dashboard_exports.TABLES or (which == "units" and board.unit):
            raise Http404
        return content_download(dashboard_exports.to_csv(board, which), name=f"{stem}-{which}",
                                content_type="text/csv")
    if fmt == "xlsx":
        return content_download(dashboard_exports.to_xlsx(board), name=stem, content_type=XLSX)
    raise Http404
