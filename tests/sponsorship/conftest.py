"""The sponsorship tests' world: see ``factories.build_world``."""

from __future__ import annotations

import pytest

from tests.sponsorship.factories import World, build_world

__all__ = ["World"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()
