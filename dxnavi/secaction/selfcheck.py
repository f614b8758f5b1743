"""The little we need from the self-check (``dxnavi.assessments``), behind one seam.

Imported lazily so this app loads, and its pages work, in an installation without the
assessments app: the self-check then simply counts as not done.
"""

PACK_ID = "security_selfcheck"
# Option id of 「実施している」 in the security_selfcheck pack (checked by tests/content).
YES_OPTION = "yes"


def _services():
    from django.apps import apps

    # Importing the app's models while it is not installed raises RuntimeError, not ImportError.
    if not apps.is_installed("dxnavi.assessments"):
        return None
    from dxnavi.assessments import services

    return services


def latest_completed(company):
    """The company's latest completed self-check, or None."""
    services = _services()
    if services is None:
        return None
    return services.latest_completed(company, PACK_ID)


def for_dashboard(view):
    """(latest completed self-check or None, its 「実施している」 question ids) from the dashboard's
    shared reads (``dxnavi.assessments.cards``): no query of its own."""
    if _services() is None:
        return None, set()
    from dxnavi.assessments import cards

    assessment = cards.latest_completed(view, PACK_ID)
    if assessment is None:
        return None, set()
    answers = cards.latest_answers(view, PACK_ID)
    return assessment, {question_id for question_id, value in answers.items() if value == YES_OPTION}


def latest_for_actions(company):
    """(latest completed self-check or None, its 「実施している」 question ids) for the action list's
    source: the same read as the self-check's own source (``dxnavi.assessments.action_source.latest``,
    once per regeneration), so no query of its own there."""
    services = _services()
    if services is None:
        return None, set()
    from dxnavi.assessments import action_source

    assessment = action_source.latest(company, PACK_ID)
    if assessment is None:
        return None, set()
    return assessment, {question_id for question_id, value in services.answers_of(assessment).items() if value == YES_OPTION}


def answered_yes(assessment) -> set[str]:
    """Question ids answered 「実施している」 in that self-check."""
    if assessment is None:
        return set()
    return set(assessment.answers.filter(option_id=YES_OPTION).values_list("question_id", flat=True))


def completed_at(assessment):
    return getattr(assessment, "completed_at", None) if assessment is not None else None


def start_url(company) -> str | None:
    """Where to take the self-check, or None when the assessments app is not installed."""
    return _reverse("assessments:start", company_id=company.pk, pack_id=PACK_ID)


def result_url(company, assessment) -> str | None:
    if assessment is None:
        return None
    return _reverse("assessments:result", company_id=company.pk, assessment_id=assessment.pk)


def _reverse(name, **kwargs):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def latest_completed_yes_by_company(company_ids) -> dict[int, set[str]]:
    """{company id: 「実施している」 question ids of its latest completed self-check} for the companies that
    have one, the latest chosen as ``latest_completed`` does (by completion time, not the ``is_latest``
    flag, which a deleted latest result leaves on no row): two queries for any number of companies.
    For the stored SECURITY ACTION levels (``levels``), which must equal ``services.status``."""
    if _services() is None:
        return {}
    from django.db.models import OuterRef, Subquery

    from dxnavi.assessments.models import Answer, Assessment
    from dxnavi.orgs.models import Company

    latest = Assessment.objects.filter(
        company_id=OuterRef("pk"), pack_family=PACK_ID, status=Assessment.Status.COMPLETED
    ).order_by("-completed_at", "-pk").values("pk")[:1]
    rows = Company.objects.filter(pk__in=list(company_ids)).annotate(latest=Subquery(latest)).values_list("pk", "latest")
    by_assessment = {assessment_id: company_id for company_id, assessment_id in rows if assessment_id is not None}
    found = {company_id: set() for company_id in by_assessment.values()}
    if by_assessment:
        answers = Answer.objects.filter(assessment_id__in=list(by_assessment), option_id=YES_OPTION).values_list(
            "assessment_id", "question_id"
        )
        for assessment_id, question_id in answers:
            found[by_assessment[assessment_id]].add(question_id)
    return found
