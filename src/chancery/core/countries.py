"""Country names in the reader's language, from CLDR (Babel): the picker of where one lives.

ISO 3166 codes come from pycountry; names are CLDR's for Vietnamese ("Pháp", "Ả Rập Xê-út") and
English. Sorted by the folded name, so "Ấn Độ" sits among the A's, not after Z.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale
from django.utils.translation import get_language

from chancery.core.text import fold


def _language(language: str | None) -> str:
    return "en" if (language or get_language() or "vi").startswith("en") else "vi"


@lru_cache(maxsize=4)
def _names(language: str) -> dict[str, str]:
    cldr = Locale.parse(language).territories
    return {c.alpha_2: cldr.get(c.alpha_2) or c.name for c in pycountry.countries}


def country_name(code: str, language: str | None = None) -> str:
    """The name of an ISO 3166 alpha-2 country in the reader's language; the code if unknown."""
    code = (code or "").upper()
    return _names(_language(language)).get(code, code)


def is_country(code: str | None) -> bool:
    return bool(code) and (code or "").upper() in _names("en")


@lru_cache(maxsize=4)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_names(language).items(), key=lambda item: fold(item[1])))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every country, in the reader's language and alphabetical order."""
    return list(_choices(_language(language)))
