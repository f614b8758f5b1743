"""The IT strategy map as data: parse the builder's form, validate, and lay out rows.

A map is ``{"goals": [{"id", "viewpoints": [{"id", "activities": [{"key", "text", "tool"}]}]}]}``.
Validation raises ``MapError(field, message)``; the message is a plain Japanese (or English)
sentence naming the field, shown beside the form. Nothing is saved when it raises.
"""

import re
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick

from .. import content

MAX_GOALS = 3
MAX_ACTIVITIES_PER_VIEWPOINT = 5
MAX_TEXT = 200
_KEY = re.compile(r"^[0-9a-f]{8}$")


class MapError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def new_key() -> str:
    return secrets.token_hex(4)


def _goal_name(goal_id):
    goal = content.goal_index().get(goal_id)
    return pick(goal["title"]) if goal else goal_id


def _viewpoint_name(vp_id):
    vp = content.viewpoint_index().get(vp_id)
    return pick(vp["title"]) if vp else vp_id


def validate(data) -> dict:
    """Return a clean copy of ``data`` or raise MapError naming the first wrong field."""
    if not isinstance(data, dict) or not isinstance(data.get("goals"), list):
        raise MapError("goals", _("Choose one to three management goals."))
    goals = data["goals"]
    if not 1 <= len(goals) <= MAX_GOALS:
        raise MapError("goals", _("Choose one to three management goals."))
    goal_index, vp_index, tools = content.goal_index(), content.viewpoint_index(), content.category_index()
    seen_goals, keys, clean = set(), set(), []
    for goal in goals:
        goal_id = goal.get("id") if isinstance(goal, dict) else None
        if goal_id not in goal_index or goal_id in seen_goals:
            raise MapError("goals", _("Management goal: choose goals from the list, each once."))
        seen_goals.add(goal_id)
        viewpoints = goal.get("viewpoints")
        if not isinstance(viewpoints, list) or not viewpoints:
            raise MapError(
                f"vp:{goal_id}", _("Business viewpoints for “%(goal)s”: choose at least one.") % {"goal": _goal_name(goal_id)}
            )
        seen_vps, clean_vps = set(), []
        for vp in viewpoints:
            vp_id = vp.get("id") if isinstance(vp, dict) else None
            if vp_id not in vp_index or goal_id not in vp_index[vp_id]["goals"] or vp_id in seen_vps:
                raise MapError(
                    f"vp:{goal_id}",
                    _("Business viewpoints for “%(goal)s”: choose viewpoints that serve this goal, each once.")
                    % {"goal": _goal_name(goal_id)},
                )
            seen_vps.add(vp_id)
            field = f"act:{goal_id}:{vp_id}"
            names = {"goal": _goal_name(goal_id), "viewpoint": _viewpoint_name(vp_id)}
            activities = vp.get("activities")
            if not isinstance(activities, list) or not activities:
                raise MapError(field, _("What to do for “%(viewpoint)s” (%(goal)s): write at least one activity.") % names)
            if len(activities) > MAX_ACTIVITIES_PER_VIEWPOINT:
                raise MapError(
                    field,
                    _("What to do for “%(viewpoint)s” (%(goal)s): at most %(max)d activities.")
                    % {**names, "max": MAX_ACTIVITIES_PER_VIEWPOINT},
                )
            clean_acts = []
            for act in activities:
                text = (act.get("text") or "").strip() if isinstance(act, dict) else ""
                if not text or len(text) > MAX_TEXT:
                    raise MapError(
                        field,
                        _("What to do for “%(viewpoint)s” (%(goal)s): write each activity in 1 to %(max)d characters.")
                        % {**names, "max": MAX_TEXT},
                    )
                if act.get("tool") not in tools:
                    raise MapError(
                        field, _("Tool category for “%(text)s”: choose a tool category from the list.") % {"text": text[:40]}
                    )
                key = act.get("key") or ""
                if not _KEY.match(key) or key in keys:
                    raise MapError(field, _("What to do for “%(viewpoint)s” (%(goal)s): reload the page and try again.") % names)
                keys.add(key)
                clean_acts.append({"key": key, "text": text, "tool": act["tool"]})
            clean_vps.append({"id": vp_id, "activities": clean_acts})
        clean.append({"id": goal_id, "viewpoints": clean_vps})
    return {"goals": clean}


@dataclass
class Draft:
    """What the builder form holds, possibly incomplete (used to re-render the form)."""

    goals: list  # goal ids in order
    viewpoints: dict  # goal id -> [viewpoint ids]
    activities: dict  # (goal id, vp id) -> [{"key", "text", "tool"}]


def draft_from_data(data: dict | None) -> Draft:
    draft = Draft(goals=[], viewpoints={}, activities={})
    for goal in (data or {}).get("goals", []):
        draft.goals.append(goal["id"])
        draft.viewpoints[goal["id"]] = [vp["id"] for vp in goal["viewpoints"]]
        for vp in goal["viewpoints"]:
            draft.activities[(goal["id"], vp["id"])] = [dict(a) for a in vp["activities"]]
    return draft


def draft_from_post(post, *, add_slot_for: str | None = None) -> Draft:
    """Read the builder's fields: ``goal`` (multi), ``vp:<goal>`` (multi) and
    ``act:<goal>:<vp>:<n>:text|tool|key``. Unknown ids are kept here and refused by ``validate``."""
    goal_ids = []
    for goal_id in post.getlist("goal"):
        if goal_id not in goal_ids:
            goal_ids.append(goal_id)
    draft = Draft(goals=goal_ids, viewpoints={}, activities={})
    for goal_id in goal_ids:
        vps = []
        for vp_id in post.getlist(f"vp:{goal_id}"):
            if vp_id not in vps:
                vps.append(vp_id)
        draft.viewpoints[goal_id] = vps
        for vp_id in vps:
            acts = []
            for n in range(MAX_ACTIVITIES_PER_VIEWPOINT + 1):
                prefix = f"act:{goal_id}:{vp_id}:{n}:"
                text = post.get(prefix + "text")
                if text is None:
                    continue
                text = text.strip()
                if not text:
                    continue  # an empty slot is not an activity
                acts.append({"key": post.get(prefix + "key") or new_key(), "text": text, "tool": post.get(prefix + "tool", "")})
            draft.activities[(goal_id, vp_id)] = acts
    return draft


def data_from_draft(draft: Draft) -> dict:
    return {
        "goals": [
            {
                "id": goal_id,
                "viewpoints": [
                    {"id": vp_id, "activities": draft.activities.get((goal_id, vp_id), [])}
                    for vp_id in draft.viewpoints.get(goal_id, [])
                ],
            }
            for goal_id in draft.goals
        ]
    }


def parse_goal_list(raw: str | None) -> list[str]:
    """``?goals=a,b`` → known goal ids, in order, at most three (unknown ids are ignored)."""
    known = content.goal_index()
    result = []
    for goal_id in (raw or "").split(","):
        goal_id = goal_id.strip()
        if goal_id in known and goal_id not in result:
            result.append(goal_id)
    return result[:MAX_GOALS]


def rows(data: dict) -> list[dict]:
    """Flatten a map into activity rows in map order (goal → viewpoint → activity)."""
    out = []
    for goal in data.get("goals", []):
        for vp in goal["viewpoints"]:
            for act in vp["activities"]:
                out.append({"goal": goal["id"], "viewpoint": vp["id"], **act})
    return out
