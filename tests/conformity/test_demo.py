"""The demo conformity database: labs in Korea, Kenya and Tunisia, products conforming to H.702, HSTP-CONF-H702,
F.921, H.265 and L.1000 (two expired), a representative of the Korean lab; loading it again adds nothing."""

from __future__ import annotations

import pytest

from ponte.conformity import selectors
from ponte.conformity.demo import load_conformity_demo
from ponte.conformity.models import Declaration, DeclarationStatus
from ponte.conformity.models import TestLab as Lab
from ponte.core.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(secretariat: User) -> None:
    assert load_conformity_demo() == 6
    statuses = {declaration.report_reference: declaration.status for declaration in Declaration.objects.all()}
    assert statuses["SITC-2024-0117"] == DeclarationStatus.VALID
    assert statuses["TTL-2021-044"] == DeclarationStatus.EXPIRED
    assert statuses["SITC-2021-0098"] == DeclarationStatus.EXPIRED
    seoul = Lab.objects.get(name="Seoul IPTV Interoperability Test Centre")
    assert seoul.is_itu_recognised and seoul.is_accredited_now
    assert {str(r) for r in seoul.scope.all()} >= {"ITU-T H.702", "ITU-T HSTP-CONF-H702", "ITU-T F.921"}
    assert not Lab.objects.get(name="Tunis Telecom Test Laboratory").is_accredited_now
    representative = User.objects.get(email="lab@sitc.example")
    assert representative.has_perm("conformity.record_for_lab", seoul)
    h702 = selectors.recommendations_named("ITU-T H.702").get()
    assert [product.model for product in selectors.conforming_products(recommendation=h702)] == [
        "HMD-STB-700",
        "LV-IPTV-4K2",
    ]
    history = Declaration.history.count()
    assert load_conformity_demo() == 0
    assert Declaration.history.count() == history


def test_without_a_secretariat_account_the_demo_makes_nothing(db: None) -> None:
    assert load_conformity_demo() == 0
    assert not Declaration.objects.exists()
