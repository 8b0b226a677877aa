"""Names people read, in their language: countries (from the CLDR data Babel ships) and the local
time of an office. pycountry stays the list of valid ISO 3166 codes; its names are English only."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.utils.translation import get_language


def _language(language: str | None) -> str:
    return "en" if (language or get_language() or "vi").startswith("en") else "vi"


@lru_cache(maxsize=4)
def _territories(language: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale(language).territories)


def country_name(code: str, language: str | None = None) -> str:
    """"FR" -> "Pháp" on a Vietnamese page, "France" on an English one; the code when unknown."""
    code = (code or "").upper()
    return _territories(_language(language)).get(code, code)


def sort_key(text: str) -> str:
    """Alphabetical order as a Vietnamese reader expects it, diacritics aside (Ả Rập before Bỉ)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4)
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    import pycountry

    names = _territories(language)
    pairs = [(c.alpha_2, names.get(c.alpha_2, c.name)) for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[1])))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every ISO 3166 country, named and ordered in the reader's language."""
    return list(_country_choices(_language(language)))


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
