"""The API lists of tables that grow without bound (organisations, Q&A questions, invoices) page from a cursor: a
client following ``next`` reads every row once, in order, even while rows are added; the filters and the
permission rules are those of the list; a tampered cursor is a 422 that says what to do."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ponte.core import selectors as core_selectors
from ponte.core.models import Organisation, OrganisationCategory, User
from ponte.membership.selectors import invoices_for
from ponte.qa import selectors as qa_selectors
from ponte.qa.models import Question
from tests.conftest import signed_in
from tests.factories import OrganisationFactory, country

pytestmark = pytest.mark.django_db


def _walk(client: Client, url: str, *, between: Any = None, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, following ``next``; ``between`` runs after each page (rows added meanwhile)."""
    items: list[dict[str, Any]] = []
    response = client.get(url, params)
    for _page in range(100):
        assert response.status_code == 200, response.content
        page = response.json()
        assert set(page) == {"items", "next", "previous"}
        items += page["items"]
        if page["next"] is None:
            return items
        if between is not None:
            between()
        response = client.get(page["next"])
    raise AssertionError("the walk never ended")


def _organisations(names: list[str], **fields: Any) -> list[Organisation]:
    return [OrganisationFactory(name=name, **fields) for name in names]


def test_following_next_reads_every_organisation_once_in_order_of_name(client: Client) -> None:
    # Twins in two countries tie on the name: the id orders them, and a page may end between them.
    _organisations(["Zeta Telecom", "Alpha Networks", "Mu Labs", "Beta Fibre", "Twin Systems", "Omega Radio"])
    OrganisationFactory(name="Twin Systems", country=country("KEN"))
    expected = list(core_selectors.organisation_list().values_list("id", flat=True))

    walked = _walk(client, "/api/v1/organisations", limit=2)

    assert [item["id"] for item in walked] == expected
    assert len(expected) >= 7


def test_organisations_added_during_the_walk_neither_repeat_nor_shift_a_row(client: Client) -> None:
    _organisations([f"Member {letter}" for letter in "ACEGIKM"])
    before = list(core_selectors.organisation_list().values_list("id", flat=True))
    added: list[Organisation] = []

    def add_rows() -> None:
        # One sorts before every row already read, one after (the walk will still meet it).
        number = len(added)
        added.append(OrganisationFactory(name=f"Member A{number}"))  # before the cursor: not read again
        added.append(OrganisationFactory(name=f"Member Z{number}"))

    walked = [item["id"] for item in _walk(Client(), "/api/v1/organisations", limit=2, between=add_rows)]

    assert len(walked) == len(set(walked))
    assert [pk for pk in walked if pk in before] == before
    assert {organisation.pk for organisation in added if organisation.name.startswith("Member Z")} <= set(walked)
    assert walked == sorted(walked, key=lambda pk: (Organisation.objects.get(pk=pk).name, pk))


def test_previous_goes_back_to_the_page_before(client: Client) -> None:
    _organisations([f"Carrier {number}" for number in range(5)])
    first = client.get("/api/v1/organisations", {"limit": 2}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert first["previous"] is None
    assert [item["id"] for item in back["items"]] == [item["id"] for item in first["items"]]
    assert back["next"] is not None


def test_following_previous_from_the_last_page_reads_every_row_once_backwards(client: Client) -> None:
    for alpha3 in ("KEN", "SEN", "GHA", "NGA"):  # ties of four on each name
        _organisations(["Carrier B", "Carrier A"], country=country(alpha3))
    expected = list(core_selectors.organisation_list().values_list("id", flat=True))
    page = client.get("/api/v1/organisations", {"limit": 3}).json()
    while page["next"]:
        page = client.get(page["next"]).json()

    pages = [[item["id"] for item in page["items"]]]
    while page["previous"]:
        page = client.get(page["previous"]).json()
        pages.insert(0, [item["id"] for item in page["items"]])

    assert [pk for ids in pages for pk in ids] == expected


def test_the_filters_keep_working_from_page_to_page(client: Client) -> None:
    _organisations([f"Kenyan SME {number}" for number in range(5)], country=country("KEN"))
    _organisations([f"Kenyan university {number}" for number in range(2)], country=country("KEN"), category="academia")
    _organisations([f"Japanese SME {number}" for number in range(3)])

    walked = _walk(client, "/api/v1/organisations", limit=2, country="KE", category=OrganisationCategory.SME)

    assert [item["name"] for item in walked] == [f"Kenyan SME {number}" for number in range(5)]


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "eyJwIjpbIkEiLDFdLCJiIjpmYWxzZX0", "eyJwIjpbIkEiLDFdfQ:1abc:forged", "é" * 40, "=" * 5000],
)
def test_a_tampered_cursor_is_refused_with_what_to_do(client: Client, cursor: str) -> None:
    OrganisationFactory()

    response = client.get("/api/v1/organisations", {"cursor": cursor})

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["query", "cursor"]
    if len(cursor) <= 4096:
        assert error["msg"] == "This cursor is not valid here: start again from the first page."


def test_a_cursor_of_another_list_is_refused(secretariat: User, japanese_sme: Organisation) -> None:
    from tests.portal.factories import invoice

    for _number in range(3):
        invoice(japanese_sme)
    browser = signed_in(secretariat)
    invoices_next = browser.get("/api/v1/membership/invoices", {"limit": 1}).json()["next"]
    cursor = invoices_next.split("cursor=")[1].split("&")[0]

    response = browser.get(f"/api/v1/organisations?cursor={cursor}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_an_offset_is_refused_rather_than_ignored(client: Client) -> None:
    """A client still sending ``offset`` would otherwise read the first page for ever."""
    response = client.get("/api/v1/organisations", {"offset": 20})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]
    assert "next link" in response.json()["detail"][0]["msg"]


def test_the_schema_documents_the_cursor_and_the_links(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/organisations"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]

    assert {"cursor", "limit"} <= parameters
    assert "offset" not in parameters
    assert set(schema["components"]["schemas"][page]["properties"]) == {"items", "next", "previous"}


# --- Q&A questions: newest activity first; hidden ones only for their askers and the moderators.


def _questions(asker: User) -> list[Question]:
    from tests.qa.factories import ask, person

    made = [ask(person("Awa", "Ndiaye"), title=f"How do I test terminal {number}?") for number in range(5)]
    made.append(ask(asker, title="My own question, hidden by a moderator"))
    made.append(ask(person("Kofi", "Mensah"), title="Somebody's hidden question"))
    Question.objects.filter(pk__in=[made[-1].pk, made[-2].pk]).update(is_hidden=True)
    # Three asked in the same instant: the id breaks the tie, also across a page's end.
    same = timezone.now() - datetime.timedelta(days=1)
    Question.objects.filter(pk__in=[question.pk for question in made[1:4]]).update(last_activity_at=same)
    return made


@pytest.mark.parametrize("viewer", ["anonymous", "asker", "secretariat"])
def test_each_reader_walks_exactly_the_questions_the_list_shows_them(viewer: str, secretariat: User) -> None:
    from tests.qa.factories import person

    asker = person("Mariam", "Kone")
    _questions(asker)
    user: Any = {"asker": asker, "secretariat": secretariat}.get(viewer)
    browser = signed_in(user) if user else Client()
    expected = list(qa_selectors.question_list(viewer=user or _anonymous()).values_list("id", flat=True))

    walked = [item["id"] for item in _walk(browser, "/api/v1/qa/questions", limit=2)]

    assert walked == expected
    assert len(expected) == {"anonymous": 5, "asker": 6, "secretariat": 7}[viewer]


def test_questions_asked_during_the_walk_do_not_disturb_it(client: Client) -> None:
    from tests.qa.factories import ask, person

    _questions(person("Mariam", "Kone"))
    before = list(qa_selectors.question_list(viewer=_anonymous()).values_list("id", flat=True))

    walked = [
        item["id"]
        for item in _walk(client, "/api/v1/qa/questions", limit=2, between=lambda: ask(title="A newer question?"))
    ]

    assert walked == before


def test_a_text_search_pages_from_the_cursor_too(client: Client) -> None:
    from tests.qa.factories import ask, person

    for number in range(5):
        ask(person("Awa", "Ndiaye"), title=f"Which codec for fibre link {number}?")
    ask(person("Awa", "Ndiaye"), title="Something else entirely")

    walked = _walk(client, "/api/v1/qa/questions", limit=2, q="fibre")

    assert sorted(item["title"] for item in walked) == [f"Which codec for fibre link {number}?" for number in range(5)]


# --- invoices: the secretariat reads all, a representative its organisations' own.


def test_invoices_page_from_the_cursor_for_each_reader(
    secretariat: User, representative: User, japanese_sme: Organisation, egyptian_sme: Organisation
) -> None:
    from tests.portal.factories import invoice

    for organisation in (japanese_sme, egyptian_sme, japanese_sme, egyptian_sme, japanese_sme):
        invoice(organisation)
    for user in (secretariat, representative):
        expected = list(invoices_for(user=user).values_list("number", flat=True))

        walked = [item["number"] for item in _walk(signed_in(user), "/api/v1/membership/invoices", limit=2)]

        assert walked == expected
    assert len(invoices_for(user=representative)) == 3
    assert len(invoices_for(user=secretariat)) == 5


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
