"""Issuing and revoking certificates: only trained people, numbers readable but not guessable, revocation with a
reason, and a certificate's status on a day."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.experts import services
from ponte.experts.models import Certificate, CertificateStatus
from tests.experts.factories import certificate, trained, workshop
from tests.factories import PersonFactory, country

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def test_the_secretariat_certifies_a_trained_expert_with_a_readable_unguessable_number(secretariat) -> None:
    ljubljana = workshop()
    ana = PersonFactory(country=country("MKD"))
    trained(ana, ljubljana)
    first = services.issue_certificate(
        actor=secretariat, person=ana, workshop=ljubljana, issued_on=datetime.date(2017, 10, 16)
    )
    second = services.issue_certificate(actor=secretariat, person=ana, issued_on=datetime.date(2018, 1, 2))
    assert re.fullmatch(r"ITU-INN-2017-0001-[A-HJ-NP-Z2-9]{4}", first.number)
    assert second.number.startswith("ITU-INN-2018-0001-")  # a series per year
    assert first.expires_on == datetime.date(2020, 10, 15)  # three years by default
    assert first.history.first().history_change_reason == "experts.certificate.issued"


def test_an_untrained_person_cannot_be_certified(secretariat) -> None:
    ljubljana = workshop()
    ben = PersonFactory()
    trained(ben, ljubljana, done=False)
    with pytest.raises(ValidationError) as refused:
        services.issue_certificate(
            actor=secretariat, person=ben, workshop=ljubljana, issued_on=datetime.date(2018, 1, 1)
        )
    assert _codes(refused.value) == {"person": ["not_trained"]}
    assert not Certificate.objects.exists()


def test_a_certificate_is_not_issued_before_the_workshop_ends_nor_for_too_long(secretariat) -> None:
    ljubljana = workshop()
    ana = PersonFactory()
    trained(ana, ljubljana)
    with pytest.raises(ValidationError) as early:
        services.issue_certificate(
            actor=secretariat, person=ana, workshop=ljubljana, issued_on=datetime.date(2017, 9, 1)
        )
    assert _codes(early.value) == {"issued_on": ["before_workshop"]}
    with pytest.raises(ValidationError) as long:
        services.issue_certificate(
            actor=secretariat, person=ana, issued_on=datetime.date(2018, 1, 1), expires_on=datetime.date(2040, 1, 1)
        )
    assert _codes(long.value) == {"expires_on": ["too_long"]}


def test_only_the_secretariat_issues_and_revokes(member, japan_focal_point) -> None:
    ana = PersonFactory()
    trained(ana, workshop())
    for actor in (member, japan_focal_point):
        with pytest.raises(PermissionDenied):
            services.issue_certificate(actor=actor, person=ana, issued_on=datetime.date(2018, 1, 1))
        with pytest.raises(PermissionDenied):
            services.revoke_certificate(actor=actor, certificate=certificate(ana), reason="No.")


def test_revoking_needs_a_reason_and_happens_once(secretariat) -> None:
    held = certificate(PersonFactory())
    with pytest.raises(ValidationError) as no_reason:
        services.revoke_certificate(actor=secretariat, certificate=held, reason="  ")
    assert _codes(no_reason.value) == {"reason": ["required"]}
    revoked = services.revoke_certificate(actor=secretariat, certificate=held, reason="Left the programme.")
    assert revoked.status == CertificateStatus.REVOKED and revoked.revoked_by == secretariat
    with pytest.raises(ValidationError) as twice:
        services.revoke_certificate(actor=secretariat, certificate=held, reason="Again.")
    assert _codes(twice.value) == {"reason": ["already_revoked"]}


def test_a_certificates_status_depends_on_the_day() -> None:
    held = certificate(
        PersonFactory(),
        issued_on=datetime.date(2020, 1, 1),
        expires_on=datetime.date(2022, 12, 31),
        revoked_on=datetime.date(2022, 6, 1),
    )
    assert held.status_on(datetime.date(2019, 12, 31)) == CertificateStatus.NOT_YET_VALID
    assert held.status_on(datetime.date(2021, 5, 5)) == CertificateStatus.VALID
    assert held.status_on(datetime.date(2022, 6, 1)) == CertificateStatus.REVOKED
    unrevoked = certificate(
        PersonFactory(), issued_on=datetime.date(2020, 1, 1), expires_on=datetime.date(2022, 12, 31)
    )
    assert unrevoked.status_on(datetime.date(2022, 12, 31)) == CertificateStatus.VALID
    assert unrevoked.status_on(datetime.date(2023, 1, 1)) == CertificateStatus.EXPIRED
