"""400, 403, 404, 429, 500 and CSRF-failure pages: the site's layout, Japanese first (English
when chosen), a way back, and no internal details."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

INTERNAL = "internal:"


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.platform.error_urls"
    settings.DEBUG = False


def _page(response):
    return response.content.decode()


def _assert_site_layout(html):
    assert 'class="site-header"' in html
    assert 'class="site-footer wrap"' in html
    assert 'href="/"' in html  # the way home
    assert INTERNAL not in html


@pytest.mark.django_db
def test_404_page_japanese_in_site_layout(client, error_urls):
    response = client.get("/no-such-page/")
    html = _page(response)
    assert response.status_code == 404
    assert "<title>ページが見つかりません – dxnavi</title>" in html
    assert "トップページへ" in html
    _assert_site_layout(html)


@pytest.mark.django_db
def test_404_page_english_when_language_is_en(client, error_urls, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    html = _page(response)
    assert response.status_code == 404
    assert "<title>Page not found – dxnavi</title>" in html
    assert "Go to the home page" in html


@pytest.mark.django_db
def test_404_page_for_logged_in_user_keeps_navigation(client, error_urls):
    client.force_login(UserFactory())
    html = _page(client.get("/no-such-page/"))
    assert "ログアウト" in html


@pytest.mark.django_db
def test_403_page_hides_the_reason(client, error_urls):
    response = client.get("/test-errors/forbidden/")
    html = _page(response)
    assert response.status_code == 403
    assert "<title>このページを表示する権限がありません – dxnavi</title>" in html
    _assert_site_layout(html)


@pytest.mark.django_db
def test_400_page_hides_the_reason(client, error_urls):
    response = client.get("/test-errors/bad/")
    html = _page(response)
    assert response.status_code == 400
    assert "<title>リクエストを処理できませんでした – dxnavi</title>" in html
    _assert_site_layout(html)


@pytest.mark.django_db
def test_500_page_hides_the_exception(error_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    html = _page(response)
    assert response.status_code == 500
    assert "<title>システムでエラーが発生しました – dxnavi</title>" in html
    assert "hunter2" not in html
    _assert_site_layout(html)


@pytest.mark.django_db
def test_500_page_english_when_language_is_en(error_urls, settings):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _page(client.get("/test-errors/boom/"))
    assert "<title>Something went wrong on our side – dxnavi</title>" in html


def test_500_page_renders_without_database():
    # No db mark: pytest-django makes any query raise, so this proves the page needs none.
    from dxnavi.web.errors import server_error

    response = server_error(RequestFactory().get("/"))
    html = _page(response)
    assert response.status_code == 500
    assert "システムでエラーが発生しました" in html
    assert 'action="/i18n/setlang/"' not in html  # no form that would need a CSRF token


@pytest.mark.django_db
def test_csrf_failure_page_japanese_in_site_layout(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@example.test", "password": "x"})
    html = _page(response)
    assert response.status_code == 403
    assert "<title>フォームの有効期限が切れました – dxnavi</title>" in html
    assert "CSRF cookie not set" not in html  # no reason string
    assert "CSRF" not in html.split("<main", 1)[1]  # no jargon on the page
    _assert_site_layout(html)


@pytest.mark.django_db
def test_error_page_back_link_only_to_same_site(client, error_urls):
    html = _page(client.get("/no-such-page/", HTTP_REFERER="http://testserver/accounts/login/"))
    assert '<a class="btn btn-secondary" href="http://testserver/accounts/login/">前のページに戻る</a>' in html
    html = _page(client.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish"))
    assert "evil.example" not in html
    assert "前のページに戻る" not in html


@pytest.mark.django_db
def test_error_response_429_with_message():
    from dxnavi.web.errors import error_response

    request = RequestFactory().get("/accounts/login/")
    response = error_response(request, 429, message="ログインの試行が多すぎます。15分ほど待ってから、もう一度お試しください。")
    html = _page(response)
    assert response.status_code == 429
    assert "<title>操作の回数が多すぎます – dxnavi</title>" in html
    assert "ログインの試行が多すぎます。15分ほど待ってから、もう一度お試しください。" in html
