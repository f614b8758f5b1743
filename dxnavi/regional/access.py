"""Who is an operator: an active staff user whose session passed the second factor when they have
one — the same rule as the admin site (``accounts.admin_site``). Anyone else gets a 404 on the
operator pages (not a 403: the pages' existence is not advertised)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from dxnavi.accounts.services import session_meets_second_factor
from dxnavi.content.reference import prefectures


def is_operator(request) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff and session_meets_second_factor(request))


def operator_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_operator(request):
            raise Http404
        prefecture = kwargs.get("prefecture")
        if prefecture is not None and prefecture not in {item["id"] for item in prefectures()}:
            raise Http404
        return view(request, *args, **kwargs)

    wrapper.operator_only = True
    return wrapper
