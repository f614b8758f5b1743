"""Account settings → API tokens (create, list, revoke), the API's documentation page and problem pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import tokens
from .forms import TokenForm
from .models import ApiToken
from .problems import DETAILS, PROBLEMS


def _rows(user):
    now = timezone.now()
    rows = ApiToken.objects.filter(user=user).select_related("company", "organization").order_by("-created_at", "-pk")
    return [(token, tokens.status(token, now)) for token in rows]


@login_required
@never_cache
def token_list(request):
    """GET: the list and the form. POST: create; the secret is in this response only (never stored)."""
    form = TokenForm(request.POST or None, user=request.user)
    created = None
    if request.method == "POST" and form.is_valid():
        created = tokens.create_token(
            request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"], days=form.cleaned_data["days"],
            **form.limit_objects(),
        )
        form = TokenForm(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "rows": _rows(request.user), "created": created})


@login_required
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if request.method == "POST":
        tokens.revoke(request.user, token.pk)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})


def docs(request):
    """Swagger UI from ninja's own static files and our init script (no inline script, no CDN)."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api-v1:openapi-json")})


def problem_page(request, code):
    if code not in PROBLEMS:
        raise Http404
    status, title = PROBLEMS[code]
    return render(request, "api/problem.html", {"code": code, "status": status, "title": title, "detail": DETAILS.get(code, "")})
