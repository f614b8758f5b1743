"""★★ basic policy: the form, preview, versions, and adoption by the company only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.secaction import services
from dxnavi.secaction.forms import latest_policy_date
from dxnavi.secaction.models import BasicPolicy
from tests.factories import CompanyFactory, UserFactory, member

from .conftest import make_policy

SECTION_TITLES_JA = ["経営者の責任", "社内体制の整備", "従業員の取組み", "法令及び契約上の要求事項の遵守", "違反及び事故への対応"]


def text_fields(language="ja", company_name="株式会社テスト", representative="代表 太郎", policy_date=None):
    """The editor's text fields as the page prefills them from the template."""
    preamble, sections = services.editable_text(
        None, language=language, company_name=company_name, representative=representative,
        policy_date=policy_date or datetime.date(2026, 11, 26),
    )
    return {"preamble": preamble, **{f"body_{s['id']}": s["body"] for s in sections}}


def _form(company, **overrides):
    data = {
        "company_name": company.name,
        "representative": "代表取締役 山田 太郎",
        "policy_date": "2026-11-26",
        "language": "ja",
        "action": "save",
    }
    data.update(overrides)
    language = data["language"] if data["language"] in ("ja", "en") else "ja"
    return {**text_fields(language, data["company_name"] or company.name), **data}


def _new_url(company):
    return reverse("secaction:policy_new", args=[company.pk])


def test_policy_form_prefilled_from_company(owner_client, world):
    company = world["company"]
    page = owner_client.get(_new_url(company)).content.decode()
    today = timezone.localdate()
    assert f'value="{company.name}"' in page
    assert 'value="代表 太郎"' in page  # CompanyFactory.representative
    assert f'value="{today:%Y-%m-%d}"' in page
    # the preview is already there, with the date written the Japanese way
    assert f"制定日：{today.year}年{today.month}月{today.day}日" in page


def test_policy_form_labels_every_input(owner_client, world):
    page = owner_client.get(_new_url(world["company"])).content.decode()
    for field in ("company_name", "representative", "policy_date", "preamble", "body_management_responsibility", "own_title_1"):
        assert f'<label for="id_{field}">' in page
    assert '<input type="hidden" name="language" value="ja"' in page


def test_policy_preview_fills_all_placeholders_and_saves_nothing(owner_client, world):
    company = world["company"]
    data = _form(company, company_name="株式会社みどり商事", representative="代表取締役 佐藤 花子", action="preview")
    page = owner_client.post(_new_url(company), data).content.decode()
    assert "株式会社みどり商事（以下「当社」）は" in page
    assert "制定日：2026年11月26日<br>株式会社みどり商事<br>代表者：代表取締役 佐藤 花子" in page
    for title in SECTION_TITLES_JA:
        assert title in page
    assert "{company_name}" not in page and "{representative}" not in page and "{date}" not in page
    assert BasicPolicy.objects.count() == 0


def test_policy_preview_escapes_html_in_values(owner_client, world):
    company = world["company"]
    data = _form(company, company_name='<script>alert("x")</script>商事', representative="<b>太郎</b>", action="preview")
    page = owner_client.post(_new_url(company), data).content.decode()
    assert "<script>alert" not in page
    assert "<b>太郎</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;商事（以下「当社」）" in page
    assert "代表者：&lt;b&gt;太郎&lt;/b&gt;" in page


def test_policy_save_creates_version_with_snapshot(owner_client, world):
    company = world["company"]
    response = owner_client.post(_new_url(company), _form(company))
    policy = BasicPolicy.objects.get(company=company)
    assert response["Location"] == reverse("secaction:policy_detail", args=[company.pk, policy.pk])
    assert (policy.version, policy.language, policy.representative) == (1, "ja", "代表取締役 山田 太郎")
    assert policy.policy_date == datetime.date(2026, 11, 26)
    assert (policy.created_by, policy.created_by_organization, policy.adopted_at) == (world["owner"], None, None)
    assert [p["id"] for p in policy.parts] == [
        "preamble", "management_responsibility", "internal_structure", "employee_efforts", "legal_compliance",
        "incident_response", "closing",
    ]  # fmt: skip
    assert policy.parts[-1]["body"] == f"制定日：2026年11月26日\n{company.name}\n代表者：代表取締役 山田 太郎"
    assert policy.content_version == "2024.2"


def test_policy_second_save_keeps_history(owner_client, world):
    company = world["company"]
    owner_client.post(_new_url(company), _form(company))
    owner_client.post(_new_url(company), _form(company, representative="代表取締役 鈴木 一郎"))
    assert list(BasicPolicy.objects.filter(company=company).values_list("version", "representative")) == [
        (2, "代表取締役 鈴木 一郎"),
        (1, "代表取締役 山田 太郎"),
    ]


def test_policy_versions_are_numbered_per_company(world):
    other = CompanyFactory()
    make_policy(other, world["outsider"])
    assert make_policy(world["company"], world["owner"]).version == 1


def test_policy_in_english(owner_client, world):
    company = world["company"]
    owner_client.post(_new_url(company), _form(company, language="en"))
    policy = BasicPolicy.objects.get(company=company)
    assert policy.title == "Information Security Basic Policy"
    assert policy.parts[-1]["body"] == f"Adopted on 26 November 2026\n{company.name}\n代表取締役 山田 太郎, Representative"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"representative": ""}, "代表者名を入力してください。"),
        ({"representative": "   "}, "代表者名を入力してください。"),
        ({"company_name": ""}, "会社名を入力してください。"),
        ({"policy_date": ""}, "制定日を入力してください。"),
        ({"policy_date": "2026-02-30"}, "制定日が正しい日付ではありません。2026-11-26 のように入力してください。"),
        ({"policy_date": "来週"}, "制定日が正しい日付ではありません。2026-11-26 のように入力してください。"),
        ({"representative": "あ" * 101}, "代表者名は100文字以内で入力してください。"),
        ({"language": "fr"}, "方針の言語は一覧から選んでください。"),
    ],
)
def test_policy_bad_input_names_the_field_and_saves_nothing(owner_client, world, overrides, message):
    company = world["company"]
    response = owner_client.post(_new_url(company), _form(company, **overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "保存していません。下の項目を直してください。" in page
    assert BasicPolicy.objects.count() == 0


def test_policy_japanese_date_input_accepted(owner_client, world):
    company = world["company"]
    owner_client.post(_new_url(company), _form(company, policy_date="2027年1月5日"))
    assert BasicPolicy.objects.get(company=company).policy_date == datetime.date(2027, 1, 5)


def test_policy_adviser_drafts_on_behalf(adviser_client, world):
    company = world["company"]
    adviser_client.post(_new_url(company), _form(company))
    policy = BasicPolicy.objects.get(company=company)
    assert (policy.created_by, policy.created_by_organization) == (world["linked_adviser"], world["linked_org"])
    page = adviser_client.get(reverse("secaction:policy_detail", args=[company.pk, policy.pk])).content.decode()
    assert "連携商工会が会社に代わって作成" in page


def test_policy_adopt_by_owner(owner_client, world):
    company = world["company"]
    policy = make_policy(company, world["owner"])
    page = owner_client.get(reverse("secaction:policy_detail", args=[company.pk, policy.pk])).content.decode()
    assert "この方針を採択する" in page
    response = owner_client.post(reverse("secaction:policy_adopt", args=[company.pk, policy.pk]))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.adopted_by == world["owner"]
    assert policy.adopted_at is not None
    page = owner_client.get(reverse("secaction:policy_detail", args=[company.pk, policy.pk])).content.decode()
    assert "この方針を採択する" not in page
    assert "採択済み" in page


def test_policy_adopt_by_editor_member(client, world):
    editor = member(world["company"], user=UserFactory(), role="editor")
    client.force_login(editor)
    policy = make_policy(world["company"], editor)
    client.post(reverse("secaction:policy_adopt", args=[world["company"].pk, policy.pk]))
    policy.refresh_from_db()
    assert policy.adopted_by == editor


def test_policy_adopt_twice_keeps_first_adoption(owner_client, world):
    company = world["company"]
    policy = make_policy(company, world["owner"])
    url = reverse("secaction:policy_adopt", args=[company.pk, policy.pk])
    owner_client.post(url)
    first = BasicPolicy.objects.get(pk=policy.pk).adopted_at
    owner_client.post(url)
    assert BasicPolicy.objects.get(pk=policy.pk).adopted_at == first


def test_policy_adopt_by_adviser_refused_and_no_button(adviser_client, world):
    company = world["company"]
    policy = make_policy(company, world["linked_adviser"], organization=world["linked_org"])
    page = adviser_client.get(reverse("secaction:policy_detail", args=[company.pk, policy.pk])).content.decode()
    assert "この方針を採択する" not in page
    assert "方針を採択できるのは会社自身だけです。" in page
    response = adviser_client.post(reverse("secaction:policy_adopt", args=[company.pk, policy.pk]))
    assert response.status_code == 404
    policy.refresh_from_db()
    assert (policy.adopted_at, policy.adopted_by) == (None, None)


def test_policy_adopt_by_viewer_member_refused(client, world):
    viewer = member(world["company"], user=UserFactory(), role="viewer")
    client.force_login(viewer)
    policy = make_policy(world["company"], world["owner"])
    assert client.post(reverse("secaction:policy_adopt", args=[world["company"].pk, policy.pk])).status_code == 403
    policy.refresh_from_db()
    assert policy.adopted_at is None


def test_policy_adopt_service_refuses_adviser_access(world):
    from dxnavi.orgs.scoping import CompanyAccess

    policy = make_policy(world["company"], world["owner"])
    access = CompanyAccess(company=world["company"], via="adviser", role="owner", organization=world["linked_org"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.adopt_policy(policy, access=access, user=world["linked_adviser"])


def test_policy_of_other_company_is_404(owner_client, world):
    other = CompanyFactory()
    policy = make_policy(other, world["outsider"])
    for name in ("policy_detail", "policy_pdf", "policy_docx"):
        url = reverse(f"secaction:{name}", args=[world["company"].pk, policy.pk])
        assert owner_client.get(url).status_code == 404
    assert owner_client.post(reverse("secaction:policy_adopt", args=[world["company"].pk, policy.pk])).status_code == 404
    policy.refresh_from_db()
    assert policy.adopted_at is None


def test_policy_latest_adopted_counts(world):
    from dxnavi.orgs.scoping import CompanyAccess

    company = world["company"]
    v1 = make_policy(company, world["owner"], adopted_by=world["owner"])
    v2 = make_policy(company, world["owner"])
    access = CompanyAccess(company=company, via="member", role="owner")
    status = services.status(access)
    assert (status.adopted_policy, status.latest_policy, status.draft_to_adopt) == (v1, v2, v2)
    v2.adopted_at, v2.adopted_by = timezone.now(), world["owner"]
    v2.save()
    status = services.status(access)
    assert (status.adopted_policy, status.draft_to_adopt) == (v2, None)


def test_policy_list_shows_versions(owner_client, world):
    company = world["company"]
    make_policy(company, world["owner"], adopted_by=world["owner"])
    make_policy(company, world["owner"])
    page = owner_client.get(reverse("secaction:policy_list", args=[company.pk])).content.decode()
    assert "第1版" in page and "第2版" in page
    assert page.index("第2版") < page.index("第1版", page.index("版の一覧"))


@pytest.mark.parametrize("typed", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_policy_date_out_of_range_names_field_and_saves_nothing(owner_client, world, typed):
    company = world["company"]
    latest = latest_policy_date(timezone.localdate())
    response = owner_client.post(_new_url(company), _form(company, policy_date=typed))
    assert response.status_code == 200
    assert f"制定日は2000-01-01から{latest:%Y-%m-%d}までの日付で入力してください。" in response.content.decode()
    assert BasicPolicy.objects.count() == 0


def test_policy_date_range_limits_accepted(owner_client, world):
    company = world["company"]
    latest = latest_policy_date(timezone.localdate())
    for day in (datetime.date(2000, 1, 1), latest):
        owner_client.post(_new_url(company), _form(company, policy_date=f"{day:%Y-%m-%d}"))
    assert sorted(BasicPolicy.objects.values_list("policy_date", flat=True)) == [datetime.date(2000, 1, 1), latest]


def test_policy_adopted_and_latest_one_query_matches_the_two_reads(world, django_assert_num_queries):
    from dxnavi.orgs.scoping import CompanyAccess

    company, owner = world["company"], world["owner"]
    access = CompanyAccess(company=company, via="member", role="owner")

    def both():
        with django_assert_num_queries(1):
            pair = services.adopted_and_latest_policy(access)
        assert pair == (services.adopted_policy(access), services.latest_policy(access))
        return pair

    assert both() == (None, None)
    make_policy(CompanyFactory(), owner, adopted_by=owner)  # another company's policy is never read
    v1 = make_policy(company, owner)
    assert both() == (None, v1)
    v2 = make_policy(company, owner, adopted_by=owner)
    v3 = make_policy(company, owner)
    assert both() == (v2, v3)
    # v1 adopted after v2 (adoption time, not version number, decides), v3 still the newest version.
    BasicPolicy.objects.filter(pk=v1.pk).update(adopted_at=timezone.now() + datetime.timedelta(minutes=1), adopted_by=owner)
    v1.refresh_from_db()
    assert both() == (v1, v3)
    BasicPolicy.objects.filter(pk=v3.pk).update(adopted_at=timezone.now() + datetime.timedelta(minutes=2), adopted_by=owner)
    v3.refresh_from_db()
    assert both() == (v3, v3)
