"""Building blocks for DX diagnosis tests (also used by tests/isolation_cases.py)."""

from dxnavi.assessments import loader, services
from tests.assessments.helpers import member_access

STAGE_PACK = "dx_stage"
MATURITY_PACK = "dx_maturity"
ACTIVITY_IDS = [
    "paperless", "website", "web_meetings", "security", "cloud", "e_payment", "e_approval",
    "customer_data", "telework", "online_sales", "ai_iot", "ec_channel", "rpa",
]  # fmt: skip
# Activity -> question, in the table's order (DS02..DS14).
ACTIVITY_QUESTIONS = {activity: f"DS{n:02d}" for n, activity in enumerate(ACTIVITY_IDS, start=2)}
ITEM_IDS = [f"DM{n:02d}" for n in range(1, 18)]
PILLARS = {
    "vision": ["DM01", "DM02"],
    "strategy": ["DM03", "DM04", "DM05"],
    "organization": ["DM06", "DM07"],
    "talent": ["DM08", "DM09"],
    "it_security": ["DM10", "DM11", "DM12"],
    "indicators": ["DM13", "DM14"],
    "dialogue": ["DM15", "DM16", "DM17"],
}


def load_packs():
    """Load every questionnaire pack under content/ (idempotent); returns (stage pack, maturity pack)."""
    loader.load_questionnaires()
    return services.current_pack(STAGE_PACK), services.current_pack(MATURITY_PACK)


def stage_answers(self_stage="stage2", yes=()) -> dict[str, str]:
    """The self-placement plus all 13 activities: ``yes`` (activity ids) answered yes, the rest no."""
    unknown = set(yes) - set(ACTIVITY_IDS)
    assert not unknown, unknown
    answers = {"DS01": self_stage}
    answers.update({q: ("yes" if a in yes else "no") for a, q in ACTIVITY_QUESTIONS.items()})
    return answers


def level(current, target, evidence="", action=""):
    return {"current": current, "target": target, "evidence": evidence, "action": action}


def maturity_answers(default=(1, 3), **items) -> dict[str, dict]:
    """All 17 items at ``default`` (current, target); override with DM05=(2, 4) or DM05=level(...)."""
    answers = {qid: level(*default) for qid in ITEM_IDS}
    for qid, value in items.items():
        answers[qid] = value if isinstance(value, dict) else level(*value)
    return answers


def complete(company, pack_id, answers, user=None, access=None):
    access = access or member_access(company)
    assessment = services.start_or_resume(company, pack_id, user, access)
    services.save_answers(assessment, answers, user, access)
    return services.complete(assessment, user, access)


def draft(company, pack_id, answers=None, user=None, access=None):
    access = access or member_access(company)
    assessment = services.start_or_resume(company, pack_id, user, access)
    if answers:
        services.save_answers(assessment, answers, user, access)
    return assessment
