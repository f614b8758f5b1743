"""Building blocks for assessment tests (also used by tests/isolation_cases.py)."""

import itertools

from dxnavi.assessments import loader, services
from dxnavi.assessments.models import QuestionnairePack
from dxnavi.orgs.models import Role
from dxnavi.orgs.scoping import CompanyAccess

PACK_ID = "security_selfcheck"
QUESTION_IDS = [f"SC{n:02d}" for n in range(1, 26)]
POINTS = {"yes": 4, "partial": 2, "no": 0, "unknown": -1}


def load_pack() -> QuestionnairePack:
    """Load the real content pack (idempotent) and return its stored row."""
    loader.load_questionnaires()
    return services.current_pack(PACK_ID)


def member_access(company, role=Role.OWNER):
    return CompanyAccess(company=company, via="member", role=role)


def adviser_access(company, organization, role=Role.EDITOR):
    return CompanyAccess(company=company, via="adviser", role=role, organization=organization)


def answers_for_total(total: int) -> dict[str, str]:
    """25 answers hitting exactly ``total`` (−25..100): counts of yes/partial/no/unknown, in question order."""
    for yes, partial, unknown in itertools.product(range(26), repeat=3):
        no = 25 - yes - partial - unknown
        if no >= 0 and 4 * yes + 2 * partial - unknown == total:
            options = ["yes"] * yes + ["partial"] * partial + ["no"] * no + ["unknown"] * unknown
            return dict(zip(QUESTION_IDS, options))
    raise ValueError(f"no answer set gives {total}")


def all_answers(option: str) -> dict[str, str]:
    return {qid: option for qid in QUESTION_IDS}


def complete_with(company, answers: dict[str, str], user=None, access=None):
    """Start (or resume), answer and complete a self-check through the services."""
    access = access or member_access(company)
    assessment = services.start_or_resume(company, PACK_ID, user, access)
    services.save_answers(assessment, answers, user, access)
    return services.complete(assessment, user, access)


def draft_with(company, answers: dict[str, str] | None = None, user=None, access=None):
    access = access or member_access(company)
    assessment = services.start_or_resume(company, PACK_ID, user, access)
    if answers:
        services.save_answers(assessment, answers, user, access)
    return assessment
