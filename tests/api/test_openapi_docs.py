import re

import pytest
from django.contrib.staticfiles import finders

from tests.api.helpers import call, make_token
from tests.factories import UserFactory


def test_openapi_is_31_public_with_problem_and_bearer(client):
    response = client.get("/api/v1/openapi.json")
    schema = response.json()
    assert response.status_code == 200
    assert (schema["openapi"], schema["info"]["title"]) == ("3.1.0", "dxnavi API")
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert set(schema["components"]["schemas"]["Problem"]["required"]) >= {"type", "title", "status", "detail", "instance", "code"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code in ("401", "403", "404", "422", "429"):
                content = operation["responses"][code]["content"]
                assert list(content) == ["application/problem+json"], (method, path, code)


def test_openapi_validates_as_openapi_31(client):
    from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

    schema = client.get("/api/v1/openapi.json").json()
    # The OpenAPI 3.1 meta-schema (as Schemathesis validates it), and every $ref resolves.
    assert [error.message for error in OPENAPI_31_VALIDATOR.iter_errors(schema)] == []
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', client.get("/api/v1/openapi.json").content.decode()))
    assert refs - set(schema["components"]["schemas"]) == set()


def test_docs_page_local_files_no_inline_script(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert response.status_code == 200
    assert scripts and all('src="/static/' in attrs and body.strip() == "" for attrs, body in scripts)
    assert "style=" not in html and "<style" not in html
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    for path in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(path), path
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.django_db
def test_api_cache_control_is_private_no_cache_not_no_store(client):
    token = make_token(UserFactory())
    response = call(client, "get", "/api/v1/me", token)
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"]
