"""Units given work and the directive sentences outside any list: one step of the pipeline.

A unit ("các cơ quan đại diện", "Bộ Ngoại giao", "Ủy ban nhân dân các tỉnh ven biển") either
follows a cue verb of a leader or opens a clause and is followed by a directive verb ("cần",
"phải", "tiếp tục", "khẩn trương", "được giao", ...). A sentence outside the lists is a directive
when it gives work to a unit, when the issuer or the text itself asks ("Thủ tướng yêu cầu",
"Công điện yêu cầu", "Bộ Ngoại giao trân trọng đề nghị", "X có công điện gửi ..., yêu cầu"), when
it opens on a directive verb with no subject ("Yêu cầu ...", "Giao ...", "Đề nghị ..."), sets a
deadline ("Chậm nhất ngày 20/10, ..."), carries an obligation in reported emphasis ("Thủ tướng
nhấn mạnh, ... phải ..."), or spells out the directive before it ("Đồng thời, tiếp tục ...",
"Trong đó có việc ..."). A meeting's procedure ("đề nghị các đại biểu thảo luận"), background
("Những ngày qua, ... đã chỉ đạo ...") and what announces a list ("kết luận như sau:") direct
nothing. With no leader named, the body the text speaks as ("Bộ Ngoại giao đề nghị ...") is the
issuer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Protocol

from chancery.directives.issuer import (
    _APPOSITION,
    _FILLERS,
    _IRREGULAR_ORG,
    _LEADER_TITLE,
    _NOT_CHAIRING,
    _TRAILING_PUNCT,
    _Mention,
    _next_words,
    _references_in,
)
from chancery.directives.sentences import split_sentences

__all__ = ["directive_sentences", "find_addressees", "speaking_body"]

_I = re.IGNORECASE


class _Texted(Protocol):
    text: str


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


_DET = r"(?:toàn thể|toàn|tất cả các|tất cả|các vị|các|mỗi|từng|những|quý)"
_GENERIC_HEAD = (
    r"(?:(?:thủ trưởng|trưởng|người đứng đầu)\s+(?:các\s+)?cơ quan(?:,\s*đơn vị)?(?:\s+đại diện)?"
    r"|người đứng đầu"
    r"|cơ quan đại diện|cơ quan,\s*đơn vị|cơ quan|đơn vị|ngành"
    r"|bộ,\s*ngành(?:,\s*(?:địa phương|cơ quan))*|bộ,\s*cơ quan(?: ngang bộ)?|địa phương"
    r"|đại sứ quán|tổng lãnh sự quán|lãnh sự quán|phái đoàn|sở ngoại vụ|vụ,\s*cục"
    r"|bộ phận|phòng"
    # Only with a determiner ("các bộ", "các tỉnh, thành phố"): alone they name no one.
    r"|tỉnh,\s*thành phố|tỉnh|thành phố|sở,\s*ban,\s*ngành|sở|bộ(?!\s+(?:trưởng|phận)))"
)
_MODIFIER = (
    r"(?:\s+(?:Việt Nam ở nước ngoài|Việt Nam tại nước ngoài|ở nước ngoài|"
    r"trực thuộc(?: Bộ(?: Ngoại giao)?)?|thuộc Bộ(?: Ngoại giao)?|thuộc Chính phủ|ngang bộ|"
    r"trong Bộ|trong ngành|"
    r"trong và ngoài nước|ngoại giao|có liên quan|liên quan|chức năng|trung ương|địa phương|"
    r"của (?:Đại sứ quán|Tổng Lãnh sự quán|Lãnh sự quán|cơ quan đại diện|Cục|Vụ|Bộ)|"
    r"Việt Nam tại (?:khu vực|địa bàn|các nước|(?-i:[A-ZĐ]\w*(?: [A-ZĐ]\w*)*))))"
)
# Common nouns need a determiner ("các đơn vị") or a modifier ("ngành ngoại giao").
_GENERIC_UNIT = re.compile(
    rf"(?:{_DET}\s+{_GENERIC_HEAD}{_MODIFIER}*|{_GENERIC_HEAD}{_MODIFIER}+"
    rf"|(?:thủ trưởng|người đứng đầu)\s+(?:các\s+)?{_GENERIC_HEAD}{_MODIFIER}*)(?!\w)", _I
)
_ORG_HEAD = re.compile(
    r"(?:Ban Chỉ đạo|BCĐ|Ngân hàng|Tập đoàn|Tổng công ty|Thông tấn xã|Đài|Chính phủ|Văn phòng|"
    r"Ủy ban|Uỷ ban|Học viện|Tổng cục|Trung tâm|Hội đồng|Đảng ủy|"
    r"Đảng uỷ|Thanh tra|Đại sứ quán|Tổng Lãnh sự quán|Phái đoàn|Bộ|Ban|Cục|Vụ|Sở|Viện|UBND)(?!\w)"
)
# Missions are named by their kind alone when the article is about one of them.
_COMPLETE_ORG_HEADS = frozenset({"Đại sứ quán", "Tổng Lãnh sự quán", "Phái đoàn", "Chính phủ"})
_NAME_COMPOUNDS = frozenset({
    "ngoại giao", "chính phủ", "lãnh sự", "chỉ đạo", "thông tin", "báo chí", "tổ chức",
    "công an", "tư pháp", "tài chính", "nội vụ", "quốc phòng", "công thương", "kế hoạch",
    "đầu tư", "ngoại vụ", "trung ương", "quốc hội", "nhà nước", "cán sự", "đối ngoại",
    "kinh tế", "hành chính", "pháp chế", "lễ tân", "chính trị",
})
# Verbs and function words: after an organisation's name they start the predicate.
_NOT_NAME_SYLLABLES = frozenset({
    "cần", "phải", "tiếp", "khẩn", "tăng", "đẩy", "sớm", "chủ", "tập", "quán", "có", "nghiêm",
    "kiên", "rà", "theo", "đôn", "đã", "sẽ", "đang", "và", "với", "về", "trong", "tại", "để",
    "cho", "của", "là", "được", "bị", "thì", "cũng", "đều", "phối", "thực", "triển", "xây",
    "hoàn", "báo", "nghiên", "tổ", "chỉ", "đề", "yêu", "giao", "lưu", "nhấn", "khi", "sau",
    "trước", "nhằm", "làm", "thông", "chúc", "gửi", "tham", "trình", "nắm", "bảo", "đảm", "giữ",
    "hướng", "đánh", "cùng", "quyết", "xem", "kịp", "trực", "ban", "nêu", "tiến", "mở",
    # Tense and aspect words: "Bộ NN&PTNT vừa có công điện" (an acronym, then the predicate).
    "vừa", "mới", "vẫn", "luôn", "từng", "sắp", "không", "chưa",
})
# Lowercase two-syllable words that end an organisation's proper name.
_ORG_TAILS = frozenset({"kinh tế", "nhân dân", "cán bộ", "đối ngoại", "quốc tế", "thường trực",
                        "lãnh sự", "ngoại giao", "hành chính", "pháp chế", "thông tin",
                        "báo chí", "văn hóa", "văn hoá", "tổ chức", "biên giới", "chính phủ",
                        "chính trị", "tài chính"})
_DIRECTIVE_VERB = (
    r"(?:cần|phải|tiếp tục|khẩn trương|tăng cường|đẩy mạnh|sớm|chủ động|tập trung|quán triệt|"
    r"chủ trì|có trách nhiệm|nghiêm túc|kiên trì|rà soát|theo dõi|đôn đốc|kịp thời|"
    r"chỉ đạo(?! của)|hướng dẫn|nghiên cứu|khẩn cấp|quyết liệt|thực hiện nghiêm|phối hợp chặt chẽ)"
)
# Where the provinces are: "các tỉnh ven biển", "các tỉnh từ Quảng Ninh đến Bình Định".
_REGION = (r"(?:\s+(?:ven biển|miền núi|biên giới|phía (?:Bắc|Nam)|miền (?:Bắc|Trung|Nam)|Tây Nguyên|"
           r"(?:Bắc|Trung|Nam) Bộ|có liên quan|liên quan|bị ảnh hưởng|trong vùng ảnh hưởng|"
           r"từ [A-ZĐ]\w*(?: [A-ZĐ]\w*)* đến [A-ZĐ]\w*(?: [A-ZĐ]\w*)*))")
_MODAL_AFTER_UNIT = re.compile(
    rf"(?:\s+(?:các|mọi)\s+(?:cấp|tỉnh|thành phố|địa phương)(?:,\s*thành phố)?"
    rf"(?:\s+trực thuộc (?i:trung ương))?)?{_REGION}?\s+(?:cũng\s+|đều\s+|thì\s+)?"
    rf"(?:{_DIRECTIVE_VERB}|được giao)\b")
_UNIT_JOINER = re.compile(r"\s*(?:,|;|và)\s*")
_CUE_OBJECT = re.compile(
    r"(?<!\w)(?P<cue>[Cc]hỉ đạo|[Yy]êu cầu|[Đđ]ề nghị|[Gg]iao|[Ll]ưu ý|[Kk]êu gọi)"
    r"(?:\s*[,:]\s*[“\"]?|\s+)"
    r"(?:(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các|những)\s+"
    r"(?:nhiệm vụ|việc|trọng trách|nội dung)(?:\s+\S+){0,3}?\s+cho\s+|cho\s+)?"
)
_QUOTED_CUE = re.compile(r"(?<!\w)nhấn mạnh\s*:\s*[“\"]")
_CLAUSE_START = re.compile(r"(?:^|[,;:“\"(])\s*")
_LEADING_CONNECTOR = re.compile(r"^(?:Vì vậy|Do vậy|Do đó|Vì thế|Bởi vậy|Trước mắt|Trên cơ sở đó|"
                                r"Từ nay|Thời gian tới)\s+(?=\S)")
_TAIL_CUE = re.compile(r"\s*(?:cũng\s+)?(?:nhấn mạnh|yêu cầu|chỉ đạo|đề nghị|lưu ý)\s*[.!…]*$")
_CONNECTOR_DIRECTIVE = re.compile(
    rf"^(?:Đồng thời|Bên cạnh đó|Ngoài ra|Cùng với đó|Mặt khác|Theo đó),?\s+"
    rf"(?:{_DIRECTIVE_VERB}|không (?:chấp nhận|để|được)|nghiêm cấm|tuyệt đối không)\b"
)


def _unit_at(text: str, pos: int) -> tuple[int, str] | None:
    """A unit named at `pos`: "các Trưởng cơ quan đại diện Việt Nam ở nước ngoài", "Bộ Ngoại giao"."""
    candidates: list[int] = []
    generic = _GENERIC_UNIT.match(text, pos)
    if generic:
        candidates.append(generic.end())
    named_end = _named_org_end(text, pos)
    if named_end:
        candidates.append(named_end)
    if not candidates:
        return None
    end = max(candidates)
    return end, _tidy_unit(text[pos:end])


def _tidy_unit(phrase: str) -> str:
    """"Các đơn vị" at a sentence start is "các đơn vị"; no trailing list punctuation."""
    phrase = re.sub(r"[.;,:]+$", "", phrase.strip())
    if re.match(_DET + r"\s", phrase, _I):
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


def _named_org_end(text: str, pos: int) -> int | None:
    """End of a proper organisation name: capitalised syllables and their compounds."""
    irregular = _IRREGULAR_ORG.match(text, pos)
    if irregular:
        return irregular.end()
    head = _ORG_HEAD.match(text, pos)
    if not head:
        return None
    words = _next_words(text, head.end(), 12)
    end: int | None = head.end() if head[0] in _COMPLETE_ORG_HEADS else None
    previous_capital = False
    i = 0
    while i < len(words):
        word = words[i][0]
        bare = word.rstrip(_TRAILING_PUNCT)
        following = words[i + 1][0].rstrip(_TRAILING_PUNCT) if i + 1 < len(words) else ""
        if bare == "tại" and following[:1].isupper() and end is not None:
            previous_capital = False  # "Tổng Lãnh sự quán Việt Nam tại Osaka"
        elif (bare == word == "và" and end is not None and following[:1].isupper()
              and not _ORG_HEAD.match(following)):
            previous_capital = False  # "Bộ Kế hoạch và Đầu tư"
        elif bare[:1].isupper():
            previous_capital = True
        elif previous_capital and _continues_name(words[i - 1][0], bare):
            previous_capital = False
        elif bare == word and f"{bare} {following}".casefold() in _ORG_TAILS:
            i += 1
            word, bare = words[i][0], following
            previous_capital = False
        else:
            break
        end = words[i].start() + len(bare)
        if bare != word:
            break
        i += 1
    return end


def _continues_name(previous: str, word: str) -> bool:
    """Is a lowercase syllable the second half of a capitalised word ("Ngoại giao")?"""
    if not word[:1].islower():
        return False
    if f"{previous} {word}".casefold() in _NAME_COMPOUNDS:
        return True
    return word not in _NOT_NAME_SYLLABLES


def _allowed_cue_starts(sentence: str) -> set[int]:
    """Where a cue verb may stand: after a leader, "Ông/Bà", or at the start of a clause."""
    starts = {m.end() for m in _CLAUSE_START.finditer(sentence)}
    for start, end, _mention in _references_in(sentence):
        del start
        filler = re.match(rf"\s*{_FILLERS}", sentence[end:])
        starts.add(end + (filler.end() if filler else 0))
    return starts


def _units_in(sentence: str) -> list[tuple[int, str]]:
    """Units a sentence gives work to: objects of a cue verb, subjects of a directive verb."""
    found: list[tuple[int, str]] = []
    allowed = _allowed_cue_starts(sentence)
    for cue in list(_CUE_OBJECT.finditer(sentence)) + list(_QUOTED_CUE.finditer(sentence)):
        if cue.start() not in allowed:
            continue
        unit = _unit_at(sentence, cue.end())
        if unit:
            found.append((cue.end(), unit[1]))
    starts = [clause.end() for clause in _CLAUSE_START.finditer(sentence)]
    connector = _LEADING_CONNECTOR.match(sentence)
    if connector:  # "Vì vậy các Bộ, ngành cần ..."
        starts.append(connector.end())
    for start in starts:
        unit = _unit_at(sentence, start)
        chain = [(start, unit[1])] if unit else []
        # "các Bộ, ngành, Uỷ ban nhân dân các cấp cần ...": a list of units shares the verb.
        while unit and not _MODAL_AFTER_UNIT.match(sentence, unit[0]):
            joiner = _UNIT_JOINER.match(sentence, unit[0])
            unit = _unit_at(sentence, joiner.end()) if joiner else None
            if unit:
                chain.append((joiner.end(), unit[1]))
        if unit and _MODAL_AFTER_UNIT.match(sentence, unit[0]):
            found.extend(chain)
    return sorted(set(found))


def find_addressees(sentences: list[str], recipients: Sequence[_Texted]) -> list[str]:
    """Recipients of a letter or telegram first, then units given work in the text."""
    phrases = [_tidy_unit(item.text) for item in recipients]
    phrases += [_tidy_unit(s.split(":", 1)[1]) for s in sentences
                if re.match(r"Kính gửi\s*:\s*\S", s, _I)]
    phrases += [phrase for sentence in sentences for _pos, phrase in _units_in(sentence)]
    return _dedupe_units([p for p in phrases if p])


def _unit_key(phrase: str) -> str:
    key = _collapse(phrase).casefold()
    key = re.sub(r"^(?:tất cả các|các vị|toàn thể)\s+", "các ", key)
    return key


def _dedupe_units(phrases: list[str]) -> list[str]:
    """Same unit written twice, or once with a modifier ("toàn ngành" / "toàn ngành Ngoại giao"),
    is kept once, in its longest form, where it first appeared."""
    kept: list[str] = []
    keys: list[str] = []
    for phrase in phrases:
        key = _unit_key(phrase)
        for i, existing in enumerate(keys):
            if key == existing or existing.startswith(key + " "):
                break
            if key.startswith(existing + " "):
                kept[i], keys[i] = phrase, key
                break
        else:
            kept.append(phrase)
            keys.append(key)
    return kept


def _is_attributed_directive(sentence: str) -> bool:
    """"..., Bộ trưởng nhấn mạnh." - the directive comes first, its author at the end."""
    for start, end, _mention in _references_in(sentence):
        if sentence[:start].rstrip().endswith(",") and _TAIL_CUE.match(sentence[end:]):
            return True
    return False


# A leader, a pronoun or the text itself ("Công điện", "Tôi") followed by a directive verb.
_SPEAKER = re.compile(
    r"(?:^|(?<=[,;:]\s))(?:Công điện|Chỉ thị|Văn bản|Thông báo|Tôi|Chính phủ|Bộ Chính trị)\b")
# "có công điện (số 12/CĐ-TTg)( gửi các tỉnh,)? yêu cầu": the text sent, then what it asks.
_SENT_TEXT = (r"(?:(?:có|ban hành|ký(?: ban hành)?|ra|gửi)\s+"
              r"(?i:công điện|công văn|chỉ thị|văn bản|thư)(?: khẩn| hỏa tốc)?"
              r"(?:\s+\(?số [^\s)]+\)?)?(?:\s+gửi\s+[^.:]{3,300}?,)?\s+)")
# Polite forms of official letters: "Bộ Ngoại giao trân trọng đề nghị", "xin đề nghị".
_POLITE = r"(?:(?:xin|kính|trân trọng)\s+)*"
# "kết luận của", "chỉ đạo của": the noun (someone's conclusion), not the verb.
_NOT_NOUN = r"(?!\s+của\b)"
_STRONG_CUE = re.compile(
    rf"\s*{_FILLERS}(?:(?:vừa|mới)\s+)?{_SENT_TEXT}?{_POLITE}"
    rf"(?:chỉ đạo{_NOT_CHAIRING}|yêu cầu|đề nghị|lưu ý|giao|kết luận(?!\s*:)|(?<!kính )mong(?!\s+muốn)"
    rf"|chỉ thị(?!\s+(?:số|\d|[A-ZĐ0-9]))){_NOT_NOUN}\b"
    r"(?!\s+như sau)")  # "kết luận như sau:" announces what follows; it directs nothing itself
# Subject-less directive: "Yêu cầu Bộ Ngoại giao ...", "Giao Bộ Công an ...", "Đồng ý với ...".
_SUBJECTLESS = re.compile(r"^(?:Yêu cầu|Giao|Đề nghị|Đồng ý|Không đồng ý|Chấp thuận|Cho phép|"
                          r"Thống nhất (?:giao|chủ trương|việc|với)|Nghiêm cấm|Tuyệt đối)\s")
# Opinion letters convey tasks in the present: "Bộ Tài chính xem xét, bố trí kinh phí",
# "Bộ Ngoại giao chịu trách nhiệm về ...": a unit opening the sentence, then the task verb
# (not reported: no "đã", "đang", "vừa"; no time opening as in a news report of an event).
_TASK_VERB = (r"(?:chịu trách nhiệm|xem xét|tiếp thu|hoàn thiện|bố trí|xử lý|trình|tổng hợp|"
              r"triển khai|thực hiện|bảo đảm|đảm bảo|xây dựng|kiểm tra|giải quyết|hỗ trợ|phối hợp|"
              r"cung cấp|cân đối|sửa đổi|báo cáo|thẩm định|hướng dẫn|đôn đốc)")
_MINISTRY_LIST = re.compile(rf"^(?:Các|các)\s+Bộ(?:,\s*(?:cơ quan|ngành))?\s*:\s*[^.;:]{{3,200}}?"
                            rf"(?=\s+(?:cũng\s+|đều\s+)?(?:{_TASK_VERB}|{_DIRECTIVE_VERB})\b)")
# "Sở Ngoại vụ thông báo các Sở, ban, ngành được biết, áp dụng ...": told to apply.
_NOTICE_TO_APPLY = re.compile(r"\bthông báo\b[^.]{3,200}?\bbiết,?\s+(?:và\s+)?(?:áp dụng|thực hiện|"
                              r"triển khai|chấp hành|phối hợp)\b")
# With a leader directing, a sentence opening on a directive verb is his instruction, subject
# left out: "Tiếp tục thực hiện mục tiêu kép ...", "Đẩy nhanh tiến trình ...".
_IMPERATIVE = re.compile(
    r"^(?:Tiếp tục\s+(?=(?:thực hiện|triển khai|đẩy mạnh|tăng cường|rà soát|theo dõi|chỉ đạo|"
    r"hoàn thiện|nâng cao|tập trung|làm tốt|bảo đảm|đảm bảo|quán triệt|phối hợp|nghiên cứu|"
    r"xây dựng|giữ vững|duy trì|kiểm soát|đổi mới|cải thiện|thúc đẩy)\b)|"
    r"Đẩy nhanh|Đẩy mạnh|Khẩn trương|Tăng cường|Tập trung|Kiên quyết|Quyết liệt|"
    r"Nghiêm túc|Chủ động|Nâng cao|Kịp thời|Rà soát|Phấn đấu)\s*[a-zà-ỹđ]")
# More task verbs opening an instruction, the subject left out ("Phối hợp chặt chẽ ...",
# "Thành lập các đoàn công tác ...", "Xem xét trách nhiệm ..."); read as directives only when
# nothing in the sentence reports ("Thực hiện chỉ đạo của Thủ tướng, Bộ đã ...").
_TASK_IMPERATIVE = re.compile(
    r"^(?:Phối hợp|Kiểm soát|Thành lập|Bảo đảm|Đảm bảo|Xem xét|Chỉ đạo|Tổ chức|Xử lý|"
    r"Kiểm tra|Xây dựng|Hoàn thiện|Làm rõ|Kiểm điểm|Không để|Duy trì|"
    r"Siết chặt|Ngăn chặn|Hướng dẫn|Bố trí|Huy động)\s+[a-zà-ỹđA-ZĐ]")
_REPORTED = re.compile(r"\b(?:đã|đang|vừa|từng|sẽ)\s")
# An obligation in the sentence's own voice: "Việc xử lý phải bảo đảm ...", "Đối với ..., phải
# khẩn trương ...". Not "phải được"/"phải là" (a state), nor "không phải".
# "năm 2025 có ý nghĩa ... khi phải hoàn thành", "buộc phải", "mà phải": a circumstance.
_OBLIGATION = re.compile(r"(?<!không )(?<!khi )(?<!mà )(?<!buộc )(?<!đành )(?<!lại )(?<!vì )"
                         r"\bphải\s+(?!được\b|là\b|chịu\b|đối mặt\b|gánh\b)[a-zà-ỹđ]")
# A dispatch's tasks by unit: "Đối với Công an tỉnh: Tiếp tục ...", "UBND các huyện: Tăng ...".
_UNIT_COLON = re.compile(r"^(?:Đối với|Với)\s+")


# A topic, then the task with its subject left out: "Đối với giá vật tư y tế, tiếp tục tăng cường
# ...", "Riêng với các dự án chậm tiến độ, khẩn trương rà soát ...".
_TOPIC_THEN_TASK = re.compile(
    rf"^(?:Đối với|Riêng(?: đối)? với|Riêng)\s[^.;:]{{3,150}}?,\s*(?:{_DIRECTIVE_VERB}|{_TASK_VERB})\s")
# A minister named by his ministry, then his task: "Bộ trưởng Quốc phòng tổ chức quán triệt ...".
_MINISTER_TASKED = re.compile(
    r"^Bộ trưởng\s+(?:Bộ\s+)?(?i:" + "|".join(sorted(_NAME_COMPOUNDS, key=len, reverse=True))
    + rf")\s+(?:{_TASK_VERB}|{_DIRECTIVE_VERB}|tổ chức)\b")


def _unit_then_colon(sentence: str) -> bool:
    """A unit's name (at most ten words) before a colon, then its task."""
    start = _UNIT_COLON.match(sentence)
    pos = start.end() if start else 0
    colon = sentence.find(":", pos)
    name = sentence[pos:colon]
    if colon < 0 or len(name.split()) > 10 or re.search(r"[.;!?]", name):
        return False
    if not (_ORG_HEAD.match(sentence, pos) or _GENERIC_UNIT.match(sentence, pos)
            or _FORCE_HEAD.match(sentence, pos)):
        return False
    return bool(re.match(r"\s*[A-ZĐa-zà-ỹđ]", sentence[colon + 1:]))


_FORCE_HEAD = re.compile(r"(?:Công an|Bộ đội|Cảnh sát|Quân khu|Bộ Tư lệnh|Bộ Chỉ huy)\b")


def _is_heading(paragraph: str) -> bool:
    """A short paragraph with no closing punctuation is a heading: it titles, it directs no one."""
    text = paragraph.strip()
    return (bool(text) and not re.search(r"[.;:!?…\"”)\]]$", text) and len(text.split()) <= 20
            and len(split_sentences(text)) == 1)


# A deadline sentence: "Báo cáo Thủ tướng trước ngày 20/4", "Thời hạn hoàn thành: quý III".
_DEADLINE_SENTENCE = re.compile(
    r"(?:^Thời hạn\b|^(?:Chậm nhất|Muộn nhất|Trước|Hạn chót)(?: là)?\s+(?:ngày|tháng|quý)\s+(?:\d|[IV])"
    r"|\b(?:báo cáo|hoàn thành|trình|gửi)\b[^.;]{0,120}?\b(?:trước|chậm nhất|"
    r"không quá|trong)\s+(?:ngày|tháng|quý|tuần)\s+(?:\d|[IV]))", _I)
_DONE = re.compile(r"\b(?:đã|vừa)\s+(?:báo cáo|hoàn thành|trình|gửi)\b")
# A leader speaking to the officials before him: "Các đồng chí cần ...", "[Hãy] hòa đồng ...".
_ADDRESSED = re.compile(r"^[“\"]?(?:(?:Các|Mỗi|Từng) đồng chí\s+(?:cần|phải|hãy|nên)\b|\[?Hãy\]?\s)")
# "... nhấn mạnh công tác đối ngoại phải ...": an emphasis that carries an obligation.
# Reported speech puts a comma after the verb: "Thủ tướng nhấn mạnh, tới thời điểm này, ... phải".
_EMPHASIS = re.compile(
    r"(?:^|\s)(?i:nhấn mạnh|lưu ý|cho rằng),?\s+(?!rằng\s+đã)(?:[^.;:]{3,160}?\s)?(?:phải|cần)\s")
# After a directive, a sentence spelling it out: "Trong đó có việc tiếp tục đổi mới ...",
# "Cụ thể, các bộ cần ...".
_SPELLED_OUT = re.compile(rf"^(?:Trong đó|Cụ thể)\b(?=[^.]*\b{_DIRECTIVE_VERB}\b)")
# A leader asking the meeting itself to discuss: procedure, not work for anyone afterwards.
_MEETING_PROCEDURE = re.compile(
    r"\b(?:đề nghị|yêu cầu)\s+(?:các\s+)?(?:đại biểu|thành viên|đồng chí)(?:\s+dự họp)?\s+"
    r"(?:tập trung,?\s+)?(?:thảo luận|cho ý kiến|góp ý|phát biểu|đóng góp ý kiến)\b")
# Background: "Những ngày qua, Thủ tướng đã chỉ đạo ...", "Trước đó, ... đã yêu cầu ...".
# A legal preamble: "Xét đề nghị của Bộ Tài chính tại Tờ trình số ...", "Căn cứ ...".
_PREAMBLE = re.compile(r"^(?:Xét|Căn cứ)\s")
_BACKGROUND = re.compile(r"^(?:Trước đó|Thời gian qua|Những ngày qua|Những năm qua|Vừa qua|"
                         r"Năm qua|Thời gian vừa qua)\b[^.]*\bđã\s")
# Closing formulas restate the text's force or offer a contact; they give no work of their own
# (convention of 2026-12-03): "Văn phòng Chính phủ thông báo để các Bộ biết, thực hiện.",
# "... nghiêm túc triển khai thực hiện.", "Nếu có vướng mắc, đề nghị ... phản ánh về ...".
_CLOSING = re.compile(
    # a notice "for information and action" with no work given before it ("giao Bộ Ngoại giao
    # thông báo tới các Bộ biết và triển khai thực hiện" gives work: the notice is the task)
    r"^(?:(?!(?<!Ngoại )giao\b|đồng ý\b|yêu cầu\b|đề nghị\b|chỉ đạo\b).)*?\bthông báo\b.*"
    r"\b(?:được\s+)?biết,?\s+(?:và\s+)?(?:triển khai\s+)?(?:thực hiện|chấp hành)"
    r"\s*[.!/]*\W{0,3}(?:\w{1,4}\W{0,2})?$"
    r"|\bnghiêm túc\s+(?:triển khai\s+)?thực hiện\s*[.!/]*\W{0,3}(?:\w{1,4}\W{0,2})?$"
    r"|\bnếu có\s+(?:[\w,]+\s+){0,3}?vướng\W*mắc", _I)
# A short sentence ending on a colon only announces what follows (the list or paragraphs after
# it carry the work; convention of 2026-12-03). A long one ("... yêu cầu các Bộ tập trung thực
# hiện tốt ...; đồng thời ... với nội dung chủ yếu sau:") gives work of its own before the colon.
_ANNOUNCES = re.compile(r":\s*$")
_ANNOUNCE_WORDS = 40


def _only_announces(sentence: str) -> bool:
    return bool(_ANNOUNCES.search(sentence)) and len(sentence.split()) <= _ANNOUNCE_WORDS
_INTRODUCER = re.compile(
    r"(?:có ý kiến(?: chỉ đạo)?(?: như sau)?|yêu cầu|chỉ đạo(?: như sau)?|kết luận(?: như sau)?|"
    r"đề nghị)\s*:\s*$", _I)


def _is_issuer(mention: _Mention | None, issuer: str | None) -> bool:
    """Only the issuer's own requests count ("Bộ trưởng X đề nghị các đại biểu thảo luận" in
    a report of a Deputy Prime Minister's visit is not his directive); "Ông" refers back."""
    if mention is None or issuer is None:
        return True
    if mention.name:
        # "Thủ tướng" named in the headline, "Thủ tướng Chính phủ Phạm Minh Chính" in the lead.
        return mention.name in issuer or issuer.casefold() == mention.title.casefold()
    return mention.title.casefold() in issuer.casefold()


def _speaker_directs(sentence: str, issuer: str | None = None) -> bool:
    """"Thủ tướng yêu cầu ...", "Ông đề nghị ...", "Công điện yêu cầu ...": the sentence
    reports what a leader or the text itself asks for."""
    ends = [end for _start, end, mention in _references_in(sentence)
            if _is_issuer(mention, issuer)]
    # Past the leader's other titles: "Thượng tướng X, Thứ trưởng, ... có công điện yêu cầu".
    ends += [apposition.end() for apposition in map(partial(_APPOSITION.match, sentence), ends)
             if apposition]
    ends += [m.end() for m in _SPEAKER.finditer(sentence)]
    # The body the text speaks as, at the start of a clause: "Bộ Ngoại giao đề nghị ...".
    for clause in _CLAUSE_START.finditer(sentence):
        if issuer and sentence.startswith(issuer, clause.end()):
            ends.append(clause.end() + len(issuer))  # a long name: "Ban Chỉ đạo ... thiên tai"
            continue
        end = _named_org_end(sentence, clause.end())
        if end and (issuer is None or _collapse(sentence[clause.end():end]) == issuer):
            ends.append(end)
    return any(_STRONG_CUE.match(sentence, end) for end in ends)


def directive_sentences(paragraphs: list[str], issuer: str | None = None, *,
                         list_intros: list[str] | None = None) -> list[str]:
    """Whole sentences outside any list that give work to a unit."""
    result: list[str] = []
    introduced = previous = False
    last = ""
    for paragraph in paragraphs:
        if introduced and not _INTRODUCER.search(paragraph) and not _is_heading(paragraph):
            # "... có ý kiến như sau:" then one unmarked paragraph: that paragraph is the answer.
            first = split_sentences(paragraph)[:1]
            if first and first[0] not in result:
                result.append(first[0])
        # An introducer whose list follows is answered by that list, not by the next paragraph
        # outside it (a sub-heading after the list, say).
        introduced = (bool(_INTRODUCER.search(paragraph))
                      and paragraph not in (list_intros or ()))
        if _is_heading(paragraph) and paragraph is not paragraphs[-1]:
            continue  # a sub-head directs nothing and does not interrupt what it heads
        # A connector opening a paragraph ("Đồng thời, phải ...") continues the directive of
        # the paragraph before, as one opening a sentence continues the sentence before.
        previous = previous and bool(result) and result[-1] in split_sentences(last)
        last = paragraph
        for sentence in split_sentences(paragraph):
            is_directive = bool(_units_in(sentence)) or _is_attributed_directive(sentence) or (
                previous and bool(_CONNECTOR_DIRECTIVE.match(sentence) or
                                  _SPELLED_OUT.match(sentence))) or (
                paragraph not in (list_intros or ()) and _speaker_directs(sentence, issuer)) or (
                bool(_SUBJECTLESS.match(sentence))) or (
                bool(_NOTICE_TO_APPLY.search(sentence))) or (
                issuer is not None and bool(_IMPERATIVE.match(sentence))) or (
                issuer is not None and bool(_TASK_IMPERATIVE.match(sentence))
                and not _REPORTED.search(sentence)) or (
                issuer is not None and bool(_OBLIGATION.search(sentence))
                and not _REPORTED.search(sentence)) or (
                issuer is not None and _unit_then_colon(sentence)) or (
                issuer is not None and bool(_TOPIC_THEN_TASK.match(sentence))
                and not _REPORTED.search(sentence)) or (
                issuer is not None and bool(_MINISTER_TASKED.match(sentence))
                and not _REPORTED.search(sentence)) or (
                issuer is not None and bool(_ADDRESSED.match(sentence))) or (
                issuer is not None and bool(_DEADLINE_SENTENCE.search(sentence))
                and not _DONE.search(sentence)) or (
                issuer is not None and _emphasis_directs(sentence, issuer)) or (
                issuer is not None and _heads_directed(sentence)) or (
                issuer is not None and _unit_given_task(sentence)) or (
                issuer is not None and _plural_subject_obliged(sentence))
            if (_MEETING_PROCEDURE.search(sentence) or _BACKGROUND.match(sentence)
                    or _PREAMBLE.match(sentence) or _CLOSING.search(sentence)
                    or _only_announces(sentence)
                    or (_is_heading(paragraph) and paragraph is not paragraphs[-1])
                    or _another_leader_asks(sentence, issuer)):
                is_directive = False
            if is_directive and sentence not in result:
                result.append(sentence)
            previous = is_directive
    return result


_SPEAKING_CUE = re.compile(r"\s+(?:(?:xin|kính|trân trọng)\s+)*(?:(?:đã|vừa|cũng)\s+)?"
                           r"(?:đề nghị|yêu cầu|thông báo|chỉ đạo|"
                           r"giao|hướng dẫn|trân trọng đề nghị|có ý kiến|"
                           r"(?:có|ban hành|ra|gửi)\s+(?i:công điện|công văn|chỉ thị|văn bản))\b")


# A dispatch addresses the heads of many bodies by title: "Bộ trưởng các Bộ: Quốc phòng, Công
# an, ...; Chủ tịch Ủy ban nhân dân các tỉnh ... tiếp tục ...", "Giám đốc các Sở ... khẩn trương".
_HEADS = re.compile(r"^(?:Bộ trưởng|Chủ tịch|Thủ trưởng|Giám đốc|Tổng Giám đốc|Người đứng đầu|"
                    r"Bí thư|Trưởng ban)(?:\s*,\s*(?:Bộ trưởng|Chủ tịch|Thủ trưởng|Giám đốc|Bí thư))*"
                    r"(?:\s+\S+){0,4}?\s+các\s")
_HEADS_VERB = re.compile(rf"\s(?:cũng\s+|đều\s+)?{_DIRECTIVE_VERB}\b")


def _heads_directed(sentence: str) -> bool:
    """The heads of many bodies, named by title, then a directive verb (not a report: "đã")."""
    if not _HEADS.match(sentence):
        return False
    verb = _HEADS_VERB.search(sentence)
    return bool(verb) and not re.search(r"\b(?:đã|vừa)\s*$", sentence[:verb.start()])


def _unit_given_task(sentence: str) -> bool:
    """A unit (or "Các Bộ: Công an, Quốc phòng") opens the sentence and a task verb follows."""
    if re.search(r"\b(?:đã|đang|vừa|sẽ)\s", sentence):
        return False
    ministries = _MINISTRY_LIST.match(sentence)
    if ministries:
        return True
    unit = _unit_at(sentence, 0)
    if unit and unit[1] == "Chính phủ":
        return False  # the Government issues; it is no addressee of an opinion letter
    return bool(unit) and bool(re.match(rf"\s+(?:cũng\s+|đều\s+|sớm\s+)?{_TASK_VERB}\b",
                                        sentence[unit[0]:]))


# "Các DNNN thuộc diện cổ phần hóa cần ...", "Trường hợp ..., thủ trưởng các Bộ ... có trách
# nhiệm ...": a plural subject (any noun, not only a known unit) under an obligation.
_PLURAL_SUBJECT_OBLIGED = re.compile(
    r"(?:^|^(?:Trường hợp|Đối với|Khi|Nếu)\b[^.;:]{3,200}?,\s*)"
    r"(?:(?:thủ trưởng|người đứng đầu|lãnh đạo)\s+)?(?:Các|các|Mỗi|mỗi|Từng|từng|Tất cả các|tất cả các)"
    r"\s(?:(?!\b(?:đã|đang|vừa|sẽ|được)\b)[^.;:]){1,160}?\s"
    r"(?:cần|phải|có trách nhiệm|chịu trách nhiệm|khẩn trương|tăng cường|định kỳ|"
    r"trước ngày|chậm nhất)\s(?!được\b)")  # "Các ý kiến cần được nghiên cứu": no agent


def _plural_subject_obliged(sentence: str) -> bool:
    return bool(_PLURAL_SUBJECT_OBLIGED.match(sentence))


def _another_leader_asks(sentence: str, issuer: str | None) -> bool:
    """"Bộ trưởng đề nghị các địa phương hỗ trợ" in a report of a Deputy Prime Minister's
    meeting: a leader other than the issuer asks, and the issuer asks nothing in the sentence."""
    if issuer is None or not _LEADER_TITLE.search(issuer):
        return False  # a body ("Bộ Ngoại giao") speaks through its leaders
    others = issuer_cued = False
    for _start, end, mention in _references_in(sentence):
        if not _STRONG_CUE.match(sentence, end):
            continue
        if _is_issuer(mention, issuer):
            issuer_cued = True
        else:
            others = True
    return others and not issuer_cued and not _SPEAKER.search(sentence)


def _emphasis_directs(sentence: str, issuer: str) -> bool:
    """"Thủ tướng ... nhấn mạnh ngành ngoại giao phải ...", or "Nhấn mạnh ... phải ..." opening a
    sentence (the leader named just before): the emphasis carries an obligation."""
    emphasis = _EMPHASIS.search(sentence)
    if not emphasis:
        return False
    if emphasis.start() == 0:
        return True
    return any(_is_issuer(mention, issuer) for _start, end, mention in _references_in(sentence)
               if end <= emphasis.start())


def speaking_body(sentences: list[str]) -> str | None:
    """With no leader named, the body the text speaks as: "Bộ Ngoại giao đề nghị ...",
    "Sở Ngoại vụ thông báo ..." opening a sentence or a clause."""
    for sentence in sentences:
        for clause in _CLAUSE_START.finditer(sentence):
            end = _named_org_end(sentence, clause.end()) or _long_head_end(sentence, clause.end())
            if not end:
                continue
            if _SPEAKING_CUE.match(sentence, end):
                return _tidy_unit(sentence[clause.end():end])
            # A long name with lower-case words ("Ban Chỉ đạo Trung ương Phòng chống thiên
            # tai") runs on to the cue within the same clause.
            # A comma inside a name is followed by a lower-case word ("về phòng, chống thiên
            # tai"); one closing a clause before the cue is not.
            cue = _SPEAKING_CUE.search(sentence, end)
            gap = sentence[end:cue.start()] if cue else ""
            gap = re.sub(r"\s*\([A-ZĐ][A-ZĐa-z&\-]{1,15}\)", "", gap)  # "(PCTT)": its acronym
            if (cue and not re.search(r"[;:.()]|,(?!\s*[a-zà-ỹđ])", gap)
                    and len(gap.split()) <= 10):
                return _tidy_unit(sentence[clause.end():cue.start()])
    return None


def _long_head_end(sentence: str, pos: int) -> int | None:
    """"Ban Chỉ đạo quốc gia ...", "UBND tỉnh ...": a head that names a body by itself, its
    lower-case rest read up to the cue."""
    head = _ORG_HEAD.match(sentence, pos)
    if head and (" " in head[0] or head[0].isupper()):
        return head.end()
    return None
