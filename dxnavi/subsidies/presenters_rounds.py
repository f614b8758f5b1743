"""Words for the application rounds: state badges (受付中／受付予定／受付終了) and how the planned
order date sits against each round (domain.rounds decides; this module only words it)."""

from django.utils import formats
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick

from .domain import rounds as domain

STATE_BADGES = {domain.OPEN: "badge-ok", domain.UPCOMING: "badge-warn", domain.CLOSED: ""}


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def state_label(state: str) -> str:
    return {domain.OPEN: _("Open now"), domain.UPCOMING: _("Opens later"), domain.CLOSED: _("Closed")}[state]


def timing_text(status: domain.RoundStatus, planned) -> tuple[str, str]:
    """(css class, sentence) for the planned order date against this round; ("", "") when nothing to say."""
    r = status.round
    params = {"planned": _date(planned), "deadline": _date(r.deadline)}
    if status.timing == domain.BEFORE_DECISION:
        if r.deadline is None:
            return "timing-bad", _(
                "Ordering on %(planned)s would be before this round's grant decision (交付決定): that cost would not be eligible."
            ) % params
        return "timing-bad", _(
            "You plan to order on %(planned)s, on or before this round's deadline (%(deadline)s), so before its grant decision "
            "(交付決定). Ordered like that, the cost would not be eligible: order only after the grant decision."
        ) % params
    if status.timing == domain.AFTER_DEADLINE:
        return "timing-ok", _(
            "You plan to order on %(planned)s, after this round's deadline (%(deadline)s). That can fit, provided the grant "
            "decision (交付決定) has been issued by then: do not order before it."
        ) % params
    return "", ""


def round_view(status: domain.RoundStatus, planned) -> dict:
    r = status.round
    timing_class, timing = timing_text(status, planned)
    if status.state == domain.OPEN and status.days_left is not None:
        days = _("%(days)d days left") % {"days": status.days_left}
    elif status.state == domain.UPCOMING:
        days = _("opens in %(days)d days") % {"days": status.days_left}
    else:
        days = ""
    return {
        "label": pick(r.label),
        "state": status.state,
        "state_text": state_label(status.state),
        "badge": STATE_BADGES[status.state],
        "opens": _date(r.opens),
        "deadline": _date(r.deadline),
        "days": days,
        "timing": timing,
        "timing_class": timing_class,
        "verified": r.verified,
        "source": r.source,
        "origin": r.origin,
        "url": r.url,
    }


def rounds_view(groups: list[dict], planned) -> dict:
    programs = []
    for group in groups:
        programs.append(
            {
                "program_id": group["program_id"],
                "name": pick(group["name"]),
                "official_url": group["official_url"],
                "has_current": group["has_current"],
                "current": [round_view(s, planned) for s in group["statuses"] if s.state != domain.CLOSED],
                "closed": [round_view(s, planned) for s in group["statuses"] if s.state == domain.CLOSED],
            }
        )
    return {"programs": programs, "planned": _date(planned), "has_plan": planned is not None}
