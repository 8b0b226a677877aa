"""Country names in Vietnamese and English: display, lookup from what staff type, tagging of text.

English names come from pycountry (ISO 3166). Vietnamese names are a short list of the countries
Vietnamese news writes about most, in the spellings the press uses.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

from chancery.briefings.text import fold, nfc

# code -> Vietnamese names, the usual one first.
VI_NAMES: dict[str, tuple[str, ...]] = {
    "VN": ("Việt Nam",),
    "JP": ("Nhật Bản",),
    "US": ("Hoa Kỳ", "Mỹ"),
    "FR": ("Pháp", "Cộng hòa Pháp"),
    "AU": ("Australia", "Úc", "Ô-xtrây-li-a"),
    "NZ": ("New Zealand", "Niu Di-lân"),
    "SA": ("Ả Rập Xê-út", "Ả Rập Saudi", "Saudi Arabia"),
    "YE": ("Yemen", "Y-ê-men"),
    "MC": ("Monaco", "Mô-na-cô"),
    "CN": ("Trung Quốc",),
    "RU": ("Liên bang Nga", "Nga"),
    "KR": ("Hàn Quốc",),
    "KP": ("Triều Tiên",),
    "IN": ("Ấn Độ",),
    "DE": ("Đức", "Cộng hòa Liên bang Đức"),
    "GB": ("Vương quốc Anh", "Anh"),
    "IT": ("Italia", "I-ta-li-a"),
    "ES": ("Tây Ban Nha",),
    "NL": ("Hà Lan",),
    "BE": ("Bỉ",),
    "CH": ("Thụy Sĩ",),
    "SE": ("Thụy Điển",),
    "NO": ("Na Uy",),
    "DK": ("Đan Mạch",),
    "FI": ("Phần Lan",),
    "PL": ("Ba Lan",),
    "CZ": ("Séc", "Cộng hòa Séc"),
    "HU": ("Hungary",),
    "UA": ("Ukraine", "Ucraina"),
    "TR": ("Thổ Nhĩ Kỳ",),
    "IL": ("Israel", "I-xra-en"),
    "IR": ("Iran",),
    "EG": ("Ai Cập",),
    "ZA": ("Nam Phi",),
    "AE": ("Các Tiểu vương quốc Ả Rập Thống nhất", "UAE"),
    "QA": ("Qatar", "Ca-ta"),
    "KW": ("Kuwait", "Cô-oét"),
    "LA": ("Lào",),
    "KH": ("Campuchia",),
    "TH": ("Thái Lan",),
    "MY": ("Malaysia", "Ma-lai-xi-a"),
    "SG": ("Singapore", "Xin-ga-po"),
    "ID": ("Indonesia", "In-đô-nê-xi-a"),
    "PH": ("Philippines", "Phi-líp-pin"),
    "MM": ("Myanmar", "Mi-an-ma"),
    "BN": ("Brunei", "Bru-nây"),
    "TL": ("Timor-Leste", "Đông Timor"),
    "MN": ("Mông Cổ",),
    "CA": ("Canada", "Ca-na-đa"),
    "MX": ("Mexico", "Mê-hi-cô"),
    "BR": ("Brazil", "Bra-xin"),
    "AR": ("Argentina", "Ác-hen-ti-na"),
    "CL": ("Chile", "Chi-lê"),
    "CU": ("Cuba", "Cu-ba"),
    "NG": ("Nigeria", "Ni-giê-ri-a"),
    "DZ": ("Algeria", "An-giê-ri"),
    "MA": ("Maroc",),
    "AT": ("Áo",),
    "GR": ("Hy Lạp",),
    "PT": ("Bồ Đào Nha",),
    "IE": ("Ireland", "Ai-len"),
    "RO": ("Romania", "Ru-ma-ni"),
    "BG": ("Bulgaria", "Bun-ga-ri"),
}

# Short Vietnamese names that are also common words or given names (Nga, Đức, Anh, Mỹ...):
# tagged only after a word that introduces a country ("tại Pháp", "Việt Nam - Nga").
_AMBIGUOUS = {"Nga", "Đức", "Anh", "Mỹ", "Áo", "Bỉ", "Séc", "Ý"}
_CONTEXT = (
    "nước",
    "tại",
    "với",
    "của",
    "thăm",
    "sang",
    "phía",
    "và",
    "Liên bang",
    "Cộng hòa",
    "Vương quốc",
    "Chính phủ",
    "Tổng thống",
    "Thủ tướng",
    "Đại sứ",
    "Đại sứ quán",
    "Nhà nước",
    "người",
    "quan hệ",
    "doanh nghiệp",
    "nhà đầu tư",
    "Quốc hội",
    "Ngoại trưởng",
    "Bộ trưởng",
    "thị trường",
    "đoàn",
    "đối tác",
)
# Names that are countries except before these words ("Pháp luật" is "law", "Lào Cai" a province).
_NOT_FOLLOWED = {
    "Pháp": r"(?!\s+(?:luật|lệnh|lý|nhân|quyền|chế|điển|định|đình|sư|môn|thuật|danh|trị)\b)",
    "Lào": r"(?!\s+Cai\b)",
    "Úc": r"(?!\s+(?:Kỳ|Lâm)\b)",
}
_DASH = r"\s*[-–—]\s*"

# English names staff and the international press use, beyond ISO's official ones.
EN_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "U.S."),
    "GB": ("United Kingdom", "UK", "Britain", "Great Britain"),
    "RU": ("Russia",),
    "KR": ("South Korea", "Korea"),
    "KP": ("North Korea",),
    "LA": ("Laos",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "CZ": ("Czech Republic", "Czechia"),
    "TR": ("Türkiye", "Turkey"),
    "VN": ("Vietnam", "Viet Nam"),
    "TW": ("Taiwan",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "MD": ("Moldova",),
    "NL": ("Netherlands", "Holland"),
}

# Country codes never added by automatic tagging: every Vietnamese article names Việt Nam.
_NOT_TAGGED = {"VN"}


def _en_names(country) -> list[str]:
    names = [country.name]
    for attr in ("common_name", "official_name"):
        value = getattr(country, attr, None)
        if value:
            names.append(value)
    names.extend(EN_ALIASES.get(country.alpha_2, ()))
    return names


def name(code: str, language: str | None = None) -> str:
    """The country's name in the reader's language (Vietnamese unless English is active)."""
    code = (code or "").upper()
    language = language or get_language() or "vi"
    if not language.startswith("en"):
        if code in VI_NAMES:
            return VI_NAMES[code][0]
        from chancery.core.display import country_name

        return country_name(code, "vi")  # CLDR's Vietnamese name, never the English one
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def all_codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for value in _en_names(country):
            table.setdefault(fold(value), country.alpha_2)
        table.setdefault(fold(country.alpha_3), country.alpha_2)
    for code, names in VI_NAMES.items():
        for value in names:
            table[fold(value)] = code
    return table


def resolve(value: str) -> str | None:
    """An ISO code from what someone typed: "FR", "FRA", "France", "Pháp", "phap"."""
    value = nfc(value).strip()
    if not value:
        return None
    if len(value) == 2 and pycountry.countries.get(alpha_2=value.upper()):
        return value.upper()
    return _lookup_table().get(fold(value))


def parse_list(value: str) -> tuple[list[str], list[str]]:
    """Codes from a comma-separated list of codes or names; returns (codes, not understood)."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;\n]+", value or ""):
        part = part.strip()
        if not part:
            continue
        code = resolve(part)
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


@lru_cache(maxsize=1)
def _tagging_patterns() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    plain: dict[str, str] = {}
    ambiguous: dict[str, str] = {}
    for country in pycountry.countries:
        for value in _en_names(country):
            if len(value) >= 4 and "," not in value:
                plain.setdefault(value, country.alpha_2)
    for code, names in VI_NAMES.items():
        for value in names:
            (ambiguous if value in _AMBIGUOUS else plain)[value] = code
    ordered = sorted(plain, key=len, reverse=True)
    plain_re = re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(n) + _NOT_FOLLOWED.get(n, "") for n in ordered) + r")(?![\w])"
    )
    context = "|".join(re.escape(c) for c in sorted(_CONTEXT, key=len, reverse=True))
    amb = "|".join(re.escape(n) for n in sorted(ambiguous, key=len, reverse=True))
    ambiguous_re = re.compile(
        rf"(?:(?<![\w])(?:{context})\s+|(?:Việt Nam|Việt){_DASH})(?P<name>{amb})(?![\w])"
        rf"|(?<![\w])(?P<name2>{amb}){_DASH}Việt(?![\w])"
    )
    return plain_re, plain, ambiguous_re, ambiguous


def tag(text: str) -> list[str]:
    """Countries a text is about, most mentioned first (Việt Nam itself is left out)."""
    text = nfc(text)
    plain_re, plain, ambiguous_re, ambiguous = _tagging_patterns()
    counts: dict[str, int] = {}
    for match in plain_re.finditer(text):
        code = plain[match.group(0)]
        counts[code] = counts.get(code, 0) + 1
    for match in ambiguous_re.finditer(text):
        found = match.group("name") or match.group("name2")
        code = ambiguous[found]
        counts[code] = counts.get(code, 0) + 1
    for code in _NOT_TAGGED:
        counts.pop(code, None)
    return sorted(counts, key=lambda c: (-counts[c], c))
