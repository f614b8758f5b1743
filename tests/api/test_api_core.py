"""Problems, pagination, ETags, caching rule, CSV, the companies and packs resources, adviser audit."""

import pytest
from django.core.management import call_command

from dxnavi.orgs.models import AuditEvent
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_problem_not_found_japanese_by_default(client, world):
    token = make_token(world["outsider"])
    response = call(client, "get", f"/api/v1/companies/{world['company'].pk}", token)
    body = response.json()
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert (body["type"], body["status"], body["code"], body["instance"]) == (
        "/api/v1/problems/not_found", 404, "not_found", f"/api/v1/companies/{world['company'].pk}")
    assert body["title"] == "見つかりません"


def test_problem_english_with_accept_language(client, world):
    token = make_token(world["outsider"])
    response = call(client, "get", f"/api/v1/companies/{world['company'].pk}", token, headers={"Accept-Language": "en"})
    assert response.json()["title"] == "Not found"


def test_problem_validation_errors_carry_both_languages(client, world):
    token = make_token(world["owner"])
    response = call(client, "get", "/api/v1/companies", token, query={"limit": "0"})
    body = response.json()
    assert response.status_code == 422
    assert body["errors"] == [{
        "field": "limit", "field_ja": "件数", "message": "Enter a value of at least 1.", "message_ja": "1以上の値を入力してください。",
    }]


def test_problem_unknown_api_path_and_method(client, world):
    token = make_token(world["owner"])
    assert call(client, "get", "/api/v1/nothing", token).json()["code"] == "not_found"
    response = call(client, "delete", "/api/v1/companies", token)
    assert (response.status_code, response["Content-Type"], response.json()["code"]) == (
        405, "application/problem+json", "method_not_allowed")


def test_problem_type_page_is_served(client):
    assert client.get("/api/v1/problems/not_found").status_code == 200
    assert client.get("/api/v1/problems/unknown").status_code == 404


def test_companies_list_only_visible_and_paginated(client, world, django_assert_max_num_queries):
    owner = world["owner"]
    for n in range(4):
        member(CompanyFactory(name=f"会社{n}"), user=owner)
    token = make_token(owner)
    with django_assert_max_num_queries(6):
        first = call(client, "get", "/api/v1/companies", token, query={"limit": "2"})
    data = first.json()
    assert [c["name"] for c in data["items"]] == sorted([world["company"].name, "会社0", "会社1", "会社2", "会社3"])[:2]
    assert first["Link"].endswith('; rel="next"')
    names = [c["name"] for c in data["items"]]
    cursor = data["next_cursor"]
    while cursor:
        page = call(client, "get", "/api/v1/companies", token, query={"limit": "2", "cursor": cursor}).json()
        names += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
    assert names == sorted([world["company"].name, "会社0", "会社1", "会社2", "会社3"])
    assert "他社株式会社" not in names


def test_companies_forged_cursor_400(client, world):
    token = make_token(world["owner"])
    response = call(client, "get", "/api/v1/companies", token, query={"cursor": "eyJvIjpbXX0:forged"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")


def test_companies_filters(client, world):
    owner = world["owner"]
    member(CompanyFactory(name="北の会社", prefecture="01"), user=owner)
    token = make_token(owner)
    data = call(client, "get", "/api/v1/companies", token, query={"prefecture": "01"}).json()
    assert [c["name"] for c in data["items"]] == ["北の会社"]
    data = call(client, "get", "/api/v1/companies", token, query={"q": "北の"}).json()
    assert [c["name"] for c in data["items"]] == ["北の会社"]


def test_companies_adviser_list_audited_as_list(client, world):
    token = make_token(world["linked_adviser"])
    data = call(client, "get", "/api/v1/companies", token).json()
    assert [(c["id"], c["via"]) for c in data["items"]] == [(world["company"].pk, "adviser")]
    rows = list(AuditEvent.objects.filter(company=world["company"]).values_list("action", "organization_id", "count"))
    assert rows == [("list", world["linked_org"].pk, 1)]


def test_company_detail_adviser_view_audited(client, world):
    token = make_token(world["linked_adviser"])
    path = f"/api/v1/companies/{world['company'].pk}"
    data = call(client, "get", path, token).json()
    assert data["is_sme"]["reason"]["ja"] != "" and data["is_sme"]["reason"]["en"] != ""
    assert data["via"] == "adviser"
    rows = list(AuditEvent.objects.filter(company=world["company"]).values_list("action", "outcome", "path"))
    assert rows == [("view", "done", path)]


def test_company_detail_owner_not_audited(client, world):
    token = make_token(world["owner"])
    assert call(client, "get", f"/api/v1/companies/{world['company'].pk}", token).status_code == 200
    assert AuditEvent.objects.count() == 0


def test_company_patch_recomputes_derived_flags(client, world):
    company = world["company"]
    token = make_token(world["owner"], scope="write")
    response = call(client, "patch", f"/api/v1/companies/{company.pk}", token, json={"employees": 5000, "capital_yen": 10**10})
    company.refresh_from_db()
    assert response.status_code == 200
    assert (company.employees, company.is_sme, response.json()["is_sme"]["value"]) == (5000, False, False)


def test_company_patch_form_validation_names_field(client, world):
    company = world["company"]
    token = make_token(world["owner"], scope="write")
    response = call(client, "patch", f"/api/v1/companies/{company.pk}", token, json={"employees": -1})
    body = response.json()
    assert response.status_code == 422
    assert [(e["field"], e["field_ja"]) for e in body["errors"]] == [("employees", "常時使用する従業員数")]
    assert body["errors"][0]["message_ja"] == "従業員数にマイナスの値は入力できません。"
    company.refresh_from_db()
    assert company.employees != -1


def test_company_patch_read_token_insufficient_scope(client, world):
    token = make_token(world["owner"], scope="read")
    response = call(client, "patch", f"/api/v1/companies/{world['company'].pk}", token, json={"name": "x"})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")


def test_company_patch_adviser_change_audited(client, world):
    token = make_token(world["linked_adviser"], scope="write")
    path = f"/api/v1/companies/{world['company'].pk}"
    assert call(client, "patch", path, token, json={"representative": "代表 花子"}).status_code == 200
    assert list(AuditEvent.objects.values_list("action", "outcome")) == [("change", "done")]


def test_token_company_limit_hides_other_companies(client, world):
    owner = world["owner"]
    other = CompanyFactory(name="別会社")
    member(other, user=owner)
    token = make_token(owner, company=world["company"])
    assert call(client, "get", f"/api/v1/companies/{other.pk}", token).status_code == 404
    data = call(client, "get", "/api/v1/companies", token).json()
    assert [c["id"] for c in data["items"]] == [world["company"].pk]


def test_token_organization_limit_excludes_own_companies(client, world):
    adviser = world["linked_adviser"]
    own = CompanyFactory(name="自分の会社")
    member(own, user=adviser)
    token = make_token(adviser, organization=world["linked_org"])
    assert call(client, "get", f"/api/v1/companies/{own.pk}", token).status_code == 404
    assert call(client, "get", f"/api/v1/companies/{world['company'].pk}", token).status_code == 200
    data = call(client, "get", "/api/v1/companies", token).json()
    assert [c["id"] for c in data["items"]] == [world["company"].pk]


def test_etag_304_and_cache_control(client, world):
    token = make_token(world["owner"])
    path = f"/api/v1/companies/{world['company'].pk}"
    first = call(client, "get", path, token)
    assert first["Cache-Control"] == "private, no-cache"
    assert first["ETag"].startswith('"') and len(first["ETag"]) == 66
    again = call(client, "get", path, token, headers={"If-None-Match": first["ETag"]})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    other = call(client, "get", path, token, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_etag_changes_with_content(client, world):
    token = make_token(world["owner"], scope="write")
    path = f"/api/v1/companies/{world['company'].pk}"
    before = call(client, "get", path, token)["ETag"]
    call(client, "patch", path, token, json={"representative": "新 代表"})
    assert call(client, "get", path, token, headers={"If-None-Match": before}).status_code == 200


def test_csv_variant_neutralises_formulas_and_has_bom(client, world):
    owner = world["owner"]
    member(CompanyFactory(name="=cmd|' /C calc'!A0"), user=owner)
    token = make_token(owner)
    response = call(client, "get", "/api/v1/companies", token, query={"format": "csv"})
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert text.startswith("\ufeffID,会社名,")
    assert "'=cmd" in text
    assert "\n=cmd" not in text and ",=cmd" not in text


def test_csv_adviser_download_audited_as_export(client, world):
    token = make_token(world["linked_adviser"])
    call(client, "get", "/api/v1/companies", token, query={"format": "csv"})
    assert list(AuditEvent.objects.values_list("action", "company_id")) == [("export", world["company"].pk)]


def test_csv_too_many_rows_400(client, world, monkeypatch):
    from dxnavi.api import csv_variant as api_csv

    monkeypatch.setattr(api_csv, "MAX_ROWS", 1)
    member(CompanyFactory(), user=world["owner"])
    token = make_token(world["owner"])
    response = call(client, "get", "/api/v1/companies", token, query={"format": "csv"})
    assert (response.status_code, response.json()["code"]) == (400, "too_many_rows")


def test_packs_list_and_detail(client):
    call_command("load_content", verbosity=0)
    token = make_token(UserFactory())
    data = call(client, "get", "/api/v1/packs", token).json()
    pack_ids = sorted({p["pack_id"] for p in data["items"]})
    assert pack_ids == ["dx_maturity", "dx_stage", "security_selfcheck"]
    detail = call(client, "get", "/api/v1/packs/security_selfcheck", token).json()
    questions = [q for part in detail["parts"] for q in part["questions"]]
    assert len(questions) == 25
    assert [o["label"]["ja"] for o in questions[0]["options"]][0] == "実施している"
    assert call(client, "get", "/api/v1/packs/nothing", token).status_code == 404


@pytest.mark.parametrize("method", ["get", "patch"])
def test_company_id_too_large_is_404(client, world, method):
    token = make_token(world["owner"], scope="write")
    response = call(client, method, "/api/v1/companies/99999999999999999999999999", token, json={})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_validation_error_query_parameter_named_by_japanese_title(client, world):
    token = make_token(world["owner"])
    response = call(client, "get", "/api/v1/companies", token, query={"prefecture": "東京都です"})
    body = response.json()
    assert response.status_code == 422
    assert [(e["field"], e["field_ja"]) for e in body["errors"]] == [("prefecture", "都道府県")]


def test_schema_labels_keep_japanese_titles_only():
    from dxnavi.api.problems import schema_labels

    schema = {
        "components": {"schemas": {"A": {"properties": {"pack_id": {"title": "Pack Id"}, "amount": {"title": "金額"}}}}},
        "paths": {"/x": {"get": {"parameters": [{"name": "q", "schema": {"title": "会社名"}}, {"name": "limit", "schema": {"title": "Limit"}}]}}},
    }
    assert schema_labels(schema) == {"amount": "金額", "q": "会社名"}
