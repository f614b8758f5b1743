"""The readiness page c/<id>/security-action/ and the dashboard card."""

from django.urls import reverse

from .conftest import confirm_all, make_policy


def _page(client, company):
    return client.get(reverse("secaction:readiness", args=[company.pk])).content.decode()


def test_readiness_nothing_done_lists_every_missing_step_with_links(owner_client, world):
    company = world["company"]
    page = _page(owner_client, company)
    assert "5か条のうち5項目が未確認です" in page
    assert "自社診断が未実施です" in page
    assert "基本方針が未採択です" in page
    assert f'href="{reverse("secaction:checklist", args=[company.pk])}">5か条を確認する' in page
    assert f'href="{reverse("secaction:policy_new", args=[company.pk])}">基本方針を作成する' in page
    assert 'badge-ok">宣言できる状態' not in page


def test_readiness_two_items_missing(owner_client, world):
    from dxnavi.secaction import services

    company = world["company"]
    for item_id in ("SA1-1", "SA1-2", "SA1-3"):
        services.set_item_done(company, item_id, done=True, user=world["owner"])
    page = _page(owner_client, company)
    assert "5か条のうち2項目が未確認です" in page


def test_readiness_one_star_ready(owner_client, world):
    confirm_all(world["company"], world["owner"])
    page = _page(owner_client, world["company"])
    one_star = page.split('id="one-star"')[1].split("</section>")[0]
    assert "宣言できる状態" in one_star
    assert "未確認" not in one_star


def test_readiness_draft_policy_links_to_adoption(owner_client, world):
    company = world["company"]
    draft = make_policy(company, world["owner"])
    page = _page(owner_client, company)
    assert f'href="{reverse("secaction:policy_detail", args=[company.pk, draft.pk])}">保存した案を確認して採択する' in page


def test_readiness_two_star_ready(owner_client, world, fake_selfcheck):
    company = world["company"]
    fake_selfcheck()
    make_policy(company, world["owner"], adopted_by=world["owner"])
    page = _page(owner_client, company)
    two_star = page.split('id="two-star"')[1].split("</section>")[0]
    assert "宣言できる状態" in two_star
    assert "自社診断が未実施です" not in page and "基本方針が未採択です" not in page
    assert "第1版" in two_star


def test_readiness_shows_self_declaration_note(owner_client, world):
    from dxnavi.secaction import content

    assert content.note()["text"]["ja"] in _page(owner_client, world["company"])


def test_readiness_query_count(owner_client, world, fake_selfcheck, django_assert_max_num_queries):
    company = world["company"]
    confirm_all(company, world["owner"])
    make_policy(company, world["owner"], adopted_by=world["owner"])
    make_policy(company, world["owner"])
    fake_selfcheck()
    # session, user, company, membership, nav (2), confirmations, adopted + latest policy = 9;
    # one more for the real self-check lookup (faked here). Independent of the number of items.
    with django_assert_max_num_queries(10):
        response = owner_client.get(reverse("secaction:readiness", args=[company.pk]))
    assert response.status_code == 200


def test_dashboard_card_shows_readiness_and_next_step(owner_client, world):
    company = world["company"]
    page = owner_client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    card = page.split('id="secaction-card"')[1].split("</div>")[0]
    assert "5か条のうち0項目を確認済み" in card
    assert "次にすること：" in card and "5か条のうち5項目が未確認です" in card
    assert reverse("secaction:readiness", args=[company.pk]) in card


def test_dashboard_card_next_step_after_one_star(owner_client, world):
    confirm_all(world["company"], world["owner"])
    page = owner_client.get(reverse("web:company_dashboard", args=[world["company"].pk])).content.decode()
    card = page.split('id="secaction-card"')[1].split("</div>")[0]
    assert "★ <span class=\"badge badge-ok\">宣言できる状態</span>" in card
    assert "自社診断が未実施です" in card


def test_dashboard_card_everything_ready(owner_client, world, fake_selfcheck):
    fake_selfcheck()
    confirm_all(world["company"], world["owner"])
    make_policy(world["company"], world["owner"], adopted_by=world["owner"])
    page = owner_client.get(reverse("web:company_dashboard", args=[world["company"].pk])).content.decode()
    card = page.split('id="secaction-card"')[1].split("</div>")[0]
    assert card.count("宣言できる状態") == 3  # ★, ★★ and the closing sentence
    assert "次にすること" not in card


def test_two_star_ready_equals_the_status_readiness_in_every_case(world, fake_selfcheck, django_assert_num_queries):
    """The one-query check the DX readiness uses agrees with the full status (issue #11)."""
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.secaction import services

    company = world["company"]
    access = CompanyAccess(company=company, via="member", role="owner")
    seen = []
    for step in ("nothing", "selfcheck", "draft policy", "adopted policy"):
        if step == "selfcheck":
            fake_selfcheck()
        elif step == "draft policy":
            make_policy(company, world["owner"])
        elif step == "adopted policy":
            make_policy(company, world["owner"], adopted_by=world["owner"])
        status = services.status(access)
        with django_assert_num_queries(1):
            quick = services.two_star_ready(access, selfcheck_done=status.selfcheck is not None)
        seen.append((step, quick, status.readiness.two_star))
    assert [(step, quick) for step, quick, _ in seen] == [(step, full) for step, _, full in seen]
    assert [quick for _, quick, _ in seen] == [False, False, False, True]
