"""The secretariat edits Recommendations in the admin, in six languages, with a PDF that must be one; history is
kept and nothing is deleted. Nobody else gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ponte.core.models import RoleKind, User
from ponte.standards.models import Recommendation
from ponte.standards.services import attach_recommendation_file
from tests.conftest import signed_in
from tests.factories import group, with_role
from tests.standards.factories import recommendation
from tests.standards.test_catalogue import PDF

pytestmark = pytest.mark.django_db

PAGES = ["changelist", "add", "change", "history"]


@pytest.fixture
def h702() -> Recommendation:
    return recommendation("ITU-T", "H.702", title="Accessibility profiles for IPTV systems", group_code="SG16")


def page(name: str, h702: Recommendation) -> str:
    args = [h702.pk] if name in ("change", "history") else []
    return reverse(f"admin:standards_recommendation_{name}", args=args)


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "sector": group("ITU-T", "SG16").sector_id,
        "identifier": "F.921",
        "kind": "recommendation",
        "title_en": "Audio-based network navigation system for persons with vision impairment",
        "title_ar": "نظام ملاحة شبكي قائم على الصوت للأشخاص ذوي الإعاقة البصرية",
        "title_fr": "",
        "title_es": "",
        "title_ru": "",
        "title_zh_hans": "",
        "summary_en": "",
        "group": group("ITU-T", "SG16").pk,
        "status": "in_force",
        "approved_on": "2017-08-01",
        "url": "https://www.itu.int/rec/T-REC-F.921",
        "superseded_by": "",
    }
    return data | changes


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, h702: Recommendation, name: str) -> None:
    response = client.get(page(name, h702))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["member", "representative", "japan_focal_point", "expert"])
@pytest.mark.parametrize("name", PAGES)
def test_nobody_but_the_secretariat_opens_the_admin(request, h702: Recommendation, role: str, name: str) -> None:
    if role == "expert":
        user = with_role(RoleKind.EXPERT, group=group("ITU-T", "SG16"))
    else:
        user = request.getfixturevalue(role)
    response = signed_in(user).get(page(name, h702))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_the_secretariat_opens_every_admin_page(secretariat: User, h702: Recommendation, name: str) -> None:
    assert signed_in(secretariat).get(page(name, h702)).status_code == 200


def test_the_secretariat_adds_a_recommendation_with_its_pdf(secretariat: User, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("f921.pdf", PDF, content_type="application/pdf")
    response = signed_in(secretariat).post(reverse("admin:standards_recommendation_add"), form_data(file=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    f921 = Recommendation.objects.get(identifier="F.921")
    assert f921.title_ar.startswith("نظام ملاحة")
    assert f921.file.read() == PDF
    f921.file.close()
    record = f921.history.get()
    assert (record.history_change_reason, record.history_user) == ("standards.recommendation.added", secretariat)


def test_a_file_that_is_not_a_pdf_is_refused_at_the_field(secretariat: User, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("f921.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = signed_in(secretariat).post(reverse("admin:standards_recommendation_add"), form_data(file=upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == ["The file is not a PDF document."]
    assert not Recommendation.objects.filter(identifier="F.921").exists()


def test_the_admin_applies_the_models_rules(secretariat: User) -> None:
    changes = form_data(identifier="F/921", status="superseded", group=group("ITU-R", "SG6").pk)
    response = signed_in(secretariat).post(reverse("admin:standards_recommendation_add"), changes)
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"identifier", "group", "superseded_by"}


def test_the_secretariat_edits_and_history_says_who(secretariat: User, h702: Recommendation) -> None:
    changes = form_data(identifier="H.702", title_en="Accessibility profiles for IPTV", url="")
    response = signed_in(secretariat).post(page("change", h702), changes)
    assert response.status_code == 302
    h702.refresh_from_db()
    assert h702.title_en == "Accessibility profiles for IPTV"
    record = h702.history.first()
    assert (record.history_change_reason, record.history_user) == ("standards.recommendation.changed", secretariat)


def test_nothing_is_deleted(secretariat: User, h702: Recommendation) -> None:
    response = signed_in(secretariat).get(reverse("admin:standards_recommendation_delete", args=[h702.pk]))
    assert response.status_code == 403


def test_only_the_secretariat_attaches_a_pdf(h702: Recommendation, member: User) -> None:
    upload = SimpleUploadedFile("h702.pdf", PDF, content_type="application/pdf")
    with pytest.raises(PermissionDenied):
        attach_recommendation_file(actor=member, recommendation=h702, upload=upload)


@pytest.mark.parametrize(
    ("content", "size", "message"),
    [
        (b"PK\x03\x04 a word document", None, "The file is not a PDF document."),
        (PDF, 21 * 1024 * 1024, "The file is larger than 20 MB."),
    ],
)
def test_a_word_document_or_a_too_large_pdf_is_refused(
    h702: Recommendation, secretariat: User, content: bytes, size: int | None, message: str
) -> None:
    upload = SimpleUploadedFile("h702.pdf", content, content_type="application/pdf")
    if size is not None:
        upload.size = size
    with pytest.raises(ValidationError) as refused:
        attach_recommendation_file(actor=secretariat, recommendation=h702, upload=upload)
    assert refused.value.message_dict == {"file": [message]}
    h702.refresh_from_db()
    assert not h702.file
