"""The assessments resource: a whole self-check through the API equals the service path's result; bad
answers (every field named, nothing written); a completed check is read-only; a draft has no result;
list filters, pages and CSV; advisers' audit rows; idempotent start and complete."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxnavi.assessments import services
from dxnavi.assessments.models import Answer, Assessment
from dxnavi.orgs.models import AuditEvent
from tests.api.helpers import call, make_token
from tests.assessments.helpers import (
    PACK_ID, QUESTION_IDS, adviser_access, all_answers, answers_for_total, complete_with, load_pack, member_access,
)
from tests.factories import CompanyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(db):
    return load_pack()


def _base(company):
    return f"/api/v1/companies/{company.pk}/assessments"


def _peer_companies(company, n=12):
    """Companies like ``company`` with results, so the peer comparison is shown."""
    for i in range(n):
        other = CompanyFactory(
            name=f"同業{i}", industry_major=company.industry_major, employees=company.employees, prefecture=company.prefecture,
        )
        complete_with(other, answers_for_total(10 + 7 * i))


def _submit_via_api(client, company, token, answers):
    start = call(client, "post", _base(company), token, json={"pack_id": PACK_ID})
    assert start.status_code == 201, start.content
    assessment_id = start.json()["id"]
    saved = call(client, "patch", f"{_base(company)}/{assessment_id}/answers", token, json={"answers": answers})
    assert saved.status_code == 200, saved.content
    done = call(client, "post", f"{_base(company)}/{assessment_id}/complete", token)
    assert done.status_code == 200, done.content
    result = call(client, "get", f"{_base(company)}/{assessment_id}/result", token)
    assert result.status_code == 200
    assert result.json() == done.json()
    return result.json()


def test_selfcheck_through_api_equals_service_path(client, world, pack):
    company = world["company"]
    twin = CompanyFactory(name="双子", industry_major=company.industry_major, employees=company.employees, prefecture=company.prefecture)
    _peer_companies(company)
    answers = answers_for_total(63)
    token = make_token(world["owner"], scope="write")
    data = _submit_via_api(client, company, token, answers)
    # The same steps through the services for a twin company (same peer group).
    service_done = complete_with(twin, answers)
    r = services.result(service_done)
    api_row = Assessment.objects.get(pk=data["id"])
    assert (api_row.total_score, api_row.band_id, api_row.part_scores) == (
        service_done.total_score, service_done.band_id, service_done.part_scores)
    assert data["total_score"] == r.assessment.total_score == 63
    assert data["band"]["id"] == r.band["id"]
    assert [(p["id"], p["score"], p["max"], p["percent"]) for p in data["parts"]] == [
        (p.part["id"], p.score, p.max, p.percent) for p in r.parts]
    assert data["weakest"] == [item.id for item in r.weakest]
    # The twin's result was completed after the API's: the API result's peers are read again now.
    api_peers = services.peer_comparison(api_row)
    assert data["peers"]["shown"] is True
    assert (r.peers.percentile, r.peers.level, r.peers.size_bucket) == (api_peers.percentile, api_peers.level, api_peers.size_bucket)
    fresh = call(client, "get", f"{_base(company)}/{data['id']}/result", token).json()
    assert (fresh["peers"]["percentile"], fresh["peers"]["level"], fresh["peers"]["size_at_least"]) == (
        r.peers.percentile, r.peers.level, r.peers.size_bucket)
    assert fresh["peers"]["group"][0]["key"] == "industry_major"
    assert fresh["peers"]["widened"] is False
    assert data["previous"] is None


def test_result_peers_not_shown_for_a_small_group(client, world, pack):
    company = world["company"]
    token = make_token(world["owner"], scope="write")
    data = _submit_via_api(client, company, token, all_answers("yes"))
    assert data["peers"] == {"shown": False, "percentile": None, "level": None, "group": [], "size_at_least": None,
                             "widened": False, "min_group": 10}
    assert (data["total_score"], data["band"]["id"]) == (100, "full")


def test_start_resumes_the_draft_with_200(client, world, pack):
    token = make_token(world["owner"], scope="write")
    first = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID})
    again = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert (again.json()["status"], again.json()["answered"], again.json()["total_questions"]) == ("draft", 0, 25)


def test_start_unknown_pack_422_names_the_field(client, world, pack):
    token = make_token(world["owner"], scope="write")
    response = call(client, "post", _base(world["company"]), token, json={"pack_id": "no_such_pack"})
    assert response.status_code == 422
    assert [(e["field"], e["message_ja"]) for e in response.json()["errors"]] == [("pack_id", "この質問票はありません。")]
    assert Assessment.objects.count() == 0


def test_start_as_viewer_403(client, world, pack):
    viewer = member(world["company"], role="viewer")
    response = call(client, "post", _base(world["company"]), make_token(viewer, scope="write"), json={"pack_id": PACK_ID})
    assert response.status_code == 403
    assert Assessment.objects.count() == 0


def test_get_assessment_shows_answers_and_progress(client, world, pack):
    token = make_token(world["owner"], scope="write")
    assessment_id = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID}).json()["id"]
    call(client, "patch", f"{_base(world['company'])}/{assessment_id}/answers", token, json={"answers": {"SC01": "yes", "SC02": "no"}})
    call(client, "patch", f"{_base(world['company'])}/{assessment_id}/answers", token, json={"answers": {"SC02": "partial"}})
    data = call(client, "get", f"{_base(world['company'])}/{assessment_id}", token).json()
    assert (data["answers"], data["answered"], data["total_questions"], data["pack_id"], data["strategy"]) == (
        {"SC01": "yes", "SC02": "partial"}, 2, 25, PACK_ID, "sum_bands")
    assert data["pack_version"] == pack.version


def test_bad_answers_422_name_every_field_and_write_nothing(client, world, pack):
    token = make_token(world["owner"], scope="write")
    assessment_id = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID}).json()["id"]
    response = call(client, "patch", f"{_base(world['company'])}/{assessment_id}/answers", token,
                    json={"answers": {"SC01": "yes", "SC03": "maybe", "XX99": "yes", "SC04": {"current": 1}}})
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert sorted(errors) == ["answers.SC03", "answers.SC04", "answers.XX99"]
    assert errors["answers.SC03"]["message_ja"] == "質問3は、表示されている選択肢から選んでください。"
    assert errors["answers.SC03"]["message"] == "Please choose one of the offered answers for question 3."
    assert errors["answers.SC03"]["field_ja"] == "回答（質問3）"
    assert errors["answers.XX99"]["message"] == "This question is not part of this check. Please reload the page."
    assert Answer.objects.count() == 0  # SC01 was valid, but nothing is written


def test_completed_assessment_is_read_only_409(client, world, pack):
    done = complete_with(world["company"], all_answers("yes"))
    token = make_token(world["owner"], scope="write")
    response = call(client, "patch", f"{_base(world['company'])}/{done.pk}/answers", token, json={"answers": {"SC01": "no"}})
    assert (response.status_code, response.json()["code"]) == (409, "conflict")
    assert response.json()["detail"] == "この診断はすでに完了しているため、回答を変えることはできません。"
    assert Answer.objects.get(assessment=done, question_id="SC01").option_id == "yes"


def test_complete_with_missing_answers_422_lists_them(client, world, pack):
    token = make_token(world["owner"], scope="write")
    assessment_id = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID}).json()["id"]
    given = {qid: "yes" for qid in QUESTION_IDS if qid not in ("SC05", "SC20")}
    call(client, "patch", f"{_base(world['company'])}/{assessment_id}/answers", token, json={"answers": given})
    response = call(client, "post", f"{_base(world['company'])}/{assessment_id}/complete", token)
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["answers.SC05", "answers.SC20"]
    assert body["errors"][0]["message_ja"] == "質問5の回答を選んでください。"
    assert "5、20" in body["detail"]
    assert Assessment.objects.get(pk=assessment_id).status == "draft"


def test_draft_result_409(client, world, pack):
    token = make_token(world["owner"], scope="write")
    assessment_id = call(client, "post", _base(world["company"]), token, json={"pack_id": PACK_ID}).json()["id"]
    response = call(client, "get", f"{_base(world['company'])}/{assessment_id}/result", token)
    assert (response.status_code, response.json()["code"]) == (409, "conflict")


def test_other_companys_assessment_404(client, world, pack):
    other = CompanyFactory(name="別会社")
    done = complete_with(other, all_answers("yes"))
    token = make_token(world["owner"])
    response = call(client, "get", f"{_base(world['company'])}/{done.pk}/result", token)
    assert response.status_code == 404
    assert call(client, "get", f"{_base(world['company'])}/{10**18}", token).status_code == 404


def test_result_shows_change_since_previous(client, world, pack):
    company = world["company"]
    first = complete_with(company, all_answers("no"))
    token = make_token(world["owner"], scope="write")
    data = _submit_via_api(client, company, token, {**all_answers("no"), "SC01": "yes", "SC02": "partial"})
    r = services.result(Assessment.objects.get(pk=data["id"]))
    previous = dict(data["previous"])
    assert previous.pop("completed_at")[:19] == first.completed_at.isoformat()[:19]
    assert previous == {
        "id": first.pk, "total_score": 0,
        "total_delta": 6,
        "improved": [{"question_id": "SC01", "before": "no", "after": "yes", "delta": 4},
                     {"question_id": "SC02", "before": "no", "after": "partial", "delta": 2}],
        "worsened": [],
    }
    assert data["previous"]["total_delta"] == r.diff.total_delta


def _completed_at(assessment, when):
    Assessment.objects.filter(pk=assessment.pk).update(completed_at=when, started=when)


def test_list_filters_pagination_and_query_guard(client, world, pack):
    company = world["company"]
    now = timezone.now()
    made = []
    for days in (300, 200, 100, 10):
        a = complete_with(company, all_answers("yes"))
        _completed_at(a, now - datetime.timedelta(days=days))
        made.append(a.pk)
    draft = services.start_or_resume(company, PACK_ID, None, member_access(company))
    token = make_token(world["owner"])
    url = _base(company)
    call(client, "get", url, token, query={"limit": "1"})  # warm the pack cache
    with CaptureQueriesContext(connection) as small:
        first = call(client, "get", url, token, query={"limit": "2"})
    assert 0 < len(small.captured_queries) <= 8
    data = first.json()
    assert [item["id"] for item in data["items"]] == [draft.pk, made[3]]
    second = call(client, "get", url, token, query={"limit": "2", "cursor": data["next_cursor"]}).json()
    third = call(client, "get", url, token, query={"limit": "2", "cursor": second["next_cursor"]}).json()
    assert [i["id"] for i in second["items"]] + [i["id"] for i in third["items"]] == [made[2], made[1], made[0]]
    assert third["next_cursor"] is None
    for _ in range(10):  # the first one completes the draft
        complete_with(company, all_answers("no"))
    with CaptureQueriesContext(connection) as large:
        assert len(call(client, "get", url, token, query={"limit": "20"}).json()["items"]) == 14
    assert len(large.captured_queries) == len(small.captured_queries)
    assert [i["id"] for i in call(client, "get", url, token, query={"status": "draft"}).json()["items"]] == []
    assert len(call(client, "get", url, token, query={"status": "completed"}).json()["items"]) == 14
    window = {"completed_from": (now - datetime.timedelta(days=250)).date().isoformat(),
              "completed_to": (now - datetime.timedelta(days=50)).date().isoformat()}
    assert [i["id"] for i in call(client, "get", url, token, query=window).json()["items"]] == [made[2], made[1]]
    assert call(client, "get", url, token, query={"pack": "dx_stage"}).json()["items"] == []
    bad = call(client, "get", url, token, query={"status": "finished"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "status")


def test_list_csv(client, world, pack):
    company = world["company"]
    done = complete_with(company, all_answers("yes"))
    response = call(client, "get", _base(company), make_token(world["owner"]), query={"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ID,質問票,版,状態,開始日時,完了日時,結果,区分"
    row = lines[1].split(",")
    assert (row[0], row[1], row[3], row[6], row[7]) == (str(done.pk), PACK_ID, "完了", "100", "入門レベル達成")
    assert len(lines) == 2


def test_adviser_requests_are_audited(client, world, pack):
    company = world["company"]
    token = make_token(world["linked_adviser"], scope="write")
    before = AuditEvent.objects.count()
    data = _submit_via_api(client, company, token, all_answers("yes"))
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "outcome", "organization_id")[before:])
    org = world["linked_org"].pk
    assert events == [("change", "done", org), ("change", "done", org), ("change", "done", org), ("view", "done", org)]
    row = Assessment.objects.get(pk=data["id"])
    assert (row.on_behalf_org_id, row.answered_by_id) == (org, world["linked_adviser"].pk)
    # A refused change is audited as rejected.
    response = call(client, "patch", f"{_base(company)}/{data['id']}/answers", token, json={"answers": {"SC01": "no"}})
    assert response.status_code == 409
    assert AuditEvent.objects.order_by("-pk").values_list("action", "outcome").first() == ("change", "rejected")
    call(client, "get", _base(company), token, query={"format": "csv"})
    assert AuditEvent.objects.order_by("-pk").values_list("action", "outcome").first() == ("export", "done")


def test_idempotent_start_and_complete_replay(client, world, pack):
    company = world["company"]
    token = make_token(world["owner"], scope="write")
    first = call(client, "post", _base(company), token, json={"pack_id": PACK_ID}, headers={"Idempotency-Key": "s1"})
    again = call(client, "post", _base(company), token, json={"pack_id": PACK_ID}, headers={"Idempotency-Key": "s1"})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assessment_id = first.json()["id"]
    call(client, "patch", f"{_base(company)}/{assessment_id}/answers", token, json={"answers": all_answers("partial")})
    url = f"{_base(company)}/{assessment_id}/complete"
    done = call(client, "post", url, token, headers={"Idempotency-Key": "c1"})
    replay = call(client, "post", url, token, headers={"Idempotency-Key": "c1"})
    assert (done.status_code, replay.status_code, replay["Idempotent-Replayed"]) == (200, 200, "true")
    assert replay.json() == done.json()
    assert (done.json()["total_score"], Assessment.objects.filter(company=company, status="completed").count()) == (50, 1)


def test_result_english_labels_and_band(client, world, pack):
    token = make_token(world["owner"], scope="write")
    data = _submit_via_api(client, world["company"], token, all_answers("no"))
    band = pack.spec.band(data["band"]["id"])
    assert data["band"]["label"] == {"ja": band["label"]["ja"], "en": band["label"]["en"]}
    assert data["parts"][0]["title"]["ja"] == pack.spec.parts[0]["title"]["ja"]
    assert (data["stage"], data["maturity"], data["total_max"]) == (None, None, 100)


def test_read_token_cannot_save_answers(client, world, pack):
    draft = services.start_or_resume(world["company"], PACK_ID, None, member_access(world["company"]))
    response = call(client, "patch", f"{_base(world['company'])}/{draft.pk}/answers", make_token(world["owner"]),
                    json={"answers": {"SC01": "yes"}})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    assert Answer.objects.count() == 0


def test_service_adviser_access_matches(world, pack):
    """The helper used above for advisers (services with the organization) agrees with the API's rows."""
    access = adviser_access(world["company"], world["linked_org"])
    done = complete_with(world["company"], all_answers("yes"), user=world["linked_adviser"], access=access)
    assert done.on_behalf_org_id == world["linked_org"].pk


def _submit_pack_via_api(client, company, token, pack_id, answers):
    base = _base(company)
    assessment_id = call(client, "post", base, token, json={"pack_id": pack_id}).json()["id"]
    saved = call(client, "patch", f"{base}/{assessment_id}/answers", token, json={"answers": answers})
    assert saved.status_code == 200, saved.content
    done = call(client, "post", f"{base}/{assessment_id}/complete", token)
    assert done.status_code == 200, done.content
    return done.json()


def test_dx_stage_result_fields_equal_the_web_view(client, world):
    from tests.dxdiag.helpers import STAGE_PACK, load_packs, stage_answers

    load_packs()
    token = make_token(world["owner"], scope="write")
    data = _submit_pack_via_api(client, world["company"], token, STAGE_PACK, stage_answers("stage3", yes=("paperless", "website", "cloud")))
    d = services.result(Assessment.objects.get(pk=data["id"])).detail
    stage = data["stage"]
    assert (stage["self_stage"], stage["estimate"], stage["estimate_percent"], stage["uncertain"]) == (
        "stage3", d.estimate["id"], round(d.estimate_percent, 1), d.uncertain)
    assert [(row["id"], row["is_estimate"], row["is_self"]) for row in stage["stages"]] == [
        (row.band["id"], row.is_estimate, row.is_self) for row in d.stages]
    assert (stage["activities_done"], stage["activities_total"], stage["reconciliation"]) == (3, 13, d.reconciliation.code)
    assert (data["maturity"], data["parts"], data["total_max"]) == (None, [], None)


def test_dx_maturity_result_levels_equal_the_web_view(client, world):
    from tests.dxdiag.helpers import MATURITY_PACK, load_packs, maturity_answers

    load_packs()
    token = make_token(world["owner"], scope="write")
    data = _submit_pack_via_api(client, world["company"], token, MATURITY_PACK, maturity_answers(DM01=(3, 5), DM10=(2, 2)))
    d = services.result(Assessment.objects.get(pk=data["id"])).detail
    maturity = data["maturity"]
    assert (maturity["current"], maturity["target"], maturity["level"], maturity["max_level"]) == (
        d.rollup.current_h / 100, d.rollup.target_h / 100, d.rollup.level, 5)
    assert [(p["id"], p["current"], p["target"]) for p in maturity["pillars"]] == [
        (p.part["id"], p.current_h / 100, p.target_h / 100) for p in d.rollup.pillars]
    assert maturity["gaps"] == [item.id for item in d.gaps]
    assert maturity["pillars"][0]["current"] == 2.0  # vision: DM01 3, DM02 1


def test_level_question_bad_value_named(client, world):
    from tests.dxdiag.helpers import MATURITY_PACK, level, load_packs

    load_packs()
    token = make_token(world["owner"], scope="write")
    assessment_id = call(client, "post", _base(world["company"]), token, json={"pack_id": MATURITY_PACK}).json()["id"]
    response = call(client, "patch", f"{_base(world['company'])}/{assessment_id}/answers", token,
                    json={"answers": {"DM01": level(3, 1), "DM02": level(1, 2)}})
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [(
        "answers.DM01",
        "Question 1: the 3-year target cannot be lower than the current level (3). Please choose the target again.",
    )]
    assert Answer.objects.count() == 0
