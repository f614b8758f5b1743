"""★★ basic policy text: the company edits it, the required sections stay, every save is a
new version; restore and compare versions."""

import datetime

import pytest
from django.urls import reverse

from dxnavi.secaction import content, domain, services
from dxnavi.secaction.models import BasicPolicy

from .conftest import make_policy
from .test_policy import _form

REQUIRED = ["management_responsibility", "internal_structure", "employee_efforts", "legal_compliance", "incident_response"]


def _values(company, **extra):
    return {
        "company_name": company.name, "representative": "代表取締役 山田 太郎",
        "policy_date": datetime.date(2026, 11, 26), "language": "ja", **extra,
    }


def _template_sections(company):
    _preamble, sections = services.editable_text(None, **_values(company))
    return sections


def _new_url(company):
    return reverse("secaction:policy_new", args=[company.pk])


# --- content and rules -----------------------------------------------------------------------


def test_required_sections_come_from_the_content():
    assert list(content.required_section_ids()) == REQUIRED


def test_content_refuses_a_required_flag_that_is_not_a_boolean():
    data = content._read()
    broken = {**data, "basic_policy_template": {**data["basic_policy_template"]}}
    broken["basic_policy_template"]["sections"] = [{**data["basic_policy_template"]["sections"][0], "required": "yes"}]
    with pytest.raises(ValueError, match="required must be true or false"):
        content.validate(broken)


def test_check_policy_text_names_missing_and_empty_sections():
    parts = [{"id": "preamble", "title": "前文", "body": "前文"}, {"id": "a", "title": "A", "body": "  "}]
    problems = domain.check_policy_text(parts, required=["a", "b"], titles={"a": "A", "b": "B"})
    assert [(p.code, p.part_id, p.title) for p in problems] == [("empty", "a", "A"), ("missing", "b", "B")]


def test_check_policy_text_accepts_a_complete_text():
    parts = [{"id": "preamble", "title": "前文", "body": "x"}, {"id": "a", "title": "A", "body": "y"}]
    assert domain.check_policy_text(parts, required=["a"], titles={"a": "A"}) == []


# --- saving versions -------------------------------------------------------------------------


def test_save_policy_version_keeps_edited_text_author_and_time(world):
    company = world["company"]
    sections = _template_sections(company)
    sections[0]["body"] = "社長が先頭に立ちます。"
    sections.append({"id": "own-1", "title": "個人情報の取扱い", "body": "必要な範囲だけで扱います。"})
    policy = services.save_policy_version(company, world["owner"], **_values(company), preamble="当社の前文。", sections=sections)
    assert policy.version == 1
    assert (policy.created_by, policy.created_by_organization) == (world["owner"], None)
    assert policy.created_at is not None
    assert [p["id"] for p in policy.parts] == ["preamble", *REQUIRED, "own-1", "closing"]
    assert policy.parts[0]["body"] == "当社の前文。"
    assert policy.parts[1] == {"id": "management_responsibility", "title": "経営者の責任", "body": "社長が先頭に立ちます。"}
    assert policy.parts[6] == {"id": "own-1", "title": "個人情報の取扱い", "body": "必要な範囲だけで扱います。"}
    assert policy.parts[-1]["body"] == f"制定日：2026年11月26日\n{company.name}\n代表者：代表取締役 山田 太郎"


def test_save_policy_version_keeps_the_content_heading_of_required_sections(world):
    company = world["company"]
    sections = _template_sections(company)
    sections[1]["title"] = "体制は不要"
    policy = services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    assert policy.parts[2]["title"] == "社内体制の整備"


def test_save_policy_version_without_a_required_section_saves_nothing(world):
    company = world["company"]
    sections = [s for s in _template_sections(company) if s["id"] != "legal_compliance"]
    with pytest.raises(services.PolicyTextError) as error:
        services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    assert error.value.messages == ["「法令及び契約上の要求事項の遵守」は必須の項目のため、削除できません。"]
    assert BasicPolicy.objects.count() == 0


def test_save_policy_version_with_an_empty_required_section_saves_nothing(world):
    company = world["company"]
    sections = _template_sections(company)
    sections[4]["body"] = " \n "
    with pytest.raises(services.PolicyTextError) as error:
        services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    assert error.value.messages == ["「違反及び事故への対応」の本文が空です。本文を入力してください。"]
    assert BasicPolicy.objects.count() == 0


def test_save_policy_version_refuses_own_section_without_heading(world):
    company = world["company"]
    sections = [*_template_sections(company), {"id": "own-1", "title": "", "body": "本文だけ"}]
    with pytest.raises(services.PolicyTextError) as error:
        services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    assert error.value.messages == [
        "独自の項目に見出しがありません。見出しを入力するか、削除するときは見出しと本文の両方を空にしてください。"
    ]


def test_every_save_is_a_new_immutable_version(world):
    company = world["company"]
    v1 = services.save_policy_version(company, world["owner"], **_values(company))
    sections = _template_sections(company)
    sections[0]["body"] = "第2版の文章。"
    v2 = services.save_policy_version(company, world["linked_adviser"], **_values(company), sections=sections,
                                      organization=world["linked_org"])
    v1_parts = BasicPolicy.objects.get(pk=v1.pk).parts
    assert [v1.version, v2.version] == [1, 2]
    assert v1_parts[1]["body"] == _template_sections(company)[0]["body"]
    assert (v2.created_by, v2.created_by_organization) == (world["linked_adviser"], world["linked_org"])


def test_restore_makes_a_new_version_copying_the_old_one(world):
    company = world["company"]
    sections = _template_sections(company)
    sections[0]["body"] = "第1版だけの文章。"
    v1 = services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    v2 = services.save_policy_version(company, world["owner"], **_values(company, representative="代表 鈴木"))
    v3 = services.restore_policy_version(v1, user=world["owner"])
    assert (v3.version, v3.restored_from_version, v3.created_by) == (3, 1, world["owner"])
    assert v3.parts == v1.parts
    assert v3.representative == "代表取締役 山田 太郎"
    assert BasicPolicy.objects.get(pk=v2.pk).representative == "代表 鈴木"  # nothing in between is rewritten


def test_diff_parts_marks_changed_added_and_removed_text():
    old = [{"id": "a", "title": "A", "body": "社員は守る"}, {"id": "gone", "title": "G", "body": "古い"}]
    new = [{"id": "a", "title": "A", "body": "全社員は守る"}, {"id": "own-1", "title": "N", "body": "新しい"}]
    diff = domain.diff_parts(old, new)
    assert [(d.part_id, d.status) for d in diff] == [("a", "changed"), ("own-1", "added"), ("gone", "removed")]
    assert diff[0].segments == (("same", "A\n"), ("ins", "全"), ("same", "社員は守る"))


# --- the editor page -------------------------------------------------------------------------


def test_editor_starts_from_the_latest_version_text(owner_client, world):
    company = world["company"]
    sections = _template_sections(company)
    sections[2]["body"] = "最新版の従業員の文章。"
    services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    page = owner_client.get(_new_url(company)).content.decode()
    assert "最新版の従業員の文章。</textarea>" in page
    assert "第1版の文章から始めています。" in page


def test_editor_from_template_in_english(owner_client, world):
    company = world["company"]
    make_policy(company, world["owner"])
    page = owner_client.get(_new_url(company) + "?from=template&language=en").content.decode()
    assert "Management responsibility" in page
    assert '<input type="hidden" name="language" value="en"' in page


def test_editor_from_a_version_of_another_company_is_404(owner_client, world):
    from tests.factories import CompanyFactory

    other = make_policy(CompanyFactory(), world["outsider"])
    assert owner_client.get(_new_url(world["company"]) + f"?from={other.pk}").status_code == 404


def test_editor_saves_edited_text_and_own_section(owner_client, world):
    company = world["company"]
    data = _form(company, body_employee_efforts="全員が年1回の研修を受けます。", own_title_1="個人情報", own_body_1="大切に扱います。")
    response = owner_client.post(_new_url(company), data)
    policy = BasicPolicy.objects.get(company=company)
    assert response.status_code == 302
    assert policy.parts[3]["body"] == "全員が年1回の研修を受けます。"
    assert policy.parts[-2] == {"id": "own-1", "title": "個人情報", "body": "大切に扱います。"}


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"body_management_responsibility": ""}, "「経営者の責任」の本文が空です。本文を入力してください。"),
        ({"body_incident_response": "   "}, "「違反及び事故への対応」の本文が空です。本文を入力してください。"),
        ({"preamble": ""}, "「前文」の本文が空です。本文を入力してください。"),
        ({"own_body_1": "見出しのない本文"}, "独自の項目に見出しがありません。"),
        ({"body_legal_compliance": "あ" * 3001}, "「法令及び契約上の要求事項の遵守」の本文は3000文字以内で入力してください。"),
    ],
)
def test_editor_bad_text_names_the_section_and_saves_nothing(owner_client, world, overrides, message):
    company = world["company"]
    data = _form(company, **overrides)
    response = owner_client.post(_new_url(company), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "保存していません。下の項目を直してください。" in page
    assert BasicPolicy.objects.count() == 0


def test_editor_missing_required_field_in_post_saves_nothing(owner_client, world):
    company = world["company"]
    data = _form(company)
    del data["body_internal_structure"]
    page = owner_client.post(_new_url(company), data).content.decode()
    assert "「社内体制の整備」の本文が空です。本文を入力してください。" in page
    assert BasicPolicy.objects.count() == 0


def test_editor_viewer_member_refused(client, world):
    from tests.factories import UserFactory, member

    viewer = member(world["company"], user=UserFactory(), role="viewer")
    client.force_login(viewer)
    assert client.post(_new_url(world["company"]), _form(world["company"])).status_code == 403
    assert BasicPolicy.objects.count() == 0


def test_restore_view_creates_new_version(owner_client, world):
    company = world["company"]
    v1 = make_policy(company, world["owner"])
    make_policy(company, world["owner"], representative="代表 鈴木")
    response = owner_client.post(reverse("secaction:policy_restore", args=[company.pk, v1.pk]))
    v3 = BasicPolicy.objects.get(company=company, version=3)
    assert response["Location"] == reverse("secaction:policy_detail", args=[company.pk, v3.pk])
    assert (v3.restored_from_version, v3.representative) == (1, "代表取締役 山田 太郎")
    page = owner_client.get(response["Location"]).content.decode()
    assert "第1版を復元した写しです。" in page


def test_versions_list_shows_author_and_time(owner_client, world):
    company = world["company"]
    make_policy(company, world["owner"])
    make_policy(company, world["linked_adviser"], organization=world["linked_org"])
    page = owner_client.get(reverse("secaction:policy_list", args=[company.pk])).content.decode()
    assert world["owner"].name in page and world["linked_adviser"].name in page
    assert "連携商工会" in page


def test_compare_page_shows_changes_against_previous_version(owner_client, world):
    company = world["company"]
    make_policy(company, world["owner"])
    sections = _template_sections(company)
    sections[0]["body"] = sections[0]["body"] + "毎年見直します。"
    v2 = services.save_policy_version(company, world["owner"], **_values(company), sections=sections)
    page = owner_client.get(reverse("secaction:policy_compare", args=[company.pk, v2.pk])).content.decode()
    assert "第1版から第2版への変更です。" in page
    assert "<ins>毎年見直します。</ins>" in page
    assert page.count("変更なし") == 6  # the preamble, the four other sections and the closing


def test_compare_with_a_version_of_another_company_is_404(owner_client, world):
    from tests.factories import CompanyFactory

    mine = make_policy(world["company"], world["owner"])
    other = make_policy(CompanyFactory(), world["outsider"])
    url = reverse("secaction:policy_compare", args=[world["company"].pk, mine.pk]) + f"?with={other.pk}"
    assert owner_client.get(url).status_code == 404


def test_readiness_no_longer_speaks_of_a_template_below(owner_client, world):
    page = owner_client.get(reverse("secaction:readiness", args=[world["company"].pk])).content.decode()
    assert "下のひな形" not in page
    assert "IPAのサンプルに沿ったひな形があります。" in page
