"""法人番号: check digit (National Tax Agency rule) and input normalization."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dxnavi.orgs.domain.corporate_number import check_digit, normalize_corporate_number, validate_corporate_number

# Published 法人番号 of national bodies (国税庁 法人番号公表サイト) and one registered association.
PUBLISHED = [
    pytest.param("7000012050002", id="国税庁"),
    pytest.param("4000012090001", id="経済産業省"),
    pytest.param("6000012070001", id="厚生労働省"),
    pytest.param("2000012020001", id="総務省"),
    pytest.param("1000012110001", id="環境省"),
    pytest.param("8000012130001", id="防衛省"),
    pytest.param("7010705000725", id="日本税理士会連合会"),
]

NTA = "7000012050002"
FORMAT_MESSAGE = "法人番号は13桁の数字で入力してください"
CHECK_DIGIT_MESSAGE = "法人番号が正しくないようです。13桁の数字に打ち間違いや写し間違いがないか、もう一度ご確認ください"


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def _error(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_corporate_number(value)
    return excinfo.value


@pytest.mark.parametrize("number", PUBLISHED)
def test_check_digit_published_number_matches_first_digit(number):
    assert check_digit(number[1:]) == int(number[0])


@pytest.mark.parametrize("number", PUBLISHED)
def test_validate_corporate_number_published_number_returned_unchanged(number):
    assert validate_corporate_number(number) == number


def test_check_digit_worked_example_from_rule():
    # Base 123456789012: digits from the right weighted 1,2,1,2,...; sum 74; 74 mod 9 = 2; 9 - 2 = 7.
    assert check_digit("123456789012") == 7


@pytest.mark.parametrize(
    ("base", "expected"),
    [("000000000000", 9), ("000000000009", 9), ("000000000001", 8), ("000000000010", 7), ("999999999999", 9)],
)
def test_check_digit_edge_bases_stay_between_one_and_nine(base, expected):
    assert check_digit(base) == expected


@pytest.mark.parametrize("base", ["12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２", "", None])
def test_check_digit_malformed_base_raises_value_error(base):
    with pytest.raises(ValueError):
        check_digit(base)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("７００００１２０５０００２", id="full-width digits"),
        pytest.param("7-0000-1205-0002", id="ascii hyphens"),
        pytest.param("7 0000 1205 0002", id="spaces"),
        pytest.param("７－００００－１２０５－０００２", id="full-width hyphens"),
        pytest.param("7ー0000ー1205ー0002", id="katakana prolonged sound mark"),
        pytest.param("7−0000−1205−0002", id="minus sign"),
        pytest.param("7‐0000‐1205‐0002", id="unicode hyphen"),
        pytest.param("　7000012050002　", id="ideographic spaces around"),
        pytest.param(" 7000 0120 5000 2\n", id="odd grouping and newline"),
    ],
)
def test_validate_corporate_number_typed_variants_normalized(typed):
    assert validate_corporate_number(typed) == NTA


def test_normalize_corporate_number_keeps_letters_for_validation_to_reject():
    assert normalize_corporate_number("Ｔ７０００-０１２０５０００２") == "T7000012050002"


@pytest.mark.parametrize("position", range(1, 13))
def test_validate_corporate_number_changed_base_digit_rejected(position):
    digits = list(NTA)
    digits[position] = str((int(digits[position]) + 1) % 10)  # no 9 in this number, so never 9→0
    error = _error("".join(digits))
    assert (error.code, error.messages) == ("check_digit", [CHECK_DIGIT_MESSAGE])


@pytest.mark.parametrize("first", ["1", "2", "3", "4", "5", "6", "8", "9"])
def test_validate_corporate_number_changed_check_digit_rejected(first):
    error = _error(first + NTA[1:])
    assert (error.code, error.messages) == ("check_digit", [CHECK_DIGIT_MESSAGE])


@pytest.mark.parametrize(
    "swapped",
    [
        pytest.param("7000021050002", id="12 to 21"),
        pytest.param("7000010250002", id="20 to 02"),
        pytest.param("7000012500002", id="05 to 50"),
        pytest.param("7000012050020", id="last two"),
        pytest.param("4000021090001", id="経済産業省 12 to 21"),
    ],
)
def test_validate_corporate_number_swapped_adjacent_digits_rejected(swapped):
    error = _error(swapped)
    assert (error.code, error.messages) == ("check_digit", [CHECK_DIGIT_MESSAGE])


def test_validate_corporate_number_leading_zero_rejected():
    # Moving the check digit inside gives a number starting with 0, which no check digit produces.
    error = _error("0700012050002")
    assert error.code == "check_digit"


def test_validate_corporate_number_zero_nine_confusion_not_detectable():
    # Known limit of the NTA rule: replacing a 0 with a 9 changes the sum by a multiple of 9.
    assert validate_corporate_number("7900012050002") == "7900012050002"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("700001205000", id="12 digits"),
        pytest.param("70000120500020", id="14 digits"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param("   ", id="only spaces"),
        pytest.param("7000O12050002", id="letter O for zero"),
        pytest.param("T7000012050002", id="invoice registration number"),
        pytest.param("700001205000A", id="trailing letter"),
        pytest.param("7000.012.050.002", id="dots"),
    ],
)
def test_validate_corporate_number_wrong_format_rejected(value):
    error = _error(value)
    assert (error.code, error.messages) == ("invalid_format", [FORMAT_MESSAGE])


def test_validate_corporate_number_english_message_when_english_active():
    with translation.override("en"):
        error = _error("7000012050003")
    assert error.messages == ["This corporate number does not look right. Please check the 13 digits for a typing or copying mistake."]
