from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import services


class EmailBackend(ModelBackend):
    """Authenticate by e-mail, case-insensitively, under the login lockout.

    The lockout lives here rather than in one view so that every caller of
    ``django.contrib.auth.authenticate`` (our login form, or anything added later) is
    refused while locked out and has its failures counted.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        email = (email or username or "").strip()
        if not email or password is None:
            return None
        ip = services.client_ip(request) if request is not None else None
        User = get_user_model()
        if services.is_locked_out(email, ip):
            User().set_password(password)  # same cost as a real check
            return None
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check: no timing oracle
            services.record_failure(email, ip)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        services.record_failure(email, ip)
        return None
