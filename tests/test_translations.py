"""The Vietnamese catalogue is complete, keeps every placeholder, and its committed .mo matches the .po.

Vietnamese is the default language, so an English msgid left untranslated shows up as English on a
Vietnamese page. These tests fail when someone adds a string and `makemessages` / translation /
`compilemessages` were not run (see src/chancery/locale/).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

import chancery

PACKAGE_DIR = Path(chancery.__file__).resolve().parent
MAIN_PO = PACKAGE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# The project catalogue and any app-level catalogue (e.g. chancery/accounts/locale).
PO_FILES = sorted(PACKAGE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po"))


# --- a small .po reader (no third-party dependency) ---------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
            "v": "\v"}


def _unquote(token: str) -> str:
    token = token.strip()
    assert token.startswith('"') and token.endswith('"'), f"not a PO string: {token!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), token[1:-1])


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header included; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    flags: set[str] = set()
    current: Entry | None = None
    has_msgid = False
    target: tuple[str, int] = ("msgid", 0)  # the string that continuation lines extend

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None, f"{path}:{number}: a string outside any entry"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or has_msgid)):
            current = Entry(line=number, flags=flags)
            entries.append(current)
            flags, has_msgid = set(), False
        assert current is not None, f"{path}:{number}: unexpected {line!r}"
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, _unquote(rest))
            has_msgid = has_msgid or keyword == "msgid"
            target = (keyword, 0)
        elif match := re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword):
            index = int(match.group(1) or 0)
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    return entries


def _entries(path: Path) -> list[Entry]:
    return [e for e in read_po(path) if not e.is_header]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(PACKAGE_DIR)) for p in paths]


# --- placeholders -------------------------------------------------------------------------------

_TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.|:\"']+\s*\}\}")
_NAMED = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]")
_POSITIONAL = re.compile(r"%[sdif]")
_BRACE = re.compile(r"\{\w*\}")


def placeholders(text: str) -> set[str]:
    """%(name)s, %s, {{ var }} and {name} in a message; '%%' counts, so a literal percent sign in a
    formatted string stays escaped."""
    found = set(_TEMPLATE_VAR.findall(text))
    text = _TEMPLATE_VAR.sub("", text)
    found |= set(_NAMED.findall(text))
    text = _NAMED.sub("", text)
    if "%%" in text:
        found.add("%%")
        text = text.replace("%%", "")
    found |= set(_POSITIONAL.findall(text))
    found |= set(_BRACE.findall(text))
    return found


def test_placeholder_reader():
    assert placeholders("Page %(n)s of %(total)s") == {"%(n)s", "%(total)s"}
    assert placeholders("%(size).1f MB, %s and %d") == {"%(size).1f", "%s", "%d"}
    assert placeholders("Hello {{ name }} and {code}") == {"{{ name }}", "{code}"}
    assert placeholders("Early or on time (%%)") == {"%%"}
    assert placeholders("On-time rate (%)") == set()


def test_po_reader(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "A %(n)s"\nmsgstr "B %(n)s"\n\n'
        'msgctxt "ctx"\nmsgid ""\n"long "\n"text \\"quoted\\""\nmsgstr "dài"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "nhiều"\n\n#~ msgid "old"\n#~ msgstr "cũ"\n',
        encoding="utf-8",
    )
    header, first, second, third = read_po(po)
    assert header.is_header and "nplurals=1" in header.msgstr[0]
    assert (first.msgid, first.msgstr, first.flags) == ("A %(n)s", {0: "B %(n)s"}, {"fuzzy", "python-format"})
    assert (second.msgctxt, second.msgid, second.msgstr) == ("ctx", 'long text "quoted"', {0: "dài"})
    assert (third.msgid_plural, third.msgstr) == ("many", {0: "nhiều"})


# --- (a) complete, (b) placeholders -------------------------------------------------------------

def test_the_project_catalogue_exists_where_django_looks():
    assert MAIN_PO.parents[2] in [Path(p).resolve() for p in settings.LOCALE_PATHS]
    assert MAIN_PO.is_file() and MAIN_PO.with_suffix(".mo").is_file()
    assert len(_entries(MAIN_PO)) > 100


@pytest.mark.parametrize("po", PO_FILES, ids=_ids(PO_FILES))
def test_header_declares_vietnamese_plurals(po):
    header = read_po(po)[0]
    assert header.is_header
    assert "fuzzy" not in header.flags, f"{po}: the header is still marked fuzzy"
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


@pytest.mark.parametrize("po", PO_FILES, ids=_ids(PO_FILES))
def test_every_message_is_translated_and_not_fuzzy(po):
    untranslated = [str(e) for e in _entries(po)
                    if not e.msgstr or not all(text.strip() for text in e.msgstr.values())]
    fuzzy = [str(e) for e in _entries(po) if "fuzzy" in e.flags]
    assert not untranslated, f"{po}: {len(untranslated)} untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, f"{po}: {len(fuzzy)} marked fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("po", PO_FILES, ids=_ids(PO_FILES))
def test_translations_keep_the_placeholders(po):
    wrong = []
    for entry in _entries(po):
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for index, text in entry.msgstr.items():
            if placeholders(text) != expected:
                wrong.append(f"{entry} msgstr[{index}]={text!r}: {sorted(placeholders(text))} "
                             f"instead of {sorted(expected)}")
    assert not wrong, f"{po}:\n" + "\n".join(wrong)


# --- (c) the committed .mo is the compiled .po --------------------------------------------------

def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("po", PO_FILES, ids=_ids(PO_FILES))
def test_mo_holds_every_translation_of_the_po(po):
    """Read without msgfmt: the .mo Django loads gives each .po entry its msgstr."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run `chancery compilemessages`"
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries(po):
        if entry.msgid_plural is not None:
            got = translations.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2) \
                if entry.msgctxt else translations.ngettext(entry.msgid, entry.msgid_plural, 2)
        else:
            got = translations.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt \
                else translations.gettext(entry.msgid)
        if got != entry.msgstr.get(0):
            stale.append(f"{entry}: .mo has {got!r}, .po has {entry.msgstr.get(0)!r}")
    assert not stale, f"{mo} is older than {po.name}: run `chancery compilemessages`\n" + "\n".join(stale)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", PO_FILES, ids=_ids(PO_FILES))
def test_mo_equals_a_fresh_compilation(po, tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"msgfmt refuses {po}:\n{result.stderr}"
    committed, compiled = _catalog(po.with_suffix(".mo")), _catalog(fresh)
    differing = sorted(str(k) for k in committed.keys() ^ compiled.keys()) + sorted(
        str(k) for k in committed.keys() & compiled.keys() if committed[k] != compiled[k])
    assert not differing, f"{po.with_suffix('.mo')} is stale: run `chancery compilemessages`\n" + "\n".join(
        differing[:30])


# --- (d) the pages speak both languages ----------------------------------------------------------

@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client):
    page = client.get(reverse("portal:home")).content.decode()
    assert "Tra cứu hồ sơ" in page
    assert "Track an application" not in page


@pytest.mark.django_db
def test_home_page_in_english_on_request(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("portal:home")).content.decode()
    assert "Track an application" in page
    assert "Tra cứu hồ sơ" not in page


# --- (e) one catalogue per string, and the strings Django or the accounts app translate ----------

def test_every_catalogue_is_found_including_the_accounts_one():
    assert MAIN_PO in PO_FILES
    assert PACKAGE_DIR / "accounts" / "locale" / "vi" / "LC_MESSAGES" / "django.po" in PO_FILES


def test_no_message_is_in_two_catalogues():
    """LOCALE_PATHS wins over an app's locale dir: a msgid in both would make the app's copy dead."""
    seen: dict[tuple, Path] = {}
    twice = []
    for po in PO_FILES:
        for entry in _entries(po):
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                twice.append(f"{entry.msgid!r} in {seen[key].relative_to(PACKAGE_DIR)} and "
                             f"{po.relative_to(PACKAGE_DIR)}")
            seen[key] = po
    assert not twice, "\n".join(twice)


def test_timesince_and_account_messages_are_vietnamese():
    import datetime

    from django.utils import translation
    from django.utils.timesince import timesince

    from chancery.accounts.forms import CodeForm

    now = datetime.datetime(2026, 11, 25, 12, 0)

    def ago(delta: datetime.timedelta) -> str:
        return timesince(now - delta, now).replace("\xa0", " ")

    with translation.override("vi"):
        assert ago(datetime.timedelta(days=3, hours=5)) == "3 ngày, 5 giờ"
        assert ago(datetime.timedelta(days=400)) == "1 năm, 1 tháng"
        assert str(CodeForm.base_fields["code"].label) == "Mã từ ứng dụng xác thực"
