"""View decorators of the accounts app."""

from functools import wraps

from django.shortcuts import render


def verified_email_required(view=None, *, only_post: bool = False):
    """Refuse (403, with a page to resend the link) a logged-in user whose e-mail address is not verified.

    For views that make the platform send e-mail to an address the user types in. Anonymous
    requests pass through to the view's own login handling. ``only_post``: GET stays open (a page
    that lists things and also has a sending form).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and not user.email_verified and (request.method == "POST" or not only_post):
                return render(request, "accounts/verify_email_required.html", {"next": request.get_full_path()}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
