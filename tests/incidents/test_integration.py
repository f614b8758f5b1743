"""The incident app's links into the rest of the product: the dashboard card, the self-check result
section for question 24, the managed-services page's subsidy link, the privacy export."""

from django.urls import reverse

from dxnavi.assessments import extensions
from dxnavi.incidents import bridges
from dxnavi.privacy import dataset
from tests.assessments.helpers import all_answers, complete_with, load_pack, member_access

from .helpers import incident, task


def test_dashboard_shows_something_happened_card(client, world):
    client.force_login(world["owner"])
    html = client.get(reverse("web:company_dashboard", args=[world["company"].pk])).content.decode()
    assert 'id="incidents-card"' in html
    assert reverse("incidents:runbook", args=[world["company"].pk]) in html


def test_selfcheck_result_links_question_24_to_runbook(world):
    load_pack()
    assessment = complete_with(world["company"], {**all_answers("yes"), "SC24": "no"})
    sections = extensions.result_sections(assessment, member_access(world["company"]))
    ours = [s for s in sections if s["template"] == "incidents/_result_section.html"]
    assert [(s["question"], s["runbook_url"]) for s in ours] == [("SC24", reverse("incidents:runbook", args=[world["company"].pk]))]
    assert bridges.section_key(assessment, member_access(world["company"])) == ("incident-runbook", 1)


def test_services_page_links_to_subsidy_estimate_with_service_item(client, world):
    client.force_login(world["owner"])
    html = client.get(reverse("incidents:services", args=[world["company"].pk])).content.decode()
    assert "kind=security_service" in html
    assert "月額 1万円以下（税抜）" in html
    assert "セキュリティ対策推進枠" in html


def test_privacy_export_contains_incident_rows(world):
    row = incident(world["company"], summary="要約")
    task(row, owner="総務")
    data = dataset.company_data(world["company"])["sections"]
    assert [r["title"] for r in data["incidents"]["rows"]] == ["経理PCでランサムウェア"]
    assert [r["owner"] for r in data["incident_tasks"]["rows"]] == ["総務"]


def test_company_deletion_deletes_incident_rows(world):
    from dxnavi.incidents.models import Incident, IncidentTask

    task(incident(world["company"]))
    world["company"].delete()
    assert (Incident.objects.count(), IncidentTask.objects.count()) == (0, 0)
