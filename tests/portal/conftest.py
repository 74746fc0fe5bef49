from __future__ import annotations

from typing import Any

import pytest

from ponte.core.models import Organisation, RoleKind, User
from tests.factories import with_role


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def other_representative(egyptian_sme: Organisation) -> User:
    """The representative of another organisation (Nile IoT, Egypt)."""
    return with_role(RoleKind.REPRESENTATIVE, organisation=egyptian_sme)
