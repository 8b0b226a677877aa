"""The issuer of a directive: the leaders a text names and the cues around them.

One step of the pipeline, testable alone. Leaders are found by title and name ("Phó Thủ tướng
Chính phủ Trần Lưu Quang", "Thượng tướng Lê Văn A", "Chủ tịch Ủy ban nhân dân tỉnh X Nguyễn Văn
B"); "Phó Thủ tướng" alone or "Ông" refer back to the last one named, and a title met before any
name is the one leader later named with it. Each mention scores by the cue after it, past any
appositions ("X, Thứ trưởng, Trưởng ban ... có công điện"): "có ý kiến như sau", "điện:" 3;
"chỉ đạo / yêu cầu / đề nghị / giao / kết luận / ký" 2 (not signing a decision or a decree);
"nhấn mạnh / lưu ý" 1; "Phát biểu chỉ đạo ..., X" 3. The best scorer is returned as first
written with a cue.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from chancery.directives.document import title_case

__all__ = ["dispatch_sender", "find_issuer"]

# Official names that lower-case words, commas or dashes break up, which the capitalisation
# rule below cannot follow: ministries and departments (Bộ / Sở) and central bodies.
_IRREGULAR_ORG = re.compile(
    r"(?:Bộ|Sở)\s+(?:Nông nghiệp và Phát triển [Nn]ông thôn|Lao động\s*[-–,]\s*Thương binh và Xã hội"
    r"|Văn h(?:óa|oá)\s*,\s*Thể thao và Du lịch|Giao thông [Vv]ận tải|Thông tin và Truyền thông"
    r"|Tài nguyên và Môi trường|Khoa học và Công nghệ|Giáo dục và Đào tạo|Kế hoạch và Đầu tư)"
    r"|Ủy ban Quản lý vốn [Nn]hà nước tại [Dd]oanh nghiệp|Bảo hiểm [Xx]ã hội Việt Nam"
    r"|Kiểm toán Nhà nước|Tòa án [Nn]hân dân [Tt]ối cao|Viện [Kk]iểm sát [Nn]hân dân [Tt]ối cao"
    # A province's or a city's bodies: "Ủy ban nhân dân tỉnh Quảng Ninh", "Công an thành phố Hà Nội".
    r"|(?:Ủy ban [Nn]hân dân|Uỷ ban [Nn]hân dân|UBND|Hội đồng [Nn]hân dân|HĐND|Công an)"
    r"\s+(?:tỉnh|thành phố|huyện|quận|thị xã)(?:\s+[A-ZĐ]\w*)+"
    r"(?![\w])")


_LEADER_TITLE = re.compile(
    r"\b(?:Phó\s+)?(?:Thủ tướng|Thủ Tướng|(?<=Phó )thủ tướng|Bộ Trưởng|Tổng Bí thư|Chủ tịch nước|"
    r"(?<=Phó )chủ tịch|Chủ tịch Quốc hội|Chủ tịch|Bộ trưởng|"
    r"Thứ trưởng|Trưởng ban|Đại sứ|Tổng Lãnh sự|Tổng [Cc]ục trưởng|Cục trưởng|Vụ trưởng|Giám đốc|Chủ nhiệm|"
    r"Chánh Văn phòng|Tổng Thư ký|Tổng Giám đốc|Bí thư|Chánh án|Viện trưởng|"
    # The head of a general department (Tổng cục Thuế, Hải quan, ...) is "Tổng cục trưởng".
    # Officers of the army and police are named by rank: "Thượng tướng Lê Văn A, Thứ trưởng".
    r"Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng)\b(?! quán)"
)
_SURNAMES = frozenset((
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lương", "Trịnh", "Trương", "Mai", "Đào", "Hà",
    "Tô", "Cao", "Lâm", "Chu", "Tạ", "Vương", "Thái", "La", "Lưu", "Kiều", "Quách", "Tăng",
    "Triệu", "Lại", "Phùng", "Nông", "Giang", "Hứa", "Từ", "Doãn", "Khổng", "Mạc", "Tống", "Thân",
    "Châu", "Âu", "Khúc", "Bạch", "Lục", "Diệp", "Kim", "Mẫn", "Nghiêm", "Ninh", "Phí", "Quan",
    "Thạch", "Tôn", "Vi", "Hầu", "Lò", "Lã", "Khương", "Cù", "Đàm", "Đồng", "Viên", "Trình",
    "Nhữ", "Lạc",
))
# Lowercase syllables allowed between a title and a name: "Thủ tướng Chính phủ", "Bộ trưởng
# Ngoại giao", "Thứ trưởng thường trực Bộ Công an".
_QUALIFIER_SYLLABLES = frozenset({"phủ", "giao", "vụ", "an", "pháp", "tế", "chính", "thương",
                                  "dân", "hội", "phòng", "sự", "tỉnh", "huyện", "trực",
                                  # a Party committee: "Bí thư Tỉnh ủy", "Thành ủy", "Đảng ủy"
                                  "ủy", "uỷ"})
# "chỉ đạo hội nghị" is chairing a meeting, not directing anyone.
_NOT_CHAIRING = r"(?!\s+(?:hội nghị|Hội nghị|cuộc họp|phiên họp|buổi|lễ))"
_FILLERS = r"(?:(?:đã|cũng|còn|đồng thời|trực tiếp|dự và|tiếp tục)\s+)*"
_CUE_AFTER = re.compile(
    rf"\s*{_FILLERS}(?P<cue>phát biểu chỉ đạo|chỉ đạo{_NOT_CHAIRING}|yêu cầu|đề nghị|giao|nhấn mạnh|lưu ý|"
    r"kết luận|đề ra|có ý kiến như sau|có ý kiến chỉ đạo|có ý kiến|đồng ý|ký ban hành|"
    r"vừa ký|đã ký|ký|chỉ thị|có (?i:công điện)|có (?i:công văn)|có văn bản|có thư|gửi thư|"
    r"có kết luận|có ý kiến kết luận|"
    # "Thủ tướng Chính phủ điện:" opens a dispatch, the Prime Minister speaking.
    r"điện(?=\s*:)|"
    r"ban hành|chủ trì|nêu)\b"
)
_CUE_WEIGHT = {"phát biểu chỉ đạo": 3, "chỉ đạo": 2, "yêu cầu": 2, "đề nghị": 2, "giao": 2,
               "kết luận": 2, "nhấn mạnh": 1, "lưu ý": 1, "đề ra": 1, "có ý kiến như sau": 3,
               "có ý kiến chỉ đạo": 3, "có ý kiến": 2, "đồng ý": 2, "ký ban hành": 2,
               "vừa ký": 2, "đã ký": 2, "ký": 2, "chỉ thị": 2, "có công điện": 2,
               "có công văn": 2, "có kết luận": 2, "có ý kiến kết luận": 2, "có văn bản": 2,
               "có thư": 2, "gửi thư": 2, "ban hành": 2,
               "chủ trì": 1, "nêu": 1, "điện": 3}
# "Phó Thủ tướng X - Chủ tịch Ủy ban ...", "Thượng tướng X, Thứ trưởng, Trưởng ban ...": one to
# four titles after the name, then the cue.
# "vừa ký các quyết định phê chuẩn nhân sự": signing a decision or a decree regulates or
# appoints; it directs no one (the corpus's decisions and decrees have no issuer).
_SIGNING_CUES = frozenset({"ký ban hành", "vừa ký", "đã ký", "ký", "ban hành"})
_NORMATIVE_SIGNED = re.compile(
    r"(?:\s+(?:ban hành|các|một|hai|ba|\d+))*\s+(?i:quyết định|nghị định|thông tư|luật|nghị quyết)\b")
_APPOSITION = re.compile(
    r"(?:\s*(?:[-–]\s+|,\s+(?=[A-ZĐ])(?!(?:Bộ|Văn phòng|Ủy ban|Uỷ ban|UBND|Sở|Cục|Vụ)\s(?!trưởng))|"
    r"(?:thừa lệnh|thay mặt)\s+)[^,.;:()]{2,80}?){1,4}?,?"
    r"(?=\s+(?:đã\s+|vừa\s+)?(?:có ý kiến|yêu cầu|(?<![Bb]an )chỉ đạo|kết luận|"
    r"(?:có|ký|ban hành|gửi)\s+(?i:công điện|công văn|văn bản|chỉ thị|thông báo))\b)")
# "Ông", or "ông Long" / "Ông Nguyễn Phi Long" (the press names a leader again with "ông"
# and the given name): the name is part of the reference, so the cue after it is found.
_PRONOUN = re.compile(r"(?:^|(?<=[,;:]\s))(?:(?:Ông|Bà)(?:\s+[A-ZĐ]\w*){0,3}|"
                      r"(?:ông|bà)(?:\s+[A-ZĐ]\w*){1,3})(?!\w)")
_TRAILING_PUNCT = ",.;:!?”\"')…"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Mention:
    """A leader in a sentence: full ("Bộ trưởng Ngoại giao Bùi Thanh Sơn") or short ("Bộ trưởng")."""

    start: int
    end: int
    written: str
    title: str
    name: str | None


def _mentions(sentence: str) -> list[_Mention]:
    return [_mention_at(sentence, match) for match in _LEADER_TITLE.finditer(sentence)]


# The body a title belongs to, when its name has lower-case words the qualifier rule below
# cannot follow: "Chủ tịch Ủy ban nhân dân tỉnh", "Bộ trưởng Bộ Nông nghiệp và Phát triển nông
# thôn", "Chủ tịch UBND thành phố".
_LOCAL_BODY = re.compile(
    r"\s+(?:(?:Ủy ban|Uỷ ban|Hội đồng) [Nn]hân dân|UBND|HĐND)"
    r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|[Tt]hành phố|[Tt]ỉnh))?"
    r"(?:(?<=hành phố) Hồ Chí Minh)?(?!\w)")  # a city named after a person


def _mention_at(text: str, title: re.Match[str]) -> _Mention:
    """Title, then qualifiers, then a Vietnamese name (surname + 1 to 3 capitalised words)."""
    start = title.end()
    body = _LOCAL_BODY.match(text, start) or _IRREGULAR_ORG.match(text, start + 1)
    if body and text[start:body.start()].strip() == "":
        # Up to the kind of place: the place's name and the person's are read below.
        place = re.search(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã)\b", body[0])
        start = body.start() + place.end() if place else body.end()
    words = _next_words(text, start, 12)
    end = start
    previous = ""
    for i, word in enumerate(words[:9]):
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if bare in _SURNAMES and bare == word[0]:
            i = _name_start(words, i)
            name = _name_after(words[i:])
            if name:
                name_end = words[i].start() + len(name)
                return _Mention(title.start(), name_end, text[title.start():name_end],
                                title[0], name)
        following = words[i + 1][0] if i + 1 < len(words) else ""
        if not _is_qualifier(bare, previous, following):
            break
        previous = bare
        end = word.start() + len(bare)
        if bare != word[0]:
            break
    return _Mention(title.start(), end, text[title.start():end], title[0], None)


def _name_start(words: list[re.Match[str]], i: int) -> int:
    """In a run of capitalised words longer than a name, the name is at its end: "Sở Y tế Hà
    Nội Trần Văn Cường", "tỉnh Đồng Nai Nguyễn Văn An" (place names start with surnames too)."""
    run = 0
    for word in words[i:]:
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if not bare[:1].isupper():
            break
        run += 1
        if bare != word[0]:
            break
    if run <= 4:
        return i
    for size in (4, 3, 2):
        j = i + run - size
        if words[j][0].rstrip(_TRAILING_PUNCT) in _SURNAMES:
            return j
    return i


def _next_words(text: str, pos: int, count: int) -> list[re.Match[str]]:
    return list(itertools.islice(_WORD.finditer(text, pos), count))


def _is_qualifier(word: str, previous: str, following: str) -> bool:
    """Capitalised words ("Chính", "Ngoại"), their second syllable ("phủ", "giao") and
    "thường trực" may stand between a title and a name."""
    if word[:1].isupper():
        return True
    if previous[:1].isupper() and word in _QUALIFIER_SYLLABLES:
        return True
    return (word, following) == ("thường", "trực") or (previous, word) == ("thường", "trực")


def _name_after(words: list[re.Match[str]]) -> str | None:
    """Surname plus the capitalised given names that follow it (two to four words in all)."""
    parts = [words[0][0]]
    for word in words[1:4]:
        bare = word[0].rstrip(_TRAILING_PUNCT)
        if not bare or not bare[0].isupper():
            break
        parts.append(bare)
        if bare != word[0]:
            break
    return " ".join(parts) if len(parts) >= 2 else None


@dataclass
class _Leader:
    written: str
    first_seen: int
    score: float = 0.0
    cued_written: str | None = None
    titles: set[str] = field(default_factory=set)


@dataclass
class _References:
    """Resolves "Bộ trưởng" or "Ông" to the last named leader with that title (or any)."""

    last_by_title: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None

    def resolve(self, mention: _Mention | None) -> str | None:
        if mention is None:
            return self.last_person
        if mention.name:
            self.last_by_title[mention.title] = mention.name
            key = mention.name
        else:
            key = self.last_by_title.get(mention.title, mention.title)
        self.last_person = key
        return key


def find_issuer(sentences: list[str]) -> str | None:
    """The leader whose mentions carry the most directive cues ("Phát biểu chỉ đạo", "đề nghị").

    Returned as first written with a cue ("Phó Thủ tướng Chính phủ Trần Lưu Quang").
    """
    leaders: dict[str, _Leader] = {}
    references = _References()
    for sentence in sentences:
        for start, end, mention in _references_in(sentence):
            key = references.resolve(mention)
            if key is None:
                continue
            leader = leaders.setdefault(
                key, _Leader(written=mention.written if mention else key, first_seen=len(leaders)))
            if mention is not None and (
                    (mention.name and leader.written == key) or
                    (not mention.name and len(mention.written) > len(leader.written))):
                leader.written = mention.written
            if mention is not None and mention.name:
                leader.titles.add(mention.title.casefold())
            score = _mention_score(sentence, start, end)
            leader.score += score
            if score >= 2 and mention is not None and mention.name and not leader.cued_written:
                leader.cued_written = mention.written
    _merge_bare_titles(leaders)
    cued = [leader for leader in leaders.values() if leader.score > 0]
    if not cued:
        return None
    best = max(cued, key=lambda leader: (leader.score, -leader.first_seen))
    return best.cued_written or best.written


def _merge_bare_titles(leaders: dict[str, _Leader]) -> None:
    """A title met before any name ("Thủ tướng yêu cầu ..." in a headline) is the one leader
    named later with that title, when there is exactly one."""
    for key in [key for key, leader in leaders.items() if not leader.titles]:
        named = [leader for leader in leaders.values() if key.casefold() in leader.titles]
        if len(named) == 1:
            named[0].score += leaders[key].score
            named[0].first_seen = min(named[0].first_seen, leaders[key].first_seen)
            del leaders[key]


def _references_in(sentence: str) -> list[tuple[int, int, _Mention | None]]:
    refs: list[tuple[int, int, _Mention | None]] = [(m.start, m.end, m)
                                                    for m in _mentions(sentence)]
    refs += [(p.start(), p.end(), None) for p in _PRONOUN.finditer(sentence)]
    return sorted(refs, key=lambda ref: ref[0])


def _mention_score(sentence: str, start: int, end: int) -> float:
    """Cue verb right after the leader, or "Phát biểu chỉ đạo ..., <leader>" before it."""
    score = 0.0
    if re.search(r"(?:thay mặt|thừa lệnh)\s*$", sentence[:start]):
        return score  # "Phó Thủ tướng X thay mặt Thủ tướng Chính phủ có ý kiến": X speaks
    cue = _CUE_AFTER.match(sentence, end)
    if not cue:  # "Phó Thủ tướng X - Chủ tịch Ủy ban ... có ý kiến": past an apposition
        apposition = _APPOSITION.match(sentence, end)
        cue = _CUE_AFTER.match(sentence, apposition.end()) if apposition else None
    if cue and not (cue["cue"].lower() in _SIGNING_CUES and _NORMATIVE_SIGNED.match(sentence, cue.end())):
        score += _CUE_WEIGHT[cue["cue"].lower()]
    before = sentence[:start]
    if re.search(r"[Pp]hát biểu chỉ đạo\b", before):
        score += 3
    elif re.search(r"(?i:chỉ đạo|kết luận|ý kiến) của\s*$", before):
        score += 2
    return score


# "THỦ TƯỚNG CHÍNH PHỦ điện:", "BỘ TRƯỞNG BỘ NGOẠI GIAO điện:": a dispatch names its sender
# on the line before its recipients.
_DISPATCH_SENDER = re.compile(r"^(?P<who>[^:;.]{3,90}?)\s+(?i:điện)\s*:\s*$")


def dispatch_sender(paragraphs: list[str]) -> str | None:
    """The sender a dispatch names above its recipients, in title case if written in capitals."""
    for paragraph in paragraphs[:15]:
        match = _DISPATCH_SENDER.match(paragraph)
        if match:
            who = " ".join(match["who"].split())
            return title_case(who) if who.isupper() else who
    return None
