from hypothesis import given
from hypothesis import strategies as st

from chancery.cases import codes

body = st.text(alphabet=codes.ALPHABET, min_size=10, max_size=10)


def test_new_codes_are_valid_readable_and_distinct():
    drawn = {codes.new_tracking_code() for _ in range(5000)}
    assert len(drawn) == 5000
    for code in list(drawn)[:200]:
        assert codes.is_valid(code)
        assert len(code) == 13 and code[4] == "-" and code[9] == "-"
        assert not set(code) & set("ILOU")


@given(body)
def test_every_single_character_typo_is_caught(raw):
    code = raw + codes.check_character(raw)
    assert codes.is_valid(code)
    for position in range(len(code)):
        for replacement in codes.ALPHABET:
            if replacement == code[position]:
                continue
            typo = code[:position] + replacement + code[position + 1:]
            assert not codes.is_valid(typo), (code, typo)


def test_most_adjacent_swaps_are_caught():
    caught = total = 0
    for _ in range(300):
        raw = codes.normalize(codes.new_tracking_code())
        for i in range(len(raw) - 1):
            if raw[i] == raw[i + 1]:
                continue
            swapped = raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]
            total += 1
            caught += not codes.is_valid(swapped)
    assert caught / total > 0.99


def test_people_may_type_codes_loosely():
    raw = "7K3M9QX2BD"
    code = codes.format_code(raw + codes.check_character(raw))
    assert codes.canonical(code.lower().replace("-", " ")) == code
    with_o = code.replace("0", "O")
    assert codes.canonical(with_o) == code
    assert codes.canonical("not a code") is None
    assert codes.canonical("") is None
