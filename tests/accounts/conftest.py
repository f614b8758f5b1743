import pytest

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    # Pin the documented defaults so the environment cannot change the arithmetic in the tests.
    settings.LOCKOUT_MAX_FAILURES = 5
    settings.LOCKOUT_WINDOW_MINUTES = 15


@pytest.fixture
def user(db):
    return UserFactory(email="taro@example.com", name="山田 太郎")
