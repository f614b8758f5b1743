"""GET /api/v1/me: the token's user, scope, limit and expiry."""

from datetime import datetime

from ninja import Router, Schema

PREFIX = "/me"
router = Router(tags=["me"])


class Limit(Schema):
    kind: str  # "none", "company" or "organization"
    id: int | None
    name: str | None


class Me(Schema):
    user_id: int
    email: str
    name: str
    token_name: str
    scope: str
    limit: Limit
    expires_at: datetime


@router.get("", response=Me, summary="The token and its user")
def me(request):
    token = request.auth.token
    if token.company_id:
        limit = {"kind": "company", "id": token.company_id, "name": token.company.name}
    elif token.organization_id:
        limit = {"kind": "organization", "id": token.organization_id, "name": token.organization.name}
    else:
        limit = {"kind": "none", "id": None, "name": None}
    user = token.user
    return {
        "user_id": user.pk, "email": user.email, "name": user.name or "", "token_name": token.name, "scope": token.scope,
        "limit": limit, "expires_at": token.expires_at,
    }
