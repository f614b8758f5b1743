import pytest

from tests.assessments.helpers import load_pack


@pytest.fixture
def pack(db):
    return load_pack()
