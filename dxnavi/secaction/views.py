"""SECURITY ACTION pages. Every view is wrapped by ``scoping.company_view`` and reads
company data only through ``scoping.scoped``; the rules live in services/domain."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.content.i18n import pick
from dxnavi.orgs.scoping import company_view, mark_changed, scoped
from dxnavi.reports.pdf import pdf_response

from . import content, documents, domain, presenters, selfcheck, services
from .docx_export import build_docx, docx_response
from .forms import PolicyForm, PolicyTextForm
from .models import BasicPolicy


def _base_context(access, **extra):
    return {
        "company": access.company,
        "access": access,
        "title": pick(content.title()),
        "note": pick(content.note()["text"]),
        **extra,
    }


def _policy_or_404(access, policy_id):
    policies = BasicPolicy.objects.select_related("created_by", "created_by_organization", "adopted_by")
    return get_object_or_404(scoped(policies, access), pk=policy_id)


@company_view()
def readiness(request, access):
    status = services.status(access)
    steps = presenters.missing_steps(status, access.company)
    context = _base_context(
        access,
        status=status,
        ready=status.readiness,
        one_star=content.one_star(),
        two_star=content.two_star(),
        one_star_steps=[s for s in steps if s["level"] == 1],
        two_star_steps=[s for s in steps if s["level"] == 2],
        selfcheck_at=selfcheck.completed_at(status.selfcheck),
        selfcheck_result_url=selfcheck.result_url(access.company, status.selfcheck),
    )
    return render(request, "secaction/readiness.html", context)


def _checklist_context(access):
    status = services.status(access)
    rows = [
        {
            "id": item["id"],
            "number": number,
            "title": pick(item["title"]),
            "practice": pick(item["practice"]),
            "confirmation": status.confirmed.get(item["id"]),
            "by_selfcheck": status.item_sources.get(item["id"]) == domain.BY_SELFCHECK,
            "hint": status.hints.get(item["id"], False),
        }
        for number, item in enumerate(content.items(), start=1)
    ]
    return _base_context(
        access,
        rows=rows,
        ready=status.readiness,
        one_star=content.one_star(),
        has_selfcheck=status.selfcheck is not None,
        selfcheck_at=selfcheck.completed_at(status.selfcheck),
        selfcheck_result_url=selfcheck.result_url(access.company, status.selfcheck),
    )


@company_view()
def checklist(request, access):
    return render(request, "secaction/checklist.html", _checklist_context(access))


@require_POST
@company_view(need="edit")
def checklist_toggle(request, access, item_id):
    done = request.POST.get("done") == "1"
    try:
        services.set_item_done(access.company, item_id, done=done, user=request.user, organization=access.organization)
    except services.UnknownItem:
        raise Http404 from None
    if request.headers.get("HX-Request"):
        # htmx swaps the list in place; without JavaScript the redirect below does the same.
        mark_changed(request)
        return render(request, "secaction/_checklist_items.html", _checklist_context(access))
    return redirect(reverse("secaction:checklist", args=[access.company.pk]) + f"#item-{item_id}")


@company_view()
def policy_list(request, access):
    policies = scoped(BasicPolicy.objects.select_related("created_by", "created_by_organization", "adopted_by"), access)
    adopted = services.adopted_policy(access)
    return render(request, "secaction/policy_list.html", _base_context(access, policies=policies, adopted=adopted))


def _start_point(request, access):
    """Where the editor starts: ?from=<version id>, ?from=template (&language=), or the latest version."""
    source = request.GET.get("from", "")
    if source == "template":
        return None
    if source.isascii() and source.isdigit() and len(source) <= 18:
        return _policy_or_404(access, int(source))
    return services.latest_policy(access)


@company_view(need="edit")
def policy_new(request, access):
    """Edit the policy's text and save it as a new version (advisers may draft, like the other forms)."""
    company = access.company
    preview = source = None
    if request.method == "POST":
        form = PolicyForm(request.POST)
        language = request.POST.get("language") if request.POST.get("language") in dict(settings.LANGUAGES) else "ja"
        text_form = PolicyTextForm(request.POST, language=language)
        if form.is_valid() & text_form.is_valid():
            values = form.cleaned_data
            text = {"preamble": text_form.cleaned_data["preamble"], "sections": text_form.sections}
            if request.POST.get("action") == "save":
                try:
                    policy = services.save_policy_version(
                        company, request.user, **values, **text, organization=access.organization
                    )
                except services.PolicyTextError as error:  # the form checks the same rules; kept for safety
                    for message in error.messages:
                        text_form.add_error(None, message)
                else:
                    messages.success(
                        request, _("Version %(version)d of the basic policy was saved.") % {"version": policy.version}
                    )
                    return redirect("secaction:policy_detail", company.pk, policy.pk)
            preview = services.preview(**values, **text) if not text_form.errors else None
    else:
        source = _start_point(request, access)
        ui_language = (translation.get_language() or "ja")[:2]
        wanted = request.GET.get("language")
        language = source.language if source else (wanted if wanted in dict(settings.LANGUAGES) else ui_language)
        initial = {
            "company_name": source.company_name if source else company.name,
            "representative": source.representative if source else company.representative,
            "policy_date": timezone.localdate(),
            "language": language,
        }
        preamble, sections = services.editable_text(source, **initial)
        form = PolicyForm(initial=initial)
        text_form = PolicyTextForm(initial=PolicyTextForm.initial_for(preamble, sections), language=language)
        if all(initial.values()):
            preview = services.preview(**initial, preamble=preamble, sections=sections)
    context = _base_context(
        access, form=form, text_form=text_form, preview=preview, parts=preview["parts"] if preview else None,
        language=text_form.language, source=source,
        other_language=[code for code, _name in settings.LANGUAGES if code != text_form.language][0],
    )
    return render(request, "secaction/policy_form.html", context)


@require_POST
@company_view(need="edit")
def policy_restore(request, access, policy_id):
    """Restore = a new version with the old version's text; the history is never rewritten."""
    old = _policy_or_404(access, policy_id)
    try:
        policy = services.restore_policy_version(old, user=request.user, organization=access.organization)
    except services.PolicyTextError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("secaction:policy_detail", access.company.pk, old.pk)
    messages.success(
        request,
        _("Version %(old)d was restored as the new version %(version)d.") % {"old": old.version, "version": policy.version},
    )
    return redirect("secaction:policy_detail", access.company.pk, policy.pk)


@company_view()
def policy_detail(request, access, policy_id):
    policy = _policy_or_404(access, policy_id)
    context = _base_context(
        access,
        policy=policy,
        parts=services.split_parts(policy.parts),
        can_adopt=services.can_adopt(access) and not policy.is_adopted,
        current=services.adopted_policy(access),
    )
    return render(request, "secaction/policy_detail.html", context)


@require_POST
@company_view(need="member")  # advisers get 404: the company declares, not its adviser
def policy_adopt(request, access, policy_id):
    if not services.can_adopt(access):
        raise PermissionDenied  # a viewer member
    policy = _policy_or_404(access, policy_id)
    services.adopt_policy(policy, access=access, user=request.user)
    messages.success(
        request, _("The basic policy was adopted. Make it known in the company and publish it, for example on your website.")
    )
    return redirect("secaction:policy_detail", access.company.pk, policy.pk)


@company_view()
def policy_compare(request, access, policy_id):
    """What changed from another version (?with=<id>, the previous version by default) to this one."""
    policy = _policy_or_404(access, policy_id)
    other_id = request.GET.get("with", "")
    if other_id.isascii() and other_id.isdigit() and len(other_id) <= 18:
        other = _policy_or_404(access, int(other_id))
    else:
        other = scoped(BasicPolicy.objects, access).filter(version__lt=policy.version).order_by("-version").first()
    versions = scoped(BasicPolicy.objects, access).exclude(pk=policy.pk).only("pk", "version").order_by("-version")
    context = _base_context(
        access, policy=policy, other=other, versions=versions, diff=services.compare(other, policy) if other else None
    )
    return render(request, "secaction/policy_compare.html", context)


@company_view()
def policy_pdf(request, access, policy_id):
    policy = _policy_or_404(access, policy_id)
    return pdf_response(documents.policy_pdf(policy), documents.policy_filename(policy, "pdf"))


@company_view()
def policy_docx(request, access, policy_id):
    policy = _policy_or_404(access, policy_id)
    return docx_response(build_docx(policy), documents.policy_filename(policy, "docx"))
