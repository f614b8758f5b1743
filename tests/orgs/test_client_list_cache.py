"""The client list's per-process shortcuts (issue #11's floor): the status counts kept under the clients'
data stamps (never stale), the key they are kept under (``scoping.adviser_client_stamps``), and the LIST
audit rows a process counted recently (no statement sent again)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxnavi.orgs import client_filters, client_list, scoping, services
from dxnavi.orgs.models import AdviserMembership, AuditEvent, SupportLink
from dxnavi.privacy import services as privacy
from tests.assessments.helpers import all_answers, complete_with, draft_with, member_access
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

# The counts are stored only outside a transaction (PostgreSQL) or in one snapshot: test that path.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def org():
    from tests.dxdiag.helpers import load_packs

    load_packs()
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=organization, user=adviser, role="editor")
    companies = [CompanyFactory(name=f"顧客{i}") for i in range(3)]
    links = [link(company, organization) for company in companies]
    return {"org": organization, "adviser": adviser, "companies": companies, "links": links}


def _fresh(adviser, organization) -> dict:
    """The counts built on the spot (no cache, no compiled statement)."""
    return client_filters.counts(scoping.adviser_companies(adviser, organization), organization, 0)


def _counts_statements(queries) -> int:
    return sum(1 for q in queries if "FILTER (WHERE" in q["sql"] or 'AS "draft"' in q["sql"])


def test_status_counts_kept_until_a_client_changes(org):
    adviser, organization = org["adviser"], org["org"]
    with CaptureQueriesContext(connection) as first:
        counts = client_list.status_counts(adviser, organization, 0)
    with CaptureQueriesContext(connection) as second:
        again = client_list.status_counts(adviser, organization, 0)
    assert counts == again == _fresh(adviser, organization)
    assert _counts_statements(first.captured_queries) == 1
    assert _counts_statements(second.captured_queries) == 0
    assert len(second.captured_queries) == 1  # the key only


def _change_result(org):
    complete_with(org["companies"][0], all_answers("yes"))


def _change_draft(org):
    draft_with(org["companies"][1], {})


def _change_assignee(org):
    services.assign_client(org["org"], org["links"][2].pk, org["adviser"].pk, user=org["adviser"])


def _change_revoke(org):
    services.decide_link(SupportLink.objects.get(pk=org["links"][0].pk), accept=False, user=UserFactory())


def _change_new_client(org):
    link(CompanyFactory(name="新規顧客"), org["org"])


def _change_deletion(org):
    company = org["companies"][1]
    owner = UserFactory()
    privacy.request_deletion(member_access(company), owner, confirm_name=company.name)


def _change_link_deleted(org):
    SupportLink.objects.filter(pk=org["links"][1].pk).delete()


def _change_company_deleted(org):
    org["companies"][2].delete()


@pytest.mark.parametrize(
    "change",
    [_change_result, _change_draft, _change_assignee, _change_revoke, _change_new_client, _change_deletion,
     _change_link_deleted, _change_company_deleted],
)  # fmt: skip
def test_status_counts_never_stale_after_a_change(org, change):
    adviser, organization = org["adviser"], org["org"]
    before = client_list.status_counts(adviser, organization, 0)
    assert client_list.status_counts(adviser, organization, 0) == before  # from the cache now
    change(org)
    after = client_list.status_counts(adviser, organization, 0)
    assert after == _fresh(adviser, organization)
    assert after != before


def test_status_counts_after_a_change_then_back(org):
    """A 担当者 set and cleared again gives the first key back: the counts stored under it are right again."""
    adviser, organization, link_id = org["adviser"], org["org"], org["links"][0].pk
    first = client_list.status_counts(adviser, organization, 0)
    services.assign_client(organization, link_id, adviser.pk, user=adviser)
    assert client_list.status_counts(adviser, organization, 0)["none"] == first["none"] - 1
    services.assign_client(organization, link_id, None, user=adviser)
    assert client_list.status_counts(adviser, organization, 0) == first == _fresh(adviser, organization)


def test_status_counts_of_a_stale_selfcheck_change_with_the_day(org, monkeypatch):
    adviser, organization = org["adviser"], org["org"]
    complete_with(org["companies"][0], all_answers("yes"))
    today = client_list.status_counts(adviser, organization, 0)
    assert today["no_recent_selfcheck"] == 2
    later = timezone.now() + datetime.timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client_list.status_counts(adviser, organization, 0)["no_recent_selfcheck"] == 3


def test_adviser_client_stamps_cover_the_clients_of_adviser_companies(org):
    adviser, organization = org["adviser"], org["org"]
    link(CompanyFactory(), AdviserOrganizationFactory())  # another organization's client
    link(CompanyFactory(), organization, status=SupportLink.Status.PENDING)
    text = scoping.adviser_client_stamps(adviser, organization)
    listed = [int(item.split(":")[1]) for item in text.split(",")]
    assert listed == [c.pk for c in org["companies"]]  # in link order
    assert sorted(listed) == sorted(scoping.adviser_companies(adviser, organization).values_list("pk", flat=True))
    assert scoping.adviser_client_stamps(UserFactory(), organization) == ""  # not a member


def test_adviser_client_stamps_change_with_a_write_to_a_client(org):
    adviser, organization = org["adviser"], org["org"]
    before = scoping.adviser_client_stamps(adviser, organization)
    draft_with(org["companies"][0], {})
    assert scoping.adviser_client_stamps(adviser, organization) != before


def _list_rows(organization, adviser):
    return dict(
        AuditEvent.objects.filter(action=AuditEvent.Action.LIST, organization=organization, user=adviser).values_list(
            "company_id", "count"
        )
    )


def test_audit_listed_sends_nothing_for_rows_the_process_counted_recently(org, monkeypatch):
    adviser, organization, companies = org["adviser"], org["org"], org["companies"]
    with CaptureQueriesContext(connection) as first:
        scoping.audit_listed(companies, adviser, organization, path="/x")
    assert len(first.captured_queries) == 1
    with CaptureQueriesContext(connection) as again:
        scoping.audit_listed(companies, adviser, organization, path="/x")
    assert again.captured_queries == []
    assert _list_rows(organization, adviser) == {c.pk: 1 for c in companies}
    # One more company: only it is sent.
    extra = CompanyFactory()
    with CaptureQueriesContext(connection) as more:
        scoping.audit_listed([*companies, extra], adviser, organization, path="/x")
    assert len(more.captured_queries) == 1
    # After LIST_RECOUNT_AFTER the companies are counted again.
    later = timezone.now() + scoping.LIST_RECOUNT_AFTER + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    scoping.audit_listed(companies, adviser, organization, path="/x")
    assert _list_rows(organization, adviser) == {**{c.pk: 2 for c in companies}, extra.pk: 1}


def test_audit_listed_rows_counted_by_another_process_are_not_counted_again(org):
    adviser, organization, companies = org["adviser"], org["org"], org["companies"]
    scoping.audit_listed(companies, adviser, organization, path="/x")
    scoping.forget_counted()  # another process: it knows nothing, the statement skips the recent rows
    with CaptureQueriesContext(connection) as again:
        scoping.audit_listed(companies, adviser, organization, path="/x")
    assert len(again.captured_queries) == 1
    assert _list_rows(organization, adviser) == {c.pk: 1 for c in companies}


def test_audit_listed_in_a_transaction_always_sends_the_statement(org):
    from django.db import transaction

    adviser, organization, companies = org["adviser"], org["org"], org["companies"]
    with transaction.atomic():
        scoping.audit_listed(companies, adviser, organization, path="/x")
    # Written inside a transaction (it might have rolled back): not remembered.
    with CaptureQueriesContext(connection) as again:
        scoping.audit_listed(companies, adviser, organization, path="/x")
    assert len(again.captured_queries) == 1
    assert _list_rows(organization, adviser) == {c.pk: 1 for c in companies}
