from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ponte.core.models import Organisation, RoleKind, User
from tests.factories import with_role


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def other_representative(egyptian_sme: Organisation) -> User:
    """The representative of another organisation (Nile IoT, Egypt)."""
    return with_role(RoleKind.REPRESENTATIVE, organisation=egyptian_sme)
