"""Saving maps and plans (each change in one transaction) and reading them for a company."""

from dxnavi.orgs.scoping import scoped

from .models import Plan, StrategyMapVersion


def latest_map_version(access):
    return scoped(StrategyMapVersion.objects.all(), access, field="strategy_map__company").order_by("-number").first()


def current_plan(access):
    return scoped(Plan.objects.all(), access).first()


def status(access) -> dict:
    return {"map_version": latest_map_version(access), "plan": current_plan(access)}
