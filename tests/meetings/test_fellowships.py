"""Fellowships: focal points nominate candidates of developing countries, the secretariat awards full or partial
fellowships by priority within the meeting's budget, and the decision is emailed in each recipient's language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ponte.core.models import Person, RoleKind, User
from ponte.core.services import ensure_person_for_user
from ponte.meetings.models import Fellowship, FellowshipState, Meeting
from ponte.meetings.selectors import fellowships as selectors
from ponte.meetings.services.fellowships import award_fellowship, decline_fellowship, nominate_fellow
from tests.conftest import signed_in
from tests.factories import PersonFactory, UserFactory, country, fund_bsg, group, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_may_2026():
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _bsg_fund(db, _in_may_2026) -> None:
    """The BSG fund, which pays the fellowships, holds CHF 100,000 for 2026."""
    fund_bsg("100000.00", year=2026)


@pytest.fixture
def meeting() -> Meeting:
    """Five days in Geneva, registration until 1 June, CHF 10,000 for fellowships."""
    return Meeting.objects.create(
        code="T25-SG16-260615",
        group=group("ITU-T", "SG16"),
        title_en="ITU-T SG16 meeting",
        title_fr="Réunion de la CE 16 de l'UIT-T",
        title_ar="اجتماع لجنة الدراسات 16",
        starts_on=datetime.date(2026, 6, 15),
        ends_on=datetime.date(2026, 6, 19),
        country=country("CHE"),
        city="Geneva",
        registration_deadline=datetime.date(2026, 6, 1),
        fellowship_budget=Decimal("10000.00"),
    )


def _candidate(alpha3: str, **fields) -> Person:
    return PersonFactory(country=country(alpha3), **fields)


def _focal_point(alpha3: str) -> User:
    return with_role(RoleKind.FOCAL_POINT, country=country(alpha3))


def _nominate(meeting: Meeting, alpha3: str, focal_point: User | None = None, **fields) -> Fellowship:
    return nominate_fellow(
        actor=focal_point or _focal_point(alpha3),
        meeting=meeting,
        person=_candidate(alpha3, **fields),
        country=country(alpha3),
    )


def _award(actor: User, fellowship: Fellowship, kind: str = "full", **amounts) -> Fellowship:
    values = {"ticket": Decimal("1200"), "daily_allowance": Decimal("300"), "days": 5, **amounts}
    return award_fellowship(actor=actor, fellowship=fellowship, kind=kind, **values)


# --- Nominating ------------------------------------------------------------------------------------------------


def test_egypts_focal_point_nominates_an_egyptian_candidate(meeting, egypt_focal_point) -> None:
    person = _candidate("EGY", gender="female")
    fellowship = nominate_fellow(
        actor=egypt_focal_point, meeting=meeting, person=person, country=country("EGY"), motivation=" Editor of H.264 "
    )
    assert (fellowship.state, fellowship.nominated_by, fellowship.motivation) == (
        "nominated",
        egypt_focal_point,
        "Editor of H.264",
    )
    assert fellowship.history.first().history_change_reason == "meetings.fellowship.nominated"


def test_a_developed_country_is_not_eligible(meeting, japan_focal_point) -> None:
    with pytest.raises(ValidationError) as refused:
        nominate_fellow(actor=japan_focal_point, meeting=meeting, person=_candidate("JPN"), country=country("JPN"))
    assert refused.value.error_dict["country"][0].code == "not_eligible"
    assert "Japan is not a developing country" in refused.value.message_dict["country"][0]
    assert not Fellowship.objects.exists()


def test_a_candidate_recorded_in_another_country_is_refused(meeting, egypt_focal_point) -> None:
    with pytest.raises(ValidationError) as refused:
        nominate_fellow(actor=egypt_focal_point, meeting=meeting, person=_candidate("KEN"), country=country("EGY"))
    assert refused.value.error_dict["person"][0].code == "other_country"
    # Someone without a recorded country may be nominated.
    nominate_fellow(
        actor=egypt_focal_point, meeting=meeting, person=PersonFactory(country=None), country=country("EGY")
    )


def test_a_focal_point_cannot_nominate_for_another_country(meeting, egypt_focal_point) -> None:
    with pytest.raises(PermissionDenied):
        nominate_fellow(actor=egypt_focal_point, meeting=meeting, person=_candidate("KEN"), country=country("KEN"))
    assert not Fellowship.objects.exists()


def test_nominations_close_at_the_registration_deadline_or_the_day_before_the_meeting(
    meeting, egypt_focal_point
) -> None:
    with time_machine.travel(datetime.datetime(2026, 6, 1, 20, 0, tzinfo=datetime.UTC), tick=False):
        _nominate(meeting, "EGY", egypt_focal_point)
    with time_machine.travel(datetime.datetime(2026, 6, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError) as closed:
            _nominate(meeting, "EGY", egypt_focal_point)
        assert closed.value.code == "closed"
        meeting.registration_deadline = None
        meeting.save()
        _nominate(meeting, "EGY", egypt_focal_point)  # without a deadline: until 14 June
    the_first_day = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(the_first_day, tick=False), pytest.raises(ValidationError, match="closed"):
        _nominate(meeting, "EGY", egypt_focal_point)


def test_a_person_is_nominated_once_per_meeting(meeting, egypt_focal_point) -> None:
    fellowship = _nominate(meeting, "EGY", egypt_focal_point)
    with pytest.raises(ValidationError) as twice:
        nominate_fellow(actor=egypt_focal_point, meeting=meeting, person=fellowship.person, country=country("EGY"))
    assert twice.value.error_dict["person"][0].code == "already_nominated"


@pytest.mark.parametrize(
    ("change", "code"), [({"fellowship_budget": 0}, "no_budget"), ({"is_virtual": True}, "virtual")]
)
def test_no_fellowships_without_a_budget_or_travel(meeting, egypt_focal_point, change, code) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(**change)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _nominate(meeting, "EGY", egypt_focal_point)
    assert refused.value.code == code


# --- Priority --------------------------------------------------------------------------------------------------


def test_the_secretariat_sees_ldc_sids_lldc_first_then_other_developing_countries(meeting) -> None:
    for alpha3, gender in [("KEN", "male"), ("EGY", "female"), ("NPL", "female"), ("FJI", "")]:
        _nominate(meeting, alpha3, gender=gender)
    listed = list(selectors.candidates(meeting=meeting))
    # Fiji (SIDS) and Nepal (LDC, LLDC) first; then Kenya (Africa) and Egypt (Arab States), by region.
    assert [(f.country.alpha3, f.priority) for f in listed] == [("FJI", 0), ("NPL", 0), ("KEN", 1), ("EGY", 1)]
    assert [f.person.gender for f in listed] == ["", "female", "male", "female"]


def test_the_decision_page_reads_in_constant_queries(meeting, secretariat, django_assert_max_num_queries) -> None:
    client = signed_in(secretariat)
    url = reverse("meetings:fellowship_decisions", args=[meeting.code])
    _nominate(meeting, "EGY")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for alpha3 in ["NPL", "FJI", "KEN", "RWA", "BRA"]:
        _nominate(meeting, alpha3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Award a fellowship to") == 6


# --- Awarding --------------------------------------------------------------------------------------------------


def test_a_full_fellowship_pays_the_ticket_and_the_allowance_of_every_day(meeting, secretariat) -> None:
    fellowship = _award(secretariat, _nominate(meeting, "NPL"), ticket=Decimal("1450.50"), days=6)
    assert (fellowship.state, fellowship.kind, fellowship.amount) == ("awarded", "full", Decimal("3250.50"))
    assert (fellowship.decided_by, fellowship.decided_at is not None) == (secretariat, True)
    assert fellowship.history.first().history_change_reason == "meetings.fellowship.awarded"
    budget = selectors.fellowship_budget(meeting)
    assert (budget.used, budget.left, budget.awarded, budget.percent_used) == (
        Decimal("3250.50"),
        Decimal("6749.50"),
        1,
        32,
    )


@pytest.mark.parametrize(
    ("kind", "amounts", "field", "code"),
    [
        ("full", {"daily_allowance": Decimal(0), "days": 0}, "kind", "not_full"),
        ("full", {"days": 3}, "kind", "not_full"),
        ("partial", {}, "kind", "not_partial"),
        ("partial", {"days": 8}, "days", "too_many_days"),
        ("partial", {"ticket": Decimal(0), "daily_allowance": Decimal(0), "days": 0}, "ticket", "nothing"),
        ("partial", {"ticket": Decimal("-1")}, "ticket", "negative"),
        ("partial", {"ticket": Decimal(0), "days": 0}, "days", "allowance_days"),
        ("gift", {}, "kind", "kind"),
    ],
)
def test_the_kind_must_match_what_is_paid(meeting, secretariat, kind, amounts, field, code) -> None:
    fellowship = _nominate(meeting, "EGY")
    with pytest.raises(ValidationError) as refused:
        _award(secretariat, fellowship, kind, **amounts)
    assert refused.value.error_dict[field][0].code == code
    fellowship.refresh_from_db()
    assert (fellowship.state, fellowship.amount) == ("nominated", Decimal(0))


def test_a_partial_fellowship_is_the_ticket_only_the_allowance_only_or_fewer_days(meeting, secretariat) -> None:
    ticket_only = _award(secretariat, _nominate(meeting, "EGY"), "partial", daily_allowance=Decimal(0), days=0)
    fewer_days = _award(secretariat, _nominate(meeting, "KEN"), "partial", days=3)
    allowance_only = _award(secretariat, _nominate(meeting, "NPL"), "partial", ticket=Decimal(0))
    assert [ticket_only.amount, fewer_days.amount, allowance_only.amount] == [
        Decimal("1200.00"),
        Decimal("2100.00"),
        Decimal("1500.00"),
    ]


def test_a_country_gets_one_full_fellowship_or_two_partial_ones(meeting, secretariat, egypt_focal_point) -> None:
    first, second, third = (_nominate(meeting, "EGY", egypt_focal_point) for _ in range(3))
    _award(secretariat, first, "partial", days=2)
    with pytest.raises(ValidationError) as no_full:
        _award(secretariat, second, "full")
    assert no_full.value.error_dict["kind"][0].code == "country_quota"
    _award(secretariat, second, "partial", days=2)
    with pytest.raises(ValidationError, match="already has two partial fellowships"):
        _award(secretariat, third, "partial", days=2)
    # Another country is not affected; and after a full fellowship, nothing more for that country.
    kenya, kenya_again = _nominate(meeting, "KEN"), None
    _award(secretariat, kenya, "full")
    kenya_again = nominate_fellow(
        actor=kenya.nominated_by, meeting=meeting, person=_candidate("KEN"), country=country("KEN")
    )
    with pytest.raises(ValidationError, match="Kenya already has a full fellowship"):
        _award(secretariat, kenya_again, "partial", days=1)


def test_the_budget_never_goes_negative(meeting, secretariat) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(fellowship_budget=Decimal("3000.00"))
    meeting.refresh_from_db()
    _award(secretariat, _nominate(meeting, "NPL"))  # 2,700
    too_much = _nominate(meeting, "FJI")
    with pytest.raises(ValidationError) as refused:
        _award(secretariat, too_much, "partial", ticket=Decimal("300.01"), daily_allowance=Decimal(0), days=0)
    assert refused.value.code == "over_budget"
    assert "CHF 300.00" in refused.value.messages[0]
    _award(secretariat, too_much, "partial", ticket=Decimal("300.00"), daily_allowance=Decimal(0), days=0)
    budget = selectors.fellowship_budget(meeting)
    assert (budget.used, budget.left) == (Decimal("3000.00"), Decimal("0.00"))


def test_a_decline_says_why_and_a_nomination_is_decided_once(meeting, secretariat) -> None:
    fellowship = _nominate(meeting, "EGY")
    with pytest.raises(ValidationError) as silent:
        decline_fellowship(actor=secretariat, fellowship=fellowship, note="  ")
    assert silent.value.error_dict["note"][0].code == "note"
    declined = decline_fellowship(actor=secretariat, fellowship=fellowship, note="No contribution to this meeting.")
    assert (declined.state, declined.amount) == (FellowshipState.DECLINED, Decimal(0))
    assert declined.history.first().history_change_reason == "meetings.fellowship.declined"
    with pytest.raises(ValidationError) as again:
        _award(secretariat, fellowship)
    assert again.value.code == "already_decided"


def test_focal_points_cannot_decide(meeting, egypt_focal_point) -> None:
    fellowship = _nominate(meeting, "EGY", egypt_focal_point)
    with pytest.raises(PermissionDenied):
        _award(egypt_focal_point, fellowship)
    with pytest.raises(PermissionDenied):
        decline_fellowship(actor=egypt_focal_point, fellowship=fellowship, note="Mine")


# --- Emails ----------------------------------------------------------------------------------------------------


def test_the_decision_is_emailed_after_commit_to_each_in_their_language(
    meeting, secretariat, egypt_focal_point, django_capture_on_commit_callbacks
) -> None:
    focal_person = ensure_person_for_user(user=egypt_focal_point)
    Person.objects.filter(pk=focal_person.pk).update(language="ar")
    candidate = _candidate("EGY", language="fr", email="amina@example.org")
    fellowship = nominate_fellow(actor=egypt_focal_point, meeting=meeting, person=candidate, country=country("EGY"))
    assert not mail.outbox  # a nomination is not a decision
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _award(secretariat, fellowship, note="Bon voyage")
    assert not mail.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    to_candidate, to_focal_point = sorted(mail.outbox, key=lambda message: message.to != ["amina@example.org"])
    assert to_candidate.to == ["amina@example.org"] and to_focal_point.to == [egypt_focal_point.email]
    assert to_candidate.subject == "Bourse attribuée : T25-SG16-260615"
    assert to_focal_point.subject != to_candidate.subject  # in Arabic
    assert "Réunion de la CE 16 de l'UIT-T" in to_candidate.body and "L'équipe Ponte" in to_candidate.body
    assert "1200" in to_candidate.body.replace("\u202f", "").replace(" ", "") and "Bon voyage" in to_candidate.body
    assert "اجتماع لجنة الدراسات 16" in to_focal_point.body and "فريق Ponte" in to_focal_point.body


def test_a_decline_is_emailed_too(meeting, secretariat, egypt_focal_point, django_capture_on_commit_callbacks) -> None:
    fellowship = _nominate(meeting, "EGY", egypt_focal_point, email="omar@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        decline_fellowship(actor=secretariat, fellowship=fellowship, note="The budget went to LDC candidates.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["omar@example.org", egypt_focal_point.email])
    assert all(m.subject == "Fellowship not awarded: T25-SG16-260615" for m in mail.outbox)
    assert "The budget went to LDC candidates." in mail.outbox[0].body


# --- Pages and who may open them -------------------------------------------------------------------------------

ROLES = ["anonymous", "member", "representative", "japan_focal_point", "egypt_focal_point", "secretariat"]


def _client(request, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("fellowship_nominate", [302, 403, 403, 200, 200, 403]),
        ("fellowship_decisions", [302, 403, 403, 403, 403, 200]),
        ("fellowship_mine", [302, 403, 403, 200, 200, 403]),
    ],
)
def test_who_may_open_each_page(request, meeting, page, expected) -> None:
    url = reverse(f"meetings:{page}", args=[] if page == "fellowship_mine" else [meeting.code])
    got = [_client(request, role).get(url).status_code for role in ROLES]
    assert got == expected


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [302, 403, 403, 403, 403, 302], strict=True)))
def test_only_the_secretariat_may_award_on_the_page(request, meeting, role, status) -> None:
    fellowship = _nominate(meeting, "EGY")
    url = reverse("meetings:fellowship_award", args=[meeting.code, fellowship.pk])
    prefix = f"award-{fellowship.pk}"
    data = {
        f"{prefix}-kind": "full",
        f"{prefix}-ticket": "1200",
        f"{prefix}-daily_allowance": "300",
        f"{prefix}-days": "5",
    }
    response = _client(request, role).post(url, data)
    assert response.status_code == status
    fellowship.refresh_from_db()
    assert fellowship.state == ("awarded" if role == "secretariat" else "nominated")
    if role == "anonymous":
        assert "/account/login/" in response["Location"]


def test_the_focal_point_nominates_on_the_page_and_sees_the_nomination(meeting, egypt_focal_point) -> None:
    client = signed_in(egypt_focal_point)
    colleague = UserFactory(email="hoda@example.eg")
    response = client.post(
        reverse("meetings:fellowship_nominate", args=[meeting.code]),
        {"country": "EG", "person_email": "HODA@example.eg", "motivation": "Rapporteur of Q5/16"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("meetings:fellowship_mine")
    fellowship = Fellowship.objects.get()
    assert (fellowship.person.user, fellowship.country.alpha3) == (colleague, "EGY")
    mine = client.get(reverse("meetings:fellowship_mine")).content.decode()
    assert "T25-SG16-260615" in mine and fellowship.person.full_name in mine


def test_a_person_of_the_country_can_be_chosen_from_the_list(meeting, egypt_focal_point) -> None:
    egyptian, kenyan = _candidate("EGY"), _candidate("KEN")
    client = signed_in(egypt_focal_point)
    form = client.get(reverse("meetings:fellowship_nominate", args=[meeting.code])).context["form"]
    assert list(form.fields["person"].queryset) == [egyptian]
    response = client.post(
        reverse("meetings:fellowship_nominate", args=[meeting.code]), {"country": "EG", "person": egyptian.pk}
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("meetings:fellowship_nominate", args=[meeting.code]), {"country": "EG", "person": kenyan.pk}
    )
    assert refused.status_code == 400 and "Select a valid choice" in refused.context["form"].errors["person"][0]


def test_bad_nominations_answer_400_with_errors_at_the_fields_and_save_nothing(meeting, japan_focal_point) -> None:
    client = signed_in(japan_focal_point)
    url = reverse("meetings:fellowship_nominate", args=[meeting.code])
    nobody = client.post(url, {"country": "JP"})
    assert nobody.status_code == 400
    assert "Give the candidate's email" in nobody.context["form"].errors["person_email"][0]
    assert 'class="error-summary" role="alert"' in nobody.content.decode()
    UserFactory(email="kenji@example.jp")
    ineligible = client.post(url, {"country": "JP", "person_email": "kenji@example.jp"})
    assert ineligible.status_code == 400
    assert "Japan is not a developing country" in ineligible.context["form"].errors["country"][0]
    unknown = client.post(url, {"country": "JP", "person_email": "nobody@example.jp"})
    assert "Nobody with this email has a Ponte account yet." in unknown.context["form"].errors["person_email"]
    other_country = client.post(url, {"country": "EG", "person_email": "kenji@example.jp"})
    assert other_country.status_code == 400 and "country" in other_country.context["form"].errors
    # Refused nominations leave nothing behind, not even the account's person record.
    assert not Fellowship.objects.exists() and not Person.objects.filter(user__email="kenji@example.jp").exists()


def test_bad_awards_answer_400_with_errors_at_the_fields_and_save_nothing(meeting, secretariat) -> None:
    fellowship = _nominate(meeting, "EGY")
    client = signed_in(secretariat)
    url = reverse("meetings:fellowship_award", args=[meeting.code, fellowship.pk])
    p = f"award-{fellowship.pk}"
    garbage = client.post(url, {f"{p}-kind": "gift", f"{p}-ticket": "-5", f"{p}-daily_allowance": "x", f"{p}-days": ""})
    assert garbage.status_code == 400
    assert set(garbage.context["bound"].errors) == {"kind", "ticket", "daily_allowance", "days"}
    html = garbage.content.decode()
    assert f'id="id_{p}-ticket_error"' in html or "Ensure this value is greater than or equal to 0" in html
    too_much = {f"{p}-kind": "full", f"{p}-ticket": "9000", f"{p}-daily_allowance": "300", f"{p}-days": "5"}
    over = client.post(url, too_much)
    assert over.status_code == 400 and "exceeds what is left of the budget" in over.content.decode()
    wrong_kind = client.post(url, {**too_much, f"{p}-kind": "partial", f"{p}-ticket": "100"})
    assert "it is a full fellowship" in wrong_kind.context["bound"].errors["kind"][0]
    silent = client.post(reverse("meetings:fellowship_decline", args=[meeting.code, fellowship.pk]), {})
    assert silent.status_code == 400 and "note" in silent.context["bound"].errors
    fellowship.refresh_from_db()
    assert (fellowship.state, fellowship.amount, fellowship.history.count()) == ("nominated", Decimal(0), 1)
    assert not mail.outbox


def test_the_secretariat_declines_on_the_page(meeting, secretariat) -> None:
    fellowship = _nominate(meeting, "EGY")
    response = signed_in(secretariat).post(
        reverse("meetings:fellowship_decline", args=[meeting.code, fellowship.pk]),
        {f"decline-{fellowship.pk}-note": "Two candidates of the region were preferred."},
    )
    assert response.status_code == 302
    fellowship.refresh_from_db()
    assert (fellowship.state, fellowship.decision_note) == ("declined", "Two candidates of the region were preferred.")


def test_a_fellowship_of_another_meeting_is_not_found(meeting, secretariat) -> None:
    other = Meeting.objects.create(
        code="T25-SG17-260701", group=group("ITU-T", "SG17"), title_en="SG17", starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 7, 3), country=country("CHE"), city="Geneva", fellowship_budget=Decimal(100),
    )  # fmt: skip
    fellowship = _nominate(meeting, "EGY")
    url = reverse("meetings:fellowship_award", args=[other.code, fellowship.pk])
    assert signed_in(secretariat).post(url, {}).status_code == 404


def test_the_budget_cannot_be_lowered_below_what_is_awarded(secretariat) -> None:
    meeting = Meeting.objects.create(
        code="BUDGET-1", group=group("ITU-T", "SG16"), title_en="SG16", starts_on=datetime.date(2030, 6, 1),
        ends_on=datetime.date(2030, 6, 3), country=country("CHE"), city="Geneva",
        fellowship_budget=Decimal("5000.00"),
    )  # fmt: skip
    focal_point = with_role(RoleKind.FOCAL_POINT, country=country("KEN"))
    Fellowship.objects.create(
        meeting=meeting, person=Person.objects.create(given_name="Wanjiru", country=country("KEN")),
        country=country("KEN"), state="awarded", amount=Decimal("3000.00"), nominated_by=focal_point,
    )  # fmt: skip
    meeting.fellowship_budget = Decimal("2000.00")
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert "fellowship_budget" in refused.value.message_dict
    meeting.fellowship_budget = Decimal("3000.00")
    meeting.full_clean()
