"""Bank transfers: a bank statement (CSV) imported by an officer is matched line by line to the
applications whose fee is requested.

A line names its application by the payment reference the citizen was given: the tracking code
(with or without its dashes) or the reference of an online attempt, anywhere in the free-text
description ("CK LE PHI ABCD-EFGH-JKM NGUYEN VAN A"). A line for the full amount due records a
transfer payment (with its receipt, and the case's "fee paid"); every other line is listed with
why it did not match. Each line is kept once per bank transaction id, so importing the same
statement again records nothing twice and lists those lines as already imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.audit.services import record
from chancery.cases.codes import canonical, normalize
from chancery.cases.models import Case
from chancery.core.errors import DomainError
from chancery.organization.selectors import may_work_cases
from chancery.payments import fees
from chancery.payments.models import Payment, StatementLine, StatementOutcome
from chancery.payments.services import PaymentError, record_transfer_payment

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000

# Accepted column names (lower case, spaces and underscores alike), English and Vietnamese.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "booking date", "value date", "transaction date", "ngay", "ngày",
             "ngày giao dịch", "ngay giao dich"),
    "amount": ("amount", "credit", "credit amount", "so tien", "số tiền", "ghi có", "ghi co"),
    "currency": ("currency", "ccy", "loai tien", "loại tiền", "tiền tệ", "tien te"),
    "reference": ("reference", "payment reference", "ref"),
    "description": ("description", "details", "narrative", "remittance information", "noi dung",
                    "nội dung", "diễn giải", "dien giai"),
    "transaction_id": ("bank transaction id", "transaction id", "transaction no", "id",
                       "ma giao dich", "mã giao dịch", "số bút toán", "so but toan"),
}
REQUIRED = ("date", "amount", "currency", "transaction_id")


def _column_label(column: str) -> str:
    return {"date": _("date"), "amount": _("amount"), "currency": _("currency"),
            "transaction_id": _("bank transaction id"),
            "reference/description": _("reference / description")}.get(column, column)


class StatementError(DomainError):
    """The file as a whole cannot be read: nothing was imported."""

    code = "statement_invalid"


@dataclass(frozen=True)
class StatementRow:
    line: int
    booked_on: date
    amount: Decimal
    currency: str
    text: str
    transaction_id: str


@dataclass
class ImportReport:
    matched: list[StatementLine] = field(default_factory=list)
    unmatched: list[StatementLine] = field(default_factory=list)
    duplicates: list[StatementLine] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line number, problem)
    outside: list[StatementRow] = field(default_factory=list)  # cases of offices not the officer's

    @property
    def total(self) -> int:
        return (len(self.matched) + len(self.unmatched) + len(self.duplicates) + len(self.invalid)
                + len(self.outside))


def _key(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


def parse_amount(text: str) -> Decimal:
    """"1500000", "1,500,000", "1.500.000", "1 500 000,50", "70.00": the last separator followed
    by one or two digits is the decimal point; the others group thousands."""
    cleaned = re.sub(r"[^\d.,\-]", "", text or "")
    if not cleaned or not re.search(r"\d", cleaned):
        raise ValueError(text)
    last = max(cleaned.rfind("."), cleaned.rfind(","))
    if last >= 0 and 1 <= len(cleaned) - last - 1 <= 2:
        whole, decimals = cleaned[:last], cleaned[last + 1:]
    else:
        whole, decimals = cleaned, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        value = Decimal(f"{whole or '0'}.{decimals or '0'}")
    except InvalidOperation:
        raise ValueError(text) from None
    return value


def parse_date(text: str) -> date:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_statement(data: bytes) -> tuple[list[StatementRow], list[tuple[int, str]]]:
    """The statement's lines, and the lines that could not be read (number, why). Raises
    StatementError when the file as a whole is not a readable statement."""
    if not data:
        raise StatementError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise StatementError(_("The file is too large (at most 5 MB)."))
    not_text = _("The file is not a CSV text file in UTF-8. "
                 "Export the statement as CSV (UTF-8) and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(not_text) from None
    if "\x00" in text:
        raise StatementError(not_text)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise StatementError(_("The file is empty.")) from None
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for column, names in COLUMNS.items():
            if key in names and column not in positions:
                positions[column] = index
    missing = [c for c in REQUIRED if c not in positions]
    if "reference" not in positions and "description" not in positions:
        missing.append("reference/description")
    if missing:
        raise StatementError(
            _("The first line must name the columns: date, amount, currency, reference or "
              "description, and bank transaction id. Missing: %(missing)s.")
            % {"missing": ", ".join(_column_label(m) for m in missing)})
    rows: list[StatementRow] = []
    problems: list[tuple[int, str]] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if number > MAX_LINES + 1:
                raise StatementError(_("The file has too many lines (at most %(n)d).") % {"n": MAX_LINES})

            def cell(column: str, cells: list[str] = cells) -> str:
                index = positions.get(column)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            try:
                booked_on = parse_date(cell("date"))
            except ValueError:
                problems.append((number, _("The date “%(value)s” is not a date (2026-03-31 or 31/03/2026).")
                                 % {"value": cell("date")}))
                continue
            try:
                amount = parse_amount(cell("amount"))
            except ValueError:
                problems.append((number, _("The amount “%(value)s” is not a number.")
                                 % {"value": cell("amount")}))
                continue
            currency = cell("currency").upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                problems.append((number, _(
                    "The currency “%(value)s” is not a three-letter code (VND, USD).")
                    % {"value": cell("currency")}))
                continue
            transaction_id = cell("transaction_id")
            if not transaction_id or len(transaction_id) > 60:
                problems.append((number, _(
                    "The bank transaction id is missing or longer than 60 characters.")))
                continue
            if amount <= 0:
                problems.append((number, _("Not a credit (the amount is not above zero).")))
                continue
            text_ = " ".join(t for t in (cell("reference"), cell("description")) if t)
            rows.append(StatementRow(number, booked_on, amount, currency, text_, transaction_id))
    except csv.Error as exc:
        raise StatementError(_("The file is not a readable CSV file: %(error)s") % {"error": exc}) from None
    return rows, problems




_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{4})[ \-.]?([0-9A-Z]{4})[ \-.]?([0-9A-Z]{3})(?![0-9A-Z])")


def find_case(text: str) -> Case | None:
    """The case a transfer's free text names: an online attempt's reference, or the tracking
    code, with or without dashes or spaces, in any case (look-alike letters accepted)."""
    upper = (text or "").upper()
    # An online attempt's reference: the tracking code without dashes and 8 hex characters.
    for candidate in re.findall(r"[0-9A-Z]{19}", upper):
        payment = Payment.objects.select_related("case").filter(reference=candidate).first()
        if payment is not None:
            return payment.case
    # The tracking code: 11 characters, possibly split by dashes or spaces, inside other words.
    for match in _CODE.finditer(upper):
        code = canonical("".join(match.groups()))
        if code:
            case = Case.objects.filter(tracking_code=code).first()
            if case is not None:
                return case
    compact = normalize(upper)
    for start in range(len(compact) - 10):
        code = canonical(compact[start:start + 11])
        if code:
            case = Case.objects.filter(tracking_code=code).first()
            if case is not None:
                return case
    return None


def import_statement(*, data: bytes, actor: User, request: HttpRequest | None = None) -> ImportReport:
    """Import a bank statement: each new line matched and kept, each known line listed as
    already imported. Raises StatementError (nothing imported) for an unreadable file."""
    rows, problems = parse_statement(data)
    report = ImportReport(invalid=problems)
    for row in rows:
        previous = StatementLine.objects.filter(bank_transaction_id=row.transaction_id).first()
        if previous is not None:
            report.duplicates.append(previous)
            continue
        case = find_case(row.text)
        if case is not None and not may_work_cases(actor, case.unit_id):
            report.outside.append(row)
            continue
        line = StatementLine(
            bank_transaction_id=row.transaction_id, booked_on=row.booked_on, amount=row.amount,
            currency=row.currency, description=row.text[:2000], case=case,
            imported_at=timezone.now(),
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic():
                line.outcome = _outcome(case, row)
                if line.outcome == StatementOutcome.MATCHED:
                    try:
                        with transaction.atomic():
                            line.payment = record_transfer_payment(
                                case=case, amount=row.amount, currency=row.currency,
                                bank_transaction_id=row.transaction_id, actor=actor, request=request)
                    except PaymentError:
                        line.outcome = StatementOutcome.NOT_WAITING
                line.save()
        except IntegrityError:  # imported by someone else a moment ago
            previous = StatementLine.objects.filter(bank_transaction_id=row.transaction_id).first()
            if previous is not None:
                report.duplicates.append(previous)
            continue
        (report.matched if line.outcome == StatementOutcome.MATCHED else report.unmatched).append(line)
    record("payments.statement_imported", None, actor=actor, request=request,
           object_type="payments.statementline", matched=len(report.matched),
           unmatched=len(report.unmatched), duplicates=len(report.duplicates),
           invalid=len(report.invalid), outside=len(report.outside))
    return report


def _outcome(case: Case | None, row: StatementRow) -> str:
    from chancery.cases.lifecycle import Status

    if case is None:
        return StatementOutcome.UNKNOWN_REFERENCE
    if case.status != Status.FEE_REQUESTED:
        return StatementOutcome.NOT_WAITING
    due = fees.amount_due(case)
    if due is None:
        return StatementOutcome.NOT_WAITING
    if due.amount != row.amount or due.currency != row.currency:
        return StatementOutcome.WRONG_AMOUNT
    return StatementOutcome.MATCHED
