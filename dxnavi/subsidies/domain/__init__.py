"""Pure subsidy logic (no ORM): rule parsing, the per-frame estimate, the checklist."""

from .estimate import ALMOST, MET, NOT, CompanyFacts, FrameEstimate, PlannedItem, Statuses, eligibility, estimate
from .rules import ITEM_KINDS, MONTHLY_KINDS, RuleError, parse_rules

__all__ = [
    "ALMOST",
    "ITEM_KINDS",
    "MET",
    "MONTHLY_KINDS",
    "NOT",
    "CompanyFacts",
    "FrameEstimate",
    "PlannedItem",
    "RuleError",
    "Statuses",
    "eligibility",
    "estimate",
    "parse_rules",
]
