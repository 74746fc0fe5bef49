"""A representative expresses its organisation's interest once per opportunity (and may withdraw it); the
secretariat sees who is interested, as a table and as CSV; the opportunity's author hears of each interest."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from ponte.core.models import Person
from ponte.opportunities import services
from ponte.opportunities.models import Interest
from tests.conftest import signed_in
from tests.opportunities.factories import opportunity

pytestmark = pytest.mark.django_db


def test_an_organisation_expresses_interest_once(representative, japanese_sme) -> None:
    found = opportunity("CIRTs in West Africa")
    interest = services.express_interest(
        actor=representative, opportunity=found, organisation=japanese_sme, message="We build SOC tooling."
    )
    assert interest.expressed_by == representative and interest.is_standing
    with pytest.raises(ValidationError) as refused:
        services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    assert refused.value.error_dict["organisation"][0].code == "duplicate"
    assert Interest.objects.count() == 1
    assert interest.history.get().history_change_reason == "opportunities.interest.expressed"


def test_a_colleague_cannot_express_it_again_either(representative, japanese_sme) -> None:
    from ponte.core.models import RoleKind
    from tests.factories import with_role

    colleague = with_role(RoleKind.REPRESENTATIVE, organisation=japanese_sme)
    found = opportunity("Schools")
    services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    with pytest.raises(ValidationError):
        services.express_interest(actor=colleague, opportunity=found, organisation=japanese_sme)


def test_a_withdrawn_interest_stays_on_record_and_may_be_expressed_again(representative, japanese_sme) -> None:
    found = opportunity("Schools")
    first = services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    services.withdraw_interest(actor=representative, interest=first)
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.withdrawn_by == representative
    with pytest.raises(ValidationError):
        services.withdraw_interest(actor=representative, interest=first)
    again = services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    assert Interest.objects.count() == 2 and again.is_standing


def test_only_representatives_of_the_organisation_express_or_withdraw_it(
    representative, japanese_sme, other_representative, secretariat, member
) -> None:
    found = opportunity("Schools")
    for actor in (other_representative, secretariat, member):
        with pytest.raises(PermissionDenied):
            services.express_interest(actor=actor, opportunity=found, organisation=japanese_sme)
    interest = services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    for actor in (other_representative, secretariat, member):
        with pytest.raises(PermissionDenied):
            services.withdraw_interest(actor=actor, interest=interest)


@pytest.mark.parametrize("state", ["draft", "closed"])
def test_interest_is_only_taken_while_the_opportunity_is_published(representative, japanese_sme, state) -> None:
    found = opportunity("Not open", state=state)
    with pytest.raises(ValidationError) as refused:
        services.express_interest(actor=representative, opportunity=found, organisation=japanese_sme)
    assert "opportunity" in refused.value.message_dict
    assert not Interest.objects.exists()


def test_a_long_message_is_refused_at_its_field(representative, japanese_sme) -> None:
    with pytest.raises(ValidationError) as refused:
        services.express_interest(
            actor=representative, opportunity=opportunity("Schools"), organisation=japanese_sme, message="x" * 2001
        )
    assert "message" in refused.value.message_dict


def test_the_author_hears_of_each_interest_in_their_language(
    representative, japanese_sme, secretariat, django_capture_on_commit_callbacks
) -> None:
    Person.objects.create(user=secretariat, given_name="Amina", email=secretariat.email, language="fr")
    found = opportunity("CIRTs in West Africa", created_by=secretariat, title_fr="CIRT en Afrique de l'Ouest")
    with django_capture_on_commit_callbacks(execute=True):
        services.express_interest(
            actor=representative, opportunity=found, organisation=japanese_sme, message="We build SOC tooling."
        )
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "Kyoto Sensors KK" in message.subject and "CIRT en Afrique de l'Ouest" in message.subject
    assert "We build SOC tooling." in message.body and f"/fr/opportunities/manage/{found.pk}/" in message.body


# --- Pages ------------------------------------------------------------------------------------------------------


def test_a_representative_expresses_interest_from_the_page(representative, japanese_sme) -> None:
    found = opportunity("CIRTs in West Africa")
    browser = signed_in(representative)
    page = browser.get(f"/en/opportunities/{found.pk}/").content.decode()
    assert "Express interest" in page
    answer = browser.post(
        f"/en/opportunities/{found.pk}/interest/", {"organisation": japanese_sme.pk, "message": "Count us in."}
    )
    assert answer.status_code == 302
    page = browser.get(answer["Location"]).content.decode()
    assert "Your interest was sent to the secretariat." in page
    assert "Kyoto Sensors KK expressed interest on" in page and ">Express interest<" not in page
    again = browser.post(f"/en/opportunities/{found.pk}/interest/", {"organisation": japanese_sme.pk})
    assert again.status_code == 400 and Interest.objects.count() == 1
    mine = browser.get("/en/opportunities/mine/").content.decode()
    assert "CIRTs in West Africa" in mine and "Interests expressed" in mine
    interest = Interest.objects.get()
    answer = browser.post(f"/en/opportunities/interests/{interest.pk}/withdraw/", {"next": "mine"})
    assert answer.status_code == 302 and answer["Location"].startswith("/en/opportunities/mine/")
    interest.refresh_from_db()
    assert interest.withdrawn_at is not None


def test_the_interest_form_refuses_acting_for_another_organisation(representative, egyptian_sme) -> None:
    found = opportunity("Schools")
    answer = signed_in(representative).post(
        f"/en/opportunities/{found.pk}/interest/", {"organisation": egyptian_sme.pk}
    )
    assert answer.status_code == 403 and not Interest.objects.exists()


def test_someone_without_an_organisation_sees_why_and_cannot_post(member, client) -> None:
    found = opportunity("Schools")
    browser = signed_in(member)
    assert (
        "Only representatives of an organisation can express interest."
        in browser.get(f"/en/opportunities/{found.pk}/").content.decode()
    )
    assert browser.post(f"/en/opportunities/{found.pk}/interest/", {"organisation": 1}).status_code == 403
    anonymous = client.post(f"/en/opportunities/{found.pk}/interest/", {"organisation": 1})
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert not Interest.objects.exists()


def test_the_secretariat_sees_interests_per_opportunity_and_downloads_them(
    representative, japanese_sme, other_representative, egyptian_sme, secretariat
) -> None:
    found = opportunity("CIRTs in West Africa")
    services.express_interest(
        actor=representative, opportunity=found, organisation=japanese_sme, message='We build "SOC" tooling, fast.'
    )
    withdrawn = services.express_interest(actor=other_representative, opportunity=found, organisation=egyptian_sme)
    services.withdraw_interest(actor=other_representative, interest=withdrawn)
    staff = signed_in(secretariat)
    page = staff.get(f"/en/opportunities/manage/{found.pk}/").content.decode()
    assert "Kyoto Sensors KK" in page and "Nile IoT" not in page
    assert "1 organisation is interested" in page and "1 interest was withdrawn." in page
    listing = staff.get("/en/opportunities/manage/").content.decode()
    assert '<td class="num"><bdi>1</bdi></td>' in listing
    answer = staff.get(f"/en/opportunities/manage/{found.pk}/interests.csv")
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Expressed on", "Organisation"]
    assert rows[1][1:4] == ["Kyoto Sensors KK", "Small or medium enterprise (SME)", "JPN"]
    assert rows[1][5] == representative.email and rows[1][6] == 'We build "SOC" tooling, fast.'
    assert len(rows) == 2


def test_the_csv_never_hands_a_spreadsheet_a_formula(representative, japanese_sme, secretariat) -> None:
    found = opportunity("Schools")
    services.express_interest(
        actor=representative, opportunity=found, organisation=japanese_sme, message='=HYPERLINK("http://x")'
    )
    answer = signed_in(secretariat).get(f"/en/opportunities/manage/{found.pk}/interests.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert rows[1][6] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("role", ["anonymous", "member", "representative"])
def test_nobody_but_the_secretariat_sees_the_interests(client, member, representative, role) -> None:
    found = opportunity("Schools")
    browser = {"anonymous": client, "member": signed_in(member), "representative": signed_in(representative)}[role]
    for url in (f"/en/opportunities/manage/{found.pk}/", f"/en/opportunities/manage/{found.pk}/interests.csv"):
        answer = browser.get(url)
        assert answer.status_code == (302 if role == "anonymous" else 403)


def test_the_interests_table_reads_in_a_constant_number_of_queries(secretariat) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ponte.core.models import RoleKind
    from tests.factories import OrganisationFactory, with_role

    found = opportunity("Popular")
    staff = signed_in(secretariat)

    def interested(count: int) -> None:
        for _ in range(count):
            organisation = OrganisationFactory()
            actor = with_role(RoleKind.REPRESENTATIVE, organisation=organisation)
            services.express_interest(actor=actor, opportunity=found, organisation=organisation)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(f"/en/opportunities/manage/{found.pk}/").status_code == 200
        return len(captured)

    interested(1)
    staff.get(f"/en/opportunities/manage/{found.pk}/")
    few = queries()
    interested(8)
    assert queries() == few
