"""Drill mode: a drill is recorded with its score from the runbook's answers and shown in the history."""

import datetime

from django.urls import reverse

from dxnavi.incidents.models import Drill


def _url(name, world, **kwargs):
    return reverse(f"incidents:{name}", kwargs={"company_id": world["company"].pk, **kwargs})


def _post(**over):
    data = {"date": "2026-11-20", "participant_count": "4", "participants": "社長、経理、総務", "notes": "電源を切りかけた",
            "q_q1": "a", "q_q2": "b", "q_q3": "a", "q_q4": "b"}  # fmt: skip
    data.update(over)
    return data


def test_drill_recorded_with_score_and_shown_in_history(client, world):
    client.force_login(world["owner"])
    response = client.post(_url("drill_run", world, scenario="ransomware"), _post())
    drill = Drill.objects.get()
    assert response.status_code == 302
    assert (drill.company, drill.scenario, drill.date, drill.participant_count, drill.steps_done, drill.steps_total) == (
        world["company"], "ransomware", datetime.date(2026, 11, 20), 4, 3, 4
    )
    assert drill.answers == {"q1": "a", "q2": "b", "q3": "a", "q4": "b"}
    history = client.get(_url("drills", world)).content.decode()
    assert "4問中3問正解" in history
    assert "社長、経理、総務" in history


def test_drill_bad_input_names_field_writes_nothing(client, world):
    client.force_login(world["owner"])
    missing_answer = _post()
    missing_answer.pop("q_q2")
    cases = [
        (_post(participant_count="0"), "参加人数：1以上を入力してください。"),
        (_post(participant_count="たくさん"), "参加人数：整数で入力してください（例：5）。"),
        (_post(date="2099-01-01"), "訓練の日：未来の日付は入力できません。"),
        (_post(q_q1="z"), "「最初にすることは？」：答えを選んでください。"),
        (missing_answer, "「画面の表示はどうしますか？」：答えを選んでください。"),
    ]
    for data, message in cases:
        response = client.post(_url("drill_run", world, scenario="ransomware"), data)
        assert (response.status_code, message in response.content.decode()) == (200, True)
    assert Drill.objects.count() == 0


def test_drill_unknown_scenario_is_404(client, world):
    client.force_login(world["owner"])
    assert client.get(_url("drill_run", world, scenario="earthquake")).status_code == 404
