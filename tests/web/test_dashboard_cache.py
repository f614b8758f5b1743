"""The dashboard's cards are cached per data stamp (dxnavi/web/data_stamp.py) and never stale.

After each write the dashboard shows, the cached page must equal a rendering from scratch (cache
emptied); when nothing changed, the cards come from the cache (fewer queries). The autouse fixture in
tests/conftest.py fails any test in which product code writes to a watched table without a bump.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from dxnavi.actions import services as action_services
from dxnavi.actions.models import Action
from dxnavi.orgs.models import Role
from dxnavi.privacy.dataset import COMPANY_LABEL, company_models
from dxnavi.secaction import services as secaction_services
from dxnavi.web import data_stamp
from dxnavi.web.dashboard import cards_key
from tests.assessments.helpers import all_answers, answers_for_total, complete_with, draft_with, member_access
from tests.dxdiag.helpers import STAGE_PACK, draft, load_packs, stage_answers
from tests.dxdiag.helpers import complete as complete_pack
from tests.factories import CompanyFactory, member
from tests.plans.helpers import built_plan

pytestmark = pytest.mark.django_db

CARDS = re.compile(r'<section aria-labelledby="next-steps">.*?</section>', re.S)


def _cards(client, company) -> str:
    response = client.get(reverse("web:company_dashboard", args=[company.pk]))
    assert response.status_code == 200
    return CARDS.search(response.content.decode()).group(0)


def _fresh_equals_cached(client, company) -> str:
    cached = _cards(client, company)
    cache.clear()
    fresh = _cards(client, company)
    assert cached == fresh
    return cached


def _unconfirmed_item(access) -> str:
    sources = secaction_services.status(access).item_sources
    return next(item for item in secaction_services.content.item_ids() if item not in sources)


@pytest.fixture
def dashboard(client):
    load_packs()
    company = CompanyFactory()
    owner = member(company)
    client.force_login(owner)
    _cards(client, company)  # cached from here on
    return company, owner


def test_dashboard_cache_cards_follow_every_write_path(client, dashboard):
    company, owner = dashboard
    access = member_access(company)
    before = _fresh_equals_cached(client, company)

    steps = [
        lambda: draft_with(company, {"SC01": "yes"}, user=owner),  # a draft: resume link and progress
        lambda: draft_with(company, {"SC01": "yes", "SC02": "no"}, user=owner),  # autosave of one more answer
        lambda: complete_with(company, answers_for_total(60), user=owner),  # completion (and regeneration)
        lambda: complete_pack(company, STAGE_PACK, stage_answers("stage2"), user=owner),
        lambda: draft(company, STAGE_PACK, {"DS01": "stage3"}, user=owner),
        lambda: secaction_services.set_item_done(company, _unconfirmed_item(access), done=True, user=owner),
        lambda: built_plan(company, owner),  # map, plan, rows, phases
        lambda: action_services.regenerate(company),  # the action list (bulk writes)
    ]
    for index, step in enumerate(steps):
        step()
        after = _fresh_equals_cached(client, company)
        assert (index, after != before) == (index, True)
        before = after

    action = Action.objects.filter(company=company).order_by("pk").first()
    action_services.update_action(
        action, user=owner, access=access, status=Action.Status.DONE, due=datetime.date.today(), set_due=True
    )  # a person's edit (counts, next due)
    assert _fresh_equals_cached(client, company) != before
    before = _fresh_equals_cached(client, company)
    action.refresh_from_db()
    action.delete()
    assert _fresh_equals_cached(client, company) != before


def test_dashboard_cache_served_when_nothing_changed(client, dashboard, django_assert_max_num_queries):
    company, owner = dashboard
    complete_with(company, all_answers("yes"), user=owner)
    _cards(client, company)
    # Session, user, access, switcher, advice requests, pending links, deletion flag, the stamp.
    with django_assert_max_num_queries(8):
        _cards(client, company)


def test_dashboard_cache_key_names_viewer_language_and_day(dashboard):
    company, _owner = dashboard
    owner, viewer = member_access(company), member_access(company, role=Role.VIEWER)
    stamp = data_stamp.read(company.pk)
    assert cards_key(owner, stamp) != cards_key(viewer, stamp)
    from django.utils import translation

    with translation.override("en"):
        english = cards_key(owner, stamp)
    assert english != cards_key(owner, stamp)
    data_stamp.bump(company.pk)
    assert data_stamp.read(company.pk) == (stamp[0] + 1, stamp[1])


def test_dashboard_cache_viewer_sees_own_rendering(client, dashboard):
    company, owner = dashboard
    draft_with(company, {"SC01": "yes"}, user=owner)
    owner_cards = _cards(client, company)
    viewer = member(company, role=Role.VIEWER)
    client.force_login(viewer)
    viewer_cards = _cards(client, company)
    assert "続きから回答する" in owner_cards and "続きから回答する" not in viewer_cards


def test_dashboard_cache_pack_load_bumps_the_global_generation(dashboard):
    company, _owner = dashboard
    stamp = data_stamp.read(company.pk)
    from dxnavi.assessments.models import QuestionnairePack

    pack = QuestionnairePack.objects.order_by("pk").first()
    pack.save()
    assert data_stamp.read(company.pk) == (stamp[0], stamp[1] + 1)


def test_dashboard_cache_company_deletion_bumps_its_stamp(dashboard):
    company, _owner = dashboard
    pk = company.pk
    before = data_stamp.read(pk)[0]
    company.delete()
    assert data_stamp.read(pk)[0] > before  # a reused id never meets the old company's entries


def test_data_stamp_every_company_model_watched_or_unwatched_with_reason():
    labels = set(company_models()) - {COMPANY_LABEL}
    watched = {model._meta.label_lower for model in data_stamp.watched_models()}
    assert watched | set(data_stamp.UNWATCHED) == labels
    assert watched & set(data_stamp.UNWATCHED) == set()
    assert all(reason for reason in data_stamp.UNWATCHED.values())


def test_data_stamp_paths_to_the_company_are_never_null():
    for model, path in data_stamp.watched_models().items():
        current = model
        for name in path:
            field = current._meta.get_field(name)
            assert isinstance(field, models.ForeignKey) and not field.null, (model, name)
            current = field.related_model


def test_data_stamp_answer_write_bumps_through_its_assessment(dashboard):
    company, owner = dashboard
    assessment = draft_with(company, {"SC01": "yes"}, user=owner)
    before = data_stamp.read(company.pk)[0]
    assessment.answers.first().save()
    assert data_stamp.read(company.pk)[0] == before + 1
