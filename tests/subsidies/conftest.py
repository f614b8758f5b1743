"""Shared helpers for the subsidy tests: frames straight from the YAML packs, loaded catalogs."""

from functools import cache

import pytest
import yaml

from dxnavi.subsidies import loader
from dxnavi.subsidies.domain import CompanyFacts, PlannedItem, Statuses, parse_rules
from dxnavi.subsidies.domain import estimate as run_estimate


@cache
def _pack(fiscal_year: int) -> dict:
    path = loader.content_dir() / f"fy{fiscal_year}.yaml"
    with path.open(encoding="utf-8") as fh:
        return loader.validate_pack(path.name, yaml.safe_load(fh))


def frame_rules(fiscal_year: int, frame_id: str):
    """The parsed rules of one frame of the shipped YAML (no database)."""
    for program in _pack(fiscal_year)["programs"]:
        for frame in program["frames"]:
            if frame["id"] == frame_id:
                return parse_rules(frame["rules"], rounding=program["rounding"])
    raise KeyError(frame_id)


SME = CompanyFacts(is_sme=True, is_small=False, employees=30)
SMALL = CompanyFacts(is_sme=True, is_small=True, employees=5)
LARGE = CompanyFacts(is_sme=False, is_small=False, employees=800)
# Everything an IT frame asks for: SECURITY ACTION ★, gBizID Prime, a one-process tool with two invoice functions.
READY = Statuses(security_action=1, gbizid_prime=True, it_processes=1, invoice_functions=2)


def item(kind, amount, months=None, description=""):
    return PlannedItem(kind=kind, amount_yen=amount, months=months, description=description)


def estimate(fiscal_year, frame_id, items, company=SME, statuses=READY):
    return run_estimate(frame_rules(fiscal_year, frame_id), company, items, statuses)


@pytest.fixture
def catalogs(db):
    loader.load()
    from dxnavi.subsidies.models import SubsidyCatalog

    return {c.fiscal_year: c for c in SubsidyCatalog.objects.all()}


@pytest.fixture
def fresh_age(settings):
    """Catalog age warnings off, for tests that are not about them."""
    settings.SUBSIDY_CATALOG_MAX_AGE_DAYS = 100_000
    return settings
