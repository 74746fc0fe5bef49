from __future__ import annotations

import pytest

from ponte.core.models import Group, User
from ponte.standards.models import Recommendation
from tests.factories import group
from tests.qa.factories import expert_of, person, recommendation


@pytest.fixture
def sg16(db: None) -> Group:
    return group("ITU-T", "SG16")


@pytest.fixture
def h702(db: None) -> Recommendation:
    return recommendation("H.702")


@pytest.fixture
def asker(db: None) -> User:
    return person("Aminata", "Diallo", language="fr")


@pytest.fixture
def other(db: None) -> User:
    """Someone signed in who did not ask."""
    return person("Kofi", "Mensah")


@pytest.fixture
def expert(db: None) -> User:
    """An expert of ITU-T SG16, the group of H.702."""
    return expert_of("ITU-T", "SG16", first_name="Carlos", last_name="Méndez", language="es")


@pytest.fixture
def other_expert(db: None) -> User:
    """An expert of another group (ITU-T SG20)."""
    return expert_of("ITU-T", "SG20", first_name="Ivan", last_name="Petrov", language="ru")
