"""Production-profile settings of issue #8: language cookie flags, opt-in HSTS, the deploy check."""

import json

from tests.platform.test_settings import _manage

PRODUCTION = {
    "DXNAVI_PROFILE": "production",
    "DXNAVI_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "DXNAVI_ALLOWED_HOSTS": "dxnavi.example.jp",
}
PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n) for n in ["
    "'LANGUAGE_COOKIE_SECURE', 'LANGUAGE_COOKIE_HTTPONLY', 'LANGUAGE_COOKIE_SAMESITE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE']}))"
)


def _settings(**env):
    result = _manage("shell", "-c", PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_language_cookie_is_secure_httponly_lax():
    values = _settings(**PRODUCTION)
    assert (values["LANGUAGE_COOKIE_SECURE"], values["LANGUAGE_COOKIE_HTTPONLY"], values["LANGUAGE_COOKIE_SAMESITE"]) == (True, True, "Lax")


def test_development_language_cookie_works_over_http():
    values = _settings()
    assert (values["LANGUAGE_COOKIE_SECURE"], values["LANGUAGE_COOKIE_HTTPONLY"], values["LANGUAGE_COOKIE_SAMESITE"]) == (False, True, "Lax")


def test_production_hsts_subdomains_and_preload_are_off_by_default():
    values = _settings(**PRODUCTION)
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert (values["SECURE_HSTS_INCLUDE_SUBDOMAINS"], values["SECURE_HSTS_PRELOAD"]) == (False, False)


def test_production_hsts_subdomains_and_preload_are_opt_in():
    values = _settings(**PRODUCTION, DXNAVI_HSTS_INCLUDE_SUBDOMAINS="1", DXNAVI_HSTS_PRELOAD="1")
    assert (values["SECURE_HSTS_INCLUDE_SUBDOMAINS"], values["SECURE_HSTS_PRELOAD"]) == (True, True)


def test_check_deploy_clean_with_hsts_opted_in():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **PRODUCTION, DXNAVI_HSTS_INCLUDE_SUBDOMAINS="1", DXNAVI_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_silences_only_the_opt_in_hsts_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (2 silenced)." in result.stdout
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DXNAVI_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
