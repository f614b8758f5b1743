"""法人番号 (corporate number) normalization and check-digit validation.

A 法人番号 has 13 digits: a check digit first, then the 12-digit base number (for a registered
company, its 会社法人等番号). The National Tax Agency's rule (法人番号の指定等に関する省令 (平成26年財務省令第70号) 第2条):

    check digit = 9 - ( Σ_{n=1..12} P_n × Q_n  mod 9 )

where P_n is the n-th digit of the base counted from its right end and Q_n is 1 for odd n and
2 for even n. The result is always 1–9, so a valid number never starts with 0.
"""

import unicodedata

from django.core.exceptions import ValidationError

from dxnavi.content.i18n import pick

MESSAGES = {
    "invalid_format": {
        "ja": "法人番号は13桁の数字で入力してください",
        "en": "Enter the corporate number as 13 digits.",
    },
    "check_digit": {
        "ja": "法人番号が正しくないようです。13桁の数字に打ち間違いや写し間違いがないか、もう一度ご確認ください",
        "en": "This corporate number does not look right. Please check the 13 digits for a typing or copying mistake.",
    },
}

# Separators people type or paste between digit groups: hyphens and dashes of every width,
# the katakana prolonged sound mark an IME produces for "-", and all kinds of spaces.
_SEPARATORS = set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc")


def normalize_corporate_number(value: str) -> str:
    """Full-width digits to ASCII; hyphens, dashes and spaces removed. Does not validate."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(ch for ch in text if ch not in _SEPARATORS and not ch.isspace())


def check_digit(base12: str) -> int:
    """Check digit (1–9) for a 12-digit base number; ``ValueError`` if it is not 12 ASCII digits."""
    if not (isinstance(base12, str) and len(base12) == 12 and base12.isascii() and base12.isdigit()):
        raise ValueError(f"base number must be 12 ASCII digits, got {base12!r}")
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def validate_corporate_number(value: str) -> str:
    """Return the normalized 13-digit 法人番号, or raise ``ValidationError`` with a clear message."""
    number = normalize_corporate_number(value)
    if not (len(number) == 13 and number.isascii() and number.isdigit()):
        raise ValidationError(pick(MESSAGES["invalid_format"]), code="invalid_format")
    if int(number[0]) != check_digit(number[1:]):
        raise ValidationError(pick(MESSAGES["check_digit"]), code="check_digit")
    return number
