"""Tracking codes people can read aloud over a phone line, with a check character.

Alphabet: Crockford's base 32 (no I, L, O, U: nothing to confuse with 1, 0 or V). The check
character is Luhn mod N over that alphabet, which catches every single-character typo and
almost every swap of two adjacent characters. 10 random characters give 50 bits: not guessable.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
N = len(ALPHABET)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
# Letters people write for the ones we left out.
_ALIASES = {"O": "0", "I": "1", "L": "1", "U": "V"}
RANDOM_LENGTH = 10


def check_character(body: str) -> str:
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * _INDEX[char]
        total += addend // N + addend % N
        factor = 1 if factor == 2 else 2
    return ALPHABET[(N - total % N) % N]


def normalize(code: str) -> str:
    """Accept lower case, spaces, dashes and look-alike letters the way people type them."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "".join(_ALIASES.get(ch, ch) for ch in cleaned)


def is_valid(code: str) -> bool:
    raw = normalize(code)
    if len(raw) != RANDOM_LENGTH + 1 or any(ch not in _INDEX for ch in raw):
        return False
    return check_character(raw[:-1]) == raw[-1]


def format_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def new_tracking_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_code(body + check_character(body))


def canonical(code: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one of ours."""
    return format_code(normalize(code)) if is_valid(code) else None


def new_access_key() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"
