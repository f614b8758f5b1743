"""URL path converters.

``<id:name>`` is the converter for every database id in a URL. Django's ``int`` converter
matches any number of digits, and a 30-digit id reaches the database: SQLite raises
``OverflowError`` and PostgreSQL a ``DataError`` (both a 500). ``id`` matches 1 to 18 digits,
which always fits a signed 64-bit ``BigAutoField``, so anything longer is a plain 404 before
any view runs. ``tests/platform/test_url_ids.py`` fails when a URL pattern uses ``int``.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"  # 18 digits < 2**63 - 1, the largest BIGINT on SQLite and PostgreSQL

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
