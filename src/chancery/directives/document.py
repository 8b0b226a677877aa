"""The first steps of the directive pipeline: clean the text up, then cut it into its parts.

Each step is a pure function on text, tested alone (tests/directives/test_document.py):

1. :func:`tidy_text` - clean-up: header tables ("Số: 12/VPCP | Hà Nội, ngày ... |") become one
   line per cell; sentences glued without a space after the full stop ("ông.Bộ") and words glued
   together ("báo cáoThủ tướng") are separated; lines a PDF or a web page wrapped mid-sentence
   are joined again; the reader-comment block of a web page and all after it are dropped.
2. :func:`split_parts` - document parts: the heading block gives the document's type
   ("QUYẾT ĐỊNH", "CHỈ THỊ", ...) and its date ("Hà Nội, ngày 5 tháng 3 năm 2025", or the
   date in an upper-case title "... NGÀY 21 THÁNG 6 NĂM 2001"); the body is what a reviewer
   reads for tasks. Legal bases ("Căn cứ ..."), the closing formula ("Văn phòng Chính phủ xin
   thông báo để ... biết, thực hiện"), the signature block and the distribution list ("Nơi
   nhận:") are set apart, so they never become items nor children of the last item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from chancery.directives.outline import join_bare_markers

__all__ = ["DocumentParts", "header_date", "heading_leader", "is_normative", "signer_office",
           "split_parts", "tidy_text"]

_I = re.IGNORECASE

# --------------------------------------------------------------------------------------------
# 1. Clean-up
# --------------------------------------------------------------------------------------------

# The comment box and what follows it on a news or portal page.
_TRAILER = re.compile(
    r"^(?:ý kiến bạn đọc|gửi bình luận|bình luận \(\d+\)|viết bình luận|gửi ý kiến)\b", _I)
# A legal-text site's "related documents" list ("- 1Chỉ thị 15/CT-TTg ..."), error stubs.
_WEB_FURNITURE = re.compile(r"^(?:[-•]\s*\d{1,2}(?=[A-ZĐ])|\*+\s*\w+\s*\*+$)")
# A news agency's tag or a scraped date field before the lead: "TTO - ", "date 2021-03 ".
# A site's own name may carry its domain: "VOV.VN - ", "(Chinhphu.vn) - ", "Baoquocte.vn – ".
# (A Roman numeral is a section's marker, not a tag: "II - NHIỆM VỤ CỤ THỂ".)
_LEAD_TAG = re.compile(
    r"^(?:(?![IVX]+\s*[-–])\(?(?:[A-ZĐ]{2,8}|[A-ZĐ][A-Za-z]{1,15}\.(?:vn|VN|com|net))\)?\s*[-–—]\s+"
    r"|date\s+\d{4}-\d{2}(?:-\d{2})?\s+)")
_DATE_FIELD = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\s")
# A PDF's page boundary as converters write it ("--- PAGE BREAK ---", a form feed) and the
# page number printed at the top of the next page ("2", "- 2 -"): not part of the text.
_PAGE_BREAK = re.compile(r"^(?:-{2,}\s*page\s*break\s*-{2,}|\f)$", _I)
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
_GLUED_SENTENCE = re.compile(r"(?<=[^\W_])([.!?;])(?=[^\W\d_])")
_GLUED_WORD = re.compile(r"[^\W\d_]{4,}")
_LEADER_AT_END = re.compile(
    r"(?:(?i:Phó\s+)?(?:Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch)(?:\s+Chính phủ)?)\s*$")
# "... Phó Thủ tướng Chính phủ Lê" / "Minh Khái có ý kiến": a title, then only capitalised words.
_TITLE_THEN_NAME_AT_END = re.compile(
    r"(?:Thủ tướng|Bộ trưởng|Thứ trưởng|Chủ tịch)(?:\s+Chính phủ)?(?P<name>(?:\s+\w+){1,3})\s*$")
_SENTENCE_END = ".!?…;:"
# A headline glued to its lead with no stop: "... dịp Lễ 30/4 và 1/5 Thủ tướng yêu cầu Bộ Công
# an ...": a second leader-and-cue with no punctuation since the first starts a new sentence.
_LEADER_CUE = re.compile(
    r"(?:Phó )?(?:Thủ tướng|Bộ trưởng|Chủ tịch)(?: Chính phủ)?(?: [A-ZĐ]\w*){0,4} "
    r"(?:yêu cầu|chỉ đạo|đề nghị|nhấn mạnh|kết luận)\b")
# Two-syllable words of official texts that copies from legal-text sites run together at the
# old line ends ("Thủtướng Chính phủ", "cơquan"): found glued, they are cut again.
_COMMON_WORDS = (
    "thủ tướng", "bộ trưởng", "thứ trưởng", "chủ tịch", "chính phủ", "ngoại giao", "trung ương",
    "cơ quan", "đơn vị", "nhân dân", "ủy ban", "uỷ ban", "ý kiến", "đề nghị", "yêu cầu",
    "chỉ đạo", "kết luận", "thực hiện", "triển khai", "phối hợp", "chủ trì", "báo cáo",
    "văn phòng", "thông báo", "quyết định", "nghị định", "nghị quyết", "thông tư", "chỉ thị",
    "kế hoạch", "đầu tư", "tài chính", "công an", "quốc phòng", "tư pháp", "nội vụ", "y tế",
    "giáo dục", "địa phương", "thành phố", "trực thuộc", "hội đồng", "nhiệm vụ", "giải pháp",
    "tổ chức", "khẩn trương", "tăng cường", "nghiên cứu", "xem xét", "giải quyết", "quy định",
    "hướng dẫn", "lãnh đạo", "đại sứ", "lãnh sự", "hộ chiếu", "thị thực", "công dân")
_GLUED_COMMON = {word.replace(" ", ""): word for word in _COMMON_WORDS}
_LETTER_MARKER = re.compile(r"^[a-zđ][).]\s")


def tidy_text(text: str) -> str:
    """Clean-up before any parsing; returns text with one paragraph (or table cell) a line."""
    lines: list[str] = []
    after_page_break = False
    for raw in text.split("\n"):
        if _PAGE_BREAK.match(raw.strip(" \t")):
            after_page_break = True
            continue
        for cell in raw.split("|"):
            line = " ".join(cell.split())
            if not line:
                lines.append("")
                continue
            if after_page_break:
                after_page_break = False
                if _PAGE_NUMBER.match(line):
                    continue
            if _TRAILER.match(line):
                return _join_wrapped(lines)
            if _WEB_FURNITURE.match(line):
                continue
            field_date = _DATE_FIELD.match(line)
            if field_date:  # "date 2026-02-25 Lead ..." -> a dateline, then the lead
                lines.append("/".join(reversed(field_date[1].split("-"))))
            line = _LEAD_TAG.sub("", line)
            line = _GLUED_SENTENCE.sub(_unglue_sentence, line)
            line = _GLUED_WORD.sub(_unglue_word, line)
            line = _unglue_cue(line)
            line = _unglue_common(line)
            line = _GLUED_FUNCTION.sub(_unglue_function, line)
            line = _split_glued_headline(line)
            lines.append(line)
    return _join_wrapped(lines)


def _unglue_sentence(match: re.Match[str]) -> str:
    """"ông.Bộ" -> "ông. Bộ": a word, stop, upper-case letter then lower-case. The word may end in
    a lower-case letter, be a date or a year ("30/6.Các", "2024.Các") or an acronym ("USD.Bộ");
    a line's first token stays ("1.Giao", "II.Nhiệm vụ" are markers)."""
    text, pos = match.string, match.start()
    before = text[pos - 1] if pos else ""
    after = text[match.end():match.end() + 2]
    if not (len(after) == 2 and after[0].isupper() and after[1].islower()):
        return match[1]
    token_start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    token = text[token_start:pos]
    if before.islower():
        return match[1] + " "
    first_token = text[:token_start].strip() == ""
    if not first_token and (re.fullmatch(r"\d{4}|\d{1,2}/\d{1,2}(?:/\d{4})?", token)
                            or re.fullmatch(r"[A-ZĐ]{2,}", token)):
        return match[1] + " "
    return match[1]


def _unglue_word(match: re.Match[str]) -> str:
    """"cáoThủ" -> "cáo Thủ"; "iPhone", "VnExpress", "McKinsey" stay (one lower-case letter
    before the capital, or a capital before it)."""
    word = match[0]
    for i in range(2, len(word) - 1):
        if (word[i].isupper() and word[i + 1].islower()
                and word[i - 1].islower() and word[i - 2].islower()):
            return word[:i] + " " + _unglue_word(re.match(r".+", word[i:]))
    return word


def _split_glued_headline(line: str) -> str:
    """Cut before the second "<leader> <cue>" when nothing but words separates it from the
    first (no stop, comma or "và"): a headline run into its lead paragraph."""
    matches = list(_LEADER_CUE.finditer(line))
    if len(matches) < 2 or matches[0].start() != 0:
        return line
    second = matches[1]
    between = line[matches[0].end():second.start()]
    if re.search(r"[.;:!?…“”\"]", between) or re.search(r"\s(?:và|nhưng|khi|thì)\s*$", between):
        return line
    return line[:second.start()].rstrip() + "\n" + line[second.start():]


def _unglue_common(line: str) -> str:
    """"Thủtướng" -> "Thủ tướng", "cơquan" -> "cơ quan" (see ``_COMMON_WORDS``); the case of
    each letter is kept."""
    def cut(match: re.Match[str]) -> str:
        token = match[0]
        word = _GLUED_COMMON.get(token.casefold())
        if word is None:
            return token
        split_at = word.index(" ")
        return f"{token[:split_at]} {token[split_at:]}"
    return re.sub(r"[^\W\d_]{3,}", cut, line)


# A Vietnamese syllable: an onset, one vowel group, an optional final consonant. Two syllables
# run together ("báođể", "củamột", "địnhsố") are no syllable, and copies from legal-text sites
# glue the commonest function words to the word before at their old line ends.
_VOWELS = "aăâeêioôơuưy" + "áắấéếíóốớúứý" + "àằầèềìòồờùừỳ" + "ảẳẩẻểỉỏổởủửỷ" + "ãẵẫẽễĩõỗỡũữỹ" + \
    "ạặậẹệịọộợụựỵ"
_SYLLABLE = re.compile(rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}"
                       r"(?:ng|nh|ch|[cmnpt])?")
_FUNCTION_WORDS = ("để", "của", "số", "sau", "các", "và", "với", "cho", "theo", "tại", "về",
                   "được", "một", "những", "trong", "này", "từ", "có", "là", "đã", "không",
                   "khi", "trên")
_GLUED_FUNCTION = re.compile(rf"(?<!\w)([a-zđ{_VOWELS}]{{2,7}}?)({'|'.join(_FUNCTION_WORDS)})(?!\w)")


def _unglue_function(match: re.Match[str]) -> str:
    """"thông báođể" -> "thông báo để": only when the part before is one syllable itself."""
    head, tail = match[1], match[2]
    if _SYLLABLE.fullmatch(head) and not _SYLLABLE.fullmatch(match[0]):
        return f"{head} {tail}"
    return match[0]


def _unglue_cue(line: str) -> str:
    """"Kháicó ý kiến" -> "Khái có ý kiến": no Vietnamese syllable runs on into a cue verb."""
    out = []
    last = 0
    for word in re.finditer(r"\S+", line):
        token = word[0]
        if token[:1].isupper():
            for cue in ("có", "yêu", "chỉ", "kết", "đề", "nhấn"):
                cut = token.find(cue, 2)
                if cut > 0 and token.endswith(cue) and token[:cut].isalpha() and re.match(
                        r"(?:có ý kiến|yêu cầu|chỉ đạo|kết luận|đề nghị|nhấn mạnh)\b",
                        line[word.start() + cut:]):
                    out.append(line[last:word.start() + cut] + " ")
                    last = word.start() + cut
                    break
    out.append(line[last:])
    return "".join(out)


def _name_runs_on(previous: str) -> bool:
    """Does the line end in a leader's title and the start of a capitalised name?"""
    match = _TITLE_THEN_NAME_AT_END.search(previous)
    return bool(match) and all(word[:1].isupper() for word in match["name"].split())


def _join_wrapped(lines: list[str]) -> str:
    """A line that opens in lower case continues the previous one (hard-wrapped text), as
    does a line after one ending in a leader's title ("... Phó Thủ tướng" / "Trần Hồng Hà")."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if line and previous and previous[-1] not in _SENTENCE_END and (
                (line[0].islower() and not _LETTER_MARKER.match(line))
                or _LEADER_AT_END.search(previous)
                or (_name_runs_on(previous) and line[:1].isupper())):
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# 2. Document parts
# --------------------------------------------------------------------------------------------

# Types of official text that regulate, decide or report: their numbered clauses are no tasks.
_NORMATIVE_TYPES = (r"QUYẾT ĐỊNH|NGHỊ ĐỊNH|THÔNG TƯ(?: LIÊN TỊCH)?|TỜ TRÌNH|THÔNG CÁO(?: BÁO CHÍ)?"
                    r"|LUẬT|PHÁP LỆNH|BÁO CÁO|NGHỊ QUYẾT|QUY CHẾ|QUY ĐỊNH")
_TYPE_LINE = re.compile(rf"^(?:DỰ THẢO\s+)?(?P<type>{_NORMATIVE_TYPES})(?:$|\s)")
_ARTICLE = re.compile(r"^[“\"]?Điều\s+(\d+)\s*\.")
# "Điều 1. Phê duyệt Chương trình ...": a decision's first article enacts something.
_ENACTING_ARTICLE = re.compile(
    r"^Điều\s+1\s*\.\s*(?:Phê duyệt|Ban hành|Sửa đổi|Bãi bỏ|Thành lập|Bổ nhiệm|Công nhận|Quy định|"
    r"Giao chỉ tiêu|Điều chỉnh|Cho phép|Phê chuẩn)\b")
_TYPE_WORDS = (r"Quyết định|Nghị định|Thông tư(?: liên tịch)?|Tờ trình|Thông cáo(?: báo chí)?|Luật"
               r"|Pháp lệnh|Báo cáo|Nghị quyết|Quy chế|Quy định")
# "Loại văn bản: Thông tư" (a legal-text site's metadata).
_TYPE_FIELD = re.compile(
    rf"^(?:[•\-*]\s*)?(?:Loại văn bản|Hình thức văn bản)\s*:\s*(?P<type>{_TYPE_WORDS})\b", _I)
# A page title: the type, then the text's number and code ("344/QĐ-TTg", "36/2025/NĐ-CP").
_TITLE_TYPE = re.compile(
    rf"^(?:[•\-*]\s*)?(?P<type>{_TYPE_WORDS})\s+(?:số\s+)?\d+(?:/\d{{4}})?/[A-ZĐ][A-ZĐa-z]*-", _I)
# The enacting line of a decision or a resolution: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:".
_ENACTING = re.compile(r"^(?P<type>QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT)\s*:$")
_DOC_DATE = re.compile(
    r"(?:^|\n)[^\d,\n]{2,40},\s*ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)(?P<m>\d{1,2})"
    r"(?:\s+năm\s+|\s*[/.-]\s*)(?P<y>\d{4})", _I)
_TITLE_DATE = re.compile(
    r"NGÀY\s+(?P<d>\d{1,2})(?:\s+THÁNG\s+|/)(?P<m>\d{1,2})(?:\s+NĂM\s+|/)(?P<y>\d{4})")
_ISSUED_FIELD = re.compile(
    r"(?:^|\n)Ngày ban hành\s*:?\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})", _I)
_HEADER_LINES = 30
# A scanned letter's dateline read by OCR: the number's column run onto the same line ("Số: 4454
# /TCT-TTKT Hà Nội, ngày 29 tháng 44 năm 2022"), "ngày" glued to the day, marks lost ("thang"),
# and a 1 read as 4 or A ("ngàyA2", "tháng 44"). Read only when no clean dateline is found.
_OCR_DOC_DATE = re.compile(
    r"(?:^|\n)(?:Số\b[^\n,]{0,40}?\s)?[^\d,\n]{2,40},\s*ngày\s*(?P<d>[\dA]{1,2})\s+th[aá]ng\s+"
    r"(?P<m>[\dA]{1,2})\s+n[aă]m\s+(?P<y>\d{4})", _I)

# A legal basis cites a text or an opinion ("Căn cứ Nghị định số ...", "Căn cứ ý kiến của ...");
# "Căn cứ tình hình thực tiễn, Bộ trưởng chỉ thị ..." is the body's own sentence.
_BASIS = re.compile(r"^(?:[-–•+]\s*)?(?:Căn cứ\s+(?:vào\s+)?(?=[A-ZĐ0-9]|(?i:ý kiến|đề nghị|chức năng|"
                    r"nhiệm vụ|kết luận|văn bản|công văn|quyết định|nghị định|nghị quyết|thông tư|"
                    r"luật|chỉ thị|điều|khoản|báo cáo|tờ trình|thông báo|kế hoạch)\b)|"
                    r"Xét đề nghị của [^,]{0,120}(?:,|;)$|Theo đề nghị của\b)")
# "Nơi nhận:", or its first line when a copy lost the heading: "- Như trên;".
_DISTRIBUTION = re.compile(r"^Nơi nhận\s*:?|^[-–•+]\s*Như trên\s*[;,.]?\s*$", _I)
_CLOSING = re.compile(
    r"\bxin thông báo (?:để|cho|tới)\b|^[^.]{0,60}\bthông báo (?:để|cho) [^.]{0,80}\bbiết\b"
    r"(?:,\s*thực hiện)?\s*[./]*$|^Trân trọng(?: cảm ơn| thông báo)?\s*[./]*$|"
    r"^Xin trân trọng cảm ơn", _I)
_SIGNATURE = re.compile(
    r"^(?:KT\.|TM\.|TL\.|TUQ\.|Q\.)\s*\S|^\((?:Đã ký|đã ký|Ký|ký)[^)]*\)$|^\[?Đã ký\]?$")
_END_MARK = re.compile(r"\./\.\s*$")


@dataclass
class DocumentParts:
    """A text cut into the parts a reader tells apart."""

    body: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    doc_type: str | None = None
    doc_date: date | None = None
    leader: str | None = None  # named in an upper-case heading: "KẾT LUẬN CỦA THỦ TƯỚNG ..."
    number_issuer: str | None = None  # from a directive's number: "08/CT-CTUBND"
    header_body: str | None = None  # the body the header names: "BỘ NGOẠI GIAO"

    @property
    def body_text(self) -> str:
        return "\n".join(self.body)


# Where a copy that lost its line breaks runs the end of a text on: "./." then more, "Nơi
# nhận:" or a signature's "KT. BỘ TRƯỞNG" inside a line, or a closing formula after a stop.
_RUN_ON_END = re.compile(
    r"(?<=\./\.)\s+(?=\S)|(?<=[.;:])\s*(?=Nơi nhận\s*:)|"
    r"\s+(?=(?:KT|TM|TL|TUQ)\.\s*(?:BỘ|THỦ|CHỦ|ỦY|UỶ|UBND|VĂN|BAN|SỞ|CỤC|VỤ|GIÁM|CHÁNH|[A-ZĐ]{2}))"
    r"|(?<=[.;])\s+(?=(?:Văn phòng Chính phủ|Bộ Ngoại giao|[A-ZĐ][^.;]{0,50}?)\s+(?:xin\s+)?"
    r"thông báo (?:để|cho|tới)\b[^.]{0,100}\bbiết\b)")


def cut_run_on_end(line: str) -> list[str]:
    """One line per part when the closing formula, the distribution list or the signature was
    run into the last paragraph ("... thực hiện./. Nơi nhận: - Như trên; ...")."""
    pieces = [piece.strip() for piece in _RUN_ON_END.split(line)]
    return [piece for piece in pieces if piece] or [line]


def split_parts(text: str) -> DocumentParts:
    """Body, legal bases, closing formula, signature, distribution list, type and date."""
    lines = join_bare_markers(
        [piece for line in text.split("\n") for piece in cut_run_on_end(line)])
    parts = DocumentParts(doc_type=document_type(lines), doc_date=header_date(lines),
                          leader=heading_leader(lines), number_issuer=number_issuer(lines),
                          header_body=header_body(lines))
    tail: list[str] | None = None  # once the body has ended, where the lines go
    for line in lines:
        stripped = line.strip()
        if tail is not None:
            target = parts.distribution if tail is parts.distribution else parts.signature
            if _DISTRIBUTION.match(stripped):
                target = parts.distribution
                tail = parts.distribution
            target.append(line)
            continue
        if _DISTRIBUTION.match(stripped):
            tail = parts.distribution
            parts.distribution.append(line)
        elif _SIGNATURE.match(stripped):
            tail = parts.signature
            parts.signature.append(line)
        elif stripped and _BASIS.match(stripped):
            parts.bases.append(line)
        elif stripped and _CLOSING.search(stripped):
            parts.closing.append(line)
            if _END_MARK.search(stripped):
                tail = parts.signature
        else:
            parts.body.append(line)
            if _END_MARK.search(stripped) and not _ARTICLE.match(stripped):
                tail = parts.signature  # "./." ends an official text: the signature follows
    return parts


def document_type(lines: list[str]) -> str | None:
    """The type word of an official text, if it is one of the types that regulate or report.

    Read, in turn, from: an upper-case heading line ("QUYẾT ĐỊNH", "TỜ TRÌNH"); a legal-text
    site's "Loại văn bản: Thông tư" field; a page title naming the type and its number
    ("Quyết định 344/QĐ-TTg năm 2022 ..."); the enacting line ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:").
    A body cut into two or more articles ("Điều 1.", "Điều 2.") is a regulation too, whatever
    its heading: a leader's directive is never written in articles.
    """
    stripped = [line.strip() for line in lines]
    for line in stripped[:_HEADER_LINES * 2]:
        match = _TYPE_LINE.match(line)
        if match and line.upper() == line:
            return match["type"]
        field_match = _TYPE_FIELD.match(line)
        if field_match:
            return field_match["type"].upper()
    for line in [line for line in stripped if line][:3]:
        match = _TITLE_TYPE.match(line)
        if match:
            return match["type"].upper()
    for line in stripped:
        match = _ENACTING.match(line)
        if match:
            return match["type"]
    articles = {int(match[1]) for line in stripped if (match := _ARTICLE.match(line))}
    if len(articles) >= 2 or any(_ENACTING_ARTICLE.match(line) for line in stripped):
        return "QUY ĐỊNH"
    return None


# "THÔNG BÁO / KẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ PHẠM MINH CHÍNH TẠI ...", "Ý KIẾN CHỈ ĐẠO CỦA
# PHÓ THỦ TƯỚNG ... VỀ ...", "CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ".
_HEADING_LEADER = re.compile(
    r"(?:KẾT LUẬN|Ý KIẾN|CHỈ ĐẠO|CHỈ THỊ|CÔNG ĐIỆN|PHÁT BIỂU)(?: CHỈ ĐẠO| KẾT LUẬN)? CỦA "
    r"(?P<who>(?:PHÓ )?(?:THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ TỊCH|THỨ TRƯỞNG|TỔNG BÍ THƯ)(?: \S+){0,8}?)"
    r"(?=,| TẠI | VỀ | ĐỐI VỚI | TRONG | KHI | NHÂN | LÀM VIỆC | VỚI | NGÀY | LẦN | \(|$)")
_TITLE_CASE = {"PHÓ": "Phó", "THỦ TƯỚNG": "Thủ tướng", "BỘ TRƯỞNG": "Bộ trưởng",
               "CHỦ TỊCH": "Chủ tịch", "THỨ TRƯỞNG": "Thứ trưởng", "TỔNG BÍ THƯ": "Tổng Bí thư",
               "CHÍNH PHỦ": "Chính phủ", "NGOẠI GIAO": "Ngoại giao",
               "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân", "UỶ BAN NHÂN DÂN": "Uỷ ban nhân dân",
               "UBND": "UBND", "TỈNH": "tỉnh", "THÀNH PHỐ": "thành phố",
               "BAN CHỈ ĐẠO": "Ban Chỉ đạo", "VỀ": "về", "VÀ": "và", "PHÒNG, CHỐNG": "phòng, chống",
               "THIÊN TAI": "thiên tai", "QUỐC GIA": "quốc gia", "TRUNG ƯƠNG": "Trung ương"}


def heading_leader(lines: list[str]) -> str | None:
    """The leader an upper-case heading names as the author ("KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TRẦN
    HỒNG HÀ TẠI ..." -> "Phó Thủ tướng Trần Hồng Hà"); heading lines wrapped mid-name are joined."""
    heading = " ".join(line.strip() for line in lines[:_HEADER_LINES * 2]
                       if line.strip() and line.strip().upper() == line.strip()
                       and any(char.isalpha() for char in line))
    match = _HEADING_LEADER.search(" ".join(heading.split()))
    if not match:
        return None
    return title_case(match["who"])


# The national motto's first line, which the issuing body's name stands beside or above.
_REPUBLIC = re.compile(r"^C[ỘO]NG H[ÒO]A\b", _I)
_RULE_LINE = re.compile(r"^[-—–_=*.]{3,}$")
# The Government Office conveys a leader's opinion; its letters name no issuer of their own.
_GOVERNMENT_OFFICE = re.compile(r"^V[ĂA]N PH[ÒO]NG CH[ÍI]NH PH[ỦU]\b")


def header_body(lines: list[str]) -> str | None:
    """The body an official text's header names before the national motto ("BỘ NGOẠI GIAO",
    "UỶ BAN NHÂN / DÂN / TỈNH QUẢNG BÌNH" wrapped in a table cell), in title case; None when
    the text opens otherwise (a news page's headline in capitals is no header), and for the
    Government Office, which conveys another's opinion. Pages copied from legal databases put
    a title or a list of related documents above the header: then the header is found by the
    motto instead ("ỦY BAN NHÂN DÂN | CỘNG HÒA ...", or the capitals just above it)."""
    words = _header_from_top(lines)
    if words is None:
        words = _header_at_motto(lines)
    name = " ".join(words or [])
    if not words or len(words) > 12 or _GOVERNMENT_OFFICE.match(name):
        return None
    return title_case(name)


def _header_from_top(lines: list[str]) -> list[str] | None:
    words: list[str] = []
    for line in lines[:10]:
        stripped = line.strip()
        if not stripped:
            continue
        if _REPUBLIC.match(stripped) or _RULE_LINE.match(stripped):
            return words
        if stripped.upper() != stripped or not any(char.isalpha() for char in stripped):
            return None
        words += stripped.split()
    return None


# A body's name in a header: capitals, spaces and the dash of joint bodies, no number.
_BODY_NAME = re.compile(r"^[^\W\d_]+(?:[\s\-–][^\W\d_]+)*$")


def _header_at_motto(lines: list[str]) -> list[str] | None:
    """The cell left of the motto on its line, or the capitals on the lines just above it."""
    for index, line in enumerate(lines[:_HEADER_LINES]):
        cells = [cell.strip() for cell in line.split("|")]
        for position, cell in enumerate(cells):
            if not _REPUBLIC.match(cell):
                continue
            left = " ".join(cell for cell in cells[:position] if cell)
            if left:
                return left.split() if _is_body_name(left) else None
            words: list[str] = []
            for above in reversed(lines[:index]):
                stripped = above.strip()
                if not stripped or _RULE_LINE.match(stripped):
                    if words:
                        break
                    continue
                if not _is_body_name(stripped):
                    break
                words = stripped.split() + words
            return words
    return None


def _is_body_name(text: str) -> bool:
    return text.upper() == text and bool(_BODY_NAME.match(text))


def title_case(upper: str) -> str:
    """"THỦ TƯỚNG CHÍNH PHỦ PHẠM MINH CHÍNH" -> "Thủ tướng Chính phủ Phạm Minh Chính"."""
    words = upper.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            phrase = " ".join(words[i:i + size])
            if phrase in _TITLE_CASE:
                out.append(_TITLE_CASE[phrase])
                i += size
                break
        else:
            out.append(words[i].capitalize())
            i += 1
    return " ".join(out)


# "Số: 15/CT-TTg", "Số: 1543/CĐ-CTUBND": a directive's or a dispatch's number ends in its issuer.
_DIRECTIVE_NUMBER = re.compile(
    r"^Số\s*:?\s*\d+(?:/\d{4})?/(?:CT|CĐ)-(?P<who>[A-Za-zĐđ]+)\b", _I)
_NUMBER_ISSUERS = {"TTG": "Thủ tướng Chính phủ", "CTUBND": "Chủ tịch Ủy ban nhân dân",
                   "UBND": "Ủy ban nhân dân", "BNG": "Bộ Ngoại giao", "CP": "Chính phủ"}


# "Số: 1234/BNG-LS", "Số 15/CT-TTg", "Số: 4454 /TCT-TTKT": an official text's own number and code.
_DOCUMENT_NUMBER = re.compile(
    r"(?:^|[|\s])Số\s*:?\s*(?P<number>\d+\s?(?:/\d{4})?\s?/\s?[A-ZĐ][A-ZĐa-zđ0-9&-]*)")


def document_number(lines: list[str]) -> str | None:
    """The text's own number from its heading block, spaces taken out ("4454/TCT-TTKT")."""
    for line in lines[:_HEADER_LINES]:
        match = _DOCUMENT_NUMBER.search(line.strip())
        if match:
            return re.sub(r"\s+", "", match["number"])
    return None


def number_issuer(lines: list[str]) -> str | None:
    """Who issues a directive (CT) or a dispatch (CĐ), read from its number's suffix."""
    for line in lines[:_HEADER_LINES]:
        match = _DIRECTIVE_NUMBER.match(line.strip())
        if match:
            return _NUMBER_ISSUERS.get(match["who"].upper())
    return None


def signer_office(signature: list[str]) -> str | None:
    """Whose authority a signature block carries: "KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG" -> "Thủ tướng
    Chính phủ", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" -> "Chủ tịch Ủy ban nhân dân"; the Government
    Office's head ("BỘ TRƯỞNG, CHỦ NHIỆM") conveys another's opinion and names no one."""
    lines = [" ".join(line.split()).upper() for line in signature[:4] if line.strip()]
    block = " / ".join(lines)
    if not block or "CHỦ NHIỆM" in block:
        return None
    if re.search(r"\bTHỦ TƯỚNG\b", block):
        return "Thủ tướng Chính phủ"
    if re.search(r"\b(?:ỦY|UỶ) BAN NHÂN DÂN\b", block) and "CHỦ TỊCH" in block:
        return "Chủ tịch Ủy ban nhân dân"
    if re.search(r"^(?:KT\.\s*)?BỘ TRƯỞNG\b", block):
        return "Bộ trưởng"
    return None


def is_normative(parts: DocumentParts) -> bool:
    return parts.doc_type is not None


def header_date(lines: list[str]) -> date | None:
    """The date of an official text: its "<place>, ngày D tháng M năm Y" line, else the
    "Ngày ban hành" field of a legal-text site, else a date in its upper-case title."""
    head = "\n".join(line.strip() for line in lines[:_HEADER_LINES])
    for pattern in (_DOC_DATE, _ISSUED_FIELD, _TITLE_DATE):
        match = pattern.search(head)
        if match:
            found = safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if found:
                return found
    match = _OCR_DOC_DATE.search(head)
    if match:
        return safe_date(int(match["y"]), _ocr_number(match["m"], 12), _ocr_number(match["d"], 31))
    return None


def _ocr_number(digits: str, highest: int) -> int:
    """A day or a month as OCR read it: "A" is a 1; a 4 is read as a 1 only when the number
    could not be a day or a month otherwise ("44" -> 11)."""
    digits = digits.replace("A", "1")
    if int(digits) > highest:
        digits = digits.replace("4", "1")
    return int(digits)


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for an impossible one (31/2) read from a text."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
