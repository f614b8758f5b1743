"""What the preview shows of a checked row: its action in words and its errors."""

from django.utils.translation import gettext as _

from .columns import COLUMNS


def outcome_text(outcome: str) -> tuple[str, str]:
    """(CSS class, words) of what a row does."""
    return {
        "invited": ("new", _("New company; the owner is invited")),
        "requested": ("request", _("Link request to the company already registered with this corporate number")),
        "pending": ("unchanged", _("Unchanged: a link request to this company is already waiting for its answer")),
        "linked": ("unchanged", _("Unchanged: already a client of your organization")),
        "declined": (
            "unchanged",
            _("Unchanged: this company has not given your organization access, so no request is sent"),
        ),
        "registered": ("unchanged", _("Unchanged: already registered by your organization")),
        "sample": ("unchanged", _("Not imported: the template's example row")),
        "error": ("error", _("Error")),
    }.get(outcome, ("", outcome))


def row_lines(rows) -> list[dict]:
    lines = []
    for row in rows:
        css, text = outcome_text(row["outcome"])
        lines.append({
            "line": row["line"], "css": css, "text": text, "errors": row["errors"],
            "name": row["cells"].get("name", ""), "number": row["cells"].get("corporate_number", ""),
            "email": row["cells"].get("owner_email", ""),
        })
    return lines


def error_lines(rows, *, limit: int) -> list[dict]:
    found = []
    for row in rows:
        for error in row["errors"]:
            found.append({"line": row["line"], **error})
            if len(found) >= limit:
                return found
    return found


HEADERS = [column.header for column in COLUMNS]
