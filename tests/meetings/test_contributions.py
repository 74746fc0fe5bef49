"""Contributions: SMEs submit (co-sourced), partners may not; PDF or DOCX by content, at most 20 MB, nothing
half-saved; revisions numbered in turn; files served privately to signed-in users; the list searched and
filtered in a constant number of queries."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.core.models import Organisation, RoleKind, User
from ponte.meetings.models import Contribution, Meeting, Registration
from ponte.meetings.selectors import contributions as selectors
from ponte.meetings.services.contributions import submit_contribution
from tests.conftest import signed_in
from tests.factories import (
    AffiliationFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    country,
    group,
    with_role,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def colleague() -> User:
    """Staff of a Member State administration, with no role of their own: takes part in the work."""
    return _staff_of(OrganisationFactory(name="Ministry of ICT of Egypt", category="administration"))


def _staff_of(organisation: Organisation, **affiliation: Any) -> User:
    user = UserFactory()
    AffiliationFactory(person=PersonFactory(user=user), organisation=organisation, **affiliation)
    return user


@pytest.fixture
def foundation() -> Organisation:
    return OrganisationFactory(name="Open Futures Foundation", category="foundation", country=country("CHE"))


def _submit(actor: User, sources: list[Organisation], content: bytes = PDF, **options: Any) -> Contribution:
    return submit_contribution(
        actor=actor,
        number=options.pop("number", "SG16-C123"),
        title=options.pop("title", "Low-latency video coding for IoT cameras"),
        group=options.pop("group", group("ITU-T", "SG16")),
        sources=sources,
        upload=SimpleUploadedFile(options.pop("name", "proposal.pdf"), content),
        **options,
    )


def _post(client: Client, content: bytes, name: str = "proposal.pdf", **fields: Any) -> Any:
    data = {
        "organisation": fields.pop("organisation"),
        "co_sources": fields.pop("co_sources", ""),
        "number": fields.pop("number", "sg16-c123"),
        "title": "Low-latency video coding for IoT cameras",
        "group": group("ITU-T", "SG16").pk,
        "meeting": fields.pop("meeting", ""),
        "question": fields.pop("question", "q5/16"),
        "file": SimpleUploadedFile(name, content),
        **fields,
    }
    return client.post(reverse("meetings:contribution_submit"), data)


# --- Submitting ------------------------------------------------------------------------------------------


def test_an_sme_submits_with_a_co_source_from_the_form(
    representative, japanese_sme, university, meeting, tmp_path
) -> None:
    response = _post(
        signed_in(representative),
        PDF,
        organisation=japanese_sme.pk,
        co_sources="cairo university\n",
        meeting="t25-sg16-260615",
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert response["Location"] == reverse("meetings:contribution_detail", args=["SG16-C123"])
    assert (contribution.number, contribution.revision, contribution.question) == ("SG16-C123", 0, "Q5/16")
    assert set(contribution.sources.all()) == {japanese_sme, university}
    assert contribution.meeting == meeting
    assert (contribution.content_type, contribution.size) == (PDF_TYPE, len(PDF))
    stored = Path(contribution.file.path)
    assert stored.is_relative_to(tmp_path) and stored.read_bytes() == PDF
    assert "proposal" not in stored.name  # never the uploaded name
    assert contribution.history.latest().history_change_reason == "meetings.contribution.submitted"


def test_unknown_co_source_names_are_refused_with_the_name(representative, japanese_sme, tmp_path) -> None:
    response = _post(signed_in(representative), PDF, organisation=japanese_sme.pk, co_sources="Nowhere Ltd")
    assert response.status_code == 400
    assert "Nowhere Ltd" in str(response.context["form"].errors["co_sources"])
    assert not Contribution.objects.exists() and not _stored_files(tmp_path)


def test_a_partner_is_refused_with_the_reason(foundation, japanese_sme, representative, tmp_path) -> None:
    partner_representative = with_role(RoleKind.REPRESENTATIVE, organisation=foundation)
    with pytest.raises(ValidationError) as refused:
        _submit(partner_representative, [foundation])
    assert refused.value.code == "no_right_submit_contributions"
    assert "Open Futures Foundation" in refused.value.messages[0]
    assert "Submit contributions" in refused.value.messages[0]
    # Nor may an SME bring a partner in as co-source.
    response = _post(signed_in(representative), PDF, organisation=japanese_sme.pk, co_sources=foundation.name)
    assert response.status_code == 400
    assert "may not: Submit contributions" in str(response.context["form"].non_field_errors())
    assert not Contribution.objects.exists() and not _stored_files(tmp_path)


def test_archived_organisation_cannot_be_a_source(representative, japanese_sme, university) -> None:
    university.is_active = False
    university.save()
    with pytest.raises(ValidationError):
        _submit(representative, [japanese_sme, university])


def test_nobody_submits_for_an_organisation_they_do_not_represent(member, japanese_sme, university) -> None:
    with pytest.raises(PermissionDenied):
        _submit(with_role(RoleKind.REPRESENTATIVE, organisation=university), [japanese_sme])
    assert signed_in(member).get(reverse("meetings:contribution_submit")).status_code == 403


def test_a_renamed_fake_pdf_is_refused_at_the_field_and_nothing_is_stored(
    representative, japanese_sme, tmp_path
) -> None:
    response = _post(signed_in(representative), b"MZ\x90\x00 %PDF- not really", organisation=japanese_sme.pk)
    assert response.status_code == 400
    assert "neither a PDF nor a Word" in str(response.context["form"].errors["file"])
    assert not Contribution.objects.exists() and not _stored_files(tmp_path)


def test_more_than_20_mb_is_refused_at_the_field_and_nothing_is_stored(representative, japanese_sme, tmp_path) -> None:
    big = PDF + b"0" * (20 * 1024 * 1024)
    response = _post(signed_in(representative), big, name="big.pdf", organisation=japanese_sme.pk)
    assert response.status_code == 400
    assert "20 MB" in str(response.context["form"].errors["file"])
    assert not Contribution.objects.exists() and not _stored_files(tmp_path)


def test_a_docx_is_accepted_by_its_content_whatever_its_name(representative, japanese_sme) -> None:
    contribution = _submit(representative, [japanese_sme], _docx(), name="proposal.bin")
    assert contribution.content_type == DOCX_TYPE
    assert contribution.file.name.endswith(".docx")


def test_a_zip_without_a_word_document_or_with_macros_is_refused(representative, japanese_sme, tmp_path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as plain_zip:
        _submit(representative, [japanese_sme], buffer.getvalue(), name="x.docx")
    assert plain_zip.value.error_dict["file"][0].code == "file_type"
    with pytest.raises(ValidationError) as macros:
        _submit(representative, [japanese_sme], _docx(macros=True), name="x.docx")
    assert macros.value.error_dict["file"][0].code == "macros"
    assert not _stored_files(tmp_path)


def test_the_number_follows_the_groups_code(representative, japanese_sme) -> None:
    for number, code in (("C123", "number_format"), ("SG16-C0123", "number_format"), ("SG17-C1", "number_group")):
        with pytest.raises(ValidationError) as refused:
            _submit(representative, [japanese_sme], number=number)
        assert refused.value.error_dict["number"][0].code == code


def test_the_meeting_and_question_must_be_of_the_group(representative, japanese_sme, meeting) -> None:
    with pytest.raises(ValidationError) as wrong_meeting:
        _submit(representative, [japanese_sme], number="SG17-C1", group=group("ITU-T", "SG17"), meeting=meeting)
    assert "meeting" in wrong_meeting.value.error_dict
    with pytest.raises(ValidationError) as wrong_question:
        _submit(representative, [japanese_sme], question="Q5/17")
    assert "question" in wrong_question.value.error_dict


# --- Revisions -------------------------------------------------------------------------------------------


def test_revisions_are_numbered_in_turn_by_the_sources_only(
    representative, japanese_sme, university, secretariat
) -> None:
    first = _submit(representative, [japanese_sme, university])
    university_representative = with_role(RoleKind.REPRESENTATIVE, organisation=university)
    second = _submit(university_representative, [university], number="sg16-c123")
    third = _submit(secretariat, [japanese_sme], revision=2)
    assert [first.revision, second.revision, third.revision] == [0, 1, 2]
    assert str(third) == "SG16-C123 Rev.2"
    assert third.history.latest().history_change_reason == "meetings.contribution.revised"

    stranger = OrganisationFactory(name="Other SME")
    with pytest.raises(PermissionDenied):
        _submit(with_role(RoleKind.REPRESENTATIVE, organisation=stranger), [stranger])
    with pytest.raises(ValidationError) as stale:
        _submit(representative, [japanese_sme], revision=1)  # two people revising from the same page
    assert stale.value.error_dict["revision"][0].code == "revision"
    assert Contribution.objects.count() == 3


def test_the_revision_form_is_filled_in_from_the_latest_revision(representative, japanese_sme, tmp_path) -> None:
    _submit(representative, [japanese_sme], question="Q5/16")
    client = signed_in(representative)
    form = client.get(reverse("meetings:contribution_submit") + "?number=SG16-C123").context["form"]
    assert (form.initial["number"], form.initial["question"], form.initial["revision"]) == ("SG16-C123", "Q5/16", 1)
    response = _post(client, _docx(), name="rev.docx", organisation=japanese_sme.pk, revision=1)
    assert response.status_code == 302
    page = client.get(reverse("meetings:contribution_detail", args=["SG16-C123"]))
    assert [c.revision for c in page.context["revisions"]] == [1, 0]
    assert page.context["may_revise"]


def test_a_stranger_revising_is_told_why_on_the_form(representative, japanese_sme, tmp_path) -> None:
    _submit(representative, [japanese_sme])
    stranger = OrganisationFactory(name="Other SME")
    response = _post(
        signed_in(with_role(RoleKind.REPRESENTATIVE, organisation=stranger)), PDF, organisation=stranger.pk
    )
    assert response.status_code == 400
    assert "may revise SG16-C123" in str(response.context["form"].errors["number"])
    assert len(_stored_files(tmp_path)) == 1


# --- Download --------------------------------------------------------------------------------------------


def test_files_are_served_privately_to_the_people_taking_part_only(
    representative, japanese_sme, colleague, member, secretariat, client: Client
) -> None:
    contribution = _submit(representative, [japanese_sme])
    url = reverse("meetings:contribution_download", args=["SG16-C123", 0])
    for user in (representative, colleague, secretariat):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == PDF_TYPE
        assert response["Cache-Control"] == "private, no-store"
        assert 'attachment; filename="SG16-C123.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    assert client.get("/media/" + contribution.file.name).status_code == 404
    assert signed_in(colleague).get(reverse("meetings:contribution_download", args=["SG16-C123", 1])).status_code == 404
    refused = signed_in(member).get(url)
    assert refused.status_code == 403
    assert "Contributions are for the people taking part" in refused.content.decode()
    assert not hasattr(refused, "streaming_content")


def test_pages_need_signing_in(client: Client, representative, japanese_sme) -> None:
    _submit(representative, [japanese_sme])
    for url in (
        reverse("meetings:contribution_list"),
        reverse("meetings:contribution_detail", args=["SG16-C123"]),
        reverse("meetings:contribution_submit"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- List ------------------------------------------------------------------------------------------------


@pytest.fixture
def library(representative, japanese_sme, university, secretariat, meeting) -> None:
    _submit(representative, [japanese_sme, university], question="Q5/16", meeting=meeting)
    _submit(representative, [japanese_sme], number="SG16-C123", title="Low-latency video coding, revised")
    _submit(secretariat, [university], number="SG17-C9", group=group("ITU-T", "SG17"), title="Zero-trust IoT")
    _submit(secretariat, [university], number="SG1-C4", group=group("ITU-D", "SG1"), title="Rural broadband")


def _numbers(**filters: Any) -> list[str]:
    return sorted(f"{c.number}/{c.revision}" for c in selectors.contributions(**filters))


def test_the_list_shows_latest_revisions_searched_and_filtered(library, university, japanese_sme) -> None:
    assert _numbers() == ["SG1-C4/0", "SG16-C123/1", "SG17-C9/0"]
    assert _numbers(query="revised") == ["SG16-C123/1"]
    assert _numbers(query="sg17") == ["SG17-C9/0"]
    assert _numbers(query="cairo") == ["SG1-C4/0", "SG17-C9/0"]  # the latest SG16-C123 is the SME's alone
    assert _numbers(sector="ITU-D") == ["SG1-C4/0"]
    assert _numbers(group="sg17") == ["SG17-C9/0"]
    assert _numbers(source=japanese_sme.pk) == ["SG16-C123/1"]
    assert _numbers(question="Q5/16") == []  # the revision dropped the question
    assert _numbers(meeting="T25-SG16-260615") == []


def test_the_list_page_filters_from_the_query_string(library, colleague, university) -> None:
    client = signed_in(colleague)
    response = client.get(reverse("meetings:contribution_list"), {"q": "broadband", "source": university.pk})
    assert response.status_code == 200
    assert [c.number for c in response.context["page"].object_list] == ["SG1-C4"]
    assert "Cairo University" in response.content.decode()


def test_the_list_costs_the_same_number_of_queries_however_long(
    representative, japanese_sme, university, colleague, django_assert_max_num_queries
) -> None:
    client = signed_in(colleague)
    url = reverse("meetings:contribution_list")
    _submit(representative, [japanese_sme, university], number="SG16-C1")
    client.get(url)  # warm up the session and the caches
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for serial in range(2, 12):
        _submit(representative, [japanese_sme, university], number=f"SG16-C{serial}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 11


# --- Who reads them ----------------------------------------------------------------------------------------------


def _delegate(meeting: Meeting, state: str) -> User:
    user = UserFactory()
    Registration.objects.create(
        meeting=meeting, person=PersonFactory(user=user), delegation=country("KEN"), state=state, registered_by=user
    )
    return user


READERS: dict[str, tuple[Callable[..., User], bool]] = {
    "staff of an administration": (lambda **_: _staff_of(OrganisationFactory(category="administration")), True),
    "staff of an SME in a group": (
        lambda sme, **_: _staff_of(sme),
        True,
    ),
    "staff of an SME in no group": (lambda **_: _staff_of(OrganisationFactory(category="sme")), False),
    "former staff of an administration": (
        lambda **_: _staff_of(
            OrganisationFactory(category="administration"), ended_on=timezone.localdate() - datetime.timedelta(days=1)
        ),
        False,
    ),
    "staff of an unlisted administration": (
        lambda **_: _staff_of(OrganisationFactory(category="administration", listed=False)),
        False,
    ),
    "staff of an archived administration": (
        lambda **_: _staff_of(OrganisationFactory(category="administration", is_active=False)),
        False,
    ),
    "delegate registered for a meeting": (lambda meeting, **_: _delegate(meeting, "confirmed"), True),
    "delegate whose registration is cancelled": (lambda meeting, **_: _delegate(meeting, "cancelled"), False),
    "national focal point": (lambda **_: with_role(RoleKind.FOCAL_POINT, country=country("KEN")), True),
    "expert": (lambda **_: with_role(RoleKind.EXPERT, group=group("ITU-T", "SG20")), True),
    "account without a role": (lambda **_: UserFactory(), False),
}


@pytest.mark.parametrize("reader", READERS)
def test_contributions_are_read_by_the_people_taking_part_only(
    reader: str, representative, japanese_sme, meeting
) -> None:
    """As ITU's TIES: sign-up is open, so an account alone does not open the working documents."""
    _submit(representative, [japanese_sme], title="Low-latency video coding")
    japanese_sme.groups.add(group("ITU-T", "SG16"))
    make, allowed = READERS[reader]
    browser = signed_in(make(sme=japanese_sme, meeting=meeting))
    pages = [
        reverse("meetings:contribution_list"),
        reverse("meetings:contribution_detail", args=["SG16-C123"]),
        reverse("meetings:contribution_download", args=["SG16-C123", 0]),
    ]
    for url in pages:
        response = browser.get(url)
        if response.streaming:  # a download: read to the end, which closes its file
            b"".join(response.streaming_content)
        assert response.status_code == (200 if allowed else 403), url
        if not allowed:
            page = response.content.decode()
            assert "Low-latency video coding" not in page
            assert "How to take part" in page
    meeting_page = browser.get(meeting.get_absolute_url()).content.decode()
    assert ("Contributions to this meeting" in meeting_page) is allowed
