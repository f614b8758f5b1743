"""The state of an invitation, from its dates alone (one rule for the list, its filter and the pages)."""

PENDING = "pending"  # 未承諾: can still be used
ACCEPTED = "accepted"  # 承諾済み
EXPIRED = "expired"  # 期限切れ: not used before ``expires``
CANCELLED = "cancelled"  # 取消: cancelled by the organization before it was used

STATUSES = (PENDING, ACCEPTED, EXPIRED, CANCELLED)


def status(*, accepted, cancelled, expires, now) -> str:
    """Accepted wins (a used link stays accepted), then cancelled, then expired (``now >= expires``)."""
    if accepted is not None:
        return ACCEPTED
    if cancelled is not None:
        return CANCELLED
    if now >= expires:
        return EXPIRED
    return PENDING


def can_resend(state: str) -> bool:
    """Any invitation not yet accepted can be sent again with a new link (also a cancelled one)."""
    return state != ACCEPTED


def can_cancel(state: str) -> bool:
    return state in (PENDING, EXPIRED)
