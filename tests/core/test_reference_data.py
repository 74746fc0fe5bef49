"""Reference lists shipped as data files: countries, regions, UN classifications, sectors, groups."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation

from ponte.core.models import Country, Group, Region, Sector
from ponte.core.reference import load_reference_data

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_there_with_six_names() -> None:
    assert Country.objects.count() >= 249
    japan = Country.objects.get(alpha3="JPN")
    names = [japan.name_en, japan.name_ar, japan.name_zh_hans, japan.name_fr, japan.name_ru, japan.name_es]
    assert names[0] == "Japan"
    assert all(names) and len(set(names)) >= 5
    with translation.override("ar"):
        assert Country.objects.get(alpha3="EGY").name == "مصر"


def test_regions_follow_itu_d() -> None:
    expected = {"EGY": Region.ARB, "KEN": Region.AFR, "ARG": Region.AMS, "JPN": Region.ASP, "RUS": Region.CIS}
    for alpha3, region in expected.items():
        assert Country.objects.get(alpha3=alpha3).region == region
    assert Country.objects.get(alpha3="CHE").region == Region.EUR
    members = Country.objects.filter(is_itu_member=True)
    assert members.count() == 194 or members.count() == 193
    assert not members.filter(region="").exists()


def test_un_classifications() -> None:
    assert Country.objects.filter(is_ldc=True).count() >= 44
    assert Country.objects.filter(is_lldc=True, is_itu_member=True).count() == 32
    fiji, nepal, switzerland = (Country.objects.get(alpha3=c) for c in ("FJI", "NPL", "CHE"))
    assert fiji.is_sids and fiji.is_developing
    assert nepal.is_ldc and nepal.is_lldc
    assert not switzerland.is_developing
    assert Country.objects.get(alpha3="KAZ").is_transition_economy


def test_sectors_and_pilot_groups() -> None:
    assert set(Sector.objects.values_list("code", flat=True)) == {"ITU-T", "ITU-D", "ITU-R"}
    pilot = {
        ("ITU-T", "SG5"),
        ("ITU-T", "SG11"),
        ("ITU-T", "SG16"),
        ("ITU-T", "SG20"),
        ("ITU-D", "SG1"),
        ("ITU-D", "SG2"),
    }
    found = set(Group.objects.values_list("sector__code", "code"))
    assert pilot <= found
    assert ("ITU-T", "TSAG") in found
    assert (
        Group.objects.get(sector__code="ITU-T", code="SG16").title_en == "Multimedia coding, systems and applications"
    )
    assert Group.objects.filter(kind="regional_group", parent__isnull=False).exists()


def test_reloading_reference_data_changes_nothing() -> None:
    report = load_reference_data(apps)
    assert (report.created, report.updated) == (0, 0)


def test_load_reference_data_command_reports_nothing_to_change() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
