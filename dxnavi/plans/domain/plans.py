"""The 導入プラン as data: rows generated from a map, default phases, and validation of edits.

Validation raises ``PlanError(field, message)`` with a sentence naming the field; callers save
nothing when it raises.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick

from .. import content
from ..models import MAX_PERIODS, MAX_ROWS, Phase
from . import maps
from .periods import MAX_YEAR, MIN_YEAR

MAX_PRIORITY = 99
DEFAULT_SEQUENCE = (Phase.RESEARCH, Phase.TRIAL, Phase.ADOPTION)
TEXT_LIMITS = {"goal_text": 200, "viewpoint_text": 200, "activity": 200, "solution": 120}


class PlanError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def default_phases(index: int, periods: int) -> dict[int, str]:
    """調査 → 試行 → 導入 in consecutive half-years; later rows start one half-year later (as in the
    IT戦略ナビ sample), never past the plan's end. ``{period index: phase}``."""
    start = max(0, min(index, periods - len(DEFAULT_SEQUENCE)))
    return {start + i: phase.value for i, phase in enumerate(DEFAULT_SEQUENCE) if start + i < periods}


def rows_from_map(data: dict, *, existing_keys=(), first_index: int = 0, periods: int) -> list[dict]:
    """New plan rows for the map's activities that the plan does not have yet (matched by key)."""
    goals, viewpoints, tools = content.goal_index(), content.viewpoint_index(), content.category_index()
    existing = set(existing_keys)
    out = []
    for row in maps.rows(data):
        if row["key"] in existing:
            continue
        index = first_index + len(out)
        out.append(
            {
                "priority": min(index + 1, MAX_PRIORITY),
                "goal_id": row["goal"],
                "goal_text": pick(goals[row["goal"]]["title"]),
                "viewpoint_id": row["viewpoint"],
                "viewpoint_text": pick(viewpoints[row["viewpoint"]]["title"]),
                "activity": row["text"],
                "tool_category": row["tool"],
                "solution": pick(tools[row["tool"]]["title"]),
                "activity_key": row["key"],
                "phases": default_phases(index, periods),
            }
        )
    return out


def _int(value, field, label, low, high):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        message = _("%(field)s: enter a whole number from %(low)d to %(high)d.")
        raise PlanError(field, message % {"field": label, "low": low, "high": high})
    return number


def validate_settings(values, *, used_periods: int = 0) -> dict:
    """Start year, half and number of half-years. ``used_periods``: 1 + the last period any row
    has a phase in; shortening the plan below it would drop phases, so it is refused."""
    year = _int(values.get("start_year"), "start_year", _("First year"), MIN_YEAR, MAX_YEAR)
    half = _int(values.get("start_half"), "start_half", _("First half-year"), 1, 2)
    periods = _int(values.get("periods"), "periods", _("Number of half-years"), 1, MAX_PERIODS)
    if periods < used_periods:
        raise PlanError(
            "periods",
            _(
                "Number of half-years: some rows have phases up to half-year %(n)d. "
                "Clear those phases first, or keep at least %(n)d half-years."
            )
            % {"n": used_periods},
        )
    return {"start_year": year, "start_half": half, "periods": periods}


@dataclass
class RowInput:
    values: dict
    phases: dict  # period index -> phase ("" = none)


def validate_row(post, *, periods: int, labels: list[str]) -> RowInput:
    """One row's fields: priority, texts, tool category and ``phase_<n>`` for each period."""
    values = {"priority": _int(post.get("priority"), "priority", _("Priority"), 1, MAX_PRIORITY)}
    names = {
        "goal_text": _("Management goal"),
        "viewpoint_text": _("Business viewpoint"),
        "activity": _("What to do"),
        "solution": _("IT solution"),
    }
    for key, limit in TEXT_LIMITS.items():
        text = (post.get(key) or "").strip()
        if (key != "solution" and not text) or len(text) > limit:
            raise PlanError(key, _("%(field)s: write 1 to %(max)d characters.") % {"field": names[key], "max": limit})
        values[key] = text
    tool = post.get("tool_category") or ""
    if tool and tool not in content.category_index():
        raise PlanError("tool_category", _("Tool category: choose a category from the list."))
    values["tool_category"] = tool
    phases = {}
    valid = {p.value for p in Phase}
    for name in post:
        if not name.startswith("phase_"):
            continue
        try:
            period = int(name[len("phase_") :])
        except ValueError:
            raise PlanError(name, _("Phase: unknown half-year.")) from None
        value = post.get(name) or ""
        if value and value not in valid:
            raise PlanError(name, _("Phase: choose research, trial or adoption."))
        if not 0 <= period < periods:
            if value:
                raise PlanError(
                    name,
                    _("Phase: half-year %(n)d is outside the plan (%(first)s to %(last)s).")
                    % {"n": period + 1, "first": labels[0], "last": labels[-1]},
                )
            continue
        phases[period] = value
    return RowInput(values=values, phases=phases)


def check_row_count(count: int) -> None:
    if count > MAX_ROWS:
        raise PlanError("rows", _("A plan can have at most %(max)d rows.") % {"max": MAX_ROWS})
