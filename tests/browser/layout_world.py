"""A company with every instrument in use, for the phone layout tests (built through the services)."""

import datetime

from django.urls import reverse

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.subsidies import loader as subsidy_loader
from dxnavi.subsidies import services as subsidy_services
from tests.assessments.helpers import answers_for_total, complete_with, load_pack
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, load_packs, maturity_answers, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member
from tests.plans.project_helpers import make_project

PASSWORD = "correct-horse-battery"  # tests/factories.py
ITEMS = [
    {"kind": "software", "amount_yen": 1_000_000, "months": None, "description": "インボイス対応の会計ソフト"},
    {"kind": "pc", "amount_yen": 150_000, "months": None, "description": "経理用ノートPC"},
    {"kind": "cloud", "amount_yen": 10_000, "months": 12, "description": "クラウド会計"},
]
STATUSES = {"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 2}


def build_world(owner_email="layout-owner@example.test", adviser_email="layout-adviser@example.test"):
    load_pack()
    load_packs()
    subsidy_loader.load()
    owner = UserFactory(email=owner_email, name="山田 太郎")
    company = CompanyFactory(name="スマホ表示確認精密工業株式会社", employees=12)
    member(company, user=owner, role="owner")
    # A second and a third company of the same owner: the header must not grow with them.
    others = [CompanyFactory(name=name) for name in ("第二スマホ表示確認商事株式会社", "第三スマホ表示確認物流有限会社")]
    for other in others:
        member(other, user=owner, role="owner")
    selfchecks = [complete_with(company, answers_for_total(total), user=owner) for total in (40, 60, 75)]
    stage = complete(company, STAGE_PACK, stage_answers("stage2", yes=("paperless", "website")), user=owner)
    maturity = complete(company, MATURITY_PACK, maturity_answers(), user=owner)
    project = make_project(company, owner, quotes=2, kpis=1, actuals=2)
    access = CompanyAccess(company=company, via="member", role="owner")
    catalog = subsidy_services.current_catalog()
    estimate = subsidy_services.save_estimate(
        access, user=owner, catalog=catalog, items=ITEMS, statuses=STATUSES,
        planned_order_date=datetime.date.today() + datetime.timedelta(days=60),
    )
    organization = AdviserOrganizationFactory(name="スマホ表示確認商工会")
    adviser = UserFactory(email=adviser_email, name="佐藤 花子")
    link(company, organization, adviser=adviser)
    return {
        "owner": owner, "company": company, "others": others, "selfchecks": selfchecks, "stage": stage,
        "maturity": maturity, "project": project, "estimate": estimate, "organization": organization, "adviser": adviser,
    }


def main_pages(world):
    """(name, URL) of every main page of the company, as its owner sees them."""
    c = world["company"].pk
    last = world["selfchecks"][-1]
    pages = [
        ("dashboard", reverse("web:company_dashboard", args=[c])),
        ("selfcheck result", reverse("assessments:result", args=[c, last.pk])),
        ("selfcheck history", reverse("assessments:history", args=[c, "security_selfcheck"])),
        ("stage result", reverse("assessments:result", args=[c, world["stage"].pk])),
        ("stage history", reverse("assessments:history", args=[c, STAGE_PACK])),
        ("maturity result", reverse("assessments:result", args=[c, world["maturity"].pk])),
        ("maturity history", reverse("assessments:history", args=[c, MATURITY_PACK])),
        ("dx certification", reverse("dxdiag:certification", args=[c])),
        ("subsidies", reverse("subsidies:index", args=[c])),
        ("subsidy form", reverse("subsidies:estimate_new", args=[c])),
        ("subsidy estimate", reverse("subsidies:estimate_detail", args=[c, world["estimate"].pk])),
        ("subsidy checklist", reverse("subsidies:checklist", args=[c, world["estimate"].pk, world["estimate"].best_frame])),
        ("plans", reverse("plans:overview", args=[c])),
        ("strategy map", reverse("plans:map", args=[c])),
        ("plan", reverse("plans:plan", args=[c])),
        ("projects", reverse("plans:projects", args=[c])),
        ("project", reverse("plans:project", args=[c, world["project"].pk])),
        ("actions", reverse("actions:list", args=[c])),
        ("secaction", reverse("secaction:readiness", args=[c])),
        ("secaction checklist", reverse("secaction:checklist", args=[c])),
        ("secaction policies", reverse("secaction:policy_list", args=[c])),
        ("company profile", reverse("orgs:company_edit", args=[c])),
        ("advisers", reverse("orgs:company_advisers", args=[c])),
        ("members", reverse("orgs:company_members", args=[c])),
        ("access log", reverse("orgs:company_audit", args=[c])),
        ("privacy", reverse("privacy:index", args=[c])),
        ("account", reverse("accounts:settings")),
        ("home", reverse("web:home")),
    ]
    return pages
