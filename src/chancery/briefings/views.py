"""Pages of mission reporting: notes, daily briefings, monitoring, news, partners and search."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.audit.services import record
from chancery.briefings import countries as country_names
from chancery.briefings import selectors, services, topics
from chancery.briefings.forms import AssignmentForm, NewsImportForm, NewsTagsForm, NoteForm, RelationshipForm
from chancery.briefings.models import Classification, MonitoringAssignment, NoteAttachment
from chancery.briefings.pdf import PdfFailed, render_briefing_pdf
from chancery.briefings.schedule import Status
from chancery.core.downloads import content_download, file_download
from chancery.core.redirects import safe_next_url
from chancery.organization.decorators import staff_required
from chancery.organization.models import Role, Unit
from chancery.organization.selectors import is_leadership, roles_in, visible_units
from chancery.search import engine as search_api
from chancery.search.models import SearchKind


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _may_set_levels(user) -> bool:
    return (
        is_leadership(user)
        or user.is_superuser
        or any(
            Role.ADMINISTRATOR in roles_in(user, u.pk) for u in Unit.objects.filter(memberships__user=user)
        )
    )


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """The entry page: today's work for the reader."""
    user = request.user
    board = selectors.monitoring_board(user)
    return render(
        request,
        "briefings/index.html",
        {
            "my_rows": [r for r in board if r.assignment.user_id == user.pk],
            "missing": selectors.missing_today(user),
            "recent_briefings": selectors.briefings(user)[:8],
            "recent_notes": selectors.notes(user)[:10],
            "writable": selectors.writable_units(user).exists(),
            "Status": Status,
        },
    )


# --- notes -----------------------------------------------------------------------------------


@staff_required
def note_list(request: HttpRequest) -> HttpResponse:
    p = request.GET
    qs = selectors.notes(
        request.user,
        unit=_int(p.get("unit")),
        date_from=_date(p.get("from")),
        date_to=_date(p.get("to")),
        topic=p.get("topic") or None,
        country=country_names.resolve(p.get("country", "")) or None,
        classification=p.get("classification") or None,
        author=request.user if p.get("mine") else None,
    )
    return render(
        request,
        "briefings/note_list.html",
        {
            "page": Paginator(qs, 30).get_page(p.get("page")),
            "params": p,
            "querystring": _querystring(request),
            "units": visible_units(request.user),
            "topics": topics.CHOICES,
            "classifications": Classification.choices,
        },
    )


def _note_form_kwargs(note_form: NoteForm) -> dict:
    data = note_form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "topics": data["topics"],
        "countries": data["countries"],
        "classification": data["classification"],
        "comment": data["comment"],
        "sources": data["sources"],
        "news": data["news"],
        "uploads": data["attachments"],
    }


@staff_required
def note_create(request: HttpRequest) -> HttpResponse:
    units = selectors.writable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = NoteForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "GET":
        unit = units.first()
        form.initial.update({"countries": unit.host_country if unit.host_country != "VN" else ""})
        if request.GET.get("topic"):
            form.initial["topics"] = [request.GET["topic"]]
        if request.GET.get("country"):
            form.initial["countries"] = request.GET["country"]
    if request.method == "POST" and form.is_valid():
        try:
            note = services.create_note(
                unit=form.cleaned_data["unit"],
                author=request.user,
                request=request,
                **_note_form_kwargs(form),
            )
        except services.BriefingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Note %(ref)s saved.") % {"ref": note.reference})
            return redirect("briefings:note_detail", pk=note.pk)
    return render(request, "briefings/note_form.html", {"form": form, "note": None})


@staff_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.note_for_user(request.user, pk)
    if not services.may_edit_note(request.user, note):
        raise PermissionDenied
    units = Unit.objects.filter(pk=note.unit_id)
    initial = {
        "unit": note.unit,
        "title": note.title,
        "classification": note.classification,
        "topics": note.topics,
        "countries": ", ".join(note.countries),
        "body": note.body_html,
        "comment": note.comment,
        "sources": note.sources,
        "news": list(note.news.all()),
    }
    form = NoteForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_note(note, actor=request.user, request=request, **_note_form_kwargs(form))
        except services.BriefingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Note %(ref)s saved.") % {"ref": note.reference})
            return redirect("briefings:note_detail", pk=note.pk)
    elif request.method == "GET":
        services.record_note_view(note, user=request.user, request=request, via="edit")
    return render(request, "briefings/note_form.html", {"form": form, "note": note})


@staff_required
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.note_for_user(request.user, pk)
    services.record_note_view(note, user=request.user, request=request)
    return render(
        request,
        "briefings/note_detail.html",
        {
            "note": note,
            "attachments": note.attachments.all(),
            "news": note.news.all(),
            "briefings": note.briefings.select_related("unit").order_by("unit__code"),
            "may_edit": services.may_edit_note(request.user, note),
        },
    )


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    note = selectors.note_for_user(request.user, pk)
    attachment = get_object_or_404(NoteAttachment, note=note, pk=attachment_id)
    record(
        "note.attachment_downloaded",
        attachment,
        actor=request.user,
        unit=note.unit_id,
        request=request,
        note=note.pk,
        classification=note.classification,
    )
    return file_download(attachment.file, name=attachment.original_name, content_type=attachment.content_type)


# --- briefings -----------------------------------------------------------------------------------


@staff_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    p = request.GET
    scope = p.get("scope", "")
    qs = selectors.briefings(
        request.user,
        unit=_int(scope),
        ministry=scope == "ministry",
        date_from=_date(p.get("from")),
        date_to=_date(p.get("to")),
    )
    managed = selectors.managed_units(request.user)
    subscribed = {s.unit_id for s in selectors.subscriptions(request.user)}
    return render(
        request,
        "briefings/briefing_list.html",
        {
            "page": Paginator(qs, 30).get_page(p.get("page")),
            "params": p,
            "querystring": _querystring(request),
            "units": Unit.objects.filter(is_active=True).order_by("code"),
            "managed": managed,
            "leadership": is_leadership(request.user),
            "subscriptions": selectors.subscriptions(request.user),
            "subscribed": subscribed,
        },
    )


def _audit_restricted(view: selectors.BriefingView, request: HttpRequest, via: str) -> None:
    services.record_restricted_views(
        [(n.pk, n.unit_id) for n in view.restricted_shown], user=request.user, request=request, via=via
    )


@staff_required
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_for_user(request.user, pk)
    view = selectors.briefing_view(briefing, request.user)
    _audit_restricted(view, request, via=f"briefing:{briefing.pk}")
    may_manage = (
        is_leadership(request.user)
        if briefing.is_ministry_wide
        else services.may_manage_unit(request.user, briefing.unit_id)
    )
    subscribed = selectors.subscriptions(request.user).filter(unit_id=briefing.unit_id).exists()
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "briefing": briefing,
            "view": view,
            "may_manage": may_manage,
            "subscribed": subscribed,
            "missing": [
                {
                    **m,
                    "subject": " · ".join(
                        filter(
                            None,
                            [
                                topics.label(m["topic"]) if m.get("topic") else "",
                                country_names.name(m.get("country") or "") if m.get("country") else "",
                            ],
                        )
                    ),
                }
                for m in briefing.missing
            ]
            if may_manage
            else [],
        },
    )


@staff_required
def briefing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = selectors.briefing_for_user(request.user, pk)
    view = selectors.briefing_view(briefing, request.user)
    _audit_restricted(view, request, via=f"briefing-pdf:{briefing.pk}")
    try:
        pdf = render_briefing_pdf(view, reader=request.user)
    except PdfFailed as exc:  # the briefing is intact: say so on its page, which offers the PDF again
        services.record_pdf_failure(briefing, actor=request.user, error=str(exc), request=request)
        messages.error(request, _("The PDF could not be made in time. The briefing itself is intact: "
                                  "read it below, or try the PDF again later."))
        return redirect("briefings:briefing_detail", pk=briefing.pk)
    services.record_pdf_made(briefing, actor=request.user, request=request)
    name = f"briefing-{briefing.unit.code if briefing.unit_id else 'MOFA'}-{briefing.date:%Y-%m-%d}"
    return content_download(pdf, name=name, content_type="application/pdf")


@staff_required
@require_POST
def briefing_compile(request: HttpRequest) -> HttpResponse:
    """Compile (or refresh) a day's briefing now, without waiting for the hourly job."""
    scope = request.POST.get("scope", "")
    unit = get_object_or_404(Unit, pk=scope) if scope.isdigit() else None
    allowed = is_leadership(request.user) if unit is None else services.may_manage_unit(request.user, unit.pk)
    if not allowed:
        raise PermissionDenied
    day = _date(request.POST.get("date")) or (selectors.unit_today(unit) if unit else timezone.localdate())
    briefing, _created = services.compile_briefing(unit, day, actor=request.user, request=request)
    messages.success(request, _("Briefing compiled: %(n)d notes.") % {"n": briefing.note_count})
    return redirect("briefings:briefing_detail", pk=briefing.pk)


@staff_required
@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    scope = request.POST.get("scope", "")
    unit = get_object_or_404(Unit, pk=scope, is_active=True) if scope.isdigit() else None
    if request.POST.get("action") == "unsubscribe":
        services.unsubscribe(request.user, unit, request=request)
        messages.success(request, _("You will no longer receive this briefing by e-mail."))
    else:
        services.subscribe(request.user, unit, request=request)
        if request.user.email:
            messages.success(
                request,
                _("You will receive this briefing by e-mail at %(email)s.") % {"email": request.user.email},
            )
        else:
            messages.warning(request, _("Subscribed, but your account has no e-mail address yet."))
    return redirect(safe_next_url(request, reverse("briefings:briefing_list")))


# --- monitoring ----------------------------------------------------------------------------------


@staff_required
def monitoring(request: HttpRequest) -> HttpResponse:
    p = request.GET
    rows = selectors.monitoring_board(request.user, unit=_int(p.get("unit")), day=_date(p.get("date")))
    managed = selectors.managed_units(request.user)
    return render(
        request,
        "briefings/monitoring.html",
        {
            "rows": rows,
            "params": p,
            "managed": managed,
            "units": visible_units(request.user),
            "Status": Status,
            "missing_count": sum(1 for r in rows if r.status == Status.MISSING),
        },
    )


@staff_required
def assignment_create(request: HttpRequest) -> HttpResponse:
    units = selectors.managed_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=data["username"]).first()
        if user is None:
            form.add_error("username", _("No staff member has this login name."))
        else:
            try:
                services.create_assignment(
                    unit=data["unit"],
                    user=user,
                    topic=data["topic"],
                    country=data["country"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    daily_note_expected=data["daily_note_expected"],
                    instructions=data["instructions"],
                    actor=request.user,
                    request=request,
                )
            except services.BriefingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Assignment saved."))
                return redirect("briefings:monitoring")
    return render(request, "briefings/assignment_form.html", {"form": form})


@staff_required
@require_POST
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(MonitoringAssignment, pk=pk)
    try:
        services.end_assignment(
            assignment, actor=request.user, on=selectors.unit_today(assignment.unit), request=request
        )
    except services.NotAllowed as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Assignment ended."))
    return redirect("briefings:monitoring")


# --- news ----------------------------------------------------------------------------------------


@staff_required
def news_list(request: HttpRequest) -> HttpResponse:
    p = request.GET
    qs = selectors.news(
        request.user,
        country=country_names.resolve(p.get("country", "")) or None,
        topic=p.get("topic") or None,
        q=(p.get("q") or "").strip() or None,
    )
    return render(
        request,
        "briefings/news_list.html",
        {
            "page": Paginator(qs, 30).get_page(p.get("page")),
            "params": p,
            "querystring": _querystring(request),
            "topics": topics.CHOICES,
        },
    )


@staff_required
def news_import(request: HttpRequest) -> HttpResponse:
    form = NewsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        unit = selectors.writable_units(request.user).first()
        report = services.ImportReport()
        for upload in form.cleaned_data["files"]:
            services.import_news_file(
                upload.read(),
                name=upload.name,
                url=form.cleaned_data["url"],
                actor=request.user,
                unit=unit,
                request=request,
                report=report,
            )
    return render(request, "briefings/news_import.html", {"form": form, "report": report})


@staff_required
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_item(request.user, pk)
    tags_form = NewsTagsForm(
        request.POST if request.POST.get("form") == "tags" else None,
        initial={"countries": ", ".join(item.countries), "topics": item.topics},
    )
    if request.method == "POST":
        if request.POST.get("form") == "tags" and tags_form.is_valid():
            services.retag_news(
                item,
                countries=tags_form.cleaned_data["countries"],
                topics_=tags_form.cleaned_data["topics"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("Tags saved."))
            return redirect("briefings:news_detail", pk=item.pk)
        if request.POST.get("form") == "attach":
            note = selectors.note_for_user(request.user, _int(request.POST.get("note")) or 0)
            try:
                services.attach_news(note, item, actor=request.user, request=request)
            except services.NotAllowed as exc:
                raise PermissionDenied from exc
            messages.success(request, _("Attached to note %(ref)s.") % {"ref": note.reference})
            return redirect("briefings:note_detail", pk=note.pk)
    my_notes = selectors.notes(request.user, author=request.user)[:20]
    return render(
        request,
        "briefings/news_detail.html",
        {
            "item": item,
            "tags_form": tags_form,
            "my_notes": my_notes,
            "paragraphs": [p for p in item.text.split("\n") if p.strip()],
            "citing_notes": selectors.visible_notes(request.user).filter(news=item),
        },
    )


# --- partners ------------------------------------------------------------------------------------


@staff_required
def partners(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("country", "").strip()
    if wanted:
        code = country_names.resolve(wanted)
        if code:
            return redirect("briefings:country_detail", code=code)
        messages.error(
            request, _("Not a country: %(names)s. Use a name or a two-letter code.") % {"names": wanted}
        )
    rows = selectors.partners()
    return render(
        request,
        "briefings/partners.html",
        {
            "rows": [(c, selectors.missions_for(c.code)) for c in rows],
        },
    )


@staff_required
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    may_edit = _may_set_levels(request.user)
    form = RelationshipForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            services.set_relationship(
                code,
                level=form.cleaned_data["level"],
                since=form.cleaned_data["since"],
                source=form.cleaned_data["source"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("Relationship level saved."))
            return redirect("briefings:country_detail", code=code.upper())
    context = selectors.country_page(request.user, code)
    context.update({"form": form, "may_edit": may_edit})
    return render(request, "briefings/country_detail.html", context)


# --- search --------------------------------------------------------------------------------------


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    p = request.GET
    query = (p.get("q") or "").strip()
    kind = p.get("kind") if p.get("kind") in SearchKind.values else None
    results = None
    if query or any(p.get(k) for k in ("kind", "unit", "from", "to", "topic", "country")):
        results = search_api.search(
            request.user,
            query,
            kind=kind,
            unit=_int(p.get("unit")),
            date_from=_date(p.get("from")),
            date_to=_date(p.get("to")),
            topic=p.get("topic") or None,
            country=country_names.resolve(p.get("country", "")) or None,
            order="newest" if p.get("order") == "newest" else "relevance",
            page=_int(p.get("page")) or 1,
        )
        shown = [
            (int(h.entry.key), h.entry.unit_id)
            for h in results.hits
            if h.entry.kind == SearchKind.NOTE and h.entry.classification == Classification.RESTRICTED
        ]
        services.record_restricted_views(shown, user=request.user, request=request, via="search")
    return render(
        request,
        "briefings/search.html",
        {
            "results": results,
            "params": p,
            "querystring": _querystring(request),
            "query": query,
            "units": Unit.objects.filter(is_active=True).order_by("code"),
            "topics": topics.CHOICES,
            "kinds": SearchKind.choices,
        },
    )
