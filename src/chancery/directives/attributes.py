"""Per item of a directive: who leads, who coordinates, and by when - mapped to the units.

The last step of the directive pipeline, run on each proposed item (or directive sentence):

- the **lead unit**: "giao X chủ trì", "đề nghị X chủ trì", "X chủ trì, phối hợp với Y",
  "X có trách nhiệm ...", "giao X <verb>", or the sentence's subject ("Cục Lãnh sự theo dõi ...");
- the **coordinating units**: "phối hợp với A, B và các đơn vị liên quan";
- the **deadline**: "trước ngày 30/6/2025", "trước 30/6", "chậm nhất ngày ...", "trong tháng 7",
  "trong quý III năm 2025", "trong năm 2025", "trong 10 ngày", resolved against the directive's
  date; "hằng tháng" / "định kỳ hằng quý" give a recurring task instead.

Names are mapped to the organisation's units by comparing them without diacritics or case, after
expanding the usual abbreviations (ĐSQ, TLSQ, CQĐD, CLS, Sở NgV, TP. HCM). "Các cơ quan đại diện
(Việt Nam ở nước ngoài)" and "các Đại sứ quán, Tổng Lãnh sự quán" name every mission: the lead is
then a list of units (a group addressee). A name that matches no unit is kept as written, so the
reviewer sees what the text says.

Pure functions on text and plain unit records: no database (tests/directives/test_attributes.py).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["ALL_MISSIONS", "Attributes", "UnitRef", "find_attributes", "match_units", "fold"]

_I = re.IGNORECASE

# Unit kinds that are missions abroad (organization.UnitKind values).
MISSION_KINDS = frozenset({"embassy", "consulate_general"})
ALL_MISSIONS = "missions"


@dataclass(frozen=True)
class UnitRef:
    """What the mapping needs of a unit (organization.Unit without the database)."""

    pk: int
    code: str
    name_vi: str
    name_en: str = ""
    kind: str = ""


@dataclass
class Attributes:
    """What one item says about its lead, coordinators and deadline."""

    lead_name: str = ""                 # as written: "Cục Lãnh sự", "các cơ quan đại diện"
    lead: list[int] = field(default_factory=list)  # unit pks; several for a group addressee
    lead_group: str = ""                # ALL_MISSIONS when the lead is every mission
    coordinator_names: list[str] = field(default_factory=list)
    coordinators: list[int] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""             # "trước ngày 30/6/2025"
    recurrence: str = ""                # "", "once", "monthly", "quarterly", "ongoing"

    def inherit(self, parent: Attributes) -> Attributes:
        """An item's own findings, completed by its parent's ("1. Giao X chủ trì: a) ... b) ...")."""
        own_lead = bool(self.lead_name)
        return Attributes(
            lead_name=self.lead_name if own_lead else parent.lead_name,
            lead=self.lead if own_lead else list(parent.lead),
            lead_group=self.lead_group if own_lead else parent.lead_group,
            coordinator_names=self.coordinator_names if (own_lead or self.coordinator_names)
            else list(parent.coordinator_names),
            coordinators=self.coordinators if (own_lead or self.coordinator_names)
            else list(parent.coordinators),
            deadline=self.deadline if self.recurrence else parent.deadline,
            deadline_text=self.deadline_text if self.recurrence else parent.deadline_text,
            recurrence=self.recurrence or parent.recurrence,
        )


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), punctuation as spaces, one space between words."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# Folded abbreviation -> folded expansion (word boundaries on both sides).
_ABBREVIATIONS = {
    "dsq": "dai su quan",
    "tlsq": "tong lanh su quan",
    "cqdd": "co quan dai dien",
    "cls": "cuc lanh su",
    "ngv": "ngoai vu",
    "tp hcm": "tp ho chi minh",
    "tphcm": "tp ho chi minh",
    "thanh pho": "tp",
    "vn": "viet nam",
    "ubnd": "uy ban nhan dan",
    "bng": "bo ngoai giao",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len,
                                                      reverse=True)) + r")\b")

# Words for every mission abroad (folded, after abbreviations were expanded).
_MISSIONS = re.compile(
    r"\bcac (?:co quan dai dien|dai su quan(?: tong lanh su quan)?|tong lanh su quan)\b"
    r"|\bco quan dai dien (?:viet nam )?(?:o|tai) nuoc ngoai\b")


def _expand(folded: str) -> str:
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1]], folded)


def _aliases(unit: UnitRef) -> set[str]:
    """Folded names a text may use for the unit: its names, without "Việt Nam", and its code."""
    names = {_expand(fold(unit.name_vi)), fold(unit.name_en), fold(unit.code)}
    names |= {n.replace(" viet nam", "") for n in set(names)}
    return {n for n in names if len(n) >= 4}


def match_units(phrase: str, units: Sequence[UnitRef]) -> tuple[list[int], str]:
    """Units a phrase names: (pks, group). Every mission for "các cơ quan đại diện"; otherwise
    each unit whose name (or alias) occurs in the phrase, the longest names first, no overlaps."""
    text = _expand(fold(phrase))
    if not text:
        return [], ""
    if _MISSIONS.search(text):
        return [u.pk for u in units if u.kind in MISSION_KINDS], ALL_MISSIONS
    found: list[tuple[int, int]] = []  # (position, pk)
    taken: list[tuple[int, int]] = []
    candidates = sorted(((alias, u) for u in units for alias in _aliases(u)),
                        key=lambda pair: -len(pair[0]))
    padded = f" {text} "
    for alias, unit in candidates:
        start = padded.find(f" {alias} ")
        if start < 0 or any(start < end and s < start + len(alias) for s, end in taken):
            continue
        if unit.pk in (pk for _pos, pk in found):
            continue
        taken.append((start, start + len(alias) + 1))
        found.append((start, unit.pk))
    return [pk for _pos, pk in sorted(found)], ""


# --------------------------------------------------------------------------------------------
# Lead and coordinating units
# --------------------------------------------------------------------------------------------

# Words that open the name of an agency or unit.
_UNIT_HEAD = (r"(?:các\s+|Các\s+|tất cả các\s+)?"
              r"(?:Bộ|Cục|Vụ|Văn phòng|Sở|Ban(?! hành)|Ủy ban|Uỷ ban|UBND|Đại sứ quán|"
              r"Tổng Lãnh sự quán|Lãnh sự quán|[Cc]ơ quan đại diện|Cơ quan|Học viện|Thanh tra|Viện|"
              r"Tổng cục|Trung tâm|Tòa soạn|Báo(?! cáo)|Đài|Tổ công tác|Tập đoàn|Tổng công ty|Ngân hàng|"
              r"Kiểm toán|Hội(?! nghị| đồng)|ĐSQ|TLSQ|CQĐD|CLS|Phái đoàn|đơn vị|địa phương|bộ|cơ quan|ngành)"
              r"(?!\s*trưởng)")
# Words that end a unit's name: what the unit is asked to do, or the next clause.
_VERBS = (r"chủ trì|phối hợp|có trách nhiệm|cần|phải|khẩn trương|nghiên cứu|rà soát|hướng dẫn|"
          r"báo cáo|thực hiện|chỉ đạo|tổ chức|xây dựng|theo dõi|chủ động|tiếp tục|kịp thời|triển khai|"
          r"tăng cường|đẩy mạnh|xem xét|sớm|tập trung|bảo đảm|đảm bảo|đôn đốc|niêm yết|tổng hợp|"
          r"trình|hoàn thành|hoàn thiện|xử lý|giải quyết|cung cấp|đề xuất|lập|soạn thảo|gửi|"
          r"thông tin|tuyên truyền|quán triệt|nắm|cập nhật|làm|được|là|sẽ|đã|đang|với|thống nhất|"
          r"tham mưu|giúp|để|nhằm|ban hành|công khai|rút kinh nghiệm|quản lý|kiểm tra|giám sát|"
          r"sửa đổi|bổ sung|chuẩn bị|liên hệ|trả lời|tiếp nhận|bố trí|vận động|hỗ trợ|thu xếp|vừa|xin|"
          r"thông báo|đề nghị|yêu cầu|cho biết|ký|phát|tổng kết|sơ kết|đánh giá|tiến hành|thúc đẩy|"
          r"nâng cao|tích cực|phát huy|hoàn tất|tìm hiểu|khảo sát|nghiêm túc|"
          r"phổ biến|đẩy mạnh|trong|trước|theo|tại cuộc họp|lưu ý|quan tâm|nắm bắt|duy trì|giữ|ưu tiên")
_NAME_END = re.compile(rf"\s*(?:[,;:(]|\s(?:{_VERBS})\b|\svà\s+(?:các|những)\b|$)")
_TRIGGER = re.compile(
    r"(?<!Ngoại )(?<!ngoại )(?<!bàn )(?<!chuyển )\b(?:giao(?: cho)?|đề nghị|yêu cầu|chỉ đạo)\s+", _I)
_LEAD_SUBJECT = re.compile(rf"^(?:\W*)(?:Đồng thời,?\s+|Riêng\s+|Trong đó,?\s+)?(?={_UNIT_HEAD}\b)")
_CHAIR = re.compile(r"\bchủ trì\b(?!\s+(?:cuộc|phiên|hội nghị|buổi|họp))", _I)
_RESPONSIBLE = re.compile(r"\bcó trách nhiệm\b", _I)
_COORDINATE = re.compile(r"\bphối hợp(?: chặt chẽ)?\s+(?:với|cùng)\s+", _I)
_COORDINATION_END = re.compile(rf"\s*(?:[;:(.]|\s(?:{_VERBS}|đẩy mạnh|có ý kiến)\b|$)")
# Related units in general: "các đơn vị liên quan" names no one in particular.
_GENERIC = re.compile(r"^(?:và\s+)?(?:các|những)\s+(?:đơn vị|cơ quan|bộ|ngành|địa phương|Bộ)"
                      r"(?:[\s,]+(?:ngành|cơ quan|địa phương|đơn vị|liên quan|có liên quan|"
                      r"trong và ngoài Bộ|chức năng))*\s*$", _I)
# A coordinator named in particular: "Cục Lãnh sự", "ĐSQ tại Pháp", "các cơ quan đại diện".
def _named(part: str) -> bool:
    """A coordinator named in particular: a capitalised name, "ĐSQ ...", "các cơ quan đại diện"."""
    rest = re.sub(r"^các\s+", "", part)
    return bool(rest) and (rest[0].isupper() or rest.startswith("cơ quan đại diện"))
_LEADER = re.compile(r"^(?:Thủ tướng|Phó Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch|Lãnh đạo|Tổng Bí thư|"
                     r"Đại sứ|Ông|Bà|đồng chí)\b", _I)


def _name_at(text: str, start: int) -> str:
    """The unit name that starts at `start`: up to a comma or what it is asked to do."""
    rest = text[start:]
    head = re.match(rf"{_UNIT_HEAD}\b", rest)
    if not head:
        return ""
    end = _NAME_END.search(rest, head.end())
    name = rest[:end.start() if end else len(rest)].strip(" ,.")
    return name if len(name) <= 120 and len(name.split()) >= 2 else ""


def _lead_name(text: str) -> str:
    """The lead unit's name as written, or ""."""
    for pattern in (_CHAIR, _RESPONSIBLE):
        for match in pattern.finditer(text):
            before = text[:match.start()].rstrip(" ,")
            # "... giao X chủ trì": the name runs from the trigger (or the clause start) to here.
            starts = [m.end() for m in _TRIGGER.finditer(before)]
            clause = max(before.rfind(c) for c in ",;:.") + 1
            begin = max(starts + [clause])
            candidate = before[begin:].strip()
            if candidate and re.match(rf"{_UNIT_HEAD}\b", candidate) and not _LEADER.match(candidate) \
                    and not re.search(r"\bđã$", candidate):
                return _clean_name(candidate)
    for match in _TRIGGER.finditer(text):
        name = _name_at(text, match.end())
        if name:
            return _clean_name(name)
    subject = _LEAD_SUBJECT.match(text)
    if subject:
        name = _name_at(text, subject.end())
        if name:
            return _clean_name(name)
    return ""


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.:;-–")


def _split_names(span: str) -> list[str]:
    """"A, B và C" -> names; a comma or "và" inside a name ("Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Kế hoạch và Đầu tư") is kept: a new name starts only with a unit word."""
    names: list[str] = []
    pieces = re.split(r"(,\s*|;\s*|\s+và\s+)", span)
    for i in range(0, len(pieces), 2):
        piece = pieces[i]
        if names and not re.match(rf"{_UNIT_HEAD}\b", piece.strip()):
            names[-1] += pieces[i - 1] + piece
        else:
            names.append(piece)
    return names


def _coordinator_names(text: str) -> list[str]:
    names: list[str] = []
    for match in _COORDINATE.finditer(text):
        end = _COORDINATION_END.search(text, match.end())
        span = text[match.end():end.start() if end else len(text)]
        for part in _split_names(span):
            part = _clean_name(part)
            if part and _named(part) and not _GENERIC.match(part) and part not in names:
                names.append(part)
    return names


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_BEFORE = r"(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không muộn hơn|xong trước|hoàn thành trước)"
_YEAR = r"(?:\s*(?:/|-|\.|,?\s+năm)\s*(?P<y>\d{4}))?"
_DAY_MONTH = re.compile(
    rf"\b{_BEFORE}\s+(?:(?:\d{{1,2}}h\d{{0,2}}|\d{{1,2}}\s*giờ(?:\s*\d{{1,2}})?)\s*,?\s*)?(?:ngày\s+)?"
    rf"(?P<d>\d{{1,2}})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<m>\d{{1,2}}){_YEAR}(?!\d)", _I)
_IN_MONTH = re.compile(rf"\b(?:trong|{_BEFORE}|cuối|hết)\s+tháng\s+(?P<m>\d{{1,2}}){_YEAR}(?![\d/])", _I)
_IN_QUARTER = re.compile(
    rf"\b(?:trong|{_BEFORE}|cuối|hết)\s+quý\s+(?P<q>IV|III|II|I|[1-4])\b{_YEAR}", _I)
_IN_YEAR = re.compile(r"\b(?:trong|cuối|hết|trước)\s+năm\s+(?P<y>\d{4})\b", _I)
_HALF_YEAR = re.compile(r"\b(?:trong\s+)?6 tháng đầu năm(?:\s+(?P<y>\d{4}))?", _I)
_IN_DAYS = re.compile(r"\btrong\s+(?:vòng\s+|thời hạn\s+)?(?P<n>\d{1,3})\s+ngày(?P<w>\s+làm việc)?", _I)
_MONTHLY = re.compile(r"\b(?:hằng|hàng|mỗi)\s+tháng\b|\bđịnh kỳ\s+(?:01|1|một)\s+tháng", _I)
_QUARTERLY = re.compile(r"\b(?:hằng|hàng|mỗi)\s+quý\b|\bđịnh kỳ\s+(?:03|3|ba)\s+tháng", _I)
_ONGOING = re.compile(r"\b(?:hằng|hàng)\s+(?:ngày|tuần)\b", _I)


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month: int, day: int, year: str | None, ref: date | None) -> int | None:
    """An explicit year, else the directive's year - the next one when the date already passed."""
    if year:
        return int(year)
    if ref is None:
        return None
    return ref.year + 1 if (month, day) < (ref.month, ref.day) else ref.year


def _deadline(text: str, ref: date | None) -> tuple[date | None, str]:
    """The earliest deadline the text states, and the words that state it."""
    found: list[tuple[date, str]] = []
    for m in _DAY_MONTH.finditer(text):
        day, month = int(m["d"]), int(m["m"])
        year = _year_for(month, day, m["y"], ref)
        if year and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            found.append((date(year, month, day), m[0]))
    for m in _IN_MONTH.finditer(text):
        month = int(m["m"])
        year = _year_for(month, 31, m["y"], ref)
        if year and 1 <= month <= 12:
            found.append((_end_of_month(year, month), m[0]))
    for m in _IN_QUARTER.finditer(text):
        quarter = _ROMAN[m["q"].lower()]
        year = _year_for(quarter * 3, 31, m["y"], ref)
        if year:
            found.append((_end_of_month(year, quarter * 3), m[0]))
    for m in _IN_YEAR.finditer(text):
        found.append((date(int(m["y"]), 12, 31), m[0]))
    for m in _HALF_YEAR.finditer(text):
        year = int(m["y"]) if m["y"] else (ref.year if ref else None)
        if year:
            found.append((date(year, 6, 30), m[0]))
    if ref is not None:
        for m in _IN_DAYS.finditer(text):
            found.append((_add_days(ref, int(m["n"]), working=bool(m["w"])), m[0]))
    if not found:
        return None, ""
    return min(found, key=lambda pair: pair[0])


def _add_days(start: date, days: int, *, working: bool) -> date:
    if not working:
        return start + timedelta(days=days)
    day = start
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _recurrence(text: str, deadline: date | None) -> str:
    if _QUARTERLY.search(text):
        return "quarterly"
    if _MONTHLY.search(text):
        return "monthly"
    if deadline is not None:
        return "once"
    if _ONGOING.search(text):
        return "ongoing"
    return ""


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def find_attributes(text: str, *, units: Sequence[UnitRef] = (), ref: date | None = None) -> Attributes:
    """Lead, coordinators and deadline of one item's text; `ref` is the directive's date."""
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    found = Attributes()
    found.lead_name = _lead_name(text)
    if found.lead_name:
        found.lead, found.lead_group = match_units(found.lead_name, units)
    found.coordinator_names = _coordinator_names(text)
    coordinators: list[int] = []
    for name in found.coordinator_names:
        pks, _group = match_units(name, units)
        coordinators += [pk for pk in pks if pk not in coordinators and pk not in found.lead]
    found.coordinators = coordinators
    found.deadline, found.deadline_text = _deadline(text, ref)
    found.recurrence = _recurrence(text, found.deadline)
    return found


def unit_refs(units: Iterable) -> list[UnitRef]:
    """UnitRefs from organization.Unit rows (or anything with the same attributes)."""
    return [UnitRef(pk=u.pk, code=u.code, name_vi=u.name_vi, name_en=u.name_en, kind=u.kind)
            for u in units]


def prefill_rows(rows: list[dict], *, units: Sequence[UnitRef], ref: date | None) -> list[dict]:
    """The review's rows (forms.proposal_rows) with each item's lead, coordinators and deadline
    filled in; an item without its own inherits its parent's (the row above with a smaller
    depth). A group addressee leaves the lead empty and lists the group's units instead."""
    parents: list[Attributes] = []
    for row in rows:
        if not (row.get("text") or "").strip():
            continue
        depth = int(row.get("depth") or 0)
        found = find_attributes(row["text"], units=units, ref=ref)
        del parents[depth:]
        if parents:
            found = found.inherit(parents[-1])
        parents.append(found)
        row["lead_name"] = found.lead_name
        row["deadline_text"] = found.deadline_text
        if len(found.lead) > 1:  # "missions:3,4,5" for every mission, "3,4" for a list
            prefix = f"{found.lead_group}:" if found.lead_group else ""
            row["group_units"] = prefix + ",".join(str(pk) for pk in found.lead)
        elif found.lead:
            row["lead_unit"] = found.lead[0]
        if found.coordinators:
            row["coordinating_units"] = found.coordinators
        if found.recurrence:
            row["recurrence"] = found.recurrence
        if found.deadline and found.recurrence != "ongoing":
            row["deadline"] = found.deadline
    return rows
