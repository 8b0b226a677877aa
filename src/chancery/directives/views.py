"""Directive pages: the task list, a directive, a task and its actions, the import, the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.audit.services import record
from chancery.core.downloads import XLSX, content_download, file_download
from chancery.directives import exports, forms, permissions, selectors, services
from chancery.directives.attributes import prefill_rows, unit_refs
from chancery.directives.dates import ministry_today
from chancery.directives.extraction import extract_directive
from chancery.directives.models import Task, TaskAttachment
from chancery.directives.rules import (
    ON_TIME_RATE_DEFINITION,
    OVERDUE_SHARE_DEFINITION,
    Bucket,
    TaskStatus,
    periods,
)
from chancery.organization.decorators import staff_required

# --------------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[forms.TaskFilterForm, selectors.TaskFilters]:
    form = forms.TaskFilterForm(
        request.GET or None, units=selectors.units_in_view(request.user),
        directives=selectors.visible_directives(request.user).select_related(None).only("id", "title")[:500],
    )
    filters = selectors.TaskFilters()
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        unit = c.get("unit")
        filters = selectors.TaskFilters(
            status=c.get("status") or None, unit=unit.pk if unit else None,
            directive=c.get("directive") or None, period_from=c.get("period_from"),
            period_to=c.get("period_to"), search=(c.get("q") or "").strip() or None,
        )
    return form, filters


def _querystring(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """Tasks the person's units lead, coordinate or issued; overdue first."""
    today = ministry_today()
    form, filters = _filters(request)
    page = Paginator(selectors.tasks(request.user, today=today, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "directives/index.html", {
        "form": form, "page": page, "today": today, "querystring": _querystring(request),
        "directives": selectors.visible_directives(request.user)[:20],
        "may_import": selectors.issuable_units(request.user).exists(),
    })


@staff_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_for_user(request.user, pk)
    today = ministry_today()
    board = selectors.dashboard(request.user, today=today, with_coordinators=True,
                                filters=selectors.TaskFilters(directive=directive.pk))
    may_manage = permissions.may_issue_for(request.user, directive.issuing_unit_id)
    return render(request, "directives/directive_detail.html", {
        "directive": directive, "tasks": board.tasks, "figures": board.figures, "today": today,
        "may_manage": may_manage,
        "task_form": forms.TaskForm(units=selectors.assignable_units()) if may_manage else None,
        "group_form": forms.GroupTaskForm(units=selectors.assignable_units(), auto_id="group-%s")
        if may_manage else None,
        "groups": selectors.directive_groups(request.user, directive, today=today),
        **_definitions(),
    })


@staff_required
@require_POST
def add_task(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_for_user(request.user, pk)
    form = forms.TaskForm(request.POST, units=selectors.assignable_units())
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("directives:directive", pk=pk)
    try:
        task = services.add_task(directive, form.spec(), actor=request.user, request=request)
    except services.ActionForbidden as exc:
        raise PermissionDenied from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
        return redirect("directives:directive", pk=pk)
    messages.success(request, _("Task assigned to %(unit)s.") % {"unit": task.lead_unit.code})
    return redirect("directives:directive", pk=pk)


@staff_required
def directive_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The pasted or uploaded text (HTML included) as it was read: plain text, never a page."""
    directive = selectors.directive_for_user(request.user, pk)
    if not directive.source_file:
        raise Http404
    return file_download(directive.source_file, name=directive.source_name or "source",
                         content_type="text/plain")


# --------------------------------------------------------------------------------------------
# A task and its actions
# --------------------------------------------------------------------------------------------


def _period_choices(task: Task, today: date) -> tuple[list[tuple[str, str]], str | None]:
    """Periods that have begun (newest first, at most 12) and the one owed now."""
    if not task.is_recurring:
        return [], None
    begun = _periods_until(task, today)
    choices = [(p.start.isoformat(), _period_label(task, p)) for p in reversed(begun[-12:])]
    owed = next((p.start.isoformat() for p in begun if p.due_on == task.next_due_on), None)
    return choices, owed or (choices[0][0] if choices else None)


def _periods_until(task: Task, today: date) -> list[Any]:
    result: list[Any] = []
    for period in periods(task.recurrence, task.starts_on, task.deadline, task.report_day):
        if period.start > today:
            break
        result.append(period)
    return result


def _period_label(task: Task, period: Any) -> str:
    if task.recurrence == "quarterly":
        return _("Quarter %(q)d/%(y)d") % {"q": (period.start.month - 1) // 3 + 1, "y": period.start.year}
    return f"{period.start:%m/%Y}"


@staff_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user(request.user, pk)
    today = ministry_today()
    user = request.user
    may_report = permissions.may_report(user, task) and task.is_open
    may_input = permissions.may_give_input(user, task) and task.is_open
    may_manage = permissions.may_manage(user, task) and task.is_open
    version = {"version": task.version}
    period_choices, owed = _period_choices(task, today)
    context: dict[str, Any] = {
        "task": task, "today": today, "status": task.status(today),
        "days_overdue": task.days_overdue(today), "entries": selectors.history(task),
        "periods": selectors.period_rows(task, today), "may_report": may_report,
        "may_input": may_input, "may_manage": may_manage,
        "coordinating_units": list(task.coordinating_units.all()),
        "may_comment": permissions.may_comment(user, task),
        "may_urge": may_manage and services.needs_urging(task),
        "comment_form": forms.CommentForm(auto_id="comment-%s"),
        "urge_form": forms.UrgeForm(auto_id="urge-%s"),
    }
    if may_report:
        context["progress_form"] = forms.ProgressForm(
            initial={**version, "percent": task.percent, "period_start": owed},
            period_choices=period_choices, auto_id="report-%s",
        )
        context["extension_form"] = forms.ExtensionRequestForm(initial=version, auto_id="extension-%s")
    if may_input:
        context["input_form"] = forms.InputForm(initial=version, auto_id="input-%s")
    if may_manage:
        context["task_form"] = forms.TaskForm(units=selectors.assignable_units(), auto_id="edit-%s", initial={
            **version, "text": task.text, "lead_unit": task.lead_unit_id,
            "coordinating_units": [u.pk for u in context["coordinating_units"]],
            "recurrence": task.recurrence, "deadline": task.deadline, "priority": task.priority,
            "report_day": task.report_day,
        })
    return render(request, "directives/task_detail.html", context)


def _form_errors(form: Any) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts) or _("The form was incomplete. Please try again.")


def _report(task: Task, c: dict, request: HttpRequest) -> str:
    services.report_progress(
        task, actor=request.user, expected_version=c["version"], text=c["text"], percent=c.get("percent"),
        complete=c.get("complete", False), period_start=c.get("period_start"), uploads=c.get("files") or [],
        request=request,
    )
    return _("Completion reported: the issuing office will review it.") if c.get("complete") else _(
        "Progress reported.")


def _input(task: Task, c: dict, request: HttpRequest) -> str:
    services.add_input(task, actor=request.user, expected_version=c["version"], text=c["text"],
                       uploads=c.get("files") or [], request=request)
    return _("Your input was added.")


def _accept(task: Task, c: dict, request: HttpRequest) -> str:
    services.accept_completion(task, actor=request.user, expected_version=c["version"],
                               note=c.get("note", ""), request=request)
    return _("Completion accepted.")


def _send_back(task: Task, c: dict, request: HttpRequest) -> str:
    services.send_back(task, actor=request.user, expected_version=c["version"], reason=c.get("note", ""),
                       request=request)
    return _("Sent back to the lead unit.")


def _request_extension(task: Task, c: dict, request: HttpRequest) -> str:
    services.request_extension(task, actor=request.user, expected_version=c["version"],
                               new_deadline=c["new_deadline"], reason=c["reason"], request=request)
    return _("Extension requested.")


def _decide_extension(approve: bool) -> Callable[[Task, dict, HttpRequest], str]:
    def act(task: Task, c: dict, request: HttpRequest) -> str:
        services.decide_extension(task, actor=request.user, expected_version=c["version"], approve=approve,
                                  note=c.get("note", ""), request=request)
        return _("Extension approved.") if approve else _("Extension refused.")

    return act


def _request_cancellation(task: Task, c: dict, request: HttpRequest) -> str:
    services.request_cancellation(task, actor=request.user, expected_version=c["version"],
                                  reason=c.get("note", ""), request=request)
    return _("Cancellation requested.")


def _cancel(task: Task, c: dict, request: HttpRequest) -> str:
    services.cancel_task(task, actor=request.user, expected_version=c["version"], reason=c.get("note", ""),
                         request=request)
    return _("Task cancelled.")


def _refuse_cancellation(task: Task, c: dict, request: HttpRequest) -> str:
    services.refuse_cancellation(task, actor=request.user, expected_version=c["version"],
                                 note=c.get("note", ""), request=request)
    return _("Cancellation refused.")


def _edit(task: Task, c: dict, request: HttpRequest, form: Any = None) -> str:
    services.update_assignment(task, form.spec(marker=task.marker), actor=request.user,
                               expected_version=c["version"] or 0, request=request)
    return _("Assignment changed.")


ACTIONS: dict[str, tuple[type, Callable[..., str]]] = {
    "report": (forms.ProgressForm, _report),
    "input": (forms.InputForm, _input),
    "accept": (forms.NoteForm, _accept),
    "send-back": (forms.NoteForm, _send_back),
    "request-extension": (forms.ExtensionRequestForm, _request_extension),
    "approve-extension": (forms.NoteForm, _decide_extension(True)),
    "refuse-extension": (forms.NoteForm, _decide_extension(False)),
    "request-cancellation": (forms.NoteForm, _request_cancellation),
    "cancel": (forms.NoteForm, _cancel),
    "refuse-cancellation": (forms.NoteForm, _refuse_cancellation),
    "edit": (forms.TaskForm, _edit),
}


@staff_required
@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One endpoint per action; the service decides whether this person may do it now."""
    task = selectors.task_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    form_class, act = ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if form_class is forms.ProgressForm:
        kwargs["period_choices"] = _period_choices(task, ministry_today())[0]
    if form_class is forms.TaskForm:
        kwargs["units"] = selectors.assignable_units()
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("directives:task", pk=pk)
    try:
        if action == "edit":
            done = act(task, form.cleaned_data, request, form=form)
        else:
            done = act(task, form.cleaned_data, request)
    except services.ActionForbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("directives:task", pk=pk)


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    task = selectors.task_for_user(request.user, pk)
    attachment = get_object_or_404(TaskAttachment, pk=attachment_id, entry__task=task)
    record("task.attachment_downloaded", task, actor=request.user, unit=task.lead_unit_id,
           request=request, attachment=attachment.pk)
    return file_download(attachment.file, name=attachment.original_name, content_type=attachment.content_type)


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def _require_issuer(request: HttpRequest) -> Any:
    units = selectors.issuable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    return units


def _review(request: HttpRequest, directive_form: Any, formset: Any, status: int = 200) -> HttpResponse:
    # The items the text gave (or the reviewer filled in), not the blank rows kept for adding one.
    proposed = sum(1 for f in formset if (f["text"].value() or "").strip())
    return render(request, "directives/import_review.html", {
        "directive_form": directive_form, "formset": formset, "proposed": proposed,
    }, status=status)


@staff_required
def import_text(request: HttpRequest) -> HttpResponse:
    """Paste or upload a directive; the extractor proposes; the review page follows."""
    issuing_units = _require_issuer(request)
    if request.method != "POST":
        return render(request, "directives/import.html", {"form": forms.ImportForm()})
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "directives/import.html", {"form": form}, status=400)
    source = form.cleaned_data["source"]
    if not source.strip() and not request.POST.get("blank"):
        form.add_error("text", _("Paste the text of the directive, or choose a file."))
        return render(request, "directives/import.html", {"form": form}, status=400)
    proposal = extract_directive(source, is_html=form.cleaned_data["is_html"]) if source.strip() else {}
    own = issuing_units.filter(memberships__user=request.user).first() or issuing_units.first()
    directive_form = forms.DirectiveForm(issuing_units=issuing_units, initial={
        "title": proposal.get("title") or "", "issued_by": proposal.get("issued_by") or "",
        "issued_on": proposal.get("issued_on") or None, "reference": proposal.get("reference") or "",
        "addressees": "\n".join(proposal.get("addressees") or []),
        "issuing_unit": own.pk if own else None, "source_text": source,
        "source_name": form.cleaned_data["file_name"],
    })
    units = selectors.assignable_units()
    rows = forms.proposal_rows(proposal, extra_blank=2 if proposal.get("items") else 3)
    # Each item's lead, coordinators and deadline as the text states them, against its date.
    issued_on = proposal.get("issued_on")
    rows = prefill_rows(rows, units=unit_refs(units),
                        ref=date.fromisoformat(issued_on) if issued_on else ministry_today())
    formset = forms.ProposedTaskFormSet(initial=rows, units=units, prefix="items")
    return _review(request, directive_form, formset)


@staff_required
@require_POST
def import_save(request: HttpRequest) -> HttpResponse:
    """Save the reviewed directive and the ticked items as tasks, all in one transaction."""
    issuing_units = _require_issuer(request)
    directive_form = forms.DirectiveForm(request.POST, issuing_units=issuing_units)
    default_deadline = None
    if directive_form.is_valid():
        default_deadline = directive_form.cleaned_data.get("default_deadline")
    formset = forms.ProposedTaskFormSet(
        request.POST, units=selectors.assignable_units(), default_deadline=default_deadline, prefix="items"
    )
    if not (directive_form.is_valid() and formset.is_valid()):
        return _review(request, directive_form, formset, status=400)
    c = directive_form.cleaned_data
    source = c.get("source_text") or ""
    name = c.get("source_name") or ""
    try:
        directive = services.create_directive(
            actor=request.user, issuing_unit=c["issuing_unit"], title=c["title"],
            issued_by=c.get("issued_by") or "", issued_on=c.get("issued_on"),
            reference=c.get("reference") or "", addressees=directive_form.addressee_list(),
            source_text=source, source_file=(name, source.encode("utf-8")) if name else None,
            tasks=formset.specs(), request=request,
        )
    except services.ActionForbidden as exc:
        raise PermissionDenied from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
        return _review(request, directive_form, formset, status=400)
    messages.success(request, _("Directive saved with %(n)d tasks.") % {"n": directive.tasks.count()})
    return redirect("directives:directive", pk=directive.pk)


# --------------------------------------------------------------------------------------------
# Dashboard and exports
# --------------------------------------------------------------------------------------------


def _definitions() -> dict[str, Any]:
    return {"on_time_definition": ON_TIME_RATE_DEFINITION, "overdue_definition": OVERDUE_SHARE_DEFINITION}


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = ministry_today()
    form, filters = _filters(request)
    board = selectors.dashboard(request.user, today=today, filters=filters)
    return render(request, "directives/dashboard.html", {
        "form": form, "board": board, "figures": board.figures, "today": today,
        "querystring": _querystring(request, drop=("page", "table")),
        "statuses": TaskStatus.choices, "buckets": Bucket.choices, **_definitions(),
    })


def _filters_text(filters: selectors.TaskFilters) -> str:
    parts = [f"{k}={v}" for k, v in vars(filters).items() if v not in (None, "")]
    return ", ".join(parts)


@staff_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    today = ministry_today()
    _form, filters = _filters(request)
    board = selectors.dashboard(request.user, today=today, filters=filters, with_coordinators=True)
    stamp = today.isoformat()
    if fmt == "csv":
        which = request.GET.get("table", "units")
        if which not in exports.TABLES:
            raise Http404
        return content_download(exports.to_csv(board, which), name=f"tasks-{which}-{stamp}",
                                content_type="text/csv")
    if fmt == "xlsx":
        return content_download(exports.to_xlsx(board, _filters_text(filters)), name=f"tasks-{stamp}",
                                content_type=XLSX)
    raise Http404



# --------------------------------------------------------------------------------------------
# Tasks for many units, urging by hand, comments, the leader's home page
# --------------------------------------------------------------------------------------------


@staff_required
@require_POST
def add_group(request: HttpRequest, pk: int) -> HttpResponse:
    """One item for several units (or all missions): one task per unit, grouped."""
    directive = selectors.directive_for_user(request.user, pk)
    if not permissions.may_issue_for(request.user, directive.issuing_unit_id):
        raise PermissionDenied
    form = forms.GroupTaskForm(request.POST, units=selectors.assignable_units(), auto_id="group-%s")
    if form.is_valid():
        c = form.cleaned_data
        try:
            group = services.create_group(
                directive, form.spec(), actor=request.user, units=list(c["units"]),
                all_missions=c["all_missions"], request=request,
            )
        except services.ActionForbidden as exc:
            raise PermissionDenied from exc
        except services.DirectiveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Task assigned to %(n)d units.") % {"n": group.tasks.count()})
            return redirect("directives:group", pk=group.pk)
    # Show the form again with its errors next to the fields, nothing typed lost.
    today = ministry_today()
    board = selectors.dashboard(request.user, today=today, with_coordinators=True,
                                filters=selectors.TaskFilters(directive=directive.pk))
    return render(request, "directives/directive_detail.html", {
        "directive": directive, "tasks": board.tasks, "figures": board.figures, "today": today,
        "may_manage": True, "task_form": forms.TaskForm(units=selectors.assignable_units()),
        "group_form": form, "group_form_open": True,
        "groups": selectors.directive_groups(request.user, directive, today=today), **_definitions(),
    }, status=400)


def _group_page(request: HttpRequest, group: Any, urge_form: Any = None, status: int = 200) -> HttpResponse:
    today = ministry_today()
    progress = selectors.group_progress(request.user, group, today=today)
    return render(request, "directives/group_detail.html", {
        "group": group, "progress": progress, "figures": progress.figures, "today": today,
        "may_urge": permissions.may_issue_for(request.user, group.directive.issuing_unit_id),
        "urge_form": urge_form or forms.UrgeForm(auto_id="urge-%s"),
        "cooldown": int(services.urge_cooldown().total_seconds() // 60),
        **_definitions(),
    }, status=status)


@staff_required
@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's progress: who has reported, who is late, who is done."""
    return _group_page(request, selectors.group_for_user(request.user, pk))


def _urged_message(outcome: services.UrgeOutcome) -> str:
    parts = [_("Urged %(n)d units: %(units)s.") % {
        "n": len(outcome.sent), "units": ", ".join(t.lead_unit.code for t in outcome.sent) or "—"}]
    if outcome.recent:
        parts.append(_("Not urged again (urged a few minutes ago): %(units)s.") % {
            "units": ", ".join(t.lead_unit.code for t in outcome.recent)})
    return " ".join(parts)


@staff_required
@require_POST
def urge_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Urge every unit of the group that still owes the task, or one of them (field `task`)."""
    group = selectors.group_for_user(request.user, pk)
    form = forms.UrgeForm(request.POST, auto_id="urge-%s")
    if not form.is_valid():
        return _group_page(request, group, urge_form=form, status=400)
    c = form.cleaned_data
    try:
        if c.get("task"):
            task = get_object_or_404(selectors.visible_tasks(request.user), pk=c["task"], group=group)
            services.urge_task(task, actor=request.user, message=c["message"], request=request)
            messages.success(request, _("%(unit)s was urged.") % {"unit": task.lead_unit.code})
        else:
            outcome = services.urge_group(group, actor=request.user, message=c["message"], request=request)
            (messages.success if outcome.sent else messages.warning)(request, _urged_message(outcome))
    except services.ActionForbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
    return redirect("directives:group", pk=group.pk)


@staff_required
@require_POST
def urge_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user(request.user, pk)
    form = forms.UrgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("directives:task", pk=pk)
    try:
        services.urge_task(task, actor=request.user, message=form.cleaned_data["message"], request=request)
    except services.ActionForbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(unit)s was urged.") % {"unit": task.lead_unit.code})
    return redirect("directives:task", pk=pk)


@staff_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for_user(request.user, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("directives:task", pk=pk)
    try:
        services.add_comment(task, actor=request.user, text=form.cleaned_data["text"], request=request)
    except services.ActionForbidden as exc:
        raise PermissionDenied(exc.message) from exc
    except services.DirectiveError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Comment added."))
    return redirect(f"{reverse('directives:task', args=[pk])}#comments")


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A leader's home page: the dashboard's figures, the groups still open, and the on-time
    rate of each unit by month (a bar chart drawn in HTML and CSS, with its data table)."""
    today = ministry_today()
    board = selectors.dashboard(request.user, today=today)
    rates = selectors.on_time_rates(request.user, today=today, months=6)
    return render(request, "directives/home.html", {
        "board": board, "figures": board.figures, "today": today, "rates": rates,
        "groups": selectors.recent_groups(request.user, today=today),
        "statuses": TaskStatus.choices, **_definitions(),
    })
