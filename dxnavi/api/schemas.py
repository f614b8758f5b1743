"""Schemas every resource shares: the problem body, localized text, pages."""

from ninja import Field, Schema


class ProblemError(Schema):
    field: str = Field(description="The field, as a path: `answers[3].option`.")
    field_ja: str = Field(description="The field's Japanese label.")
    message: str = Field(description="English message.")
    message_ja: str = Field(description="Japanese message.")


class Problem(Schema):
    """RFC 9457 problem details (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: list[ProblemError] | None = None


class Text(Schema):
    """A text in Japanese and English."""

    ja: str = ""
    en: str = ""


def text(value) -> dict:
    if isinstance(value, dict):
        return {"ja": str(value.get("ja", "")), "en": str(value.get("en", value.get("ja", "")))}
    return {"ja": str(value or ""), "en": str(value or "")}
