"""jGrants importer: parsing the documented payloads, the diff, the review queue and the command.

The API is served by a real HTTP server on 127.0.0.1 (tests/subsidies/jgrants_server.py) from
the JSON files in tests/subsidies/fixtures/; "unreachable" is a closed port. No internet.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dxnavi.subsidies import jgrants_import
from dxnavi.subsidies.domain import jgrants as domain
from dxnavi.subsidies.models import JGrantsCandidate
from tests.subsidies.jgrants_server import closed_port_url, jgrants_server, load_fixture  # noqa: F401 (fixtures)

DX_ID = "a0WJ200000DXAI2027"
LOCAL_ID = "a0WJ200000LOCALDX1"
KEYWORD = "デジタル化"


def _detail(subsidy_id):
    return load_fixture(f"jgrants_detail_{subsidy_id}.json")


# --- parsing (pure) ----------------------------------------------------------------------------


def test_parse_subsidy_detail_reads_every_catalog_field():
    parsed = domain.parse_subsidy(domain.results(_detail(DX_ID))[0])
    assert parsed == {
        "id": DX_ID,
        "name": "S-00009101",
        "title": "デジタル化・AI導入補助金2027（通常枠）",
        "target_area": "全国",
        "target_employees": "従業員の制約なし",
        "subsidy_rate": "1/2以内",
        "subsidy_max_limit": 4500000,
        "acceptance_start": "2027-03-29",
        "acceptance_end": "2027-05-11",
        "url": "https://www.jgrants-portal.go.jp/subsidy/a0WJ200000DXAI2027",
    }


def test_jst_date_late_utc_evening_is_the_next_day_in_japan():
    assert domain.jst_date("2027-01-31T15:30:00.000Z") == "2027-02-01"


def test_jst_date_unreadable_value_is_none():
    assert (domain.jst_date(""), domain.jst_date(None), domain.jst_date("not a date")) == (None, None, None)


def test_parse_subsidy_missing_fields_become_empty():
    parsed = domain.parse_subsidy({"id": "X1", "title": "補助金", "subsidy_max_limit": "many"})
    assert (parsed["subsidy_rate"], parsed["subsidy_max_limit"], parsed["acceptance_end"]) == ("", None, None)


def test_results_without_result_list_is_refused():
    with pytest.raises(domain.PayloadError, match="no 'result' list"):
        domain.results({"message": "Internal Server Error"})


def test_match_program_by_official_name():
    assert [domain.match_program(t) for t in ("デジタル化・AI導入補助金2027（通常枠）", "小規模事業者持続化補助金＜一般型＞", "○○市 補助金")] == [
        "it",
        "jizokuka",
        "",
    ]


def test_diff_new_program_lists_fields_with_values():
    parsed = domain.parse_subsidy(_detail(LOCAL_ID)["result"][0])
    assert [d["field"] for d in domain.diff(parsed, None)] == list(domain.COMPARED)


def test_diff_changed_program_lists_only_changed_fields():
    before = domain.parse_subsidy(_detail(DX_ID)["result"][0])
    after = {**before, "acceptance_end": "2027-05-25", "subsidy_rate": "2/3以内"}
    assert domain.diff(after, before) == [
        {"field": "subsidy_rate", "old": "1/2以内", "new": "2/3以内"},
        {"field": "acceptance_end", "old": "2027-05-11", "new": "2027-05-25"},
    ]


def test_catalog_notes_deadline_not_in_catalog():
    parsed = {"acceptance_end": "2027-05-11"}
    windows = {"it": [{"deadline": "2026-05-12"}, {"deadline": "2026-06-15"}]}
    assert domain.catalog_notes(parsed, "it", windows) == [
        {"field": "catalog_deadlines", "old": ["2026-05-12", "2026-06-15"], "new": "2027-05-11"}
    ]


def test_catalog_notes_deadline_already_in_catalog_is_quiet():
    assert domain.catalog_notes({"acceptance_end": "2026-05-12"}, "it", {"it": [{"deadline": "2026-05-12"}]}) == []


# --- the queue (real HTTP on loopback) ---------------------------------------------------------


def test_import_queues_new_programs_as_pending(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    report = jgrants_import.run([KEYWORD], base=base, timeout=5)
    rows = {c.jgrants_id: c for c in JGrantsCandidate.objects.all()}
    assert (report.found, len(report.new), len(report.changed), report.unchanged) == (2, 2, 0, 0)
    assert {k: (c.status, c.kind, c.program_id) for k, c in rows.items()} == {
        DX_ID: ("pending", "new", "it"),
        LOCAL_ID: ("pending", "new", ""),
    }
    assert rows[DX_ID].raw == _detail(DX_ID)["result"][0]
    catalog_deadlines = ["2026-05-12", "2026-06-15", "2026-07-21", "2026-08-25"]
    assert {"field": "catalog_deadlines", "old": catalog_deadlines, "new": "2027-05-11"} in rows[DX_ID].diff


def test_import_sends_the_documented_list_parameters(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    jgrants_import.run([KEYWORD], base=base, timeout=5, acceptance=0)
    assert handler.requests == [
        "/exp/v1/public/subsidies?keyword=%E3%83%87%E3%82%B8%E3%82%BF%E3%83%AB%E5%8C%96"
        "&sort=acceptance_end_datetime&order=DESC&acceptance=0"
    ]


def test_import_twice_unchanged_queues_nothing_new(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    jgrants_import.run([KEYWORD], base=base, timeout=5)
    report = jgrants_import.run([KEYWORD], base=base, timeout=5)
    assert (len(report.new), len(report.changed), report.unchanged) == (0, 0, 2)


def test_import_changed_accepted_program_goes_back_to_pending_with_diff(db, catalogs, jgrants_server, django_user_model):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    jgrants_import.run([KEYWORD], base=base, timeout=5)
    operator = django_user_model.objects.create_superuser("op@example.com", "operator-pass-2026")
    jgrants_import.accept(JGrantsCandidate.objects.get(jgrants_id=DX_ID), operator)
    changed = _detail(DX_ID)
    changed["result"][0]["acceptance_end_datetime"] = "2027-05-25T08:00:00.000Z"
    handler.responses[("detail", DX_ID)] = changed
    report = jgrants_import.run([KEYWORD], base=base, timeout=5)
    row = JGrantsCandidate.objects.get(jgrants_id=DX_ID)
    assert report.changed == ["デジタル化・AI導入補助金2027（通常枠）"]
    assert (row.status, row.kind, row.accepted["acceptance_end"], row.parsed["acceptance_end"]) == (
        "pending",
        "changed",
        "2027-05-11",
        "2027-05-25",
    )
    assert row.diff[0] == {"field": "acceptance_end", "old": "2027-05-11", "new": "2027-05-25"}


def test_import_rejected_unchanged_program_stays_rejected(db, catalogs, jgrants_server, django_user_model):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    jgrants_import.run([KEYWORD], base=base, timeout=5)
    operator = django_user_model.objects.create_superuser("op@example.com", "operator-pass-2026")
    jgrants_import.reject(JGrantsCandidate.objects.get(jgrants_id=LOCAL_ID), operator)
    jgrants_import.run([KEYWORD], base=base, timeout=5)
    assert JGrantsCandidate.objects.get(jgrants_id=LOCAL_ID).status == "rejected"


# --- the command -------------------------------------------------------------------------------


def test_command_reports_counts_and_where_to_review(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    out = io.StringIO()
    call_command("import_jgrants", "--keyword", KEYWORD, "--base-url", base, stdout=out)
    assert out.getvalue().splitlines() == [
        f"jGrants ({base}): 1 keyword(s), 2 program(s) — 2 new, 0 changed, 0 unchanged",
        "  new:     デジタル化・AI導入補助金2027（通常枠）",
        "  new:     令和8年度 中小企業デジタル化推進補助金（○○市）",
        "2 program(s) wait for review: admin → Subsidies → jGrants review queue "
        "(/admin/subsidies/jgrantscandidate/?status__exact=pending)",
    ]


def test_command_unreachable_network_fails_clearly_and_writes_nothing(db, catalogs, closed_port_url):
    with pytest.raises(CommandError) as error:
        call_command("import_jgrants", "--keyword", KEYWORD, "--base-url", closed_port_url, "--timeout", "2")
    message = str(error.value)
    assert message.startswith("jGrants APIに接続できませんでした。ネットワークを確認して、あとで再実行してください。何も変更していません。")
    assert "Could not read the jGrants API; nothing was changed." in message
    assert "Connection refused" in message
    assert JGrantsCandidate.objects.count() == 0


def test_command_http_error_fails_with_status(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    handler.fail_status = 503
    with pytest.raises(CommandError, match=r"HTTP 503"):
        call_command("import_jgrants", "--keyword", KEYWORD, "--base-url", base)
    assert JGrantsCandidate.objects.count() == 0


def test_command_timeout_fails_and_writes_nothing(db, catalogs, jgrants_server):
    base, handler = jgrants_server
    handler.responses[("list", KEYWORD)] = "jgrants_list_digital.json"
    handler.delay = 1.5
    with pytest.raises(CommandError, match=r"timed out"):
        call_command("import_jgrants", "--keyword", KEYWORD, "--base-url", base, "--timeout", "0.5")
    assert JGrantsCandidate.objects.count() == 0


def test_command_exit_status_is_non_zero_when_unreachable(closed_port_url, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(
            ["manage.py", "import_jgrants", "--keyword", KEYWORD, "--base-url", closed_port_url, "--timeout", "2"]
        )
    assert exit_info.value.code == 1
    assert "jGrants APIに接続できませんでした" in capsys.readouterr().err
