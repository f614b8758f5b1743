"""A section on the security self-check's result that links question 24 (緊急時の体制・対応手順) to the
「何か起きた」 runbook, the company's emergency contacts and the drills.

Registered with ``assessments.extensions`` in ``IncidentsConfig.ready`` so the engine never imports us;
the section shows nothing that depends on the result beyond the pack, so its key is constant.
"""

from django.urls import reverse

SELFCHECK_PACK = "security_selfcheck"
QUESTION = "SC24"


def selfcheck_section(assessment, access):
    if not assessment.is_completed:
        return None
    company = access.company.pk
    return {
        "template": "incidents/_result_section.html",
        "question": QUESTION,
        "runbook_url": reverse("incidents:runbook", args=[company]),
        "contacts_url": reverse("incidents:contacts", args=[company]),
        "drills_url": reverse("incidents:drills", args=[company]),
    }


def section_key(assessment, access) -> tuple:
    return ("incident-runbook", 1)
