"""The one place that decides who may see a company's data.

Every view and query on company data goes through this module:
- ``accessible_companies(user)`` for lists,
- ``company_view`` (decorator) / ``get_access`` for a single company,
- ``scoped(queryset, access)`` to filter any company-owned model.

A user sees a company when they are its member, or a member of an adviser organization
whose support link the company has ACCEPTED — unless the company is pending deletion
(``dxnavi.privacy``), which hides it from advisers at once. Anyone else gets 404 (not 403), so the
existence of a company is not revealed. Every adviser request is written to the audit log
after the view has answered, with its outcome (see ``_request_audit``).
"""

import datetime
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..prepared import PreparedQuery
from .models import AdviserMembership, AdviserOrganization, AuditEvent, Company, CompanyMembership, DataStamp, Role, SupportLink

_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


@dataclass(frozen=True)
class CompanyAccess:
    company: Company
    via: str  # "member" or "adviser"
    role: str
    organization: AdviserOrganization | None = None

    @property
    def is_adviser(self) -> bool:
        return self.via == "adviser"

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.OWNER, Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        # Only the company's own owners manage members, links and the profile's deletion.
        return self.via == "member" and self.role == Role.OWNER


def _linked_org_filter(user) -> Q:
    return Q(
        support_links__status=SupportLink.Status.ACCEPTED,
        support_links__organization__memberships__user=user,
        deletion_pending=False,
    )


def accessible_companies(user) -> QuerySet:
    """Companies the user may open, as members or through an accepted support link."""
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(Q(memberships__user=user) | _linked_org_filter(user)).distinct()


def member_companies(user) -> QuerySet:
    if not user.is_authenticated:
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user)


_SWITCHER_SQL: dict[tuple[str, int], str] = {}


def _switcher_sql(connection, limit: int) -> str:
    """The user's companies (id, name) by name, the first ``limit``, each row also saying whether the
    user belongs to an adviser organization. Plain SQL built once per vendor (ORM compilation cost more, #11);
    the same statement ``member_companies(user).order_by("name", "pk")`` makes, plus the EXISTS column."""
    sql = _SWITCHER_SQL.get((connection.vendor, limit))
    if sql is None:
        q = connection.ops.quote_name
        sql = _SWITCHER_SQL[connection.vendor, limit] = (
            f"SELECT c.{q('id')}, c.{q('name')},"
            f" EXISTS(SELECT 1 FROM {q(AdviserMembership._meta.db_table)} am WHERE am.{q('user_id')} = %s)"
            f" FROM {q(Company._meta.db_table)} c JOIN {q(CompanyMembership._meta.db_table)} m"
            f" ON m.{q('company_id')} = c.{q('id')} WHERE m.{q('user_id')} = %s"
            f" ORDER BY c.{q('name')} ASC, c.{q('id')} ASC LIMIT {int(limit)}"
        )
    return sql


def switcher_companies(user, limit: int) -> tuple[list, bool | None]:
    """The header's company switcher: the user's first ``limit`` companies by name (only pk and name loaded)
    and whether the user belongs to an adviser organization, in one query (None when the user has no company
    to carry the answer)."""
    db = router.db_for_read(Company)
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(_switcher_sql(connection, limit), [user.pk, user.pk])
        rows = cursor.fetchall()
    companies = [Company.from_db(db, ["id", "name"], (pk, name)) for pk, name, _ in rows]
    return companies, (bool(rows[0][2]) if rows else None)


def adviser_companies(user, organization=None) -> QuerySet:
    """Companies reachable through accepted links of the user's adviser organizations."""
    if not user.is_authenticated:
        return Company.objects.none()
    if organization is None:
        links = SupportLink.objects.filter(status=SupportLink.Status.ACCEPTED, organization__memberships__user=user)
    else:
        # One organization: its accepted links, if the user is its member. The membership is an
        # uncorrelated EXISTS, which the database checks once (not once per client, as the join did).
        organization_id = getattr(organization, "pk", organization)
        member = AdviserMembership.objects.filter(organization_id=organization_id, user=user)
        links = SupportLink.objects.filter(Exists(member), status=SupportLink.Status.ACCEPTED, organization_id=organization_id)
    return Company.objects.filter(pk__in=links.values("company_id")).filter(deletion_pending=False)


def adviser_client_stamps(user, organization) -> str:
    """What an organization's client list counts depend on, as one text: each client of
    ``adviser_companies(user, organization)`` (accepted link, the user a member, not pending deletion)
    with its link id, 担当者 and data stamp (``orgs.DataStamp``: bumped by every write to the company's
    data), in link order. Another client, a link ended, a 担当者 or any write to a client's data gives
    another text. One statement over the organization's links (a hash join with the stamps, not a
    probe per client), aggregated in the database."""
    if not user.is_authenticated:
        return ""
    connection = connections[router.db_for_read(SupportLink)]
    q = connection.ops.quote_name
    item = (
        f"CAST(l.{q('id')} AS TEXT) || ':' || CAST(l.{q('company_id')} AS TEXT) || ':'"
        f" || COALESCE(CAST(l.{q('assignee_id')} AS TEXT), '-') || ':' || COALESCE(CAST(s.{q('value')} AS TEXT), '0')"
    )
    rows = (
        f"FROM {q(SupportLink._meta.db_table)} l JOIN {q(Company._meta.db_table)} c ON c.{q('id')} = l.{q('company_id')}"
        f" LEFT JOIN {q(DataStamp._meta.db_table)} s ON s.{q('company_id')} = l.{q('company_id')}"
        f" WHERE l.{q('organization_id')} = %s AND l.{q('status')} = %s AND NOT c.{q('deletion_pending')}"
        f" AND EXISTS (SELECT 1 FROM {q(AdviserMembership._meta.db_table)} m"
        f" WHERE m.{q('organization_id')} = %s AND m.{q('user_id')} = %s)"
    )
    if connection.vendor == "postgresql":
        sql = f"SELECT string_agg({item}, ',' ORDER BY l.{q('id')}) {rows}"
    else:  # SQLite: group_concat keeps the subquery's order (another order would only miss the cache)
        sql = f"SELECT group_concat(k, ',') FROM (SELECT {item} AS k {rows} ORDER BY l.{q('id')}) t"
    organization_id = getattr(organization, "pk", organization)
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization_id, SupportLink.Status.ACCEPTED.value, organization_id, user.pk])
        row = cursor.fetchone()
    return row[0] or ""


_ACCESS_SQL: dict[str, tuple[str, list[str]]] = {}


def _access_sql(connection) -> tuple[str, list[str]]:
    """One statement: the company's columns, the user's own role in it, and the highest role (and its
    organization; the first link among equal roles) the user has through an ACCEPTED support link.

    Plain SQL built once per database vendor: compiling the same query through the ORM's subquery
    expressions cost more CPU than the queries it saved (#11).
    """
    cached = _ACCESS_SQL.get(connection.vendor)
    if cached is None:
        q = connection.ops.quote_name
        fields = Company._meta.concrete_fields
        columns = ", ".join(f"c.{q(f.column)}" for f in fields)
        rank = "CASE am.{role} {whens} ELSE 0 END".format(
            role=q("role"), whens=" ".join(f"WHEN '{role.value}' THEN {n}" for role, n in _RANK.items())
        )
        best = (
            f"FROM {q(SupportLink._meta.db_table)} l JOIN {q(AdviserMembership._meta.db_table)} am"
            f" ON am.{q('organization_id')} = l.{q('organization_id')}"
            f" WHERE l.{q('company_id')} = c.{q('id')} AND l.{q('status')} = %s AND am.{q('user_id')} = %s"
            f" ORDER BY {rank} DESC, l.{q('id')} LIMIT 1"
        )
        sql = (
            f"SELECT {columns},"
            f" (SELECT m.{q('role')} FROM {q(CompanyMembership._meta.db_table)} m"
            f" WHERE m.{q('company_id')} = c.{q('id')} AND m.{q('user_id')} = %s),"
            f" (SELECT am.{q('role')} {best}),"
            f" (SELECT am.{q('organization_id')} {best})"
            f" FROM {q(Company._meta.db_table)} c WHERE c.{q('id')} = %s"
        )
        cached = _ACCESS_SQL[connection.vendor] = (sql, [f.attname for f in fields])
    return cached


def resolve_access(user, company_id) -> CompanyAccess | None:
    """The user's access to one company in one query (company, own membership, best accepted adviser link);
    an adviser's organization costs one more."""
    if not user.is_authenticated:
        return None
    try:
        company_id = int(company_id)
    except (ValueError, TypeError):
        return None
    db = router.db_for_read(Company)
    connection = connections[db]
    sql, attnames = _access_sql(connection)
    accepted = SupportLink.Status.ACCEPTED.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, accepted, user.pk, accepted, user.pk, company_id])
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(attnames)
    values = list(row[:n])
    for i, field in enumerate(Company._meta.concrete_fields):  # as the ORM converts a row (SQLite: dates, booleans)
        col = field.cached_col
        for converter in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            values[i] = converter(values[i], col, connection)
    company = Company.from_db(db, attnames, values)
    member_role, adviser_role, org_id = row[n:]
    if member_role:
        return CompanyAccess(company=company, via="member", role=member_role)
    if company.deletion_pending:
        return None  # the owner asked for deletion: advisers lose access at once
    if adviser_role in _RANK and org_id is not None:
        organization = AdviserOrganization.objects.get(pk=org_id)
        return CompanyAccess(company=company, via="adviser", role=adviser_role, organization=organization)
    return None


def audit(
    access: CompanyAccess, user, action: str, path: str = "", detail: str = "", outcome: str = AuditEvent.Outcome.DONE
) -> None:
    """Record an adviser's read or change. Members acting on their own company are not logged."""
    if access.is_adviser:
        AuditEvent.objects.create(
            company=access.company, user=user, organization=access.organization, action=action, path=path[:500],
            detail=detail[:500], outcome=outcome,
        )


def audit_many(companies, user, organization, action: str, path: str = "") -> None:
    """One audit row per company an adviser downloaded in an export (a single INSERT); companies or their ids."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            company_id=getattr(company, "pk", company), user=user, organization=organization, action=action, path=path[:500]
        )
        for company in companies
    )


# A company shown again in the same list within this time of its last counted showing is not counted again.
LIST_RECOUNT_AFTER = datetime.timedelta(minutes=5)

_LIST_COLUMNS = [
    "company_id", "user_id", "organization_id", "by_operator", "action", "outcome", "path", "detail", "day", "count", "list_key",
    "created",
]


def _id_rows(connection) -> str:
    """A FROM clause giving one row ``c`` per id of the single array parameter (see ``audit_listed``)."""
    if connection.vendor == "postgresql":
        return "unnest(%s::bigint[]) AS ids(c)"
    return "(SELECT CAST(value AS INTEGER) AS c FROM json_each(%s))"  # SQLite's JSON1 (built in)


# (database alias, list_key) -> when this process last counted that row (its ``created``), newest last.
_COUNTED: "OrderedDict[tuple[str, str], datetime.datetime]" = OrderedDict()
_COUNTED_SIZE = 50_000
_counted_lock = threading.Lock()


def audit_listed(company_ids, user, organization=None, *, path: str = "", by_operator: bool = False) -> None:
    """Count that each company was shown in a list, without a row per page view.

    One LIST row per (company, organization — or the operators —, user, local day), upserted in one
    INSERT … SELECT … ON CONFLICT statement (SQLite and PostgreSQL): ``count`` goes up by one and
    ``created`` becomes the last time the company was listed. The ids travel as one array parameter
    (the other values are the same for every row), so a page of 50 costs what a page of 5 does.

    Showing the same company again within ``LIST_RECOUNT_AFTER`` of the last counted time is not
    counted again: paging back, sorting or filtering a list writes nothing for the companies it has
    just shown (the row update, whose ``created`` is in two indexes, was most of the list page's
    database work). The company's log says so next to the count. The statement leaves those companies
    out before its upsert, and the process remembers the rows it wrote (``RETURNING``, committed:
    outside a transaction): a row it counted within ``LIST_RECOUNT_AFTER`` has a ``created`` at least
    that recent, so the statement would write nothing for it and is not sent (a list shown again by the
    same process sends none).
    """
    ids = sorted({getattr(c, "pk", c) for c in company_ids})
    if not ids:
        return
    connection = connections[router.db_for_write(AuditEvent)]
    ops, q = connection.ops, connection.ops.quote_name
    now = timezone.now()
    day = timezone.localdate(now)
    who = f"o{organization.pk}" if organization is not None else "operator"
    prefix = f"{day:%Y%m%d}:{who}:{user.pk}:"
    autocommit = not connection.in_atomic_block
    if autocommit:
        since = now - LIST_RECOUNT_AFTER
        ids = [c for c in ids if _COUNTED.get((connection.alias, f"{prefix}{c}"), since) <= since]
        if not ids:
            return
    table = q(AuditEvent._meta.db_table)
    columns = ", ".join(q(c) for c in _LIST_COLUMNS)
    # company_id, list_key from the id; the rest are constants (in _LIST_COLUMNS order).
    select = "c, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s || CAST(c AS TEXT), %s"
    params = [
        user.pk, getattr(organization, "pk", None), by_operator, AuditEvent.Action.LIST.value, AuditEvent.Outcome.DONE.value,
        path[:500], "", ops.adapt_datefield_value(day), 1, prefix, ops.adapt_datetimefield_value(now),
        ids if connection.vendor == "postgresql" else json.dumps(ids),
    ]
    update = (
        f"{q('count')} = {table}.{q('count')} + 1, {q('created')} = excluded.{q('created')}, {q('path')} = excluded.{q('path')}"
        f" WHERE {table}.{q('created')} <= %s"
    )
    cutoff = ops.adapt_datetimefield_value(now - LIST_RECOUNT_AFTER)
    # Companies counted within LIST_RECOUNT_AFTER are left out before the upsert (an index probe each),
    # so a list shown again writes nothing: without it, ON CONFLICT locks every existing row even when
    # its WHERE refuses the update, and the statement becomes a write (half of its CPU). The WHERE of
    # the update stays for a row counted concurrently in between. (A WHERE is also what SQLite needs to
    # parse ON CONFLICT after INSERT … SELECT.)
    recent = f"SELECT 1 FROM {table} e WHERE e.{q('list_key')} = %s || CAST(c AS TEXT) AND e.{q('created')} > %s"
    params += [prefix, cutoff, cutoff]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {select} FROM {_id_rows(connection)} WHERE NOT EXISTS ({recent}) "
            f"ON CONFLICT ({q('list_key')}) DO UPDATE SET {update} RETURNING {q('list_key')}",
            params,
        )
        written = [row[0] for row in cursor.fetchall()]
    if autocommit and written:
        with _counted_lock:
            for key in written:
                _COUNTED[(connection.alias, key)] = now
                _COUNTED.move_to_end((connection.alias, key))
            while len(_COUNTED) > _COUNTED_SIZE:
                _COUNTED.popitem(last=False)


def forget_counted() -> None:
    """Forget the rows this process counted (tests: a flushed database re-uses ids)."""
    with _counted_lock:
        _COUNTED.clear()


def mark_changed(request) -> None:
    """A view that answers a successful POST with 200 (an htmx fragment) says so for the audit log."""
    request.dxnavi_audit_outcome = AuditEvent.Outcome.DONE


def _request_audit(request, response) -> tuple[str, str]:
    """(action, outcome) of an adviser's request, from what the view answered.

    A read is a download (EXPORT) when the answer is an attachment. A POST counts as a change
    only when it redirected (3xx) or the view called ``mark_changed``: a form shown again with
    errors (200) or a refusal (4xx) is REJECTED. ``response`` is None when the view raised 404/403.
    """
    status = response.status_code if response is not None else 404
    if request.method in ("GET", "HEAD"):
        download = response is not None and response.has_header("Content-Disposition")
        action = AuditEvent.Action.EXPORT if download else AuditEvent.Action.VIEW
        return action, AuditEvent.Outcome.DONE if status < 400 else AuditEvent.Outcome.REJECTED
    if status < 400 and (300 <= status < 400 or getattr(request, "dxnavi_audit_outcome", None) == AuditEvent.Outcome.DONE):
        return AuditEvent.Action.CHANGE, AuditEvent.Outcome.DONE
    return AuditEvent.Action.CHANGE, AuditEvent.Outcome.REJECTED


def get_access(request, company_id, need: str = "view") -> CompanyAccess:
    """Access for the current request, or Http404. ``need`` is "view", "edit", "member", "owner",
    "adviser" (a linked adviser organization's pages: the company's own members get 404) or
    "adviser_edit" (the same, and an editor or owner of that organization)."""
    access = resolve_access(request.user, company_id)
    if access is None:
        raise Http404
    if need in ("adviser", "adviser_edit") and not access.is_adviser:
        raise Http404  # what only the adviser organization writes (support records): the company reads it elsewhere
    if need == "adviser_edit" and not access.can_edit:
        raise PermissionDenied
    if need == "edit" and not access.can_edit:
        raise PermissionDenied
    if need == "member" and access.via != "member":
        raise Http404  # company-internal pages (members, audit log) are invisible to advisers
    if need == "owner" and not access.is_owner:
        # Advisers never manage a company's members or links: hide the page entirely.
        if access.is_adviser:
            raise Http404
        raise PermissionDenied
    return access


def company_view(need: str = "view"):
    """Decorator: resolve ``company_id`` from the URL into ``access`` (404 for anyone without access).

    An adviser's request is written to the audit log after the view answered, with its outcome.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, company_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                access = get_access(request, company_id, need=need)
            except PermissionDenied:
                # An adviser without the role for this page (a viewer posting a change): log the attempt.
                access = resolve_access(request.user, company_id)
                if access is not None and access.is_adviser:
                    action, outcome = _request_audit(request, None)
                    audit(access, request.user, action, request.get_full_path(), outcome=outcome)
                raise
            request.company_access = access  # the header's company switcher shows the current company
            if not access.is_adviser:
                return view(request, access, *args, **kwargs)
            try:
                response = view(request, access, *args, **kwargs)
            except (Http404, PermissionDenied):
                action, outcome = _request_audit(request, None)
                audit(access, request.user, action, request.get_full_path(), outcome=outcome)
                raise
            action, outcome = _request_audit(request, response)
            audit(access, request.user, action, request.get_full_path(), outcome=outcome)
            return response

        wrapper.company_scoped = True  # read by the isolation-matrix test
        return wrapper

    return decorator


def scoped(queryset: QuerySet, access: CompanyAccess, field: str = "company") -> QuerySet:
    """Filter any company-owned queryset down to the company in ``access``."""
    return queryset.filter(**{field: access.company})


@dataclass(frozen=True)
class OrgAccess:
    organization: AdviserOrganization
    role: str
    # With ``org_view(members=True)``: every member as (user id, display name, role), by joining date.
    members: tuple | None = field(default=None, compare=False)

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.OWNER, Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


_ORG_FIELDS = [f.attname for f in AdviserOrganization._meta.concrete_fields]
# The organization and all its members, only when the user is one of them (one query for the check and the list).
_ORG_MEMBERS = PreparedQuery(
    lambda org, user: AdviserMembership.objects.filter(organization_id=org, organization__memberships__user_id=user)
    .order_by("created", "pk")
    .values_list("user_id", "role", "user__name", "user__email", *(f"organization__{name}" for name in _ORG_FIELDS)),
    model=AdviserMembership,
)


def _org_access_with_members(user, org_id) -> OrgAccess | None:
    rows = _ORG_MEMBERS.rows(org=int(org_id), user=user.pk)
    own = next((row for row in rows if row[0] == user.pk), None)
    if own is None:
        return None
    organization = AdviserOrganization.from_db(router.db_for_read(AdviserOrganization), _ORG_FIELDS, own[4:])
    members = tuple((row[0], row[2] or row[3], row[1]) for row in rows)
    return OrgAccess(organization=organization, role=own[1], members=members)


def get_org_access(request, org_id, need: str = "view", members: bool = False) -> OrgAccess:
    """An adviser organization is visible to its members only (404 for anyone else).

    ``members``: also read the organization's members (``OrgAccess.members``) in the same query.
    """
    if not request.user.is_authenticated:
        raise Http404
    if members:
        access = _org_access_with_members(request.user, org_id)
        if access is None:
            raise Http404
    else:
        membership = (
            AdviserMembership.objects.select_related("organization").filter(organization_id=org_id, user=request.user).first()
        )
        if membership is None:
            raise Http404
        access = OrgAccess(organization=membership.organization, role=membership.role)
    if (need == "edit" and not access.can_edit) or (need == "owner" and not access.is_owner):
        raise PermissionDenied
    return access


def org_view(need: str = "view", members: bool = False):
    def decorator(view):
        @wraps(view)
        def wrapper(request, org_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = get_org_access(request, org_id, need=need, members=members)
            request.org_access = access  # the header knows the user advises without another query
            return view(request, access, *args, **kwargs)

        wrapper.org_scoped = True
        return wrapper

    return decorator
