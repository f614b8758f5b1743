"""Sign-up, login (password, then TOTP when enabled), account settings, two-step verification, passwords."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dxnavi.ratelimit import mail_rate_limited

from . import services, verification
from .forms import (
    LANGUAGE_CODES,
    AccountSettingsForm,
    LocalizedPasswordResetForm,
    LoginForm,
    SecondFactorForm,
    SignupForm,
    TOTPConfirmForm,
    TOTPDisableForm,
)


def _safe_next(request) -> str:
    """``next`` from the form or query string, only when it is a path on this site.

    Only paths starting with "/" are taken: ``redirect()`` reads any other string without a
    "/" or "." (``next=-1``) as a view name, which does not exist.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _redirect_after_login(next_url, language=None):
    return _redirect_with_language(next_url or resolve_url(settings.LOGIN_REDIRECT_URL), language)


def _redirect_with_language(url, language=None):
    response = redirect(url)
    if language in LANGUAGE_CODES:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _with_next(url, next_url=""):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _login_url(next_url=""):
    return _with_next(reverse("accounts:login"), next_url)


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@mail_rate_limited(recipient_field="email")
def signup(request):
    """The same answer for a new and an existing address (see ``verification.register``)."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        form = SignupForm(data=request.POST)
        if form.is_valid():
            verification.register(request, form, language=translation.get_language(), next_url=next_url)
            return redirect(_with_next(reverse("accounts:signup_done"), next_url))
    else:
        form = SignupForm(initial={"email": request.GET.get("email", "")[:254]})
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"next": _safe_next(request)})


@never_cache
def verify_email(request, token):
    user = verification.user_for_token(token)
    next_url = _safe_next(request)
    if user is None:
        return render(request, "accounts/verify_email_invalid.html", status=400)
    verification.mark_verified(user)
    messages.success(request, _("Your e-mail address is confirmed."))
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    query = {"email": user.email, **({"next": next_url} if next_url else {})}
    return redirect(f"{reverse('accounts:login')}?{urlencode(query)}")


@require_POST
@login_required
@mail_rate_limited
def verify_email_resend(request):
    next_url = _safe_next(request)
    if request.user.email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
    else:
        verification.send_verification(request, request.user)
        messages.success(request, _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email})
    return redirect(next_url or "accounts:settings")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method != "POST":
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            user = form.user
            if services.confirmed_device(user):
                services.start_pending_login(request, user, next_url)
                return redirect("accounts:login_totp")
            services.complete_login(request, user, backend=user.backend)
            return _redirect_after_login(next_url, user.language)
    else:
        form = LoginForm(request, initial={"email": request.GET.get("email", "")[:254]})
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code", "recovery_code")
@csrf_protect
@never_cache
def login_totp(request):
    pending = services.get_pending_login(request)
    if pending is None:
        messages.info(request, _("Your login has timed out. Please enter your e-mail address and password again."))
        return redirect("accounts:login")
    device = services.confirmed_device(pending.user)
    if device is None:  # turned off in the meantime: the password step was enough
        services.complete_login(request, pending.user, backend=pending.backend)
        return _redirect_after_login(pending.next_url, pending.user.language)
    if request.method == "POST":
        form = SecondFactorForm(request, pending.user, device, data=request.POST)
        if form.is_valid():
            services.complete_login(request, pending.user, backend=pending.backend, second_factor=True)
            return _redirect_after_login(pending.next_url, pending.user.language)
        if form.is_locked:
            services.clear_pending_login(request)
            for error in form.non_field_errors():
                messages.error(request, error)
            return redirect(_login_url(pending.next_url))
    else:
        form = SecondFactorForm(request, pending.user, device)
    return render(request, "accounts/login_totp.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET with 405)."""


@login_required
def account_settings(request):
    if request.method == "POST":
        form = AccountSettingsForm(data=request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            with translation.override(user.language):
                messages.success(request, _("Your settings have been saved."))
            return _redirect_with_language(reverse("accounts:settings"), user.language)
    else:
        form = AccountSettingsForm(instance=request.user)
    device = services.confirmed_device(request.user)
    context = {
        "form": form,
        "device": device,
        "recovery_codes_left": services.remaining_recovery_codes(device) if device else 0,
    }
    return render(request, "accounts/settings.html", context)


@login_required
@never_cache
def totp_setup(request):
    if services.confirmed_device(request.user):
        messages.info(request, _("Two-step verification is already on."))
        return redirect("accounts:settings")
    device = services.device_for_setup(request.user)
    if request.method == "POST":
        form = TOTPConfirmForm(device, data=request.POST)
        if form.is_valid():
            codes = services.confirm_device(device)
            services.mark_second_factor(request)  # the code just checked proves possession
            messages.success(request, _("Two-step verification is now on."))
            # Shown once, in this response only; the codes are stored hashed.
            return render(request, "accounts/totp_recovery_codes.html", {"codes": codes})
    else:
        form = TOTPConfirmForm(device)
    uri = services.provisioning_uri(device)
    context = {
        "form": form,
        "qr_svg": services.qr_code_svg(uri, title=_("QR code for your authenticator app")),
        "secret": services.grouped_secret(device.secret),
    }
    return render(request, "accounts/totp_setup.html", context)


@sensitive_post_parameters("password", "code")
@login_required
@never_cache
def totp_disable(request):
    device = services.confirmed_device(request.user)
    if device is None:
        messages.info(request, _("Two-step verification is off."))
        return redirect("accounts:settings")
    if request.method == "POST":
        form = TOTPDisableForm(request, request.user, device, data=request.POST)
        if form.is_valid():
            services.disable_totp(request.user)
            messages.success(request, _("Two-step verification has been turned off."))
            return redirect("accounts:settings")
    else:
        form = TOTPDisableForm(request, request.user, device)
    return render(request, "accounts/totp_disable.html", {"form": form})


# --- Passwords: Django's views with our templates ------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator(mail_rate_limited(recipient_field="email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The link in the e-mail is built from the request's host (no sites framework). Rate-limited."""

    form_class = LocalizedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"expiry_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.clear_failures(self.user.email)  # a reset also lifts a lockout
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
