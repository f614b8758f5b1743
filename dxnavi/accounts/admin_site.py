"""The Django admin without a login form of its own.

``/admin/login/`` only redirects to ``accounts:login`` (lockout, then TOTP when the user has a
device), and the admin admits a staff user only when this session passed two-step verification
if they have it on. So there is one way to log in, whatever the entry point.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class AdminSite(admin.AdminSite):
    index_template = "admin/dxnavi_index.html"  # the admin index plus links to the operators' own pages

    def has_permission(self, request):
        from . import services  # this module is imported while the app registry loads

        return super().has_permission(request) and services.session_meets_second_factor(request)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if self.has_permission(request):
            return redirect(next_url)
        if user.is_authenticated:
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            # Staff whose session skipped the second factor: log in again, properly.
            logout(request)
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class AdminConfig(BaseAdminConfig):
    default_site = "dxnavi.accounts.admin_site.AdminSite"
