"""The secretariat's admin: changes keep history, nothing is deleted, roles go through services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ponte.core.models import Organisation, Role
from tests.conftest import signed_in
from tests.factories import country

pytestmark = pytest.mark.django_db


def test_admin_offers_no_deletion(secretariat, japanese_sme) -> None:
    client = signed_in(secretariat)
    response = client.get(reverse("admin:core_organisation_change", args=[japanese_sme.pk]))
    assert response.status_code == 200
    assert "deletelink" not in response.content.decode()
    assert client.get(reverse("admin:core_organisation_delete", args=[japanese_sme.pk])).status_code == 403
    assert Organisation.objects.filter(pk=japanese_sme.pk).exists()


def test_admin_archive_action_keeps_the_record(secretariat, japanese_sme) -> None:
    client = signed_in(secretariat)
    client.post(
        reverse("admin:core_organisation_changelist"),
        {"action": "archive", "_selected_action": [japanese_sme.pk]},
    )
    japanese_sme.refresh_from_db()
    assert japanese_sme.is_active is False
    assert japanese_sme.history.latest().history_change_reason == "core.organisation.archived"


def test_admin_history_shows_changes(secretariat, japanese_sme) -> None:
    client = signed_in(secretariat)
    response = client.get(reverse("admin:core_organisation_history", args=[japanese_sme.pk]))
    assert response.status_code == 200


def test_granting_a_role_in_the_admin_emails_the_holder(
    secretariat, member, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_role_add"), {"user": member.pk, "kind": "focal_point", "country": "EG"}
        )
    assert response.status_code == 302
    role = Role.objects.get(user=member)
    assert role.country == country("EGY")
    assert len(mail.outbox) == 1
    assert "National focal point" in mail.outbox[0].subject
    assert "Egypt" in mail.outbox[0].body
