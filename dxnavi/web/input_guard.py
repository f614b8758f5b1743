"""Refuse requests carrying control characters, before any view or database sees them.

PostgreSQL cannot store NUL (``\\x00``) in text or JSON and raises ``DataError`` (a 500) when a
query or a save contains one; other C0 control characters are never typed by people and only
cause trouble later (XML in XLSX/DOCX exports, logs, terminals). Rather than cleaning every
field of every form, :class:`ControlCharacterMiddleware` answers **400** with a short message
for any request whose

* path,
* query string (names and values),
* form body (names and values), or JSON body (every string,
  keys included),
* or Django's own cookies (session, CSRF, language)

contains a C0 control character other than TAB, LF and CR, or DEL (U+007F). Input is refused,
not silently changed: nothing a person typed is altered behind their back. It sits right after
``LocaleMiddleware`` so the message is in the user's language, and before anything that reads the
session or the database.
"""

import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value) -> bool:
    """True when ``value`` (a str, or JSON-like lists/dicts of them, at any depth) contains a refused character."""
    pending = [value]
    while pending:  # a loop, not recursion: a deeply nested JSON body must not exhaust the stack
        item = pending.pop()
        if isinstance(item, str):
            if CONTROL_CHARACTERS.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return False


def _querydict_has(querydict) -> bool:
    return any(has_control_characters(key) or has_control_characters(values) for key, values in querydict.lists())


def _json_body(request):
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None  # not our business: the view refuses malformed JSON as it sees fit


def request_has_control_characters(request) -> bool:
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME)
    if has_control_characters(request.path) or _querydict_has(request.GET):
        return True
    if has_control_characters([request.COOKIES.get(name, "") for name in cookies]):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json" or request.content_type.endswith("+json"):
        return has_control_characters(_json_body(request))
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _querydict_has(request.POST)  # upload file names: Django's parser drops non-printables
    return False


# Path prefix → function(request, message) answering the refusal in another format (the API registers
# its problem+json answer for /api/ in its AppConfig.ready, so this module imports no app above it).
RESPONDERS: dict = {}


def register_responder(prefix: str, responder) -> None:
    RESPONDERS[prefix] = responder


def control_characters_response(request) -> HttpResponse:
    """The site's 400 page, with a message that says what to do."""
    from .errors import error_response

    message = _(
        "The request contains control characters (such as NUL) that cannot be used in input. "
        "Remove them, for example by typing the text again instead of pasting it, and try again."
    )
    for prefix, responder in RESPONDERS.items():
        if request.path.startswith(prefix):
            return responder(request, message)
    return error_response(request, 400, message=message)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_control_characters(request):
            return control_characters_response(request)
        return self.get_response(request)
