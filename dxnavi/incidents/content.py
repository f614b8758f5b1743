"""The incident content under ``content/incidents/``: the first-response runbook, the drill scenarios and
the managed security service package (サイバーセキュリティお助け隊サービス).

Each file is a ``ContentFile`` (read once per process) validated with the common item checks of
``dxnavi.content.validation`` (stable ids, ``{ja, en}`` text, ``source`` naming the publication, ``as_of``);
``manage.py load_content`` validates them again through ``check_all``.
"""

from dxnavi.content.files import ContentFile
from dxnavi.content.validation import check_items, check_sources, check_text

RUNBOOK = "incidents/runbook.yaml"
DRILLS = "incidents/drills.yaml"
SERVICES = "incidents/managed_services.yaml"

# The scenarios a drill practises must exist in the runbook too (a drill links to its scenario).
DRILL_SCENARIOS = ("ransomware", "phishing", "lost_device")
LEAK_CASES = ("sensitive", "financial", "malicious", "over_1000")


def _mapping(filename, data):
    if not isinstance(data, dict):
        raise ValueError(f"{filename}: not a mapping")
    check_sources(filename, data)


def _sub_items(filename, owner, items, section, text_keys):
    if not isinstance(items, list) or not items:
        raise ValueError(f"{filename}: item {owner!r} has no {section}")
    seen = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise ValueError(f"{filename}: item {owner!r} {section}[{index}] is missing id")
        where = f"item {owner!r} {section} {item['id']!r}"
        if item["id"] in seen:
            raise ValueError(f"{filename}: {where} is listed twice")
        seen.add(item["id"])
        for key in text_keys:
            check_text(filename, where, item, key)
    return items


def validate_runbook(data) -> None:
    _mapping(RUNBOOK, data)
    steps = check_items(RUNBOOK, data, "steps", ("title", "body"))
    if [s.get("number") for s in steps] != list(range(1, len(steps) + 1)):
        raise ValueError(f"{RUNBOOK}: steps must be numbered 1, 2, 3, … in order")
    for contact in check_items(RUNBOOK, data, "public_contacts", ("name", "what")):
        if not str(contact.get("url", "")).startswith("https://"):
            raise ValueError(f"{RUNBOOK}: item {contact['id']!r} (public_contacts) needs an https url")
    scenarios = check_items(RUNBOOK, data, "scenarios", ("title",))
    for scenario in scenarios:
        _sub_items(RUNBOOK, scenario["id"], scenario.get("steps"), "steps", ("text",))
    missing = sorted((set(DRILL_SCENARIOS) | {"data_leak"}) - {s["id"] for s in scenarios})
    if missing:
        raise ValueError(f"{RUNBOOK}: scenarios {missing} are missing")
    leak = data.get("leak_report")
    if not isinstance(leak, dict) or not leak.get("source"):
        raise ValueError(f"{RUNBOOK}: leak_report with its source is missing")
    cases = check_items(RUNBOOK, leak, "cases", ("article", "question"))
    if tuple(c["id"] for c in cases) != LEAK_CASES:
        raise ValueError(f"{RUNBOOK}: leak_report cases must be {', '.join(LEAK_CASES)} in this order")
    for key in ("preliminary", "final", "counting", "notice"):
        check_text(RUNBOOK, "leak_report", leak, key)


def validate_drills(data) -> None:
    _mapping(DRILLS, data)
    drills = check_items(DRILLS, data, "drills", ("title", "situation"))
    if sorted(d["id"] for d in drills) != sorted(DRILL_SCENARIOS):
        raise ValueError(f"{DRILLS}: drills must be exactly {', '.join(DRILL_SCENARIOS)}")
    for drill in drills:
        for question in _sub_items(DRILLS, drill["id"], drill.get("questions"), "questions", ("text",)):
            options = _sub_items(DRILLS, f"{drill['id']}/{question['id']}", question.get("options"), "options", ("text",))
            if sum(1 for o in options if o.get("correct") is True) != 1:
                raise ValueError(f"{DRILLS}: item {drill['id']!r} question {question['id']!r} needs exactly one correct option")


def validate_services(data) -> None:
    _mapping(SERVICES, data)
    check_text(SERVICES, "top level", data, "summary")
    check_items(SERVICES, data, "includes", ("title", "body"))
    check_items(SERVICES, data, "prices", ("title", "cap"))
    subsidy = data.get("subsidy")
    if not isinstance(subsidy, dict) or not subsidy.get("source") or not subsidy.get("frame_id"):
        raise ValueError(f"{SERVICES}: subsidy with frame_id and source is missing")
    check_text(SERVICES, "subsidy", subsidy, "text")


_RUNBOOK = ContentFile(RUNBOOK, validate_runbook)
_DRILLS = ContentFile(DRILLS, validate_drills)
_SERVICES = ContentFile(SERVICES, validate_services)


def runbook() -> dict:
    return _RUNBOOK.data()


def drills() -> dict:
    return _DRILLS.data()


def services() -> dict:
    return _SERVICES.data()


def scenario(scenario_id: str) -> dict | None:
    return next((s for s in runbook()["scenarios"] if s["id"] == scenario_id), None)


def drill(scenario_id: str) -> dict | None:
    return next((d for d in drills()["drills"] if d["id"] == scenario_id), None)


def check_all() -> list[str]:
    runbook_data, drill_data, service_data = _RUNBOOK.reload(), _DRILLS.reload(), _SERVICES.reload()
    return [
        f"{RUNBOOK}: {len(runbook_data['steps'])} steps, {len(runbook_data['scenarios'])} scenarios, "
        f"{len(runbook_data['public_contacts'])} public contacts — valid",
        f"{DRILLS}: {len(drill_data['drills'])} drill scenarios — valid",
        f"{SERVICES}: {len(service_data['includes'])} services, {len(service_data['prices'])} price caps — valid",
    ]
