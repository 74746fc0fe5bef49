"""The experts pages: public figures and workshops; participants' names and every write for the secretariat, who
records workshops and participants and issues and revokes certificates, with errors at the field and nothing
half-saved."""

from __future__ import annotations

import datetime

import pytest

from ponte.core.models import Person
from ponte.experts.models import Certificate, Participation, Workshop
from tests.conftest import signed_in
from tests.experts.factories import certificate, trained, workshop
from tests.factories import PersonFactory, country

pytestmark = pytest.mark.django_db

SECRETARIAT_PAGES = ["/en/experts/workshops/new/", "/en/experts/certificates/"]


@pytest.mark.parametrize("url", SECRETARIAT_PAGES)
def test_secretariat_pages_refuse_everyone_else(client, member, representative, japan_focal_point, url) -> None:
    assert client.get(url).status_code == 302  # to sign in
    for user in (member, representative, japan_focal_point):
        assert signed_in(user).get(url).status_code == 403


def test_participants_are_named_only_to_the_secretariat(client, member, secretariat) -> None:
    ljubljana = workshop()
    trained(PersonFactory(given_name="Ana", family_name="Stojanovska", country=country("MKD")), ljubljana)
    url = f"/en/experts/workshops/{ljubljana.pk}/"
    for reader in (client, signed_in(member)):
        html = reader.get(url).content.decode()
        assert "North Macedonia" in html and "Stojanovska" not in html
    html = signed_in(secretariat).get(url).content.decode()
    assert "Stojanovska" in html and "Issue a certificate" in html


def test_the_secretariat_records_a_workshop_in_several_languages(secretariat) -> None:
    browser = signed_in(secretariat)
    data = {
        "kind": "workshop", "starts_on": "2017-12-11", "ends_on": "2017-12-12", "city": "Gaborone",
        "country": "BWA", "other_partners": "SADC Secretariat ;  ; RCC", "title_en": "Bridging the divide",
        "title_fr": "Combler la fracture",
    }  # fmt: skip
    response = browser.post("/en/experts/workshops/new/", data)
    made = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/experts/workshops/{made.pk}/"
    assert made.other_partner_names == ["SADC Secretariat", "RCC"] and made.created_by == secretariat
    assert "Combler la fracture" in browser.get(f"/fr/experts/workshops/{made.pk}/").content.decode()


def test_a_workshop_ending_before_it_starts_is_refused_at_the_field(secretariat) -> None:
    response = signed_in(secretariat).post(
        "/en/experts/workshops/new/",
        {"kind": "workshop", "starts_on": "2017-12-11", "ends_on": "2017-12-01", "city": "Gaborone",
         "country": "BWA", "title_en": "Bridging"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()
    assert not Workshop.objects.exists()


def test_the_secretariat_adds_known_and_new_participants_and_marks_them_trained(secretariat) -> None:
    ljubljana = workshop()
    known = PersonFactory(email="ana@example.org", country=country("MKD"))
    browser = signed_in(secretariat)
    url = f"/en/experts/workshops/{ljubljana.pk}/participants/"
    assert browser.post(url, {"known-email": "ANA@example.org", "known-trained": "on"}).status_code == 302
    assert (
        browser.post(url, {"new-given_name": "Jelena", "new-family_name": "Petrović", "new-country": "SRB"}).status_code
        == 302
    )
    jelena = Participation.objects.get(person__family_name="Petrović")
    assert jelena.country.alpha3 == "SRB" and not jelena.trained
    assert Participation.objects.get(person=known).trained
    again = browser.post(url, {"known-email": "ana@example.org"})
    assert again.status_code == 400 and "already recorded as a participant" in again.content.decode()
    unknown = browser.post(url, {"known-email": "nobody@example.org"})
    assert unknown.status_code == 400 and "Nobody with this email is on record" in unknown.content.decode()
    browser.post(f"/en/experts/participations/{jelena.pk}/trained/", {"trained": "1"})
    jelena.refresh_from_db()
    assert jelena.trained
    assert Person.objects.filter(family_name="Petrović").count() == 1


def test_the_secretariat_issues_then_revokes_a_certificate(secretariat) -> None:
    ljubljana = workshop()
    participation = trained(PersonFactory(country=country("MKD")), ljubljana)
    browser = signed_in(secretariat)
    response = browser.post(f"/en/experts/participations/{participation.pk}/certify/", {"issued_on": "2017-10-16"})
    issued = Certificate.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/experts/certificates/{issued.number}/"
    refused = browser.post(f"/en/experts/certificates/{issued.number}/", {"reason": ""})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    browser.post(f"/en/experts/certificates/{issued.number}/", {"reason": "Left the programme."})
    issued.refresh_from_db()
    assert issued.revoked_on is not None and issued.revocation_reason == "Left the programme."
    html = browser.get(f"/en/experts/certificates/{issued.number}/").content.decode()
    assert "Left the programme." in html and "Revoke the certificate" not in html


def test_undoing_a_certified_training_is_refused(secretariat) -> None:
    ljubljana = workshop()
    participation = trained(PersonFactory(), ljubljana)
    certificate(participation.person, at=ljubljana)
    response = signed_in(secretariat).post(
        f"/en/experts/participations/{participation.pk}/trained/", {"trained": "0"}, follow=True
    )
    assert "revoke it before undoing the training" in response.content.decode()
    participation.refresh_from_db()
    assert participation.trained


def test_a_certificate_issued_before_the_workshop_ends_is_refused_at_the_field(secretariat) -> None:
    participation = trained(PersonFactory(), workshop())
    response = signed_in(secretariat).post(
        f"/en/experts/participations/{participation.pk}/certify/", {"issued_on": "2017-01-01"}
    )
    assert response.status_code == 400 and "issued after the workshop ends" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_stored_script_in_a_workshop_title_is_not_run(client) -> None:
    made = workshop("<script>alert('x')</script> Innovation")
    html = (
        client.get("/en/experts/").content.decode() + client.get(f"/en/experts/workshops/{made.pk}/").content.decode()
    )
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_the_index_and_the_workshop_api_need_the_same_queries_for_more_workshops(
    client, django_assert_max_num_queries
) -> None:
    trained(PersonFactory(), workshop("First"))
    with django_assert_max_num_queries(12) as page:
        client.get("/en/experts/")
    with django_assert_max_num_queries(8) as api:
        client.get("/api/v1/experts/workshops")
    for index in range(8):
        extra = workshop(f"Extra {index}", starts_on=datetime.date(2018, 1, 1 + index))
        trained(PersonFactory(), extra)
    with django_assert_max_num_queries(len(page)):
        client.get("/en/experts/")
    with django_assert_max_num_queries(len(api)):
        client.get("/api/v1/experts/workshops")


def test_the_secretariat_lists_certificates_by_status(secretariat) -> None:
    valid = certificate(PersonFactory(given_name="Valid"))
    revoked = certificate(PersonFactory(given_name="Gone"), revoked_on=datetime.date(2025, 1, 1),
                          issued_on=datetime.date(2024, 1, 1))  # fmt: skip
    html = signed_in(secretariat).get("/en/experts/certificates/", {"status": "revoked"}).content.decode()
    assert revoked.number in html and valid.number not in html


def test_the_participant_list_needs_the_same_queries_for_more_people(
    secretariat, django_assert_max_num_queries
) -> None:
    ljubljana = workshop()
    certificate(trained(PersonFactory(), ljubljana).person, at=ljubljana)
    browser = signed_in(secretariat)
    url = f"/en/experts/workshops/{ljubljana.pk}/"
    browser.get(url)  # the session and the second factor settle on the first page
    with django_assert_max_num_queries(30) as few:
        browser.get(url)
    for _ in range(10):
        certificate(trained(PersonFactory(), ljubljana).person, at=ljubljana)
    with django_assert_max_num_queries(len(few)):
        assert "Issue a certificate" in browser.get(url).content.decode()


def test_the_history_of_a_certificate_shows_who_issued_and_revoked_it(secretariat) -> None:
    from ponte.experts import services

    participation = trained(PersonFactory(), workshop())
    issued = services.issue_certificate(
        actor=secretariat, person=participation.person, issued_on=datetime.date(2018, 1, 1)
    )
    services.revoke_certificate(actor=secretariat, certificate=issued, reason="Left.")
    html = signed_in(secretariat).get(f"/en/history/certificate/{issued.pk}/").content.decode()
    assert "experts.certificate.issued" in html and "experts.certificate.revoked" in html
