"""The adviser's client list: which clients (search), in which order, and a page's rows as HTML.

The page shows 50 clients with a cell per instrument; rendering that with template tags costs a
``{% url %}``, a ``|date`` and a few ``{% translate %}`` per cell, which made the page the most
expensive of the product. So the rows are built here with plain string formatting: the URLs come
from one ``reverse()`` per request (``client_columns.UrlPattern``), the translations are looked up
once, and every text is escaped with ``html.escape`` (what Django's autoescape does). The markup is
exactly what ``orgs/adviser_org.html`` rendered with tags before.

Filters and sorting of the list (issue #12) belong in :func:`clients`.
"""

import hashlib
import threading
from collections import OrderedDict, namedtuple
from html import escape

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connections, router, transaction
from django.db.models import Count, OuterRef, Subquery, Window
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..prepared import PreparedQuery
from .client_columns import UrlPattern
from .client_filters import PENDING, ClientQuery, counts_keys, counts_queryset, filtered, ordered
from .domain import invitations as invitation_rules
from .models import AdviserOrganization, Company, Invitation, Role, SavedClientFilter, SupportLink
from .scoping import adviser_client_stamps, adviser_companies

PAGE_SIZE = 50
_PAGE_LIMIT = 10**9  # a page number beyond this is handled by Paginator (no OFFSET past a BIGINT)
# What the page and the export read of each company (nothing else is fetched): rows are named tuples
# (``company.pk``, ``company.name``, …), cheaper than model instances when thousands are exported.
# ``link_id`` and ``assignee_id`` are the organization's support link to the company and its 担当者.
LIST_FIELDS = ("pk", "name", "employees", "is_sme", "is_small", "link_id", "assignee_id")
EXPORT_FIELDS = (
    "pk", "name", "corporate_number", "industry_major", "prefecture", "employees", "is_sme", "is_small", "assignee_id",
)  # fmt: skip


def clients(user, organization, query: "str | ClientQuery" = ""):
    """The organization's clients the user may see, filtered and sorted as ``query`` asks (default: all, by
    name); a plain string is a search by name or 法人番号."""
    if not isinstance(query, ClientQuery):
        query = ClientQuery(search=query.strip())
    companies = filtered(adviser_companies(user, organization), organization, query)
    return ordered(companies, query)


_COUNTS = PreparedQuery(
    lambda user, organization: counts_queryset(
        adviser_companies(get_user_model()(pk=user), AdviserOrganization(pk=organization)), AdviserOrganization(pk=organization)
    ),
    model=Company,
)


_COUNTS_CACHE: "OrderedDict[tuple, tuple]" = OrderedDict()  # per process, newest last
_COUNTS_CACHE_SIZE = 256
_counts_lock = threading.Lock()


def _counts_key(user, organization, day) -> tuple:
    stamps = adviser_client_stamps(user, organization)
    digest = hashlib.blake2b(stamps.encode(), digest_size=32).digest()
    return (organization.pk, day, timezone.get_current_timezone_name(), tuple(counts_keys()), digest)


def _counts_and_key(user, organization, day) -> tuple[tuple, tuple]:
    """The counts and their key read in one snapshot of the database (a transaction that sees one state:
    REPEATABLE READ on PostgreSQL; SQLite's transactions always do), so the counts stored under a key are
    those of exactly that state."""
    connection = connections[router.db_for_read(Company)]
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        key = _counts_key(user, organization, day)
        rows = _COUNTS.rows(shape=(day,), user=user.pk, organization=organization.pk)
    return tuple(rows[0]), key


def status_counts(user, organization, pending: int) -> dict:
    """{status: count} for the tabs above the list; equal to ``client_filters.counts``.

    The counts over every client are kept per process under a key read in one light query
    (``scoping.adviser_client_stamps``: each client's link id, 担当者 and data stamp — ``orgs.DataStamp``,
    bumped in the transaction of every write to the company's data) with today's date (the "no
    self-check in 12 months" condition counts whole days). Any change the counts could show — a result,
    a draft, a deletion request, a link accepted or ended, a 担当者 — changes the key, so a stored count
    is never stale. On a miss the counts statement (compiled once a day per process) and the key are read
    again in one snapshot of the database, and the counts are stored under that key.
    The caller has checked that the user is a member of the organization (``org_view``).
    """
    day = timezone.localdate()
    connection = connections[router.db_for_read(Company)]
    if connection.in_atomic_block and connection.vendor != "sqlite":
        # Inside the caller's transaction, whose statements may each see another state: counted, not kept.
        row = _COUNTS.rows(shape=(day,), user=user.pk, organization=organization.pk)[0]
        return {**dict(zip(counts_keys(), row)), PENDING: pending}
    key = _counts_key(user, organization, day)
    row = _COUNTS_CACHE.get(key)
    if row is None:
        if connection.in_atomic_block:  # SQLite: the caller's transaction is one snapshot already
            row = tuple(_COUNTS.rows(shape=(day,), user=user.pk, organization=organization.pk)[0])
        else:
            row, key = _counts_and_key(user, organization, day)
        with _counts_lock:
            _COUNTS_CACHE[key] = row
            while len(_COUNTS_CACHE) > _COUNTS_CACHE_SIZE:
                _COUNTS_CACHE.popitem(last=False)
    return {**dict(zip(counts_keys(), row)), PENDING: pending}


def forget_counts() -> None:
    """Empty this process's stored counts (tests: a flushed database re-uses ids and stamps)."""
    with _counts_lock:
        _COUNTS_CACHE.clear()


def page(companies, number, fields=LIST_FIELDS) -> Page:
    """The page ``number`` of ``companies``, as named tuples of ``fields``.

    The number is read as ``Paginator.get_page`` does: not a number = 1, past the end = the last page.

    The page's rows carry the total (``COUNT(*) OVER ()``), so a page is one query, not a COUNT and a
    SELECT; the COUNT runs only for a page past the end, and a list with no client.
    """
    paginator = Paginator(companies.values_list(*fields, named=True), PAGE_SIZE)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    if not 1 <= wanted <= _PAGE_LIMIT:  # Paginator's answer (the last page) for a number it rejects
        return paginator.get_page(number)
    start = (wanted - 1) * PAGE_SIZE
    counted = companies.annotate(listed_total=Window(Count("pk"))).values_list(*fields, "listed_total", named=True)
    rows = list(counted[start : start + PAGE_SIZE])
    if rows:
        paginator.count = rows[0].listed_total  # a cached_property: no COUNT query
        return Page(rows, wanted, paginator)
    return paginator.get_page(number)  # empty list, or past the last page


_ListRow = namedtuple("Row", LIST_FIELDS)
_PAGE = PreparedQuery(
    lambda user, organization: clients(get_user_model()(pk=user), AdviserOrganization(pk=organization))
    .annotate(listed_total=Window(Count("pk")))
    .values_list(*LIST_FIELDS, "listed_total"),
    model=Company,
)


def client_page(user, organization, query: "str | ClientQuery", number) -> Page:
    """The page ``number`` of :func:`clients` as :func:`page` gives it; the default list (no filter, by
    name) is compiled once per process (``PreparedQuery``: the same SQL, only the ids and the offset change)."""
    if not isinstance(query, ClientQuery):
        query = ClientQuery(search=query.strip())
    if not query.is_default:
        return page(clients(user, organization, query), number)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    if 1 <= wanted <= _PAGE_LIMIT:
        found = _PAGE.rows(user=user.pk, organization=organization.pk, limit=PAGE_SIZE, offset=(wanted - 1) * PAGE_SIZE)
        if found:
            paginator = Paginator((), PAGE_SIZE)
            paginator.count = found[0][-1]
            return Page([_ListRow(*row[:-1]) for row in found], wanted, paginator)
    return page(clients(user, organization, query), number)


def _owner_invitation(field):
    """A column of the newest owner's invitation (``claims_company``) the organization sent for the company."""
    invitations = Invitation.objects.filter(
        company_id=OuterRef("company_id"), organization_id=OuterRef("organization_id"), claims_company=True
    ).order_by("-created", "-pk")
    return Subquery(invitations.values(field)[:1])


class Pending(
    namedtuple(
        "Pending",
        "requested_by_id created company_name corporate_number company_created_by_id pk assignee_id invitation_id "
        "invitation_expires invitation_cancelled invitation_state",
    )
):
    """A PENDING support link. ``invitation_state``: None for a request to an existing company (no invitation),
    else the state of the owner's invitation for the client the organization registered
    (``domain.invitations``): only "pending" still waits for consent; "expired" and "cancelled" wait for a resend."""

    __slots__ = ()

    @property
    def waiting(self) -> bool:
        return self.invitation_state in (None, invitation_rules.PENDING)


_PENDING = PreparedQuery(
    lambda organization: SupportLink.objects.filter(organization_id=organization, status=SupportLink.Status.PENDING)
    .order_by("-created")
    .annotate(
        owner_invitation_id=_owner_invitation("pk"),
        owner_invitation_expires=_owner_invitation("expires"),
        owner_invitation_cancelled=_owner_invitation("cancelled"),
    )
    .values_list(
        "requested_by_id", "created", "company__name", "company__corporate_number", "company__created_by_id", "pk",
        "assignee_id", "owner_invitation_id", "owner_invitation_expires", "owner_invitation_cancelled",
    ),
    model=SupportLink,
)


class PendingList(list):
    """The pending links, and the two parts the client list shows apart: ``waiting`` (同意待ち: requests to
    existing companies and owners' invitations that can still be accepted) and ``lapsed`` (the owner's
    invitation expired or was cancelled: no longer waiting for consent, offered for a resend)."""

    @property
    def waiting(self) -> list[Pending]:
        return [link for link in self if link.waiting]

    @property
    def lapsed(self) -> list[Pending]:
        return [link for link in self if not link.waiting]


def pending_links(organization) -> PendingList:
    """The organization's support requests not yet answered, newest first; see ``Pending.waiting``."""
    now = timezone.now()
    found = PendingList()
    for row in _PENDING.rows(organization=organization.pk):
        invitation_id, expires, cancelled = row[7:]
        state = (
            None
            if invitation_id is None
            else invitation_rules.status(accepted=None, cancelled=cancelled, expires=expires, now=now)
        )
        found.append(Pending(*row, state))
    return found


SavedFilter = namedtuple("SavedFilter", "pk name query")
_SAVED = PreparedQuery(
    lambda organization, user: SavedClientFilter.objects.filter(organization_id=organization, user_id=user)
    .order_by("name", "pk")
    .values_list("pk", "name", "query"),
    model=SavedClientFilter,
)


def saved_filters(user, organization) -> list[SavedFilter]:
    """The user's own saved filters in this organization, by name."""
    return [SavedFilter(*row) for row in _SAVED.rows(organization=organization.pk, user=user.pk)]


Member = namedtuple("Member", "name role_label")


def members(org_access) -> list[Member]:
    """The organization's members read with the access check (``org_view(members=True)``), by joining date."""
    return [Member(name, Role(role).label if role in Role.values else role) for _user_id, name, role in org_access.members]


class Assignees:
    """The 担当者 cell of each row: the member's name, or for editors a small form to change it (the
    options built once per page, the row's own selected by string replacement)."""

    def __init__(self, members, *, can_assign: bool, organization_id: int, csrf_token: str = "", back: str = ""):
        self.names = {user_id: name for user_id, name, _role in members}
        self.can_assign = can_assign
        self._url = UrlPattern("orgs:adviser_assign_client", 2)
        self._org = organization_id
        self._label = _("Person in charge")
        self._save = escape(_("Save"))
        self._hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
            f'<input type="hidden" name="next" value="{escape(back)}">'
        )
        unassigned = escape(_("Unassigned"))
        self._options = [("", f'<option value="">{unassigned}</option>')] + [
            (str(user_id), f'<option value="{user_id}">{escape(name)}</option>') for user_id, name in self.names.items()
        ]
        self._unassigned = f'<span class="muted">{unassigned}</span>'
        self._built = {}

    def text(self, assignee_id) -> str:
        return self.names.get(assignee_id, "") if assignee_id is not None else ""

    def cell(self, link_id, assignee_id, company_name: str) -> str:
        name = self.names.get(assignee_id) if assignee_id is not None else None
        if not self.can_assign:
            return f"<td>{escape(name) if name else self._unassigned}</td>"
        selected = str(assignee_id) if name else ""
        options = self._built.get(selected)
        if options is None:  # once per page and person: the rows share the built options
            options = self._built[selected] = "".join(
                html.replace("<option ", "<option selected ", 1) if value == selected else html for value, html in self._options
            )
        url = self._url(self._org, link_id)
        label = escape(f"{self._label}: {company_name}")
        return (
            f'<td id="assignee-{link_id}"><form method="post" action="{url}" class="assign-form" hx-post="{url}"'
            f' hx-target="#assignee-{link_id}" hx-swap="outerHTML">{self._hidden}'
            f'<select name="assignee" aria-label="{label}">{options}</select> '
            f'<button class="btn btn-secondary btn-small" type="submit">{self._save}</button></form></td>'
        )


def rows_html(rows, assignees: Assignees | None = None) -> SafeString:
    """The ``<tbody>`` content for ``client_columns.rows()``: one ``<tr>`` per client, with its 担当者 last."""
    dashboard = UrlPattern("web:company_dashboard", 1)
    small, sme = escape(_("Small business")), escape(_("SME"))
    not_yet = '<td><span class="muted">' + escape(_("not yet")) + "</span></td>"
    tz = timezone.get_current_timezone()
    parts = []
    for company, cells in rows:
        kind = small if company.is_small else sme if company.is_sme else "—"
        parts.append(
            f'\n    <tr><td><a href="{dashboard(company.pk)}">{escape(company.name)}</a></td><td>{company.employees}</td>'
            f"\n      <td>{kind}</td>\n      "
        )
        for cell in cells:
            if cell is None:
                parts.append(not_yet)
            else:
                day = cell.local_date(tz)
                parts.append(
                    f'<td><a href="{escape(cell.url)}">{escape(cell.text)}</a><br>'
                    f'<span class="muted">{day.strftime("%Y-%m-%d") if day else ""}</span></td>'
                )
        if assignees is not None:
            parts.append(assignees.cell(company.link_id, company.assignee_id, company.name))
        parts.append("\n    </tr>\n  ")
    return mark_safe("".join(parts))
