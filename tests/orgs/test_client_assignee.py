"""担当者: the organization's member in charge of a client (issue #12)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dxnavi.orgs import services
from dxnavi.orgs.models import AdviserMembership, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_world():
    org = AdviserOrganizationFactory()
    owner, editor, viewer = UserFactory(name="所有 者"), UserFactory(name="編集 者"), UserFactory(name="閲覧 者")
    for user, role in ((owner, "owner"), (editor, "editor"), (viewer, "viewer")):
        AdviserMembership.objects.create(organization=org, user=user, role=role)
    company = CompanyFactory(name="支援先工業")
    link(company, org)
    return {
        "org": org, "owner": owner, "editor": editor, "viewer": viewer, "company": company,
        "link": SupportLink.objects.get(company=company, organization=org),
    }  # fmt: skip


def _assign_url(w, link=None):
    return reverse("orgs:adviser_assign_client", args=[w["org"].pk, (link or w["link"]).pk])


@pytest.mark.parametrize("actor", ["owner", "editor"])
def test_assignee_set_and_cleared_by_editors_and_owners(client, org_world, actor):
    w = org_world
    client.force_login(w[actor])
    response = client.post(_assign_url(w), {"assignee": str(w["viewer"].pk), "next": "/adviser/o/%d/?sort=-name" % w["org"].pk})
    assert response.status_code == 302 and response["Location"] == "/adviser/o/%d/?sort=-name" % w["org"].pk
    w["link"].refresh_from_db()
    assert w["link"].assignee == w["viewer"]
    client.post(_assign_url(w), {"assignee": ""})
    w["link"].refresh_from_db()
    assert w["link"].assignee is None


def test_assignee_viewer_cannot_assign(client, org_world):
    w = org_world
    client.force_login(w["viewer"])
    assert client.post(_assign_url(w), {"assignee": str(w["viewer"].pk)}).status_code == 403
    w["link"].refresh_from_db()
    assert w["link"].assignee is None
    page = client.get(reverse("orgs:adviser_org", args=[w["org"].pk])).content.decode()
    assert 'class="assign-form"' not in page and '<span class="muted">未割当</span>' in page


def test_assignee_non_member_is_refused(client, org_world):
    w = org_world
    stranger = UserFactory()
    other = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=other, user=stranger, role="owner")
    client.force_login(w["editor"])
    for value in (str(stranger.pk), "abc", "999999999"):
        response = client.post(_assign_url(w), {"assignee": value}, HTTP_HX_REQUEST="true")
        assert (response.status_code, response.content.decode()) == (400, "担当者にできるのは、この支援機関のメンバーだけです。")
    w["link"].refresh_from_db()
    assert w["link"].assignee is None
    with pytest.raises(ValidationError):
        services.assign_client(w["org"], w["link"].pk, stranger.pk, user=w["owner"])


def test_assignee_of_another_organizations_link_is_404(client, org_world):
    w = org_world
    other_org = AdviserOrganizationFactory()
    other_link = link(CompanyFactory(), other_org)
    client.force_login(w["editor"])
    response = client.post(reverse("orgs:adviser_assign_client", args=[w["org"].pk, other_link.pk]), {"assignee": ""})
    assert response.status_code == 404
    revoked = SupportLink.objects.get(pk=w["link"].pk)
    revoked.status = SupportLink.Status.REVOKED
    revoked.save()
    assert client.post(_assign_url(w), {"assignee": str(w["editor"].pk)}).status_code == 404


def test_assignee_htmx_gets_the_cell_back(client, org_world):
    w = org_world
    client.force_login(w["editor"])
    response = client.post(_assign_url(w), {"assignee": str(w["owner"].pk)}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith(f'<td id="assignee-{w["link"].pk}"><form method="post" action="{_assign_url(w)}"')
    assert f'<option selected value="{w["owner"].pk}">所有 者</option>' in html
    assert 'aria-label="担当者: 支援先工業"' in html


def test_assignee_shown_in_the_list(client, org_world):
    w = org_world
    SupportLink.objects.filter(pk=w["link"].pk).update(assignee=w["editor"])
    client.force_login(w["viewer"])
    body = client.get(reverse("orgs:adviser_org", args=[w["org"].pk])).content.decode().split("<tbody>")[1]
    assert "<td>編集 者</td>" in body.split("</tbody>")[0]


def test_assignee_of_a_pending_request(client, org_world):
    w = org_world
    pending = CompanyFactory(name="依頼中商店", created_by=w["editor"])
    link(pending, w["org"], status=SupportLink.Status.PENDING)
    request = SupportLink.objects.get(company=pending)
    SupportLink.objects.filter(pk=request.pk).update(requested_by=w["editor"])
    client.force_login(w["editor"])
    client.post(_assign_url(w, request), {"assignee": str(w["editor"].pk)})
    request.refresh_from_db()
    assert request.assignee == w["editor"]
    html = client.get(reverse("orgs:adviser_org", args=[w["org"].pk]) + "?status=pending").content.decode()
    assert 'aria-label="担当者: 依頼中商店"' in html


def test_assignee_removed_member_loses_assignment_and_access(client, org_world):
    w = org_world
    services.assign_client(w["org"], w["link"].pk, w["editor"].pk, user=w["owner"])
    other_client = CompanyFactory()
    link(other_client, w["org"])
    other_link = SupportLink.objects.get(company=other_client)
    services.assign_client(w["org"], other_link.pk, w["owner"].pk, user=w["owner"])
    client.force_login(w["owner"])
    membership = AdviserMembership.objects.get(organization=w["org"], user=w["editor"])
    client.post(reverse("orgs:adviser_org_member_remove", args=[w["org"].pk, membership.pk]))
    assert dict(SupportLink.objects.filter(organization=w["org"]).values_list("company_id", "assignee_id")) == {
        w["company"].pk: None, other_client.pk: w["owner"].pk,
    }  # fmt: skip
    client.force_login(w["editor"])
    assert client.get(reverse("orgs:adviser_org", args=[w["org"].pk])).status_code == 404
    assert client.get(reverse("web:company_dashboard", args=[w["company"].pk])).status_code == 404
    assert client.post(_assign_url(w), {"assignee": str(w["editor"].pk)}).status_code == 404


def test_assignee_a_former_member_cannot_be_assigned(org_world):
    w = org_world
    membership = AdviserMembership.objects.get(organization=w["org"], user=w["viewer"])
    services.remove_adviser_member(w["org"], membership, user=w["owner"])
    with pytest.raises(ValidationError):
        services.assign_client(w["org"], w["link"].pk, w["viewer"].pk, user=w["owner"])


@pytest.mark.parametrize("back", ["-1", "https://evil.example/", "//evil.example/x", "NaN", ""])
def test_assignee_redirect_goes_back_to_this_site_only(client, org_world, back):
    w = org_world
    client.force_login(w["editor"])
    response = client.post(_assign_url(w), {"assignee": "", "next": back})
    assert (response.status_code, response["Location"]) == (302, reverse("orgs:adviser_org", args=[w["org"].pk]))


def test_assignee_is_the_organizations_own_for_a_client_of_two_organizations(org_world):
    from dxnavi.orgs import client_list

    w = org_world
    other = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=other, user=w["editor"], role="editor")
    link(w["company"], other)
    SupportLink.objects.filter(organization=other).update(assignee=w["editor"])
    rows = list(client_list.clients(w["editor"], w["org"]).values_list("pk", "link_id", "assignee_id"))
    assert rows == [(w["company"].pk, w["link"].pk, None)]
    assert list(client_list.clients(w["editor"], other).values_list("assignee_id", flat=True)) == [w["editor"].pk]
