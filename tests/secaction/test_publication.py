"""Publishing the basic policy: the token-only public page and the HTML snippet."""

import pytest
from django.urls import get_resolver, reverse

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.secaction import publication
from dxnavi.secaction.models import PolicyPublication
from tests.factories import UserFactory, member
from tests.isolation_cases import public_policy_token

from .conftest import make_policy


def _access(world):
    return CompanyAccess(company=world["company"], via="member", role="owner")


def _public(token):
    return reverse("secaction:public_policy", args=[token])


def _set_url(world):
    return reverse("secaction:policy_publish_set", args=[world["company"].pk])


def _token_views(patterns=None):
    from django.urls import URLPattern, URLResolver

    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _token_views(p.url_patterns)
        elif isinstance(p, URLPattern) and getattr(p.callback, "public_token", False):
            yield p.name


def test_public_token_pages_are_known():
    # A new page reachable without login by a token must be tested here like this one.
    assert sorted(_token_views()) == ["public_policy"]


def test_public_page_shows_adopted_policy_to_anonymous_visitor(client, world):
    token = public_policy_token(world)
    response = client.get(_public(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "情報セキュリティ基本方針" in page and "経営者の責任" in page
    assert f"{world['company'].name}（以下「当社」）は" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_page_shows_nothing_else_of_the_company(client, world):
    world["company"].corporate_number = "7000012050002"
    world["company"].save()
    page = client.get(_public(public_policy_token(world))).content.decode()
    assert "7000012050002" not in page
    assert world["owner"].email not in page and world["owner"].name not in page
    assert "/c/" not in page  # no link into the company's pages


def test_public_page_wrong_token_is_404(client, world):
    public_policy_token(world)
    assert client.get(_public("x" * 43)).status_code == 404
    assert client.get(_public("x" * 65)).status_code == 404


def test_public_page_disabled_is_404(client, world):
    token = public_policy_token(world)
    publication.set_enabled(_access(world), enabled=False, user=world["owner"])
    assert client.get(_public(token)).status_code == 404


def test_public_page_renewed_token_old_link_is_404(client, world):
    old = public_policy_token(world)
    new = publication.renew_token(_access(world), user=world["owner"]).token
    assert new != old and len(new) >= 43
    assert client.get(_public(old)).status_code == 404
    assert client.get(_public(new)).status_code == 200


def test_public_page_of_company_pending_deletion_is_404(client, world):
    token = public_policy_token(world)
    world["company"].deletion_pending = True
    world["company"].save()
    assert client.get(_public(token)).status_code == 404


def test_public_page_shows_latest_adopted_version_not_a_draft(client, world):
    token = public_policy_token(world)
    make_policy(world["company"], world["owner"], representative="下書きの代表者")
    page = client.get(_public(token)).content.decode()
    assert "下書きの代表者" not in page
    make_policy(world["company"], world["owner"], representative="新しい代表者", adopted_by=world["owner"])
    assert "新しい代表者" in client.get(_public(token)).content.decode()


def test_enable_without_adopted_policy_refused(owner_client, world):
    make_policy(world["company"], world["owner"])  # a draft only
    response = owner_client.post(_set_url(world), {"action": "on"}, follow=True)
    assert "先に基本方針の版を採択してください。" in response.content.decode()
    assert PolicyPublication.objects.count() == 0


def test_owner_turns_public_page_on_and_off(owner_client, world):
    make_policy(world["company"], world["owner"], adopted_by=world["owner"])
    owner_client.post(_set_url(world), {"action": "on"})
    pub = PolicyPublication.objects.get(company=world["company"])
    assert (pub.enabled, pub.changed_by) == (True, world["owner"])
    page = owner_client.get(reverse("secaction:policy_publish", args=[world["company"].pk])).content.decode()
    assert _public(pub.token) in page
    owner_client.post(_set_url(world), {"action": "off"})
    pub.refresh_from_db()
    assert pub.enabled is False


def test_adviser_cannot_publish_but_sees_the_snippet(adviser_client, world):
    make_policy(world["company"], world["owner"], adopted_by=world["owner"])
    assert adviser_client.post(_set_url(world), {"action": "on"}).status_code == 404
    assert PolicyPublication.objects.count() == 0
    page = adviser_client.get(reverse("secaction:policy_publish", args=[world["company"].pk])).content.decode()
    assert "公開ページを始めたり止めたりできるのは、会社自身だけです。" in page
    assert "&lt;h2&gt;情報セキュリティ基本方針&lt;/h2&gt;" in page


def test_viewer_member_cannot_publish(client, world):
    viewer = member(world["company"], user=UserFactory(), role="viewer")
    client.force_login(viewer)
    make_policy(world["company"], world["owner"], adopted_by=world["owner"])
    assert client.post(_set_url(world), {"action": "on"}).status_code == 403
    assert PolicyPublication.objects.count() == 0


def test_snippet_is_plain_escaped_html_of_the_policy(world):
    policy = make_policy(world["company"], world["owner"], company_name='<script>x</script>商事', adopted_by=world["owner"])
    html = publication.snippet(policy)
    assert html.startswith('<section lang="ja">\n<h2>情報セキュリティ基本方針</h2>')
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;商事" in html
    assert "<h3>5. 違反及び事故への対応</h3>" in html
    assert "style=" not in html and "class=" not in html


@pytest.mark.parametrize("persona", ["outsider", "unlinked_adviser"])
def test_publish_page_of_other_company_is_404(client, world, persona):
    client.force_login(world[persona])
    assert client.get(reverse("secaction:policy_publish", args=[world["company"].pk])).status_code == 404
