"""The shape of a procedure file in `catalog/`. Validation errors name file, field and reason."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
IDENT = r"^[a-z][a-z0-9_]*$"

FieldType = Literal["text", "long_text", "date", "choice", "country", "email", "phone", "number"]
DocumentType = Literal["pdf", "jpeg", "png"]
UnitKindName = Literal["ministry_department", "embassy", "consulate_general", "city_foreign_affairs"]
ProcedureField = Literal[
    "consular", "legalisation", "civil_status", "nationality", "citizen_protection", "visa"
]
TimeUnit = Literal["working_days", "calendar_days", "working_hours", "hours"]


def json_number(value: Decimal) -> int | float:
    """A bound as a JSON number: the published definition is read by forms, the API and clients,
    which compare numbers with numbers (pydantic would write a Decimal as a string)."""
    return int(value) if value == value.to_integral_value() else float(value)


# Validated exactly (a Decimal), published as a number.
Bound = Annotated[Decimal, PlainSerializer(json_number, return_type=int | float, when_used="json")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Text(Strict):
    """Every text shown to people exists in Vietnamese and English."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ShowIf(Strict):
    """When a field or document applies (evaluated by procedures/conditions.py): another field's
    answer (`field` with `equals` or `in`) or the age from a date field (`age_from` with `under`
    or `at_least`). Which fields may be named is checked with the whole file (condition_problems)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, serialize_by_alias=True)

    field: str | None = Field(default=None, pattern=IDENT)
    equals: str | None = Field(default=None, min_length=1)
    in_: list[str] | None = Field(default=None, alias="in", min_length=1)
    age_from: str | None = Field(default=None, pattern=IDENT)
    under: int | None = Field(default=None, ge=1, le=150)
    at_least: int | None = Field(default=None, ge=1, le=150)

    @model_validator(mode="after")
    def one_form(self) -> ShowIf:
        by_value = (self.equals is not None) + (self.in_ is not None)
        by_age = (self.under is not None) + (self.at_least is not None)
        if self.field is not None and self.age_from is None:
            if by_value != 1 or by_age:
                raise ValueError("with 'field', give exactly one of 'equals' or 'in'")
        elif self.age_from is not None and self.field is None:
            if by_age != 1 or by_value:
                raise ValueError("with 'age_from', give exactly one of 'under' or 'at_least'")
        else:
            raise ValueError("give either 'field' (with 'equals' or 'in') or 'age_from' "
                             "(with 'under' or 'at_least')")
        return self

    @property
    def source(self) -> str:
        return self.field or self.age_from or ""


class Choice(Strict):
    value: str = Field(min_length=1, max_length=60)
    label: Text


class FormField(Strict):
    name: str = Field(pattern=IDENT, max_length=60)
    type: FieldType
    label: Text
    required: bool = True
    help: Text | None = None
    max_length: int | None = Field(default=None, ge=1, le=10000)
    choices: list[Choice] | None = None
    min: Bound | None = None
    max: Bound | None = None
    # Digits allowed after the decimal point; unset means a whole number (counts of documents,
    # pages, copies: "2.5 copies" must be refused, not stored).
    decimals: int | None = Field(default=None, ge=1, le=4)
    show_if: ShowIf | None = None

    @field_validator("name")
    @classmethod
    def not_reserved(cls, value: str) -> str:
        if value.startswith("applicant_"):
            raise ValueError("names starting with 'applicant_' are reserved for the platform")
        return value

    @model_validator(mode="after")
    def options_fit_type(self) -> FormField:
        if self.type == "choice":
            if not self.choices or len(self.choices) < 2:
                raise ValueError("a choice field needs at least 2 choices")
            values = [c.value for c in self.choices]
            if len(set(values)) != len(values):
                raise ValueError("choice values must be unique")
        elif self.choices is not None:
            raise ValueError(f"choices are only allowed on choice fields, not on {self.type}")
        if self.max_length is not None and self.type not in ("text", "long_text"):
            raise ValueError("max_length is only allowed on text and long_text fields")
        if (self.min is not None or self.max is not None or self.decimals is not None) \
                and self.type != "number":
            raise ValueError("min, max and decimals are only allowed on number fields")
        if self.decimals is None:
            for bound in (self.min, self.max):
                if bound is not None and bound != bound.to_integral_value():
                    raise ValueError("a whole-number field needs whole bounds; set decimals for others")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class RequiredDocument(Strict):
    code: str = Field(pattern=IDENT, max_length=60)
    name: Text
    required: bool = True
    accepted_types: list[DocumentType] = Field(min_length=1)
    max_size_mb: int = Field(ge=1, le=20)
    show_if: ShowIf | None = None


class Step(Strict):
    # From this many (inclusive), the period is `amount`.
    at_least: int = Field(ge=2)
    amount: int = Field(ge=0, le=365)


class GrowsWith(Strict):
    """A period that depends on a number the applicant gives, e.g. legalisation: 1 working day
    for 1-4 documents, at most 2 for 5-9, at most 4 for 10 or more (Decree 196/2025/NĐ-CP)."""

    field: str = Field(pattern=IDENT)
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def ascending(self) -> GrowsWith:
        starts = [s.at_least for s in self.steps]
        amounts = [s.amount for s in self.steps]
        if starts != sorted(set(starts)) or amounts != sorted(amounts):
            raise ValueError("steps must go up: each `at_least` and `amount` at least the one before")
        return self


class OfficialForm(Strict):
    """A form the law prescribes for the procedure (e.g. passport declaration TK02), cited."""

    code: str = Field(min_length=1, max_length=40)
    name: Text
    url: str | None = Field(default=None, max_length=500)
    source: str = Field(min_length=1, max_length=300)

    @field_validator("url")
    @classmethod
    def https_only(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", value):
            raise ValueError("a form's url must be a full https:// address")
        return value


class ProcessingTime(Strict):
    # 0 means the same day (copy and signature certification, birth and death registration:
    # Decree 23/2015/NĐ-CP, Law on Civil Status): on the spot, or the next working day when
    # received after 15:00.
    amount: int = Field(ge=0, le=365)
    unit: TimeUnit
    note: Text | None = None
    grows_with: GrowsWith | None = None

    @model_validator(mode="after")
    def same_day_is_in_days(self) -> ProcessingTime:
        if self.unit in ("working_hours", "hours") and self.amount == 0:
            raise ValueError("a period in hours must be at least 1 hour")
        if self.grows_with and self.grows_with.steps[0].amount < self.amount:
            raise ValueError("grows_with steps must not be shorter than the base amount")
        return self


def _positive_amount(value: str) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError("the fee amount must be a decimal number such as \"70\" or \"10.50\"") from exc
    if not amount.is_finite() or amount <= 0:
        raise ValueError("a fee must be positive; write `fee: null` for no fee")
    return str(amount)


# What one amount is charged for (payments/fees.py multiplies the amount by the count).
FeeUnit = Literal["application", "document", "copy", "person"]
# The currency of the tariff by where the office is: missions charge the USD tariff of Circular
# 264/2016/TT-BTC (as amended by Circular 113/2021/TT-BTC); offices in Viet Nam charge VND
# (Circular 157/2016/TT-BTC).
CURRENCY_BY_OFFICE: dict[str, str] = {
    "embassy": "USD", "consulate_general": "USD",
    "ministry_department": "VND", "city_foreign_affairs": "VND",
}
Source = Annotated[str, Field(min_length=3, max_length=400)]
Amount = Annotated[str, AfterValidator(_positive_amount)]


class FeeOfficeAmount(Strict):
    """The amount at some kinds of office, where it differs from the fee's own (e.g. 30,000 VND
    per document in Viet Nam, 10 USD at a mission)."""

    offices: list[UnitKindName] = Field(min_length=1)
    amount: Amount
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    source: Source


class FeeRate(Strict):
    """Another amount in a case the tariff names, read from an answer (e.g. a passport re-issued
    after loss or damage: 150 USD). The first rate whose `when` holds replaces the amount."""

    when: ShowIf
    amount: Amount
    label: Text
    source: Source


class FeeReduction(Strict):
    """A reduction or exemption the law states, read from an answer: the applicant pays
    `pay_percent` % of the fee (0 is an exemption). The largest reduction that applies wins;
    reductions are not added up."""

    when: ShowIf
    pay_percent: int = Field(ge=0, le=99)
    label: Text
    source: Source


class Fee(Strict):
    # The amount per unit of charge and its currency at every office that `by_office` does not name.
    amount: Amount
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    # Per application (the default), or per document, copy or person: then `count_field` names the
    # whole-number answer that gives the count.
    unit: FeeUnit = "application"
    count_field: str | None = Field(default=None, pattern=IDENT)
    # Where the amount comes from (the tariff's row).
    source: Source
    by_office: list[FeeOfficeAmount] | None = None
    rates: list[FeeRate] | None = None
    reductions: list[FeeReduction] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def unit_has_count(self) -> Fee:
        if self.unit == "application" and self.count_field is not None:
            raise ValueError("count_field is for a fee per document, copy or person; "
                             "remove it or set `unit`")
        if self.unit != "application" and self.count_field is None:
            raise ValueError(f"a fee per {self.unit} needs `count_field`: the answer that gives "
                             "the number")
        seen: set[str] = set()
        for entry in self.by_office or []:
            for office in entry.offices:
                if office in seen:
                    raise ValueError(f"by_office: '{office}' appears twice")
                seen.add(office)
        return self


class ProcedureDefinition(Strict):
    code: str = Field(pattern=SLUG, max_length=80)
    version: int = Field(ge=1)
    national_code: str | None = Field(default=None, max_length=40)
    name: Text
    description: Text
    field: ProcedureField
    online_level: Literal["full", "partial"]
    urgent: bool = False
    processing_time: ProcessingTime
    # When the legal clock starts: on receipt of the complete dossier (the default), or once the
    # fee is paid, where the law says so (online legalisation: Decree 196/2025/NĐ-CP).
    clock_starts: Literal["receipt", "payment"] | None = None
    fee: Fee | None
    legal_basis: list[str] = Field(min_length=1)
    handled_by: list[UnitKindName] = Field(min_length=1)
    fields: list[FormField] = Field(min_length=1)
    documents: list[RequiredDocument] = Field(default_factory=list)
    # None when the law names no form (left out of the stored definition, so the checksums of
    # versions published before this key existed do not change).
    official_forms: list[OfficialForm] | None = None

    @model_validator(mode="after")
    def unique_names(self) -> ProcedureDefinition:
        for label, names in (
            ("fields", [f.name for f in self.fields]),
            ("documents", [d.code for d in self.documents]),
        ):
            seen: set[str] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"{label}: '{name}' appears twice")
                seen.add(name)
        if any(not re.sub(r"\s", "", b) for b in self.legal_basis):
            raise ValueError("legal_basis entries must not be empty")
        if self.clock_starts == "payment" and self.fee is None:
            raise ValueError("clock_starts: payment needs a fee")
        grows = self.processing_time.grows_with
        if grows:
            spec = next((f for f in self.fields if f.name == grows.field), None)
            if spec is None or spec.type != "number" or spec.decimals is not None:
                raise ValueError(
                    f"processing_time.grows_with.field: '{grows.field}' must be a whole-number field"
                )
        return self


# Field types a value rule may read (their answers are one of a known set of codes).
VALUE_RULE_TYPES = ("choice", "country")


def condition_problems(definition: ProcedureDefinition) -> list[tuple[str, str]]:
    """(location, reason) for each `show_if` that names a field that is not an earlier field of
    a fitting type, or a value that field can never have."""
    problems: list[tuple[str, str]] = []
    earlier: dict[str, FormField] = {}
    items = [(f"fields[{i}]", f.show_if) for i, f in enumerate(definition.fields)]
    items += [(f"documents[{i}]", d.show_if) for i, d in enumerate(definition.documents)]
    names = {f.name for f in definition.fields}
    for index, (where, rule) in enumerate(items):
        if index < len(definition.fields):
            current = definition.fields[index]
        if rule is not None:
            key = "field" if rule.field else "age_from"
            loc = f"{where}.show_if.{key}"
            source = earlier.get(rule.source)
            if rule.source not in names:
                problems.append((loc, f"'{rule.source}' is not a field of this procedure"))
            elif source is None:
                problems.append((loc, f"'{rule.source}' must come before the field that depends on it"))
            elif rule.age_from and source.type != "date":
                problems.append((loc, "an age is counted from a date field; "
                                      f"'{rule.source}' is {source.type}"))
            elif rule.field and source.type not in VALUE_RULE_TYPES:
                problems.append((loc, f"a value rule reads a choice or country field; "
                                      f"'{rule.source}' is {source.type}"))
            elif rule.field:
                values = [rule.equals] if rule.equals is not None else list(rule.in_ or [])
                if source.type == "choice":
                    allowed = {c.value for c in source.choices or []}
                    wrong = [v for v in values if v not in allowed]
                    if wrong:
                        problems.append((f"{where}.show_if", f"'{wrong[0]}' is not a choice of "
                                         f"'{rule.source}' ({', '.join(sorted(allowed))})"))
                elif any(not re.fullmatch(r"[A-Z]{2}", v) for v in values):
                    problems.append((f"{where}.show_if", "a country is written as its two-letter "
                                     "ISO code, such as FR"))
        if index < len(definition.fields):
            earlier[current.name] = current
    fee = definition.fee
    fee_rules = [(f"fee.rates[{i}].when", r.when) for i, r in enumerate(fee.rates or [])] if fee else []
    fee_rules += [(f"fee.reductions[{i}].when", r.when) for i, r in enumerate(fee.reductions or [])] \
        if fee else []
    for loc, rule in fee_rules:
        source = earlier.get(rule.source)
        if source is None:
            problems.append((loc, f"'{rule.source}' is not a field of this procedure"))
        elif rule.age_from:
            problems.append((loc, "a fee rule reads a choice or country answer, not an age"))
        elif source.type not in VALUE_RULE_TYPES:
            problems.append((loc, f"a fee rule reads a choice or country field; "
                                  f"'{rule.source}' is {source.type}"))
        else:
            values = [rule.equals] if rule.equals is not None else list(rule.in_ or [])
            if source.type == "choice":
                allowed = {c.value for c in source.choices or []}
                wrong = [v for v in values if v not in allowed]
                if wrong:
                    problems.append((loc, f"'{wrong[0]}' is not a choice of '{rule.source}' "
                                          f"({', '.join(sorted(allowed))})"))
            elif any(not re.fullmatch(r"[A-Z]{2}", v) for v in values):
                problems.append((loc, "a country is written as its two-letter ISO code, such as FR"))
    return problems


def fee_problems(definition: ProcedureDefinition) -> list[tuple[str, str]]:
    """(location, reason) for a fee block that does not fit the rest of the file: the count it
    multiplies by must be a whole-number question that is always asked; the offices it names must
    handle the procedure; every office is charged in its tariff's currency (CURRENCY_BY_OFFICE)."""
    fee = definition.fee
    if fee is None:
        return []
    problems: list[tuple[str, str]] = []
    if fee.count_field is not None:
        spec = next((f for f in definition.fields if f.name == fee.count_field), None)
        if spec is None or spec.type != "number" or spec.decimals is not None:
            problems.append(("fee.count_field", f"'{fee.count_field}' must be a whole-number field "
                                                "of this procedure"))
        elif not spec.required or spec.show_if is not None:
            problems.append(("fee.count_field", f"'{fee.count_field}' must be a required question "
                                                "that is always asked"))
    for i, entry in enumerate(fee.by_office or []):
        stray = [o for o in entry.offices if o not in definition.handled_by]
        if stray:
            problems.append((f"fee.by_office[{i}].offices", f"'{stray[0]}' does not handle this "
                                                            "procedure (see handled_by)"))
    for office in definition.handled_by:
        index, entry = next(((i, e) for i, e in enumerate(fee.by_office or []) if office in e.offices),
                            (None, None))
        currency = entry.currency if entry else fee.currency
        expected = CURRENCY_BY_OFFICE[office]
        if currency != expected:
            where = f"fee.by_office[{index}].currency" if entry else "fee.currency"
            problems.append((where, f"a fee at {office} is charged in {expected}, not {currency} "
                                    "(USD at missions: Circular 264/2016/TT-BTC as amended by "
                                    "113/2021/TT-BTC; VND in Viet Nam: Circular 157/2016/TT-BTC); "
                                    "give the amount there in fee.by_office"))
    return problems
