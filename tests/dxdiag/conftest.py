import pytest

from tests.dxdiag.helpers import load_packs


@pytest.fixture
def dx_packs(db):
    """(stage pack, maturity pack) loaded from content/questionnaires (the security pack too)."""
    return load_packs()
