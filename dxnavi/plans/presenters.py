"""Display structures for the plan pages, the PDF and the exports (labels picked in the active language)."""

import functools
from html import escape

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick

from . import content
from .domain import maps, svg
from .models import Phase


def phase_names() -> dict:
    return {p.value: str(p.label) for p in Phase}


def tool_title(tool_id: str) -> str:
    tool = content.category_index().get(tool_id)
    return pick(tool["title"]) if tool else ""


def map_display(data: dict) -> list[dict]:
    goals, vps = content.goal_index(), content.viewpoint_index()
    return [
        {
            "id": goal["id"],
            "title": pick(goals[goal["id"]]["title"]) if goal["id"] in goals else goal["id"],
            "viewpoints": [
                {
                    "id": vp["id"],
                    "title": pick(vps[vp["id"]]["title"]) if vp["id"] in vps else vp["id"],
                    "activities": [{**a, "tool_title": tool_title(a["tool"])} for a in vp["activities"]],
                }
                for vp in goal["viewpoints"]
            ],
        }
        for goal in data.get("goals", [])
    ]


def map_svg(data: dict) -> str:
    goals = [
        {
            "title": g["title"],
            "viewpoints": [
                {"title": v["title"], "activities": [{"text": a["text"], "tool": a["tool_title"]} for a in v["activities"]]}
                for v in g["viewpoints"]
            ],
        }
        for g in map_display(data)
    ]
    return mark_safe(svg.strategy_map(goals, title=_("IT strategy map")))  # every text is escaped in svg.py


def plan_table(plan, rows, phases: dict | None = None) -> list[dict]:
    """Each row with ``cells``: the phase (value, label) per half-year, from prefetched phases
    (or ``phases``: ``{row pk: {period: phase}}`` of ``services.plan_rows_with_phases``)."""
    names = phase_names()
    out = []
    for number, row in enumerate(rows, start=1):
        by_period = phases[row.pk] if phases is not None else {p.period: p.phase for p in row.phases.all()}
        out.append(
            {
                "row": row,
                "number": number,
                "solution": row.solution or tool_title(row.tool_category),
                "tool_title": tool_title(row.tool_category),
                "phases": by_period,
                "cells": [
                    {"period": i, "phase": by_period.get(i, ""), "label": names.get(by_period.get(i, ""), "")}
                    for i in range(plan.periods)
                ],
            }
        )
    return out


def plan_table_rows_html(table: list[dict]) -> str:
    """``plan_table``'s rows as the ``<tr>`` elements of ``_plan_table.html`` (texts escaped)."""
    parts = []
    for t in table:
        row = t["row"]
        cells = "".join(
            f'<td class="period phase-{escape(cell["phase"]) or "none"}">{escape(cell["label"])}</td>' for cell in t["cells"]
        )
        parts.append(
            f"<tr>\n    <td>{row.priority}</td><td>{escape(row.goal_text)}</td><td>{escape(row.viewpoint_text)}</td>"
            f"<td>{escape(row.activity)}</td><td>{escape(t['solution'])}</td>\n    {cells}\n  </tr>"
        )
    return mark_safe("".join(parts))


@functools.lru_cache(maxsize=512)
def _options(choices: tuple, selected: str) -> str:
    """``<option>`` elements for ``(value, label)`` choices, ``selected`` marked (labels escaped).

    Kept per process: the choices are the content's tool categories and the phase names, as
    already-translated strings, so the same arguments always give the same (immutable) markup."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),
    )


def _field_words() -> dict[str, str]:
    """The row form's field labels, translated and escaped once per request."""
    return {
        "priority": escape(_("Priority")), "goal_text": escape(_("Management goal")),
        "viewpoint_text": escape(_("Business viewpoint")), "activity": escape(_("What to do")),
        "solution": escape(_("IT solution")), "tool": escape(_("Kind of tool")),
    }  # fmt: skip


def _row_fields_html(row, tool_options: str, phases: list[dict], words: dict) -> str:
    """A row form's fields (``row`` None: the empty "add a row" form), built with string formatting:
    a template include per row with a dozen tags cost more than the rest of the plan page."""

    def value(name):
        current = getattr(row, name) if row is not None else ""
        return escape(str(current)) if current else ""

    parts = [
        '<div class="fields">\n'
        f'  <label>{words["priority"]} <input type="number" name="priority" value="{value("priority") or 1}" '
        'min="1" max="99" '
        'inputmode="numeric" required></label>\n'
        f'  <label>{words["goal_text"]} <input type="text" name="goal_text" value="{value("goal_text")}" '
        'maxlength="200" required></label>\n'
        f'  <label>{words["viewpoint_text"]} <input type="text" name="viewpoint_text" value="{value("viewpoint_text")}" '
        'maxlength="200" required></label>\n'
        f'  <label>{words["activity"]} <input type="text" name="activity" value="{value("activity")}" maxlength="200" required>'
        "</label>\n"
        f'  <label>{words["solution"]} <input type="text" name="solution" value="{value("solution")}" maxlength="120"></label>\n'
        f'  <label>{words["tool"]} <select name="tool_category"><option value="">—</option>\n'
        f"    {tool_options}</select></label>\n"
        '</div>\n<div class="fields phases">\n  '
    ]
    for p in phases:
        parts.append(
            f'\n  <label>{escape(p["label"])} <select name="phase_{p["index"]}"><option value="">—</option>\n'
            f'    {p["options"]}</select></label>\n  '
        )
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))


def row_editors(company_pk, table: list[dict], labels: list[str], categories: list[dict]) -> dict:
    """The row editor forms: their URLs and fields, the ``<select>`` options built here once per
    distinct selected value (50 rows × half-years of options would otherwise be nested template loops).

    Returns ``{"rows": [editor per table row], "new": editor for the "add a row" form}``; an editor
    is ``{"values": row or None, "tool_options": html, "phases": [{"index", "label", "options"}]}``,
    a row's editor also has ``urls`` (``save``, ``move``, ``delete``)."""
    tool_choices = tuple((c["id"], c["title"]) for c in categories)
    phase_choices = tuple(phase_names().items())
    tool_cache: dict[str | None, str] = {}
    phase_cache: dict[str, str] = {}
    words = _field_words()

    def editor(row, phases: dict) -> dict:
        tool = row.tool_category if row is not None else None
        if tool not in tool_cache:
            tool_cache[tool] = _options(tool_choices, tool)
        selects = []
        for index, label in enumerate(labels):
            current = phases.get(index, "")
            if current not in phase_cache:
                phase_cache[current] = _options(phase_choices, current)
            selects.append({"index": index, "label": label, "options": phase_cache[current]})
        return {"values": row, "tool_options": tool_cache[tool], "phases": selects,
                "fields": _row_fields_html(row, tool_cache[tool], selects, words)}

    def row_editor(row, phases: dict) -> dict:
        urls = {name: reverse(f"plans:row_{name}", args=[company_pk, row.pk]) for name in ("save", "move", "delete")}
        return {**editor(row, phases), "urls": urls}

    return {"rows": [row_editor(t["row"], t["phases"]) for t in table], "new": editor(None, {})}


def row_forms_html(editors: list[dict], error_row=None) -> list[tuple[str, str]]:
    """The "edit the rows" forms, one ``(head, tail)`` pair per row: the template puts its
    ``{% csrf_token %}`` between the two. Built with string formatting (a dozen template tags per row
    otherwise); ``editors`` are the table rows with their ``editor`` (``row_editors``)."""
    save, up, down = escape(_("Save this row")), escape(_("Move up")), escape(_("Move down"))
    question, delete = escape(_("Delete this row?")), escape(_("Delete"))
    forms = []
    last = len(editors) - 1
    for index, t in enumerate(editors):
        row, urls = t["row"], t["editor"]["urls"]
        save_url, move_url, delete_url = escape(urls["save"]), escape(urls["move"]), escape(urls["delete"])
        head = (
            f'\n  <form method="post" action="{save_url}" class="row-card{" has-error" if error_row == row.pk else ""}" '
            f'id="row-{row.pk}"\n        hx-post="{save_url}" hx-target="#plan-body" hx-swap="outerHTML">'
        )
        tail = (
            f"\n    <h3>{t['number']}. {escape(row.activity)}</h3>\n    {t['editor']['fields']}\n"
            '    <div class="row-actions">\n'
            f'      <button class="btn" type="submit">{save}</button>\n'
            f'      <button class="btn btn-secondary" type="submit" name="direction" value="up" formaction="{move_url}"\n'
            f'              hx-post="{move_url}" {"disabled" if index == 0 else ""}>{up}</button>\n'
            f'      <button class="btn btn-secondary" type="submit" name="direction" value="down" formaction="{move_url}"\n'
            f'              hx-post="{move_url}" {"disabled" if index == last else ""}>{down}</button>\n'
            f'      <button class="btn btn-danger" type="submit" formaction="{delete_url}"\n'
            f'              hx-post="{delete_url}" hx-confirm="{question}">{delete}</button>\n'
            "    </div>\n  </form>\n  "
        )
        forms.append((mark_safe(head), mark_safe(tail)))
    return forms


def timeline_svg(table: list[dict], labels: list[str]) -> str:
    rows = [{"label": f"{t['row'].priority}. {t['row'].activity}", "phases": t["phases"]} for t in table]
    return mark_safe(svg.timeline(rows, labels, phase_names(), title=_("Adoption plan timeline")))


def builder(draft: maps.Draft) -> dict:
    """Everything the builder form shows: all goals (checked or not), the viewpoints of each chosen
    goal, and activity slots (the saved ones plus one empty slot) for each chosen viewpoint."""
    strategy = content.strategy()
    goals = []
    for goal in strategy["goals"]:
        chosen = goal["id"] in draft.goals
        entry = {"id": goal["id"], "title": pick(goal["title"]), "help": pick(goal["help"]), "checked": chosen, "viewpoints": []}
        if chosen:
            for vp in content.viewpoints_for(goal["id"]):
                vp_chosen = vp["id"] in draft.viewpoints.get(goal["id"], [])
                slots = []
                if vp_chosen:
                    acts = draft.activities.get((goal["id"], vp["id"]), [])
                    slots = [dict(a) for a in acts]
                    if len(slots) < maps.MAX_ACTIVITIES_PER_VIEWPOINT:
                        slots.append({"key": maps.new_key(), "text": "", "tool": ""})
                entry["viewpoints"].append({"id": vp["id"], "title": pick(vp["title"]), "checked": vp_chosen, "slots": slots})
        goals.append(entry)
    return {"goals": goals, "categories": tool_categories(), "chosen_count": len(draft.goals)}


def tool_categories() -> list[dict]:
    """The content's tool categories (id, title in the active language, group), as the builder lists them."""
    return [{"id": c["id"], "title": pick(c["title"]), "group": c["group"]} for c in content.tools()["categories"]]


def tool_guide() -> dict:
    tools = content.tools()
    index = content.category_index()
    return {
        "problems": [
            {"id": p["id"], "text": pick(p["text"]), "tools": [{"id": t, "title": pick(index[t]["title"])} for t in p["tools"]]}
            for p in tools["problems"]
        ],
        "categories": [
            {
                "id": c["id"],
                "group": c["group"],
                "title": pick(c["title"]),
                "summary": pick(c["summary"]),
                "before": [pick(t) for t in c["before"]],
                "after": [pick(t) for t in c["after"]],
                "examples": pick(c.get("examples")),
                "cost_types": c["cost_types"],
                "monthly_cost": c.get("monthly_cost"),
                "source": c["source"],
                "as_of": c["as_of"],
            }
            for c in tools["categories"]
        ],
    }


def steps_guide() -> dict:
    data = content.steps()
    return {
        "steps": [
            {
                "id": s["id"],
                "number": s["number"],
                "title": pick(s["title"]),
                "purpose": pick(s["purpose"]),
                "outside_help": pick(s["outside_help"]),
                "tasks": [{"id": t["id"], "title": pick(t["title"]), "detail": pick(t["detail"])} for t in s["tasks"]],
                "source": s["source"],
            }
            for s in data["steps"]
        ],
        "consult": [
            {"id": c["id"], "title": pick(c["title"]), "examples": pick(c["examples"]), "source": c["source"]}
            for c in data["consult"]
        ],
    }
