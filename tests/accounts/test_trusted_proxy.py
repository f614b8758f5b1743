"""Finding #8-6: X-Forwarded-For is ignored unless proxies are configured, in every profile."""

from tests.platform.test_settings import _manage

PRINT_PROXY_AND_IP = (
    "from django.conf import settings; from django.test import RequestFactory; "
    "from dxnavi.accounts.services import client_ip; "
    "r = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='6.6.6.6', REMOTE_ADDR='10.0.0.1'); "
    "print(settings.LOCKOUT_TRUSTED_PROXY_COUNT, client_ip(r))"
)


def test_trusted_proxy_count_production_default_zero_forged_xff_ignored():
    result = _manage(
        "shell", "-c", PRINT_PROXY_AND_IP,
        DXNAVI_PROFILE="production", DXNAVI_SECRET_KEY="k" * 60, DXNAVI_ALLOWED_HOSTS="dxnavi.example.jp",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 10.0.0.1"


def test_trusted_proxy_count_set_uses_forwarded_address():
    result = _manage(
        "shell", "-c", PRINT_PROXY_AND_IP,
        DXNAVI_PROFILE="production", DXNAVI_SECRET_KEY="k" * 60, DXNAVI_TRUSTED_PROXY_COUNT="1",
    )

    assert result.stdout.strip().splitlines()[-1] == "1 6.6.6.6"
