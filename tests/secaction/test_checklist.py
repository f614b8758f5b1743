"""★ checklist: ticking the five principles, who did it, and the self-check hints."""

from django.urls import reverse

from dxnavi.orgs.models import AuditEvent
from dxnavi.secaction.models import ItemConfirmation
from tests.factories import UserFactory, member


def _toggle(client, company, item_id, done, **extra):
    url = reverse("secaction:checklist_toggle", args=[company.pk, item_id])
    return client.post(url, {"done": "1" if done else "0"}, **extra)


def test_checklist_shows_five_principles_with_practice(owner_client, world):
    page = owner_client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    assert page.count('class="card" id="item-SA1-') == 5
    assert "OSやソフトウェアは常に最新の状態にしよう！" in page
    assert "自動更新をオンにし" in page  # the practice text, not just the title
    assert "5か条のうち0項目を確認済みです。" in page


def test_checklist_toggle_by_owner_records_who_and_when(owner_client, world):
    company = world["company"]
    response = _toggle(owner_client, company, "SA1-2", True)
    assert response.status_code == 302
    assert response["Location"] == reverse("secaction:checklist", args=[company.pk]) + "#item-SA1-2"
    row = ItemConfirmation.objects.get(company=company)
    assert (row.item_id, row.confirmed_by, row.organization) == ("SA1-2", world["owner"], None)
    assert row.confirmed_at is not None


def test_checklist_toggle_off_removes_confirmation(owner_client, world):
    company = world["company"]
    _toggle(owner_client, company, "SA1-2", True)
    _toggle(owner_client, company, "SA1-2", False)
    assert ItemConfirmation.objects.filter(company=company).count() == 0


def test_checklist_toggle_twice_keeps_first_confirmation(owner_client, world):
    company = world["company"]
    _toggle(owner_client, company, "SA1-1", True)
    first = ItemConfirmation.objects.get(company=company)
    _toggle(owner_client, company, "SA1-1", True)
    assert list(ItemConfirmation.objects.filter(company=company)) == [first]
    assert ItemConfirmation.objects.get(company=company).confirmed_at == first.confirmed_at


def test_checklist_toggle_by_adviser_records_organization_and_audit(adviser_client, world):
    company = world["company"]
    _toggle(adviser_client, company, "SA1-3", True)
    row = ItemConfirmation.objects.get(company=company)
    assert (row.confirmed_by, row.organization) == (world["linked_adviser"], world["linked_org"])
    assert AuditEvent.objects.filter(company=company, action="change", user=world["linked_adviser"]).count() == 1
    page = adviser_client.get(reverse("secaction:checklist", args=[company.pk])).content.decode()
    assert "連携商工会" in page and "会社に代わって確認" in page


def test_checklist_toggle_unknown_item_is_404(owner_client, world):
    assert _toggle(owner_client, world["company"], "SA9-9", True).status_code == 404
    assert ItemConfirmation.objects.count() == 0


def test_checklist_toggle_by_viewer_member_is_refused(client, world):
    viewer = member(world["company"], user=UserFactory(), role="viewer")
    client.force_login(viewer)
    assert _toggle(client, world["company"], "SA1-1", True).status_code == 403
    page = client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    assert 'name="done"' not in page  # no buttons for read-only members
    assert ItemConfirmation.objects.count() == 0


def test_checklist_toggle_get_not_allowed(owner_client, world):
    url = reverse("secaction:checklist_toggle", args=[world["company"].pk, "SA1-1"])
    assert owner_client.get(url).status_code == 405


def test_checklist_toggle_with_htmx_returns_the_list(owner_client, world):
    response = _toggle(owner_client, world["company"], "SA1-1", True, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="checklist-items">')
    assert "5か条のうち1項目を確認済みです。" in body
    assert "<html" not in body
    assert 'id="toggle-SA1-1"' in body  # same id after the swap: htmx puts keyboard focus back on it


def test_checklist_all_confirmed_shows_ready_to_declare(owner_client, world):
    for n in range(1, 6):
        _toggle(owner_client, world["company"], f"SA1-{n}", True)
    page = owner_client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    assert "宣言できる状態" in page


def test_checklist_hint_when_related_questions_answered_yes(owner_client, world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC03", "SC05", "SC06"})  # SA1-5 also needs SC20
    page = owner_client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    hint = "自社診断で実施していると回答済み"
    assert page.count(hint) == 2
    for item_id in ("SA1-1", "SA1-3"):
        section = page.split(f'id="item-{item_id}"')[1].split("</section>")[0]
        assert hint in section
    section = page.split('id="item-SA1-5"')[1].split("</section>")[0]
    assert hint not in section


def test_checklist_no_hint_without_selfcheck(owner_client, world):
    page = owner_client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    assert "自社診断で実施していると回答済み" not in page
    assert "自社診断を受けると" in page
