"""The conformity world of the tests: two accredited labs (Seoul for IPTV, Nairobi for chargers), a lab whose
accreditation lapsed, a representative of each, and three declarations (valid, expired, withdrawn)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ponte.conformity.models import Declaration, Product
from ponte.conformity.models import TestLab as Lab
from ponte.core.models import RoleKind, User
from ponte.standards.models import Recommendation
from tests.conformity.factories import (
    DeclarationFactory,
    LabFactory,
    ManufacturerFactory,
    ProductFactory,
    days,
    recommendation,
)
from tests.factories import country, with_role


@dataclass
class World:
    h702: Recommendation
    hstp: Recommendation
    f921: Recommendation
    l1000: Recommendation
    seoul: Lab
    nairobi: Lab
    lapsed: Lab
    seoul_rep: User
    nairobi_rep: User
    lapsed_rep: User
    set_top_box: Product
    valid: Declaration
    expired: Declaration
    withdrawn: Declaration


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The world's records (for a browser test, after the live server has started)."""
    h702 = recommendation("H.702", title="Accessibility profiles for IPTV systems")
    hstp = recommendation("HSTP-CONF-H702", title="Conformance testing specification for H.702")
    f921 = recommendation("F.921", title="Audio-based network navigation system for persons with vision impairment")
    l1000 = recommendation("L.1000", title="Universal power adapter and charger solution")
    seoul = LabFactory(
        name="Seoul IPTV Test Centre", scope=[h702, hstp, f921], is_itu_recognised=True, accredited_from=days(-2000)
    )
    nairobi = LabFactory(name="Nairobi ICT Lab", country=country("KEN"), scope=[l1000])
    lapsed = LabFactory(
        name="Old Test House",
        country=country("TUN"),
        scope=[l1000],
        accredited_from=days(-2000),
        accredited_until=days(-10),
    )
    hanbit = ManufacturerFactory(name="Hanbit Media", country=country("KOR"))
    set_top_box = ProductFactory(manufacturer=hanbit, model="HM-700", name="Accessible set-top box")
    old_box = ProductFactory(manufacturer=hanbit, model="HM-500", name="Set-top box")
    savanna = ManufacturerFactory(name="Savanna Power", country=country("KEN"))
    charger = ProductFactory(manufacturer=savanna, model="SP-20", name="Universal charger", category="charger")
    return World(
        h702=h702,
        hstp=hstp,
        f921=f921,
        l1000=l1000,
        seoul=seoul,
        nairobi=nairobi,
        lapsed=lapsed,
        seoul_rep=with_role(RoleKind.REPRESENTATIVE, organisation=seoul.organisation),
        nairobi_rep=with_role(RoleKind.REPRESENTATIVE, organisation=nairobi.organisation),
        lapsed_rep=with_role(RoleKind.REPRESENTATIVE, organisation=lapsed.organisation),
        set_top_box=set_top_box,
        valid=DeclarationFactory(
            product=set_top_box, lab=seoul, report_reference="SITC-0117", recommendations=[h702, hstp]
        ),
        expired=DeclarationFactory(
            product=old_box,
            lab=seoul,
            report_reference="SITC-0098",
            report_date=days(-1200),
            valid_until=days(-100),
            recommendations=[h702],
        ),
        withdrawn=DeclarationFactory(
            product=charger,
            lab=nairobi,
            report_reference="NICL-031",
            withdrawn_on=days(-5),
            withdrawal_reason="Firmware changed",
            recommendations=[l1000],
        ),
    )
