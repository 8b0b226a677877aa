"""Names people read, in their language: countries (from the CLDR data Babel ships) and the local
time of an office. pycountry stays the list of valid ISO 3166 codes; its names are English only."""

from __future__ import annotations

# Country names live in core.countries (one list, CLDR names, folded sort); they are
# re-exported here for the pages that format what people read.
from chancery.core.countries import _language, country_choices, country_name  # noqa: F401


def format_money(amount: object, currency: str, language: str | None = None) -> str:
    """"30.000 VND" on a Vietnamese page, "30,000 VND" on an English one; "70 USD"; cents only
    when there are some ("12,50 USD"). The ISO code, not a symbol: $ is not only the US dollar."""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_decimal

    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}".strip()
    pattern = "#,##0" if value == value.to_integral() else "#,##0.00"
    return f"{format_decimal(value, format=pattern, locale=_language(language))} {currency}".strip()
