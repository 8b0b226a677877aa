"""The one-stop-shop lifecycle of a case (Decree 118/2025/NĐ-CP), as one explicit table.

Every path that changes a case's status (web pages, API, background jobs) asks this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from chancery.cases.models import Case


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    # Reception found the dossier incomplete (form 02): not received, the clock has not started
    # (an urgent matter's, counted from submission, is paused).
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested at reception")
    RECEIVED = "received", _("Received")
    NOT_ACCEPTED = "not_accepted", _("Not accepted at reception")
    IN_PROCESSING = "in_processing", _("In processing")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENT_PROVIDED = "supplement_provided", _("Supplement provided")
    FEE_REQUESTED = "fee_requested", _("Fee requested")
    FEE_PAID = "fee_paid", _("Fee paid")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    RESULT_RETURNED = "result_returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    STOPPED = "stopped", _("Processing stopped")


# Dossier status codes of the National Public Service Portal (Circular 03/2025/TT-VPCP, data
# exchange of Circular 04/2025/TT-VPCP): 1 registered, 2 accepted, 3 not accepted, 4 in process,
# 5 supplement requested, 6 payment requested, 7 withdrawn, 8 stopped, 9 processed, 10 returned.
NATIONAL_STATUS_CODE: dict[str, int | None] = {
    Status.DRAFT: None,
    Status.SUBMITTED: 1,
    Status.COMPLETION_REQUESTED: 5,
    Status.RECEIVED: 2,
    Status.NOT_ACCEPTED: 3,
    Status.IN_PROCESSING: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.SUPPLEMENT_PROVIDED: 4,
    Status.FEE_REQUESTED: 6,
    Status.FEE_PAID: 4,
    Status.APPROVED: 9,
    Status.REFUSED: 9,
    Status.RESULT_RETURNED: 10,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
}

# What the applicant reads on the status page, in plain words.
PLAIN_STATUS: dict[str, StrOrPromise] = {
    Status.DRAFT: _("Your application is saved as a draft. It has not been sent yet."),
    Status.SUBMITTED: _("Your application was sent and is waiting to be checked by the office."),
    # The time limit is explained apart (portal/status_clock.html): not started yet at reception,
    # or paused for an urgent matter whose clock runs from submission.
    Status.COMPLETION_REQUESTED: _(
        "The office cannot receive your application yet: it is incomplete. Please read what is "
        "missing and send it."
    ),
    Status.RECEIVED: _("The office has accepted your application as complete."),
    Status.NOT_ACCEPTED: _("The office could not accept your application. See the reason below."),
    Status.IN_PROCESSING: _("Your application is being processed."),
    Status.SUPPLEMENT_REQUESTED: _(
        "The office needs more documents from you. Please read the request and upload them."
    ),
    Status.SUPPLEMENT_PROVIDED: _("You sent the extra documents. Processing continues."),
    Status.FEE_REQUESTED: _("Please pay the fee. Processing continues once it is paid."),
    Status.FEE_PAID: _("Your payment was recorded. Processing continues."),
    Status.APPROVED: _("Your application was approved. The result will be returned to you."),
    Status.REFUSED: _("Your application was refused. See the reason below."),
    Status.RESULT_RETURNED: _("The result has been returned. This application is complete."),
    Status.WITHDRAWN: _("You withdrew this application."),
    Status.STOPPED: _("The office stopped processing this application. See the reason below."),
}


OPEN_STATUSES = frozenset({
    Status.SUBMITTED, Status.COMPLETION_REQUESTED, Status.RECEIVED, Status.IN_PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.SUPPLEMENT_PROVIDED, Status.FEE_REQUESTED, Status.FEE_PAID, Status.APPROVED,
    Status.REFUSED,
})
CLOSED_STATUSES = frozenset({
    Status.NOT_ACCEPTED, Status.RESULT_RETURNED, Status.WITHDRAWN, Status.STOPPED,
})
WORKING = frozenset({Status.IN_PROCESSING, Status.SUPPLEMENT_PROVIDED, Status.FEE_PAID})
# The office waits for documents it named (Case.requested_documents): at reception (the dossier is
# not received yet) or during processing (the once-only supplement).
AWAITING_DOCUMENTS = frozenset({Status.COMPLETION_REQUESTED, Status.SUPPLEMENT_REQUESTED})
BEFORE_DECISION = frozenset({
    Status.SUBMITTED, Status.COMPLETION_REQUESTED, Status.RECEIVED, Status.IN_PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.SUPPLEMENT_PROVIDED, Status.FEE_REQUESTED, Status.FEE_PAID,
})

Actor = Literal["applicant", "officer", "decider"]


def _supplement_not_yet_requested(case: Case) -> str | None:
    if case.supplement_count >= 1:
        return str(_("A supplement may be requested only once (Decree 118/2025/NĐ-CP)."))
    return None


def _has_unpaid_fee(case: Case) -> str | None:
    if not case.procedure_version.fee:
        return str(_("This procedure has no fee."))
    if case.fee_paid_at is not None:
        return str(_("The fee has already been paid."))
    return None


def _fee_settled(case: Case) -> str | None:
    if case.procedure_version.fee and case.fee_paid_at is None:
        return str(_("The fee must be paid before a decision."))
    return None


class ClockEffect(StrEnum):
    """What a transition does to the legal clock (cases.deadlines; the state is deadlines.clock_state).

    The clock starts once, at the one transition the procedure counts from: submission for an
    urgent matter (hours, around the clock), payment where the catalogue says `clock_starts:
    payment`, otherwise receipt of the complete dossier (see `clock_start_for`). A START_AT_…
    effect is a no-op for a procedure that counts from another moment, or once the clock runs.
    """

    NONE = "none"
    START_AT_SUBMISSION = "start_at_submission"
    START_AT_RECEIPT = "start_at_receipt"
    START_AT_PAYMENT = "start_at_payment"
    # The applicant is asked for documents (the once-only supplement, or completing the dossier
    # of an urgent matter whose clock runs from submission): the due date is withdrawn until the
    # documents come. A clock not started yet stays so, and nothing is recorded for it.
    PAUSE = "pause"
    RESUME = "resume"
    # A decision: the clock stops and the result is recorded early / on time / late.
    STOP_WITH_RESULT = "stop_with_result"
    # The case ends without a decision (closed_at): the clock stops, whatever its state.
    STOP = "stop"


def clock_start_for(*, urgent: bool, clock_starts: str) -> ClockEffect:
    """The START_AT_… effect that starts the clock of a procedure (its catalogue entry)."""
    if urgent:
        return ClockEffect.START_AT_SUBMISSION
    if clock_starts == "payment":
        return ClockEffect.START_AT_PAYMENT
    return ClockEffect.START_AT_RECEIPT


Recipient = Literal["applicant"]
TELL_APPLICANT: frozenset[Recipient] = frozenset({"applicant"})


@dataclass(frozen=True)
class Effects:
    """Everything a transition does besides changing the status, declared with it in TRANSITIONS
    and applied by cases.services.apply_transition (which asks cases.deadlines, notices,
    notifications and portal.statistics); tests/cases/test_transition_effects.py applies every
    transition and checks it does exactly this."""

    clock: ClockEffect = ClockEffect.NONE
    # The Case field set to the moment of the transition.
    timestamp: str = ""
    # Official notices issued (cases.models.NoticeKind values), in this order.
    notices: tuple[str, ...] = ()
    # Issued only when this transition started the clock: the receipt with the appointment date
    # when the period counts from payment.
    notices_if_clock_started: tuple[str, ...] = ()
    # The statistics counter it adds to (portal.statistics): "received" (with the online and
    # digitised figures), "resolved" (approved or refused, timeliness, working days), or a
    # closing counter. The month is that of the timestamp.
    counter: str = ""
    # Who is told by e-mail (cases.notifications.status_changed). The submission has its own
    # e-mail, with the access key (services.save_application).
    tells: frozenset[Recipient] = field(default_factory=frozenset)
    # It names the documents the applicant must send (Case.requested_documents; listed in the
    # e-mail and the notice).
    asks_for_documents: bool = False
    # It answers such a request: the files are stored under this cases.models.Document.Stage.
    sends_documents: str = ""
    # The officer who makes it becomes the case's holder if it has none.
    assigns_actor: bool = False
    # It uses the once-only supplement (Case.supplement_count).
    counts_supplement: bool = False


@dataclass(frozen=True)
class Transition:
    action: str
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    actor: Actor
    reason_required: bool = False
    condition: Callable[[Case], str | None] | None = None
    # Buttons that end a case are shown apart and asked to be confirmed.
    dangerous: bool = False
    # Cannot be undone (a decision, or the end of the case): the web pages ask the person to
    # confirm before the POST that makes it, and staff may add a note for colleagues.
    irreversible: bool = False
    # The system may also make it, without a person: a payment the gateway confirmed.
    by_system: bool = False
    # Made only by the payments app, with the money it records (amount, method, receipt): the
    # case page's button and the API's transition refuse it bare (payments.services calls it).
    with_payment_only: bool = False
    # Its target waits for the applicant (documents, payment): badges, reminders, the status page.
    awaits_applicant: bool = False
    effects: Effects = Effects()


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", _("Submit"), frozenset({Status.DRAFT}), Status.SUBMITTED, "applicant",
               effects=Effects(clock=ClockEffect.START_AT_SUBMISSION, timestamp="submitted_at",
                               counter="received")),
    Transition("receive", _("Receive (complete)"), frozenset({Status.SUBMITTED}),
               Status.RECEIVED, "officer",
               effects=Effects(clock=ClockEffect.START_AT_RECEIPT, timestamp="received_at",
                               notices=("receipt",), tells=TELL_APPLICANT, assigns_actor=True)),
    # Decree 118/2025/NĐ-CP: an incomplete dossier is not received; the officer says what to
    # complete (form 02) and the citizen sends it back. Not the once-only processing supplement:
    # it may happen again. The clock has not started, except for an urgent matter (counted from
    # submission): that one pauses while the citizen completes, as for a supplement, and resumes
    # when the dossier comes back (docs/adr/0004-completion-request-pauses-an-urgent-clock.md).
    Transition("request_completion", _("Ask to complete the dossier"), frozenset({Status.SUBMITTED}),
               Status.COMPLETION_REQUESTED, "officer", reason_required=True, awaits_applicant=True,
               effects=Effects(clock=ClockEffect.PAUSE, notices=("completion_request",),
                               tells=TELL_APPLICANT, asks_for_documents=True)),
    Transition("complete_dossier", _("Send the completed dossier"),
               frozenset({Status.COMPLETION_REQUESTED}), Status.SUBMITTED, "applicant",
               effects=Effects(clock=ClockEffect.RESUME, tells=TELL_APPLICANT,
                               sends_documents="completion")),
    Transition("not_accept", _("Do not accept"), frozenset({Status.SUBMITTED}),
               Status.NOT_ACCEPTED, "officer", reason_required=True, dangerous=True,
               irreversible=True,
               effects=Effects(clock=ClockEffect.STOP, timestamp="closed_at",
                               notices=("refusal_to_accept",), counter="not_accepted",
                               tells=TELL_APPLICANT)),
    Transition("start_processing", _("Start processing"), frozenset({Status.RECEIVED}),
               Status.IN_PROCESSING, "officer"),
    Transition("request_supplement", _("Request a supplement"),
               frozenset({Status.IN_PROCESSING}), Status.SUPPLEMENT_REQUESTED, "officer",
               reason_required=True, condition=_supplement_not_yet_requested,
               awaits_applicant=True,
               effects=Effects(clock=ClockEffect.PAUSE, notices=("supplement_request",),
                               tells=TELL_APPLICANT, asks_for_documents=True,
                               counts_supplement=True)),
    Transition("provide_supplement", _("Send the documents"),
               frozenset({Status.SUPPLEMENT_REQUESTED}), Status.SUPPLEMENT_PROVIDED, "applicant",
               effects=Effects(clock=ClockEffect.RESUME, tells=TELL_APPLICANT,
                               sends_documents="supplement")),
    Transition("request_fee", _("Request the fee"),
               frozenset({Status.IN_PROCESSING, Status.SUPPLEMENT_PROVIDED}),
               Status.FEE_REQUESTED, "officer", condition=_has_unpaid_fee, awaits_applicant=True,
               effects=Effects(notices=("payment",), tells=TELL_APPLICANT)),
    Transition("record_payment", _("Record the payment"), frozenset({Status.FEE_REQUESTED}),
               Status.FEE_PAID, "officer", by_system=True, with_payment_only=True,
               effects=Effects(clock=ClockEffect.START_AT_PAYMENT, timestamp="fee_paid_at",
                               notices_if_clock_started=("receipt",), tells=TELL_APPLICANT)),
    Transition("approve", _("Approve"), WORKING, Status.APPROVED, "decider",
               condition=_fee_settled, irreversible=True,
               effects=Effects(clock=ClockEffect.STOP_WITH_RESULT, timestamp="decided_at",
                               counter="resolved", tells=TELL_APPLICANT)),
    Transition("refuse", _("Refuse"), WORKING, Status.REFUSED, "decider",
               reason_required=True, dangerous=True, irreversible=True,
               effects=Effects(clock=ClockEffect.STOP_WITH_RESULT, timestamp="decided_at",
                               counter="resolved", tells=TELL_APPLICANT)),
    # The clock stopped at the decision.
    Transition("return_result", _("Return the result"),
               frozenset({Status.APPROVED, Status.REFUSED}), Status.RESULT_RETURNED, "officer",
               effects=Effects(timestamp="closed_at", notices=("result_letter", "control_sheet"),
                               counter="returned", tells=TELL_APPLICANT)),
    Transition("withdraw", _("Withdraw my application"), BEFORE_DECISION, Status.WITHDRAWN,
               "applicant", dangerous=True, irreversible=True,
               effects=Effects(clock=ClockEffect.STOP, timestamp="closed_at", counter="withdrawn",
                               tells=TELL_APPLICANT)),
    Transition("stop", _("Stop processing"), BEFORE_DECISION - {Status.SUBMITTED},
               Status.STOPPED, "officer", reason_required=True, dangerous=True, irreversible=True,
               effects=Effects(clock=ClockEffect.STOP, timestamp="closed_at",
                               notices=("stopped",), counter="stopped", tells=TELL_APPLICANT)),
)}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


# The transitions that ask for documents, and the ones that answer them (read from the effects).
ASKS_FOR_DOCUMENTS = frozenset(t.action for t in TRANSITIONS.values() if t.effects.asks_for_documents)
SENDS_DOCUMENTS = frozenset(t.action for t in TRANSITIONS.values() if t.effects.sends_documents)
# The transitions the applicant is told about by e-mail.
TELLS_APPLICANT = frozenset(t.action for t in TRANSITIONS.values() if "applicant" in t.effects.tells)
# The transitions that end a case without a decision, or after it (closed_at), with the counter
# each adds to, keyed by the status it leaves the case in (portal.statistics.rebuild reads it).
CLOSING_COUNTER = {t.target: t.effects.counter for t in TRANSITIONS.values()
                   if t.effects.timestamp == "closed_at"}


# Where the applicant has to act (send documents, pay): the targets of the requests that wait for
# them, read from the table (tests check that every status an applicant's step leaves is here).
AWAITING_APPLICANT = frozenset(t.target for t in TRANSITIONS.values() if t.awaits_applicant)
SUCCESSFUL = frozenset({Status.APPROVED, Status.RESULT_RETURNED})


def badge(status: str) -> str:
    """The colour family of a status badge on every page: ok, closed, waiting (for the applicant), open."""
    if status in SUCCESSFUL:
        return "ok"
    if status in CLOSED_STATUSES or status == Status.REFUSED:
        return "closed"
    if status in AWAITING_APPLICANT:
        return "waiting"
    return "open"


# The reason a transition requires is addressed to the applicant: it is kept as the case's last
# reason, shown on the status page and the API while the case is in that transition's target, and
# with that event in the applicant's timeline. One rule, read from the table.
REASON_FOR_APPLICANT = frozenset(t.action for t in TRANSITIONS.values() if t.reason_required)
REASON_SHOWN = frozenset(TRANSITIONS[action].target for action in REASON_FOR_APPLICANT)


# Statuses in which the legal clock runs for the office, read from the declared clock effects:
# open, and not left by a transition that pauses the clock (waiting for the applicant's
# documents) or stops it (a decision). Read by the queue's SQL buckets
# (selectors.timeliness_filter) and by deadlines.case_timeliness; services apply the same effects
# to due_at, which the case page, the API and the status page show (deadlines.clock_state). The
# two forms are compared for every transition in tests/cases/test_transition_effects.py.
CLOCK_PAUSED_IN = frozenset(
    t.target for t in TRANSITIONS.values() if t.effects.clock is ClockEffect.PAUSE
)
CLOCK_STOPPED_IN = frozenset(
    t.target for t in TRANSITIONS.values()
    if t.effects.clock in (ClockEffect.STOP, ClockEffect.STOP_WITH_RESULT)
)
CLOCK_RUNNING = OPEN_STATUSES - CLOCK_PAUSED_IN - CLOCK_STOPPED_IN
