"""Find every form and htmx endpoint a persona can reach, by walking the URL resolver.

Each URL pattern is built with kwargs for the fuzz world (``PARAM_KWARGS`` for non-company
URLs, ``tests/isolation_cases.py`` for company URLs), fetched as the persona, and every
``<form method=post>`` and ``hx-post``/``hx-put`` element on the page becomes a target.
Internal links on those pages are followed once, so pages only reachable through a link
(the parts of each questionnaire draft, …) are covered too. A new URL with path parameters
that has no kwargs here makes ``test_fuzz_every_url_has_kwargs`` fail.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.isolation_cases import CASES, ORG_CASES, public_policy_token

# Patterns under these namespaces are not fuzzed: Django's admin is for staff only (none of the
# personas is staff) and is Django's own code; its login URL (a redirect to accounts:login) is visited (ADMIN_PAGES).
# The JSON API ("api-v1") has no forms: Schemathesis generates its hostile input (tests/api/test_schemathesis.py).
SKIP_NAMESPACES = ("admin", "api-v1")
ADMIN_PAGES = ("admin:login",)
MAX_VISITS_PER_NAME = 4  # distinct paths per URL name (e.g. parts of several questionnaires)


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea", "button", "hxval"
    values: list = field(default_factory=list)  # values seen on the page (options, prefilled values)
    attrs: dict = field(default_factory=dict)
    multiple: bool = False


@dataclass
class Target:
    """One way of posting to an endpoint: its path, how it is sent, and its fields."""

    path: str
    url_name: str
    method: str  # "post", "put" or "get" (a search form)
    htmx: bool
    fields: dict  # name -> Field
    csrf: str

    @property
    def key(self):
        return (urlsplit(self.path).path, self.method, self.htmx, tuple(sorted(self.fields)))


def walk(patterns=None, namespace=None, prefix="", converters=None):
    """(url name, route, {parameter: converter}) of every URL pattern."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        merged = {**(converters or {}), **getattr(p.pattern, "converters", {})}
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern), merged)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern), merged


def _invitation_token(world, persona):
    from dxnavi.orgs.models import Invitation

    email = world[persona].email if persona in world and hasattr(world[persona], "email") else "invitee@example.test"
    return Invitation.objects.create(email=email, role="editor", company=world["company"], invited_by=world["owner"]).token


def _reset_kwargs(world, persona):
    user = world["owner"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _verify_token(world, persona):
    from dxnavi.accounts.verification import make_token

    return make_token(world[persona] if hasattr(world.get(persona), "email") else world["owner"])


# kwargs for the URL patterns with path parameters that are not company pages (url name -> candidates).
PARAM_KWARGS = {
    "orgs:invitation": lambda w, p: [{"token": _invitation_token(w, p)}],
    "orgs:adviser_org": lambda w, p: [{"org_id": w["linked_org"].pk}, {"org_id": w["unlinked_org"].pk}],
    "orgs:adviser_org_members": lambda w, p: [{"org_id": w["linked_org"].pk}, {"org_id": w["unlinked_org"].pk}],
    "orgs:adviser_register_client": lambda w, p: [{"org_id": w["linked_org"].pk}, {"org_id": w["unlinked_org"].pk}],
    "orgs:adviser_clients_xlsx": lambda w, p: [],  # a file download: no forms
    "accounts:password_reset_confirm": lambda w, p: [_reset_kwargs(w, p)],
    "accounts:verify_email": lambda w, p: [{"token": _verify_token(w, p)}],
    "secaction:public_policy": lambda w, p: [{"token": public_policy_token(w)}],
}


def fuzzable_patterns():
    """(url name, route, path parameter names) of every pattern the fuzzer visits."""
    found = []
    for name, route, converters in walk():
        if name is None:
            continue
        if name.split(":")[0] in SKIP_NAMESPACES and name not in ADMIN_PAGES:
            continue
        found.append((name, route, tuple(converters)))
    return sorted(found)


def url_candidates(name, params, world, persona):
    """Paths to fetch for one pattern (several for company pages: the world's company and the outsider's)."""
    if not params:
        return [reverse(name)]
    if name in CASES:
        case_kwargs = CASES[name].kwargs(world)
        companies = [world["company"].pk] if case_kwargs else [world["company"].pk, world["other_company"].pk]
        return [reverse(name, kwargs={"company_id": pk, **case_kwargs}) for pk in companies]
    if name in ORG_CASES and name not in PARAM_KWARGS:
        # Adviser-organization pages: the world's linked organization and one the persona may not see.
        extra = ORG_CASES[name].kwargs(world)
        return [reverse(name, kwargs={"org_id": org.pk, **extra}) for org in (world["linked_org"], world["unlinked_org"])]
    return [reverse(name, kwargs=kwargs) for kwargs in PARAM_KWARGS[name](world, persona)]


def _url_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _closest_attr(element, attr):
    while element is not None:
        if element.get(attr) is not None:
            return element.get(attr)
        element = element.getparent()
    return None


def _fields_of(container):
    """Named controls inside ``container`` (a form or an htmx element), merged by name."""
    fields: dict[str, Field] = {}
    elements = [container] if container.tag in ("input", "select", "textarea", "button") else []
    elements += container.xpath(".//input|.//select|.//textarea|.//button")
    for el in elements:
        name = el.get("name")
        if not name or el.get("disabled") is not None:
            continue
        if name == "csrfmiddlewaretoken":
            kind, values = "csrf", [el.get("value", "")]
        elif el.tag == "select":
            kind = "select"
            values = [o.get("value", o.text_content()) for o in el.xpath(".//option")]
        elif el.tag == "textarea":
            kind, values = "textarea", [el.text or ""]
        elif el.tag == "button":
            kind, values = "button", [el.get("value", "")]
        else:
            kind = (el.get("type") or "text").lower()
            if kind in ("submit", "image", "reset", "file"):
                if kind != "submit":
                    continue
                kind = "button"
            values = [el.get("value", "on" if kind in ("checkbox", "radio") else "")]
        current = fields.setdefault(name, Field(name=name, kind=kind, attrs=dict(el.attrib), multiple=el.get("multiple") is not None))
        current.values += [v for v in values if v not in current.values]
    return fields


def _csrf(doc):
    token = doc.xpath("string(//input[@name='csrfmiddlewaretoken']/@value)")
    if token:
        return token
    headers = doc.xpath("string(//*[@hx-headers]/@hx-headers)")
    try:
        return json.loads(headers).get("X-CSRFToken", "") if headers else ""
    except ValueError:
        return ""


def targets_in(html, page_path):
    """Every POST form and hx-post/hx-put element on a page, as Targets."""
    doc = lxml.html.fromstring(html)
    csrf = _csrf(doc)
    found = []
    for form in doc.xpath("//form"):
        method = (form.get("method") or "get").lower()
        path = urljoin(page_path, form.get("action") or page_path)
        name = _url_name(path)
        fields = _fields_of(form)
        # A GET form (a search) is fuzzed too: its values end up in queries.
        if name and (method == "post" or (method == "get" and fields)):
            found.append(Target(path, name, method, False, fields, csrf))
    for el in doc.xpath("//*[@hx-post or @hx-put]"):
        method = "post" if el.get("hx-post") is not None else "put"
        path = urljoin(page_path, el.get(f"hx-{method}"))
        name = _url_name(path)
        if not name:
            continue
        # htmx sends the element's own value, the enclosing form's values (non-GET), then hx-vals,
        # filtered by the closest hx-params.
        fields = {}
        form = next((a for a in el.iterancestors("form")), None)
        if form is not None:
            fields.update(_fields_of(form))
        fields.update(_fields_of(el) if el.tag in ("input", "select", "textarea", "button", "form") else {})
        vals = el.get("hx-vals")
        if vals:
            for key, value in json.loads(vals).items():
                fields[key] = Field(name=key, kind="hxval", values=[str(value)])
        params = _closest_attr(el, "hx-params")
        if params and params != "*":
            if params == "none":
                fields = {}
            elif params.startswith("not "):
                fields = {k: v for k, v in fields.items() if k not in params[4:].split(",")}
            else:
                fields = {k: v for k, v in fields.items() if k in params.split(",")}
        found.append(Target(path, name, method, True, fields, csrf))
    return found


def internal_links(html, page_path):
    doc = lxml.html.fromstring(html)
    links = []
    for href in doc.xpath("//a/@href"):
        url = urljoin(page_path, href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        links.append(parts.path)
    return links


def draft_part_urls(world):
    """Every part of a draft of every questionnaire pack (started for the world's company when missing;
    the parts are only linked from one another)."""
    from dxnavi.assessments import services
    from dxnavi.assessments.models import QuestionnairePack
    from dxnavi.orgs.scoping import CompanyAccess

    company = world["company"]
    access = CompanyAccess(company=company, via="member", role="owner")
    urls = []
    for pack_id in sorted(set(QuestionnairePack.objects.values_list("pack_id", flat=True))):
        draft = services.start_or_resume(company, pack_id, world["owner"], access)
        urls += [reverse("assessments:part", args=[company.pk, draft.pk, part_id]) for part_id in draft.pack.spec.part_ids]
    return urls


def _merge(targets, target):
    """Targets with the same path and field names are one variant: their values are pooled."""
    known = targets.setdefault(target.key, target)
    if known is not target:
        for name, f in target.fields.items():
            known.fields[name].values += [v for v in f.values if v not in known.fields[name].values]


def discover(client, world, persona):
    """(targets, pages visited) for the persona whose session is in ``client``.

    Each pattern's URLs are built just before they are fetched: building some kwargs changes the
    world (isolation_cases completes the self-check draft for the result pages).
    """
    pending = [(name, params) for name, _route, params in fuzzable_patterns()]
    seen_paths, visits, targets = set(), {}, {}
    links, extra, bare = [], None, []
    pages = 0
    while pending or links or extra is None or extra:
        if pending:
            name, params = pending.pop(0)
            paths, capped = url_candidates(name, params, world, persona), False
        elif extra is None or extra:
            extra = draft_part_urls(world) if extra is None else extra
            paths, capped, extra = extra, False, []
        else:
            paths, capped, links = links, True, []
        for path in paths:
            name = _url_name(path)
            if path in seen_paths or name is None or (name.split(":")[0] in SKIP_NAMESPACES and name not in ADMIN_PAGES):
                continue
            if capped and visits.get(name, 0) >= MAX_VISITS_PER_NAME:
                continue
            seen_paths.add(path)
            visits[name] = visits.get(name, 0) + 1
            response = client.get(path, follow=True)
            pages += 1
            if response.status_code == 405 and "POST" in response.get("Allow", ""):
                bare.append(Target(path, name, "post", False, {}, ""))  # POST-only, maybe without a form
            if not response.get("Content-Type", "").startswith("text/html") or not response.content:
                continue
            final_path = response.request["PATH_INFO"]
            html = response.content.decode()
            for target in targets_in(html, final_path):
                _merge(targets, target)
            links += [link for link in internal_links(html, final_path) if link not in seen_paths]
    # A POST-only endpoint that no page has a form for is still fuzzed (with the page's CSRF token).
    csrf = next((t.csrf for t in targets.values() if t.csrf), "")
    found = {t.url_name for t in targets.values()}
    for target in bare:
        if target.url_name not in found:
            target.csrf = csrf
            _merge(targets, target)
    return list(targets.values()), pages


# regional: the operators' prefecture reports (a prefecture code; everyone but operators gets 404)
PARAM_KWARGS.update({
    "regional:prefecture_report": lambda w, p: [{"prefecture": "13"}],
    "regional:prefecture_recompute": lambda w, p: [{"prefecture": "13"}],
    "regional:prefecture_xlsx": lambda w, p: [],  # a file download: no forms
    "regional:prefecture_pdf": lambda w, p: [],
})


# the public API's pages (issue #13): token revocation (the persona's own token) and the problem-type pages
def _api_token_id(world, persona):
    from tests.api.helpers import make_token
    from dxnavi.api.models import ApiToken

    user = world[persona] if hasattr(world.get(persona), "email") else world["owner"]
    make_token(user, name="fuzz")
    return ApiToken.objects.filter(user=user).order_by("-pk").values_list("pk", flat=True).first()


PARAM_KWARGS.update({
    "api:token_revoke": lambda w, p: [{"token_id": _api_token_id(w, p)}],
    "api:problem": lambda w, p: [{"code": "not_found"}],
})


# knowledge: the library's article pages (an article of the content in memory)
def _first_article(world, persona):
    from dxnavi.knowledge import content

    return [{"article_id": content.articles()[0]["id"]}]


PARAM_KWARGS.update({
    "knowledge:article": _first_article,
})
