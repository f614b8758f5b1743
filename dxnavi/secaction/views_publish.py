"""Publishing the basic policy: the company's settings page and the public page itself.

The settings page is a company page (``company_view``); turning the public page on or off and
making a new link are the company's own acts (members who can edit; advisers get 404, as for
adopting). The public page has no login: the unguessable token in its URL is the only key, and
it shows the adopted policy text and nothing else of the company.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view

from . import publication, services
from .views import _base_context


@company_view()
def policy_publish(request, access):
    adopted = services.adopted_policy(access)
    current = publication.get(access)
    public_url = None
    if current is not None and current.enabled and adopted is not None:
        public_url = request.build_absolute_uri(reverse("secaction:public_policy", args=[current.token]))
    context = _base_context(
        access,
        adopted=adopted,
        publication=current,
        public_url=public_url,
        can_publish=publication.can_publish(access),
        snippet=publication.snippet(adopted) if adopted else "",
    )
    return render(request, "secaction/policy_publish.html", context)


@require_POST
@company_view(need="member")  # advisers get 404: publishing is the company's own act
def policy_publish_set(request, access):
    if not publication.can_publish(access):
        raise PermissionDenied  # a viewer member
    action = request.POST.get("action")
    try:
        if action == "on":
            publication.set_enabled(access, enabled=True, user=request.user)
            messages.success(request, _("The public page of the basic policy is on. Anyone with the link can read the policy."))
        elif action == "off":
            publication.set_enabled(access, enabled=False, user=request.user)
            messages.success(request, _("The public page is off. The link shows nothing now."))
        elif action == "renew":
            publication.renew_token(access, user=request.user)
            messages.success(request, _("A new link was made. The old link no longer works."))
        else:
            messages.error(request, _("Choose whether to turn the public page on or off."))
    except publication.NothingToPublish:
        messages.error(request, _("Adopt a version of the basic policy first; the public page shows the adopted version."))
    return redirect("secaction:policy_publish", access.company.pk)


def public_policy(request, token):
    """The published policy (no login). Wrong, renewed or switched-off links are a plain 404."""
    policy = publication.published_policy(token)
    if policy is None:
        raise Http404
    with translation.override(policy.language):  # the page is in the policy's language
        response = render(
            request, "secaction/public_policy.html", {"policy": policy, "parts": services.split_parts(policy.parts)}
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


public_policy.public_token = True  # read by tests/secaction/test_publication.py: token-only pages
