"""Plans content from ``content/plans/*.yaml``: goals and viewpoints (IT戦略マップ), the problem →
tool guide, and the five steps with where to consult.

Each file is read once per process and validated on first use (and by ``manage.py load_content``):
a missing ``source``/``as_of``/ja/en text, a duplicate id or a reference to an unknown goal, tool,
cost type or industry raises ValueError naming the file and the item. The common item checks come
from ``dxnavi.content.validation``. Sources are shown to users, so they must name the publication
itself; internal file names ("seed …") are refused. The returned structures are shared: do not mutate.
"""

from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from dxnavi.content import reference
from dxnavi.content.validation import check_item, check_items, check_sources, check_text

STRATEGY_FILE = "strategy.yaml"
TOOLS_FILE = "tools.yaml"
STEPS_FILE = "steps.yaml"
FILES = {STRATEGY_FILE: "plans_strategy", TOOLS_FILE: "plans_tools", STEPS_FILE: "plans_steps"}
GROUPS = ("common", "core")
MAX_MONTHLY_COST = 10**9


def _path(filename) -> Path:
    return Path(settings.CONTENT_DIR) / "plans" / filename


def _read(filename):
    with _path(filename).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return validate(filename, data)


def _check_header(filename, data):
    if not isinstance(data, dict) or data.get("id") != FILES[filename]:
        raise ValueError(f"{filename}: expected a mapping with id {FILES[filename]!r}")
    if not isinstance(data.get("version"), str):
        raise ValueError(f"{filename}: version must be a quoted string")


def _items(filename, data, section, text_keys):
    return check_items(filename, data, section, text_keys)


def _ids(filename, item, section, key, known, *, required=True):
    values = item.get(key)
    if values is None and not required:
        return
    if not isinstance(values, list) or (required and not values):
        raise ValueError(f"{filename}: item {item['id']!r} ({section}) needs a list {key}")
    for value in values:
        if value not in known:
            raise ValueError(f"{filename}: item {item['id']!r} ({section}) has unknown {key} id {value!r}")


def _text_list(filename, item, section, key):
    values = item.get(key)
    if not isinstance(values, list) or not values:
        raise ValueError(f"{filename}: item {item['id']!r} ({section}) needs a non-empty list {key}")
    for index, value in enumerate(values):
        check_text(filename, f"item {item['id']!r} ({section}) {key}[{index}]", {"text": value}, "text")


@cache
def _questionnaire_ids() -> dict[str, set]:
    """Stage band ids of the DX stage pack and pillar (part) ids of the maturity pack, for the
    goals' ``for_stages`` / ``for_pillars`` (read from the questionnaire YAML, no database)."""
    folder = Path(settings.CONTENT_DIR) / "questionnaires"
    with (folder / "dx_stage.yaml").open(encoding="utf-8") as fh:
        stage = yaml.safe_load(fh)
    with (folder / "dx_maturity.yaml").open(encoding="utf-8") as fh:
        maturity = yaml.safe_load(fh)
    return {
        "for_stages": {b["id"] for b in stage["scoring"]["bands"]},
        "for_pillars": {p["id"] for p in maturity["parts"]},
    }


def _validate_strategy(filename, data):
    goals = _items(filename, data, "goals", ("title", "help"))
    goal_ids = {g["id"] for g in goals}
    known = _questionnaire_ids()
    for goal in goals:
        for key in ("for_stages", "for_pillars"):
            _ids(filename, goal, "goals", key, known[key], required=False)
    viewpoints = _items(filename, data, "viewpoints", ("title",))
    for viewpoint in viewpoints:
        _ids(filename, viewpoint, "viewpoints", "goals", goal_ids)


def _validate_monthly_cost(filename, item):
    cost = item.get("monthly_cost")
    if cost is None:
        return
    where = f"item {item['id']!r} (categories) monthly_cost"
    if not isinstance(cost, dict):
        raise ValueError(f"{filename}: {where} must be a mapping")
    check_item(filename, "categories", 0, {**cost, "id": item["id"]}, ())
    low, high = cost.get("min"), cost.get("max")
    for value in (low, high):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_MONTHLY_COST:
            raise ValueError(f"{filename}: {where} needs integer min and max yen between 0 and {MAX_MONTHLY_COST}")
    if low > high:
        raise ValueError(f"{filename}: {where} has min above max")


def _validate_tools(filename, data):
    from dxnavi.subsidies.domain.rules import ITEM_KINDS

    categories = _items(filename, data, "categories", ("title", "summary"))
    majors = {m["id"] for m in reference.jsic()["majors"]}
    for item in categories:
        if item.get("group") not in GROUPS:
            raise ValueError(f"{filename}: item {item['id']!r} (categories) group must be one of {', '.join(GROUPS)}")
        _text_list(filename, item, "categories", "before")
        _text_list(filename, item, "categories", "after")
        _ids(filename, item, "categories", "cost_types", set(ITEM_KINDS))
        _ids(filename, item, "categories", "industries", majors, required=False)
        if "examples" in item:
            check_text(filename, f"item {item['id']!r} (categories)", item, "examples")
        _validate_monthly_cost(filename, item)
    tool_ids = {c["id"] for c in categories}
    for problem in _items(filename, data, "problems", ("text",)):
        _ids(filename, problem, "problems", "tools", tool_ids)


def _validate_steps(filename, data):
    steps = _items(filename, data, "steps", ("title", "purpose", "outside_help"))
    task_ids = set()
    for number, step in enumerate(steps, start=1):
        if step.get("number") != number:
            raise ValueError(f"{filename}: item {step['id']!r} (steps) must have number {number}")
        tasks = step.get("tasks")
        if not isinstance(tasks, list) or not tasks:
            raise ValueError(f"{filename}: item {step['id']!r} (steps) has no tasks")
        for index, task in enumerate(tasks):
            task_id = task.get("id") if isinstance(task, dict) else None
            if not isinstance(task_id, str) or not task_id or task_id in task_ids:
                raise ValueError(f"{filename}: item {step['id']!r} (steps) task {index} has a missing or duplicate id")
            task_ids.add(task_id)
            for key in ("title", "detail"):
                check_text(filename, f"task {task_id!r}", task, key)
    _items(filename, data, "consult", ("title", "examples"))


_VALIDATORS = {STRATEGY_FILE: _validate_strategy, TOOLS_FILE: _validate_tools, STEPS_FILE: _validate_steps}


def validate(filename, data):
    """Check one file's parsed YAML; return it unchanged, or raise ValueError naming the item."""
    _check_header(filename, data)
    check_sources(filename, data)
    _VALIDATORS[filename](filename, data)
    return data


@cache
def strategy():
    return _read(STRATEGY_FILE)


@cache
def tools():
    return _read(TOOLS_FILE)


@cache
def steps():
    return _read(STEPS_FILE)


def clear_caches():
    for loader in (strategy, tools, steps, goal_index, viewpoint_index, category_index):
        loader.cache_clear()


@cache
def goal_index():
    return {g["id"]: g for g in strategy()["goals"]}


@cache
def viewpoint_index():
    return {v["id"]: v for v in strategy()["viewpoints"]}


@cache
def category_index():
    return {c["id"]: c for c in tools()["categories"]}


def viewpoints_for(goal_id):
    return [v for v in strategy()["viewpoints"] if goal_id in v["goals"]]


def goals_for_stage(stage_id: str) -> list[str]:
    return [g["id"] for g in strategy()["goals"] if stage_id in g.get("for_stages", [])]


def goals_for_pillars(pillar_ids) -> list[str]:
    """Goals serving the given pillars, in the pillars' order (largest gap first), each once."""
    out = []
    for pillar in pillar_ids:
        for goal in strategy()["goals"]:
            if pillar in goal.get("for_pillars", []) and goal["id"] not in out:
                out.append(goal["id"])
    return out


def content_version() -> str:
    return strategy()["version"]


def check_all() -> list[str]:
    """The ``load_content`` hook: validate the three files (re-read from disk)."""
    clear_caches()
    return [
        f"plans: {len(strategy()['goals'])} goals, {len(strategy()['viewpoints'])} viewpoints, "
        f"{len(tools()['categories'])} tool categories, {len(tools()['problems'])} problems, "
        f"{len(steps()['steps'])} steps — valid"
    ]
