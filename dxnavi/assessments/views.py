"""Questionnaire pages. Every view is company-scoped; assessments are looked up only through
``scoped(Assessment.objects, access)`` so another company's assessment id is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi import paging
from dxnavi.orgs.scoping import company_view, mark_changed, scoped
from dxnavi.reports.pdf import pdf_response

from . import action_source, documents, presenters, result_queries, services, trends
from .forms import FIELD_PREFIX, AnswerForm, PartForm, parse_answer
from .models import Assessment

HISTORY_PAGE_SIZE = 30


def _assessment(access, assessment_id) -> Assessment:
    # No pack join: the parsed pack is `assessment.spec` (pack_cache). The company's assessment only
    # (what ``scoped`` filters), its statement compiled once per process (``result_queries``).
    assessment = result_queries.company_assessment(access.company.pk, assessment_id)
    if assessment is None:
        raise Http404
    return assessment


def _part_url(assessment, part_id):
    return redirect("assessments:part", assessment.company_id, assessment.pk, part_id)


@company_view(need="view")
def start(request, access, pack_id):
    """Introduction with a start (or resume) button; POST creates or resumes the draft."""
    pack = services.current_pack(pack_id)
    if pack is None:
        raise Http404
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        assessment = services.start_or_resume(access.company, pack_id, request.user, access)
        return _part_url(assessment, services.first_open_part(assessment))
    context = {
        "company": access.company,
        "access": access,
        "pack": pack,
        "spec": pack.spec,
        "draft": services.draft_for(access.company, pack_id),
        "latest": services.latest_completed(access.company, pack_id),
    }
    return render(request, "assessments/start.html", context)


def _neighbours(spec, part_id):
    ids = spec.part_ids
    index = ids.index(part_id)
    return (ids[index - 1] if index > 0 else None), (ids[index + 1] if index + 1 < len(ids) else None)


def _row(spec, question, saved, form):
    """What the part page needs for one question: field names, choices, the value to show."""
    qtype = spec.question_type(question)
    name = FIELD_PREFIX + question["id"]
    row = {"question": question, "name": name, "type": qtype.name, "template": f"assessments/questions/_{qtype.name}.html"}
    if form is not None:
        # Re-show what was posted (a 400 page), so nothing typed is lost.
        raw = qtype.raw(form.data, question["id"])
        row["errors"] = form.errors.get(question["id"], [])
    if qtype.name == "choice":
        row["options"] = spec.options_for(question)
        row["selected"] = raw["option"] if form is not None else saved
    else:
        value = saved if isinstance(saved, dict) else {}
        if form is not None:
            value = {key: raw.get(key, "") for key in raw}
        row["value"] = {key: ("" if v is None else str(v)) for key, v in value.items()}
        row["levels"] = spec.level_scale
    return row


def _part_context(access, assessment, part, form=None):
    spec = assessment.spec
    answers = services.answers_of(assessment)
    index = spec.part_ids.index(part["id"])
    prev_part, next_part = _neighbours(spec, part["id"])
    rows = [_row(spec, question, answers.get(question["id"]), form) for question in part["questions"]]
    return {
        "company": access.company,
        "access": access,
        "assessment": assessment,
        "spec": spec,
        "part": part,
        "rows": rows,
        "form": form,
        "step": index + 1,
        "steps": len(spec.parts),
        "prev_part": prev_part,
        "next_part": next_part,
        "answered": sum(1 for q in spec.questions if spec.is_answered(q, answers.get(q["id"]))),
        "total_questions": len(spec.questions),
    }


@company_view(need="edit")
def part(request, access, assessment_id, part_id):
    """One part per page. Radios autosave through ``answer``; the buttons also save (no JS needed)."""
    assessment = _assessment(access, assessment_id)
    if assessment.is_completed:
        return redirect("assessments:result", access.company.pk, assessment.pk)
    spec = assessment.spec
    part = spec.part(part_id)
    if part is None:
        raise Http404
    if request.method == "POST":
        form = PartForm(spec, part, request.POST)
        if form.is_valid():
            try:
                services.save_answers(assessment, form.answers(), request.user, access)
            except services.AnswerError as error:
                messages.error(request, error.messages[0])
                return _part_url(assessment, part_id)
            action = request.POST.get("nav", "next")
            prev_part, next_part = _neighbours(spec, part_id)
            if action == "prev" and prev_part:
                return _part_url(assessment, prev_part)
            if action == "next" and next_part:
                return _part_url(assessment, next_part)
            if action == "finish":
                return _finish(request, access, assessment)
            return _part_url(assessment, part_id)
        context = _part_context(access, assessment, part, form=form)
        return render(request, "assessments/part.html", context, status=400)
    return render(request, "assessments/part.html", _part_context(access, assessment, part))


def _finish(request, access, assessment):
    try:
        services.complete(assessment, request.user, access)
    except services.IncompleteError as error:
        messages.error(request, error.messages[0])
        spec = assessment.spec
        first = next(q for q in spec.questions if q["number"] == error.missing[0])
        return _part_url(assessment, spec.part_of(first["id"]))
    messages.success(request, _("Your answers are saved. Here is your result."))
    return redirect("assessments:result", access.company.pk, assessment.pk)


@require_POST
@company_view(need="edit")
def answer(request, access, assessment_id):
    """Autosave of one change: returns a small status partial (400 with the reason on bad input).

    A choice question posts ``question`` and ``option``; a structured one posts ``question`` and
    its page fields (``q-<id>-current`` …), all of them on every change, so the stored answer is
    always what the page shows.
    """
    assessment = _assessment(access, assessment_id)
    spec = assessment.spec
    form = AnswerForm(request.POST)
    question_id = request.POST.get("question", "")
    context = {"assessment": assessment, "question_id": question_id, "total_questions": len(spec.questions)}

    def refuse(message):
        return render(request, "assessments/_saved.html", {**context, "error": message}, status=400)

    if not form.is_valid():
        return refuse(next(iter(form.errors.values()))[0])
    question = spec.question(form.cleaned_data["question"])
    if question is None:
        return refuse(_("This question is not part of this check. Please reload the page."))
    value, message = parse_answer(spec, question, request.POST)
    if message:
        return refuse(message)
    try:
        services.save_answer(assessment, question["id"], value, request.user, access)
    except services.AnswerError as error:
        return refuse(error.messages[0])
    if not request.headers.get("HX-Request"):
        return _part_url(assessment, spec.part_of(question["id"]))
    mark_changed(request)  # a 200 fragment, but the answer was saved
    answered = services.answered_count(assessment)
    return render(request, "assessments/_saved.html", {**context, "answered": answered, "saved_at": timezone.now()})


@require_POST
@company_view(need="edit")
def complete(request, access, assessment_id):
    assessment = _assessment(access, assessment_id)
    return _finish(request, access, assessment)


def _completed_or_redirect(access, assessment):
    if assessment.is_completed:
        return None
    if access.can_edit:
        return _part_url(assessment, services.first_open_part(assessment))
    return redirect("assessments:start", access.company.pk, assessment.pack_family)


@company_view(need="view")
def result(request, access, assessment_id):
    assessment = _assessment(access, assessment_id)
    redirect_response = _completed_or_redirect(access, assessment)
    if redirect_response:
        return redirect_response
    context = documents.result_context(access, assessment)
    if assessment.pack_family == action_source.PACK_ID:
        # Bridges from each weak answer to its action and, where it fits, a pre-filled subsidy estimate.
        context["bridges"] = action_source.bridges(access.company, context["r"].weakest + context["r"].to_check)
    return render(request, "assessments/result.html", context)


@company_view(need="view")
def result_print(request, access, assessment_id):
    assessment = _assessment(access, assessment_id)
    return _completed_or_redirect(access, assessment) or render(
        request, "assessments/result_print.html", documents.result_context(access, assessment)
    )


@company_view(need="view")
def result_pdf(request, access, assessment_id):
    assessment = _assessment(access, assessment_id)
    redirect_response = _completed_or_redirect(access, assessment)
    if redirect_response:
        return redirect_response
    pdf = documents.result_pdf(access, assessment, request=request)
    return pdf_response(pdf, documents.result_pdf_filename(assessment))


@company_view(need="view")
def history(request, access, pack_id):
    pack = services.current_pack(pack_id)
    if pack is None:
        raise Http404
    # score_details is not shown here; each row's spec comes from pack_cache (no pack query).
    results = services.history(access, pack_id).defer("score_details")
    page = paging.get_page(results, HISTORY_PAGE_SIZE, request.GET.get("page"))
    entries = list(page.object_list)
    rows = []
    for assessment in entries:
        spec = assessment.spec
        rows.append(
            {
                "assessment": assessment,
                "band": spec.band(assessment.band_id),
                "tone": presenters.tone_for(spec, assessment.band_id),
                "total": presenters.total_display(spec, assessment),
                "version": spec.version,
            }
        )
    if page.number == 1 and trends.MAX_POINTS <= HISTORY_PAGE_SIZE:
        # The first page holds the latest results, newest first: the trend needs no query of its own.
        points = [(a.completed_at, a.total_score) for a in entries[: trends.MAX_POINTS]][::-1]
    else:
        points = services.trend_results(access, pack_id, trends.MAX_POINTS)
    context = {
        "company": access.company,
        "access": access,
        "pack": pack,
        "spec": pack.spec,
        "page": page,
        "rows": rows,
        "total_label": presenters.total_label(pack.spec),
        "draft": services.has_draft(access.company, pack_id),
        "trend": trends.trend(pack.spec, points),
    }
    return render(request, "assessments/history.html", context)
