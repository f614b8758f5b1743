from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxnavi.accounts.decorators import verified_email_required
from dxnavi.ratelimit import mail_rate_limited

from . import services
from .forms import AdviserOrganizationForm, ClientRegistrationForm, CompanyForm, ConnectCodeForm, InviteForm
from .models import AdviserMembership, AuditEvent, Company, CompanyMembership, Invitation, OrganizationEvent, Role, SupportLink
from .scoping import company_view, org_view, scoped


def _errors_to_messages(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


# --- Company side ------------------------------------------------------------------------


def _duplicate_number(request, form, company=None):
    """Whether the submitted 法人番号 already belongs to another company on this instance.

    Allowed after an explicit confirmation, never silent (whoever registered the number first might
    not be the company); the warning names no company. Shown even when other fields have errors.
    Re-saving a profile whose number did not change asks nothing again."""
    if request.method != "POST":
        return False
    saved = company.corporate_number if company is not None else ""  # before is_valid() copies the input onto it
    form.is_valid()
    number = form.cleaned_data.get("corporate_number", "")
    return number != saved and services.corporate_number_in_use(number, exclude=company)


@login_required
def company_create(request):
    form = CompanyForm(request.POST or None)
    duplicate = _duplicate_number(request, form)
    if request.method == "POST" and form.is_valid():
        if not duplicate or request.POST.get("confirm_duplicate") == "1":
            company = services.save_company(form.save(commit=False), user=request.user)
            messages.success(request, _("Company registered. Start with the security self-check below."))
            return redirect("web:company_dashboard", company.pk)
    return render(request, "orgs/company_form.html", {"form": form, "creating": True, "duplicate": duplicate})


@company_view(need="edit")
def company_edit(request, access):
    form = CompanyForm(request.POST or None, instance=access.company)
    duplicate = _duplicate_number(request, form, company=access.company)
    if request.method == "POST" and form.is_valid() and (not duplicate or request.POST.get("confirm_duplicate") == "1"):
        services.save_company(form.save(commit=False))
        messages.success(request, _("Company profile saved."))
        return redirect("web:company_dashboard", access.company.pk)
    context = {"form": form, "access": access, "company": access.company, "duplicate": duplicate}
    return render(request, "orgs/company_form.html", context)


@company_view(need="owner")
def company_advisers(request, access):
    company = access.company
    form = ConnectCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.connect_with_code(company, form.cleaned_data["code"], user=request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("%(org)s can now see and help with your company's data.") % {"org": link.organization.name})
            return redirect("orgs:company_advisers", company.pk)
    links = scoped(SupportLink.objects.select_related("organization"), access).order_by("status", "-created")
    return render(request, "orgs/company_advisers.html", {"company": company, "access": access, "links": links, "form": form})


@require_POST
@company_view(need="owner")
def company_link_decide(request, access, link_id, decision):
    link = get_object_or_404(scoped(SupportLink.objects.select_related("organization"), access), pk=link_id)
    if decision not in ("accept", "decline", "revoke"):
        raise Http404
    try:
        services.decide_link(link, accept=decision == "accept", user=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        texts = {
            "accept": _("You accepted support from %(org)s."),
            "decline": _("You declined the request from %(org)s."),
            "revoke": _("%(org)s can no longer see your company's data."),
        }
        messages.success(request, texts[decision] % {"org": link.organization.name})
    return redirect("orgs:company_advisers", access.company.pk)


@company_view(need="member")
def company_audit(request, access):
    events = scoped(AuditEvent.objects.select_related("user", "organization"), access)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"company": access.company, "access": access, "page": page, "today": timezone.localdate()}
    return render(request, "orgs/company_audit.html", context)


@company_view(need="owner")
@verified_email_required(only_post=True)
@mail_rate_limited
def company_members(request, access):
    company = access.company
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invite(
            email=form.cleaned_data["email"], role=form.cleaned_data["role"], user=request.user, request=request, company=company
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("orgs:company_members", company.pk)
    members = scoped(CompanyMembership.objects.select_related("user"), access).order_by("created")
    invitations = scoped(Invitation.objects.filter(accepted__isnull=True), access).order_by("-created")
    context = {"company": company, "access": access, "members": members, "invitations": invitations, "form": form}
    return render(request, "orgs/company_members.html", context)


@require_POST
@company_view(need="owner")
def company_member_remove(request, access, membership_id):
    membership = get_object_or_404(scoped(CompanyMembership.objects, access), pk=membership_id)
    try:
        services.remove_company_member(access.company, membership)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Member removed."))
    return redirect("orgs:company_members", access.company.pk)


# --- Invitations -----------------------------------------------------------------------------


def invitation(request, token):
    invitation = Invitation.objects.select_related("company", "organization").filter(token=token).first()
    if invitation is None:
        raise Http404
    if not invitation.is_usable:
        return render(request, "orgs/invitation.html", {"invitation": invitation, "unusable": True}, status=410)
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path(), "email": invitation.email})
        return render(
            request,
            "orgs/invitation.html",
            {"invitation": invitation, "signup_url": f"{reverse('accounts:signup')}?{query}", "login_url": f"{reverse('accounts:login')}?{query}"},
        )
    if request.method == "POST":
        try:
            target = services.accept_invitation(invitation, request.user, consent=request.POST.get("consent") == "1")
        except ValidationError as error:
            _errors_to_messages(request, error)
            return redirect("orgs:invitation", token)
        messages.success(request, _("Invitation accepted."))
        if target == "company":
            return redirect("web:company_dashboard", invitation.company_id)
        return redirect("orgs:adviser_org", invitation.organization_id)
    return render(request, "orgs/invitation.html", {"invitation": invitation})


# --- Adviser side ----------------------------------------------------------------------------


@login_required
@verified_email_required
@mail_rate_limited
def adviser_org_create(request):
    form = AdviserOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.create_adviser_organization(user=request.user, **form.cleaned_data)
        messages.success(request, _("Adviser organization created. Give your connection code to client companies."))
        return redirect("orgs:adviser_org", org.pk)
    return render(request, "orgs/adviser_org_form.html", {"form": form})


@org_view(need="owner")
@verified_email_required
@mail_rate_limited
def adviser_org_members(request, org):
    organization = org.organization
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invite(
            email=form.cleaned_data["email"], role=form.cleaned_data["role"], user=request.user, request=request,
            organization=organization,
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("orgs:adviser_org", organization.pk)
    context = {
        "org": org, "organization": organization, "form": form, "roles": Role.choices,
        "members": organization.memberships.select_related("user").order_by("created"),
        "events": OrganizationEvent.objects.filter(organization=organization).select_related("actor")[:30],
    }
    return render(request, "orgs/adviser_org_members.html", context)


def _org_membership(org, membership_id):
    return get_object_or_404(AdviserMembership.objects.select_related("user"), organization=org.organization, pk=membership_id)


@require_POST
@org_view(need="owner")
def adviser_org_member_role(request, org, membership_id):
    membership = _org_membership(org, membership_id)
    try:
        services.change_adviser_role(org.organization, membership, request.POST.get("role", ""), user=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Role of %(name)s changed.") % {"name": membership.user.display_name})
        if membership.user_id == request.user.pk:
            return redirect("orgs:adviser_org", org.organization.pk)  # an owner who stepped down
    return redirect("orgs:adviser_org_members", org.organization.pk)


@require_POST
@org_view(need="owner")
def adviser_org_member_remove(request, org, membership_id):
    membership = _org_membership(org, membership_id)
    try:
        services.remove_adviser_member(org.organization, membership, user=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        name = membership.user.display_name
        messages.success(request, _("%(name)s was removed and can no longer see any client's data.") % {"name": name})
        if membership.user_id == request.user.pk:
            return redirect("web:home")
    return redirect("orgs:adviser_org_members", org.organization.pk)


@require_POST
@org_view()
def adviser_org_leave(request, org):
    membership = get_object_or_404(AdviserMembership.objects.select_related("user"), organization=org.organization, user=request.user)
    try:
        services.remove_adviser_member(org.organization, membership, user=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
        return redirect("orgs:adviser_org", org.organization.pk)
    messages.success(request, _("You left %(org)s.") % {"org": org.organization.name})
    return redirect("web:home")


_REGISTRATION_MESSAGES = {
    "requested": (
        messages.SUCCESS,
        gettext_lazy(
            "This corporate number is already registered on dxnavi, so no second company was created. A request for access "
            "was sent to that company instead; it appears in your client list once its owner accepts."
        ),
    ),
    "pending": (
        messages.INFO,
        gettext_lazy(
            "A request for access to the company with this corporate number is already waiting for its answer. "
            "Nothing new was sent."
        ),
    ),
    "linked": (
        messages.INFO,
        gettext_lazy(
            "The company with this corporate number already gave your organization access. Look for it in your client list."
        ),
    ),
    "declined": (
        messages.WARNING,
        gettext_lazy(
            "The company with this corporate number has not given your organization access, so no request was sent. "
            "If the company wants your support, it can enter your connection code."
        ),
    ),
}


@org_view(need="edit")
@verified_email_required
@mail_rate_limited
def adviser_register_client(request, org):
    form = ClientRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = form.save(commit=False)
        try:
            result = services.register_company_for_client(
                organization=org.organization, company=company, owner_email=form.cleaned_data["owner_email"], user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.outcome == "invited":
                messages.success(
                    request,
                    _("%(name)s registered. It appears in your client list once the owner accepts the invitation.")
                    % {"name": company.name},
                )
            else:
                level, text = _REGISTRATION_MESSAGES[result.outcome]
                messages.add_message(request, level, text)
            return redirect("orgs:adviser_org", org.organization.pk)
    return render(request, "orgs/company_form.html", {"form": form, "org": org, "creating": True, "for_client": True})
