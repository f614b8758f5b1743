"""Filters, sorting and status counts of the adviser's client list (issue #12), as one SQL statement.

``ClientQuery.from_params(request.GET, …)`` reads what the adviser asked for — the list's own filters
(industry, prefecture, size band, SME flags, person in charge) and those instruments registered in
``client_columns`` (latest self-check band, DX stage, SECURITY ACTION…) — keeping only values that are
among the choices, so a hand-edited URL never reaches the database as anything but a known value.
``apply`` turns it into conditions on the organization's clients (``scoping.adviser_companies``) and an
ORDER BY; the page, the counts and the Excel export all start from there, so the export lists exactly
the rows the list shows, in the same order.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from dxnavi.content import reference

from . import client_columns
from .domain.size import SIZE_BANDS
from .models import SupportLink

UNASSIGNED = "none"  # the 担当者 filter's value for 未割当
PENDING = "pending"  # the status of support requests waiting for the company's consent
ALL = "all"


def _size_label(band_id, low, high):
    if high is None:
        return _("%(low)s or more employees") % {"low": low}
    return _("%(low)s–%(high)s employees") % {"low": low, "high": high}


def _sme_choices(memo):
    return [("small", _("Small business")), ("sme", _("SME (not small)")), ("none", _("Not an SME"))]


_SME_CONDITIONS = {
    "small": Q(is_small=True),
    "sme": Q(is_sme=True, is_small=False),
    "none": Q(is_sme=False),
}

# The list's own filters on the company's profile; instruments add theirs (client_columns.register_filter).
_OWN_FILTERS = [
    client_columns.Filter(
        "industry", _("Industry"), lambda memo: reference.jsic_major_choices(), lambda v: Q(industry_major=v)
    ),
    client_columns.Filter("prefecture", _("Prefecture"), lambda memo: reference.prefecture_choices(), lambda v: Q(prefecture=v)),
    client_columns.Filter(
        "size", _("Size"), lambda memo: [(b, _size_label(b, low, high)) for b, low, high in SIZE_BANDS], lambda v: Q(size_band=v)
    ),
    client_columns.Filter("sme", _("SME classification"), _sme_choices, lambda v: _SME_CONDITIONS[v]),
]

_OWN_SORTS = [
    client_columns.Sort("name", _("Company"), lambda: F("name")),
    client_columns.Sort("prefecture", _("Prefecture"), lambda: F("prefecture")),
    client_columns.Sort("industry", _("Industry"), lambda: F("industry_major")),
    client_columns.Sort("employees", _("Employees"), lambda: F("employees")),
    client_columns.Sort("assignee", _("Person in charge"), lambda: F("assignee_name")),
]


def all_filters():
    return [*_OWN_FILTERS, *client_columns.filters()]


def all_sorts():
    return [*_OWN_SORTS, *client_columns.sorts()]


def status_choices():
    """(key, title) of the counts at the top, in order: all clients, each registered status, unassigned, pending."""
    return [
        (ALL, _("All clients")),
        *((s.key, s.title) for s in client_columns.statuses()),
        (UNASSIGNED, _("No person in charge")),
        (PENDING, _("Waiting for consent")),
    ]


@dataclass
class ClientQuery:
    search: str = ""
    values: dict = field(default_factory=dict)  # filter key -> valid value
    assignee: str = ""  # "" (any), UNASSIGNED, or a member's user id as text
    status: str = ALL
    sort: str = "name"
    descending: bool = False

    @classmethod
    def from_params(cls, params, member_ids=(), memo=None) -> "ClientQuery":
        """The valid part of a GET query (anything unknown or not among the choices is left out).
        ``memo``: the request's shared dict for the filters' choices (see ``client_columns.Filter``)."""
        memo = {} if memo is None else memo
        query = cls(search=params.get("q", "").strip()[:100])
        for item in all_filters():
            value = params.get(item.key, "")
            if value and value in {str(v) for v, _label in item.choices(memo)}:
                query.values[item.key] = value
        assignee = params.get("assignee", "")
        if assignee == UNASSIGNED or assignee in {str(pk) for pk in member_ids}:
            query.assignee = assignee
        status = params.get("status", ALL)
        query.status = status if status in {key for key, _title in status_choices()} else ALL
        sort = params.get("sort", "name")
        descending = sort.startswith("-")
        if sort.lstrip("-") in {s.key for s in all_sorts()}:
            query.sort, query.descending = sort.lstrip("-"), descending
        return query

    @property
    def sort_param(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort

    def params(self, **changes) -> list[tuple[str, str]]:
        """The normalized query as (name, value) pairs, defaults left out; ``changes`` replace values."""
        pairs = {"q": self.search, **self.values, "assignee": self.assignee}
        pairs["status"] = "" if self.status == ALL else self.status
        pairs["sort"] = "" if self.sort_param == "name" else self.sort_param
        pairs.update(changes)
        return [(k, str(v)) for k, v in pairs.items() if v not in ("", None)]

    def encoded(self, **changes) -> str:
        return urlencode(self.params(**changes))

    @property
    def is_default(self) -> bool:
        return not self.params()

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (a search, a filter, a person in charge or a status)."""
        return bool(self.search or self.values or self.assignee or self.status != ALL)


def _link_conditions(organization, assignee: str) -> dict:
    """The organization's accepted link of each listed company, in ONE ``filter()`` call: the
    annotations (link id, person in charge, its sort) reuse this join instead of adding their own."""
    conditions = {"support_links__organization": organization, "support_links__status": SupportLink.Status.ACCEPTED}
    if assignee == UNASSIGNED:
        conditions["support_links__assignee__isnull"] = True
    elif assignee:
        conditions["support_links__assignee_id"] = int(assignee)
    return conditions


def _status_condition(key):
    if key == UNASSIGNED:
        return Q(assignee_id__isnull=True)  # the annotation of ``filtered``: no second join
    for status in client_columns.statuses():
        if status.key == key:
            return status.condition()
    return None


def filtered(companies, organization, query: ClientQuery):
    """``companies`` (the organization's clients from scoping) narrowed by every filter of ``query``,
    with the accepted link's id and person in charge (``link_id``, ``assignee_id``), unordered."""
    companies = companies.filter(**_link_conditions(organization, query.assignee))
    companies = companies.annotate(link_id=F("support_links__pk"), assignee_id=F("support_links__assignee_id"))
    if query.sort == "assignee":
        person = Coalesce(
            NullIf(F("support_links__assignee__name"), Value("")), F("support_links__assignee__email"), output_field=CharField()
        )
        companies = companies.annotate(assignee_name=person)
    if query.search:
        companies = companies.filter(Q(name__icontains=query.search) | Q(corporate_number=query.search))
    by_key = {item.key: item for item in all_filters()}
    for key, value in query.values.items():
        companies = companies.filter(by_key[key].condition(value))
    if query.status not in (ALL, PENDING):
        companies = companies.filter(_status_condition(query.status))
    return companies


def ordered(companies, query: ClientQuery):
    expression = next(s for s in all_sorts() if s.key == query.sort).expression()
    if query.sort == "name":
        order = [F("name").desc() if query.descending else F("name").asc()]
    elif query.descending:
        order = [expression.desc(nulls_last=True), F("name").asc()]
    else:
        order = [expression.asc(nulls_last=True), F("name").asc()]
    return companies.order_by(*order, "-pk" if query.descending and query.sort == "name" else "pk")


def counts_queryset(companies, organization):
    """One row: how many of the organization's clients (``companies``, from scoping) have each status,
    over the unfiltered list, in the order of ``status_choices`` (``counts_keys``)."""
    companies = filtered(companies, organization, ClientQuery())
    aggregates = {key: Count("pk", filter=condition) for key, condition in _count_conditions()}
    # No GROUP BY (a constant is not grouped by): one row, also without any client.
    return companies.order_by().values(_one=Value(1)).annotate(**{ALL: Count("pk")}, **aggregates).values_list(
        ALL, *aggregates
    )


def _count_conditions():
    found = []
    for key, _title in status_choices():
        condition = _status_condition(key)
        if condition is not None:
            found.append((key, condition))
    return found


def counts_keys() -> list[str]:
    """The keys of ``counts_queryset``'s row, in order (without building the conditions)."""
    registered = {status.key for status in client_columns.statuses()}
    return [ALL, *(key for key, _title in status_choices() if key == UNASSIGNED or key in registered)]


def counts(companies, organization, pending: int) -> dict:
    """{status key: how many of the organization's clients have it}, every status in one aggregate
    query over the unfiltered list; ``pending`` is the number of requests waiting for consent (the page
    lists them anyway)."""
    (row,) = counts_queryset(companies, organization)
    return {**dict(zip(counts_keys(), row)), PENDING: pending}
