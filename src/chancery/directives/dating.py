"""The date of a directive text: one step of the pipeline, testable alone.

An official text's header date ("Hà Nội, ngày 5 tháng 3 năm 2024") is its date. A news report's
date is the day the instruction was given ("Chiều 11/9", "Ngày 11/9,", "Trong ngày 11/9,", the
date of a text reported as signed), its year taken from the publication date (minus one when that
would put the event after publication); failing a publication date, from the years the text
mentions. With no event day: the publication date, or a complete date in the title or the first
line when it is the text's own (a cited text's date, a deadline or another text's date is not).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Protocol

from chancery.directives.document import safe_date
from chancery.directives.sentences import split_sentences

__all__ = ["issue_date"]

_I = re.IGNORECASE


class Dated(Protocol):
    """What the clean-up step knows of a text: its paragraphs, title and published date."""

    paragraphs: list[str]
    title: str | None
    published: date | None

_EVENT_DAY = re.compile(
    r"(?<!\w)(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng sáng|[Hh]ôm qua|[Hh]ôm nay)"
    r"(?:\s+(?:tối|sớm|muộn))?"  # "Chiều tối 4-3", "Sáng sớm 5/3"
    r"(?:\s+(?:nay|hôm nay|qua))?"
    r"(?:\s+(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|\d)|[Cc]hủ [Nn]hật))?\s*"  # weekday
    r",?\s*\(?(?:ngày\s+)?(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}))?(?![\d/]|\.\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)"
)
# "..., ngày 27/9, Phó Thủ tướng ... đã đồng ý": a dated clause in the lead.
_CLAUSE_DAY = re.compile(
    r",\s*ngày\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?\s*,\s*[A-ZĐ]")
# "Phát biểu tại Hội nghị ngoại giao lần thứ 29 ngày 23-8": the day of the meeting reported.
_MEETING_DAY = re.compile(
    r"(?i:hội nghị|phiên họp|cuộc họp|buổi làm việc|hội thảo|diễn đàn)[^.;]{0,80}?\bngày\s+"
    r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?(?![\d/])")
# "Ngày 2/1/2002, Bộ Chính trị đã ban hành Nghị quyết số 08 ...": the date of another text.
_OTHER_TEXT_DATED = re.compile(
    r"(?:ban hành|có|ký|thông qua)\s+(?:\S+\s+){0,2}?(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Luật)\b")
_OPENING_DAY = re.compile(
    r"^(?:(?:[Tt]rong|[Vv]ào|[Cc]ũng trong|[Hh]ôm nay,?)\s+)?(?:[Nn]gày)\s+"
    r"(?:(?P<d>\d{1,2})[/-](?P<m>\d{1,2})(?:[/-](?P<y>\d{4}))?"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?)\s*,"
)
_YEAR = re.compile(r"(?<![\d./-])((?:19|20)\d{2})(?!\d)")
# Years written inside dates: "9/1/2023", "tháng 4/2025", "quý III/2025".
_DATE_YEAR = re.compile(
    r"(?:(?<!\d)\d{1,2}[/-]\d{1,2}[/-]|tháng\s+\d{1,2}/|quý\s+[IV]{1,3}/)((?:19|20)\d{2})(?!\d)", _I
)
_TARGET_BEFORE = re.compile(r"(?:đến|tới|tầm nhìn|trước)\s+(?:năm\s+)?$", _I)


def issue_date(doc: Dated, *, header: date | None = None) -> date | None:
    """Event day combined with the published year or, failing that, the year in the text.

    An official text's own date (`header`, from its heading block, "Hà Nội, ngày 5 tháng 3 năm
    2024") is its date, as the README's labelling rule says: the meeting a conclusion notice
    reports ("Ngày 12/3/2024, Bộ trưởng chủ trì ...") or any other day its body mentions ("Ngày
    1/3/2024, Bộ nhận được ...") is not.
    """
    if header is not None:
        return header
    own = _dateline(doc)
    if own is not None:
        return own
    text = "\n".join(([doc.title] if doc.title else []) + doc.paragraphs)
    event = _event_day(doc.paragraphs) or _event_day([doc.title] if doc.title else [])
    if event is None:
        return doc.published or _title_date(doc.title) or _title_date(
            doc.paragraphs[0] if doc.paragraphs else None)
    day, month, year = event
    if year:
        return safe_date(year, month, day)
    if doc.published:
        found = safe_date(doc.published.year, month, day)
        if found and found > doc.published + timedelta(days=1):
            found = safe_date(doc.published.year - 1, month, day)
        return found
    year = _year_from_text(text, month)
    return safe_date(year, month, day) if year else None


# An official text's dateline where its heading was not recognised (a scan read without
# diacritics, "CONG HOA XA HOI ..."): "Số: 330/TB-VPCP Hà Nội, ngày 18 tháng 10 năm 2022", the place
# then the day. Failing a readable one, the time a scanned text was digitally signed: "Thời gian
# ký: 02.12.2022 16:53".
_DATELINE = re.compile(
    r"(?:^|\s)(?:Hà Nội|TP\.?\s*Hồ Chí Minh|Thành phố Hồ Chí Minh"
    r"|[A-ZĐ][a-zà-ỹđ]+(?: [A-ZĐ][a-zà-ỹđ]+){0,3}),"
    r"\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})(?!\d)")
_SIGNED_AT = re.compile(
    r"^Thời gian ký\s*:\s*(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})(?!\d)", _I)
_HEAD_LINES = 6


def _dateline(doc: Dated) -> date | None:
    """The date an official text gives itself at its head, read from its first lines."""
    lines = ([doc.title] if doc.title else []) + doc.paragraphs[:_HEAD_LINES]
    for pattern in (_DATELINE, _SIGNED_AT):
        for line in lines:
            match = pattern.search(line)
            if match:
                found = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
                if found:
                    return found
    return None


_FULL_DAY = re.compile(
    r"\bngày\s+(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))(?!\d)", _I)
# A title or first line that cites the text itself: "1. Văn phòng Chính phủ: Thông báo số
# 106/TB-VPCP ngày 14/5/2021 ...", "Công điện số 15/CĐ-TTg ngày 7/3/2024 của Thủ tướng ...".
_SELF_CITATION = re.compile(
    r"^(?:[\dIVX]{1,3}[.)]\s*)?(?:[^:.]{2,60}:\s*)?(?:Chỉ thị|Công điện|Công văn|Thông báo|"
    r"Kết luận|Văn bản|Thông báo kết luận)\s+(?:số\s*:?\s*)?\S+\s+$", _I)
# "trước ngày 30/6/2024", "chậm nhất ngày ...", "từ ngày ...": a deadline or a period, not the
# day the text was written.
_DEADLINE_BEFORE = re.compile(r"\b(?:trước|chậm nhất|muộn nhất|đến|tới|từ|kể từ|hạn|sau|trong)\s*$",
                              _I)


def _title_date(title: str | None) -> date | None:
    """A complete date in a headline ("Cập nhật tình hình dịch (06h30, ngày 06/8/2020)"), when
    the page gives no other; a cited text's date only when the title cites the text itself."""
    title = title or ""
    for match in _FULL_DAY.finditer(title):
        before = title[max(0, match.start() - 40):match.start()]
        if _DEADLINE_BEFORE.search(before) or _OTHER_TEXT_DATED.search(
                title[match.end():match.end() + 80].split(".")[0]):
            continue  # "Ngày 31/8/2016, Bộ có Quyết định số ...": the date of another text
        if re.search(r"(?:\bsố\b|\b[A-ZĐ]{2,}\s*[-/]\s*[A-ZĐa-z]{2,})[^,;()]*$", before) and (
                not _SELF_CITATION.match(title[:match.start()])):
            continue  # "Thực hiện Thông báo số 2927-TB/TU ngày 4/2/2020": another text's date
        day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                            else (match["d2"], match["m2"], match["y2"]))
        return safe_date(int(year), int(month), int(day))
    return None


# "... ký ban hành Chỉ thị số 06/CT-TTg ngày 23/2/2026": the reported text's own date.
_REPORTED_TEXT_DAY = re.compile(
    r"(?:ký|ban hành|vừa có|đã có)\s+(?:\S+\s+){0,2}(?:Chỉ thị|Công điện|Công văn|Thông báo|"
    r"Quyết định|Nghị quyết)\s+(?:số\s+)?\S+\s+ngày\s+(?P<d>\d{1,2})[/-](?P<m>\d{1,2})"
    r"(?:[/-](?P<y>\d{4}))?(?![\d/])")


# A news report gives the day of the event in its lead: a day mentioned further down ("Chiều
# 15/3, các địa phương phải hoàn thành ...") is a deadline or background.
_LEAD_PARAGRAPHS = 4


def _event_day(paragraphs: list[str]) -> tuple[int, int, int | None] | None:
    """The day of the event reported: "Chiều 11/9", "chiều hôm nay 18 tháng 8 năm 2016",
    "Trong ngày 11/9, ...", the date of a text reported as signed."""
    for paragraph in paragraphs[:2]:
        match = _REPORTED_TEXT_DAY.search(paragraph)
        if match:
            return int(match["d"]), int(match["m"]), int(match["y"]) if match["y"] else None
    for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:  # the lead; a later day is the body's
        match = _EVENT_DAY.search(paragraph)
        if match:
            day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                                else (match["d2"], match["m2"], match["y2"]))
            return int(day), int(month), int(year) if year else None
        match = _OPENING_DAY.match(paragraph)
        if match and _OTHER_TEXT_DATED.search(split_sentences(paragraph)[0]):
            continue
        if match:
            day, month, year = ((match["d"], match["m"], match["y"]) if match["d"]
                                else (match["d2"], match["m2"], match["y2"]))
            return int(day), int(month), int(year) if year else None
    for paragraph in paragraphs[:6]:
        match = _MEETING_DAY.search(paragraph) or _CLAUSE_DAY.search(paragraph)
        if match:
            return int(match["d"]), int(match["m"]), int(match["y"]) if match["y"] else None
    return None


def _year_from_text(text: str, month: int) -> int | None:
    """Latest year mentioned (targets and range ends excluded); year-end events plan ahead."""
    years = {int(m[1]) for m in _DATE_YEAR.finditer(text)}
    for match in _YEAR.finditer(text):
        if not _TARGET_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            years.add(int(match[1]))
    if not years:
        return None
    latest = max(years)
    if month >= 11 and latest - 1 in years:
        return latest - 1
    return latest
