from django.templatetags.static import static


def test_favicon_redirects_to_static_icon_for_anyone(client, db):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, static("favicon.ico"))
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_refuses_post(client, db):
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_the_icons(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.ico")}" sizes="48x48">' in page
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
