"""What people see: public pages, denials, forms that save nothing when wrong."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ponte.core.models import Group, Organisation, User
from tests.conftest import signed_in
from tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, country

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_platform_with_live_numbers(client: Client, japanese_sme) -> None:
    japanese_sme.groups.add(Group.objects.get(sector__code="ITU-T", code="SG16"))
    response = client.get("/en/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Take part in international standardization" in text
    assert response.context["numbers"].smes == 1


def test_root_redirects_to_a_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize("path", ["/en/organisations/", "/en/groups/", "/en/countries/", "/en/groups/ITU-T/SG16/"])
def test_public_pages_open_to_everyone(client: Client, path: str, japanese_sme) -> None:
    assert client.get(path).status_code == 200


def test_organisation_list_filters_by_category_and_country(client: Client, japanese_sme, egyptian_sme) -> None:
    OrganisationFactory(name="Cairo University", category="academia", country=country("EGY"))
    response = client.get("/en/organisations/", {"category": "sme", "country": "EG"})
    names = [o.name for o in response.context["page"].object_list]
    assert names == ["Nile IoT"]


def test_public_card_hides_employee_count(client: Client, japanese_sme, japan_focal_point) -> None:
    url = japanese_sme.get_absolute_url()
    assert "Number of employees" not in client.get(url).content.decode()
    assert "Number of employees" in signed_in(japan_focal_point).get(url).content.decode()


def test_focal_point_cannot_edit_other_countrys_sme(japan_focal_point, egyptian_sme) -> None:
    client = signed_in(japan_focal_point)
    url = reverse("core:organisation_edit", args=[egyptian_sme.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "Hijacked", "employee_count": 1})
    assert response.status_code == 403
    egyptian_sme.refresh_from_db()
    assert egyptian_sme.name == "Nile IoT"


def test_anonymous_edit_goes_to_sign_in(client: Client, japanese_sme) -> None:
    response = client.get(reverse("core:organisation_edit", args=[japanese_sme.pk]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_representative_edits_own_organisation_and_history_keeps_it(representative, japanese_sme) -> None:
    client = signed_in(representative)
    url = reverse("core:organisation_edit", args=[japanese_sme.pk])
    response = client.post(url, {"name": "Kyoto Sensors KK", "employee_count": 55, "website": "https://kyoto.example"})
    assert response.status_code == 302
    japanese_sme.refresh_from_db()
    assert japanese_sme.employee_count == 55
    latest = japanese_sme.history.latest()
    assert latest.history_user == representative
    assert latest.history_change_reason == "core.organisation.updated"
    assert latest.prev_record.employee_count == 40


def test_representative_cannot_change_category(representative, japanese_sme) -> None:
    client = signed_in(representative)
    url = reverse("core:organisation_edit", args=[japanese_sme.pk])
    client.post(url, {"name": "Kyoto Sensors KK", "employee_count": 40, "category": "sector_member"})
    japanese_sme.refresh_from_db()
    assert japanese_sme.category == "sme"


def test_invalid_form_shows_error_at_field_in_users_language_and_saves_nothing(representative, japanese_sme) -> None:
    client = signed_in(representative)
    url = reverse("core:organisation_edit", args=[japanese_sme.pk]).replace("/en/", "/fr/")
    response = client.post(url, {"name": "", "employee_count": -3, "website": "not a url"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "employee_count", "website"}
    assert "Ce champ est obligatoire." in form.errors["name"]
    japanese_sme.refresh_from_db()
    assert japanese_sme.name == "Kyoto Sensors KK"
    assert japanese_sme.history.count() == 1


def test_focal_point_records_an_sme_of_its_own_country_only(japan_focal_point) -> None:
    client = signed_in(japan_focal_point)
    url = reverse("core:organisation_create")
    data = {"name": "Osaka Robotics", "category": "sme", "country": "JP", "employee_count": 12}
    assert client.post(url, data).status_code == 302
    assert Organisation.objects.get(name="Osaka Robotics").country_id == "JP"
    response = client.post(url, {**data, "name": "Cairo Robotics", "country": "EG"})
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Cairo Robotics").exists()


def test_sme_without_employee_count_is_refused(secretariat) -> None:
    client = signed_in(secretariat)
    response = client.post(
        reverse("core:organisation_create"), {"name": "No Count", "category": "sme", "country": "JP"}
    )
    assert "employee_count" in response.context["form"].errors


def test_member_without_role_cannot_record_organisations(member) -> None:
    assert signed_in(member).get(reverse("core:organisation_create")).status_code == 403


def test_person_page_is_denied_to_strangers(member, egypt_focal_point) -> None:
    person = PersonFactory(country=country("JPN"))
    url = reverse("core:person_detail", args=[person.pk])
    assert signed_in(member).get(url).status_code == 403
    assert signed_in(egypt_focal_point).get(url).status_code == 403


def test_my_account_saves_profile_and_keeps_history(member: User) -> None:
    client = signed_in(member)
    response = client.get(reverse("core:account"))
    assert response.status_code == 200
    data = {"given_name": "Aiko", "family_name": "Mori", "country": "JP", "gender": "female", "birth_year": 1998}
    response = client.post(reverse("core:account"), {**data, "language": "ar"})
    assert response.status_code == 302
    person = member.person
    person.refresh_from_db()
    assert (person.given_name, person.gender, person.birth_year, person.language) == ("Aiko", "female", 1998, "ar")
    assert person.history.count() == 2


def test_birth_year_in_future_is_refused(member: User) -> None:
    client = signed_in(member)
    data = {"given_name": "A", "family_name": "B", "birth_year": 2999, "language": "en"}
    response = client.post(reverse("core:account"), data)
    assert "birth_year" in response.context["form"].errors


def test_history_page_is_for_the_secretariat_only(secretariat, representative, japanese_sme) -> None:
    url = reverse("core:history", args=["organisation", japanese_sme.pk])
    assert signed_in(representative).get(url).status_code == 403
    response = signed_in(secretariat).get(url)
    assert response.status_code == 200
    assert response.context["entries"][0].kind == "Created"


def test_unknown_page_is_a_404_in_the_users_language(client: Client) -> None:
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
    assert 'lang="es"' in response.content.decode()


def test_arabic_pages_are_right_to_left(client: Client) -> None:
    text = client.get("/ar/").content.decode()
    assert 'dir="rtl"' in text
    assert 'lang="ar"' in text


def test_group_titles_fall_back_to_english(client: Client) -> None:
    from ponte.core.models import Group

    sg = Group.objects.get(sector__code="ITU-T", code="SG16")
    sg.title_fr = ""
    sg.save()
    response = client.get("/fr/groups/ITU-T/SG16/")
    assert "Multimedia coding, systems and applications" in response.content.decode()


@pytest.mark.parametrize(("language", "comma"), [("en", ", "), ("ar", "، "), ("zh-hans", "、")])
def test_a_groups_organisations_are_listed_with_the_languages_comma(client: Client, language: str, comma: str) -> None:
    import html

    from django.utils import translation

    sme = OrganisationFactory(name="Kyoto Sensors KK", country=country("JPN"))
    sme.groups.add(Group.objects.get(sector__code="ITU-T", code="SG16"))
    page = html.unescape(client.get(f"/{language}/groups/ITU-T/SG16/").content.decode())
    with translation.override(language):
        assert f"{sme.get_category_display()}{comma}{sme.country}" in page


def test_representative_adds_and_ends_a_staff_member(representative, japanese_sme) -> None:
    client = signed_in(representative)
    url = reverse("core:staff_member_add", args=[japanese_sme.pk])
    data = {"given_name": "Ren", "family_name": "Ito", "email": "ren@kyoto.example", "position": "Engineer"}
    assert client.post(url, data).status_code == 302
    detail = client.get(japanese_sme.get_absolute_url()).content.decode()
    assert "Ren Ito" in detail
    again = client.post(url, data)
    assert "already works for this organisation" in again.content.decode()
    affiliation = japanese_sme.affiliations.get(person__email="ren@kyoto.example")
    assert client.post(reverse("core:affiliation_end", args=[affiliation.pk])).status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.ended_on is not None
    current = client.get(japanese_sme.get_absolute_url()).context["organisation"].current_affiliations
    assert [a.person.email for a in current] == []


def test_staff_member_already_on_record_keeps_their_data(representative, japanese_sme) -> None:
    person = PersonFactory(given_name="Aiko", email="aiko@example.org")
    client = signed_in(representative)
    url = reverse("core:staff_member_add", args=[japanese_sme.pk])
    client.post(url, {"given_name": "Someone", "family_name": "Else", "email": "AIKO@example.org"})
    person.refresh_from_db()
    assert person.given_name == "Aiko"
    assert japanese_sme.affiliations.filter(person=person).exists()


def test_others_cannot_add_or_end_staff(egypt_focal_point, member, japanese_sme) -> None:
    affiliation = AffiliationFactory(organisation=japanese_sme)
    for user in (egypt_focal_point, member):
        client = signed_in(user)
        add = client.post(
            reverse("core:staff_member_add", args=[japanese_sme.pk]), {"given_name": "X", "email": "x@example.org"}
        )
        assert add.status_code == 403
        assert client.post(reverse("core:affiliation_end", args=[affiliation.pk])).status_code == 403
    affiliation.refresh_from_db()
    assert affiliation.ended_on is None


def test_a_working_party_whose_code_holds_a_slash_is_listed_and_has_its_page(client: Client) -> None:
    from ponte.core.models import Group, GroupKind

    parent = Group.objects.get(sector__code="ITU-T", code="SG16")
    Group.objects.create(
        sector=parent.sector, code="WP1/16", kind=GroupKind.WORKING_PARTY, parent=parent, title="Working Party 1"
    )
    assert "/en/groups/ITU-T/WP1/16/" in client.get("/en/groups/").content.decode()
    page = client.get("/en/groups/ITU-T/WP1/16/")
    assert page.status_code == 200 and "Working Party 1" in page.content.decode()
