"""Demo data from the seeds, loaded once: a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ponte.core.models import Organisation, Person, Role, User

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Organisation.history.count(),
        User.objects.count(),
        Person.history.count(),
        Role.objects.count(),
        Role.history.count(),
    )


def test_demo_loads_the_22_pilot_smes_and_is_idempotent() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Organisation.objects.filter(category="sme", groups__isnull=False).distinct().count() == 22
    astem = Organisation.objects.get(name="ASTEM Co. Ltd.")
    assert astem.country is not None
    assert astem.country.alpha3 == "JPN"
    assert {str(g) for g in astem.groups.all()} == {"ITU-D SG2", "ITU-T SG16"}
    assert Organisation.objects.filter(country__alpha3="EGY", groups__code="SG20").count() == 3
    assert (
        "staff@ponte.example" in out.getvalue() and "22 BSG fund entries, 61 partnership agreements" in out.getvalue()
    )
    before = _snapshot()
    call_command("load_demo", stdout=StringIO())
    assert _snapshot() == before


def test_demo_accounts_hold_their_roles() -> None:
    call_command("load_demo", stdout=StringIO())
    japan = User.objects.get(email="focal.japan@ponte.example")
    egypt_sme = Organisation.objects.get(name="Alfa Electronics")
    japan_sme = Organisation.objects.get(name="DAIWA Computer Co. Ltd.")
    assert japan.has_perm("core.change_organisation", japan_sme)
    assert not japan.has_perm("core.change_organisation", egypt_sme)
    staff = User.objects.get(email="staff@ponte.example")
    assert staff.is_staff and staff.has_perm("core.access_admin")
    representative = User.objects.get(email="sme@astem.example")
    assert representative.has_perm("core.change_organisation", Organisation.objects.get(name="ASTEM Co. Ltd."))
