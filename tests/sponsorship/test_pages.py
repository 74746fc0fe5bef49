"""A sponsor's three clicks: the events, an event's activities, the quote (page and PDF) and its request form."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from ponte.core.models import Role, RoleKind
from ponte.sponsorship import exports
from ponte.sponsorship.models import SponsorshipRequest
from ponte.sponsorship.selectors import quote_for
from tests.conftest import signed_in
from tests.sponsorship.conftest import World
from tests.sponsorship.factories import ActivityFactory, SponsoredEventFactory

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return str(response.content.decode())


def _hold(world: World, activity: Any, state: str = "confirmed") -> SponsorshipRequest:
    request: SponsorshipRequest = SponsorshipRequest.objects.create(
        reference=f"SP-T-{SponsorshipRequest.objects.count() + 1}", activity=activity, organisation=world.non_member,
        requested_by=world.non_member_rep, list_price=activity.price, price=activity.price, currency="USD", state=state,
    )  # fmt: skip
    return request


def test_three_clicks_from_the_events_to_the_quote(client: Client, world: World) -> None:
    events = _text(client.get("/en/sponsorship/"))
    assert "Global Symposium for Regulators" in events and 'href="/en/sponsorship/GSR-27/"' in events
    activities = _text(client.get("/en/sponsorship/GSR-27/"))
    assert "Regulators&#x27; dinner" in activities and "40,000.00" in activities
    quote_url = f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote/"
    assert f'href="{quote_url}"' in activities
    page = _text(client.get(quote_url))
    assert "Quote: Side event, half day" in page
    assert "USD 12,345.67" in page and "Total to pay" in page
    assert f'href="/en/sponsorship/GSR-27/{world.side_event.pk}/quote.pdf"' in page
    assert "Sign in to request this sponsorship" in page and "/en/account/login/?next=" in page
    assert 'aria-current="step"' in page


def test_past_and_unpublished_events_are_not_listed(client: Client, world: World) -> None:
    SponsoredEventFactory(code="OLD-16", title_en="Old forum", starts_on=datetime.date(2016, 5, 2))
    SponsoredEventFactory(code="DRAFT-27", title_en="Draft forum", is_published=False)
    page = _text(client.get("/en/sponsorship/"))
    assert "Global Symposium for Regulators" in page and "Old forum" not in page and "Draft forum" not in page


def test_an_unpublished_event_exists_only_for_the_secretariat(client: Client, world: World, secretariat) -> None:
    draft = SponsoredEventFactory(code="DRAFT-27", title_en="Draft forum", is_published=False)
    activity = ActivityFactory(event=draft)
    assert client.get("/en/sponsorship/DRAFT-27/").status_code == 404
    assert client.get(f"/en/sponsorship/DRAFT-27/{activity.pk}/quote/").status_code == 404
    assert signed_in(world.member_rep).get("/en/sponsorship/DRAFT-27/").status_code == 404
    page = _text(signed_in(secretariat).get("/en/sponsorship/DRAFT-27/"))
    assert "This event is not published" in page


def test_an_activity_of_another_event_is_not_found(client: Client, world: World) -> None:
    other = ActivityFactory()
    assert client.get(f"/en/sponsorship/GSR-27/{other.pk}/quote/").status_code == 404
    assert client.get("/en/sponsorship/NOPE-1/").status_code == 404


def test_a_sold_out_activity_says_so_and_offers_no_request(world: World) -> None:
    _hold(world, world.dinner)
    activities = _text(Client().get("/en/sponsorship/GSR-27/"))
    assert "Sold out" in activities and "2 of 2" in activities and "3 of 3" in activities
    page = _text(signed_in(world.member_rep).get(f"/en/sponsorship/GSR-27/{world.dinner.pk}/quote/"))
    assert "Every slot of this activity is taken" in page
    assert 'action="/en/sponsorship/GSR-27/' not in page


def test_a_member_sees_its_discounted_price_from_the_second_click(world: World) -> None:
    client = signed_in(world.member_rep)
    activities = _text(client.get("/en/sponsorship/GSR-27/"))
    assert "Price for Andes Telecom" in activities and "10,493.82" in activities
    page = _text(client.get(f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote/"))
    assert "Quote for Andes Telecom, in USD" in page
    assert "Member discount (15%)" in page and "USD 1,851.85" in page and "USD 10,493.82" in page
    assert "Request this sponsorship" in page and 'name="message"' in page


@pytest.mark.parametrize(
    ("who", "total", "reason"),
    [
        ("non_member_rep", "USD 12,345.67", "holds no membership"),
        ("suspended_rep", "USD 12,345.67", "are suspended"),
    ],
)
def test_no_discount_for_a_non_member_or_a_suspended_member(world: World, who: str, total: str, reason: str) -> None:
    page = _text(signed_in(getattr(world, who)).get(f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote/"))
    assert f'Total to pay</th><td class="num"><bdi>{total}</bdi>' in page
    assert reason in page


def test_signed_in_without_a_role_sees_the_list_price_and_why_it_cannot_request(world: World, member) -> None:
    page = _text(signed_in(member).get(f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote/"))
    assert "USD 12,345.67" in page and "Member discount (0%)" in page
    assert "Only the representative of an organisation can request a sponsorship" in page


def test_a_representative_of_several_organisations_picks_one_members_first(world: World) -> None:
    Role.objects.create(user=world.non_member_rep, kind=RoleKind.REPRESENTATIVE, organisation=world.member)
    client = signed_in(world.non_member_rep)
    url = f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote/"
    default = _text(client.get(url))
    assert "Quote for Andes Telecom" in default  # the member one, though Abe Devices comes first by name
    chosen = _text(client.get(url, {"organisation": world.non_member.pk}))
    assert "Quote for Abe Devices KK" in chosen and "USD 12,345.67</bdi></td></tr>\n  </tbody>" in chosen
    assert f"quote.pdf?organisation={world.non_member.pk}" in chosen
    # An organisation the reader does not represent is refused at the field; the quote stays the default one.
    forged = _text(client.get(url, {"organisation": world.suspended.pk}))
    assert "Choose one of the organisations you represent." in forged and "Quote for Andes Telecom" in forged


def test_the_quote_pdf_is_a_pdf_with_the_total(world: World) -> None:
    url = f"/en/sponsorship/GSR-27/{world.side_event.pk}/quote.pdf"
    response = signed_in(world.member_rep).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="sponsorship-quote-GSR-27-{world.side_event.pk}-en.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Sponsorship quote" in text and "Andes Telecom" in text
    assert "10,493.82" in text and "12,345.67" in text and "Global Symposium for Regulators" in text
    anonymous = "".join(p.extract_text() for p in PdfReader(io.BytesIO(Client().get(url).content)).pages)
    assert "Andes Telecom" not in anonymous and "10,493.82" not in anonymous


def _fonts(content: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources: Any = page["/Resources"]
        fonts |= {str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()}
    return fonts


def test_the_chinese_and_arabic_pdfs_have_their_glyphs_and_direction(world: World) -> None:
    quote = quote_for(world.dinner, world.member)
    with translation.override("zh-hans"):
        assert 'lang="zh-CN"' in exports.quote_html(quote)
        assert any("Noto-Sans-CJK-SC" in font for font in _fonts(exports.quote_pdf(quote)))
    with translation.override("ar"):
        html = exports.quote_html(quote)
        assert '<html lang="ar" dir="rtl">' in html and "عشاء المنظمين" in html
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(exports.quote_pdf(quote))).pages)
    assert "USD 34000,00" in text and "عشاء المنظمين" in text  # Arabic number format: no grouping, decimal comma


def test_no_quote_pdf_once_the_event_has_started(client: Client, world: World) -> None:
    past = SponsoredEventFactory(code="PAST-1", starts_on=timezone.localdate() - datetime.timedelta(days=1))
    activity = ActivityFactory(event=past)
    assert client.get(f"/en/sponsorship/PAST-1/{activity.pk}/quote.pdf").status_code == 404
    page = _text(client.get(f"/en/sponsorship/PAST-1/{activity.pk}/quote/"))
    assert "no longer takes sponsorship requests" in page and "quote.pdf" not in page


def test_pages_speak_the_language_of_the_address(world: World) -> None:
    page = _text(Client().get(f"/ar/sponsorship/GSR-27/{world.dinner.pk}/quote/"))
    assert '<html lang="ar" dir="rtl">' in page and "عشاء المنظمين" in page
    assert "الندوة العالمية لمنظمي الاتصالات" in _text(Client().get("/ar/sponsorship/"))


def test_the_event_list_needs_the_same_queries_for_more_events(
    client: Client, world: World, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10) as few:
        client.get("/en/sponsorship/")
    for n in range(12):
        event = SponsoredEventFactory(code=f"MORE-{n}")
        ActivityFactory.create_batch(2, event=event)
    with django_assert_max_num_queries(len(few)):
        assert "MORE-11" in _text(client.get("/en/sponsorship/"))


def test_the_activities_need_the_same_queries_for_more_activities(world: World, django_assert_max_num_queries) -> None:
    client = signed_in(world.member_rep)
    with django_assert_max_num_queries(20) as few:
        client.get("/en/sponsorship/GSR-27/")
    for n in range(15):
        activity = ActivityFactory(event=world.event, name_en=f"Extra {n}", price=Decimal("100.00"))
        _hold(world, activity, "requested")
    with django_assert_max_num_queries(len(few)):
        assert "Extra 14" in _text(client.get("/en/sponsorship/GSR-27/"))


def test_the_secretariats_links_are_shown_to_the_secretariat_only(world: World, secretariat) -> None:
    page = _text(signed_in(world.member_rep).get("/en/sponsorship/"))
    assert "My sponsorships" in page and "Sponsorship revenue" not in page
    page = _text(signed_in(secretariat).get("/en/sponsorship/"))
    assert "Sponsorship requests" in page and "Sponsorship revenue" in page
