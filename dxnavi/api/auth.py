"""``Authorization: Bearer dxn_…`` — the API's only authentication (no session, hence no CSRF).

An unknown, malformed, revoked or expired token, or one whose user is inactive, is a 401 problem
with ``WWW-Authenticate: Bearer``. On success ``request.auth`` is an ``ApiAuth`` (token + user), and
``request.user`` becomes the token's user so ``orgs.scoping``'s request-based helpers apply unchanged.
"""

from dataclasses import dataclass

from ninja.security import HttpBearer

from . import throttle, tokens
from .models import ApiToken


@dataclass(frozen=True)
class ApiAuth:
    token: ApiToken

    @property
    def user(self):
        return self.token.user

    def __bool__(self):
        return True


class BearerToken(HttpBearer):
    openapi_bearerFormat = "dxn_<prefix>_<secret>"

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        throttle.check(request, found)
        return ApiAuth(found)


bearer = BearerToken()
