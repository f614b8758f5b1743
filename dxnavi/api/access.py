"""The API's bridge to ``orgs.scoping``: the web's one access rule, then the token's limit and scope.

``company_access(request, company_id, need)``:
1. ``scoping.resolve_access(user, company_id)`` — membership or an ACCEPTED support link (the web's rule);
2. the token's limit — a company limit allows that company only; an organization limit allows only the
   companies reached through that adviser organization's accepted link (the user's own companies are out);
3. ``need``: "view" or "edit" (an editor/owner, and a write-scope token: else 403 ``insufficient_scope``).
No access is a 404 problem, whether the company exists or not.

``@company_operation(need=…)`` wraps every API operation with ``{company_id}`` in its path: it passes
``access`` (a ``scoping.CompanyAccess``) instead of ``company_id`` and, for advisers, writes the audit row
after the operation answered, exactly as ``scoping.company_view`` does for the web (VIEW, EXPORT for a
download, CHANGE; DONE or REJECTED). ``@org_operation`` does the same for ``{org_id}`` (members only).
The isolation-matrix test checks that every such operation carries the mark.
"""

import inspect
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from ninja.responses import Status

from dxnavi.orgs import scoping
from dxnavi.orgs.models import AdviserMembership, AuditEvent

from .problems import Problem


MAX_ID = 10**18 - 1  # as the web's <id:…> converter: 1–18 digits, so a larger id is a 404, never a database error


def check_id(value) -> None:
    if not 0 < int(value) <= MAX_ID:
        raise Problem("not_found")


def _token(request):
    return request.auth.token


def _require_scope(request, need: str) -> None:
    if need in ("edit", "owner") and not _token(request).can_write:
        raise Problem("insufficient_scope")


def company_access(request, company_id, need: str = "view") -> scoping.CompanyAccess:
    check_id(company_id)
    token = _token(request)
    user = token.user
    if token.company_id is not None and str(token.company_id) != str(company_id):
        raise Problem("not_found")
    if token.organization_id is not None:
        # Only through the token's organization: an accepted link, the user a member of it.
        company = scoping.adviser_companies(user, organization=token.organization).filter(pk=company_id).first()
        role = AdviserMembership.objects.filter(organization_id=token.organization_id, user=user).values_list("role", flat=True).first()
        if company is None or role is None:
            raise Problem("not_found")
        access = scoping.CompanyAccess(company=company, via="adviser", role=role, organization=token.organization)
    else:
        access = scoping.resolve_access(user, company_id)
        if access is None:
            raise Problem("not_found")
    if need == "owner" and not access.is_owner:
        if access.is_adviser:
            raise Problem("not_found")
    _require_scope(request, need)
    if need == "edit" and not access.can_edit or need == "owner" and not access.is_owner:
        raise PermissionDenied
    return access


def _audit_action(request, result) -> tuple[str, str]:
    if request.method in ("GET", "HEAD"):
        download = isinstance(result, HttpResponse) and result.has_header("Content-Disposition")
        return (AuditEvent.Action.EXPORT if download else AuditEvent.Action.VIEW), AuditEvent.Outcome.DONE
    return AuditEvent.Action.CHANGE, AuditEvent.Outcome.DONE


def _failed_action(request) -> tuple[str, str]:
    if request.method in ("GET", "HEAD"):
        return AuditEvent.Action.VIEW, AuditEvent.Outcome.REJECTED
    return AuditEvent.Action.CHANGE, AuditEvent.Outcome.REJECTED


def _status_of(result) -> int:
    if isinstance(result, HttpResponse):
        return result.status_code
    if isinstance(result, Status):
        return result.status_code
    return 200


def _signature(func, first: str, annotation) -> inspect.Signature:
    """``func``'s signature with its ``access`` parameter replaced by the path parameter ``first``."""
    sig = inspect.signature(func, eval_str=True)
    params = list(sig.parameters.values())
    assert params[1].name == "access", f"{func.__name__}: the second parameter must be 'access'"
    new = [params[0], inspect.Parameter(first, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)] + params[2:]
    return sig.replace(parameters=new)


def company_operation(need: str = "view"):
    def decorator(func):
        @wraps(func)
        def wrapper(request, company_id: int, *args, **kwargs):
            try:
                access = company_access(request, company_id, need)
            except PermissionDenied:  # an id in range: company_access checked it first
                found = scoping.resolve_access(request.auth.token.user, company_id)
                if found is not None and found.is_adviser:
                    action, outcome = _failed_action(request)
                    scoping.audit(found, request.auth.token.user, action, request.get_full_path(), outcome=outcome)
                raise
            except Problem as problem:
                if problem.code == "insufficient_scope":
                    found = scoping.resolve_access(request.auth.token.user, company_id)
                    if found is not None and found.is_adviser:
                        action, outcome = _failed_action(request)
                        scoping.audit(found, request.auth.token.user, action, request.get_full_path(), outcome=outcome)
                raise
            request.company_access = access
            if not access.is_adviser:
                return func(request, access, *args, **kwargs)
            try:
                result = func(request, access, *args, **kwargs)
            except Exception:
                action, outcome = _failed_action(request)
                scoping.audit(access, request.auth.token.user, action, request.get_full_path(), outcome=outcome)
                raise
            action, outcome = _audit_action(request, result)
            if _status_of(result) >= 400:
                outcome = AuditEvent.Outcome.REJECTED
            scoping.audit(access, request.auth.token.user, action, request.get_full_path(), outcome=outcome)
            return result

        del wrapper.__wrapped__  # ninja reads the signature below, not the wrapped function's
        wrapper.__signature__ = _signature(func, "company_id", int)
        wrapper.api_company_scoped = need  # read by tests/api/test_api_isolation_matrix.py
        return wrapper

    return decorator


def org_access(request, org_id, need: str = "view") -> scoping.OrgAccess:
    """An adviser organization's resource: members only (404 for anyone else), within the token's limit."""
    check_id(org_id)
    token = _token(request)
    if token.company_id is not None:
        raise Problem("not_found")
    if token.organization_id is not None and str(token.organization_id) != str(org_id):
        raise Problem("not_found")
    try:
        access = scoping.get_org_access(request, org_id, need="view")
    except Http404:
        raise Problem("not_found") from None
    _require_scope(request, need)
    if (need == "edit" and not access.can_edit) or (need == "owner" and not access.is_owner):
        raise PermissionDenied
    return access


def org_operation(need: str = "view"):
    def decorator(func):
        @wraps(func)
        def wrapper(request, org_id: int, *args, **kwargs):
            return func(request, org_access(request, org_id, need), *args, **kwargs)

        del wrapper.__wrapped__
        wrapper.__signature__ = _signature(func, "org_id", int)
        wrapper.api_org_scoped = need
        return wrapper

    return decorator


def companies_for(request):
    """The companies the token may list: ``scoping.accessible_companies`` narrowed by the token's limit."""
    token = _token(request)
    if token.organization_id is not None:
        return scoping.adviser_companies(token.user, organization=token.organization)
    companies = scoping.accessible_companies(token.user)
    if token.company_id is not None:
        companies = companies.filter(pk=token.company_id)
    return companies
