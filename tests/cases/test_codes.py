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


def _luhn_mod_n_holds(raw: str) -> bool:
    """Luhn mod N read from the right, the check character first with weight 1."""
    total = 0
    for position, char in enumerate(reversed(raw)):
        addend = codes.ALPHABET.index(char) * (2 if position % 2 else 1)
        total += addend // codes.N + addend % codes.N
    return total % codes.N == 0


@given(st.text(alphabet=codes.ALPHABET, min_size=1, max_size=12))
def test_the_check_character_completes_a_luhn_mod_32_sum(raw):
    assert _luhn_mod_n_holds(raw + codes.check_character(raw))


def test_look_alike_letters_read_as_the_characters_meant():
    assert codes.normalize(" abc-dIlOu ") == "ABCD110V"
    raw = "1100V7K3M9"
    code = codes.format_code(raw + codes.check_character(raw))
    assert codes.canonical("ILOOu7k3m9" + code[-1].lower()) == code


def test_a_code_has_exactly_ten_characters_and_its_check():
    raw = "7K3M9QX2BD"
    code = raw + codes.check_character(raw)
    assert codes.is_valid(code)
    assert not codes.is_valid(code[1:])  # one short
    assert not codes.is_valid(code + "0")  # one more
    assert not codes.is_valid("Ä" + code[1:])  # a letter outside the alphabet
    assert codes.format_code(code) == f"{code[:4]}-{code[4:8]}-{code[8:]}"


def test_access_keys_are_eight_characters_of_the_alphabet_in_two_groups():
    keys = {codes.new_access_key() for _ in range(2000)}
    assert len(keys) == 2000
    for key in list(keys)[:100]:
        first, second = key.split("-")
        assert len(first) == len(second) == 4
        assert set(first + second) <= set(codes.ALPHABET)
