"""The main pages the accessibility test checks: URL name, roles, kwargs builder.

To check a new page, add a ``Page``: ``kwargs`` gets the isolation-matrix ``world`` (tests/conftest.py)
and returns the URL kwargs; company pages get ``company_id`` added and reuse the builders of
tests/isolation_cases.py. ``roles``: "owner" (the world's company owner), "adviser" (the linked
adviser, an editor of the linked organization), "anonymous".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from tests.isolation_cases import CASES, public_policy_token

OWNER, ADVISER, ANONYMOUS = "owner", "adviser", "anonymous"
BOTH = (OWNER, ADVISER)


@dataclass(frozen=True)
class Page:
    name: str
    roles: tuple[str, ...] = BOTH
    kwargs: Callable[[dict], dict] | None = None  # default: the isolation case's builder (company pages)
    company: bool = True
    query: str = ""
    label: str = ""  # shown in the summary instead of the URL name (pages sharing one URL name)
    fixed_lang: str = ""  # a page always in one language (the public policy is shown in the policy's own language)

    def url_kwargs(self, world) -> dict:
        builder = self.kwargs or (CASES[self.name].kwargs if self.name in CASES else (lambda w: {}))
        kwargs = dict(builder(world))
        if self.company:
            kwargs["company_id"] = world["company"].pk
        return kwargs


def _org(world):
    return {"org_id": world["linked_org"].pk}


def _first_article() -> str:
    from dxnavi.knowledge import content

    return content.articles()[0]["id"]


def _dx_result(pack):
    def build(world):
        from dxnavi.assessments.models import Assessment
        from tests.dxdiag import helpers

        helpers.load_packs()
        done = Assessment.objects.filter(company=world["company"], pack_family=pack, status="completed").first()
        if done is None:
            answers = helpers.stage_answers() if pack == helpers.STAGE_PACK else helpers.maturity_answers()
            done = helpers.complete(world["company"], pack, answers, user=world["owner"])
        return {"assessment_id": done.pk}

    return build


PAGES: list[Page] = [
    # Not tied to a company
    Page("web:landing", roles=(ANONYMOUS,), company=False),
    Page("accounts:login", roles=(ANONYMOUS,), company=False),
    Page("accounts:signup", roles=(ANONYMOUS,), company=False),
    Page("web:home", company=False),
    Page("accounts:settings", company=False),
    Page("orgs:company_create", roles=(OWNER,), company=False),
    Page("web:adviser_home", roles=(ADVISER,), company=False),
    Page("orgs:adviser_org", roles=(ADVISER,), company=False, kwargs=_org),
    Page("orgs:adviser_register_client", roles=(ADVISER,), company=False, kwargs=_org),
    # The company's pages
    Page("web:company_dashboard"),
    Page("orgs:company_edit"),
    Page("orgs:company_advisers", roles=(OWNER,)),
    Page("orgs:company_members", roles=(OWNER,)),
    Page("orgs:company_audit", roles=(OWNER,)),
    Page("assessments:start"),
    Page("assessments:part"),
    Page("assessments:result", label="assessments:result (security)"),
    Page("assessments:history"),
    Page("assessments:result", kwargs=_dx_result("dx_stage"), label="assessments:result (dx_stage)"),
    Page("assessments:result", kwargs=_dx_result("dx_maturity"), label="assessments:result (dx_maturity)"),
    Page("dxdiag:certification"),
    Page("secaction:readiness"),
    Page("secaction:checklist"),
    Page("secaction:policy_list"),
    Page("secaction:policy_new"),
    Page("secaction:policy_detail"),
    Page("secaction:policy_publish"),
    Page("secaction:public_policy", roles=(ANONYMOUS,), company=False, kwargs=lambda w: {"token": public_policy_token(w)},
         fixed_lang="ja"),
    Page("subsidies:index"),
    Page("subsidies:estimate_new"),
    Page("subsidies:estimate_detail"),
    Page("subsidies:checklist"),
    Page("plans:overview"),
    Page("plans:map"),
    Page("plans:map_edit"),
    Page("plans:plan"),
    Page("plans:projects"),
    Page("plans:project"),
    Page("plans:payback"),
    Page("actions:list"),
    Page("actions:detail"),
    Page("summary:preview"),
    Page("jobs:detail"),
    Page("privacy:index", roles=(OWNER,)),
    Page("incidents:runbook"),
    Page("incidents:detail"),
    Page("incidents:drill_run"),
    Page("incidents:services"),
    Page("surface:domains"),
    Page("surface:domain"),
    Page("surface:result"),
    # The library (the same for everyone logged in) and the generative-AI checklist
    Page("knowledge:index", roles=(OWNER,), company=False),
    Page("knowledge:article", roles=(OWNER,), company=False, kwargs=lambda w: {"article_id": _first_article()}),
    Page("knowledge:glossary", roles=(OWNER,), company=False),
    Page("knowledge:genai"),
]
