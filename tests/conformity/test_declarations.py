"""Recording a declaration: accepted only when the lab's accreditation was current on the report date and its scope
covers the Recommendations; the product is found by manufacturer and model, or added; everything keeps its history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.conformity import services
from ponte.conformity.models import Declaration, DeclarationStatus, Manufacturer, Product
from ponte.core.models import User
from tests.conformity.conftest import World
from tests.conformity.factories import days
from tests.factories import country

pytestmark = pytest.mark.django_db


def entry(world: World, **changes: Any) -> services.Entry:
    values: dict[str, Any] = {
        "lab": world.seoul,
        "manufacturer": "Lumen Vision",
        "manufacturer_country": country("CHN"),
        "model": "LV-4K2",
        "product": "4K IPTV terminal",
        "category": "iptv_terminal",
        "recommendations": (world.h702,),
        "report_reference": "SITC-0200",
        "report_date": days(-10),
        "valid_until": days(1000),
    }
    values.update(changes)
    return services.Entry(**values)


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_a_lab_representative_records_a_declaration_of_a_new_product(world: World) -> None:
    declaration = services.record_declaration(actor=world.seoul_rep, entry=entry(world, description="**Bold** claim"))
    product = declaration.product
    assert (product.manufacturer.name, product.manufacturer.country.alpha3) == ("Lumen Vision", "CHN")
    assert (product.model, product.name, product.category) == ("LV-4K2", "4K IPTV terminal", "iptv_terminal")
    assert product.description == "**Bold** claim"
    assert list(declaration.recommendations.all()) == [world.h702]
    assert declaration.entered_by == world.seoul_rep
    assert declaration.status == DeclarationStatus.VALID


def test_the_history_says_who_recorded_what_and_why(world: World) -> None:
    declaration = services.record_declaration(actor=world.seoul_rep, entry=entry(world))
    record = declaration.history.earliest()
    assert record.history_change_reason == "conformity.declaration.recorded"
    assert record.history_user == world.seoul_rep
    latest = declaration.history.latest()
    assert [link.recommendation for link in latest.recommendations.all()] == [world.h702]
    product_record = declaration.product.history.get()
    assert product_record.history_change_reason == "conformity.product.created"
    manufacturer_record = declaration.product.manufacturer.history.get()
    assert manufacturer_record.history_change_reason == "conformity.manufacturer.created"


def test_a_known_manufacturer_and_model_are_found_whatever_their_case(world: World) -> None:
    declaration = services.record_declaration(
        actor=world.seoul_rep,
        entry=entry(
            world,
            manufacturer="  hanbit   MEDIA ",
            manufacturer_country=country("KOR"),
            model="hm-700",
            product="Accessible set-top box",
        ),
    )
    assert declaration.product == world.set_top_box
    assert Manufacturer.objects.filter(name__iexact="hanbit media").count() == 1


def test_a_report_dated_before_the_accreditation_is_refused_at_the_report_date(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(actor=world.seoul_rep, entry=entry(world, report_date=days(-2100)))
    [message] = errors_of(raised)["report_date"]
    assert "Seoul IPTV Test Centre was not accredited on the report date" in message
    assert not Declaration.objects.filter(report_reference="SITC-0200").exists()
    assert not Product.objects.filter(model="LV-4K2").exists()


def test_a_report_of_a_lapsed_lab_is_accepted_from_the_secretariat_for_a_date_it_was_accredited(
    world: World, secretariat: User
) -> None:
    """History: a lab's reports of the years it was accredited stay good records, recorded by the secretariat."""
    declaration = services.record_declaration(
        actor=secretariat,
        entry=entry(
            world, lab=world.lapsed, recommendations=(world.l1000,), report_date=days(-400), valid_until=days(-20)
        ),
    )
    assert declaration.status == DeclarationStatus.EXPIRED
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(
            actor=secretariat,
            entry=entry(
                world, lab=world.lapsed, recommendations=(world.l1000,), report_reference="X-2", report_date=days(-5)
            ),
        )
    assert "Old Test House was not accredited on the report date" in errors_of(raised)["report_date"][0]


def test_recommendations_outside_the_scope_are_named_at_their_field(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(
            actor=world.seoul_rep, entry=entry(world, recommendations=(world.h702, world.l1000))
        )
    assert errors_of(raised)["recommendations"] == [
        "Outside the accreditation scope of Seoul IPTV Test Centre: ITU-T L.1000."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"report_date": days(3)}, "report_date", "The report date cannot be in the future."),
        ({"valid_until": days(-11)}, "valid_until", "The validity cannot end before the report date."),
        ({"recommendations": ()}, "recommendations", "Name at least one Recommendation the product conforms to."),
        ({"manufacturer": " "}, "manufacturer", "Write the manufacturer's name."),
        (
            {"model": "=HYPERLINK(1)"},
            "model",
            "Do not start with =, +, - or @: spreadsheets would read it as a formula.",
        ),
        ({"product": "Box\x00"}, "product", "Remove the control characters (line breaks, tabs…)."),
        ({"report_reference": "R" * 61}, "report_reference", "At most 60 characters."),
        ({"category": "toaster"}, "category", "Choose one of the categories."),
    ],
)
def test_bad_input_is_refused_at_its_field(world: World, changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(actor=world.seoul_rep, entry=entry(world, **changes))
    assert errors_of(raised)[field] == [message]
    assert Declaration.objects.count() == 3


def test_a_lab_cannot_record_the_same_report_twice(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(actor=world.seoul_rep, entry=entry(world, report_reference="SITC-0117"))
    assert errors_of(raised)["report_reference"] == [
        "Seoul IPTV Test Centre has a declaration with this report reference already."
    ]


def test_a_known_manufacturer_keeps_its_country(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(
            actor=world.seoul_rep, entry=entry(world, manufacturer="Hanbit Media", manufacturer_country=country("JPN"))
        )
    assert errors_of(raised)["manufacturer_country"] == [
        "Hanbit Media is recorded in Korea (the Republic of) (KOR): write that country, or ask the secretariat."
    ]


def test_another_labs_representative_cannot_rename_a_product_it_never_tested(world: World) -> None:
    """The Nairobi lab's scope is widened to H.702 so that only the product rule is at stake."""
    world.nairobi.scope.add(world.h702)
    with pytest.raises(ValidationError) as raised:
        services.record_declaration(
            actor=world.nairobi_rep,
            entry=entry(
                world, lab=world.nairobi, manufacturer="Hanbit Media", manufacturer_country=country("KOR"),
                model="HM-700", product="Renamed box",
            ),
        )  # fmt: skip
    assert errors_of(raised)["product"][0].startswith("This model is recorded as “Accessible set-top box”")
    world.set_top_box.refresh_from_db()
    assert world.set_top_box.name == "Accessible set-top box"
    # Under the recorded name, its own declaration of the product is accepted.
    declaration = services.record_declaration(
        actor=world.nairobi_rep,
        entry=entry(
            world, lab=world.nairobi, manufacturer="Hanbit Media", manufacturer_country=country("KOR"),
            model="HM-700", product="Accessible set-top box",
        ),
    )  # fmt: skip
    assert declaration.product == world.set_top_box


def test_the_labs_own_representative_corrects_the_product_and_the_report(world: World) -> None:
    services.change_declaration(
        actor=world.seoul_rep,
        declaration=world.valid,
        recommendations=[world.h702],
        report_reference="SITC-0117-R1",
        report_date=days(-40),
        valid_until=days(500),
        product="Accessible IPTV set-top box",
        category="iptv_terminal",
        description="Captions and audio description.",
    )
    world.valid.refresh_from_db()
    assert (world.valid.report_reference, world.valid.valid_until) == ("SITC-0117-R1", days(500))
    assert list(world.valid.recommendations.all()) == [world.h702]
    assert world.valid.product.name == "Accessible IPTV set-top box"
    reasons = {record.history_change_reason for record in world.valid.history.all()}
    assert "conformity.declaration.changed" in reasons


def test_saving_the_same_entry_twice_writes_nothing_the_second_time(world: World) -> None:
    first, outcome = services.save_declaration(actor=world.seoul_rep, entry=entry(world))
    assert outcome == services.Outcome.CREATED
    history = first.history.count()
    again, outcome = services.save_declaration(actor=world.seoul_rep, entry=entry(world))
    assert (again, outcome) == (first, services.Outcome.UNCHANGED)
    assert first.history.count() == history
    _same, outcome = services.save_declaration(actor=world.seoul_rep, entry=entry(world, valid_until=days(900)))
    assert outcome == services.Outcome.UPDATED


def test_withdrawing_needs_a_reason_and_can_be_undone(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        services.withdraw_declaration(actor=world.seoul_rep, declaration=world.valid, reason="  ")
    assert errors_of(raised)["reason"] == ["Say why it is withdrawn."]
    services.withdraw_declaration(actor=world.seoul_rep, declaration=world.valid, reason="Firmware changed")
    world.valid.refresh_from_db()
    assert world.valid.status == DeclarationStatus.WITHDRAWN
    assert world.valid.withdrawn_on == days(0)
    with pytest.raises(ValidationError):
        services.withdraw_declaration(actor=world.seoul_rep, declaration=world.valid, reason="Again")
    services.restore_declaration(actor=world.seoul_rep, declaration=world.valid)
    restored = Declaration.objects.get(pk=world.valid.pk)
    assert restored.status == DeclarationStatus.VALID and restored.withdrawal_reason == ""


@pytest.mark.parametrize("who", ["member", "nairobi_rep", "lapsed_rep"])
def test_nobody_else_records_changes_or_withdraws_a_seoul_declaration(world: World, member: User, who: str) -> None:
    actor = member if who == "member" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.record_declaration(actor=actor, entry=entry(world))
    with pytest.raises(PermissionDenied):
        services.withdraw_declaration(actor=actor, declaration=world.valid, reason="No")
    with pytest.raises(PermissionDenied):
        services.change_declaration(
            actor=actor, declaration=world.valid, recommendations=[world.h702], report_reference="X",
            report_date=days(-1), valid_until=days(1), product="X", category="other",
        )  # fmt: skip


def test_a_lapsed_labs_representative_cannot_record_even_an_old_report(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.record_declaration(
            actor=world.lapsed_rep,
            entry=entry(
                world, lab=world.lapsed, recommendations=(world.l1000,), report_date=days(-400), valid_until=days(-20)
            ),
        )


def test_the_secretariat_registers_a_lab_and_renews_its_accreditation(world: World, secretariat: User) -> None:
    lab = services.register_lab(
        actor=secretariat,
        name=" Dakar  Test Lab ",
        country=country("SEN"),
        accreditation_body="SOAC",
        accreditation_number="SOAC-1",
        accredited_until=days(10),
        scope=[world.l1000],
    )
    assert lab.name == "Dakar Test Lab" and lab.is_accredited_now
    services.renew_accreditation(
        actor=secretariat, lab=lab, accredited_until=days(400), scope=[world.l1000, world.h702]
    )
    lab.refresh_from_db()
    assert lab.accredited_until == days(400) and set(lab.scope.all()) == {world.l1000, world.h702}
    with pytest.raises(PermissionDenied):
        services.renew_accreditation(actor=world.seoul_rep, lab=world.seoul, accredited_until=datetime.date(2100, 1, 1))
