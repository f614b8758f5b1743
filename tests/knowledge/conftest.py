import pytest

from .library_fixture import library  # noqa: F401 — the fixture, for every test of this package
from .llm_server import FakeLLM


@pytest.fixture
def server(settings):
    """A ``FakeLLM`` on 127.0.0.1, configured as the answer server (model ``test-model``, no API key)."""
    fake = FakeLLM()
    settings.KNOWLEDGE_LLM_URL = fake.url
    settings.KNOWLEDGE_LLM_MODEL = "test-model"
    settings.KNOWLEDGE_LLM_API_KEY = ""
    settings.KNOWLEDGE_LLM_TIMEOUT = 5
    yield fake
    fake.close()
